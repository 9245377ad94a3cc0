"""Allow the spot kinds `sunburn` and `flare` and the condition `isotretinoin`.

The lesion kinds and the profile conditions are CHECK constraints; SQLite cannot alter a
constraint, so each table is recreated with the widened list and its rows copied across. Narrowing it back refuses to run while a row uses a new value.

Revision ID: 0003_sunburn_flare_isotretinoin
Revises: 0002
"""

from collections.abc import Callable

import sqlalchemy as sa
from alembic import op

revision = "0003_sunburn_flare_isotretinoin"
down_revision = "0002"
branch_labels = None
depends_on = None

_OLD_KINDS = (
    "'mole', 'skin-tag', 'lupus-patch', 'keloid', 'active-breakout', 'cold-sore', 'open-wound', "
    "'other'"
)
_NEW_KINDS = (
    "'mole', 'skin-tag', 'lupus-patch', 'keloid', 'active-breakout', 'cold-sore', 'open-wound', "
    "'sunburn', 'flare', 'other'"
)
_OLD_CONDITIONS = (
    "'pregnant', 'anticoagulants', 'immunosuppressed', 'diabetes', 'allergies', 'lupus', "
    "'keloid-prone'"
)
_NEW_CONDITIONS = _OLD_CONDITIONS + ", 'isotretinoin'"


_AREAS = (
    "'forehead', 'nose', 'left-cheek', 'right-cheek', 'upper-lip', 'chin', 'jawline', 'neck', "
    "'decolletage', 'scalp', 'back', 'abdomen', 'left-arm', 'right-arm', 'left-hand', "
    "'right-hand', 'left-thigh', 'right-thigh', 'left-leg', 'right-leg', 'left-foot', "
    "'right-foot'"
)


def _lesion_table(name: str, kinds: str) -> sa.Table:
    """The lesion table with the given kinds, written out in full (never reflected)."""
    return sa.Table(
        name,
        sa.MetaData(),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("area", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("noted_on", sa.Date(), nullable=False),
        sa.Column("resolved_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.CheckConstraint(f"area IN ({_AREAS})", name="ck_lesion_area_known"),
        sa.CheckConstraint(f"kind IN ({kinds})", name="ck_lesion_kind_known"),
        sa.CheckConstraint(
            "resolved_on IS NULL OR resolved_on >= noted_on",
            name="ck_lesion_resolved_after_noted",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_lesion"),
    )


def _condition_table(name: str, conditions: str) -> sa.Table:
    """The profile_condition table with the given conditions, written out in full."""
    return sa.Table(
        name,
        sa.MetaData(),
        sa.Column("condition", sa.String(), nullable=False),
        sa.CheckConstraint(
            f"condition IN ({conditions})", name="ck_profile_condition_condition_known"
        ),
        sa.PrimaryKeyConstraint("condition", name="pk_profile_condition"),
    )


def _recreate(table: str, make: Callable[[str, str], sa.Table], values: str) -> None:
    """Copy ``table`` into a new one made by ``make`` with ``values``, then swap them.

    SQLite's own recipe for changing a constraint; written out rather than reflected, so
    the stored definition is the same text on every machine. Nothing references these
    tables, so dropping the old one touches no foreign key.
    """
    new = make(f"_new_{table}", values)
    connection = op.get_bind()
    new.create(connection)
    columns = ", ".join(column.name for column in new.columns)
    op.execute(f"INSERT INTO _new_{table} ({columns}) SELECT {columns} FROM {table}")
    op.drop_table(table)
    op.rename_table(f"_new_{table}", table)


def _set_checks(kinds: str, conditions: str) -> None:
    op.drop_index("ix_lesion_area", table_name="lesion")
    _recreate("lesion", _lesion_table, kinds)
    op.create_index("ix_lesion_area", "lesion", ["area"], unique=False)
    _recreate("profile_condition", _condition_table, conditions)


def upgrade() -> None:
    _set_checks(_NEW_KINDS, _NEW_CONDITIONS)


def downgrade() -> None:
    connection = op.get_bind()
    used = connection.execute(
        sa.text(
            "SELECT (SELECT count(*) FROM lesion WHERE kind IN ('sunburn', 'flare'))"
            " + (SELECT count(*) FROM profile_condition WHERE condition = 'isotretinoin')"
        )
    ).scalar_one()
    if used:
        raise RuntimeError(
            "cannot go back to schema 0002: spots of kind sunburn or flare, or the condition "
            "isotretinoin, are recorded"
        )
    _set_checks(_OLD_KINDS, _OLD_CONDITIONS)
