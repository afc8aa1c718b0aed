"""Capture the LLVM IR Numba generates, before Numba optimises it.

Input: a Numba dispatcher (or plain Python function) and a signature.
Output: the list of raw module texts for the function and all its callees,
plus the mangled name of the entry function. The hook wraps
`CPUCodeLibrary.add_ir_module`, where Numba still has typed GEPs; it is
installed when pyenzyme is imported. Libraries compiled before that have no
raw IR and fall back to their (optimised, still correct) linking module.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import re
import weakref
from dataclasses import dataclass
from typing import Any

import numba
from numba.core import codegen

_RAW = "_pyenzyme_raw_ir"
_original_add_ir_module = codegen.CPUCodeLibrary.add_ir_module
_DEFINE = re.compile(r'^define [^\n]*?@(?:"([^"]+)"|([-\w.$]+))\(', re.M)
# Numba compiles a recursive call whose callee is typed later as a load from this global, which it
# fills with the callee's address at run time.
_UNRESOLVED = ".numba.unresolved$"
_UNRESOLVED_DECL = re.compile(r'^@"' + re.escape(_UNRESOLVED) + r'([^"]+)" = external global i8\*$', re.M)
# function name -> (library that defines it, Python qualified name), for every module compiled since import
_defined: dict[str, tuple[weakref.ref, str]] = {}


def _add_ir_module(self, ir_module):
    text = str(ir_module)
    self.__dict__.setdefault(_RAW, []).append(text)
    qualname = ir_module.name.rpartition("$")[0] or ir_module.name  # Numba names modules `qualname$uid`
    for m in _DEFINE.finditer(text):
        _defined[m.group(1) or m.group(2)] = (weakref.ref(self), qualname)
    return _original_add_ir_module(self, ir_module)


def python_name(symbol: str) -> str | None:
    """The Python qualified name of a function Numba compiled under `symbol`, if known."""
    entry = _defined.get(symbol)
    return entry[1] if entry else None


def install_hook() -> None:
    """Idempotently wrap `CPUCodeLibrary.add_ir_module` to keep raw IR text."""
    if codegen.CPUCodeLibrary.add_ir_module is not _add_ir_module:
        codegen.CPUCodeLibrary.add_ir_module = _add_ir_module
    from . import parallel

    parallel.install()


def hook_installed() -> bool:
    return codegen.CPUCodeLibrary.add_ir_module is _add_ir_module


def _is_wrapper(text: str) -> bool:
    first = text.split("\n", 1)[0]
    return "wrapper" in first


def library_texts(library) -> list[str]:
    """Raw IR texts of `library` and, recursively, of every library it links or calls recursively.

    A recursive call Numba left unresolved at compile time becomes a direct
    call: its global is defined as the callee's address, and the callee's
    library joins the texts.
    """
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
    done: set[str] = set()
    while True:
        wanted = {m.group(1) for t in out for m in _UNRESOLVED_DECL.finditer(t)} - done
        if not wanted:
            break
        for name in wanted:
            done.add(name)
            lib = _defined.get(name, (lambda: None, ""))[0]()
            if lib is not None:
                walk(lib)
    return [_resolve_recursion(t, out) if _UNRESOLVED in t else t for t in out]


def _defines(text: str) -> dict[str, str]:
    """Function name -> its `define` line, for every function `text` defines."""
    return {m.group(1) or m.group(2): text[m.start() : text.index("\n", m.start())] for m in _DEFINE.finditer(text)}


def _resolve_recursion(text: str, texts: list[str]) -> str:
    """Define each unresolved-call global of `text` as the address of the function it stands for."""
    own = _defines(text)
    signatures = {name: line for t in texts for name, line in _defines(t).items()}

    def fix(m: re.Match) -> str:
        name = m.group(1)
        define = signatures.get(name)
        if define is None:
            return m.group(0)  # not compiled (yet): reading the IR reports the indirect call
        declare = "" if name in own else "\ndeclare" + define[len("define") : define.rindex(")") + 1]
        return f'@"{_UNRESOLVED}{name}" = internal constant i8* @"{name}"{declare}'

    return _UNRESOLVED_DECL.sub(fix, text)


@dataclass
class Captured:
    """A compiled Numba function ready for the AD passes."""

    dispatcher: object
    signature: object  # numba Signature (args, return_type)
    mangled_name: str
    texts: list[str]
    library: Any  # numba.core.codegen.CodeLibrary
    py_func: object

    @property
    def qualname(self) -> str:
        return getattr(self.py_func, "__qualname__", str(self.py_func))

    @property
    def source_location(self) -> str:
        code = getattr(self.py_func, "__code__", None)
        return f"{code.co_filename}:{code.co_firstlineno}" if code else "<unknown>"


def as_dispatcher(f):
    """A Numba dispatcher for `f`: jit-compiling a plain Python function or a functools.partial of one."""
    if isinstance(f, numba.core.dispatcher.Dispatcher):
        return f
    if isinstance(f, functools.partial) or (callable(f) and hasattr(f, "__code__")):
        cache = _jitted.get(f)
        if cache is None:
            cache = _jitted[f] = _jit_partial(f) if isinstance(f, functools.partial) else numba.njit(f)
        return cache
    raise TypeError(
        f"function: expected a Python function, an @njit dispatcher or a functools.partial of one, "
        f"got {type(f).__name__}"
    )


_jitted: dict = {}


def _jit_partial(p: functools.partial):
    """`partial(f, *bound, **kw)` as a jitted function of the remaining parameters (bound values are constants)."""
    inner = as_dispatcher(p.func)
    params = list(inspect.signature(inner.py_func).parameters)
    rest = [n for n in params[len(p.args) :] if n not in p.keywords]
    ns: dict = {"_f": inner}
    call = []
    for i, v in enumerate(p.args):
        ns[f"_a{i}"] = v
        call.append(f"_a{i}")
    for k, v in p.keywords.items():
        ns[f"_k_{k}"] = v
        call.append(f"{k}=_k_{k}")
    call += [f"{n}={n}" for n in rest]
    name = f"partial_{getattr(inner.py_func, '__name__', 'f')}"
    exec(f"def {name}({', '.join(rest)}):\n    return _f({', '.join(call)})\n", ns)
    return numba.njit(ns[name])


def capture(f, argtypes: tuple, debug: bool = False) -> Captured:
    """Compile `f` for `argtypes` (Numba types) and return its raw IR.

    `debug`: a separate compile with debug information (source lines on the
    instructions), for locating an error; the dispatcher's own is not touched.
    """
    disp = as_dispatcher(f)
    if getattr(disp, "_cache", None) is not None and type(disp._cache).__name__ != "NullCache":
        # functions loaded from the on-disk cache are never lowered, so there is no raw IR
        disp.enable_caching = lambda: None
    argtypes, cres = compiled(disp, argtypes)
    if debug:
        cres = _recompile(disp, argtypes, debug=True) or cres
    elif _RAW not in cres.library.__dict__:
        # compiled before the hook (or loaded from cache): recompile for raw IR
        cres = _recompile(disp, argtypes) or cres
    lib = cres.library
    return Captured(disp, cres.signature, cres.fndesc.mangled_name, library_texts(lib), lib, disp.py_func)


def compiled(disp, argtypes):
    """(the signature used for `argtypes`, its CompileResult), compiling if needed.

    Numba's refusal of the function (a typing error in the user's code) becomes a
    `pyenzyme.CompileError` that names the function and keeps Numba's message.
    """
    argtypes = resolve_signature(disp, argtypes)
    if argtypes not in disp.overloads:
        try:
            disp.compile(argtypes)
        except numba.core.errors.NumbaError as exc:
            from ..errors import CompileError

            name = getattr(disp.py_func, "__qualname__", disp)
            raise CompileError(
                f"function: Numba cannot compile {name} for ({', '.join(map(str, argtypes))}):\n{exc}"
            ) from exc
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
    raise TypeError(
        f"function: {disp.py_func.__name__} was compiled for {list(disp.overloads)} only, not for {argtypes}"
    )


def _accepts(formal, actual) -> bool:
    from numba.core import types

    if formal == actual:
        return True
    if isinstance(formal, types.Array) and isinstance(actual, types.Array):
        return (
            formal.dtype == actual.dtype
            and formal.ndim == actual.ndim
            and formal.layout in ("A", actual.layout)
            and (formal.mutable or not actual.mutable)
        )
    return False


def _recompile(disp, argtypes, debug: bool = False):
    from numba.core import compiler

    try:
        cres = compiler.compile_extra(
            disp.typingctx,
            disp.targetctx,
            disp.py_func,
            tuple(argtypes),
            None,
            flags=_flags_for(disp, debug),
            locals={},
        )
    except Exception:
        return None
    return cres


def _flags_for(disp, debug: bool = False):
    from numba.core.compiler import Flags
    from numba.core.cpu import CPUTargetOptions  # noqa: F401

    flags = Flags()
    disp.targetdescr.options.parse_as_flags(flags, disp.targetoptions)
    flags.no_cpython_wrapper = True
    if debug:  # source lines only: the same checks and optimisation as the dispatcher's compile
        flags.debuginfo = True
        flags.boundscheck = bool(disp.targetoptions.get("boundscheck", False))
        flags.dbg_extend_lifetimes = False
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
                with contextlib.suppress(tl.TextLayerError):
                    hints[i] = tl.parse_type(ty_text[:-1])
        return hints
    return {}
