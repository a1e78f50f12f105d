"""Command-line subcommands of ``kiosk``."""
