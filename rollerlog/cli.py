"""The command line: ``rollerlog [--data-dir DIR] COMMAND``; no command opens the desktop app.

Errors a person can cause print one clear line on stderr and exit 1; usage errors exit 2.
PySide6 is never imported here at module level, so headless commands start fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from rollerlog import paths
from rollerlog.meta import APP_NAME, __version__

if TYPE_CHECKING:
    from rollerlog.domain.findings import Finding

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_STOP = 3


class CommandError(Exception):
    """An error to report in one line and exit 1."""


def _fail(message: str) -> NoReturn:
    raise CommandError(message)


def _open_database(*, read_only: bool = False) -> Any:
    from rollerlog.store.db import open_database

    return open_database(paths.database_path(), read_only=read_only)


def _read_json_file(path: Path) -> object:
    import json

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        _fail(f"{path}: no such file")
    except IsADirectoryError:
        _fail(f"{path}: is a folder, not a file")
    except OSError as error:
        _fail(f"{path}: cannot be read ({error.strerror or error})")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        _fail(f"{path}: not UTF-8 text (bad byte at position {error.start})")

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                raise ValueError(f'duplicate key "{key}"')
            result[key] = value
        return result

    def no_constants(name: str) -> NoReturn:
        raise ValueError(f"{name} is not a number JSON allows")

    try:
        return json.loads(text, object_pairs_hook=no_duplicates, parse_constant=no_constants)
    except json.JSONDecodeError as error:
        _fail(f"{path}: not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})")
    except (ValueError, RecursionError) as error:
        _fail(f"{path}: not valid JSON ({error})")


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
        for problem in error.problems:
            print(f"{source}: {problem}", file=sys.stderr)
        count = len(error.problems)
        _fail(f"nothing was imported ({count} problem{'s' if count != 1 else ''} in {source})")
    with DataLock(paths.data_dir(), "rollerlog import"):
        database = _open_database()
        try:
            if args.replace:
                backup = backup_before(database.path, datetime.now(), "before-import")
                print(f"Backed up the current data to {backup}")
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


def _parse_filter_day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    from rollerlog.domain.interchange import parse_date_text

    day = parse_date_text(text)
    if day is None:
        _fail(f"{option} {text}: not a day in the form YYYY-MM-DD")
    return day


def _report_filter(args: argparse.Namespace, document: Any) -> Any:
    """The log filter of ``export --format csv|pdf``, checked against the data."""
    from rollerlog.domain.areas import is_area
    from rollerlog.report.content import ReportFilter

    start = _parse_filter_day(args.start, "--from")
    end = _parse_filter_day(args.end, "--to")
    if start is not None and end is not None and start > end:
        _fail(f"--from {start} is after --to {end}")
    known = {roller.name for roller in document.rollers}
    for name in args.rollers or ():
        if name not in known:
            _fail(f'--roller "{name}": no roller has that name')
    for slug in args.areas or ():
        if not is_area(slug):
            _fail(f'--area "{slug}": unknown area')
    return ReportFilter(
        start=start,
        end=end,
        rollers=frozenset(args.rollers or ()),
        areas=frozenset(args.areas or ()),
        person=args.name or "",
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
    if args.format == "json" and (args.start or args.end or args.rollers or args.areas):
        _fail(
            "json export writes everything; --from, --to, --roller and --area apply to csv and pdf"
        )
    database = _open_database(read_only=True)
    try:
        document = export_document(database)
    finally:
        database.close()
    if args.format == "json":
        text = json.dumps(document_to_dict(document), indent=2, ensure_ascii=False) + "\n"
        _write_output(out, lambda path: path.write_text(text, encoding="utf-8"))
        print(f"Wrote {out}")
        return EXIT_OK

    from rollerlog.report.content import build_report

    report = build_report(document, _report_filter(args, document), datetime.now())
    if args.format == "csv":
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
        print(f"Wrote {out} ({count} {args.what})")
        return EXIT_OK
    pages = _write_pdf(report, out, args.paper)
    print(f"Wrote {out} ({pages} page{'s' if pages != 1 else ''})")
    return EXIT_OK


def command_backup(args: argparse.Namespace) -> int:
    """Write a consistent copy of the database (works while the app is open)."""
    from rollerlog.store.backup import backup_database, thin_backups, timestamped_backup_path

    database = paths.database_path()
    if not database.exists() or database.stat().st_size == 0:
        _fail(f"there is no data to back up yet (no database in {database.parent})")
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
    print(f"Backed up the data to {out}")
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
    print(f"Restored the data from {source}")
    return EXIT_OK


def command_check(args: argparse.Namespace) -> int:
    """Check the database: SQLite's integrity check and the data model's rules."""
    from rollerlog.store.integrity import check_database

    database = paths.database_path()
    if not database.exists():
        print(f"There is no data yet (no database in {database.parent}); nothing to check.")
        return EXIT_OK
    problems = check_database(database)
    if problems:
        for problem in problems:
            print(f"{database}: {problem}", file=sys.stderr)
        count = len(problems)
        _fail(f"the database has {count} problem{'s' if count != 1 else ''}")
    print(f"The data in {database} is healthy.")
    return EXIT_OK


def _parse_day(text: str) -> date:
    from rollerlog.domain.interchange import parse_date_text

    parsed = parse_date_text(text)
    if parsed is None:
        raise argparse.ArgumentTypeError(f'"{text}" is not a day as YYYY-MM-DD')
    return parsed


def _parse_moment(text: str) -> datetime:
    from rollerlog.domain.interchange import parse_datetime_text

    parsed = parse_datetime_text(text)
    if parsed is None:
        raise argparse.ArgumentTypeError(f'"{text}" is not a time as YYYY-MM-DDTHH:MM')
    return parsed


def _findings_table(findings: Sequence[Finding]) -> list[str]:
    """Findings as aligned lines for a person: severity, what it is about, the message."""
    from rollerlog.domain.areas import area_label

    rows = []
    for finding in findings:
        about = area_label(finding.area) if finding.area else (finding.roller or "")
        rows.append((finding.severity.upper(), about, finding.message))
    width_severity = max((len(r[0]) for r in rows), default=0)
    width_about = max((len(r[1]) for r in rows), default=0)
    return [
        f"  {severity:<{width_severity}}  {about:<{width_about}}  {message}".rstrip()
        for severity, about, message in rows
    ]


def command_plan(args: argparse.Namespace) -> int:
    """Show the findings for a prospective session; exit 3 when something says stop."""
    import json

    from rollerlog.domain.areas import AREA_SLUGS, area_label, is_area
    from rollerlog.domain.findings import has_stop
    from rollerlog.domain.rules import PlannedSession
    from rollerlog.domain.wording import format_moment
    from rollerlog.store.safety import plan_findings

    unknown = [area for area in args.area if not is_area(area)]
    if unknown:
        _fail(f'unknown area "{unknown[0]}"; the areas are: ' + ", ".join(AREA_SLUGS))
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
        print(f"A {kind} with {args.roller} on {where}, {format_moment(at)}:")
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
        print("  none yet (add one in the app, or import a file)")
    rows = [
        (
            roller.name,
            f"{format_mm(roller.needle_mm)} mm",
            f"{roller.uses} / {roller.limit} uses",
            str(roller.state),
            "needs cleaning" if roller.needs_sterilization else "clean",
            format_moment(roller.last_sterilized_at) if roller.last_sterilized_at else "never",
        )
        for roller in status.rollers
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
    return EXIT_OK


def _aligned(rows: Sequence[Sequence[str]]) -> list[str]:
    if not rows:
        return []
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]


def _add_data_dir(parser: argparse.ArgumentParser, default: Any) -> None:
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=default,
        help="folder of the data (default: $ROLLERLOG_DATA_DIR, else the user data folder)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = argparse.ArgumentParser(
        prog=APP_NAME,
        description="A private log and safety checker for at-home microneedling. "
        "With no command, opens the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    _add_data_dir(parser, None)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        _add_data_dir(sub, argparse.SUPPRESS)
        return sub

    importer = add("import", "load an interchange (JSON) file, all or nothing")
    importer.add_argument("file", metavar="FILE")
    importer.add_argument(
        "--replace", action="store_true", help="replace existing data (after a backup)"
    )
    importer.set_defaults(handler=command_import)

    exporter = add("export", "write the data as JSON, or the session log as CSV or PDF")
    exporter.add_argument("--format", required=True, choices=["json", "csv", "pdf"])
    exporter.add_argument("--out", required=True, metavar="PATH")
    exporter.add_argument(
        "--from", dest="start", metavar="DATE", help="first day of the log (csv, pdf)"
    )
    exporter.add_argument("--to", dest="end", metavar="DATE", help="last day of the log (csv, pdf)")
    exporter.add_argument(
        "--roller",
        dest="rollers",
        action="append",
        metavar="NAME",
        help="only this roller (repeat for several; csv, pdf)",
    )
    exporter.add_argument(
        "--area",
        dest="areas",
        action="append",
        metavar="SLUG",
        help="only sessions touching this area (repeat for several; csv, pdf)",
    )
    exporter.add_argument("--name", metavar="TEXT", help="the person's name on the printed log")
    exporter.add_argument(
        "--paper",
        choices=["a4", "letter"],
        help="paper size of the PDF (default: from the locale)",
    )
    exporter.add_argument(
        "--what",
        choices=["sessions", "sterilizations"],
        default="sessions",
        help="the rows of the CSV file (default: sessions)",
    )
    exporter.set_defaults(handler=command_export)

    checker = add("check", "check the database for damage and impossible records")
    checker.set_defaults(handler=command_check)

    backer = add("backup", "write a consistent copy of the data (into backups/ by default)")
    backer.add_argument("--out", metavar="PATH", help="where to write the copy")
    backer.set_defaults(handler=command_backup)

    restorer = add("restore", "bring back a backup (the current data is backed up first)")
    restorer.add_argument("path", metavar="PATH")
    restorer.set_defaults(handler=command_restore)

    status = add("status", "rollers, areas and what needs attention, as of a day")
    status.add_argument("--on", type=_parse_day, metavar="DATE", help="the day (default today)")
    status.add_argument("--json", action="store_true", help="print JSON for scripts")
    status.set_defaults(handler=command_status)

    planner = add("plan", "check a session before you roll; exits 3 when something says stop")
    planner.add_argument("--roller", required=True, metavar="NAME")
    planner.add_argument(
        "--area", required=True, action="append", metavar="SLUG", help="an area (repeatable)"
    )
    planner.add_argument(
        "--at", type=_parse_moment, metavar="DATETIME", help="YYYY-MM-DDTHH:MM (default now)"
    )
    planner.add_argument("--test-patch", action="store_true", help="a small test patch")
    planner.add_argument("--json", action="store_true", help="print JSON for scripts")
    planner.set_defaults(handler=command_plan)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.data_dir is not None:
        paths.set_data_dir_override(args.data_dir)
    if args.command is None:
        from rollerlog.ui.app import run

        return run()
    from rollerlog.store.db import StoreError

    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except (CommandError, StoreError) as error:
        print(f"{APP_NAME}: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print(f"{APP_NAME}: interrupted", file=sys.stderr)
        return 130
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        print(f"{APP_NAME}: {where}{error.strerror or error}", file=sys.stderr)
        return EXIT_ERROR
    except Exception as error:  # a bug: keep the details in the log, show one line
        log = _log_unexpected(error)
        print(
            f"{APP_NAME}: unexpected error ({type(error).__name__}: {error}); details in {log}",
            file=sys.stderr,
        )
        return EXIT_ERROR


def _log_unexpected(error: BaseException) -> Path | str:
    """Append the traceback of an unexpected error to the private log file; return its path."""
    from rollerlog.errorlog import log_unexpected

    try:
        return log_unexpected(error)
    except OSError:
        return "(the log could not be written)"
