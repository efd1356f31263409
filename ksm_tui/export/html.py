"""The minutes as one self-contained HTML file (screen and print styles, A4), rendered from the Markdown.

The Markdown from :func:`ksm_tui.export.markdown.to_markdown` is rendered with markdown-it-py in CommonMark
mode with tables and **raw HTML disabled**, so nothing a user typed can become a tag. The page embeds its CSS;
"print to PDF" from a browser gives a clean A4 document.
"""

from __future__ import annotations

import datetime as dt
import html as _html

from markdown_it import MarkdownIt

from ksm_tui.core.content import Content
from ksm_tui.core.session import Session
from ksm_tui.export.markdown import document_title, to_markdown

CSS = """\
:root { color-scheme: light; }
body {
  font-family: "Source Sans 3", "Segoe UI", "Helvetica Neue", Arial, sans-serif;
  font-size: 11pt; line-height: 1.45; color: #1a1a1a; background: #fff;
  max-width: 52rem; margin: 2rem auto; padding: 0 1.5rem;
  hyphens: auto; overflow-wrap: break-word;
}
h1 { font-size: 1.7em; margin: 0 0 .6em; border-bottom: 2px solid #2e6b3a; padding-bottom: .2em; }
h2 { font-size: 1.3em; margin: 1.6em 0 .5em; color: #2e6b3a; }
h3 { font-size: 1.08em; margin: 1.2em 0 .4em; }
h1, h2, h3 { line-height: 1.2; break-after: avoid; page-break-after: avoid; }
p, ul, ol { margin: .4em 0 .7em; }
li { margin: .15em 0; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 1em; font-size: .95em;
  font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #8a8a8a; padding: .3em .5em; vertical-align: top; text-align: left; }
th { background: #e8efe9; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
td[style*="right"], th[style*="right"] { white-space: nowrap; }
hr { border: 0; border-top: 1px solid #8a8a8a; margin: 2em 0 .8em; }
hr + p { font-size: .9em; color: #444; }
@page { size: A4; margin: 2cm; }
@media print {
  body { font-size: 10pt; max-width: none; margin: 0; padding: 0; }
  h2 { color: #000; }
  th { background: #eee; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
"""

_TEMPLATE = """\
<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="ksm-tui {version}">
<title>{title}</title>
<style>
{css}</style>
</head>
<body>
<main>
{body}</main>
</body>
</html>
"""


def markdown_parser() -> MarkdownIt:
    """The parser for the minutes: CommonMark + tables, raw HTML off, no linkify (also used by the preview)."""
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def markdown_to_html(markdown: str, *, title: str, app_version: str) -> str:
    """Wrap rendered Markdown into the self-contained page (``title`` is plain text and gets escaped)."""
    return _TEMPLATE.format(
        version=_html.escape(app_version),
        title=_html.escape(title),
        css=CSS,
        body=markdown_parser().render(markdown),
    )


def to_html(session: Session, content: Content, *, app_version: str, exported_at: dt.datetime) -> str:
    """Render the minutes of ``session`` as one self-contained HTML document."""
    markdown = to_markdown(session, content, app_version=app_version, exported_at=exported_at)
    return markdown_to_html(markdown, title=document_title(session), app_version=app_version)
