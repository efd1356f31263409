"""ksm-tui: Workshop-Werkzeug zur Verstetigung des kommunalen Klimaschutzmanagements."""

__version__ = "0.1.0"
