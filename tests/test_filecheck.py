"""FileCheck tests of forward-mode output on small hand-written IR (tests/ir/*.ll).

Each `tests/ir/<name>.ll` holds the primal module plus directives in comments:

    ; SHADOW: 1 1 0     one flag per LLVM argument of the function: 1 = it gets shadows
    ; WIDTH: 2          optional batch width (default 1)
    ; FUNCTION: name    optional; default: the only function defined in the file
    ; CHECK: ...        FileCheck lines for the derivative `fwd.<name>`
    ; ACTIVITY-CHECK:   optional FileCheck lines (prefix ACTIVITY-CHECK) for print_activity

The derivative is emitted with `differentiate_forward`, verified by parsing it with
LLVM, and the module as LLVM prints it (canonical spelling: `%x.shadow0`, not
llvmlite's `%"x.shadow0"`) is piped into `filecheck <file>`.
"""

from __future__ import annotations

import pathlib
import re
import subprocess
import sys

import pytest

from llvm_passes.analysis.activity import Activity, print_activity
from llvm_passes.differentiate.forward import differentiate_forward
from llvm_passes.ir.emitter import Emitter
from llvm_passes.preprocess import parse
from tests.llvm_helpers import entry_function

IR_DIR = pathlib.Path(__file__).parent / "ir"
# reverse_*.ll are reverse-mode inputs (`; KINDS:`), checked by tests/test_filecheck_reverse.py
FILES = sorted(p for p in IR_DIR.glob("*.ll") if not p.name.startswith("reverse_"))


def directives(text: str) -> dict:
    shadow = re.search(r"^;\s*SHADOW:(.*)$", text, re.M)
    if shadow is None:
        raise AssertionError("missing `; SHADOW:` directive")
    flags = []
    for tok in shadow.group(1).split():
        if tok not in ("0", "1"):
            raise AssertionError(f"bad SHADOW flag {tok!r}")
        flags.append(tok == "1")
    width = re.search(r"^;\s*WIDTH:\s*(\d+)\s*$", text, re.M)
    function = re.search(r"^;\s*FUNCTION:\s*(\S+)\s*$", text, re.M)
    return {
        "shadow": flags,
        "width": int(width.group(1)) if width else 1,
        "function": function.group(1) if function else None,
    }


def load(path: pathlib.Path):
    text = path.read_text()
    d = directives(text)
    mod, func = entry_function(path, text, d["function"])
    return mod, func, d


def forward_text(path: pathlib.Path, shadow=None) -> str:
    mod, func, d = load(path)
    em = Emitter(triple=mod.triple, data_layout=mod.data_layout)
    differentiate_forward(func, em, d["shadow"] if shadow is None else shadow, f"fwd.{func.name}", d["width"])
    return str(parse(em.text(), f"fwd.{path.name}"))


def filecheck(check_file: pathlib.Path, text: str, prefix: str = "CHECK") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "filecheck", "--check-prefix", prefix, str(check_file)],
        input=text,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_corpus_present():
    assert len(FILES) >= 5


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_forward_filecheck(path):
    assert re.search(r"^;\s*CHECK(-LABEL)?:", path.read_text(), re.M), "no CHECK lines"
    out = forward_text(path)
    res = filecheck(path, out)
    assert res.returncode == 0, f"FileCheck failed for {path.name}:\n{res.stdout}{res.stderr}\n--- input ---\n{out}"


ACTIVITY_FILES = [p for p in FILES if "ACTIVITY-CHECK" in p.read_text()]


@pytest.mark.parametrize("path", ACTIVITY_FILES, ids=[p.stem for p in ACTIVITY_FILES])
def test_activity_filecheck(path):
    _, func, d = load(path)
    act = Activity(func, {a for a, s in zip(func.args, d["shadow"]) if s})
    out = print_activity(func, act) + "\n"
    res = filecheck(path, out, prefix="ACTIVITY-CHECK")
    assert res.returncode == 0, f"FileCheck failed for {path.name}:\n{res.stdout}{res.stderr}\n--- input ---\n{out}"


def test_activity_file_exists():
    assert ACTIVITY_FILES, "at least one tests/ir file checks print_activity"


def test_filecheck_rejects_wrong_output():
    """The harness is not vacuous: a derivative with other shadows fails the same checks."""
    path = IR_DIR / "fmul.ll"
    out = forward_text(path, shadow=[True, True, False])  # no shadow for %y
    res = filecheck(path, out)
    assert res.returncode != 0
