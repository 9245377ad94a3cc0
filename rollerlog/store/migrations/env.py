"""Alembic's environment: runs migrations on the connection rollerlog hands it."""

from alembic import context

from rollerlog.store.tables import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("rollerlog migrations run only through rollerlog.store.migrate")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
