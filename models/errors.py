"""What can go wrong with the store, said so a journalist can act on it.

Every error names the database (a file path, or a server URL without its
password) and, where a file is damaged, the newest good backup and how to put
it back.
"""

from __future__ import annotations

from pathlib import Path

from app.errors import CrosscheckError

RESTORE_HINT = "crosscheck restore"


class StoreError(CrosscheckError):
    """Base of every store error; ``where`` is the database as shown to people."""

    def __init__(self, where: str, what: str, why: str = "", todo: str = "") -> None:
        super().__init__(what, why, todo)
        self.where = where


class DatabaseDamaged(StoreError):
    """The file is not SQLite, is truncated or fails the integrity check.

    It is left exactly as found; ``backup`` is the newest backup that passed its
    own integrity check, if there is one.
    """

    def __init__(self, path: Path, reason: str, backup: Path | None) -> None:
        if backup is not None:
            todo = (
                f"The newest good backup is {backup}. Run `{RESTORE_HINT}` to set the "
                f"damaged file aside (it is renamed, never deleted) and restore that "
                f"backup, or `{RESTORE_HINT} --from BACKUP` to choose another one"
            )
        else:
            todo = (
                f"No good backup was found in {path.parent / 'backups'}. Keep the file: "
                "a copy may still be rescued with the sqlite3 `.recover` command. Use "
                "--db PATH or CROSSCHECK_DB to work with another database meanwhile"
            )
        super().__init__(
            str(path),
            f"the Crosscheck database {path} is damaged and was not opened",
            reason,
            todo,
        )
        self.path = path
        self.backup = backup


class NotCrosscheckDatabase(StoreError):
    def __init__(self, where: str, why: str) -> None:
        super().__init__(
            where,
            f"{where} is not a Crosscheck database; it was left untouched",
            why,
            "Point --db or CROSSCHECK_DB at a Crosscheck database, or at a new file name",
        )


class DatabaseTooNew(StoreError):
    def __init__(self, where: str, found: int, supported: int) -> None:
        super().__init__(
            where,
            f"the database {where} was written by a newer Crosscheck "
            f"(schema {found}; this program knows up to {supported}) and was left untouched",
            "Opening it with an older program could lose what the newer one stored",
            "Install the newer Crosscheck, or use another database with --db PATH",
        )
        self.found = found
        self.supported = supported


class DatabaseLocked(StoreError):
    def __init__(self, where: str, waited_ms: int) -> None:
        super().__init__(
            where,
            f"the database {where} is busy: another program is writing to it",
            f"Crosscheck waited {waited_ms / 1000:g} s for it; nothing was changed and "
            "nothing stored earlier was lost",
            "Close the other Crosscheck window or program using the database, then try again",
        )


class DatabaseReadOnly(StoreError):
    def __init__(self, where: str, why: str) -> None:
        super().__init__(
            where,
            f"cannot write to the database {where}",
            why,
            "Nothing stored earlier was lost. Give yourself write permission on the file "
            "and its folder, or choose a writable location with --db PATH or CROSSCHECK_DB",
        )


class DiskFull(StoreError):
    def __init__(self, where: str) -> None:
        super().__init__(
            where,
            f"the disk holding the database {where} is full; the last change was not saved",
            "Everything saved before it is intact",
            "Free some space, then repeat the last change",
        )


class StoreUnavailable(StoreError):
    """The database cannot be reached or read (a server down, an I/O error)."""


class MigrationFailed(StoreError):
    def __init__(self, where: str, version: int, why: str, backup: Path | None) -> None:
        todo = (
            f"The database was left as it was; a copy taken before the upgrade is {backup}"
            if backup
            else "The database was left as it was"
        )
        super().__init__(
            where, f"could not upgrade the database {where} to schema {version}", why, todo
        )


class BackupError(StoreError):
    """A backup could not be written, verified or restored."""


class NotFound(StoreError):
    """A session, article or annotation the caller named does not exist."""


class AlreadyExists(StoreError):
    """A session name (or an annotation id) is already taken."""


class ConcurrentEdit(StoreError):
    """Someone else changed or deleted the annotation since it was read."""

    def __init__(self, where: str, annotation_id: str, expected: int, found: int | None) -> None:
        if found is None:
            why = "It was deleted by someone else after you opened it"
        else:
            why = (
                f"Someone else saved a change to it after you opened it "
                f"(you edited version {expected}, the stored one is version {found})"
            )
        super().__init__(
            where,
            f"your change to annotation {annotation_id} was not saved",
            why,
            "Reload the session to see their change, then make yours again",
        )
        self.annotation_id = annotation_id
        self.expected = expected
        self.found = found


class StaleAnalysis(StoreError):
    """A comparison was made from other texts than the session now holds."""

    def __init__(self, where: str, session: str) -> None:
        super().__init__(
            where,
            f"the analysis of session {session!r} was not saved",
            "The session's articles changed while it ran",
            "Analyse the session again",
        )
