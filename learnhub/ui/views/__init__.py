"""One module per page: a `*_page()` function that checks the role, loads the data and draws it."""
