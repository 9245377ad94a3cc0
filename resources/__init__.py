"""Icons, the desktop entry and metainfo: installed as the package ``rollerlog.resources``."""
