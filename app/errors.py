"""Errors a user can act on.

Each carries three parts so every surface (command line, dialog) can say what
happened, why, and what to do about it.
"""

from __future__ import annotations


def one_paragraph(what: str, why: str = "", todo: str = "") -> str:
    """One paragraph: what happened. Why. What to do.  The form of every
    message to a person, errors and warnings alike."""
    return " ".join(_sentence(p) for p in (what, why, todo) if p)


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


class CrosscheckError(Exception):
    """Base of every error the program reports to a person."""

    def __init__(self, what: str, why: str = "", todo: str = "") -> None:
        super().__init__(what)
        self.what = what
        self.why = why
        self.todo = todo

    def message(self) -> str:
        """One paragraph: what happened. Why. What to do."""
        return one_paragraph(self.what, self.why, self.todo)

    def __str__(self) -> str:
        return self.message()


class InputError(CrosscheckError):
    """Bad input from the user: a file we cannot read, a wrong argument."""


class ImportRefused(InputError):
    """A file that cannot become an article (missing, binary, empty, huge...)."""

    def __init__(self, path: str, what: str, why: str = "", todo: str = "") -> None:
        super().__init__(what, why, todo)
        self.path = path


class ModelUnavailable(CrosscheckError):
    """The configured spaCy pipeline is not installed."""


class Cancelled(Exception):
    """A long operation was cancelled by its caller; not an error to report."""
