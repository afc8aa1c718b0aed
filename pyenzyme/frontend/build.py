"""From a Python function, types and activities to a callable derivative.

Input: a function (plain or @njit), Numba argument types, one activity class
per argument, the return activity, the mode and the batch width. Output: a
`DerivativeCall` (compiled library plus calling layout). This is the only
module that drives the whole pipeline: capture -> preprocess -> read ->
differentiate -> compile. Results are cached by the API layer.
"""

from __future__ import annotations

import itertools
from collections import OrderedDict

import llvmlite.ir as ir

from llvm_passes.differentiate.errors import NotDifferentiableError as PassError
from llvm_passes.differentiate.forward import differentiate_forward
from llvm_passes.differentiate.reverse import differentiate_reverse, differentiate_split
from llvm_passes.ir.emitter import Emitter
from llvm_passes.ir.reader import ReadError, read_function
from llvm_passes.preprocess import preprocess

from .. import rules
from ..errors import InternalError
from ..jit.library import compile_library
from ..jit.reverse_call import ReverseCall
from ..jit.trampoline import DerivativeCall
from . import blas, lapack, lstsq, parallel, qr, rulecalls, spectral, svd  # noqa: F401 (importing registers)
from .capture import argument_hints, capture
from .diagnose import locate, not_differentiable
from .runtime import KEEP_CALLS
from .signature import arg_layout, flat_llvm_types, reverse_kinds, shadow_flags

_ids = itertools.count()


def prepare(f, argtypes: tuple, debug: bool = False):
    """Capture and preprocess `f` for `argtypes`: (captured, binding module, model function)."""
    cap = capture(f, argtypes, debug=debug)
    mod = _preprocess(cap)
    return cap, mod, _read(cap, mod)


def _preprocess(cap):
    """The pre-AD pipeline on a captured function, leaving as calls the runtime's and those custom rules
    replace (calls of C functions with rules renamed first)."""
    keep = KEEP_CALLS + rulecalls.sync()
    return preprocess(rulecalls.rewrite_externs(cap.texts), keep_calls=keep, shared=True)


def _read(cap, mod):
    func = read_function(mod, cap.mangled_name)
    func.locations["@name"] = cap.qualname
    func.locations[""] = cap.source_location
    return func


def _differentiate(f, argtypes: tuple, prefix: str, emit):
    """(captured, emitter, derivative name): `emit(cap, mod, func, emitter, name)` run on `f`'s IR.

    An instruction the pass cannot differentiate (or read) raises
    `pyenzyme.NotDifferentiableError` in Python terms, with the source line
    found by repeating the step on a compile with debug information.
    """
    cap = capture(f, argtypes)
    name = f"pyenzyme.{prefix}.{next(_ids)}"
    try:
        mod, func = _prepared(cap)
        emitter = Emitter(f"{prefix}.{cap.qualname}", triple=mod.triple, data_layout=mod.data_layout)
        emit(cap, mod, func, emitter, name)
    except (PassError, ReadError) as exc:
        line = locate(lambda: _rerun_with_debug_info(f, argtypes, prefix, emit))
        raise not_differentiable(exc, cap.qualname, cap.source_location, line) from None
    except Exception as exc:
        raise InternalError(
            f"pyenzyme failed while differentiating {cap.qualname} ({cap.source_location}): "
            f"{type(exc).__name__}: {exc}; please report this with the function"
        ) from exc
    return cap, emitter, name


_PREPARED_KEPT = 16
_prepared_ir: OrderedDict = OrderedDict()  # (library, function) -> (module, model function), newest last


def _prepared(cap):
    """The preprocessed module and model of a captured function, made once for all the modes that
    differentiate it (forward, reverse and split of one function usually come together); passes only
    read them. The few most recent are kept."""
    key = (id(cap.library), cap.mangled_name, rules.generation)
    hit = _prepared_ir.get(key)
    if hit is not None and hit[0] is cap.library:
        _prepared_ir.move_to_end(key)
        return hit[1], hit[2]
    mod = _preprocess(cap)
    rulecalls.note_writes(mod)
    func = _read(cap, mod)
    _prepared_ir[key] = (cap.library, mod, func)
    while len(_prepared_ir) > _PREPARED_KEPT:
        _prepared_ir.popitem(last=False)
    return mod, func


def _rerun_with_debug_info(f, argtypes, prefix, emit):
    cap = capture(f, argtypes, debug=True)
    mod = _preprocess(cap)
    try:
        func = _read(cap, mod)
        emit(cap, mod, func, Emitter(f"{prefix}.debug", triple=mod.triple, data_layout=mod.data_layout), "debug")
    except (PassError, ReadError) as exc:
        exc.module_text = str(mod)
        raise


def _compile(cap, emitter, name):
    """Compile the derivative; IR that does not verify is pyenzyme's bug, reported for the function."""
    try:
        return compile_library(emitter.text(), name, link=[cap.library, *emitter.libraries])
    except ValueError as exc:
        raise InternalError(
            f"pyenzyme generated invalid IR for the derivative of {cap.qualname} "
            f"({cap.source_location}); please report this with the function: {exc}"
        ) from None


def build_forward(f, argtypes: tuple, shadowed: list[bool], return_shadowed: bool, width: int, inline: bool = False):
    layouts = [arg_layout(t, s) for t, s in zip(argtypes, shadowed)]
    flags = shadow_flags(layouts, return_shadowed)

    def emit(cap, mod, func, emitter, name):
        differentiate_forward(func, emitter, flags, name, width, module=mod)

    cap, emitter, name = _differentiate(f, argtypes, "fwd", emit)
    lib = _compile(cap, emitter, name)
    return cap, DerivativeCall(lib, name, layouts, width, cap.signature.return_type, return_shadowed, inline)


def _reverse_kinds(argtypes, activities, seeded):
    pieces = [reverse_kinds(t, a) for t, a in zip(argtypes, activities)]
    return pieces, ["dup" if seeded else "const", "const"] + [k for p in pieces for k in p]


def build_reverse(
    f,
    argtypes: tuple,
    activities: tuple,
    seeded: bool,
    inline: bool = False,
    return_primal: bool = True,
    width: int = 1,
):
    """Combined reverse mode; `activities` per argument: 'const', 'dup' or 'active'."""
    pieces, kinds = _reverse_kinds(argtypes, activities, seeded)

    def emit(cap, mod, func, emitter, name):
        differentiate_reverse(
            func,
            emitter,
            kinds,
            name,
            module=mod,
            hints=argument_hints(cap.texts, func.name),
            unused_outputs=frozenset() if return_primal else frozenset({0}),
            width=width,
            reuse_tapes=True,  # its buffer functions are registered: the derivative can be differentiated again
        )

    cap, emitter, name = _differentiate(f, argtypes, "rev", emit)
    lib = _compile(cap, emitter, name)
    return cap, ReverseCall(
        lib, name, tuple(argtypes), pieces, tuple(activities), cap.signature.return_type, seeded, inline, width=width
    )


def build_split(f, argtypes: tuple, activities: tuple, ret_kind: str, modified: tuple, inline: bool = False):
    """Split reverse mode. `ret_kind`: 'active', 'dup' or 'const'; `modified`: per argument, may its
    memory change between the sweeps (then nothing read from it is recomputed)."""
    seeded = ret_kind != "const"
    pieces, kinds = _reverse_kinds(argtypes, activities, seeded)
    changing = set()
    index = 2
    for t, p, m in zip(argtypes, pieces, modified):
        for j, lt in enumerate(flat_llvm_types(t)):
            if m and isinstance(lt, ir.PointerType):
                changing.add(index + j)
        index += len(p)

    def emit(cap, mod, func, emitter, name):
        differentiate_split(
            func,
            emitter,
            kinds,
            name,
            module=mod,
            hints=argument_hints(cap.texts, func.name),
            modified_between=frozenset(changing),
            reuse_tapes=True,
        )

    cap, emitter, name = _differentiate(f, argtypes, "split", emit)
    lib = _compile(cap, emitter, name)
    return cap, ReverseCall(
        lib,
        name,
        tuple(argtypes),
        pieces,
        tuple(activities),
        cap.signature.return_type,
        seeded,
        inline,
        split=True,
        return_shadow=ret_kind == "dup",
    )
