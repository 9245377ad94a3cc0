"""Entry point of the standalone app: the same as the installed ``rollerlog`` command."""

import sys

from rollerlog.cli import main

if __name__ == "__main__":
    sys.exit(main())
