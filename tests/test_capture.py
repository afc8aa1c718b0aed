"""The private Numba hooks pyenzyme relies on (numba and llvmlite are pinned; these tests guard them)."""

import numba
import numpy as np

import pyenzyme  # noqa: F401  (installs the capture hook)
from pyenzyme.frontend import capture
from pyenzyme.frontend.build import prepare


def test_hook_is_installed_on_import():
    assert capture.hook_installed()
    from numba.core import codegen

    assert codegen.CPUCodeLibrary.add_ir_module is capture._add_ir_module


def test_raw_ir_keeps_typed_geps_and_callees_are_linked():
    @numba.njit
    def helper(v):
        return v * 2.0

    @numba.njit
    def outer(x):
        s = 0.0
        for i in range(x.shape[0]):
            s += helper(x[i])
        return s

    cap = capture.capture(outer, (numba.typeof(np.ones(3)),))
    assert capture._RAW in cap.library.__dict__  # the wrapped add_ir_module stored the text
    joined = "\n".join(cap.texts)
    assert "getelementptr inbounds" in joined and "double*" in joined  # Numba's typed-pointer text
    assert "helper" in joined  # the callee's library was walked through _linking_libraries
    assert all("wrapper" not in t.split("\n", 1)[0] for t in cap.texts)


def test_argument_hints_from_typed_pointer_text():
    @numba.njit
    def first(x):
        return x[0]

    cap = capture.capture(first, (numba.typeof(np.ones(2)),))
    hints = capture.argument_hints(cap.texts, cap.mangled_name)
    assert str(hints[0]) == "double"  # retptr
    assert (
        str(hints[6]) == "double"
    )  # the array's data pointer (retptr, excinfo, meminfo, parent, nitems, itemsize, data)


def test_fallback_for_libraries_compiled_before_the_hook():
    """A library without raw text contributes its (optimised) linking module instead."""

    class Lib:
        _linking_libraries = ()

        def _get_module_for_linking(self):
            return "; ModuleID = 'x'\n"

    assert capture.library_texts(Lib()) == ["; ModuleID = 'x'\n"]


def test_cached_functions_are_recompiled_for_raw_ir(tmp_path, monkeypatch):
    monkeypatch.setenv("NUMBA_CACHE_DIR", str(tmp_path))

    @numba.njit(cache=True)
    def cached_square(x):
        return x * x

    _, _, func = prepare(cached_square, (numba.float64,))
    assert any(i.opcode == "fmul" for i in func.instructions())
