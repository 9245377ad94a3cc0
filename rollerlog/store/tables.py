"""The database schema as SQLAlchemy 2 typed ORM classes (every class ends in ``Row``).

A roller's use count is never stored: it is its ``prior_uses`` plus its logged sessions.
Vocabularies are enforced with CHECK constraints so a bad value cannot reach the file.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from rollerlog.domain.areas import AREA_SLUGS
from rollerlog.domain.vocabulary import (
    CONDITIONS,
    DISCARD_REASONS,
    LESION_KINDS,
    PROCEDURE_KINDS,
    ROLLER_SOURCES,
    STERILIZATION_METHODS,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _one_of(column: str, values: Iterable[str]) -> str:
    quoted = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({quoted})"


class Base(DeclarativeBase):
    """The declarative base of every table."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class RollerRow(Base):
    """A dermaroller."""

    __tablename__ = "roller"
    __table_args__ = (
        CheckConstraint("needle_mm >= 0.1 AND needle_mm <= 3.0", name="needle_mm_range"),
        CheckConstraint("needle_count IS NULL OR needle_count > 0", name="needle_count_positive"),
        CheckConstraint("prior_uses >= 0", name="prior_uses_not_negative"),
        CheckConstraint(
            "source IS NULL OR " + _one_of("source", ROLLER_SOURCES), name="source_known"
        ),
        CheckConstraint(
            "discard_reason IS NULL OR " + _one_of("discard_reason", DISCARD_REASONS),
            name="discard_reason_known",
        ),
        CheckConstraint(
            "(discarded_on IS NULL) = (discard_reason IS NULL)", name="discard_both_or_neither"
        ),
        CheckConstraint(
            "discarded_on IS NULL OR discarded_on >= acquired_on", name="discard_after_acquired"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String, unique=True)
    needle_mm: Mapped[float]
    needle_count: Mapped[int | None]
    material: Mapped[str] = mapped_column(Text, default="")
    acquired_on: Mapped[date] = mapped_column(Date)
    source: Mapped[str | None] = mapped_column(String)
    prior_uses: Mapped[int] = mapped_column(Integer, default=0)
    discarded_on: Mapped[date | None] = mapped_column(Date)
    discard_reason: Mapped[str | None] = mapped_column(String)
    notes: Mapped[str] = mapped_column(Text, default="")


class SessionRow(Base):
    """One needling session."""

    __tablename__ = "session"
    __table_args__ = (
        Index("ix_session_roller_at", "roller_id", "at"),
        Index("ix_session_test_patch_at", "test_patch", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    roller_id: Mapped[int] = mapped_column(ForeignKey("roller.id", ondelete="RESTRICT"))
    test_patch: Mapped[bool] = mapped_column(default=False)
    topical: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    areas: Mapped[list[SessionAreaRow]] = relationship(
        cascade="all, delete-orphan", order_by="SessionAreaRow.position"
    )
    acknowledgements: Mapped[list[AcknowledgementRow]] = relationship(
        cascade="all, delete-orphan", order_by="AcknowledgementRow.position"
    )


class SessionAreaRow(Base):
    """An area treated in a session."""

    __tablename__ = "session_area"
    __table_args__ = (
        CheckConstraint(_one_of("area", AREA_SLUGS), name="area_known"),
        Index("ix_session_area_area_session", "area", "session_id"),
    )

    session_id: Mapped[int] = mapped_column(
        ForeignKey("session.id", ondelete="CASCADE"), primary_key=True
    )
    area: Mapped[str] = mapped_column(String, primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class AcknowledgementRow(Base):
    """A stop finding the user went ahead with, and the reason they gave."""

    __tablename__ = "acknowledgement"
    __table_args__ = (CheckConstraint("length(trim(reason)) > 0", name="reason_given"),)

    session_id: Mapped[int] = mapped_column(
        ForeignKey("session.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(String, primary_key=True)
    reason: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)


class SterilizationRow(Base):
    """A roller cleaned before or after use."""

    __tablename__ = "sterilization"
    __table_args__ = (
        Index("ix_sterilization_roller_at", "roller_id", "at"),
        CheckConstraint(
            "method IS NULL OR " + _one_of("method", STERILIZATION_METHODS), name="method_known"
        ),
        CheckConstraint("minutes IS NULL OR minutes >= 0", name="minutes_not_negative"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    roller_id: Mapped[int] = mapped_column(ForeignKey("roller.id", ondelete="RESTRICT"))
    method: Mapped[str | None] = mapped_column(String)
    minutes: Mapped[int | None]


class LesionRow(Base):
    """A spot to needle around or avoid."""

    __tablename__ = "lesion"
    __table_args__ = (
        CheckConstraint(_one_of("area", AREA_SLUGS), name="area_known"),
        CheckConstraint(_one_of("kind", LESION_KINDS), name="kind_known"),
        CheckConstraint(
            "resolved_on IS NULL OR resolved_on >= noted_on", name="resolved_after_noted"
        ),
        Index("ix_lesion_area", "area"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    area: Mapped[str] = mapped_column(String)
    kind: Mapped[str] = mapped_column(String)
    noted_on: Mapped[date] = mapped_column(Date)
    resolved_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")


class ProcedureRow(Base):
    """A cosmetic procedure such as Botox or a filler."""

    __tablename__ = "procedure"
    __table_args__ = (CheckConstraint(_one_of("kind", PROCEDURE_KINDS), name="kind_known"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String)
    product: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(DateTime, index=True)

    areas: Mapped[list[ProcedureAreaRow]] = relationship(
        cascade="all, delete-orphan", order_by="ProcedureAreaRow.position"
    )


class ProcedureAreaRow(Base):
    """An area a procedure was done on."""

    __tablename__ = "procedure_area"
    __table_args__ = (CheckConstraint(_one_of("area", AREA_SLUGS), name="area_known"),)

    procedure_id: Mapped[int] = mapped_column(
        ForeignKey("procedure.id", ondelete="CASCADE"), primary_key=True
    )
    area: Mapped[str] = mapped_column(String, primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class ConditionRow(Base):
    """A health condition of the person's profile."""

    __tablename__ = "profile_condition"
    __table_args__ = (CheckConstraint(_one_of("condition", CONDITIONS), name="condition_known"),)

    condition: Mapped[str] = mapped_column(String, primary_key=True)


class SettingRow(Base):
    """One rule setting, its value as JSON text; absent keys take the contract's default."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String, primary_key=True)
    value_json: Mapped[str] = mapped_column(Text)


class SentReminderRow(Base):
    """A reminder already delivered on a channel (bookkeeping: not part of the interchange).

    ``key`` is the reminder's once-only identity; ``channel`` is how it reached the person:
    ``notification`` or ``print`` (by ``rollerlog remind``) or ``app`` (the app's notice bar).
    """

    __tablename__ = "sent_reminder"
    __table_args__ = (
        CheckConstraint("channel IN ('notification', 'print', 'app')", name="channel_known"),
        UniqueConstraint("key", "channel", name="uq_sent_reminder_key_channel"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String)
    channel: Mapped[str] = mapped_column(String)
    due: Mapped[date] = mapped_column(Date)
    sent_at: Mapped[datetime] = mapped_column(DateTime)


__all__ = [
    "AcknowledgementRow",
    "Base",
    "ConditionRow",
    "LesionRow",
    "ProcedureAreaRow",
    "ProcedureRow",
    "RollerRow",
    "SentReminderRow",
    "SessionAreaRow",
    "SessionRow",
    "SettingRow",
    "SterilizationRow",
]
