"""`python -m llvm_passes FILE.ll --fn NAME --mode MODE --activity KINDS`: see `llvm_passes.driver`."""

from .driver import main

raise SystemExit(main())
