"""The command line: ``rollerlog [--data-dir DIR] COMMAND``; no command opens the desktop app.

Errors a person can cause print one clear line on stderr and exit 1; usage errors exit 2.
PySide6 is never imported here at module level, so headless commands start fast.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import signal
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, overload

from rollerlog import paths
from rollerlog.meta import APP_NAME, __version__

if TYPE_CHECKING:
    from rollerlog.domain.findings import Finding

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_STOP = 3
#: The reader closed the pipe early: what a shell reports for a writer ended by SIGPIPE.
EXIT_BROKEN_PIPE = 128 + getattr(signal, "SIGPIPE", 13) if os.name == "posix" else 1


class CommandError(Exception):
    """An error to report in one line and exit 1."""


def _fail(message: str) -> NoReturn:
    raise CommandError(message)


def _open_database(*, read_only: bool = False) -> Any:
    from rollerlog.store.db import open_database

    return open_database(paths.database_path(), read_only=read_only)


def _shown_path(path: Path) -> str:
    """A path as messages show it: control characters escaped, very long paths shortened."""
    from rollerlog.domain.wording import printable

    return printable(str(path), 300)


def _read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; anything else is refused.

    Devices (``/dev/zero``), pipes and folders are refused before a byte is read, and a
    file over the limit before it is parsed, so endless input cannot fill the memory.
    """
    import os
    import stat

    shown = _shown_path(path)
    try:
        # O_NONBLOCK: opening a named pipe with no writer must not hang.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        _fail(f"{shown}: no such file")
    except IsADirectoryError:
        _fail(f"{shown}: is a folder, not a file")
    except OSError as error:
        _fail(f"{shown}: cannot be read ({error.strerror or error})")
    info = os.fstat(descriptor)
    megabytes = limit // (1024 * 1024)
    problem = ""
    if stat.S_ISDIR(info.st_mode):
        problem = "is a folder, not a file"
    elif not stat.S_ISREG(info.st_mode):
        problem = "not a regular file (a device, pipe or socket cannot be imported)"
    elif info.st_size > limit:
        problem = f"too large to import (more than {megabytes} MB)"
    if problem:
        os.close(descriptor)
        _fail(f"{shown}: {problem}")
    with os.fdopen(descriptor, "rb") as stream:
        try:
            raw = stream.read(limit + 1)
        except OSError as error:
            _fail(f"{shown}: cannot be read ({error.strerror or error})")
    if len(raw) > limit:
        _fail(f"{shown}: too large to import (more than {megabytes} MB)")
    return raw


def _read_json_file(path: Path) -> object:
    import json

    from rollerlog.domain.interchange import MAX_FILE_BYTES
    from rollerlog.domain.wording import quoted

    raw = _read_regular_file(path, MAX_FILE_BYTES)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        _fail(f"{_shown_path(path)}: not UTF-8 text (bad byte at position {error.start})")

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                raise ValueError(f"duplicate key {quoted(key)}")
            result[key] = value
        return result

    def no_constants(name: str) -> NoReturn:
        raise ValueError(f"{name} is not a number JSON allows")

    shown = _shown_path(path)
    try:
        return json.loads(text, object_pairs_hook=no_duplicates, parse_constant=no_constants)
    except json.JSONDecodeError as error:
        _fail(f"{shown}: not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})")
    except RecursionError:
        _fail(f"{shown}: not valid JSON (nested too deeply)")
    except ValueError as error:
        _fail(f"{shown}: not valid JSON ({error})")


def command_import(args: argparse.Namespace) -> int:
    """Load an interchange file, all or nothing."""
    from rollerlog.domain.interchange import InvalidDocumentError, parse_document
    from rollerlog.store.backup import backup_before
    from rollerlog.store.interchange import NotEmptyError, import_document
    from rollerlog.store.lock import DataLock

    source = Path(args.file)
    data = _read_json_file(source)
    try:
        document = parse_document(data)
    except InvalidDocumentError as error:
        shown = _shown_path(source)
        for problem in error.problems:
            _say_error(f"{shown}: {problem}", prefix=False)
        count = len(error.problems)
        _fail(f"nothing was imported ({count} problem{'s' if count != 1 else ''} in {shown})")
    with DataLock(paths.data_dir(), "rollerlog import"):
        database = _open_database()
        try:
            if args.replace:
                backup = backup_before(database.path, datetime.now(), "before-import")
                print(f"Backed up the current data to {_shown_path(backup)}")
            try:
                summary = import_document(database, document, replace=args.replace)
            except NotEmptyError as error:
                _fail(str(error))
        finally:
            database.close()
    print(
        f"Imported {summary.rollers} roller(s), {summary.sessions} session(s), "
        f"{summary.sterilizations} sterilization(s), {summary.lesions} lesion(s), "
        f"{summary.procedures} procedure(s) and {summary.conditions} condition(s)."
    )
    return EXIT_OK


def _write_output(out: Path, write: Callable[[Path], object]) -> None:
    """Write through a temporary file beside ``out`` so a failure never leaves half a file."""
    if out.is_dir():
        _fail(f"{out}: is a folder; give a file name")
    if not out.parent.exists():
        _fail(f"{out.parent}: no such folder")
    from rollerlog.files import write_atomically

    try:
        write_atomically(out, write)
    except OSError as error:
        _fail(f"{out}: cannot be written ({error.strerror or error})")


def _report_filter(args: argparse.Namespace, document: Any) -> Any:
    """The log filter of ``export --format csv|pdf``, checked against the data."""
    from rollerlog.report.content import ReportFilter

    known = {roller.name for roller in document.rollers}
    for name in args.rollers or ():
        if name not in known:
            _fail(f"--roller {_shown(name)}: no roller has that name")
    return ReportFilter(
        start=args.start,
        end=args.end,
        rollers=frozenset(args.rollers or ()),
        areas=frozenset(args.areas or ()),
        person=args.name or "",
        with_sterilizations=bool(getattr(args, "with_sterilizations", False)),
    )


def _write_pdf(report: Any, out: Path, paper: str | None) -> int:
    """Write the log as PDF through Qt, headless when there is no display."""
    try:
        # The one import of the UI package by the command line (an allowed exception in
        # the import-linter contracts): PDF pages are drawn with Qt's painter.
        from rollerlog.ui import printing
    except ImportError as error:
        _fail(f"PDF export needs Qt, which could not be loaded ({error})")
    printing.ensure_gui_application()
    try:
        printing.font_family()
    except printing.NoFontError as error:
        _fail(str(error))
    pages: list[int] = []
    chosen = printing.Paper(paper) if paper else None
    _write_output(out, lambda path: pages.append(printing.write_pdf(report, path, chosen)))
    return pages[0]


def command_export(args: argparse.Namespace) -> int:
    """Write the data as JSON (everything) or the filtered log as CSV or PDF."""
    import json

    from rollerlog.domain.interchange import document_to_dict
    from rollerlog.store.interchange import export_document

    out = Path(args.out)
    database = _open_database(read_only=True)
    try:
        document = export_document(database)
    finally:
        database.close()
    if args.format == "json":
        text = json.dumps(document_to_dict(document), indent=2, ensure_ascii=False) + "\n"
        _write_output(out, lambda path: path.write_text(text, encoding="utf-8"))
        print(f"Wrote {_shown_path(out)}")
        return EXIT_OK

    from rollerlog.report.content import build_report

    report = build_report(document, _report_filter(args, document), datetime.now())
    if args.format == "csv":
        args.what = args.what or "sessions"
        from rollerlog.report.csv_export import (
            CSV_ENCODING,
            write_sessions_csv,
            write_sterilizations_csv,
        )

        writer = write_sterilizations_csv if args.what == "sterilizations" else write_sessions_csv

        def write_csv(path: Path) -> None:
            with path.open("w", encoding=CSV_ENCODING, newline="") as stream:
                writer(report, stream)

        _write_output(out, write_csv)
        count = len(report.sterilizations if args.what == "sterilizations" else report.sessions)
        print(f"Wrote {_shown_path(out)} ({count} {args.what})")
        return EXIT_OK
    pages = _write_pdf(report, out, args.paper)
    print(f"Wrote {_shown_path(out)} ({pages} page{'s' if pages != 1 else ''})")
    return EXIT_OK


def command_backup(args: argparse.Namespace) -> int:
    """Write a consistent copy of the database (works while the app is open)."""
    from rollerlog.store.backup import backup_database, thin_backups, timestamped_backup_path

    database = paths.database_path()  # the command line checked that it exists
    if args.out is None:
        folder = paths.backup_dir()
        out = backup_database(database, timestamped_backup_path(folder, datetime.now(), "manual"))
        thin_backups(folder)
    else:
        out = Path(args.out)
        if out.is_dir():
            _fail(f"{out}: is a folder; give a file name")
        if not out.parent.exists():
            _fail(f"{out.parent}: no such folder")
        backup_database(database, out)
    print(f"Backed up the data to {_shown_path(out)}")
    return EXIT_OK


def command_restore(args: argparse.Namespace) -> int:
    """Bring a backup back, after checking it and backing up the current data."""
    from rollerlog.store.backup import restore_database
    from rollerlog.store.lock import DataLock

    source = Path(args.path)
    with DataLock(paths.data_dir(), "rollerlog restore"):
        safety_copy = restore_database(source, paths.database_path(), datetime.now())
        _open_database().close()  # brings an older backup up to the current schema
    if safety_copy is not None:
        print(f"The data as it was is kept in {safety_copy}")
    print(f"Restored the data from {_shown_path(source)}")
    return EXIT_OK


def command_check(args: argparse.Namespace) -> int:
    """Check the database: SQLite's integrity check and the data model's rules."""
    from rollerlog.store.integrity import check_database

    database = paths.database_path()  # the command line checked that it exists
    problems = check_database(database)
    if problems:
        for problem in problems:
            _say_error(f"{database}: {problem}", prefix=False)
        count = len(problems)
        _fail(f"the database has {count} problem{'s' if count != 1 else ''}")
    print(f"The data in {database} is healthy.")
    return EXIT_OK


def _findings_table(findings: Sequence[Finding]) -> list[str]:
    """Findings as aligned lines: severity, what it is about, title [code] and the message."""
    from rollerlog.domain.areas import area_label

    rows = []
    for finding in findings:
        about = area_label(finding.area) if finding.area else (finding.roller or "")
        rows.append(
            (finding.severity.upper(), about, f"{_titled(finding.code)}: {finding.message}")
        )
    width_severity = max((len(r[0]) for r in rows), default=0)
    width_about = max((len(r[1]) for r in rows), default=0)
    return [
        f"  {severity:<{width_severity}}  {about:<{width_about}}  {message}".rstrip()
        for severity, about, message in rows
    ]


def command_plan(args: argparse.Namespace) -> int:
    """Show the findings for a prospective session; exit 3 when something says stop."""
    import json

    from rollerlog.domain.areas import area_label
    from rollerlog.domain.findings import has_stop
    from rollerlog.domain.rules import PlannedSession
    from rollerlog.domain.wording import format_moment, printable
    from rollerlog.store.safety import plan_findings

    areas = tuple(dict.fromkeys(args.area))
    at = args.at or datetime.now().replace(second=0, microsecond=0)
    plan = PlannedSession(at=at, roller=args.roller, areas=areas, test_patch=args.test_patch)
    database = _open_database(read_only=True)
    try:
        findings = plan_findings(database, plan)
    finally:
        database.close()
    if args.json:
        print(json.dumps({"findings": [f.to_dict() for f in findings]}, ensure_ascii=False))
    else:
        kind = "test patch" if args.test_patch else "session"
        where = ", ".join(area_label(area) for area in areas)
        print(f"A {kind} with {printable(args.roller, 100)} on {where}, {format_moment(at)}:")
        if not findings:
            print("  Nothing against it. Go gently.")
        else:
            print("\n".join(_findings_table(findings)))
        if has_stop(findings):
            print("Do not go ahead: something above says STOP.")
    return EXIT_STOP if has_stop(findings) else EXIT_OK


def command_status(args: argparse.Namespace) -> int:
    """Show rollers, areas and standing findings as of a day."""
    import json

    from rollerlog.domain.areas import area_label
    from rollerlog.domain.wording import format_day, format_mm, format_moment
    from rollerlog.store.safety import status_on

    day = args.on or date.today()
    database = _open_database(read_only=True)
    try:
        status = status_on(database, day)
        first_acquired = None if status.rollers else _first_acquired_on(database)
    finally:
        database.close()
    if args.json:
        print(json.dumps(status.to_dict(), ensure_ascii=False))
        return EXIT_OK
    print(f"Status as of {format_day(day)}")
    print()
    if status.findings:
        print("Needs attention:")
        print("\n".join(_findings_table(status.findings)))
        print()
    print("Rollers:")
    if not status.rollers:
        print(f"  {_no_rollers_text(day, first_acquired)}")
    rows = [
        (
            roller.name,
            f"{format_mm(roller.needle_mm)} mm",
            f"{roller.uses} / {roller.limit} uses",
            str(roller.state),
            _cleaning_text(roller),
            format_moment(roller.last_sterilized_at) if roller.last_sterilized_at else "never",
        )
        for roller in sorted(status.rollers, key=lambda roller: natural_key(roller.name))
    ]
    rows.insert(0, ("name", "needle", "uses", "state", "sterilized", "last sterilized"))
    for line in _aligned(rows if status.rollers else []):
        print(f"  {line}")
    print()
    print("Areas:")
    if not status.areas:
        print("  none needled yet")
    area_rows = [("area", "last session", "fine again on")] + [
        (area_label(a.area), format_day(a.last_session), format_day(a.next_on))
        for a in status.areas
    ]
    for line in _aligned(area_rows if status.areas else []):
        print(f"  {line}")
    print()
    print("\n".join(_day_map_lines(status)))
    return EXIT_OK


def _titled(code: str) -> str:
    """A finding's title with its code beside it: ``Area needled too recently [too-soon]``."""
    from rollerlog.domain.findings import title_of

    try:
        return f"{title_of(code)} [{code}]"
    except KeyError:
        return f"[{code}]"


def natural_key(name: str) -> tuple[object, ...]:
    """Sort key for names in natural order: "#2" before "#10", case ignored."""
    parts = re.split(r"(\d+)", name)
    return (*(int(p) if i % 2 else p.casefold() for i, p in enumerate(parts)), name)


def _cleaning_text(roller: Any) -> str:
    """The "sterilized" cell of a roller: a discarded one needs no cleaning, it is not used."""
    if str(roller.state) == "discarded":
        return "discarded"
    return "needs cleaning" if roller.needs_sterilization else "clean"


def _first_acquired_on(database: Any) -> date | None:
    """The day the first roller was acquired, or None when there is no roller at all."""
    from rollerlog.store.queries import list_rollers

    return min((summary.roller.acquired_on for summary in list_rollers(database)), default=None)


def _no_rollers_text(day: date, first_acquired: date | None) -> str:
    """What ``status`` says when no roller was acquired on or before ``day``."""
    from rollerlog.domain.wording import format_day

    if first_acquired is not None and first_acquired > day:
        first = format_day(first_acquired)
        return f"none acquired yet on this day (the first was acquired on {first})"
    return "none yet (add one in the app, or import a file)"


def command_remind(args: argparse.Namespace) -> int:
    """Send each reminder due once: as a desktop notification, or printed with ``--print``.

    ``--dry-run`` only lists what would be sent and remembers nothing. A reminder is
    remembered as sent once the notification service accepted it, or once it was printed;
    with no notification service, one line, exit 1, nothing remembered.
    """
    import json

    from rollerlog.store.reminders import (
        NOTIFICATION,
        PRINTED,
        REMIND_CHANNELS,
        record_sent,
        unsent_on,
    )

    day = args.on or date.today()
    database_file = paths.database_path()
    if not database_file.is_file() or database_file.stat().st_size == 0:
        _fail(f"there is no rollerlog data in {database_file.parent} yet; nothing to remind of")
    printing = args.print
    if not printing and not args.dry_run and sys.platform in ("win32", "darwin"):
        print(
            f"{APP_NAME}: desktop notifications are only sent on Linux so far; "
            "printing the reminders instead",
            file=sys.stderr,
        )
        printing = True

    def report(reminders: Sequence[Any], text_lines: Sequence[str]) -> None:
        if args.json:
            document = {"on": day.isoformat(), "reminders": [r.to_dict() for r in reminders]}
            print(json.dumps(document, ensure_ascii=False))
        else:
            for line in text_lines:
                print(line)
        sys.stdout.flush()

    if args.dry_run:
        database = _open_database(read_only=True)
        try:
            due = unsent_on(database, day, REMIND_CHANNELS)
        finally:
            database.close()
        heading = (
            [f"Would send {len(due)} reminder{'s' if len(due) != 1 else ''}:"]
            if due
            else ["Nothing new to remind you of."]
        )
        report(due, heading + [f"  - {r.message}" for r in due])
        return EXIT_OK

    from rollerlog.store.lock import DataLock

    # One `remind` at a time (a timer and a login may start two), so none is sent twice.
    # Its own lock file: the app holds the data lock while it is open, and remind runs beside it.
    lock = DataLock(paths.data_dir(), "rollerlog remind")
    lock.path = paths.data_dir() / "remind.lock"
    if not lock.try_acquire():
        _fail("another rollerlog remind is running; try again in a moment")
    try:
        database = _open_database()
        try:
            due = unsent_on(database, day, REMIND_CHANNELS)
            if printing:
                report(due, [r.message for r in due])
                record_sent(database, due, PRINTED, datetime.now())
                return EXIT_OK
            if due:
                _send_notifications(database, due, record_sent, NOTIFICATION)
            count = len(due)
            report(
                due,
                [
                    f"Sent {count} reminder{'s' if count != 1 else ''} as desktop notifications."
                    if due
                    else "Nothing new to remind you of."
                ],
            )
        finally:
            database.close()
    finally:
        lock.release()
    return EXIT_OK


def _send_notifications(
    database: Any, reminders: Sequence[Any], record_sent: Callable[..., int], channel: str
) -> None:
    """Send each reminder as a notification, remembering each once the service accepted it."""
    from rollerlog.notify import NotificationServiceUnavailableError, desktop_notifier

    sent = 0
    try:
        with desktop_notifier() as notifier:
            for reminder in reminders:
                notifier.send(reminder.title, reminder.message)
                record_sent(database, [reminder], channel, datetime.now())
                sent += 1
    except NotificationServiceUnavailableError as error:
        if sent:
            _fail(
                f"reminders could not all be sent: {error}; {sent} of {len(reminders)} were "
                "sent, the others will be sent next time"
            )
        _fail(
            f"reminders cannot be sent: {error}; nothing was remembered as sent "
            "(use --print to write them here instead)"
        )


def _day_map_lines(status: Any) -> list[str]:
    """The day's verdict in a sentence, then every area's state and why, in words."""
    from rollerlog.domain.areas import area_label
    from rollerlog.domain.day_map import AreaState, answer, deciding_findings, state_words
    from rollerlog.domain.findings import title_of
    from rollerlog.domain.wording import format_day

    day_map = status.day_map
    said = answer(day_map, status.rollers)
    lines = [f"Can I roll? {said.headline}."]
    lines += [f"  {detail}" for detail in said.details]
    lines += ["", "Map:"]
    rows = [("area", "state", "why")]
    for entry in day_map.areas:
        why = "; ".join(dict.fromkeys(title_of(f.code) for f in deciding_findings(entry)))
        if entry.state is AreaState.HEALING:
            why = f"fine again on {format_day(entry.next_on)}"
        rows.append((area_label(entry.area), state_words(entry), why))
    lines += [f"  {line}" for line in _aligned(rows)]
    return lines


def _aligned(rows: Sequence[Sequence[str]]) -> list[str]:
    if not rows:
        return []
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]


# --- The parser: options, their help, and usage errors -----------------------------------

DATE_HELP = "DATE is a day as YYYY-MM-DD, e.g. 2026-03-01."
DATETIME_HELP = (
    "DATETIME is a local time as YYYY-MM-DDTHH:MM, e.g. 2026-03-01T20:30; a time the\n"
    "clocks skip when they go forward does not exist and is refused."
)
AREAS_HELP = "SLUG is a body area such as left-cheek or forehead; `rollerlog areas` lists them all."
NO_DATA = "no rollerlog data in the data folder"
USAGE_EXIT = "2  a usage error: an unknown option, a bad DATE, an unknown choice"


def _epilog(*paragraphs: str, exits: Sequence[str]) -> str:
    """A command's help epilog: what its values look like, then its exit codes."""
    lines = [*paragraphs, "", "exit codes:"]
    lines += [f"  {line}" for line in exits]
    return "\n".join(lines).lstrip("\n")


def _shown(text: str) -> str:
    """``text`` quoted for one line on a terminal: control characters escaped, shortened."""
    from rollerlog.domain.wording import quoted

    return quoted(text)


def _one_of(words: Sequence[str]) -> str:
    """``a, b or c``."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


class _Choice:
    """An argparse ``type`` for a fixed set of words, ignoring case (``--paper A4``).

    The parser keeps ``choices`` for help and completion; an unknown word is refused here,
    with the words that are expected.
    """

    def __init__(self, what: str, words: Sequence[str], hint: str = "") -> None:
        self.what = what
        self.words = words
        self.hint = hint
        self.__name__ = what  # argparse names the type in some messages

    def __call__(self, text: str) -> str:
        word = text.strip().lower()
        if word in self.words:
            return word
        expected = self.hint or _one_of(self.words)
        close = difflib.get_close_matches(word, self.words, n=1)
        maybe = f" (did you mean {close[0]}?)" if close else ""
        raise argparse.ArgumentTypeError(
            f"{_shown(text)} is not {self.what}{maybe}; expected {expected}"
        )


def _parse_day(text: str) -> date:
    """An argparse ``type`` for DATE."""
    from rollerlog.domain.interchange import parse_date_text

    parsed = parse_date_text(text)
    if parsed is None:
        raise argparse.ArgumentTypeError(
            f"{_shown(text)} is not a day; expected DATE as YYYY-MM-DD, e.g. 2026-03-01"
        )
    return parsed


def _parse_moment(text: str) -> datetime:
    """An argparse ``type`` for DATETIME: a local time that exists on this machine."""
    from rollerlog.domain.interchange import parse_datetime_text

    parsed = parse_datetime_text(text) if "T" in text else None
    if parsed is None:
        raise argparse.ArgumentTypeError(
            f"{_shown(text)} is not a time; expected DATETIME as YYYY-MM-DDTHH:MM, "
            "e.g. 2026-03-01T20:30"
        )
    from rollerlog.domain.local_time import exists_locally, skipped_hour_message

    if not exists_locally(parsed):
        raise argparse.ArgumentTypeError(skipped_hour_message(text, parsed))
    return parsed


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line on stderr and exit 2."""

    def error(self, message: str) -> NoReturn:
        """Print ``PROG: message`` in one line (with the usage for a malformed line); exit 2."""
        text = message.removeprefix("argument ")
        if message.startswith(("unrecognized arguments", "the following arguments")) or (
            message.endswith(("expected one argument", "expected at least one argument"))
        ):
            usage = " ".join(self.format_usage().split())
            text += f"; {usage}"
        self.exit(EXIT_USAGE, f"{self.prog}: {text} (see {self.prog} --help)\n")

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        """Name an unknown command, suggesting the closest one and listing them all."""
        if isinstance(action, argparse._SubParsersAction) and value not in action.choices:
            public = [choice.dest for choice in action._get_subactions()]
            close = difflib.get_close_matches(value, public, n=1)
            maybe = f" (did you mean {close[0]}?)" if close else ""
            raise argparse.ArgumentError(
                None, f"unknown command {_shown(value)}{maybe}; expected one of {', '.join(public)}"
            )
        super()._check_value(action, value)

    def unrecognized(self, extras: Sequence[str]) -> NoReturn:
        """Refuse options this command does not know, suggesting the closest one."""
        known = [option for action in self._actions for option in action.option_strings]
        first = extras[0]
        close = difflib.get_close_matches(first.split("=", 1)[0], known, n=1)
        maybe = f" (did you mean {close[0]}?)" if first.startswith("-") and close else ""
        words = " ".join(_shown(extra) if not extra.isprintable() else extra for extra in extras)
        self.error(f"unrecognized arguments: {words}{maybe}")


def _add_data_dir(parser: argparse.ArgumentParser, default: Any) -> None:
    _completes(
        parser.add_argument(
            "--data-dir",
            metavar="DIR",
            default=default,
            help="folder of the data (default: $ROLLERLOG_DATA_DIR, else the user data folder)",
        ),
        _DIRECTORY_COMPLETION,
    )


def _completes(action: argparse.Action, how: Mapping[str, Any]) -> None:
    """Tell shtab how to complete the values of ``action`` (its ``complete`` attribute)."""
    setattr(action, "complete", how)  # noqa: B010


# Completion of values, for shtab: roller names come from the data through the hidden
# `rollerlog _rollers` command (bash and zsh); paths complete as files or folders.
_FILE_COMPLETION = {"bash": "_shtab_compgen_files", "zsh": "_files", "tcsh": "f"}
_DIRECTORY_COMPLETION = {"bash": "_shtab_compgen_dirs", "zsh": "_files -/", "tcsh": "d"}
_ROLLER_COMPLETION = {
    "bash": "_rollerlog_roller_names",
    "zsh": "_rollerlog_roller_names",
    "tcsh": "`rollerlog _rollers`",  # tcsh splits names at spaces
    "preamble": {
        "bash": r"""
# Roller names from the data, one per line, escaped for the command line.
_rollerlog_roller_names() {
  local i dir=() name escaped
  for ((i = 1; i < ${#COMP_WORDS[@]} - 1; i++)); do
    [[ ${COMP_WORDS[i]} == --data-dir ]] && dir=(--data-dir "${COMP_WORDS[i + 1]/#\~/$HOME}")
  done
  rollerlog "${dir[@]}" _rollers 2>/dev/null | while IFS= read -r name; do
    escaped=$(printf '%q' "$name")
    if [[ $name == "$1"* || $escaped == "$1"* ]]; then printf '%s\n' "$escaped"; fi
  done
}
""",
        "zsh": r"""
# Roller names from the data (compadd quotes spaces and the like itself).
_rollerlog_roller_names() {
  local -a dir names
  local i=${words[(I)--data-dir]}
  (( i > 0 )) && dir=(--data-dir "${~words[i + 1]}")
  names=("${(@f)$(rollerlog "${dir[@]}" _rollers 2>/dev/null)}")
  compadd -a names
}
""",
    },
}


def _add_roller_option(parser: argparse.ArgumentParser, **kwargs: Any) -> None:
    _completes(parser.add_argument("--roller", metavar="NAME", **kwargs), _ROLLER_COMPLETION)


class _AreaSlugs(Sequence[str]):
    """The catalogue's area slugs, imported on first use so that start-up stays quick."""

    @staticmethod
    def _slugs() -> tuple[str, ...]:
        from rollerlog.domain.areas import AREA_SLUGS

        return AREA_SLUGS

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        return self._slugs()[index]

    def __len__(self) -> int:
        return len(self._slugs())


def _add_area_option(parser: argparse.ArgumentParser, **kwargs: Any) -> None:
    slugs = _AreaSlugs()
    parser.add_argument(
        "--area",
        metavar="SLUG",
        action="append",
        type=_Choice("an area", slugs, "a slug such as left-cheek (`rollerlog areas` lists them)"),
        choices=slugs,
        **kwargs,
    )


def build_parser() -> _Parser:
    """The argument parser of every command."""
    parser = _Parser(
        prog=APP_NAME,
        allow_abbrev=False,
        description="A private log and safety checker for at-home microneedling. "
        "With no command, opens the desktop app (as rollerlog-app does).",
        epilog=_epilog(
            DATE_HELP,
            DATETIME_HELP,
            AREAS_HELP,
            "`rollerlog COMMAND --help` explains a command and its exit codes.",
            exits=[
                "0  done",
                "1  an error (one line on stderr), e.g. " + NO_DATA + " for a command that reads",
                USAGE_EXIT,
                "3  plan: something says stop",
            ],
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version", action="version", version=f"{APP_NAME} {__version__}",
        help="print the version and exit",
    )  # fmt: skip
    _add_data_dir(parser, None)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")

    def add(name: str, help_text: str, *, exits: Sequence[str], notes: Sequence[str] = ()) -> Any:
        sub = commands.add_parser(
            name,
            help=help_text,
            description=help_text[0].upper() + help_text[1:] + ".",
            epilog=_epilog(*notes, exits=exits),
            formatter_class=argparse.RawDescriptionHelpFormatter,
            allow_abbrev=False,
        )
        _add_data_dir(sub, argparse.SUPPRESS)
        sub.set_defaults(parser=sub)
        return sub

    importer = add(
        "import",
        "load an interchange (JSON) file, all or nothing",
        notes=["Creates the data folder and database when there is none yet."],
        exits=[
            "0  imported",
            "1  the file is not a valid interchange file (each problem is listed), the "
            "database holds data and --replace was not given, or the app is open",
            USAGE_EXIT,
        ],
    )
    _completes(
        importer.add_argument(
            "file", metavar="FILE", help="the interchange file (docs/interchange.md)"
        ),
        _FILE_COMPLETION,
    )
    importer.add_argument(
        "--replace", action="store_true", help="replace existing data (after a backup)"
    )
    importer.set_defaults(handler=command_import)

    exporter = add(
        "export",
        "write the data as JSON, or the session log as CSV or PDF",
        notes=[
            "json writes everything and takes no filter. csv and pdf write the log, filtered by",
            "--from, --to, --roller and --area; --what applies to csv only, --name and --paper",
            "to pdf only. Cells of a CSV that a spreadsheet would run as a formula are written",
            "behind a ' (docs/csv.md).",
            "",
            DATE_HELP,
            AREAS_HELP,
        ],
        exits=[
            "0  written",
            f"1  {NO_DATA}, an unknown roller, or the file cannot be written",
            USAGE_EXIT + ", an option that does not apply to the format",
        ],
    )
    exporter.add_argument(
        "--format",
        required=True,
        type=_Choice("a format", ["json", "csv", "pdf"]),
        choices=["json", "csv", "pdf"],
        help="json (the interchange file), csv (a spreadsheet) or pdf (the printed log)",
    )
    _completes(
        exporter.add_argument(
            "--out", required=True, metavar="PATH", help="the file to write (replaced if it exists)"
        ),
        _FILE_COMPLETION,
    )
    exporter.add_argument(
        "--from", dest="start", metavar="DATE", type=_parse_day,
        help="first day of the log, included (csv, pdf)",
    )  # fmt: skip
    exporter.add_argument(
        "--to", dest="end", metavar="DATE", type=_parse_day,
        help="last day of the log, included (csv, pdf)",
    )  # fmt: skip
    _add_roller_option(
        exporter,
        dest="rollers",
        action="append",
        help="only this roller (repeat for several; csv, pdf)",
    )
    _add_area_option(
        exporter,
        dest="areas",
        help="only sessions touching this area (repeat for several; csv, pdf)",
    )
    exporter.add_argument(
        "--name", metavar="TEXT", help="the person's name, printed in the log's title (pdf)"
    )
    exporter.add_argument(
        "--paper",
        type=_Choice("a paper size", ["a4", "letter"]),
        choices=["a4", "letter"],
        help="paper size of the PDF (default: from the locale, LC_PAPER first)",
    )
    exporter.add_argument(
        "--with-sterilizations",
        action="store_true",
        help="add the sterilization log as an appendix (pdf)",
    )
    exporter.add_argument(
        "--what",
        type=_Choice("a kind of row", ["sessions", "sterilizations"]),
        choices=["sessions", "sterilizations"],
        help="the rows of the CSV file (default: sessions)",
    )
    exporter.set_defaults(handler=command_export, needs_data=True, check=_check_export_options)

    checker = add(
        "check",
        "check the database for damage and impossible records",
        exits=[
            "0  healthy",
            f"1  something is wrong (each problem is listed), or {NO_DATA}",
            USAGE_EXIT,
        ],
    )
    checker.set_defaults(handler=command_check, needs_data=True)

    backer = add(
        "backup",
        "write a consistent copy of the data (into backups/ by default)",
        notes=["Works while the app is open."],
        exits=["0  backed up", f"1  {NO_DATA}, or the copy cannot be written", USAGE_EXIT],
    )
    _completes(
        backer.add_argument(
            "--out",
            metavar="PATH",
            help="where to write the copy (default: a new file in backups/)",
        ),
        _FILE_COMPLETION,
    )
    backer.set_defaults(handler=command_backup, needs_data=True)

    restorer = add(
        "restore",
        "bring back a backup (the current data is backed up first)",
        exits=["0  restored", "1  the file is not a good backup, or the app is open", USAGE_EXIT],
    )
    _completes(
        restorer.add_argument("path", metavar="PATH", help="the backup file to bring back"),
        _FILE_COMPLETION,
    )
    restorer.set_defaults(handler=command_restore)

    status = add(
        "status",
        "rollers, areas and what needs attention, as of a day",
        notes=[DATE_HELP],
        exits=["0  shown", f"1  {NO_DATA}", USAGE_EXIT],
    )
    status.add_argument(
        "--on", type=_parse_day, metavar="DATE", help="the day, as YYYY-MM-DD (default: today)"
    )
    status.add_argument("--json", action="store_true", help="print JSON for scripts")
    status.set_defaults(handler=command_status, needs_data=True)

    planner = add(
        "plan",
        "check a session before you roll; exits 3 when something says stop",
        notes=[DATETIME_HELP, AREAS_HELP],
        exits=[
            "0  nothing says stop",
            f"1  {NO_DATA}, or no roller has that name",
            USAGE_EXIT,
            "3  something says stop: do not go ahead",
        ],
    )
    _add_roller_option(planner, required=True, help="the roller you will use")
    _add_area_option(planner, required=True, help="an area you will treat (repeat for several)")
    planner.add_argument(
        "--at", type=_parse_moment, metavar="DATETIME",
        help="when, as YYYY-MM-DDTHH:MM in local time (default: now)",
    )  # fmt: skip
    planner.add_argument("--test-patch", action="store_true", help="a small test patch")
    planner.add_argument("--json", action="store_true", help="print JSON for scripts")
    planner.set_defaults(handler=command_plan, needs_data=True)

    lister = add(
        "areas",
        "list the body areas: the slugs --area takes, with their names",
        exits=["0  listed", USAGE_EXIT],
    )
    lister.set_defaults(handler=command_areas)

    completer = add(
        "completion",
        "print a shell completion script",
        notes=[
            "bash:  rollerlog completion bash \\",
            "         > ~/.local/share/bash-completion/completions/rollerlog",
            "zsh:   rollerlog completion zsh > ~/.zfunc/_rollerlog  (with ~/.zfunc in fpath)",
            "tcsh:  rollerlog completion tcsh > ~/.rollerlog.tcsh; then source it in ~/.tcshrc",
            "In bash and zsh, --roller completes the names of your rollers.",
        ],
        exits=["0  printed", USAGE_EXIT],
    )
    completer.add_argument(
        "shell",
        metavar="SHELL",
        type=_Choice("a shell", COMPLETION_SHELLS),
        choices=COMPLETION_SHELLS,
        help="bash, zsh or tcsh",
    )
    completer.set_defaults(handler=command_completion)

    # Hidden (no help): the roller names, one per line, for the completion scripts.
    names = commands.add_parser("_rollers", description="Print the roller names, one per line.")
    _add_data_dir(names, argparse.SUPPRESS)
    names.set_defaults(handler=command_roller_names, parser=names)

    reminder = add(
        "remind",
        "send the reminders due as desktop notifications, each once",
        notes=[DATE_HELP],
        exits=[
            "0  sent, printed or listed (also when nothing was due)",
            f"1  {NO_DATA}, or no notification service could be reached",
            USAGE_EXIT,
        ],
    )
    reminder.add_argument("--on", type=_parse_day, metavar="DATE", help="the day (default today)")
    reminder.add_argument(
        "--dry-run", action="store_true", help="only list what would be sent; remember nothing"
    )
    reminder.add_argument(
        "--print", action="store_true", help="write the reminders here instead of notifying"
    )
    reminder.add_argument("--json", action="store_true", help="print JSON for scripts")
    reminder.set_defaults(handler=command_remind, needs_data=lambda args: args.dry_run)
    return parser


COMPLETION_SHELLS = ("bash", "zsh", "tcsh")


def _check_export_options(parser: _Parser, args: argparse.Namespace) -> None:
    """Refuse, as a usage error, the options that do not apply to the chosen format."""
    applies = {
        "--from": ("csv", "pdf"),
        "--to": ("csv", "pdf"),
        "--roller": ("csv", "pdf"),
        "--area": ("csv", "pdf"),
        "--what": ("csv",),
        "--name": ("pdf",),
        "--paper": ("pdf",),
    }
    given = {
        "--from": args.start is not None,
        "--to": args.end is not None,
        "--roller": bool(args.rollers),
        "--area": bool(args.areas),
        "--what": args.what is not None,
        "--name": args.name is not None,
        "--paper": args.paper is not None,
    }
    for option, formats in applies.items():
        if given[option] and args.format not in formats:
            where = " and ".join(formats)
            parser.error(f"{option} does not apply to --format {args.format}; it is for {where}")
    if args.start is not None and args.end is not None and args.start > args.end:
        parser.error(f"--from {args.start} is after --to {args.end}; expected --from <= --to")


def command_areas(args: argparse.Namespace) -> int:
    """Print the body-area catalogue: slug, name and group, in catalogue order."""
    from rollerlog.domain.areas import AREAS, GROUP_LABELS

    rows = [(area.slug, area.label, GROUP_LABELS[area.group]) for area in AREAS]
    for line in _aligned(rows):
        print(line)
    return EXIT_OK


def command_completion(args: argparse.Namespace) -> int:
    """Print a completion script for ``args.shell``, generated from the parser."""
    import shtab

    print(shtab.complete(build_parser(), shell=args.shell))
    return EXIT_OK


def command_roller_names(args: argparse.Namespace) -> int:
    """Print every roller's name, one per line (for shell completion); nothing without data."""
    if not _has_data():
        return EXIT_OK
    from rollerlog.store.queries import roller_names

    database = _open_database(read_only=True)
    try:
        names = roller_names(database)
    finally:
        database.close()
    for name in names:
        if name.isprintable():
            print(name)
    return EXIT_OK


# --- Running a command ----------------------------------------------------------------------


def _has_data() -> bool:
    """True when the data folder holds a rollerlog database (never creates anything)."""
    database = paths.database_path()
    try:
        return database.is_file() and database.stat().st_size > 0
    except OSError:
        return False


def _no_data_message() -> str:
    folder = paths.data_dir()
    missing = "" if folder.is_dir() else " (the folder does not exist)"
    return (
        f"no rollerlog data in {folder}{missing}; check --data-dir, "
        "or create the data with `rollerlog import FILE` or the app"
    )


def _needs_data(args: argparse.Namespace) -> bool:
    """Whether the chosen command only reads, so must find existing data."""
    needs = getattr(args, "needs_data", False)
    return bool(needs(args) if callable(needs) else needs)


def no_display_reason(environ: Mapping[str, str] | None = None) -> str | None:
    """Why the app cannot open a window here, or None when it can (decided before Qt loads)."""
    environ = os.environ if environ is None else environ
    if sys.platform in ("win32", "darwin", "cygwin"):
        return None
    if any(environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")):
        return None
    return (
        "no display to open the app on (neither DISPLAY nor WAYLAND_DISPLAY is set); "
        "start it from a desktop session (or ssh -X), or use a command: rollerlog --help"
    )


def _no_core_files() -> None:
    """Make a crash of the app leave no core file, which would hold the records in memory.

    Qt aborts when it cannot reach a display it was told to use (a stale DISPLAY); the
    soft limit is lowered for this process only, and the hard limit is left as it was.
    """
    try:
        import resource
    except ImportError:  # not on Windows
        return
    try:
        _, hard = resource.getrlimit(resource.RLIMIT_CORE)
        resource.setrlimit(resource.RLIMIT_CORE, (0, hard))
    except (ValueError, OSError):
        pass


def _open_app() -> int:
    """Open the desktop app, or say in one line why it cannot open here."""
    reason = no_display_reason()
    if reason is not None:
        print(f"{APP_NAME}: {reason}", file=sys.stderr)
        return EXIT_ERROR
    _no_core_files()
    from rollerlog.ui.app import run

    return run()


def _run(argv: Sequence[str] | None) -> int:
    if not (sys.argv[1:] if argv is None else argv):
        # No command, no option: the app. Building the whole parser would only delay it.
        return _open_app()
    parser = build_parser()
    args, extras = parser.parse_known_args(argv)
    command_parser = getattr(args, "parser", None) or parser
    if extras:
        command_parser.unrecognized(extras)
    check = getattr(args, "check", None)
    if check is not None:
        check(command_parser, args)
    if args.data_dir is not None:
        paths.set_data_dir_override(args.data_dir)
    if args.command is None:
        return _open_app()
    from rollerlog.store.db import StoreError

    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        if _needs_data(args) and not _has_data():
            _fail(_no_data_message())
        return handler(args)
    except (CommandError, StoreError) as error:
        _say_error(str(error))
        return EXIT_ERROR
    except KeyboardInterrupt:
        _say_error("interrupted")
        return 130
    except BrokenPipeError:
        raise  # the reader went away: main() ends quietly
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        _say_error(f"{where}{error.strerror or error}")
        return EXIT_ERROR
    except Exception as error:  # a bug: keep the details in the log, show one line
        log = _log_unexpected(error)
        _say_error(f"unexpected error ({type(error).__name__}: {error}); details in {log}")
        return EXIT_ERROR


def _say_error(message: str, *, prefix: bool = True) -> None:
    """One line on stderr, never with raw control characters (a hostile name stays inert)."""
    from rollerlog.domain.wording import printable

    line = printable(message, 2000)
    print(f"{APP_NAME}: {line}" if prefix else line, file=sys.stderr)


def _exit_code(code: object) -> int:
    """The process exit status of ``SystemExit(code)``."""
    if code is None:
        return EXIT_OK
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return EXIT_ERROR


def _end_quietly_on_broken_pipe() -> int:
    """The reader closed the pipe: send what is left to devnull so exit stays silent.

    As the Python documentation advises for BrokenPipeError: Python flushes stdout once more
    at exit, which would fail again and print a warning.
    """
    if sys.stdout is not None:
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
    return EXIT_BROKEN_PIPE


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line (the `rollerlog` console command); return the exit code."""
    try:
        try:
            code = _run(argv)
        except SystemExit as stop:  # --help, --version and usage errors
            code = _exit_code(stop.code)
        if sys.stdout is not None:
            sys.stdout.flush()
    except BrokenPipeError:
        return _end_quietly_on_broken_pipe()
    return code


def app_main(argv: Sequence[str] | None = None) -> int:
    """Open the desktop app: the `rollerlog-app` GUI command, ``rollerlog-app [--data-dir DIR]``."""
    for name in ("stdout", "stderr"):  # a GUI program on Windows has neither
        if getattr(sys, name) is None:
            setattr(sys, name, Path(os.devnull).open("w", encoding="utf-8"))  # noqa: SIM115
    parser = _Parser(
        prog=f"{APP_NAME}-app",
        description="Open the rollerlog desktop app. The command line is `rollerlog`.",
    )
    parser.add_argument(
        "--version", action="version", version=f"{APP_NAME} {__version__}",
        help="print the version and exit",
    )  # fmt: skip
    _add_data_dir(parser, None)
    try:
        try:
            args = parser.parse_args(argv)
        except SystemExit as stop:
            return _exit_code(stop.code)
        if args.data_dir is not None:
            paths.set_data_dir_override(args.data_dir)
        return _open_app()
    except BrokenPipeError:
        return _end_quietly_on_broken_pipe()


def _log_unexpected(error: BaseException) -> Path | str:
    """Append the traceback of an unexpected error to the private log file; return its path."""
    from rollerlog.errorlog import log_unexpected

    try:
        return log_unexpected(error)
    except OSError:
        return "(the log could not be written)"
