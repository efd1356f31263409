"""Small helpers shared by the screen tests."""

from __future__ import annotations


def collect_notifications(app) -> list[str]:
    """Record the text of every notification the app shows from now on (the notification is still shown)."""
    messages: list[str] = []
    notify = app.notify

    def spy(message, *args, **kwargs):
        messages.append(str(message))
        return notify(message, *args, **kwargs)

    app.notify = spy
    return messages
