"""Collect `tests/ir/*.ll` as FileCheck tests, the lit way: each `; RUN:` line is one test.

A RUN line is a pipeline of commands separated by `|`, run without a shell
from the repository root; each stage gets the previous one's stdout.

    ; RUN: python -m llvm_passes %s --fn f --mode reverse --activity dup,const | filecheck %s
    ; RUN: python -m llvm_passes %s --fn f --print types | filecheck %s --check-prefix=TYPES
    ; RUN: not python -m llvm_passes %s --fn g 2>&1 | filecheck %s --check-prefix=ERR

Substitutions: `%s` is this file, `%S` its folder, `%%` a percent sign.
`python` is the Python running pytest and `filecheck` its FileCheck module;
a stage may start with `not` (it must fail) and end with `2>&1` (its stderr
goes down the pipe too). A RUN line ending in `\\` continues on the next one.
Every stage must succeed, as with lit's pipefail. Files in sub-folders
(e.g. the generated `foreign/*.ll`) are inputs, not tests.

The tests of the differentiation passes on hand-written IR pass
`--no-preprocess`: they check what the passes make of exactly the IR in the
file (the pre-AD pipeline would reorder phis, rotate loops, merge branch
conditions). `driver_pipeline.ll` and `foreign_*.ll` run the pipeline too.
Numeric checks of the same functions are in tests/test_ir_execution.py.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
TIMEOUT_S = 300
SHOWN_LINES = 400  # of the input FileCheck was given, in a failure report
_RUN = re.compile(r"^;\s*RUN:(.*)$", re.M)


def pytest_collect_file(parent, file_path: Path):
    if file_path.suffix == ".ll" and file_path.parent == HERE:
        return IRFile.from_parent(parent, path=file_path)
    return None


def run_lines(text: str) -> list[tuple[int, str]]:
    """(line number, command) per RUN line, continuation lines (`\\` at the end) joined."""
    out: list[tuple[int, str]] = []
    pending: tuple[int, str] | None = None
    for m in _RUN.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        body = m.group(1).strip()
        if pending is not None:
            line, body = pending[0], f"{pending[1]} {body}"
        pending = (line, body[:-1].rstrip()) if body.endswith("\\") else None
        if pending is None:
            out.append((line, body))
    if pending is not None:
        raise ValueError(f"line {pending[0]}: RUN line ends with `\\` and nothing follows")
    return out


@dataclass
class Stage:
    argv: list[str]
    expect_failure: bool = False
    merge_stderr: bool = False


def parse_pipeline(command: str, path: Path) -> list[Stage]:
    """The stages of one RUN command, substituted and split (`|` outside quotes separates them)."""
    subst = {"%s": str(path), "%S": str(path.parent), "%%": "%"}
    lexer = shlex.shlex(command, posix=True, punctuation_chars="|")
    lexer.whitespace_split = True
    stages: list[list[str]] = [[]]
    for tok in lexer:
        if tok == "|":
            stages.append([])
        else:
            stages[-1].append(re.sub(r"%[sS%]", lambda m: subst[m.group(0)], tok))
    out = []
    for words in stages:
        stage = Stage(words)
        if words[:1] == ["not"]:
            stage.expect_failure, words = True, words[1:]
        if words[-1:] == ["2>&1"]:
            stage.merge_stderr, words = True, words[:-1]
        if not words:
            raise ValueError(f"empty stage in RUN line: {command}")
        if words[0] == "python":
            words = [sys.executable, *words[1:]]
        elif words[0] == "filecheck":
            words = [sys.executable, "-m", "filecheck", *words[1:]]
        stage.argv = words
        out.append(stage)
    return out


@dataclass
class StageResult:
    stage: Stage
    stdin: str
    returncode: int
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return (self.returncode != 0) if self.stage.expect_failure else (self.returncode == 0)


def run_pipeline(stages: list[Stage]) -> list[StageResult]:
    """Run the stages one after another, each fed the previous one's output; stop at the first failure."""
    results: list[StageResult] = []
    data = ""
    for stage in stages:
        proc = subprocess.run(
            stage.argv,
            input=data,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT if stage.merge_stderr else subprocess.PIPE,
            text=True,
            cwd=ROOT,
            timeout=TIMEOUT_S,
        )
        results.append(StageResult(stage, data, proc.returncode, proc.stdout, proc.stderr or ""))
        if not results[-1].ok:
            break
        data = proc.stdout
    return results


class RunFailed(Exception):
    def __init__(self, command: str, results: list[StageResult]):
        super().__init__(command)
        self.command = command
        self.results = results


class IRFile(pytest.File):
    def collect(self):
        runs = run_lines(self.path.read_text())
        if not runs:
            raise self.CollectError(f"{self.path.name} has no `; RUN:` line")
        for line, command in runs:
            yield RunItem.from_parent(self, name=f"RUN@{line}", command=command)


class RunItem(pytest.Item):
    def __init__(self, *, command: str, **kw):
        super().__init__(**kw)
        self.command = command

    def runtest(self) -> None:
        results = run_pipeline(parse_pipeline(self.command, self.path))
        if not all(r.ok for r in results):
            raise RunFailed(self.command, results)

    def repr_failure(self, excinfo):
        if not isinstance(excinfo.value, RunFailed):
            return super().repr_failure(excinfo)
        return format_failure(self.path, excinfo.value)

    def reportinfo(self):
        return self.path, 0, f"{self.path.name}: RUN: {self.command}"


def format_failure(path: Path, failure: RunFailed) -> str:
    """The RUN line, then for the stage that failed: its command, status, output and what it was fed."""
    bad = failure.results[-1]
    want = "a failure" if bad.stage.expect_failure else "status 0"
    lines = [
        f"{path.name}: RUN: {failure.command}",
        f"stage {len(failure.results)} of the pipeline exited with status {bad.returncode} (expected {want}):",
        "  " + shlex.join(bad.stage.argv),
    ]
    if bad.stdout.strip():
        lines += ["--- its stdout ---", bad.stdout.rstrip()]
    if bad.stderr.strip():
        lines += ["--- its stderr (FileCheck's report, for a FileCheck stage) ---", bad.stderr.rstrip()]
    if len(failure.results) > 1:
        shown = bad.stdin.splitlines()
        more = len(shown) - SHOWN_LINES
        lines += ["--- its input (the previous stage's stdout) ---", *shown[:SHOWN_LINES]]
        if more > 0:
            lines.append(f"... {more} more lines")
    return "\n".join(lines)
