"""Storage: the SQLite database through SQLAlchemy, its Alembic migrations, import and export."""
