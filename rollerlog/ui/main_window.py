"""The main window, a shell: the pages and their navigation, the menus, and ``perform``.

``perform`` runs an operation, refreshes the views that show what it changed and pushes
the operation's inverse on a :class:`QUndoStack`, which gives Edit → Undo and Redo with
the action's name. What a person does with each kind of record lives in
:mod:`rollerlog.ui.actions`; what the window remembers between runs in
:mod:`rollerlog.ui.window_state`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, cast

from PySide6.QtCore import QEvent, QUrl
from PySide6.QtGui import QUndoCommand, QUndoStack
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
from rollerlog.ui.window_state import WindowState

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
    from PySide6.QtWidgets import QDialog, QMessageBox

    from rollerlog.store.db import Database
    from rollerlog.store.operations import Change, Outcome, Topic
    from rollerlog.store.status_read import DataFile
    from rollerlog.ui.actions import Actions
    from rollerlog.ui.common import Confirm
    from rollerlog.ui.print_actions import PrintActions
    from rollerlog.ui.views.base import View, ViewContext
    from rollerlog.ui.views.health import HealthView
    from rollerlog.ui.views.help import HelpView
    from rollerlog.ui.views.rollers import RollersView
    from rollerlog.ui.views.sessions import SessionsView
    from rollerlog.ui.views.settings import SettingsView
    from rollerlog.ui.views.sterilization import SterilizationView
    from rollerlog.ui.views.today import TodayView


def icon(name: str) -> QIcon:
    """The named icon, its module loaded on first use: the first paint shows no icon."""
    from rollerlog.ui.icons import icon as load_icon

    return load_icon(name)


def _open_url(url: QUrl) -> bool:
    from PySide6.QtGui import QDesktopServices

    return QDesktopServices.openUrl(url)


class Page(NamedTuple):
    """A page of the navigation: its title and icon, and where its view class lives."""

    title: str
    icon_name: str
    module: str
    class_name: str


#: The pages in navigation order; a view is imported and built on its first visit.
PAGES: tuple[Page, ...] = (
    Page("Today", "today", "rollerlog.ui.views.today", "TodayView"),
    Page("Sessions", "sessions", "rollerlog.ui.views.sessions", "SessionsView"),
    Page("Rollers", "roller", "rollerlog.ui.views.rollers", "RollersView"),
    Page("Sterilization", "sterilize", "rollerlog.ui.views.sterilization", "SterilizationView"),
    Page("Skin & health", "health", "rollerlog.ui.views.health", "HealthView"),
    Page("Settings", "settings", "rollerlog.ui.views.settings", "SettingsView"),
    Page("Help", "help", "rollerlog.ui.views.help", "HelpView"),
)

T = TypeVar("T")


class ChangeCommand(QUndoCommand):
    """One change on the undo stack: undoing and redoing both apply the pending inverse.

    Each applied inverse returns the next one (an undo returns its redo), so the command
    only ever holds the change that takes the database to the other side. A step the
    store refuses (the data changed under it) makes the command obsolete: the stack drops it.
    """

    def __init__(
        self, outcome: Outcome[Any], apply: Callable[[Change, str], Outcome[Any] | None]
    ) -> None:
        super().__init__(outcome.action)
        self._pending = outcome.inverse
        self._apply = apply
        self._done_already = True  # QUndoStack.push() calls redo(); the change is made

    def redo(self) -> None:
        if self._done_already:
            self._done_already = False
            return
        self._step("Redone")

    def undo(self) -> None:
        self._step("Undone")

    def _step(self, verb: str) -> None:
        change = self._pending
        outcome = self._apply(change, verb) if change is not None else None
        if outcome is None or outcome.inverse is None:
            self.setObsolete(True)
            return
        self._pending = outcome.inverse


class NotYet:
    """Stands in for the actions while the data is still being opened: says so, does nothing."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def __getattr__(self, name: str) -> NotYet:
        return self

    def __call__(self, *args: object, **kwargs: object) -> None:
        self.window.statusBar().showMessage("Opening your data… one moment, please.", 3000)


class WindowFeedback:
    """How the actions tell the person what happened: the window's status bar and notices."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def status(self, message: str) -> None:
        """A short confirmation in the status bar."""
        self.window.statusBar().showMessage(message, 5000)

    def error(self, title: str, message: str) -> None:
        """Why something was refused, over the open form if there is one."""
        self.window.show_error(title, message)

    def notice(self, text: str, action_text: str, action: Callable[[], object]) -> None:
        """A reminder above the page, with one action."""
        self.window.show_notice(text, action_text, action)

    def hide_notice(self) -> None:
        """Take the reminder away."""
        self.window.notice.hide()

    def undo(self) -> None:
        """Take back the last change."""
        self.window.undo()


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
        self.actions: Actions = None  # type: ignore[assignment]  # set by attach()
        self.state = WindowState(ui_state)
        self.clock = clock
        self._confirm = confirm
        self.open_url = open_url or _open_url
        self.undo_stack = QUndoStack(self)
        self.dialog: QDialog | None = None
        self.message_box: QMessageBox | None = None
        self._views: dict[int, View] = {}
        self._icons_shown = False
        self.print_actions: PrintActions | None = None
        self.write_gate: Callable[[], bool] | None = None
        """Asked before every change (see :meth:`writes_may_start`); None lets changes go."""
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
        self.state.restore_geometry(self)
        if database is not None:
            self.attach(database)

    def attach(self, database: Database, print_menu_later: bool = False) -> None:
        """Open the window on ``database``: actions, menus, and the current page filled.

        With ``print_menu_later`` the printing entries (whose Qt printing and report
        modules take a while to load) are added just after Today has been shown.
        """
        from PySide6.QtCore import QTimer

        from rollerlog.store.operations import Topic
        from rollerlog.ui.actions import make_actions
        from rollerlog.ui.actions.context import ActionContext

        self.database = database
        self.actions = make_actions(
            ActionContext(
                database=database,
                clock=self.clock,
                perform=self.perform,
                confirm=lambda title, question, action="": self.confirm(
                    self, title, question, action
                ),
                notify=WindowFeedback(self),
                parent=self,
                open_dialog=self._open,
            )
        )
        for view in self._views.values():  # Today, filled before the store was open
            view.context = self._view_context()
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
        self.print_actions = add_print_actions(
            self, self._print_staging, lambda: self.database, self.state
        )
        self.file_menu.insertActions(self._print_anchor, self._print_staging.actions())
        self.print_action = self.print_actions.print_action

    def confirm(self, parent: QWidget, title: str, question: str, action: str = "") -> bool:
        """Ask before acting, with buttons that name the action and Cancel (scripted in tests)."""
        if self._confirm is None:
            from rollerlog.ui.common import ask_with_message_box

            return ask_with_message_box(parent, title, question, action)
        return self._confirm(parent, title, question)

    # -- pages, built on their first visit -------------------------------------------------

    def view_at(self, index: int) -> View:
        """The view of page ``index``, built (and filled) now if it was not yet."""
        view = self._views.get(index)
        if view is not None:
            return view
        if self.database is None:
            raise RuntimeError("the window has no data yet")
        return self._build_view(index, self._view_context())

    def _view_context(self) -> ViewContext:
        from rollerlog.ui.views.base import ViewContext

        return ViewContext(
            database=self.database,
            clock=self.clock,
            actions=self.actions,
            state=self.state,
            open_data_folder=self.open_data_folder,
        )

    def _build_view(self, index: int, context: ViewContext) -> View:
        page = PAGES[index]
        view_class: type[View] = getattr(importlib.import_module(page.module), page.class_name)
        view = view_class(context)
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
            self.state.restore_columns(table)
        return view

    def fill_today_first(self, data: DataFile) -> None:
        """Build and fill Today from the data file with sqlite3, before the store is loaded.

        Its buttons only say "one moment" until :meth:`attach` gives the window the store
        and the actions (then Today reads through the store like every view).
        """
        from rollerlog.ui.views.base import ViewContext

        if 0 in self._views:
            return
        context = ViewContext(
            database=cast("Database", data),
            clock=self.clock,
            actions=cast("Actions", NotYet(self)),
            state=self.state,
            open_data_folder=self.open_data_folder,
        )
        self._build_view(0, context)

    def _show_page(self, index: int) -> None:
        if index < 0:
            return
        leaving = self._views.get(self.pages.currentIndex())
        if leaving is not None and index != self.pages.currentIndex() and not leaving.may_leave():
            # Stay: the page keeps its unsaved changes, and the navigation shows it again.
            blocked = self.navigation.blockSignals(True)
            self.navigation.setCurrentRow(self.pages.currentIndex())
            self.navigation.blockSignals(blocked)
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
    def today(self) -> TodayView:
        """The Today view."""
        return cast("TodayView", self.view_at(0))

    @property
    def sessions(self) -> SessionsView:
        """The session log."""
        return cast("SessionsView", self.view_at(1))

    @property
    def rollers(self) -> RollersView:
        """The Rollers view."""
        return cast("RollersView", self.view_at(2))

    @property
    def sterilization(self) -> SterilizationView:
        """The sterilization log."""
        return cast("SterilizationView", self.view_at(3))

    @property
    def health(self) -> HealthView:
        """The Skin & health view."""
        return cast("HealthView", self.view_at(4))

    @property
    def settings_view(self) -> SettingsView:
        """The Settings view."""
        return cast("SettingsView", self.view_at(5))

    @property
    def help(self) -> HelpView:
        """The Help view."""
        return cast("HelpView", self.view_at(6))

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
        actions = self.actions
        self.new_action = self._action(
            "&New session…", actions.sessions.new_session, keys.New, "add"
        )
        self.sterilize_action = self._action(
            "&Sterilize now…", actions.sterilization.sterilize_now, "Ctrl+Shift+S", "sterilize"
        )
        self.add_roller_action = self._action(
            "Add &roller…", actions.rollers.add_roller, "Ctrl+Shift+R"
        )
        self.backups_action = self._action("&Backups…", self.show_backups)
        self.quit_action = self._action("&Quit", self.close, keys.Quit)
        # The stack's own actions: enabled when there is a step, named after it.
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(keys.Undo)
        self.undo_action.setIcon(icon("none"))
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcut(keys.Redo)
        self.redo_action.setIcon(icon("none"))
        self.addActions([self.undo_action, self.redo_action])
        self.find_action = self._action("&Find sessions", self.find_sessions, keys.Find)
        self.help_action = self._action("&Help on the checks", self.show_help, keys.HelpContents)
        self.about_action = self._action("&About rollerlog", self.show_about)

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
        self.edit_menu.addAction(self.redo_action)
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.find_action)
        for index, page in enumerate(PAGES):
            self.go_menu.addAction(
                self._action(
                    page.title.replace("&", "&&"),  # a literal "&", not a mnemonic
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

    # -- data: perform, refresh, undo and redo ----------------------------------------------

    def refresh(self, topics: Iterable[Topic]) -> None:
        """Re-read the built views that show any of these topics."""
        changed = frozenset(topics)
        for view in self.built_views():
            if view.topics & changed:
                view.refresh()
        if getattr(self, "reminder_notices", None) is not None:
            self.reminder_notices.check_soon()

    def perform(self, operation: Callable[[], Outcome[T]]) -> Outcome[T] | None:
        """Run an operation; refresh what it changed and make it undoable, or say why not."""
        from rollerlog.store.db import StoreError

        if not self.writes_may_start():
            return None
        try:
            outcome = operation()
        except StoreError as error:
            self.show_error("That did not work", str(error))
            return None
        if outcome.inverse is not None:
            self.undo_stack.push(ChangeCommand(outcome, self._apply_change))
        self.refresh(outcome.topics)
        return outcome

    def _apply_change(self, change: Change, verb: str) -> Outcome[Any] | None:
        from rollerlog.store.db import StoreError

        if not self.writes_may_start():
            return None
        try:
            outcome = change(self.database)
        except StoreError as error:
            self.show_error(f"Could not {verb.lower().removesuffix('ne')} that", str(error))
            return None
        self.refresh(outcome.topics)
        self.notice.hide()
        self.statusBar().showMessage(f"{verb}: {change.action}", 5000)
        return outcome

    def writes_may_start(self) -> bool:
        """Whether a change may be saved now; waits while the start-up check still runs.

        The app sets :attr:`write_gate` while SQLite's quick check of the file runs in the
        background (see :mod:`rollerlog.ui.app`): a change then waits for it, and is
        refused when the file turned out damaged.
        """
        return self.write_gate() if self.write_gate is not None else True

    def undo(self) -> None:
        """Take back the last change."""
        self.undo_stack.undo()

    def redo(self) -> None:
        """Make the last change taken back again."""
        self.undo_stack.redo()

    def show_backups(self) -> QDialog | None:
        """File → Backups…: list the backups and bring one back after a confirmation.

        A restore is a write: like every change it waits for the start-up check.
        """
        from rollerlog.ui.dialogs.backups_dialog import BackupsDialog

        if not self.writes_may_start():
            return None
        dialog = BackupsDialog(self.database.path, self)
        dialog.restored.connect(self._after_restore)
        return self._open(dialog)

    def _after_restore(self, _backup: object) -> None:
        from rollerlog.store.db import open_database
        from rollerlog.store.operations import Topic

        # An older backup is brought up to the current schema before anything reads it.
        open_database(self.database.path).close()
        self.undo_stack.clear()  # the steps describe data that is no longer there
        self.refresh(frozenset(Topic))
        self.statusBar().showMessage("Restored a backup", 5000)

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

    def open_data_folder(self) -> None:
        """Show the data folder in the file manager."""
        folder = paths.data_dir()
        self.open_url(QUrl.fromLocalFile(str(folder)))

    def find_sessions(self) -> None:
        """Go to the session log and put the focus in its find field (notes and topicals)."""
        self.show_view(self.sessions)
        self.sessions.find_field.setFocus()
        self.sessions.find_field.selectAll()

    def show_help(self) -> None:
        """Show the explanations of every check."""
        self.show_view(self.help)

    def show_about(self) -> None:
        """A short word on what rollerlog is, its licence and where the project lives."""
        from html import escape

        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QMessageBox

        from rollerlog.meta import HOMEPAGE, LICENSE, __version__
        from rollerlog.ui.views.help import DISCLAIMER

        box = QMessageBox(
            QMessageBox.Icon.Information,
            "About rollerlog",
            f"<p><b>rollerlog {escape(__version__)}</b></p><p>{escape(DISCLAIMER)}</p>"
            f"<p>Free software under the {escape(LICENSE)} licence.<br>"
            f'<a href="{escape(HOMEPAGE)}">{escape(HOMEPAGE)}</a></p>',
            parent=self,
        )
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        box.setAccessibleName("About rollerlog")
        self.message_box = box
        box.open()

    def print_log(self) -> None:
        """Choose what the printed log covers, then print it."""
        self.add_print_menu()
        assert self.print_actions is not None
        self.print_actions.print_log()

    def show_first_run_notice(self) -> bool:
        """Once: rollerlog is a log and reminder, not medical advice. True when shown now."""
        if not self.state.first_run_notice_due():
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
        self.state.first_run_notice_shown()
        box.open()
        return True

    # -- UI state (kept by window_state) -----------------------------------------------------

    def restore_state(self) -> None:
        """Window geometry and column widths from the last run."""
        self.state.restore_geometry(self)
        for view in self.built_views():
            for table in view.tables():
                self.state.restore_columns(table)

    def save_state(self) -> None:
        """Remember window geometry and column widths."""
        self.state.save_geometry(self)
        for view in self.built_views():
            for table in view.tables():
                self.state.save_columns(table)
        self.state.sync()

    def changeEvent(self, event: QEvent) -> None:
        """When the desktop's palette changes (to dark, say), pick state colours readable on it.

        Here rather than in a filter on the application, which would pass every event of
        every object through Python.
        """
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            from PySide6.QtWidgets import QApplication

            from rollerlog.ui.common import follow_palette

            follow_palette(QApplication.palette())
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        # A page with unsaved changes (Settings) asks first; Cancel keeps the window open.
        if not all(view.may_leave() for view in self.built_views()):
            event.ignore()
            return
        self.save_state()
        super().closeEvent(event)
