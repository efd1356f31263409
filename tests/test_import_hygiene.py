"""The domain core, the store and the export must not pull in Textual (they are used by the CLI and tests)."""

import subprocess
import sys


def test_core_store_export_do_not_import_textual():
    code = (
        "import sys, importlib, pkgutil\n"
        "import ksm_tui.core, ksm_tui.store, ksm_tui.export\n"
        "for pkg in (ksm_tui.core, ksm_tui.store, ksm_tui.export):\n"
        "    for m in pkgutil.iter_modules(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(m.name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=".")
    assert out.stdout.strip() == "", f"textual modules imported: {out.stdout.strip()}"
