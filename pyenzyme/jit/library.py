"""Compile generated derivative IR with Numba's own code generator.

Input: LLVM text of a derivative module and the Numba libraries it calls
into. Output: a finalized Numba `CodeLibrary` (O3 applied by Numba's
codegen) whose functions resolve NRT, helperlib and libm, and which jitted
callers can link. The text is verified first: LLVM aborts the process on
invalid IR, so nothing unverified reaches it.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from numba.core import cgutils  # noqa: F401  (ensures numba codegen is initialised)
from numba.core.compiler_lock import global_compiler_lock
from numba.core.registry import cpu_target
from numba.core.runtime import rtsys

from llvm_passes.preprocess import parse

from ..frontend.capture import _RAW
from . import invalidate

_ids = itertools.count()


def compile_library(text: str, name: str, link: Sequence = ()):
    """Verify `text`, compile it into a new Numba library and return it (finalized)."""
    parse(text, name)  # raises ValueError on invalid IR, before LLVM sees it for codegen
    with global_compiler_lock:
        codegen = cpu_target.target_context.codegen()
        lib = codegen.create_library(f"pyenzyme.{name}.{next(_ids)}")
        import llvmlite.binding as llvm

        mod = llvm.parse_assembly(text)
        mod.name = name
        lib.add_llvm_module(mod)
        lib.__dict__[_RAW] = [text]  # keeps raw IR so derivatives can be differentiated again
        rtsys.initialize(cpu_target.target_context)
        lib.add_linking_library(rtsys.library)
        for sub in link:
            lib.add_linking_library(sub)
        lib.finalize()
    invalidate.built.add(lib)
    return lib
