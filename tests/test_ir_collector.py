"""The FileCheck collector of tests/ir (its conftest.py): RUN-line parsing, and that it can fail.

The checks are not vacuous: the same CHECK lines reject a derivative made
with other activities, or from IR whose aliasing differs; and a failing RUN
line is reported with FileCheck's own message and the text it was given.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

IR_DIR = Path(__file__).resolve().parent / "ir"
ROOT = IR_DIR.parent.parent


def _collector():
    spec = importlib.util.spec_from_file_location("tests_ir_conftest", IR_DIR / "conftest.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up while the class is made
    spec.loader.exec_module(mod)
    return mod


lit = _collector()


def run(command: str, path: Path):
    results = lit.run_pipeline(lit.parse_pipeline(command, path))
    return results, all(r.ok for r in results)


# -- parsing -----------------------------------------------------------------------------------------
def test_run_lines_join_continuations():
    text = "; RUN: a %s \\\n; RUN:   | b\n; nothing\n;RUN: c\n"
    assert lit.run_lines(text) == [(1, "a %s | b"), (4, "c")]
    with pytest.raises(ValueError, match="nothing follows"):
        lit.run_lines("; RUN: a \\\n")


def test_pipeline_substitutions():
    path = IR_DIR / "fmul.ll"
    stages = lit.parse_pipeline("not python -m llvm_passes %s --name '100%%' 2>&1 | filecheck %S/x.ll", path)
    assert [s.expect_failure for s in stages] == [True, False]
    assert [s.merge_stderr for s in stages] == [True, False]
    assert stages[0].argv == [sys.executable, "-m", "llvm_passes", str(path), "--name", "100%"]
    assert stages[1].argv == [sys.executable, "-m", "filecheck", f"{IR_DIR}/x.ll"]


def test_every_file_has_run_and_check_lines():
    files = sorted(IR_DIR.glob("*.ll"))
    assert len(files) >= 19
    for path in files:
        text = path.read_text()
        assert lit.run_lines(text), path.name
        assert "CHECK" in text or "-check-prefix" in text, path.name


# -- the checks can fail -----------------------------------------------------------------------------
def test_forward_checks_reject_other_activities():
    path = IR_DIR / "fmul.ll"
    good = "python -m llvm_passes %s --fn f --mode forward --activity dup,dup,dup --no-preprocess | filecheck %s"
    assert run(good, path)[1]
    assert not run(good.replace("dup,dup,dup", "dup,dup,const"), path)[1]  # no shadow for %y


def test_reverse_checks_reject_other_activities():
    path = IR_DIR / "reverse_branch_phi.ll"
    cmd = "python -m llvm_passes %s --fn f --mode reverse --activity dup,active,const --no-preprocess | filecheck %s"
    assert not run(cmd, path)[1]  # no adjoint for %y


def test_reverse_checks_reject_an_aliasing_return_slot(tmp_path):
    """A %retptr that may alias %x forces x[i] onto the tape: the no-tape checks must fail."""
    src = (IR_DIR / "reverse_loop_sumsq.ll").read_text()
    aliasing = tmp_path / "aliasing.ll"
    aliasing.write_text(src.replace("ptr noalias %retptr", "ptr %retptr"))
    check = IR_DIR / "reverse_loop_sumsq.ll"
    cmd = f"python -m llvm_passes %s --fn sumsq --mode reverse --activity dup,dup,const --no-preprocess | filecheck {check}"
    results, ok = run(cmd, aliasing)
    assert not ok and len(results) == 2 and results[0].returncode == 0
    memory = (
        f"python -m llvm_passes %s --fn sumsq --print memory --no-preprocess | filecheck {check} --check-prefix=MEMORY"
    )
    assert not run(memory, aliasing)[1]  # %v: may change


def test_not_inverts_the_status():
    path = IR_DIR / "fmul.ll"
    assert run("not python -m llvm_passes %s --fn nosuch", path)[1]
    assert not run("not python -m llvm_passes %s --fn f --print types", path)[1]


def test_failure_report_shows_filecheck_output(tmp_path):
    """Run pytest on a folder with this collector and one failing file: the report has FileCheck's
    message, the command that failed and the derivative it was fed."""
    folder = tmp_path / "ir"
    folder.mkdir()
    shutil.copy(IR_DIR / "conftest.py", folder / "conftest.py")
    (folder / "wrong.ll").write_text(
        (IR_DIR / "fmul.ll").read_text().replace("; CHECK-NEXT:    %m = fmul", "; CHECK-NEXT:    %m = fadd")
    )
    res = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(folder)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    out = res.stdout
    assert res.returncode == 1, out
    assert "1 failed" in out
    assert "wrong.ll: RUN: python -m llvm_passes %s --fn f --mode forward" in out
    assert "exited with status 1 (expected status 0)" in out
    assert "error: Couldn't match \"%m = fadd" in out  # FileCheck's own report
    assert "--- its input (the previous stage's stdout) ---" in out
    assert "define i32 @fwd.f(ptr %retptr, ptr %retptr.shadow0" in out


def test_missing_run_line_is_a_collection_error(tmp_path):
    folder = tmp_path / "ir"
    folder.mkdir()
    shutil.copy(IR_DIR / "conftest.py", folder / "conftest.py")
    (folder / "norun.ll").write_text("; CHECK: nothing\ndefine void @f() {\n  ret void\n}\n")
    res = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(folder)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert res.returncode != 0
    assert "norun.ll has no `; RUN:` line" in res.stdout
