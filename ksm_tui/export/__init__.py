"""Minutes: session -> Markdown / HTML (pure functions, no Textual)."""
