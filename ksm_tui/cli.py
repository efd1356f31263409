"""Command line entry point ``ksm-tui``.

Subcommands are registered in :func:`build_parser`; each handler takes the parsed ``args`` and returns an exit
code. Errors are one German line on stderr and exit code 1 — never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

Handler = Callable[[argparse.Namespace], int]


class CliError(Exception):
    """A user-facing error: one German line on stderr, exit 1."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ksm-tui",
        description="Workshop-Werkzeug: Verstetigung des Klimaschutzmanagements (nach ifeu 2020).",
    )
    parser.add_argument("--content", metavar="DIR", help="angepassten Inhaltsordner statt des mitgelieferten verwenden")
    _add_theme_option(parser)
    _add_store_options(parser)
    parser.set_defaults(handler=cmd_app)
    sub = parser.add_subparsers(dest="command", metavar="BEFEHL")
    check = sub.add_parser(
        "check-content",
        help="Inhaltsordner (TOML) prüfen",
        description="Prüft einen Inhaltsordner (Standard: --content oder der mitgelieferte Inhalt).",
    )
    check.add_argument("dir", nargs="?", metavar="DIR", help="zu prüfender Inhaltsordner")
    check.set_defaults(handler=cmd_check_content)
    _add_session_commands(sub)
    export = sub.add_parser(
        "export",
        help="Protokoll einer Sitzung als Markdown oder HTML ausgeben",
        description="Protokoll einer Sitzung als Markdown (Standard) oder HTML ausgeben.",
    )
    export.add_argument("id", metavar="ID", help="Nummer der Sitzung (siehe ksm-tui list)")
    export.add_argument(
        "--format", choices=("md", "html"), help="Ausgabeformat (Standard: nach Dateiendung von -o, sonst md)"
    )
    export.add_argument("-o", "--output", metavar="DATEI", help="in diese Datei schreiben statt auf stdout")
    export.set_defaults(handler=cmd_export)
    _add_serve_command(sub)
    return parser


def _load_content(args: argparse.Namespace):  # -> Content
    """The guide's content (``--content DIR`` or the shipped files); CliError listing the problems."""
    from ksm_tui.core.loader import ContentError, load_content

    try:
        return load_content(Path(args.content) if args.content else None)
    except ContentError as exc:
        for line in exc.errors:
            print(line, file=sys.stderr)
        raise CliError("Der Inhaltsordner ist ungültig – siehe oben (ksm-tui check-content).") from None


def cmd_export(args: argparse.Namespace) -> int:
    import datetime as dt

    from ksm_tui import __version__
    from ksm_tui.core.text import clean_line
    from ksm_tui.export import ExportError, to_html, to_markdown, write_export

    session = _store(args).get(args.id)
    content = _load_content(args)
    output = args.output if args.output not in (None, "-") else None
    fmt = args.format or ("html" if output and Path(output).suffix.lower() in (".html", ".htm") else "md")
    render = to_html if fmt == "html" else to_markdown
    text = render(session, content, app_version=__version__, exported_at=dt.datetime.now().astimezone())
    if output is None:
        _write_stdout(text)
        return 0
    try:
        path = write_export(output, text)
    except ExportError as exc:
        raise CliError(str(exc)) from None
    print(f"Protokoll gespeichert: {clean_line(str(path))}")
    return 0


THEME_CHOICES = ("standard", "kontrast", "16farben")


def _add_theme_option(parser: argparse.ArgumentParser, **kwargs: object) -> None:
    parser.add_argument(
        "--theme",
        choices=THEME_CHOICES,
        help="Farbschema: standard, kontrast (Beamer) oder 16farben (einfaches Terminal); wird gespeichert",
        **kwargs,  # type: ignore[arg-type]
    )


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
    import gc

    from ksm_tui.app import make_app

    location = _location(args)
    if args.session:
        _check_session(location.path, args.session)
    content = _load_content(args)  # a broken content folder: German errors before the TUI starts
    app = make_app(content=content, db_path=location.path, session_id=args.session, theme=args.theme)
    # What exists now lives as long as the app (modules, classes, the guide's content): kept out of the garbage
    # collector's scans, so its first full collection (15–30 ms, during the first frame) has little to look at.
    gc.freeze()
    app.run()
    if app.crash_report is not None or (app.return_code or 0) != 0:
        log = _write_crash_log(app.crash_report or f"return code {app.return_code}")
        where = f" Details: {log}" if log else ""
        print(f"ksm-tui wurde wegen eines Programmfehlers beendet; Ihre Eingaben sind gespeichert.{where}",
              file=sys.stderr)
        return 2
    return 0


def _write_crash_log(report: str) -> Path | None:
    """The traceback into ``crash.log`` in the user state folder (KSM_TUI_STATE overrides); its path or None."""
    import datetime as dt
    import os

    try:
        from platformdirs import user_state_dir

        folder = Path(os.environ.get("KSM_TUI_STATE") or user_state_dir("ksm-tui"))
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "crash.log"
        with path.open("a", encoding="utf-8") as out:
            out.write(f"--- {dt.datetime.now().astimezone().isoformat(timespec='seconds')}\n{report}\n")
        return path
    except OSError:
        return None


# -- session store commands -----------------------------------------------------------------------------------


def _add_store_options(parser: argparse.ArgumentParser) -> None:
    _set_db_epilog(parser, None)
    parser.add_argument("--db", metavar="PATH", help="Sitzungsdatenbank (JSON-Datei) statt der voreingestellten")
    parser.add_argument("--session", metavar="ID", help="die App gleich mit dieser Sitzung öffnen")


def _set_db_epilog(parser: argparse.ArgumentParser, db: str | None) -> None:
    """The help's epilog: which database is in use and why."""
    from ksm_tui.store.paths import ENV_VAR, default_location

    try:
        where = default_location(db).describe()
    except Exception:  # noqa: BLE001 - --help must always work
        where = "(nicht ermittelbar)"
    # Raw epilog: a long path must not be wrapped at its hyphens (people copy it).
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = (
        f"Datenbank: {where}\n"
        f"Ändern mit --db PATH (vor dem Befehl) oder der Umgebungsvariablen {ENV_VAR}.\n"
        "Befehle: list, dump, import, demo, export, check-content (Hilfe: ksm-tui BEFEHL --help)."
    )


def _add_session_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("list", help="Sitzungen auflisten", description="Sitzungen auflisten, zuletzt geänderte zuerst.")
    p.add_argument("--json", action="store_true", help="als JSON-Liste ausgeben")
    p.set_defaults(handler=cmd_list)
    p = sub.add_parser(
        "dump", help="eine Sitzung als JSON ausgeben", description="Sitzung als JSON (Format: docs/session-format.md)."
    )
    p.add_argument("id", metavar="ID", help="Sitzungsnummer (siehe ksm-tui list)")
    p.set_defaults(handler=cmd_dump)
    p = sub.add_parser(
        "import",
        help="eine Sitzung aus JSON als neue Sitzung anlegen",
        description="Sitzung aus einer JSON-Datei (Format wie ksm-tui dump) als neue Sitzung anlegen; "
        "gibt die neue Nummer aus.",
    )
    p.add_argument("file", metavar="FILE", help='JSON-Datei, "-" für die Standardeingabe')
    p.set_defaults(handler=cmd_import)
    p = sub.add_parser(
        "demo",
        help="die fiktive Beispielsitzung anlegen",
        description="Fiktive Beispielsitzung Musterstadt anlegen; gibt ihre Nummer aus.",
    )
    p.set_defaults(handler=cmd_demo)


def _location(args: argparse.Namespace):  # -> DbLocation
    from ksm_tui.store.paths import default_location

    return default_location(getattr(args, "db", None))


def _store(args: argparse.Namespace):  # -> SessionStore
    from ksm_tui.store import SessionStore

    return SessionStore(_location(args).path)


def _check_session(path, session_id: str) -> None:
    from ksm_tui.store import SessionStore, StoreError, UnknownSessionError

    try:
        SessionStore(path).get(session_id)
    except UnknownSessionError as exc:
        raise CliError(exc.message) from None
    except StoreError:
        pass  # a corrupt or unreadable database is handled (and explained) by the app itself


def _write_stdout(text: str) -> None:
    """Write UTF-8 regardless of the locale (JSON is UTF-8 by definition)."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
    else:
        buffer.write(text.encode("utf-8"))
        buffer.flush()


def cmd_list(args: argparse.Namespace) -> int:
    import json

    store = _store(args)
    sessions = store.list()
    if args.json:
        rows = [
            {
                "id": s.id,
                "title": s.title,
                "kommune": s.kommune,
                "kommune_type": s.kommune_type,
                "date": s.date.isoformat() if s.date else None,
                "updated": s.updated,
            }
            for s in sessions
        ]
        _write_stdout(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return 0
    if not sessions:
        print(f"Keine Sitzungen in {store.path}.")
        return 0
    from tabulate import tabulate

    table = [
        [s.id, s.title, s.kommune, s.date.strftime("%d.%m.%Y") if s.date else "", _format_updated(s.updated)]
        for s in sessions
    ]
    headers = ["ID", "Titel", "Kommune", "Datum", "geändert"]
    print(tabulate(table, headers=headers, tablefmt="simple", disable_numparse=True))
    return 0


def _format_updated(value: str) -> str:
    import datetime as dt

    try:
        return dt.datetime.fromisoformat(value).astimezone().strftime("%d.%m.%Y %H:%M")
    except ValueError:
        return value


def cmd_dump(args: argparse.Namespace) -> int:
    import json

    session = _store(args).get(args.id)
    _write_stdout(json.dumps(session.to_dict(), ensure_ascii=False, indent=2) + "\n")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    import json

    from ksm_tui.core.session import Session, SessionFormatError

    name = "Standardeingabe" if args.file == "-" else args.file
    try:
        if args.file == "-":
            raw = sys.stdin.buffer.read()
        else:
            with open(args.file, "rb") as fh:
                raw = fh.read()
    except OSError as exc:
        from ksm_tui.store.errors import describe_os_error

        raise CliError(f"{name} kann nicht gelesen werden: {describe_os_error(exc)}.") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CliError(f"{name} ist kein UTF-8-Text (Byte {exc.start}).") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CliError(f"Ungültiges JSON in {name} (Zeile {exc.lineno}, Spalte {exc.colno}).") from None
    except RecursionError:
        raise CliError(f"Ungültiges JSON in {name} (zu tief verschachtelt).") from None
    try:
        session = Session.from_dict(data)
    except SessionFormatError as exc:
        field = f"Feld {exc.path}: " if exc.path else ""
        raise CliError(f"Ungültige Sitzung in {name}: {field}{exc.message}.") from None
    session.revision = 0
    stored = _store(args).create(session)
    print(stored.id)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from ksm_tui.core.demo import demo_session

    stored = _store(args).create(demo_session())
    print(stored.id)
    return 0


# -- serve: the app in a browser -------------------------------------------------------------------------------


def _add_serve_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "serve",
        help="die App im Browser anbieten (textual-serve)",
        description=(
            "Startet einen kleinen Webserver: jede Browser-Verbindung bekommt ihre eigene ksm-tui-Sitzung auf "
            "derselben Datenbank. Voreingestellt nur auf diesem Rechner erreichbar (127.0.0.1). Ohne Passwort – "
            "für den Raum besser per SSH-Tunnel (ssh -L 8000:127.0.0.1:8000 SERVER) statt --host 0.0.0.0."
        ),
    )
    p.add_argument("--host", default="127.0.0.1", help="Adresse, auf der gelauscht wird (Standard: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="Port (Standard: 8000)")
    p.add_argument(
        "--public-url",
        metavar="URL",
        help=("Adresse, unter der der Browser den Server erreicht (z. B. http://server:8000),"
              " falls anders als HOST:PORT"),
    )
    # Also accepted after "serve"; SUPPRESS keeps the values given before it.
    p.add_argument("--content", metavar="DIR", default=argparse.SUPPRESS, help="Inhaltsordner (wie ksm-tui --content)")
    p.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help="Sitzungsdatenbank (wie ksm-tui --db)")
    _add_theme_option(p, default=argparse.SUPPRESS)
    p.set_defaults(handler=cmd_serve)


def is_loopback(host: str) -> bool:
    import ipaddress

    if host.lower() in ("localhost", "localhost.", "ip6-localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve_command(args: argparse.Namespace) -> str:
    """The shell command textual-serve starts for every browser connection: this Python, ``-m ksm_tui``, the
    same options (paths made absolute, so the server's working directory does not matter)."""
    import shlex

    parts = [sys.executable, "-m", "ksm_tui", "--db", str(_location(args).path.resolve())]
    if args.content:
        parts += ["--content", str(Path(args.content).resolve())]
    if args.theme:
        parts += ["--theme", args.theme]
    return " ".join(shlex.quote(part) for part in parts)


def cmd_serve(args: argparse.Namespace) -> int:
    import ipaddress
    import socket

    if not 0 < args.port < 65536:
        raise CliError(f"Ungültiger Port {args.port} (erlaubt: 1–65535).")
    if args.content:
        from ksm_tui.core.loader import ContentError, load_content

        try:
            load_content(Path(args.content))
        except ContentError as exc:
            for line in exc.errors:
                print(line, file=sys.stderr)
            raise CliError("Der Inhaltsordner ist ungültig – siehe oben (ksm-tui check-content).") from None
    public_url = args.public_url
    if public_url is None:
        shown = args.host
        try:
            if ipaddress.ip_address(args.host.strip("[]")).is_unspecified:
                shown = socket.getfqdn()  # 0.0.0.0 / :: cannot be opened by a browser
        except ValueError:
            pass
        if ":" in shown and not shown.startswith("["):
            shown = f"[{shown}]"
        public_url = f"http://{shown}:{args.port}"
    public_url = public_url.rstrip("/")
    if not is_loopback(args.host):
        print(
            f"Achtung: ksm-tui ist jetzt ohne Passwort für alle im Netz erreichbar ({public_url}) – wer die Adresse "
            "kennt, kann Sitzungen lesen und ändern. Sicherer: --host 127.0.0.1 und ein SSH-Tunnel.",
            file=sys.stderr,
        )
    print(f"ksm-tui im Browser: {public_url}  (Beenden mit Strg+C)", file=sys.stderr)
    from textual_serve.server import Server

    server = Server(serve_command(args), host=args.host, port=args.port, title="ksm-tui", public_url=public_url)
    try:
        server.serve()
    except OSError as exc:
        raise CliError(f"Server auf {args.host}:{args.port} nicht gestartet: {_describe_bind_error(exc)}.") from None
    return 0


def _describe_bind_error(exc: OSError) -> str:
    import errno
    import socket

    from ksm_tui.store.errors import describe_os_error

    if isinstance(exc, socket.gaierror):
        return "unbekannter Rechnername"
    return {
        errno.EADDRINUSE: "der Port ist schon belegt (anderen mit --port wählen)",
        errno.EADDRNOTAVAIL: "diese Adresse gehört nicht zu diesem Rechner",
        errno.EACCES: "keine Berechtigung für diesen Port (Ports unter 1024 brauchen Administratorrechte)",
    }.get(exc.errno or 0) or describe_os_error(exc)


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]  # umlauts on an ASCII terminal
        except (AttributeError, ValueError):
            pass
    parser = build_parser()
    pre_parser = argparse.ArgumentParser(add_help=False)
    pre_parser.add_argument("--db")
    pre, _rest = pre_parser.parse_known_args(argv)
    if pre.db:
        _set_db_epilog(parser, pre.db)  # "ksm-tui --db X --help" names X
    args = parser.parse_args(argv)
    from ksm_tui.store.errors import StoreError

    try:
        return args.handler(args)
    except CliError as exc:
        print(f"ksm-tui: {exc}", file=sys.stderr)
        return 1
    except StoreError as exc:
        print(f"ksm-tui: {exc.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
