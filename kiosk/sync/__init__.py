"""Outbox replay of journalled acts to the regional service (Qt-free)."""
