"""rollerlog: a private log and safety checker for at-home microneedling with a dermaroller."""

from rollerlog.meta import __version__

__all__ = ["__version__"]
