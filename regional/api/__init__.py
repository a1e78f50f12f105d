"""HTTP layer of API v1: one router per resource, all under /v1."""
