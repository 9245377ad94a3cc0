"""Run every benchmark, print one table and write it as JSON (benchmarks/out/results.json).

    ./dev bench                      # or: python -m benchmarks.run [--pairs N] [--quick]

Start-up is timed from outside: the parent notes the wall clock just before it starts a
process, and the process prints the wall clock of its milestones (the app in probe mode,
``ROLLERLOG_BENCH_PROBE``; the bare baseline script the same way). Runs of the app and
of the bare PySide6 window alternate (A B A B …) and each app time is divided by the bare
time of its own pair, so a busy machine slows both sides alike; the table shows medians.
Everything runs offscreen, in a scratch folder under benchmarks/out/, never on your data,
with the package's byte code compiled first, as an installed app has it.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

from benchmarks import generate

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
LARGE = 50_000
PDF_SESSIONS = 1_000
PDF_LARGE = 5_000


@dataclass
class Row:
    """One line of the table."""

    name: str
    value: float | None
    unit: str
    goal: str = ""
    met: bool | None = None
    note: str = ""


def _env(data_dir: Path, probe: str = "") -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        ROLLERLOG_DATA_DIR=str(data_dir),
        XDG_CONFIG_HOME=str(OUT / "config"),
        XDG_CACHE_HOME=str(OUT / "cache"),
        PYTHONPATH=str(ROOT),
    )
    env.pop(PROBE, None)
    # Byte code as an installed app has it (pip compiles a wheel's modules on install): a
    # shell that sets PYTHONDONTWRITEBYTECODE would otherwise have every start compile
    # rollerlog's modules from source, a cost the bare window, a single file, hardly pays.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if probe:
        env[PROBE] = probe
    return env


PROBE = "ROLLERLOG_BENCH_PROBE"


def _timed_run(command: list[str], env: dict[str, str]) -> tuple[dict[str, float], int]:
    """Run ``command``; return its milestones (seconds after the start) and peak RSS in KiB."""
    started = time.time()
    process = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{command} failed with exit code {process.returncode}")
    milestones: dict[str, float] = {}
    for line in output.splitlines():
        name, _, value = line.partition(" ")
        if name in ("first-paint", "today-filled", "sessions-shown"):
            milestones[name] = float(value) - started
    return milestones, usage.ru_maxrss


def _run_cli(data_dir: Path, *args: str) -> float:
    """Wall time of one ``rollerlog`` command, in seconds."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "rollerlog", *args],
        env=_env(data_dir),
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def _cli_available(data_dir: Path, *args: str) -> bool:
    result = subprocess.run(
        [sys.executable, "-m", "rollerlog", *args],
        env=_env(data_dir),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode == 0


BARE = [sys.executable, str(ROOT / "benchmarks" / "bare_window.py")]
BARE_TEXT = [*BARE, "--text"]
APP = [sys.executable, "-m", "rollerlog"]


def startup_rows(label: str, data_dir: Path, pairs: int) -> list[Row]:
    """First paint and Today filled against the bare window, paired runs."""
    _timed_run(APP, _env(data_dir, "today"))  # warm-up: byte code, first backup, fonts
    _timed_run(BARE, _env(data_dir))
    bare: list[float] = []
    bare_text: list[float] = []
    paint: list[float] = []
    filled: list[float] = []
    for _ in range(pairs):
        bare.append(_timed_run(BARE, _env(data_dir))[0]["first-paint"])
        app, _ = _timed_run(APP, _env(data_dir, "today"))
        paint.append(app["first-paint"])
        filled.append(app["today-filled"])
        bare_text.append(_timed_run(BARE_TEXT, _env(data_dir))[0]["first-paint"])
    paint_ratio = statistics.median(p / b for p, b in zip(paint, bare, strict=True))
    filled_ratio = statistics.median(f / b for f, b in zip(filled, bare, strict=True))
    text_ratio = statistics.median(p / b for p, b in zip(paint, bare_text, strict=True))
    median_bare = statistics.median(bare)
    return [
        Row(f"Start-up, {label}: bare window first paint", median_bare, "s"),
        Row(
            f"Start-up, {label}: bare window with text, first paint",
            statistics.median(bare_text),
            "s",
            note="for information",
        ),
        Row(
            f"Start-up, {label}: first paint",
            statistics.median(paint),
            "s",
            note=f"{paint_ratio:.2f}× bare, {text_ratio:.2f}× bare with text",
        ),
        Row(
            f"Start-up, {label}: first paint ÷ bare",
            paint_ratio,
            "×",
            "≤ 1.5×",
            paint_ratio <= 1.5,
        ),
        Row(
            f"Start-up, {label}: Today filled",
            statistics.median(filled),
            "s",
            note=f"{filled_ratio:.2f}× bare",
        ),
        Row(
            f"Start-up, {label}: Today filled ÷ bare",
            filled_ratio,
            "×",
            "≤ 2.5×",
            filled_ratio <= 2.5,
        ),
    ]


def memory_rows(data_dir: Path) -> list[Row]:
    """Peak memory of the app opened on the data, Today filled and Sessions shown."""
    milestones, app_kib = _timed_run(APP, _env(data_dir, "sessions"))
    assert "sessions-shown" in milestones
    _, bare_kib = _timed_run(BARE, _env(data_dir))
    app_mb, bare_mb = app_kib / 1024, bare_kib / 1024
    return [
        Row(
            "Peak memory, app on 50,000 sessions (Today + Sessions shown)",
            app_mb,
            "MB",
            "< 250 MB",
            app_mb < 250,
            f"bare window: {bare_mb:.0f} MB",
        )
    ]


def in_process_rows(data_dir: Path) -> list[Row]:
    """plan, status and the Sessions view, timed inside one process (see inprocess.py)."""
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.inprocess", str(data_dir / "rollerlog.sqlite3")],
        env=_env(data_dir),
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    found = json.loads(result.stdout.splitlines()[-1])
    ms = 1000
    return [
        Row("plan (in process, median)", found["plan"] * ms, "ms", "< 50 ms", found["plan"] < 0.05),
        Row(
            "status (in process, median)",
            found["status"] * ms,
            "ms",
            "< 50 ms",
            found["status"] < 0.05,
        ),
        Row(
            "Sessions view: first rows shown",
            found["first_rows"] * ms,
            "ms",
            "< 100 ms",
            found["first_rows"] < 0.1,
        ),
        Row(
            "Sessions view: scroll to the end",
            found["scroll_end"] * ms,
            "ms",
            "< 100 ms",
            found["scroll_end"] < 0.1,
            f"{found['held_rows']} of {found['total']} rows held",
        ),
    ]


def large_pdf_rows(data_dir: Path) -> list[Row]:
    """PDF of 5,000 sessions as a whole command: its wall time and the process's peak memory."""
    pdf = OUT / "sessions-5k.pdf"
    command = [*APP, "export", "--format", "pdf", "--out", str(pdf)]
    started = time.perf_counter()
    _, peak_kib = _timed_run(command, _env(data_dir))
    seconds = time.perf_counter() - started
    megabytes = peak_kib / 1024
    return [
        Row(f"Export PDF, {PDF_LARGE:,} sessions", seconds, "s", "< 60 s", seconds < 60),
        Row(
            f"Export PDF, {PDF_LARGE:,} sessions: peak memory",
            megabytes,
            "MB",
            "< 300 MB",
            megabytes < 300,
            "pages are laid out and written one at a time",
        ),
    ]


def export_rows(large_dir: Path, pdf_dir: Path) -> list[Row]:
    """PDF of 1,000 sessions and CSV of 50,000, as whole commands."""
    rows = []
    pdf = OUT / "sessions.pdf"
    if _cli_available(pdf_dir, "export", "--format", "pdf", "--out", str(pdf)):
        seconds = statistics.median(
            _run_cli(pdf_dir, "export", "--format", "pdf", "--out", str(pdf)) for _ in range(3)
        )
        rows.append(Row("Export PDF, 1,000 sessions", seconds, "s", "< 3 s", seconds < 3))
    else:
        rows.append(Row("Export PDF, 1,000 sessions", None, "s", "< 3 s", note="not available yet"))
    csv = OUT / "sessions.csv"
    if _cli_available(large_dir, "export", "--format", "csv", "--out", str(csv)):
        seconds = statistics.median(
            _run_cli(large_dir, "export", "--format", "csv", "--out", str(csv)) for _ in range(3)
        )
        rows.append(Row("Export CSV, 50,000 sessions", seconds, "s"))
    else:
        rows.append(Row("Export CSV, 50,000 sessions", None, "s", note="not available yet"))
    return rows


def remind_rows(large_dir: Path, small_dir: Path) -> list[Row]:
    """`rollerlog remind --dry-run` as a whole command (interpreter start included).

    For comparison on a busy machine, the same interpreter importing SQLAlchemy's ORM alone
    (which every command that reads the data needs) is timed as well.
    """
    rows = []

    def import_only() -> float:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import sqlalchemy.orm"], check=True, cwd=ROOT)
        return time.perf_counter() - started

    baseline = statistics.median(import_only() for _ in range(5))
    rows.append(Row("python -c 'import sqlalchemy.orm'", baseline, "s", note="for information"))
    for label, data_dir in ((f"{PDF_SESSIONS:,}", small_dir), (f"{LARGE:,}", large_dir)):
        name = f"rollerlog remind --dry-run, {label} sessions"
        if not _cli_available(data_dir, "remind", "--dry-run"):
            rows.append(Row(name, None, "s", "< 1 s", note="not available yet"))
            continue
        seconds = statistics.median(_run_cli(data_dir, "remind", "--dry-run") for _ in range(5))
        rows.append(Row(name, seconds, "s", "< 1 s", seconds < 1, "whole command, no Qt"))
    return rows


def prepare(data_dir: Path, sessions: int) -> float:
    """A fresh data folder holding ``sessions`` generated sessions; the import's wall time."""
    shutil.rmtree(data_dir, ignore_errors=True)
    source = generate.write(OUT / f"generated-{sessions}.json", sessions, date.today())
    return _run_cli(data_dir, "import", str(source))


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    from PySide6 import QtCore

    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    except OSError:
        memory = "unknown"
    return {
        "system": f"{platform.system()} {platform.release()} {platform.machine()}",
        "processor": platform.processor() or platform.machine(),
        "cores": os.cpu_count(),
        "memory": memory,
        "python": platform.python_version(),
        "qt": QtCore.qVersion(),
        "pyside6": QtCore.__version__ if hasattr(QtCore, "__version__") else "",
    }


def table(rows: list[Row]) -> str:
    """The rows as a Markdown table."""
    lines = ["| measurement | result | goal | met | note |", "|---|---:|---|---|---|"]
    for row in rows:
        if row.value is None:
            result = "—"
        elif row.unit == "×":
            result = f"{row.value:.2f}×"
        elif row.unit in ("ms", "MB"):
            result = f"{row.value:.0f} {row.unit}"
        else:
            result = f"{row.value:.2f} {row.unit}"
        met = "" if row.met is None else ("yes" if row.met else "**no**")
        lines.append(f"| {row.name} | {result} | {row.goal} | {met} | {row.note} |")
    return "\n".join(lines)


def main() -> int:
    """Run everything; print the table; write benchmarks/out/results.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=7, help="paired start-up runs (default 7)")
    parser.add_argument(
        "--only",
        choices=["startup", "memory", "inprocess", "export", "remind"],
        action="append",
        help="run only these parts, on the data sets of the last full run",
    )
    args = parser.parse_args()
    parts = set(args.only or ["startup", "memory", "inprocess", "export", "remind"])
    OUT.mkdir(parents=True, exist_ok=True)
    empty_dir, large_dir, pdf_dir = OUT / "data-empty", OUT / "data-50k", OUT / "data-1k"
    pdf_large_dir = OUT / "data-5k"
    shutil.rmtree(empty_dir, ignore_errors=True)
    shutil.rmtree(OUT / "config", ignore_errors=True)
    started = time.perf_counter()
    compileall.compile_dir(ROOT / "rollerlog", quiet=1)
    compileall.compile_dir(ROOT / "benchmarks", quiet=1)

    def say(text: str) -> None:
        print(f"[{time.perf_counter() - started:5.0f} s] {text}", file=sys.stderr, flush=True)

    rows = []
    if (
        args.only
        and (large_dir / "rollerlog.sqlite3").exists()
        and pdf_dir.exists()
        and pdf_large_dir.exists()
    ):
        say("using the data sets of the last run")
    else:
        say(f"generating and importing {LARGE:,} sessions")
        import_seconds = prepare(large_dir, LARGE)
        prepare(pdf_dir, PDF_SESSIONS)
        prepare(pdf_large_dir, PDF_LARGE)
        rows.append(
            Row(
                f"rollerlog import, {LARGE:,} sessions + {2 * LARGE:,} sterilizations",
                import_seconds,
                "s",
            )
        )
    if "startup" in parts:
        say("start-up, empty data folder")
        rows += startup_rows("empty", empty_dir, args.pairs)
        say(f"start-up, {LARGE:,} sessions")
        rows += startup_rows(f"{LARGE:,} sessions", large_dir, args.pairs)
    if "memory" in parts:
        say("peak memory")
        rows += memory_rows(large_dir)
    if "inprocess" in parts:
        say("plan, status and the Sessions view in process")
        rows += in_process_rows(large_dir)
    if "export" in parts:
        say("export")
        rows += export_rows(large_dir, pdf_dir)
        say(f"PDF of {PDF_LARGE:,} sessions")
        rows += large_pdf_rows(pdf_large_dir)
    if "remind" in parts:
        say("remind")
        rows += remind_rows(large_dir, pdf_dir)
    say("done")

    results = {
        "machine": machine(),
        "date": date.today().isoformat(),
        "pairs": args.pairs,
        "rows": [asdict(row) for row in rows],
    }
    (OUT / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(table(rows))
    info = results["machine"]
    print(
        f"\n{info['system']}, {info['cores']} cores, {info['memory']} RAM, "
        f"Python {info['python']}, Qt {info['qt']}; written to {OUT / 'results.json'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
