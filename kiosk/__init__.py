"""Self-service library kiosk: patron UI, circulation core, journal and sync."""

__version__ = "0.1.0"
