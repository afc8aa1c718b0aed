"""What ``pyenzyme inspect`` shows: the IR and analyses behind one derivative.

Input: a function (plain Python or @njit), Numba argument types, one activity
per argument and a mode. Output, as text in four sections: the captured primal
IR after pyenzyme's preprocessing, the type analysis (with the argument hints
read from Numba's typed pointers), the activity analysis, and the derivative
IR as the differentiation pass emits it (before O3). The derivative is built
exactly as ``pe.autodiff`` would build it (reverse: ``pe.Reverse`` with an
``Active`` float return, forward: a ``Duplicated`` float return), but not
compiled.

Argument types (``--args``) are a comma-separated list of ``f64``, ``f32``,
``i64``, ``i32``, ``bool`` or ``c128``, each optionally followed by ``[:]``
(1-D array), ``[:,:]`` (2-D array) and so on, e.g. ``"f64[:],f64,i64"``.
Activities (``--activity``) are ``dup``, ``active`` or ``const``, one per
argument; by default float arrays are ``dup``, float scalars ``active`` in
reverse mode and ``dup`` in forward mode, everything else ``const``.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from numba.core import types

SCALARS = {
    "f64": types.float64,
    "float64": types.float64,
    "f32": types.float32,
    "float32": types.float32,
    "i64": types.int64,
    "int64": types.int64,
    "i32": types.int32,
    "int32": types.int32,
    "bool": types.boolean,
    "c128": types.complex128,
    "complex128": types.complex128,
}
ACTIVITY_NAMES = {"dup": "dup", "duplicated": "dup", "active": "active", "const": "const"}
MODES = ("reverse", "forward")


class UsageError(ValueError):
    """A malformed --args / --activity / MODULE:FUNCTION argument (exit status 2)."""


class InspectError(RuntimeError):
    """The module, the function or its derivative could not be had (exit status 4)."""


# ---------------------------------------------------------------------- parsing
def split_top_level(spec: str) -> list[str]:
    """Split at commas that are not inside brackets."""
    parts, depth, cur = [], 0, ""
    for ch in spec:
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return [p.strip() for p in parts]


_TYPE_RE = re.compile(r"^([A-Za-z0-9]+)\s*(?:\[\s*(:(?:\s*,\s*:)*)\s*\])?$")


def parse_types(spec: str) -> tuple:
    """`"f64[:],f64,i64"` -> (array(float64, 1d, C), float64, int64)."""
    if not spec.strip():
        return ()
    out = []
    for i, tok in enumerate(split_top_level(spec)):
        m = _TYPE_RE.match(tok)
        if not m or m.group(1) not in SCALARS:
            raise UsageError(
                f"--args: cannot read argument {i + 1} {tok!r}; expected one of "
                f"{', '.join(k for k in SCALARS if len(k) <= 4)}, optionally followed by [:] or [:,:] "
                '(e.g. "f64[:],f64,i64")'
            )
        base = SCALARS[m.group(1)]
        if m.group(2):
            out.append(types.Array(base, m.group(2).count(":"), "C"))
        else:
            out.append(base)
    return tuple(out)


def _is_float(t) -> bool:
    return isinstance(t, (types.Float, types.Complex))


def default_activities(argtypes: tuple, mode: str) -> tuple:
    acts = []
    for t in argtypes:
        if isinstance(t, types.Array) and _is_float(t.dtype):
            acts.append("dup")
        elif _is_float(t):
            acts.append("active" if mode == "reverse" else "dup")
        else:
            acts.append("const")
    return tuple(acts)


def parse_activities(spec: str, argtypes: tuple, mode: str) -> tuple:
    names = [p.lower() for p in split_top_level(spec)] if spec.strip() else []
    if len(names) != len(argtypes):
        raise UsageError(f"--activity: {len(names)} activities for {len(argtypes)} arguments")
    acts = []
    for i, (n, t) in enumerate(zip(names, argtypes)):
        if n not in ACTIVITY_NAMES:
            raise UsageError(f"--activity: argument {i + 1}: unknown activity {n!r} (use dup, active or const)")
        a = ACTIVITY_NAMES[n]
        if a == "active" and mode == "forward":
            raise UsageError(f"--activity: argument {i + 1}: active is not a forward-mode activity; use dup")
        if a == "active" and isinstance(t, types.Array):
            raise UsageError(f"--activity: argument {i + 1}: active is for scalars; arrays are dup or const")
        acts.append(a)
    return tuple(acts)


# ---------------------------------------------------------------------- loading
def load_function(target: str):
    """`MODULE:FUNCTION` (a dotted module name or a path to a .py file) -> the function object."""
    if ":" not in target:
        raise UsageError(f"expected MODULE:FUNCTION (e.g. mypkg.kernels:loss or path/to/file.py:loss), got {target!r}")
    modname, _, funcname = target.rpartition(":")
    if not modname or not funcname:
        raise UsageError(f"expected MODULE:FUNCTION, got {target!r}")
    if modname.endswith(".py") or os.sep in modname or "/" in modname:
        path = Path(modname)
        if not path.is_file():
            raise InspectError(f"cannot import {modname!r}: no such file")
        name = f"_pyenzyme_inspect_{path.stem}"
        spec = importlib.util.spec_from_file_location(name, path)
        if spec is None or spec.loader is None:
            raise InspectError(f"cannot import {modname!r}: not a Python file")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        parent = str(path.resolve().parent)
        if parent not in sys.path:
            sys.path.insert(0, parent)
        try:
            spec.loader.exec_module(module)
        except Exception as exc:
            sys.modules.pop(name, None)
            raise InspectError(f"cannot import {modname!r}: {type(exc).__name__}: {exc}") from None
    else:
        if "" not in sys.path and os.getcwd() not in sys.path:
            sys.path.insert(0, os.getcwd())
        try:
            module = importlib.import_module(modname)
        except Exception as exc:
            raise InspectError(f"cannot import module {modname!r}: {type(exc).__name__}: {exc}") from None
    obj = module
    for part in funcname.split("."):
        if not hasattr(obj, part):
            raise InspectError(f"module {modname!r} has no function {funcname!r}")
        obj = getattr(obj, part)
    if not callable(obj):
        raise InspectError(f"{target}: {type(obj).__name__} object is not a function")
    return obj


def known_signature(f):
    """The argument types of an @njit function's first compiled signature, or None."""
    sigs = getattr(f, "signatures", None)
    return tuple(sigs[0]) if sigs else None


# ---------------------------------------------------------------------- the report
@dataclass
class Section:
    title: str
    body: str


def header(number: int, title: str) -> str:
    line = f"=== {number}. {title} "
    return line + "=" * max(3, 78 - len(line))


def inspect(f, argtypes: tuple, activities: tuple, mode: str, emit=print) -> None:
    """Emit the four sections (see the module docstring) through `emit`; raises InspectError."""
    from llvm_passes.analysis.activity import Activity, print_activity
    from llvm_passes.analysis.types import TypeAnalysis, print_types
    from llvm_passes.differentiate.forward import differentiate_forward
    from llvm_passes.differentiate.reverse import differentiate_reverse
    from llvm_passes.ir.emitter import Emitter

    from .errors import ActivityError
    from .frontend.build import prepare
    from .frontend.capture import argument_hints
    from .frontend.kinds import has_float_data
    from .frontend.signature import arg_layout, flat_llvm_types, reverse_kinds, shadow_flags

    if mode not in MODES:
        raise UsageError(f"--mode: expected reverse or forward, got {mode!r}")
    if len(activities) != len(argtypes):
        raise UsageError(f"{len(activities)} activities for {len(argtypes)} arguments")
    for i, (t, a) in enumerate(zip(argtypes, activities)):
        if a != "const" and not has_float_data(t):
            raise UsageError(f"argument {i + 1}: {t} has no floating-point data to differentiate; make it const")
    try:
        cap, mod, func = prepare(f, tuple(argtypes))
    except Exception as exc:
        lines = str(exc).strip().splitlines()
        msg = "\n  ".join(lines[:12]) + ("\n  ..." if len(lines) > 12 else "")
        raise InspectError(
            f"cannot compile {getattr(f, '__name__', f)!r} for ({', '.join(map(str, argtypes))}): "
            f"{type(exc).__name__}: {msg}"
        ) from None
    rettype = cap.signature.return_type
    sig = f"{cap.qualname}({', '.join(map(str, argtypes))}) -> {rettype}"
    act_text = ", ".join(f"{t}: {a}" for t, a in zip(argtypes, activities))

    emit(header(1, f"primal IR after preprocessing: {sig}"))
    emit(f"; source: {cap.source_location}; LLVM function {cap.mangled_name}")
    emit(str(mod.get_function(cap.mangled_name)).rstrip())
    emit("")

    hints = argument_hints(cap.texts, cap.mangled_name)
    emit(header(2, "type analysis (print_types)"))
    if hints:
        emit(
            "; argument hints (pointee types from Numba's typed pointers): "
            + ", ".join(f"%{func.args[i].name}: {t}" for i, t in sorted(hints.items()) if i < len(func.args))
        )
    else:
        emit("; argument hints: none")
    emit(print_types(func, TypeAnalysis(func, hints)))
    emit("")

    ret_float = has_float_data(rettype) and not isinstance(rettype, types.Array)
    if mode == "reverse":
        pieces = [reverse_kinds(t, a) for t, a in zip(argtypes, activities)]
        kinds = ["dup" if ret_float else "const", "const"] + [k for p in pieces for k in p]
        flags = [k != "const" for k in kinds]
        ret_text = "Active return" if ret_float else "Const return"
    else:
        layouts = [arg_layout(t, a != "const") for t, a in zip(argtypes, activities)]
        return_shadowed = has_float_data(rettype)
        flags = shadow_flags(layouts, return_shadowed)
        ret_text = "Duplicated return" if return_shadowed else "Const return"
    if len(flags) != len(func.args):
        raise InspectError(
            f"{len(flags)} LLVM argument activities for {len(func.args)} LLVM arguments "
            f"({', '.join(str(len(flat_llvm_types(t))) for t in argtypes)} pieces per argument)"
        )
    activity = Activity(func, {a for a, s in zip(func.args, flags) if s})
    emit(header(3, f"activity analysis (print_activity; {mode} mode, {ret_text}; {act_text})"))
    emit(print_activity(func, activity))
    emit("")

    emitter = Emitter(
        f"{'rev' if mode == 'reverse' else 'fwd'}.{cap.qualname}", triple=mod.triple, data_layout=mod.data_layout
    )
    name = f"pyenzyme.{'rev' if mode == 'reverse' else 'fwd'}.inspect"
    try:
        if mode == "reverse":
            differentiate_reverse(func, emitter, kinds, name, module=mod, hints=hints, unused_outputs=frozenset({0}))
        else:
            differentiate_forward(func, emitter, flags, name, 1, module=mod)
        text = emitter.text()
    except (ActivityError, ValueError, TypeError, NotImplementedError, KeyError, AssertionError) as exc:
        raise InspectError(f"cannot differentiate {cap.qualname}: {type(exc).__name__}: {exc}") from None
    except Exception as exc:
        raise InspectError(f"cannot differentiate {cap.qualname}: {exc}") from None
    emit(header(4, f'derivative IR ({mode} mode, as emitted, before O3): @"{name}"'))
    emit(text.rstrip())


__all__ = [
    "MODES",
    "InspectError",
    "UsageError",
    "default_activities",
    "inspect",
    "known_signature",
    "load_function",
    "parse_activities",
    "parse_types",
]
