"""The documentation is executable: every example in docs/*.md runs, and the docstring examples pass.

For each page, its ```python blocks run in order in one namespace. A block
that starts with `>>>` is a doctest (its expected output is checked); any
other block is executed as a script (it must not raise). Then every pyenzyme
module with `>>>` examples in its docstrings is run through doctest.
"""

from __future__ import annotations

import doctest
import importlib
import importlib.util
import pkgutil
import re
from pathlib import Path

import pytest

import pyenzyme

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "docs").glob("*.md"))
FENCE = re.compile(r"^```python[ \t]*\n(.*?)^```[ \t]*$", re.DOTALL | re.MULTILINE)
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def python_blocks(text: str) -> list[tuple[int, str]]:
    """(line number of the block's first code line, code) for each ```python block."""
    return [(text.count("\n", 0, m.start(1)) + 1, m.group(1)) for m in FENCE.finditer(text)]


def run_page(path: Path) -> None:
    text = path.read_text()
    name = path.relative_to(ROOT).as_posix()
    namespace: dict = {"__name__": "__main__"}  # like a script; Numba resolves recursion by module name
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    for line, code in python_blocks(text):
        if code.lstrip().startswith(">>>"):
            test = doctest.DocTestParser().get_doctest(code, namespace, f"{name}:{line}", name, line - 1)
            test.globs = namespace  # DocTest copies its globals; the page shares one namespace
            report: list[str] = []
            result = runner.run(test, out=report.append, clear_globs=False)
            assert result.failed == 0, f"{name}, block at line {line}:\n" + "".join(report)
        else:
            # pad so that tracebacks show the page's own line numbers
            exec(compile("\n" * (line - 1) + code, name, "exec"), namespace)


def doctested_modules() -> list[str]:
    walked = pkgutil.walk_packages(pyenzyme.__path__, "pyenzyme.", onerror=lambda name: None)
    names = ["pyenzyme"] + [m.name for m in walked]
    out = []
    for n in names:
        spec = importlib.util.find_spec(n)
        origin = spec.origin if spec else None
        if origin and origin.endswith(".py") and ">>>" in Path(origin).read_text():
            out.append(n)
    return out


def test_every_page_has_examples_or_is_reference():
    assert PAGES, "docs/*.md not found"
    for page in PAGES:
        if page.name != "api.md":
            assert python_blocks(page.read_text()), f"{page.name} has no ```python examples"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_page_examples(page):
    run_page(page)


@pytest.mark.parametrize("module", doctested_modules())
def test_module_doctests(module):
    mod = importlib.import_module(module)
    report: list[str] = []
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    for test in finder.find(mod, module):
        runner.run(test, out=report.append)
    failed, attempted = runner.summarize(verbose=False)
    assert attempted > 0, f"{module}: no doctests found"
    assert failed == 0, "".join(report)


def test_modules_with_examples_are_found():
    found = doctested_modules()
    for name in (
        "pyenzyme.api",
        "pyenzyme.annotations",
        "pyenzyme.diagnostics",
        "pyenzyme.testing",
        "pyenzyme.testing.forward",
        "pyenzyme.testing.reverse",
    ):
        assert name in found
