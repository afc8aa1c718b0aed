"""From a Python function, types and activities to a callable derivative.

Input: a function (plain or @njit), Numba argument types, one activity class
per argument, the return activity, the mode and the batch width. Output: a
`DerivativeCall` (compiled library plus calling layout). This is the only
module that drives the whole pipeline: capture -> preprocess -> read ->
differentiate -> compile. Results are cached by the API layer.
"""

from __future__ import annotations

import itertools

import llvmlite.ir as ir

from llvm_passes.differentiate.calls import register_inactive
from llvm_passes.differentiate.forward import differentiate_forward
from llvm_passes.differentiate.reverse import differentiate_reverse, differentiate_split
from llvm_passes.ir.emitter import Emitter
from llvm_passes.ir.reader import read_function
from llvm_passes.preprocess import preprocess

from ..jit.library import compile_library
from ..jit.reverse_call import ReverseCall
from ..jit.trampoline import DerivativeCall
from .capture import argument_hints, capture
from .signature import arg_layout, flat_llvm_types, reverse_kinds, shadow_flags

# Runtime calls kept as calls (they have rules) rather than inlined.
KEEP_CALLS = ("NRT_incref", "NRT_decref", "NRT_MemInfo_data_fast")

# Numba runtime helpers that only read or write integers (shapes, strides), locks or streams.
register_inactive(
    "numba_attempt_nocopy_reshape", "numba_gil_ensure", "numba_gil_release", "numba_get_np_random_state",
    "numba_unpickle", "numba_do_raise", "numba_runtime_build_excinfo_struct", "PySys_WriteStdout",
    "PyErr_WriteUnraisable", "printf", "puts", "putchar",
)

_ids = itertools.count()


def prepare(f, argtypes: tuple):
    """Capture and preprocess `f` for `argtypes`: (captured, binding module, model function)."""
    cap = capture(f, argtypes)
    mod = preprocess(cap.texts, keep_calls=KEEP_CALLS)
    func = read_function(mod, cap.mangled_name)
    func.locations["@name"] = cap.qualname
    func.locations[""] = cap.source_location
    return cap, mod, func


def build_forward(f, argtypes: tuple, shadowed: list[bool], return_shadowed: bool, width: int, inline: bool = False):
    cap, mod, func = prepare(f, argtypes)
    layouts = [arg_layout(t, s) for t, s in zip(argtypes, shadowed)]
    flags = shadow_flags(layouts, return_shadowed)
    emitter = Emitter(f"fwd.{cap.qualname}", triple=mod.triple, data_layout=mod.data_layout)
    name = f"pyenzyme.fwd.{next(_ids)}"
    differentiate_forward(func, emitter, flags, name, width, module=mod)
    lib = compile_library(emitter.text(), name, link=[cap.library])
    return cap, DerivativeCall(lib, name, layouts, width, cap.signature.return_type, return_shadowed, inline)


def build_reverse(f, argtypes: tuple, activities: tuple, seeded: bool, inline: bool = False,
                  return_primal: bool = True, width: int = 1):
    """Combined reverse mode; `activities` per argument: 'const', 'dup' or 'active'."""
    cap, mod, func = prepare(f, argtypes)
    pieces = [reverse_kinds(t, a) for t, a in zip(argtypes, activities)]
    kinds = ["dup" if seeded else "const", "const"] + [k for p in pieces for k in p]
    emitter = Emitter(f"rev.{cap.qualname}", triple=mod.triple, data_layout=mod.data_layout)
    name = f"pyenzyme.rev.{next(_ids)}"
    differentiate_reverse(func, emitter, kinds, name, module=mod, hints=argument_hints(cap.texts, cap.mangled_name),
                          unused_outputs=frozenset() if return_primal else frozenset({0}), width=width)
    lib = compile_library(emitter.text(), name, link=[cap.library])
    return cap, ReverseCall(lib, name, tuple(argtypes), pieces, tuple(activities), cap.signature.return_type,
                            seeded, inline, width=width)


def build_split(f, argtypes: tuple, activities: tuple, ret_kind: str, modified: tuple, inline: bool = False):
    """Split reverse mode. `ret_kind`: 'active', 'dup' or 'const'; `modified`: per argument, may its
    memory change between the sweeps (then nothing read from it is recomputed)."""
    cap, mod, func = prepare(f, argtypes)
    pieces = [reverse_kinds(t, a) for t, a in zip(argtypes, activities)]
    seeded = ret_kind != "const"
    kinds = ["dup" if seeded else "const", "const"] + [k for p in pieces for k in p]
    changing = set()
    index = 2
    for t, p, m in zip(argtypes, pieces, modified):
        for j, lt in enumerate(flat_llvm_types(t)):
            if m and isinstance(lt, ir.PointerType):
                changing.add(index + j)
        index += len(p)
    emitter = Emitter(f"split.{cap.qualname}", triple=mod.triple, data_layout=mod.data_layout)
    name = f"pyenzyme.split.{next(_ids)}"
    differentiate_split(func, emitter, kinds, name, module=mod, hints=argument_hints(cap.texts, cap.mangled_name),
                        modified_between=frozenset(changing))
    lib = compile_library(emitter.text(), name, link=[cap.library])
    return cap, ReverseCall(lib, name, tuple(argtypes), pieces, tuple(activities), cap.signature.return_type,
                            seeded, inline, split=True, return_shadow=ret_kind == "dup")
