"""Entry point of the standalone app's two launchers, which share one frozen folder.

``rollerlog-app`` opens the desktop app (no console window on Windows); ``rollerlog`` is
the console command line, as in an installed wheel.
"""

import sys
from pathlib import Path

from rollerlog.cli import app_main, main

if __name__ == "__main__":
    launcher = Path(sys.executable).stem.lower()
    sys.exit(app_main() if launcher.endswith("-app") else main())
