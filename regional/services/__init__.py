"""Lending rules of the regional service, independent of HTTP and of the database engine."""
