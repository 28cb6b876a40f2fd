"""Benchmarks of LearnHub's hot paths (`make bench`); figures to read, never pass/fail tests."""
