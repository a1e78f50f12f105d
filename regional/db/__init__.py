"""Database layer of the regional service: tables, engines and sessions."""
