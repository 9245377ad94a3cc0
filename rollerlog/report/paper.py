"""The paper size the locale asks for, read from the environment without Qt.

POSIX names the paper in ``LC_PAPER``; Qt's system locale does not read it, so this module
looks at ``LC_PAPER`` first, then ``LC_ALL`` and ``LANG``, and answers from the territory of
the first one that names a locale.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

#: Territories whose paper is US Letter (glibc's LC_PAPER data); everywhere else uses A4.
LETTER_TERRITORIES = frozenset(
    {"US", "CA", "MX", "PH", "PR", "CL", "CO", "VE", "CR", "GT", "NI", "PA", "SV", "BO", "DO"}
)

LOCALE_VARIABLES = ("LC_PAPER", "LC_ALL", "LANG")


def _territory(locale_name: str) -> str | None:
    """``US`` for ``en_US.UTF-8@euro``; None for ``C``, ``POSIX`` or a name without one."""
    name = locale_name.split(".", 1)[0].split("@", 1)[0]
    if "_" not in name:
        return None
    return name.rsplit("_", 1)[1].upper() or None


def paper_from_locale(environ: Mapping[str, str] | None = None) -> str | None:
    """``"letter"`` or ``"a4"`` as the locale's environment says, or None when it does not."""
    environ = os.environ if environ is None else environ
    for variable in LOCALE_VARIABLES:
        territory = _territory(environ.get(variable, ""))
        if territory is not None:
            return "letter" if territory in LETTER_TERRITORIES else "a4"
    return None
