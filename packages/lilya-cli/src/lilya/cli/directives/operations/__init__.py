"""One module per built-in directive."""
