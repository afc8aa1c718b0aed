"""Errors of the AD pipeline in Python terms.

Input: an exception raised while reading or differentiating the IR of one
Python function (it names LLVM symbols and values), and a way to repeat that
step on a compile with debug information. Output: a
`pyenzyme.NotDifferentiableError` whose message names the Python function,
the construct (a callee by its Python name, `print()`, a dict, a matrix
product), the argument by its parameter name and, where the debug
information has it, the source line. Numba's mangled names and runtime
helpers are known here, not in `llvm_passes`.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable

from llvm_passes.differentiate.errors import NotDifferentiableError as PassError
from llvm_passes.ir.reader import ReadError

from ..errors import NotDifferentiableError
from .capture import python_name

# Numba runtime and library entry points, by name prefix: (the Python construct, what to do).
_UNSUPPORTED = "pyenzyme has no derivative for it yet"
CONSTRUCTS: tuple[tuple[str, str, str], ...] = (
    ("numba_dict_", "a dict (numba.typed.Dict)", "keep the values to differentiate in arrays"),
    ("numba_list_", "a typed list (numba.typed.List)", "keep the values to differentiate in arrays"),
    ("numba_unicode", "a string operation", "compute the string outside the differentiated function"),
    ("numba_ez_", "an np.linalg routine", _UNSUPPORTED),
    (
        "pyenzyme.scipy.",
        "a derivative of the derivative of an np.linalg factorisation (cholesky, det, slogdet, inv)",
        "second derivatives through them are not supported yet",
    ),
    ("numba_rnd_", "a random number generator (np.random)", "draw the random numbers outside and pass them in"),
    ("PyObject_", "an object-mode call into the Python interpreter", "use only nopython-mode code"),
)
_ESCAPES = {"_3c": "<", "_3e": ">", "_24": "$"}


def demangle(symbol: str) -> str | None:
    """`_ZN8__main__9_rec_polyB2v1...E...` -> `__main__._rec_poly` (Numba's Itanium-style names)."""
    if not symbol.startswith("_ZN"):
        return None
    parts, i = [], 3
    while i < len(symbol) and symbol[i] != "E":
        tag = symbol[i] == "B"  # an ABI tag: skipped
        j = i + 1 if tag else i
        k = j
        while k < len(symbol) and symbol[k].isdigit():
            k += 1
        if k == j:
            return None
        n = int(symbol[j:k])
        if not tag:
            parts.append(re.sub(r"_3c|_3e|_24", lambda m: _ESCAPES[m.group(0)], symbol[k : k + n]))
        i = k + n
    return ".".join(parts) or None


def callee_name(symbol: str) -> str:
    """A callee as a Python user knows it: its qualified name, else the symbol."""
    return python_name(symbol) or demangle(symbol) or symbol


def construct_of(symbol: str) -> tuple[str, str] | None:
    for prefix, what, advice in CONSTRUCTS:
        if symbol.startswith(prefix):
            return what, advice
    return None


_GENERIC_CALL = re.compile(r"cannot (yet )?differentiate (the )?call to")
_ARG = re.compile(r'%"?arg\.([A-Za-z_]\w*)(?:\.\d+)*"?')
_TICKED = re.compile(r"`([^`]+)`")


def _python_words(msg: str) -> str:
    """Symbols and argument pieces in `msg` by their Python names."""
    msg = _ARG.sub(lambda m: f"argument `{m.group(1)}`", msg)
    return _TICKED.sub(lambda m: f"`{callee_name(m.group(1))}`", msg)


def _headline(exc: Exception) -> str:
    """The first line of the pass's message, before its ` in FUNCTION (file:line)` suffix."""
    inst = getattr(exc, "instruction", None)
    text = str(exc).split("\n  instruction:")[0]
    func = getattr(exc, "function", None)
    if func is not None:
        suffix = f" in {func.locations.get('@name', func.name)}"
        text = text[: text.rindex(suffix)] if suffix in text else text
    callee = inst.callee if inst is not None and inst.opcode == "call" else None
    known = construct_of(callee) if callee and _GENERIC_CALL.search(text) else None
    if known is not None:
        what, advice = known
        return f"{what} cannot be differentiated: {advice} (Numba calls `{callee}`)"
    if "mismatched activity" in text:
        return _python_words(text) + (
            "; or call pe.set_runtime_activity(True), which gives constant arrays a zeroed scratch shadow "
            "(checked at run time, not proven)"
        )
    if isinstance(exc, ReadError) and "indirect call" in text:
        return (
            "a call through a function pointer (a cffi or ctypes function, or a function passed as an "
            "argument) cannot be differentiated: pyenzyme sees no code behind the pointer; give a cffi or "
            "ctypes function custom rules (pe.rules.forward, pe.rules.augmented_primal and pe.rules.reverse) "
            "or mark it pe.rules.inactive"
        )
    return _python_words(text)


_DBG = re.compile(r"!dbg (!\d+)")


def _line_of(text: str, module_text: str) -> str | None:
    """`file:line` of an instruction's `!dbg` location in a module with debug information."""
    m = _DBG.search(text)
    if m is None:
        return None
    loc = re.search("^" + re.escape(m.group(1)) + r" = !DILocation\(line: (\d+)[^\n]*scope: (!\d+)", module_text, re.M)
    if loc is None or loc.group(1) == "0":
        return None
    scope = re.search("^" + re.escape(loc.group(2)) + r" = [^\n]*file: (!\d+)", module_text, re.M)
    fname = scope and re.search(
        "^" + re.escape(scope.group(1)) + r' = !DIFile\(filename: "([^"]*)", '
        r'directory: "([^"]*)"',
        module_text,
        re.M,
    )
    if not fname:
        return None
    path = fname.group(1) if fname.group(1).startswith("/") else f"{fname.group(2)}/{fname.group(1)}"
    return f"{path}:{loc.group(1)}"


def locate(rerun: Callable[[], object]) -> str | None:
    """Repeat the failing step on a debug-info compile; the `file:line` of the instruction it stops at.

    `rerun()` returns the debug module's text after raising nothing, or raises
    the same kind of error with its module text attached as `.module_text`.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Numba's notes on debug information it could not place
            rerun()
    except (PassError, ReadError) as again:
        inst = getattr(again, "instruction", None)
        text = inst.text if inst is not None else str(again)
        return _line_of(text, getattr(again, "module_text", ""))
    except Exception:
        return None
    return None


def _source(line: str) -> str:
    """`file:line: code`, the code as the file has it (when it can be read)."""
    import linecache

    path, _, number = line.rpartition(":")
    code = linecache.getline(path, int(number)).strip()
    return f"{line}: {code}" if code else line


def not_differentiable(exc: Exception, qualname: str, where: str, line: str | None) -> NotDifferentiableError:
    """The pass's error `exc` for the Python function `qualname` defined at `where`."""
    msg = f"{_headline(exc)} in {qualname} ({_source(line) if line else where})"
    inst = getattr(exc, "instruction", None)
    if inst is not None:
        msg += f"\n  instruction: {inst.text}"
    err = NotDifferentiableError(msg, line)
    err.instruction = inst
    err.function = getattr(exc, "function", None)
    return err
