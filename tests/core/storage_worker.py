"""Child process for the storage tests: real processes on a real file.

Usage: storage_worker.py MODE PATH [ARGS...]

  add-keys PATH N TAG   N transactions, each adding key TAG-i to doc "shared"
  loop PATH             rewrite the file forever (prints "ready" once)
  full-disk PATH LIMIT  write under RLIMIT_FSIZE=LIMIT; print a JSON report
  read-imports PATH     read(); print the JSON list of tinydb modules loaded
"""

from __future__ import annotations

import json
import resource
import signal
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from smallwins.core.storage import DataError, DataFile

Docs = dict[str, dict[str, Any]]


def add_keys(path: str, count: int, tag: str) -> None:
    data = DataFile(path)
    for index in range(count):

        def add(docs: Docs, key: str = f"{tag}-{index}") -> None:
            docs.setdefault("shared", {"id": "shared", "keys": {}})["keys"][key] = True

        data.transact(add)


def loop(path: str) -> None:
    data = DataFile(path)
    round_ = 0
    while True:
        size = 5_000 + (round_ % 7) * 3_000

        def rewrite(docs: Docs, round_: int = round_, size: int = size) -> None:
            docs["busy"] = {"id": "busy", "round": round_, "payload": list(range(size))}

        data.transact(rewrite)
        if round_ == 0:
            print("ready", flush=True)
        round_ += 1


def full_disk(path: str, limit: int) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    data = DataFile(path)
    report: dict[str, Any] = {}

    def grow(docs: Docs) -> None:
        docs["big"] = {"id": "big", "payload": "x" * (limit * 2)}
        docs["small"]["touched"] = True

    try:
        data.transact(grow)
        report["error"] = None
    except DataError as exc:
        report["error"] = str(exc)
    report["after"] = data.transact(lambda docs: {k: dict(v) for k, v in docs.items()})
    print(json.dumps(report), flush=True)


def read_imports(path: str) -> None:
    DataFile(path).read()
    print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] == "tinydb")))


def main() -> None:
    mode, path, *args = sys.argv[1:]
    if mode == "add-keys":
        add_keys(path, int(args[0]), args[1])
    elif mode == "loop":
        loop(path)
    elif mode == "full-disk":
        full_disk(path, int(args[0]))
    elif mode == "read-imports":
        read_imports(path)
    else:
        raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    main()
