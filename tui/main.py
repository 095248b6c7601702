"""The `smallwins` program: subcommands go to core.cli; no subcommand opens the app.

The app (and so Textual) is imported only when it is opened, so the quick
commands, `status` above all, never pay for it.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
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
        from smallwins.tui.serve import serve

        return serve(args)
    if args.command is not None:
        return cli.run(args)
    return open_app(args)


def open_app(args: object) -> int:
    # No cyclic garbage collection until the first frame is up (tui/run.py): the
    # objects made on the way are almost all kept, and a full collection over
    # them, with the data loaded, cost a typical opening about 45 ms.
    import gc

    gc.disable()
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
