"""How TinyDB writes the data file: one atomic write per change, documents by id.

TinyDB is the store (SPEC section 4), used on the write path only: a
transaction in core/storage.py hands TinyDB the tables it already parsed and
checked, and TinyDB writes them through `AtomicJSONStorage`, which never
writes in place (temp file, fsync, rename, fsync the folder) and keeps no
write cache.  Reading bypasses TinyDB (orjson in core/fileformat.py): the
status line must not pay for importing it, and a read must check the file's
shape before anything trusts it.  This module is imported only when writing.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from tinydb.storages import Storage
from tinydb.table import Table

from smallwins.core.fileformat import Tables, UnusableFile, parse_tables, pieces
from smallwins.core.fileio import replace_file


class AtomicJSONStorage(Storage):
    """TinyDB storage that writes with `replace_file`, never in place.

    `tables` seeds read() with state the caller already parsed and checked
    (the transaction's), so TinyDB does not parse the file again.  Locking
    is the caller's job (DataFile.transact).
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        tables: Tables | None = None,
        before_replace: Callable[[], None] | None = None,
    ) -> None:
        self.path = Path(path)
        self._tables = tables
        self._before_replace = before_replace

    def read(self) -> Tables | None:
        if self._tables is not None:
            return dict(self._tables)
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        try:
            return parse_tables(raw)
        except UnusableFile as exc:
            raise ValueError(f"cannot read {self.path}: {exc.args[0]}") from None

    def write(self, data: Tables) -> None:
        replace_file(self.path, pieces(data), before_replace=self._before_replace)
        self._tables = data


class LadderTable(Table):
    """Documents addressed by the ladder's own string id, not a counter."""

    document_id_class = str  # type: ignore[assignment]  # TinyDB types ids as int

    def _get_next_id(self) -> str:
        raise TypeError("a ladder document needs its own id (insert a Document)")

    def replace_all(self, docs: Mapping[str, Any]) -> None:
        """Make the table hold exactly `docs`, with one storage write."""

        def update(table: dict[Any, Any]) -> None:
            table.clear()
            table.update(docs)

        self._update_table(update)
