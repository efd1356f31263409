"""Command line entry point ``ksm-tui``.

Subcommands are registered in :func:`build_parser`; each handler takes the parsed ``args`` and returns an exit
code. Errors are one German line on stderr and exit code 1 — never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

if TYPE_CHECKING:
    from ksm_tui.core.content import Content
    from ksm_tui.core.session import Session

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
    export = sub.add_parser(
        "export",
        help="Protokoll einer Sitzung als Markdown oder HTML ausgeben",
        description="Protokoll einer Sitzung als Markdown (Standard) oder HTML ausgeben.",
    )
    export.add_argument("id", metavar="ID", help="ID der Sitzung (siehe »ksm-tui list«)")
    export.add_argument(
        "--format", choices=("md", "html"), help="Ausgabeformat (Standard: nach Dateiendung von -o, sonst md)"
    )
    export.add_argument("-o", "--output", metavar="DATEI", help="in diese Datei schreiben statt auf stdout")
    export.set_defaults(handler=cmd_export)
    return parser


def cmd_app(args: argparse.Namespace) -> int:
    from ksm_tui.app import make_app

    app = make_app()
    app.run()
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    import datetime as dt

    from ksm_tui import __version__
    from ksm_tui.core.text import clean_line
    from ksm_tui.export import ExportError, to_html, to_markdown, write_export

    session = load_session_for_cli(args)
    content = load_content_for_cli(args)
    output = args.output if args.output not in (None, "-") else None
    fmt = args.format or ("html" if output and Path(output).suffix.lower() in (".html", ".htm") else "md")
    render = to_html if fmt == "html" else to_markdown
    text = render(session, content, app_version=__version__, exported_at=dt.datetime.now())
    if output is None:
        _write_stdout(text)
        return 0
    try:
        path = write_export(output, text)
    except ExportError as exc:
        raise CliError(str(exc)) from None
    print(f"Protokoll gespeichert: {clean_line(str(path))}")
    return 0


def _write_stdout(text: str) -> None:
    """UTF-8 on stdout whatever the locale says (umlauts must not crash a C/latin-1 terminal)."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
    else:
        sys.stdout.flush()
        buffer.write(text.encode("utf-8"))
        buffer.flush()


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


# -- thin wrappers (reconciled with the store/content helpers' versions on merge) ------------------------------


def load_session_for_cli(args: argparse.Namespace) -> "Session":
    """The session ``args.id`` from the database (``--db`` or the default location); CliError if missing."""
    from ksm_tui.store import SessionStore, StoreError
    from ksm_tui.store.paths import default_db_path

    db = Path(args.db) if getattr(args, "db", None) else default_db_path()[0]
    try:
        return SessionStore(db).get(args.id)
    except StoreError as exc:
        raise CliError(exc.message) from None


def load_content_for_cli(args: argparse.Namespace) -> "Content":
    """The guide's content (``--content DIR`` or the shipped files); CliError with the first problem."""
    from ksm_tui.core.loader import ContentError, load_content

    try:
        return load_content(Path(args.content) if getattr(args, "content", None) else None)
    except ContentError as exc:
        messages = list(getattr(exc, "messages", None) or [str(exc)])
        more = f" (und {len(messages) - 1} weitere)" if len(messages) > 1 else ""
        raise CliError(f"Inhalte fehlerhaft: {messages[0]}{more}") from None
