"""Independent SIP2 library systems on loopback for the SIP2 backend's tests (no kiosk code)."""
