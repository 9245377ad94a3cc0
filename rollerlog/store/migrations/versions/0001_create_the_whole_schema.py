"""Create the whole schema.

Revision ID: 0001
Revises:
Create Date: 2026-11-27 10:17:04.146227
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lesion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("area", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("noted_on", sa.Date(), nullable=False),
        sa.Column("resolved_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "area IN ('forehead', 'nose', 'left-cheek', 'right-cheek', 'upper-lip', 'chin', 'jawline', 'neck', 'decolletage', 'scalp', 'back', 'abdomen', 'left-arm', 'right-arm', 'left-hand', 'right-hand', 'left-thigh', 'right-thigh', 'left-leg', 'right-leg', 'left-foot', 'right-foot')",
            name=op.f("ck_lesion_area_known"),
        ),
        sa.CheckConstraint(
            "kind IN ('mole', 'skin-tag', 'lupus-patch', 'keloid', 'active-breakout', 'cold-sore', 'open-wound', 'other')",
            name=op.f("ck_lesion_kind_known"),
        ),
        sa.CheckConstraint(
            "resolved_on IS NULL OR resolved_on >= noted_on",
            name=op.f("ck_lesion_resolved_after_noted"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lesion")),
    )
    with op.batch_alter_table("lesion", schema=None) as batch_op:
        batch_op.create_index("ix_lesion_area", ["area"], unique=False)

    op.create_table(
        "procedure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("product", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('neuromodulator', 'filler', 'other')", name=op.f("ck_procedure_kind_known")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_procedure")),
    )
    with op.batch_alter_table("procedure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_procedure_at"), ["at"], unique=False)

    op.create_table(
        "profile_condition",
        sa.Column("condition", sa.String(), nullable=False),
        sa.CheckConstraint(
            "condition IN ('pregnant', 'anticoagulants', 'immunosuppressed', 'diabetes', 'allergies', 'lupus', 'keloid-prone')",
            name=op.f("ck_profile_condition_condition_known"),
        ),
        sa.PrimaryKeyConstraint("condition", name=op.f("pk_profile_condition")),
    )
    op.create_table(
        "roller",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("needle_mm", sa.Double(), nullable=False),
        sa.Column("needle_count", sa.Integer(), nullable=True),
        sa.Column("material", sa.Text(), nullable=False),
        sa.Column("acquired_on", sa.Date(), nullable=False),
        sa.Column("source", sa.String(), nullable=True),
        sa.Column("prior_uses", sa.Integer(), nullable=False),
        sa.Column("discarded_on", sa.Date(), nullable=True),
        sa.Column("discard_reason", sa.String(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "discard_reason IS NULL OR discard_reason IN ('dropped', 'damaged', 'other')",
            name=op.f("ck_roller_discard_reason_known"),
        ),
        sa.CheckConstraint(
            "source IS NULL OR source IN ('dermatologist', 'retailer', 'other')",
            name=op.f("ck_roller_source_known"),
        ),
        sa.CheckConstraint(
            "(discarded_on IS NULL) = (discard_reason IS NULL)",
            name=op.f("ck_roller_discard_both_or_neither"),
        ),
        sa.CheckConstraint(
            "discarded_on IS NULL OR discarded_on >= acquired_on",
            name=op.f("ck_roller_discard_after_acquired"),
        ),
        sa.CheckConstraint(
            "needle_count IS NULL OR needle_count > 0", name=op.f("ck_roller_needle_count_positive")
        ),
        sa.CheckConstraint(
            "needle_mm >= 0.1 AND needle_mm <= 3.0", name=op.f("ck_roller_needle_mm_range")
        ),
        sa.CheckConstraint("prior_uses >= 0", name=op.f("ck_roller_prior_uses_not_negative")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roller")),
        sa.UniqueConstraint("name", name=op.f("uq_roller_name")),
    )
    op.create_table(
        "setting",
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("value_json", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_setting")),
    )
    op.create_table(
        "procedure_area",
        sa.Column("procedure_id", sa.Integer(), nullable=False),
        sa.Column("area", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "area IN ('forehead', 'nose', 'left-cheek', 'right-cheek', 'upper-lip', 'chin', 'jawline', 'neck', 'decolletage', 'scalp', 'back', 'abdomen', 'left-arm', 'right-arm', 'left-hand', 'right-hand', 'left-thigh', 'right-thigh', 'left-leg', 'right-leg', 'left-foot', 'right-foot')",
            name=op.f("ck_procedure_area_area_known"),
        ),
        sa.ForeignKeyConstraint(
            ["procedure_id"],
            ["procedure.id"],
            name=op.f("fk_procedure_area_procedure_id_procedure"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("procedure_id", "area", name=op.f("pk_procedure_area")),
    )
    op.create_table(
        "session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("roller_id", sa.Integer(), nullable=False),
        sa.Column("test_patch", sa.Boolean(), nullable=False),
        sa.Column("topical", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["roller_id"],
            ["roller.id"],
            name=op.f("fk_session_roller_id_roller"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session")),
    )
    with op.batch_alter_table("session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_session_at"), ["at"], unique=False)
        batch_op.create_index("ix_session_roller_at", ["roller_id", "at"], unique=False)

    op.create_table(
        "sterilization",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("roller_id", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(), nullable=True),
        sa.Column("minutes", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "method IS NULL OR method IN ('isopropyl-70', 'isopropyl-other', 'other')",
            name=op.f("ck_sterilization_method_known"),
        ),
        sa.CheckConstraint(
            "minutes IS NULL OR minutes >= 0", name=op.f("ck_sterilization_minutes_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["roller_id"],
            ["roller.id"],
            name=op.f("fk_sterilization_roller_id_roller"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sterilization")),
    )
    with op.batch_alter_table("sterilization", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sterilization_at"), ["at"], unique=False)
        batch_op.create_index("ix_sterilization_roller_at", ["roller_id", "at"], unique=False)

    op.create_table(
        "acknowledgement",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "length(trim(reason)) > 0", name=op.f("ck_acknowledgement_reason_given")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["session.id"],
            name=op.f("fk_acknowledgement_session_id_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", "code", name=op.f("pk_acknowledgement")),
    )
    op.create_table(
        "session_area",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("area", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "area IN ('forehead', 'nose', 'left-cheek', 'right-cheek', 'upper-lip', 'chin', 'jawline', 'neck', 'decolletage', 'scalp', 'back', 'abdomen', 'left-arm', 'right-arm', 'left-hand', 'right-hand', 'left-thigh', 'right-thigh', 'left-leg', 'right-leg', 'left-foot', 'right-foot')",
            name=op.f("ck_session_area_area_known"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["session.id"],
            name=op.f("fk_session_area_session_id_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", "area", name=op.f("pk_session_area")),
    )
    with op.batch_alter_table("session_area", schema=None) as batch_op:
        batch_op.create_index("ix_session_area_area_session", ["area", "session_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("session_area", schema=None) as batch_op:
        batch_op.drop_index("ix_session_area_area_session")

    op.drop_table("session_area")
    op.drop_table("acknowledgement")
    with op.batch_alter_table("sterilization", schema=None) as batch_op:
        batch_op.drop_index("ix_sterilization_roller_at")
        batch_op.drop_index(batch_op.f("ix_sterilization_at"))

    op.drop_table("sterilization")
    with op.batch_alter_table("session", schema=None) as batch_op:
        batch_op.drop_index("ix_session_roller_at")
        batch_op.drop_index(batch_op.f("ix_session_at"))

    op.drop_table("session")
    op.drop_table("procedure_area")
    op.drop_table("setting")
    op.drop_table("roller")
    op.drop_table("profile_condition")
    with op.batch_alter_table("procedure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_procedure_at"))

    op.drop_table("procedure")
    with op.batch_alter_table("lesion", schema=None) as batch_op:
        batch_op.drop_index("ix_lesion_area")

    op.drop_table("lesion")
