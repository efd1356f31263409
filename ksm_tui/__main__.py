from ksm_tui.cli import main

raise SystemExit(main())
