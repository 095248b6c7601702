"""The `smallwins` program: subcommands go to core.cli; no subcommand opens the app.

The app (and so Textual) is imported only when it is opened, so the quick
commands, `status` above all, never pay for it.
"""

from __future__ import annotations

import gc
import sys

# `collections` costs a cached `smallwins status` more than the rest of its own
# work: the annotation is a string, for type checkers only.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    # A command runs for a moment and makes almost no reference cycles: the cyclic
    # garbage collector only costs it time (about 6 % of a `status` with no cache).
    # The app turns it back on once its first frame is up; `serve` at once.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _main(list(sys.argv[1:] if argv is None else argv))
    finally:
        if collecting:  # called in process (the tests): as it was
            gc.enable()


def _main(argv: list[str]) -> int:
    if "status" in argv:
        # A tmux status bar runs this every few seconds: answer from the
        # cache before importing anything else when it is fresh.
        from smallwins.core.status import fast_main

        code = fast_main(argv)
        if code is not None:
            return code
    from smallwins.core import cli
    from smallwins.core.errors import EXIT_BAD_INPUT

    try:
        args = cli.parse(argv)
    except cli.UsageError as exc:
        return cli.fail(str(exc), EXIT_BAD_INPUT)
    if args.command == "serve":
        gc.enable()  # a server lives for days
        from smallwins.tui.serve import serve

        return serve(args)
    if args.command is not None:
        return cli.run(args)
    return open_app(args)


def open_app(args: object) -> int:
    # Still no cyclic garbage collection until the first frame is up (tui/run.py):
    # the objects made on the way are almost all kept, and a full collection over
    # them, with the data loaded, cost a typical opening about 45 ms.
    from smallwins.core import cli

    def go() -> int:
        config, path, _today = cli.settings(args)  # type: ignore[arg-type]
        from smallwins.tui.run import run_app

        return run_app(
            data_path=path,
            today_override=getattr(args, "today", None),
            config=config,
            demo=bool(getattr(args, "demo", False)),
        )

    return cli.guarded(go)


if __name__ == "__main__":
    sys.exit(main())
