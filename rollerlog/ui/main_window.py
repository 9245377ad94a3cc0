"""The main window: navigation between the views, the actions and menus, undo, UI state."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable, Iterable
from datetime import date, datetime
from functools import partial
from types import ModuleType
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from PySide6.QtCore import QByteArray, QSize, QUrl
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from rollerlog import paths
from rollerlog.meta import APP_DISPLAY_NAME
from rollerlog.ui.icons import icon

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
    from PySide6.QtWidgets import QDialog, QMessageBox, QTableView

    from rollerlog.domain.entities import Lesion, Procedure, Roller, Session, Sterilization
    from rollerlog.domain.findings import Finding
    from rollerlog.domain.rules import PlannedSession, Status
    from rollerlog.store import operations as ops
    from rollerlog.store import queries, safety
    from rollerlog.store.db import Database
    from rollerlog.store.operations import Outcome, Topic
    from rollerlog.ui.common import Confirm
    from rollerlog.ui.dialogs.forms import (
        DiscardDialog,
        DiscardRequest,
        LesionDialog,
        ProcedureDialog,
        RollerDialog,
        SterilizeDialog,
    )
    from rollerlog.ui.dialogs.session_dialog import RollerChoice, SessionDialog
    from rollerlog.ui.print_actions import PrintActions
    from rollerlog.ui.views.base import View


def _open_url(url: QUrl) -> bool:
    from PySide6.QtGui import QDesktopServices

    return QDesktopServices.openUrl(url)


def lazy_module(name: str) -> ModuleType:
    """The module ``name``, executed only when one of its attributes is first used.

    The window's shell paints before the store (SQLAlchemy) and the views are imported;
    see the recipe "Implementing lazy imports" in the importlib documentation.
    """
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    assert spec is not None
    assert spec.loader is not None
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    setattr(sys.modules[parent], child, module)
    return module


if not TYPE_CHECKING:
    ops = lazy_module("rollerlog.store.operations")
    queries = lazy_module("rollerlog.store.queries")
    safety = lazy_module("rollerlog.store.safety")


class Page(NamedTuple):
    """A page of the navigation: its title and icon, and where its view class lives."""

    title: str
    icon_name: str
    module: str
    class_name: str
    attribute: str


#: The pages in navigation order; a view is imported and built on its first visit.
PAGES: tuple[Page, ...] = (
    Page("Today", "today", "rollerlog.ui.views.today", "TodayView", "today"),
    Page("Sessions", "sessions", "rollerlog.ui.views.sessions", "SessionsView", "sessions"),
    Page("Rollers", "roller", "rollerlog.ui.views.rollers", "RollersView", "rollers"),
    Page(
        "Sterilization",
        "sterilize",
        "rollerlog.ui.views.sterilization",
        "SterilizationView",
        "sterilization",
    ),
    Page("Skin & health", "health", "rollerlog.ui.views.health", "HealthView", "health"),
    Page("Settings", "settings", "rollerlog.ui.views.settings", "SettingsView", "settings_view"),
    Page("Help", "help", "rollerlog.ui.views.help", "HelpView", "help"),
)

T = TypeVar("T")

NOTICE_KEY = "notice/disclaimer-shown"


class UndoStep(NamedTuple):
    """One change that can be taken back, and how."""

    description: str
    undo: Callable[[], Outcome[Any]]


DEFAULT_SIZE = QSize(1180, 780)
"""The window's size on a first start."""
MINIMUM_USEFUL_SIZE = QSize(900, 600)
"""Below this, Today's rollers and areas no longer fit; a restored geometry is grown to it."""


class MainWindow(QMainWindow):
    """The rollerlog window: a navigation list on the left, the chosen view on the right.

    Built with ``database=None`` it is a light shell (navigation and a "Loading…" page,
    nothing but Qt imported) that can paint at once; :meth:`attach` then adds the data,
    the actions and the Today view. Other views are built on their first visit.
    """

    def __init__(
        self,
        database: Database | None,
        ui_state: QSettings,
        clock: Callable[[], datetime] = datetime.now,
        confirm: Confirm | None = None,
        open_url: Callable[[QUrl], object] | None = None,
    ) -> None:
        super().__init__()
        self.database: Database = None  # type: ignore[assignment]  # set by attach()
        self.ui_state = ui_state
        self.clock = clock
        self._confirm = confirm
        self.open_url = open_url or _open_url
        self.undo_steps: list[UndoStep] = []
        self.dialog: QDialog | None = None
        self.message_box: QMessageBox | None = None
        self._views: dict[int, View] = {}
        self._icons_shown = False
        self.print_actions: PrintActions | None = None
        self.setWindowTitle(APP_DISPLAY_NAME)

        self.navigation = QListWidget()
        self.navigation.setAccessibleName("Navigation")
        self.navigation.setAccessibleDescription("Choose a page")
        self.navigation.setIconSize(self.navigation.iconSize() * 1.2)
        self.navigation.setFixedWidth(180)
        self.pages = QStackedWidget()
        for page in PAGES:
            QListWidgetItem(page.title, self.navigation)
            # Centred by markup: the Qt namespace costs tens of milliseconds to load.
            placeholder = QLabel("<p align='center'>Loading…</p>")
            placeholder.setAccessibleName(page.title)
            self.pages.addWidget(placeholder)
        self.navigation.currentRowChanged.connect(self._show_page)

        self.notice = QFrame()
        self.notice.setFrameShape(QFrame.Shape.StyledPanel)
        self.notice.setAccessibleName("Reminder")
        notice_layout = QHBoxLayout(self.notice)
        self.notice_label = QLabel()
        self.notice_label.setWordWrap(True)
        self.notice_action = QPushButton("Do it")
        self.notice_action.clicked.connect(lambda _checked=False: self._notice_clicked())
        self.notice_dismiss = QPushButton("Dismiss")
        self.notice_dismiss.clicked.connect(lambda _checked=False: self.notice.hide())
        for notice_button in (self.notice_action, self.notice_dismiss):
            notice_button.setAccessibleName(notice_button.text())
        notice_layout.addWidget(self.notice_label, 1)
        notice_layout.addWidget(self.notice_action)
        notice_layout.addWidget(self.notice_dismiss)
        self.notice.hide()
        self._notice_callback: Callable[[], object] | None = None

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.notice)
        right_layout.addWidget(self.pages, 1)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.navigation)
        layout.addWidget(right, 1)
        self.setCentralWidget(central)
        # The menus and the status bar are there from the first paint (filled by attach()),
        # so the page does not jump when the data arrives.
        menus = self.menuBar()
        self.file_menu = menus.addMenu("&File")
        self.edit_menu = menus.addMenu("&Edit")
        self.go_menu = menus.addMenu("&Go")
        self.help_menu = menus.addMenu("&Help")
        self.statusBar()
        self.navigation.setCurrentRow(0)
        self.restore_geometry()
        if database is not None:
            self.attach(database)

    def attach(self, database: Database, print_menu_later: bool = False) -> None:
        """Open the window on ``database``: actions, menus, and the current page filled.

        With ``print_menu_later`` the printing entries (whose Qt printing and report
        modules take a while to load) are added just after Today has been shown.
        """
        from PySide6.QtCore import QTimer

        from rollerlog.store.operations import Topic

        self.database = database
        self.show_icons()
        self._make_actions()
        if print_menu_later:
            QTimer.singleShot(0, self.add_print_menu)
        else:
            self.add_print_menu()
        self.statusBar().showMessage(f"Data in {database.path.parent}", 5000)
        self.refresh(frozenset(Topic))
        self._show_page(max(0, self.navigation.currentRow()))
        # Reminders due today appear once in the notice bar (ui/reminder_notices.py).
        from rollerlog.ui.reminder_notices import START_DELAY_MS, ReminderNotices

        self.reminder_notices = ReminderNotices(self)
        self.reminder_notices.check_soon(START_DELAY_MS)

    def show_icons(self) -> None:
        """Give the window and the navigation their icons (SVG: loaded after the first paint)."""
        if self._icons_shown:
            return
        self._icons_shown = True
        self.setWindowIcon(icon("rollerlog"))
        for row, page in enumerate(PAGES):
            item = self.navigation.item(row)
            if item is not None:
                item.setIcon(icon(page.icon_name))

    def add_print_menu(self) -> None:
        """Print preview, Print… (Ctrl+P), Export PDF and CSV, with their filter dialog."""
        if self.print_actions is not None:
            return
        from PySide6.QtWidgets import QMenu

        from rollerlog.ui.print_actions import add_print_actions

        self._print_staging = QMenu(self)  # holds the entries' separator; never shown
        self.print_actions = add_print_actions(self, self._print_staging, lambda: self.database)
        self.file_menu.insertActions(self._print_anchor, self._print_staging.actions())
        self.print_action = self.print_actions.print_action

    def confirm(self, parent: QWidget, title: str, question: str) -> bool:
        """Ask a yes/no question (scripted in tests)."""
        if self._confirm is None:
            from rollerlog.ui.common import ask_with_message_box

            return ask_with_message_box(parent, title, question)
        return self._confirm(parent, title, question)

    # -- pages, built on their first visit -------------------------------------------------

    def view_at(self, index: int) -> View:
        """The view of page ``index``, built (and filled) now if it was not yet."""
        view = self._views.get(index)
        if view is not None:
            return view
        if self.database is None:
            raise RuntimeError("the window has no data yet")
        page = PAGES[index]
        view_class: type[View] = getattr(importlib.import_module(page.module), page.class_name)
        view = view_class(self)
        self._views[index] = view
        placeholder = self.pages.widget(index)
        assert placeholder is not None
        current = self.pages.currentIndex()
        self.pages.insertWidget(index, view)
        self.pages.removeWidget(placeholder)
        placeholder.deleteLater()
        self.pages.setCurrentIndex(current)
        view.refresh()
        for table in view.tables():
            self.restore_columns(table)
        return view

    def _show_page(self, index: int) -> None:
        if index < 0:
            return
        if self.database is not None:
            self.view_at(index)
        self.pages.setCurrentIndex(index)

    @property
    def views(self) -> list[View]:
        """Every view, in navigation order (building those not visited yet)."""
        return [self.view_at(index) for index in range(len(PAGES))]

    def built_views(self) -> list[View]:
        """The views built so far, in navigation order."""
        return [self._views[index] for index in sorted(self._views)]

    @property
    def today(self) -> Any:
        """The Today view."""
        return self.view_at(0)

    @property
    def sessions(self) -> Any:
        """The session log."""
        return self.view_at(1)

    @property
    def rollers(self) -> Any:
        """The Rollers view."""
        return self.view_at(2)

    @property
    def sterilization(self) -> Any:
        """The sterilization log."""
        return self.view_at(3)

    @property
    def health(self) -> Any:
        """The Skin & health view."""
        return self.view_at(4)

    @property
    def settings_view(self) -> Any:
        """The Settings view."""
        return self.view_at(5)

    @property
    def help(self) -> Any:
        """The Help view."""
        return self.view_at(6)

    # -- actions and menus ----------------------------------------------------------------

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        icon_name: str = "",
    ) -> QAction:
        from PySide6.QtGui import QAction

        action = QAction(icon(icon_name) if icon_name else icon("none"), text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _make_actions(self) -> None:
        from PySide6.QtGui import QKeySequence

        keys = QKeySequence.StandardKey
        self.new_action = self._action("&New session…", self.new_session, keys.New, "add")
        self.sterilize_action = self._action(
            "&Sterilize now…", self.sterilize_now, "Ctrl+Shift+S", "sterilize"
        )
        self.add_roller_action = self._action("Add &roller…", self.add_roller, "Ctrl+Shift+R")
        self.backups_action = self._action("&Backups…", self.show_backups)
        self.quit_action = self._action("&Quit", self.close, keys.Quit)
        self.undo_action = self._action("&Undo", self.undo, keys.Undo)
        self.find_action = self._action("&Find sessions", self.find_sessions, keys.Find)
        self.help_action = self._action("&Help on the checks", self.show_help, keys.HelpContents)
        self.about_action = self._action("&About rollerlog", self.show_about)
        self.undo_action.setEnabled(False)

        file_menu = self.file_menu
        for action in (self.new_action, self.sterilize_action, self.add_roller_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        # Print preview, Print… (Ctrl+P), Export PDF and CSV of the log go before this line.
        self._print_anchor = file_menu.addSeparator()
        file_menu.addAction(self.backups_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        self.edit_menu.addAction(self.undo_action)
        self.edit_menu.addAction(self.find_action)
        for index, page in enumerate(PAGES):
            self.go_menu.addAction(
                self._action(
                    page.title,
                    partial(self.show_view, index),
                    f"Ctrl+{index + 1}",
                    page.icon_name,
                )
            )
        self.help_menu.addAction(self.help_action)
        self.help_menu.addAction(self.about_action)

    def show_view(self, index_or_view: int | View) -> None:
        """Bring a view to the front."""
        if isinstance(index_or_view, int):
            index = index_or_view
        else:
            index = next(i for i, view in self._views.items() if view is index_or_view)
        self.navigation.setCurrentRow(index)

    def current_view(self) -> View:
        """The view shown now."""
        return self.view_at(self.pages.currentIndex())

    # -- data -----------------------------------------------------------------------------

    def refresh(self, topics: Iterable[Topic]) -> None:
        """Re-read the built views that show any of these topics."""
        changed = frozenset(topics)
        for view in self.built_views():
            if view.topics & changed:
                view.refresh()
        if 5 in self._views:
            self.settings_view.folder_label.setText(str(paths.data_dir()))
        if getattr(self, "reminder_notices", None) is not None:
            self.reminder_notices.check_soon()

    def perform(self, operation: Callable[[], Outcome[T]]) -> Outcome[T] | None:
        """Run an operation; refresh what it changed, or show why it was refused."""
        from rollerlog.store.db import StoreError

        try:
            outcome = operation()
        except StoreError as error:
            self.show_error("That did not work", str(error))
            return None
        self.refresh(outcome.topics)
        return outcome

    def push_undo(self, description: str, undo: Callable[[], Outcome[Any]]) -> None:
        """Remember how to take back the last change."""
        self.undo_steps.append(UndoStep(description, undo))
        self.undo_action.setEnabled(True)
        self.undo_action.setText(f"&Undo {description}")

    def show_backups(self) -> QDialog:
        """File → Backups…: list the backups and bring one back after a confirmation."""
        from rollerlog.ui.dialogs.backups_dialog import BackupsDialog

        dialog = BackupsDialog(self.database.path, self)
        dialog.restored.connect(self._after_restore)
        return self._open(dialog)

    def _after_restore(self, _backup: object) -> None:
        from rollerlog.store.db import open_database
        from rollerlog.store.operations import Topic

        # An older backup is brought up to the current schema before anything reads it.
        open_database(self.database.path).close()
        self.undo_steps.clear()  # the undo steps describe data that is no longer there
        self.undo_action.setEnabled(False)
        self.undo_action.setText("&Undo")
        self.refresh(frozenset(Topic))
        self.statusBar().showMessage("Restored a backup", 5000)

    def undo(self) -> None:
        """Take back the last change that can be undone."""
        if not self.undo_steps:
            return
        step = self.undo_steps.pop()
        if self.perform(step.undo) is not None:
            self.statusBar().showMessage(f"Undone: {step.description}", 5000)
            self.notice.hide()
        self.undo_action.setEnabled(bool(self.undo_steps))
        self.undo_action.setText(
            f"&Undo {self.undo_steps[-1].description}" if self.undo_steps else "&Undo"
        )

    def status_on(self, day: date) -> Status:
        """The standing status as of ``day`` (for the Today view)."""
        return safety.status_on(self.database, day)

    def findings_for(self, plan: PlannedSession) -> list[Finding]:
        """The findings for a session as entered."""
        return safety.plan_findings(self.database, plan)

    def usable_roller_names(self) -> list[str]:
        """Names of the rollers not discarded as of today."""
        today = self.clock().date()
        return [
            s.roller.name
            for s in queries.list_rollers(self.database)
            if not s.roller.is_discarded_on(today)
        ]

    # -- feedback -------------------------------------------------------------------------

    def show_error(self, title: str, message: str) -> None:
        """Tell the person what went wrong, in a dialog that does not block the window.

        Over an open form the message is the form's own, so it shows on top of it and the
        form, with what was typed into it, stays open behind.
        """
        form = self.dialog if self.dialog is not None and self.dialog.isVisible() else None
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(
            QMessageBox.Icon.Warning,
            title,
            message[:1].upper() + message[1:],
            parent=form or self,
        )
        box.setAccessibleName(title)
        self.message_box = box
        box.open()

    def show_notice(self, text: str, action_text: str, action: Callable[[], object]) -> None:
        """Show a non-blocking reminder above the view, with one action."""
        self.notice_label.setText(text)
        self.notice_action.setText(action_text)
        self.notice_action.setAccessibleName(action_text.rstrip("…"))
        self._notice_callback = action
        self.notice.show()

    def _notice_clicked(self) -> None:
        callback = self._notice_callback
        self.notice.hide()
        if callback is not None:
            callback()

    def _open(self, dialog: QDialog) -> QDialog:
        self.dialog = dialog
        dialog.open()
        return dialog

    # -- sessions -------------------------------------------------------------------------

    def roller_choices(self, day: date) -> list[RollerChoice]:
        """Every roller for the session dialog; discarded and worn-out ones with the reason."""
        from rollerlog.domain.vocabulary import DISCARD_REASONS
        from rollerlog.ui.dialogs.session_dialog import RollerChoice

        settings = queries.read_settings(self.database)
        choices = []
        for summary in queries.list_rollers(self.database):
            roller = summary.roller
            uses = f"{summary.uses} / {settings.roller_max_uses}"
            label = f"{roller.name} ({roller.needle_mm:g} mm, {uses} uses)"
            reason = ""
            if roller.is_discarded_on(day) or roller.discarded_on is not None:
                why = DISCARD_REASONS.get(roller.discard_reason or "", "discarded").lower()
                reason = f"discarded ({why})"
            elif summary.uses >= settings.roller_max_uses:
                reason = "worn out: replace it"
            choices.append(RollerChoice(roller.name, label, reason))
        return choices

    def new_session(self) -> SessionDialog | None:
        """Open the new-session dialog (or ask for a roller first)."""
        if not queries.list_rollers(self.database):
            self.show_error(
                "Add a roller first", "Every session is logged with a roller: add yours first."
            )
            return None
        from rollerlog.ui.dialogs.session_dialog import SessionDialog

        now = self.clock()
        dialog = SessionDialog(
            self.roller_choices(now.date()),
            self.findings_for,
            self._save_new_session,
            now,
            on_sterilize=self._sterilize_from_dialog,
            parent=self,
            clock=self.clock,
        )
        self._open(dialog)
        return dialog

    def edit_session(self, session: Session) -> SessionDialog:
        """Open a logged session for editing."""
        assert session.id is not None
        session_id = session.id

        def save(value: Session) -> bool:
            outcome = self.perform(lambda: ops.edit_session(self.database, session_id, value))
            return outcome is not None

        from rollerlog.ui.dialogs.session_dialog import SessionDialog

        now = self.clock()
        dialog = SessionDialog(
            self.roller_choices(session.at.date()),
            self.findings_for,
            save,
            now,
            on_sterilize=self._sterilize_from_dialog,
            session=session,
            parent=self,
            clock=self.clock,
        )
        self._open(dialog)
        return dialog

    def _save_new_session(self, session: Session) -> bool:
        outcome = self.perform(lambda: ops.log_session(self.database, session))
        if outcome is None:
            return False
        saved = outcome.value
        self.statusBar().showMessage(f"Session with {saved.roller} logged", 5000)
        self.show_notice(
            f"Session logged. Remember to sterilize <b>{saved.roller}</b> after use, so it is "
            "clean for next time.",
            "Log sterilization…",
            lambda: self.sterilize_now(saved.roller),
        )
        return True

    def _sterilize_from_dialog(self, roller: str, at: datetime) -> bool:
        from rollerlog.domain.entities import Sterilization

        value = Sterilization(at=at, roller=roller, method="isopropyl-70", minutes=10)
        outcome = self.perform(lambda: ops.log_sterilization(self.database, value))
        return outcome is not None

    def delete_session(self, session: Session) -> bool:
        """Delete a session after confirmation; Undo brings it back."""
        assert session.id is not None
        session_id = session.id
        if not self.confirm(
            self,
            "Delete session",
            f"Delete the session of {session.at:%Y-%m-%d %H:%M} with {session.roller}?",
        ):
            return False
        outcome = self.perform(lambda: ops.delete_session(self.database, session_id))
        if outcome is None:
            return False
        deleted = outcome.value
        self.push_undo("delete session", lambda: ops.restore_session(self.database, deleted))
        self.show_notice("Session deleted.", "Undo", self.undo)
        return True

    # -- rollers --------------------------------------------------------------------------

    def add_roller(self) -> RollerDialog:
        """Open the add-roller dialog."""
        from rollerlog.ui.dialogs.forms import RollerDialog

        def save(value: Roller) -> bool:
            outcome = self.perform(lambda: ops.add_roller(self.database, value))
            if outcome is not None:
                self.statusBar().showMessage(f"{outcome.value.name} added", 5000)
            return outcome is not None

        names = self._roller_names()
        dialog = RollerDialog(save, self.clock().date(), parent=self, existing_names=names)
        return self._open(dialog)  # type: ignore[return-value]

    def edit_roller(self, roller: Roller) -> RollerDialog:
        """Open a roller for editing."""
        from rollerlog.ui.dialogs.forms import RollerDialog

        assert roller.id is not None
        roller_id = roller.id

        def save(value: Roller) -> bool:
            return (
                self.perform(lambda: ops.edit_roller(self.database, roller_id, value)) is not None
            )

        others = self._roller_names(except_id=roller_id)
        dialog = RollerDialog(save, self.clock().date(), roller, parent=self, existing_names=others)
        return self._open(dialog)  # type: ignore[return-value]

    def _roller_names(self, except_id: int | None = None) -> list[str]:
        return [
            s.roller.name for s in queries.list_rollers(self.database) if s.roller.id != except_id
        ]

    def discard_roller(self, roller: Roller) -> DiscardDialog:
        """Open "Dropped or damaged…" for a roller."""
        from rollerlog.ui.dialogs.forms import DiscardDialog

        def save(request: DiscardRequest) -> bool:
            outcome = self.perform(
                lambda: ops.discard_roller(
                    self.database, request.roller_id, request.reason, request.on
                )
            )
            if outcome is None:
                return False
            self.push_undo(
                f"discard {outcome.value.name}",
                lambda: ops.restore_roller(self.database, request.roller_id),
            )
            self.show_notice(
                f"{outcome.value.name} is discarded and can no longer be used.",
                "Undo",
                self.undo,
            )
            return True

        summary = queries.roller_summary(self.database, roller.name)
        last = summary.last_session_at if summary else None
        dialog = DiscardDialog(
            roller,
            save,
            self.clock().date(),
            parent=self,
            last_session_on=last.date() if last else None,
        )
        return self._open(dialog)  # type: ignore[return-value]

    def retire_roller(self, roller: Roller) -> bool:
        """Retire a roller after confirmation (Undo brings it back)."""
        assert roller.id is not None
        roller_id = roller.id
        if not self.confirm(
            self,
            "Retire roller",
            f"Retire {roller.name}? It can no longer be chosen for a session.",
        ):
            return False
        outcome = self.perform(
            lambda: ops.retire_roller(self.database, roller_id, self.clock().date())
        )
        if outcome is None:
            return False
        self.push_undo(
            f"retire {roller.name}", lambda: ops.restore_roller(self.database, roller_id)
        )
        return True

    def restore_roller(self, roller: Roller) -> bool:
        """Undo a roller's discard flag after confirmation."""
        assert roller.id is not None
        roller_id = roller.id
        if not self.confirm(
            self,
            "Undo discard",
            f"Use {roller.name} again? Only do this if it was flagged by mistake.",
        ):
            return False
        return self.perform(lambda: ops.restore_roller(self.database, roller_id)) is not None

    # -- sterilization --------------------------------------------------------------------

    def sterilize_now(self, roller: str | None = None) -> SterilizeDialog | None:
        """Open "Sterilize now" (roller, method, minutes, time now)."""
        names = self.usable_roller_names()
        if not names:
            self.show_error("No roller to sterilize", "Add a roller first.")
            return None

        def save(value: Sterilization) -> bool:
            outcome = self.perform(lambda: ops.log_sterilization(self.database, value))
            if outcome is not None:
                self.statusBar().showMessage(f"Sterilization of {value.roller} logged", 5000)
                self.notice.hide()
            return outcome is not None

        from rollerlog.ui.dialogs.forms import SterilizeDialog

        dialog = SterilizeDialog(names, save, self.clock(), roller, parent=self, clock=self.clock)
        self._open(dialog)
        return dialog

    def delete_sterilization(self, sterilization: Sterilization) -> bool:
        """Delete a sterilization after confirmation; Undo logs it again."""
        assert sterilization.id is not None
        sterilization_id = sterilization.id
        if not self.confirm(self, "Delete sterilization", "Delete this sterilization?"):
            return False
        outcome = self.perform(lambda: ops.delete_sterilization(self.database, sterilization_id))
        if outcome is None:
            return False
        self.push_undo(
            "delete sterilization", lambda: ops.log_sterilization(self.database, sterilization)
        )
        return True

    # -- skin & health --------------------------------------------------------------------

    def add_lesion(self) -> LesionDialog:
        """Open the add-spot dialog."""
        from rollerlog.ui.dialogs.forms import LesionDialog

        def save(value: Lesion) -> bool:
            return self.perform(lambda: ops.add_lesion(self.database, value)) is not None

        return self._open(LesionDialog(save, self.clock().date(), parent=self))  # type: ignore[return-value]

    def resolve_lesion(self, lesion: Lesion) -> bool:
        """Mark a spot as healed today."""
        assert lesion.id is not None
        lesion_id = lesion.id
        day = max(self.clock().date(), lesion.noted_on)
        return self.perform(lambda: ops.resolve_lesion(self.database, lesion_id, day)) is not None

    def delete_lesion(self, lesion: Lesion) -> bool:
        """Delete a spot after confirmation; Undo adds it back."""
        assert lesion.id is not None
        lesion_id = lesion.id
        if not self.confirm(self, "Delete spot", "Delete this spot? Use Healed if it went away."):
            return False
        if self.perform(lambda: ops.delete_lesion(self.database, lesion_id)) is None:
            return False
        self.push_undo("delete spot", lambda: ops.add_lesion(self.database, lesion))
        return True

    def set_conditions(self, conditions: list[str]) -> None:
        """Store the profile's conditions."""
        self.perform(lambda: ops.set_conditions(self.database, conditions))

    def add_procedure(self) -> ProcedureDialog:
        """Open the add-procedure dialog."""
        from rollerlog.ui.dialogs.forms import ProcedureDialog

        def save(value: Procedure) -> bool:
            return self.perform(lambda: ops.add_procedure(self.database, value)) is not None

        dialog = ProcedureDialog(save, self.clock(), parent=self, clock=self.clock)
        return self._open(dialog)  # type: ignore[return-value]

    def delete_procedure(self, procedure: Procedure) -> bool:
        """Delete a procedure after confirmation; Undo adds it back."""
        assert procedure.id is not None
        procedure_id = procedure.id
        if not self.confirm(self, "Delete procedure", "Delete this procedure?"):
            return False
        if self.perform(lambda: ops.delete_procedure(self.database, procedure_id)) is None:
            return False
        self.push_undo("delete procedure", lambda: ops.add_procedure(self.database, procedure))
        return True

    # -- settings, help, printing ---------------------------------------------------------

    def save_settings(self, values: dict[str, object]) -> bool:
        """Validate and store the rule settings."""
        outcome = self.perform(lambda: ops.save_settings(self.database, values))
        if outcome is not None:
            self.statusBar().showMessage("Settings saved", 5000)
        return outcome is not None

    def open_data_folder(self) -> None:
        """Show the data folder in the file manager."""
        folder = paths.data_dir()
        self.open_url(QUrl.fromLocalFile(str(folder)))

    def find_sessions(self) -> None:
        """Go to the session log and put the focus on its filters."""
        self.show_view(self.sessions)
        self.sessions.roller_filter.setFocus()

    def show_help(self) -> None:
        """Show the explanations of every check."""
        self.show_view(self.help)

    def show_about(self) -> None:
        """A short word on what rollerlog is."""
        from PySide6.QtWidgets import QMessageBox

        from rollerlog.meta import __version__
        from rollerlog.ui.views.help import DISCLAIMER

        box = QMessageBox(
            QMessageBox.Icon.Information,
            "About rollerlog",
            f"rollerlog {__version__}\n\n{DISCLAIMER}",
            parent=self,
        )
        self.message_box = box
        box.open()

    def print_log(self) -> None:
        """Choose what the printed log covers, then print it."""
        self.add_print_menu()
        assert self.print_actions is not None
        self.print_actions.print_log()

    def show_first_run_notice(self) -> bool:
        """Once: rollerlog is a log and reminder, not medical advice. True when shown now."""
        if self.ui_state.value(NOTICE_KEY, False, type=bool):
            return False
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(
            QMessageBox.Icon.Information,
            "Before you start",
            "rollerlog is a log and a reminder, not medical advice.\n\n"
            "A board-certified dermatologist should guide your treatment; ask one before you "
            "start and whenever your skin reacts badly.",
            parent=self,
        )
        self.message_box = box
        self.ui_state.setValue(NOTICE_KEY, True)
        box.open()
        return True

    # -- UI state (QSettings) ---------------------------------------------------------------

    def _column_key(self, table: QTableView) -> str:
        return "columns/" + table.accessibleName().replace(" ", "_")

    def restore_columns(self, table: QTableView) -> None:
        """Give a table the column widths it had last time."""
        saved = self.ui_state.value(self._column_key(table))
        if isinstance(saved, QByteArray) and not saved.isEmpty():
            table.horizontalHeader().restoreState(saved)
        else:
            table.resizeColumnsToContents()
        header = table.horizontalHeader()
        if header.stretchLastSection():
            # Fitting or restoring sizes the last column too; hand it the spare width again.
            header.setStretchLastSection(False)
            header.setStretchLastSection(True)

    def restore_geometry(self) -> None:
        """The window's size and place from the last run."""
        geometry = self.ui_state.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(DEFAULT_SIZE)
        # A geometry saved on another screen (or by a window that never finished opening)
        # may be too small to read Today; never start smaller than the smallest useful size.
        smallest = MINIMUM_USEFUL_SIZE.boundedTo(self.screen().availableGeometry().size())
        if self.width() < smallest.width() or self.height() < smallest.height():
            self.resize(self.size().expandedTo(smallest))

    def restore_state(self) -> None:
        """Window geometry and column widths from the last run."""
        self.restore_geometry()
        for view in self.built_views():
            for table in view.tables():
                self.restore_columns(table)

    def save_state(self) -> None:
        """Remember window geometry and column widths."""
        self.ui_state.setValue("window/geometry", self.saveGeometry())
        for view in self.built_views():
            for table in view.tables():
                self.ui_state.setValue(
                    self._column_key(table), table.horizontalHeader().saveState()
                )
        self.ui_state.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        super().closeEvent(event)
