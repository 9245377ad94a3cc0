"""The small typed context every entity's workflows get instead of the main window."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog, QWidget

    from rollerlog.store.db import Database
    from rollerlog.store.operations import Outcome

T = TypeVar("T")
D = TypeVar("D", bound="QDialog")


class Perform(Protocol):
    """Runs an operation: refreshes what it changed and makes it undoable, or says why not."""

    def __call__(self, operation: Callable[[], Outcome[T]], /) -> Outcome[T] | None: ...


class Confirm(Protocol):
    """Asks a question with a title; True when the person agrees.

    ``action`` names the button that goes ahead ("Delete session"); the title when empty.
    """

    def __call__(self, title: str, question: str, /, action: str = "") -> bool: ...


class Notify(Protocol):
    """How a workflow tells the person what happened, without blocking the window."""

    def status(self, message: str) -> None:
        """A short confirmation in the status bar."""

    def error(self, title: str, message: str) -> None:
        """Why something was refused."""

    def notice(self, text: str, action_text: str, action: Callable[[], object]) -> None:
        """A reminder above the page, with one action."""

    def hide_notice(self) -> None:
        """Take the reminder away (its job is done)."""

    def undo(self) -> None:
        """Take back the last change (the notice's "Undo")."""


@dataclass(frozen=True)
class ActionContext:
    """What an entity's workflows need: the data, the time, and ways to act and to tell."""

    database: Database
    clock: Callable[[], datetime]
    perform: Perform
    confirm: Confirm
    notify: Notify
    parent: QWidget
    """The widget dialogs open over."""
    open_dialog: Callable[[QDialog], QDialog]
    """Opens a dialog without blocking (and remembers it, so errors show over it)."""

    def open(self, dialog: D) -> D:
        """Open ``dialog`` over the window; return it."""
        self.open_dialog(dialog)
        return dialog
