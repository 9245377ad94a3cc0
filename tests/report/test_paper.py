"""The paper the locale asks for: LC_PAPER first, then LC_ALL and LANG."""

from __future__ import annotations

import pytest

from rollerlog.report.paper import paper_from_locale


@pytest.mark.parametrize(
    ("environ", "paper"),
    [
        ({"LC_PAPER": "en_US.UTF-8", "LC_ALL": "de_DE.UTF-8", "LANG": "fr_FR.UTF-8"}, "letter"),
        ({"LC_PAPER": "en_GB.UTF-8", "LANG": "en_US.UTF-8"}, "a4"),
        ({"LC_ALL": "es_MX.UTF-8", "LANG": "de_DE.UTF-8"}, "letter"),
        ({"LANG": "fr_CA.UTF-8"}, "letter"),
        ({"LANG": "de_AT.ISO-8859-1@euro"}, "a4"),
        ({"LC_PAPER": "C", "LANG": "en_PH.UTF-8"}, "letter"),  # C names no country
        ({"LC_PAPER": "", "LC_ALL": "POSIX", "LANG": "ja_JP.UTF-8"}, "a4"),
        ({"LC_PAPER": "C.UTF-8"}, None),
        ({}, None),
    ],
)
def test_the_first_variable_naming_a_country_decides(
    environ: dict[str, str], paper: str | None
) -> None:
    assert paper_from_locale(environ) == paper
