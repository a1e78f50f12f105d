"""The staff web console: fleet, statistics and the exceptions desk, server-rendered."""
