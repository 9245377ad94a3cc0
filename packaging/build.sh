#!/usr/bin/env bash
# Build the standalone one-folder app for this platform into dist/rollerlog/.
#
#   packaging/build.sh
#
# Creates build/bundle-venv (first run only), installs rollerlog from this checkout and
# PyInstaller into it, then freezes the app with packaging/rollerlog.spec.
# Check the result with packaging/smoke_test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
venv=build/bundle-venv
bin=$venv/bin
[ -d "$venv/Scripts" ] && bin=$venv/Scripts   # Windows (Git Bash)

if [ ! -x "$bin/python" ] && [ ! -x "$bin/python.exe" ]; then
  "$python" -m venv "$venv"
  [ -d "$venv/Scripts" ] && bin=$venv/Scripts
fi
extra=()
case "$(uname -s)" in
  Linux) ;;
  *) extra+=("pillow>=10") ;;   # turns the PNG icon into .ico / .icns
esac
"$bin/python" -m pip install --quiet --disable-pip-version-check "pyinstaller>=6.10" "${extra[@]}" .
# Always freeze the checkout as it is now, even when the version number did not change.
"$bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --force-reinstall .

"$bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/rollerlog.spec

du -sh dist/rollerlog
echo "built dist/rollerlog/ (run packaging/smoke_test.sh to check it)"
