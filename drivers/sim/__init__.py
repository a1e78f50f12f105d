"""Simulated devices that speak the real bytes: in-process URL scheme and pseudo-terminals."""
