"""The failures a person can meet, each with the exit code it ends with.

Every expected failure is a `SmallwinsError`: its text is one line that says
what was wrong and what to do, and `exit_code` is what the command line
returns (0 done, 1 the rules refused, 2 bad input, 3 the data file cannot be
used).  The command line catches this one class; the app shows the line.

This module imports nothing: `smallwins status` loads it on every call.
"""

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_BAD_INPUT = 2
EXIT_DATA = 3


class SmallwinsError(Exception):
    """An expected failure: one line for the user and its exit code."""

    exit_code = EXIT_BAD_INPUT


class RuleRefused(SmallwinsError):
    """The rules refuse the change (climb not ready, halve at the smallest win): exit 1."""

    exit_code = EXIT_REFUSED


class BadInput(SmallwinsError, ValueError):
    """A value or a request that is not valid input (exit 2)."""

    exit_code = EXIT_BAD_INPUT


class UsageError(BadInput):
    """Bad command-line words (exit 2)."""


class DataError(SmallwinsError):
    """The data file cannot be used (exit 3).

    str(exc) is one line: what is wrong, the file path, and the newest backup
    (or that there is none), so the user can act on it without a traceback.
    """

    exit_code = EXIT_DATA

    def __init__(self, message: str, path: object = None, backup: object = None) -> None:
        text = " ".join(message.splitlines())
        if path is not None:
            text += f"; newest backup: {backup}" if backup else "; no backup exists"
        super().__init__(text)
        self.path = path
        self.backup = backup
