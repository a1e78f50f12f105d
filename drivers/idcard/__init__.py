"""Resident ID card reader: SAM frame protocol."""
