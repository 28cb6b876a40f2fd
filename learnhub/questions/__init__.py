"""Question banks: the question model, the file formats offices bring (GIFT, Aiken, Excel) and
the banks they are stored in."""
