"""Minutes: session -> Markdown / HTML (pure functions, no Textual).

API::

    to_markdown(session, content, *, app_version: str, exported_at: datetime) -> str
    to_html(session, content, *, app_version: str, exported_at: datetime) -> str
    default_export_name(session, fmt: "md" | "html", today: date) -> "JJJJ-MM-TT-<kommune-slug>.md"
    write_export(path, text) -> Path          # atomic; raises ExportError (one German line)
    exports_dir(db_path) -> <folder of the database>/exports
    resolve_export_path(text, base, fmt) -> Path   # ~, relative to base, extension added
"""

from ksm_tui.export.files import (
    EXTENSIONS,
    ExportError,
    default_export_name,
    exports_dir,
    resolve_export_path,
    slugify,
    write_export,
)
from ksm_tui.export.html import to_html
from ksm_tui.export.markdown import to_markdown

__all__ = [
    "EXTENSIONS",
    "ExportError",
    "default_export_name",
    "exports_dir",
    "resolve_export_path",
    "slugify",
    "to_html",
    "to_markdown",
    "write_export",
]
