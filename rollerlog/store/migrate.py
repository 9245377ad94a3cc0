"""Running the Alembic migrations shipped inside the package (imported only to migrate)."""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine


def alembic_config() -> Config:
    """An Alembic configuration pointing at the package's migrations folder."""
    location = resources.files("rollerlog.store") / "migrations"
    config = Config()
    config.set_main_option("script_location", str(location))
    return config


def revision_ids() -> list[str]:
    """Every migration revision shipped, oldest first."""
    script = ScriptDirectory.from_config(alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def head_revision() -> str:
    """The newest migration revision shipped."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def upgrade_to_head(engine: Engine) -> None:
    """Bring the schema of the database behind ``engine`` to the newest revision."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
