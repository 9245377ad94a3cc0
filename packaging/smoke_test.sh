#!/usr/bin/env bash
# Start the built one-folder app headless and check that it works on its own.
#
#   packaging/smoke_test.sh [PATH-TO-EXECUTABLE]     (default: dist/rollerlog/rollerlog)
#
# Runs from an empty folder outside the checkout: --version of both launchers, a fresh
# database created by the bundled migrations (an import, then a JSON export), the desktop
# app starting offscreen through rollerlog-app (beside the command line) and a PDF export.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
app=${1:-$root/dist/rollerlog/rollerlog}
case "$app" in /*) ;; *) app=$PWD/$app ;; esac
[ -x "$app" ] || { echo "smoke test: no app at $app; run packaging/build.sh first" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
export QT_QPA_PLATFORM=offscreen
unset ROLLERLOG_DATA_DIR PYTHONPATH PYTHONHOME VIRTUAL_ENV
fail() { echo "smoke test FAILED: $*" >&2; exit 1; }

version=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' "$root/rollerlog/meta.py")
gui=$(dirname "$app")/rollerlog-app
[ -x "$gui" ] || fail "no rollerlog-app beside $app"
for launcher in "$app" "$gui"; do
  printed=$("$launcher" --version) || fail "$launcher --version exited with $?"
  [ "$printed" = "rollerlog $version" ] || fail "--version printed '$printed', expected 'rollerlog $version'"
done
echo "ok: both launchers print '$printed'"

printf '{"format": "rollerlog", "version": 1}\n' >"$work/empty.json"
"$app" --data-dir "$work/data" import "$work/empty.json" >/dev/null || fail "import exited with $?"
"$app" --data-dir "$work/data" export --format json --out "$work/all.json" >/dev/null ||
  fail "JSON export exited with $?"
[ -f "$work/data/rollerlog.sqlite3" ] || fail "no database was created"
grep -q '"format": "rollerlog"' "$work/all.json" || fail "the JSON export is not an interchange file"
echo "ok: a fresh database was created by the bundled migrations and exported"

# The desktop app must start and keep running (Qt and its plugins load); stop it after 10 s.
status=0
timeout 10 "$gui" --data-dir "$work/gui-data" >"$work/gui.log" 2>&1 || status=$?
[ "$status" = 124 ] || { cat "$work/gui.log" >&2; fail "the app quit with $status instead of running"; }
[ -f "$work/gui-data/rollerlog.sqlite3" ] || fail "the desktop app did not open its database"
echo "ok: the desktop app starts headless"

if [ -n "${pdf_skip_reason:-}" ]; then
  echo "skipped: PDF export ($pdf_skip_reason)"
else
  "$app" --data-dir "$work/data" export --format pdf --out "$work/log.pdf" >/dev/null ||
    fail "PDF export exited with $?"
  [ "$(head -c 5 "$work/log.pdf")" = "%PDF-" ] || fail "the PDF export is not a PDF"
  echo "ok: a PDF export was written headless"
fi
echo "smoke test passed"
