"""Command line entry point ``ksm-tui``.

Subcommands are registered in :func:`build_parser`; each handler takes the parsed ``args`` and returns an exit
code. Errors are one German line on stderr and exit code 1 — never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from typing import Callable, Sequence

Handler = Callable[[argparse.Namespace], int]


class CliError(Exception):
    """A user-facing error: one German line on stderr, exit 1."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ksm-tui",
        description="Workshop-Werkzeug: Verstetigung des Klimaschutzmanagements (nach ifeu 2020).",
    )
    parser.add_argument("--content", metavar="DIR", help="angepassten Inhaltsordner statt des mitgelieferten verwenden")
    parser.set_defaults(handler=cmd_app)
    sub = parser.add_subparsers(dest="command", metavar="BEFEHL")
    _ = sub  # subcommands are added below by their owners
    return parser


def cmd_app(args: argparse.Namespace) -> int:
    from ksm_tui.app import make_app

    app = make_app()
    app.run()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except CliError as exc:
        print(f"ksm-tui: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
