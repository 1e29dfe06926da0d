"""Errors that adapters turn into a one-line message and an exit code."""


class UnspinError(Exception):
    """A problem with the user's input or environment, not a bug: exit status 1."""

    exit_code = 1


class UsageError(UnspinError):
    """Wrong options or arguments: exit status 2."""

    exit_code = 2


class InputError(UnspinError):
    """Input that cannot be read as text (binary, undecodable, too large)."""
