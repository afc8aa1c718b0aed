"""`python -m llvm_passes`: run as a subprocess on small .ll files; exit statuses, messages, --help.

Status 0: the text asked for is on stdout. 1: the function cannot be
differentiated. 2: usage (options, unreadable or invalid IR, unknown
function, wrong activities). Every error is one line on stderr.
The driver's docstring examples run here too (test_docs covers pyenzyme only).
"""

from __future__ import annotations

import doctest
import subprocess
import sys
from pathlib import Path

import pytest

from llvm_passes import driver

ROOT = Path(__file__).resolve().parent.parent
PROG = "python -m llvm_passes: error: "

SQUARE = """
define i32 @square(ptr %x, i64 %n) {
entry:
  %v = load double, ptr %x, align 8
  %w = fmul double %v, %v
  store double %w, ptr %x, align 8
  ret i32 0
}
"""
MYSTERY = """
declare double @mystery(double)

define void @f(ptr %out, double %x) {
entry:
  %r = call double @mystery(double %x)
  store double %r, ptr %out
  ret void
}
"""


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "llvm_passes", *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


@pytest.fixture
def square(tmp_path) -> str:
    path = tmp_path / "square.ll"
    path.write_text(SQUARE)
    return str(path)


def error_line(res: subprocess.CompletedProcess) -> str:
    """The one line the driver writes to stderr on an error."""
    lines = res.stderr.splitlines()
    assert len(lines) == 1, res.stderr
    assert lines[0].startswith(PROG), lines[0]
    assert res.stdout == ""
    return lines[0][len(PROG) :]


# -- success -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "mode,defines",
    [
        ("forward", ["i32 @fwd.square(ptr %x, ptr %x.shadow0, i64 %n)"]),
        ("reverse", ["i32 @rev.square(ptr %x, ptr %x.shadow0, i64 %n, ptr %tape.bytes)"]),
        ("split", ["i32 @rev.square.forward(", "i32 @rev.square.reverse(", "i32 @rev.square.free(ptr"]),
    ],
)
def test_modes_print_a_verified_module(square, mode, defines):
    res = run(square, "--fn", "square", "--mode", mode, "--activity", "dup,const")
    assert res.returncode == 0, res.stderr
    assert res.stderr == ""
    for d in defines:
        assert f"define {d}" in res.stdout
    assert res.stdout.startswith("; ModuleID = ")


def test_width_and_name_and_optimisation(square):
    res = run(square, "--fn", "square", "--mode", "forward", "--activity", "dup,const", "--width", "3", "--name", "d3")
    assert res.returncode == 0, res.stderr
    assert "define i32 @d3(ptr %x, ptr %x.shadow0, ptr %x.shadow1, ptr %x.shadow2, i64 %n)" in res.stdout
    res = run(square, "--fn", "square", "--mode", "reverse", "--activity", "dup,const", "-O", "2")
    assert res.returncode == 0, res.stderr
    assert "alloca" not in res.stdout.split("define")[1]  # O2 promoted the adjoint slots


@pytest.mark.parametrize(
    "what,expect",
    [
        ("types", "%x: {[-1]:Pointer, [-1,-1]:Float@double}"),
        ("memory", "written: %x\n%v: may change"),
        ("activity", "%x: active\n%n: constant\n%v: active"),
        ("cache", "%v in -: slot (computed outside every loop: stored once)"),
        ("primal", "define i32 @square(ptr %x, i64 %n)"),
    ],
)
def test_print_analyses(square, what, expect):
    res = run(square, "--fn", "square", "--mode", "reverse", "--activity", "dup,const", "--print", what)
    assert res.returncode == 0, res.stderr
    assert expect in res.stdout


def test_help_documents_everything():
    res = run("--help")
    assert res.returncode == 0
    for word in ("--fn", "--mode", "--activity", "--width", "--print", "--no-preprocess", "-O", "--name"):
        assert word in res.stdout
    for word in ("const", "dup", "active", "types", "activity", "cache", "memory", "derivative", "exit status"):
        assert word in res.stdout
    assert "1  NAME cannot be differentiated" in res.stdout and "2  usage" in res.stdout


def test_several_files_are_linked(tmp_path):
    (tmp_path / "a.ll").write_text("declare double @sq(double)\n" + MYSTERY.split("\n", 2)[2].replace("mystery", "sq"))
    (tmp_path / "b.ll").write_text("define double @sq(double %x) {\n  %y = fmul double %x, %x\n  ret double %y\n}\n")
    res = run(str(tmp_path / "a.ll"), str(tmp_path / "b.ll"), "--fn", "f", "--mode", "forward", "--activity", "dup,dup")
    assert res.returncode == 0, res.stderr
    assert "call" not in res.stdout.split("define")[1]  # @sq was inlined before differentiation


# -- errors ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "args,message",
    [
        (["--fn", "nosuch", "--mode", "forward", "--activity", "dup"], "function @nosuch is not defined in"),
        (["--fn", "square", "--mode", "forward", "--activity", "dup"], "@square has 2 arguments"),
        (["--fn", "square", "--mode", "reverse", "--activity", "dup,bogus"], "activity 'bogus' of %n is not one of"),
        (["--fn", "square", "--mode", "reverse", "--activity", "dup,dup"], "%n (i64) cannot be dup"),
        (["--fn", "square", "--mode", "reverse", "--activity", "active,const"], "%x (ptr) cannot be active"),
        (["--fn", "square", "--activity", "dup,const"], "--print derivative needs --mode"),
        (["--fn", "square", "--mode", "reverse"], "--print derivative needs --activity"),
        (["--fn", "square", "--mode", "forward", "--activity", "dup,const", "--print", "cache"], "use --mode reverse"),
    ],
)
def test_usage_errors_exit_2(square, args, message):
    res = run(square, *args)
    assert res.returncode == 2
    assert message in error_line(res)


def test_bad_files_exit_2(tmp_path):
    res = run(str(tmp_path / "missing.ll"), "--fn", "f", "--mode", "forward", "--activity", "dup")
    assert res.returncode == 2 and "cannot read" in error_line(res) and "missing.ll" in res.stderr
    bad = tmp_path / "bad.ll"
    bad.write_text("define void @f(ptr %x) {\nentry:\n  %y = fmul double %x, 1.0\n  ret void\n}\n")
    res = run(str(bad), "--fn", "f", "--mode", "forward", "--activity", "dup")
    assert res.returncode == 2
    line = error_line(res)
    assert "invalid LLVM IR in" in line and "bad.ll:3" in line
    declared = tmp_path / "decl.ll"
    declared.write_text("declare void @f(ptr)\n")
    res = run(str(declared), "--fn", "f", "--mode", "forward", "--activity", "dup")
    assert res.returncode == 2 and "@f is only declared" in error_line(res)


def test_clang_O0_output_exits_2(tmp_path):
    """clang -O0 puts `noinline optnone` in attribute groups: the pre-AD pipeline cannot inline those."""
    path = tmp_path / "O0.ll"
    path.write_text(
        "define void @g(ptr %x) #0 {\n  ret void\n}\n"
        "define void @f(ptr %x) #0 {\n  call void @g(ptr %x)\n  ret void\n}\n"
        "attributes #0 = { noinline optnone }\n"
    )
    res = run(str(path), "--fn", "f", "--mode", "forward", "--activity", "dup")
    assert res.returncode == 2 and "compile with -O1 or higher" in error_line(res)
    res = run(str(path), "--fn", "f", "--mode", "forward", "--activity", "dup", "--no-preprocess")
    assert res.returncode == 0, res.stderr


def test_argparse_errors_exit_2(square):
    for args in ([square], [square, "--fn", "square", "--mode", "sideways"], [square, "--fn", "f", "--width", "0"]):
        res = run(*args)
        assert res.returncode == 2 and "error:" in res.stderr


def test_not_differentiable_exits_1(tmp_path):
    path = tmp_path / "mystery.ll"
    path.write_text(MYSTERY)
    res = run(str(path), "--fn", "f", "--mode", "forward", "--activity", "dup,dup")
    assert res.returncode == 1
    line = error_line(res)
    assert line.startswith("cannot differentiate @f: ") and "mystery" in line and "instruction:" in line


def test_float_return_is_the_result(tmp_path):
    path = tmp_path / "ret.ll"
    path.write_text("define double @sq(double %x) {\n  %y = fmul double %x, %x\n  ret double %y\n}\n")
    res = run(str(path), "--fn", "sq", "--mode", "reverse", "--activity", "active")
    assert res.returncode == 0, res.stderr
    assert "define double @rev.sq(double %x, ptr %x.adjoint0, double %return.seed0, ptr %tape.bytes)" in res.stdout
    res = run(str(path), "--fn", "sq", "--mode", "forward", "--activity", "dup")
    assert res.returncode == 0, res.stderr
    assert "define { double, double } @fwd.sq(double %x, double %x.shadow0)" in res.stdout


def test_returned_aggregate_of_floats_exits_1(tmp_path):
    path = tmp_path / "pair.ll"
    path.write_text(
        "define { double, double } @pair(double %x) {\n"
        "  %a = insertvalue { double, double } undef, double %x, 0\n  ret { double, double } %a\n}\n"
    )
    res = run(str(path), "--fn", "pair", "--mode", "forward", "--activity", "dup")
    assert res.returncode == 1
    assert "aggregate holding floats" in error_line(res)


# -- in process --------------------------------------------------------------------------------------
def test_main_returns_the_status(square, capsys):
    assert driver.main([square, "--fn", "square", "--print", "types"]) == 0
    assert "%n: {[-1]:Integer}" in capsys.readouterr().out
    assert driver.main([square, "--fn", "nosuch", "--print", "types"]) == 2
    assert "function @nosuch" in capsys.readouterr().err
    assert driver.main(["--help"]) == 0


def test_python_api():
    text = driver.differentiate(SQUARE, "square", "reverse", ["dup", "const"], name="g")
    assert "define i32 @g(ptr %x, ptr %x.shadow0, i64 %n, ptr %tape.bytes)" in text
    with pytest.raises(driver.UsageError, match="2 arguments"):
        driver.differentiate(SQUARE, "square", "reverse", "dup")


def test_docstring_examples():
    finder, runner = doctest.DocTestFinder(), doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    report: list[str] = []
    for test in finder.find(driver, "llvm_passes.driver"):
        runner.run(test, out=report.append)
    failed, attempted = runner.summarize(verbose=False)
    assert attempted >= 5 and failed == 0, "".join(report)
