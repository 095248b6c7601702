"""The one door to a data file's ladders: every read, change and write goes through here.

The command line, the app's store and the status line ask this layer to load
the ladders (with a one-line DataError that names the newest backup), to put
them in display order, to total the votes of an identity, to change one
ladder under the lock, to create, edit, archive and unarchive, and to take a
change back or make it again.  They differ only in how they parse what the
person typed and how they print the answer.  Below this layer,
core/storage.py knows bytes, locks and renames; above it, nothing touches
the file.

Every document written is checked exactly as a document read is
(`ladder_from_doc`), before the write, so nothing this program writes can
leave a file it refuses to read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import orjson

from smallwins.core.documents import Documents
from smallwins.core.errors import BadInput, DataError, RuleRefused
from smallwins.core.fileformat import dump
from smallwins.core.ladder_doc import ShapeError, changed_doc, ladder_from_doc, ladder_to_doc
from smallwins.core.loading import Loaded, data_error, load, parse_one
from smallwins.core.model import Ladder
from smallwins.core.storage import DataFile, Signature
from smallwins.core.summary import (
    DaySummary,
    day_summary,
    display_order,
    identity_totals,
    match_id,
    states_of,
    unknown_ladder,
)

__all__ = ["ChangedElsewhere", "Changed", "DaySummary", "Ledger", "Loaded", "Restored",
           "day_summary", "display_order", "identity_totals", "states_of"]

if TYPE_CHECKING:
    from smallwins.core.undo import Record, Step

T = TypeVar("T")
Docs = dict[str, dict[str, Any]]


class ChangedElsewhere(RuleRefused):
    """The ladder in the file is not the one the person saw: nothing was applied.

    `current` is the ladder as it is in the file now (None if it is gone), so
    the caller can say what happened and show it.
    """

    def __init__(self, message: str, current: Ladder | None) -> None:
        super().__init__(message)
        self.current = current


# ------------------------------------------------------------------ writing


@dataclass(frozen=True, slots=True)
class Changed:
    """What one change did: the ladder before and after (None: absent), as stored."""

    ladder_id: str
    before: Ladder | None
    after: Ladder | None
    doc: dict[str, Any] | None
    """The stored document of `after`."""
    in_sync: bool
    """No other writer since the signature the caller gave (`since`)."""
    signature: Signature | None
    """The file's signature right after this write (None when nothing was written)."""
    blob_hash: int | None = None
    """The hash of `after`'s stored bytes, as `Loaded.hashes` keeps them."""


@dataclass(frozen=True, slots=True)
class Restored:
    """What a restore did: the backup put back, its ladders, and where the old file went."""

    backup: Path
    ladders: int
    aside: Path | None
    """The copy of the file that was replaced (None: there was none)."""


class Ledger:
    """The ladders of one data file, read and changed through one door."""

    def __init__(self, data: DataFile | str | Path) -> None:
        self.data: DataFile = data if isinstance(data, DataFile) else DataFile(data)

    def __repr__(self) -> str:
        return f"Ledger({str(self.data.path)!r})"

    @property
    def path(self) -> Path:
        return self.data.path

    # -- reading

    def signature(self) -> Signature | None:
        """A cheap token that changes with every write (a stat, nothing more)."""
        return self.data.signature()

    def load(self, reuse: Loaded | None = None) -> Loaded:
        """Every ladder in the file; ladders whose stored bytes did not change since
        `reuse` are taken from it rather than parsed again (core/loading.py)."""
        return load(self.data, reuse)

    def _parse(self, docs: Mapping[str, Any], reuse: Loaded | None) -> dict[str, Ladder]:
        return {lid: self._parse_one(lid, doc) for lid, doc in docs.items()}

    def _parse_one(self, ladder_id: str, doc: Any) -> Ladder:
        return parse_one(self.data, ladder_id, doc)

    def data_error(self, message: str) -> DataError:
        """A DataError naming this file's newest backup."""
        return data_error(self.data, message)

    # -- changing one ladder

    def change(
        self,
        ladder_id: str,
        fn: Callable[[Ladder], Ladder],
        *,
        seen: Ladder | None = None,
        seen_hash: int | None = None,
        since: Signature | None = None,
        typed: bool = False,
    ) -> Changed:
        """Apply `fn` to the ladder as it is in the file now, under the lock, durably.

        With `seen` (the ladder as the person saw it), a ladder that changed
        in the file since is left alone: ChangedElsewhere.  Only this ladder's
        document is parsed; the others are written back as they were.
        `typed`: `ladder_id` is what a person typed, so a unique prefix of an
        id names that ladder (resolved under the lock; `Changed.ladder_id`
        says which).  The app always passes whole ids, never prefixes: a
        ladder removed elsewhere must not turn into its namesake.
        """

        def step(current: Ladder | None) -> Ladder:
            if current is None:
                raise BadInput(f"ladder {ladder_id!r} is no longer in {self.path}")
            if seen is not None and current != seen:
                raise ChangedElsewhere(
                    f"{current.id} was just changed elsewhere: nothing was changed here; "
                    "it is shown as it is now", current)
            return fn(current)

        trusted = (seen, seen_hash) if seen is not None and seen_hash is not None else None
        return self._apply(ladder_id, step, since, must_exist=True, typed=typed,
                           trusted=trusted)

    def undo(self, record: Record, since: Signature | None = None) -> Changed:
        """Take back the change `record` describes, on the ladder as it is now."""
        return self._apply(record.ladder_id, record.undo, since)

    def redo(self, record: Record, since: Signature | None = None) -> Changed:
        """Make the change `record` describes again, after an undo."""
        return self._apply(record.ladder_id, record.redo, since)

    def set_archived(self, ladder_id: str, archived: bool, *, seen: Ladder | None = None,
                     since: Signature | None = None, typed: bool = False) -> Changed:
        """Archive a ladder (it leaves the screens, its votes still count) or bring it back."""

        from smallwins.core import changes

        def change(ladder: Ladder) -> Ladder:
            if ladder.archived == archived:
                state = "already archived" if archived else "not archived"
                raise RuleRefused(f"{ladder.id!r} is {state}")
            return changes.archive(ladder, archived)

        return self.change(ladder_id, change, seen=seen, since=since, typed=typed)

    def edit(self, ladder_id: str, fields: Mapping[str, Any], today: date, *,
             seen: Ladder | None = None, since: Signature | None = None) -> Changed:
        """Change a ladder's words, step, hold, schedule or today's target (`target`)."""
        from smallwins.core import changes

        return self.change(ladder_id, lambda lad: changes.edited(lad, fields, today)[0],
                           seen=seen, since=since)

    def _apply(self, ladder_id: str, step: Step, since: Signature | None,
               must_exist: bool = False, typed: bool = False,
               trusted: tuple[Ladder, int] | None = None) -> Changed:
        """Run `step` on the ladder in the file, under the lock, and store its result.

        `trusted` is a ladder and the hash of the bytes it was read from: when
        the file still holds exactly those bytes, that ladder is used as it is
        instead of parsing the document again (a check-off in the app).
        """
        found: list[str] = []

        def apply(docs: Docs) -> tuple[Ladder | None, Ladder | None, dict[str, Any] | None,
                                       bool, int | None]:
            in_sync = since is not None and self.data.signature() == since
            lid = match_id(docs, ladder_id) if typed else ladder_id
            found.append(lid)
            before_doc: dict[str, Any] | None = None
            if lid not in docs:
                if must_exist:
                    raise unknown_ladder(lid, docs)
                before = None
            else:
                raw = docs.raw(lid) if isinstance(docs, Documents) else None
                if trusted is not None and raw is not None and hash(raw) == trusted[1]:
                    before = trusted[0]  # the very bytes it was read from
                    before_doc = orjson.loads(raw)
                else:
                    before_doc = docs[lid]
                    before = self._parse_one(lid, before_doc)
            after = step(before)
            if after is None:
                docs.pop(lid, None)
                return before, None, None, in_sync, None
            new_doc = _stored(after, before, before_doc if before is not None else None)
            blob = dump(new_doc)
            if isinstance(docs, Documents):
                docs.put(lid, new_doc, blob)
            else:
                docs[lid] = new_doc
            return before, after, new_doc, in_sync, hash(blob)

        before, after, doc, in_sync, blob_hash = self.data.transact(apply)
        return Changed(found[-1], before, after, doc, in_sync, self.data.last_written,
                       blob_hash)

    # -- new ladders

    def create(self, fields: Mapping[str, Any], today: date,
               since: Signature | None = None) -> tuple[Changed, list[str]]:
        """Start a new ladder (today unless `start_day` says otherwise), after every
        other one in display order; the warnings (R10) come back to be shown."""
        from smallwins.core import changes

        made: list[tuple[Ladder, list[str], dict[str, Any], bool]] = []

        def apply(docs: Docs) -> None:
            in_sync = since is not None and self.data.signature() == since
            ladders = self._parse(docs, None)
            created = max((lad.created for lad in ladders.values()), default=-1) + 1
            ladder, warnings = changes.new_ladder(
                **changes.new_args(fields, today), taken=ladders, created=created, today=today)
            doc = _stored(ladder)
            docs[ladder.id] = doc
            made.append((ladder, warnings, doc, in_sync))

        self.data.transact(apply)
        ladder, warnings, doc, in_sync = made[0]
        return Changed(ladder.id, None, ladder, doc, in_sync, self.data.last_written,
                       hash(dump(doc))), warnings

    def validate_new(self, fields: Mapping[str, Any], today: date,
                     taken: Iterable[str]) -> tuple[Ladder, list[str]]:
        """The ladder `create` would make from `fields`, with its warnings, writing nothing."""
        from smallwins.core import changes

        return changes.new_ladder(**changes.new_args(fields, today), taken=taken, created=0,
                                  today=today)

    # -- the whole file

    def restore(self, text: str, now: datetime) -> Restored:
        """Put a backup in place of the data file, after copying the file aside.

        BackupError (exit 2) when `text` names no usable backup: nothing is
        changed.  DataError (exit 3) when the data file cannot be written.  A
        data file that cannot be read (the usual reason to restore) is copied
        aside as it is and replaced under the lock.
        """
        from smallwins.core import backups

        source = backups.resolve(self.data, text)
        try:
            raw, docs = backups.load_backup(source)
        except backups.BackupError as exc:
            raise backups.BackupError(f"cannot restore {text}: {exc}; nothing was changed"
                                      ) from None
        restored = self._parse(docs, None)
        aside: list[Path | None] = []

        def save_aside() -> Path | None:
            copy = backups.save_aside(self.data, backups.BEFORE_RESTORE, now)
            aside.append(copy)
            return copy

        def fill(ladders: dict[str, Ladder]) -> None:
            save_aside()
            ladders.clear()
            ladders.update(restored)

        try:
            self.rewrite(fill)
        except DataError:
            if aside or self._usable():
                raise
            self.data.overwrite_unusable(raw, save_aside)
        return Restored(source, len(restored), aside[-1])

    def _usable(self) -> bool:
        try:
            self.load()
        except DataError:
            return False
        return True

    def rewrite(self, fn: Callable[[dict[str, Ladder]], T]) -> T:
        """Change any number of ladders at once (import, demo, restore) under the lock.

        `fn` gets every ladder by id and changes the dict in place; every
        ladder left in it is checked and stored, all or nothing.
        """

        def apply(docs: Docs) -> T:
            ladders = self._parse(docs, None)
            result = fn(ladders)
            docs.clear()
            for lid, ladder in ladders.items():
                if lid != ladder.id:
                    raise BadInput(f"ladder {ladder.id!r} cannot be stored under {lid!r}")
                docs[lid] = _stored(ladder)
            return result

        return self.data.transact(apply)


def _stored(ladder: Ladder, before: Ladder | None = None,
            before_doc: dict[str, Any] | None = None) -> dict[str, Any]:
    """The document to write for `ladder`, checked exactly as a read would check it.

    With `before` (the ladder as it was read, so already checked) and the
    document it was read from, only what changed is converted and checked
    again: the settings, the new events and the marks that differ
    (`changed_doc`).  The checks are made one mark and one event at a time,
    so checking the changed ones says what checking all of them would.
    """
    if before is not None and before.id == ladder.id:
        doc, checked = changed_doc(ladder, before, before_doc)
    else:
        doc = checked = ladder_to_doc(ladder)
    try:
        ladder_from_doc(checked)
    except ShapeError as exc:
        raise BadInput(f"not saved: {exc}") from None
    return doc
