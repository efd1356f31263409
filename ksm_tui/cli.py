"""Command line entry point ``ksm-tui``.

Subcommands are registered in :func:`build_parser`; each handler takes the parsed ``args`` and returns an exit
code. Errors are one German line on stderr and exit code 1 — never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
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
    check = sub.add_parser(
        "check-content",
        help="Inhaltsordner (TOML) prüfen",
        description="Prüft einen Inhaltsordner (Standard: --content oder der mitgelieferte Inhalt).",
    )
    check.add_argument("dir", nargs="?", metavar="DIR", help="zu prüfender Inhaltsordner")
    check.set_defaults(handler=cmd_check_content)
    return parser


def cmd_check_content(args: argparse.Namespace) -> int:
    from ksm_tui.core.loader import ContentError, default_content_dir, describe_content, load_content

    chosen = args.dir or args.content
    directory = Path(chosen) if chosen else default_content_dir()
    try:
        content = load_content(directory)
    except ContentError as exc:
        for line in exc.errors:
            print(line, file=sys.stderr)
        count = len(exc.errors)
        raise CliError(f"Inhalt in {directory} ist ungültig ({count} Fehler).") from None
    print(f"Inhalt in {directory} ist gültig: {describe_content(content)}.")
    return 0


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
