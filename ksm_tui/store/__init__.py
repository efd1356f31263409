"""Crash-safe, locked TinyDB session store (no Textual)."""
