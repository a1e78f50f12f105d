"""Ports to the library side: the regional borrowing service client (Qt-free)."""
