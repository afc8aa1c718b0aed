"""Shared helpers for tests that run hand-written or generated LLVM IR directly."""

from __future__ import annotations

import ctypes
import pathlib

import llvmlite.binding as llb

from llvm_passes.ir.reader import read_function
from llvm_passes.preprocess import parse

_PROCESS = ctypes.CDLL(None)
_ENGINES: list = []  # engines own the machine code: keep them alive for the test run


def entry_function(path: pathlib.Path, text: str, name: str | None):
    """(binding module, model function): `name`, or the only function `text` defines."""
    mod = parse(text, path.name)
    if name is None:
        defined = [f.name for f in mod.functions if not f.is_declaration]
        assert len(defined) == 1, f"{path.name}: several functions, add `; FUNCTION:`"
        name = defined[0]
    return mod, read_function(mod, name)


def mcjit(text: str):
    """MCJIT-compile `text`. Every external non-intrinsic function must exist in the process: MCJIT
    would otherwise bind it to address 0 and the call would crash the test run."""
    llb.initialize_native_target()
    llb.initialize_native_asmprinter()
    mod = llb.parse_assembly(text)
    mod.verify()
    for fn in mod.functions:
        if (
            fn.is_declaration
            and not fn.name.startswith("llvm.")
            and not hasattr(_PROCESS, fn.name)
            and not llb.address_of_symbol(fn.name)
        ):
            raise LookupError(f"external function {fn.name} is not available in this process")
    ee = llb.create_mcjit_compiler(mod, llb.Target.from_default_triple().create_target_machine())
    ee.finalize_object()
    _ENGINES.append(ee)
    return ee
