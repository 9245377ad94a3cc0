"""The errors of the store a person can act on; each text is shown to them as it is."""

from __future__ import annotations


class StoreError(Exception):
    """A problem with the data a person can act on; its text is shown as it is."""


class NotRollerlogDatabaseError(StoreError):
    """The file exists but is not a rollerlog database (or is damaged)."""


class NewerSchemaError(StoreError):
    """The database was written by a newer rollerlog."""


class DatabaseBusyError(StoreError):
    """Another program holds the database locked; nothing was changed."""


class WriteFailedError(StoreError):
    """A write the disk refused; the transaction was rolled back."""


class ReadOnlyDataError(StoreError):
    """The data can only be read here: the folder or file cannot be written to."""
