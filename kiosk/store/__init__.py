"""Local transaction journal on SQLite (Qt-free)."""
