"""Pure domain core: content model and loader, session model, task-table math, flowchart engine.

Nothing in this package imports Textual or does I/O beyond reading content files.
"""
