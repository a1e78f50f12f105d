"""Circulation core: patron sessions, borrow/return/renew use cases, policies (Qt-free)."""
