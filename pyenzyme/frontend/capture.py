"""Capture the LLVM IR Numba generates, before Numba optimises it.

Input: a Numba dispatcher (or plain Python function) and a signature.
Output: the list of raw module texts for the function and all its callees,
plus the mangled name of the entry function. The hook wraps
`CPUCodeLibrary.add_ir_module`, where Numba still has typed GEPs; it is
installed when pyenzyme is imported. Libraries compiled before that have no
raw IR and fall back to their (optimised, still correct) linking module.
"""

from __future__ import annotations

from dataclasses import dataclass

import numba
from numba.core import codegen

_RAW = "_pyenzyme_raw_ir"
_original_add_ir_module = codegen.CPUCodeLibrary.add_ir_module


def _add_ir_module(self, ir_module):
    self.__dict__.setdefault(_RAW, []).append(str(ir_module))
    return _original_add_ir_module(self, ir_module)


def install_hook() -> None:
    """Idempotently wrap `CPUCodeLibrary.add_ir_module` to keep raw IR text."""
    if codegen.CPUCodeLibrary.add_ir_module is not _add_ir_module:
        codegen.CPUCodeLibrary.add_ir_module = _add_ir_module


def hook_installed() -> bool:
    return codegen.CPUCodeLibrary.add_ir_module is _add_ir_module


def _is_wrapper(text: str) -> bool:
    first = text.split("\n", 1)[0]
    return "wrapper" in first


def library_texts(library) -> list[str]:
    """Raw IR texts of `library` and, recursively, of every library it links."""
    out: list[str] = []
    seen: set[int] = set()

    def walk(lib):
        if id(lib) in seen:
            return
        seen.add(id(lib))
        raw = lib.__dict__.get(_RAW)
        if raw:
            out.extend(t for t in raw if not _is_wrapper(t))
        else:
            out.append(str(lib._get_module_for_linking()))
        for sub in getattr(lib, "_linking_libraries", ()):
            walk(sub)

    walk(library)
    return out


@dataclass
class Captured:
    """A compiled Numba function ready for the AD passes."""

    dispatcher: object
    signature: object  # numba Signature (args, return_type)
    mangled_name: str
    texts: list[str]
    library: object
    py_func: object

    @property
    def qualname(self) -> str:
        return getattr(self.py_func, "__qualname__", str(self.py_func))

    @property
    def source_location(self) -> str:
        code = getattr(self.py_func, "__code__", None)
        return f"{code.co_filename}:{code.co_firstlineno}" if code else "<unknown>"


def as_dispatcher(f):
    """A Numba dispatcher for `f` (jit-compiling a plain Python function)."""
    if isinstance(f, numba.core.dispatcher.Dispatcher):
        return f
    if callable(f) and hasattr(f, "__code__"):
        cache = _jitted.get(f)
        if cache is None:
            cache = _jitted[f] = numba.njit(f)
        return cache
    raise TypeError(f"function: expected a Python function or an @njit dispatcher, got {type(f).__name__}")


_jitted: dict = {}


def capture(f, argtypes: tuple) -> Captured:
    """Compile `f` for `argtypes` (Numba types) and return its raw IR."""
    disp = as_dispatcher(f)
    if getattr(disp, "_cache", None) is not None and type(disp._cache).__name__ != "NullCache":
        # functions loaded from the on-disk cache are never lowered, so there is no raw IR
        disp.enable_caching = lambda: None
    argtypes = resolve_signature(disp, argtypes)
    if argtypes not in disp.overloads:  # an @njit("sig") dispatcher refuses compile(), even of its own sigs
        disp.compile(argtypes)
    cres = disp.overloads[argtypes]
    if _RAW not in cres.library.__dict__:
        # compiled before the hook (or loaded from cache): recompile for raw IR
        cres = _recompile(disp, argtypes) or cres
    lib = cres.library
    return Captured(disp, cres.signature, cres.fndesc.mangled_name, library_texts(lib), lib, disp.py_func)


def compiled(disp, argtypes):
    """(the signature used for `argtypes`, its CompileResult), compiling if needed."""
    argtypes = resolve_signature(disp, argtypes)
    if argtypes not in disp.overloads:
        disp.compile(argtypes)
    return argtypes, disp.overloads[argtypes]


def resolve_signature(disp, argtypes) -> tuple:
    """The compiled signature to use for `argtypes`: itself, or for a dispatcher that may not compile
    (`@njit("sig")`), a compiled one taking these values (e.g. an 'A'-layout array for a C array)."""
    argtypes = tuple(argtypes)
    if argtypes in disp.overloads or getattr(disp, "_can_compile", True):
        return argtypes
    for sig in disp.overloads:
        if len(sig) == len(argtypes) and all(_accepts(formal, actual) for formal, actual in zip(sig, argtypes)):
            return tuple(sig)
    raise TypeError(f"function: {disp.py_func.__name__} was compiled for {list(disp.overloads)} only, "
                    f"not for {argtypes}")


def _accepts(formal, actual) -> bool:
    from numba.core import types

    if formal == actual:
        return True
    if isinstance(formal, types.Array) and isinstance(actual, types.Array):
        return (formal.dtype == actual.dtype and formal.ndim == actual.ndim and formal.layout in ("A", actual.layout)
                and (formal.mutable or not actual.mutable))
    return False


def _recompile(disp, argtypes):
    from numba.core import compiler

    try:
        cres = compiler.compile_extra(
            disp.typingctx, disp.targetctx, disp.py_func, tuple(argtypes), None,
            flags=_flags_for(disp), locals={},
        )
    except Exception:  # noqa: BLE001 - fall back to the linking module
        return None
    return cres


def _flags_for(disp):
    from numba.core.compiler import Flags
    from numba.core.cpu import CPUTargetOptions  # noqa: F401

    flags = Flags()
    disp.targetdescr.options.parse_as_flags(flags, disp.targetoptions)
    flags.no_cpython_wrapper = True
    return flags


def argument_hints(texts: list[str], name: str) -> dict:
    """Pointee types of the entry function's pointer arguments, from Numba's typed-pointer text.

    LLVM 22 turns `double* %"arg.x.4"` into `ptr` on parsing; the raw text still
    says what an array's data pointer points to. Returns {argument index: llvmlite type}.
    """
    import re

    from llvm_passes.ir import textlayer as tl

    for text in texts:
        m = re.search(r'^define [^\n]*@"?' + re.escape(name) + r'"?\((.*)\)[^\n]*$', text, re.M)
        if not m:
            continue
        hints = {}
        for i, param in enumerate(tl.split_top_level(m.group(1))):
            ty_text = param.split("%")[0]
            for attr in ("captures(none)", "noalias", "nocapture", "readonly", "nonnull"):
                ty_text = ty_text.replace(attr, "")
            ty_text = ty_text.strip()
            if ty_text.endswith("*"):
                try:
                    hints[i] = tl.parse_type(ty_text[:-1])
                except tl.TextLayerError:
                    pass
        return hints
    return {}
