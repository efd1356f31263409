"""Shared fixtures. Tests are deterministic: no animations, fixed sizes, pinned versions (constraints.txt)."""

from __future__ import annotations

import os

os.environ["TEXTUAL_ANIMATIONS"] = "none"
os.environ.setdefault("NO_COLOR", "")
os.environ.pop("NO_COLOR", None)
