"""llvm_passes knows only LLVM IR: no Numba runtime names, no imports of Numba or pyenzyme."""

import re
from pathlib import Path

PASSES = Path(__file__).resolve().parents[1] / "llvm_passes"
FORBIDDEN = re.compile(r"NRT_|numba|[Mm]em[Ii]nfo")
IMPORTS = re.compile(r"^\s*(import|from)\s+(numba|pyenzyme)\b", re.M)


def test_llvm_passes_names_nothing_of_numba():
    hits = []
    for path in sorted(PASSES.rglob("*.py")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if FORBIDDEN.search(line):
                hits.append(f"{path.relative_to(PASSES.parent)}:{number}: {line.strip()}")
    assert not hits, "Numba knowledge belongs in pyenzyme/frontend (register it):\n" + "\n".join(hits)


def test_llvm_passes_imports_neither_numba_nor_pyenzyme():
    bad = [str(p.relative_to(PASSES.parent)) for p in PASSES.rglob("*.py") if IMPORTS.search(p.read_text())]
    assert not bad, bad
