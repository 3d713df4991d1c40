"""Persistence (SQLAlchemy 2). No Qt here."""
