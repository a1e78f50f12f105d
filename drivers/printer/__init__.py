"""ESC/POS thermal receipt printer: commands, status, parser, driver."""
