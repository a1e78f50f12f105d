"""Serial device drivers, byte protocols and simulated devices (Qt-free)."""
