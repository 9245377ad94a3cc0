"""`python -m rollerlog`: the same as the `rollerlog` command."""

import sys

from rollerlog.cli import main

if __name__ == "__main__":
    sys.exit(main())
