"""The command-line driver: differentiate one function of any LLVM IR file.

Input: LLVM text (one or more modules, from any compiler or by hand), the
name of a function, a mode and one activity per LLVM argument. Output: the
derivative as LLVM text (as LLVM prints it after parsing and verifying it),
or the text of one analysis printer (types, activity, memory facts, the
reverse sweep's cache plan), or the primal after the pre-AD pipeline.

`python -m llvm_passes FILE.ll --fn NAME --mode MODE --activity KINDS` runs
`main`; the same steps are importable: `load` (parse, link, pre-AD
pipeline), `derivative` and `analysis`, or `differentiate` for all of it.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import sys
from collections.abc import Sequence

import llvmlite.binding as llvm
import llvmlite.ir as ir

from .analysis.activity import Activity, carries_float, print_activity
from .analysis.memory import MemoryFacts, print_memory
from .analysis.types import TypeAnalysis, print_types
from .differentiate.cache import print_cache_plan
from .differentiate.errors import NotDifferentiableError
from .differentiate.forward import differentiate_forward
from .differentiate.reverse import ReversePass, differentiate_reverse, differentiate_split
from .ir import textlayer as tl
from .ir.emitter import Emitter
from .ir.model import Function
from .ir.reader import read_function
from .preprocess import optimize, parse, preprocess

MODES = ("forward", "reverse", "split")
KINDS = ("const", "dup", "active")
PRINTS = ("derivative", "primal", "types", "activity", "memory", "cache")
NEEDS_MODE = ("derivative", "cache")
NEEDS_ACTIVITY = ("derivative", "cache", "activity")


class UsageError(ValueError):
    """Bad input to the driver: unreadable or invalid IR, an unknown function, wrong activities."""


# -- input ---------------------------------------------------------------------------------------
def load(texts: Sequence[str], fn: str, names: Sequence[str] = (), run_pre_ad: bool = True) -> llvm.ModuleRef:
    """Parse and verify each text, link them, and (unless `run_pre_ad` is false) run the pre-AD pipeline.

    For the pipeline every function except `fn` is marked always-inline, so
    `fn`'s callees are inlined into it where LLVM can; `fn` itself stays.

    >>> mod = load(["define double @sq(double %x) {\\n  %y = fmul double %x, %x\\n  ret double %y\\n}"], "sq")
    >>> print(mod.get_function("sq"))  # doctest: +NORMALIZE_WHITESPACE
    define double @sq(double %x) {
    bb:
      %y = fmul double %x, %x
      ret double %y
    }
    """
    names = list(names) or [f"module{i}" for i in range(len(texts))]
    mods = []
    for text, name in zip(texts, names):
        try:
            mods.append(parse(text, name))
        except ValueError as exc:
            raise UsageError(_one_line(str(exc)).replace("<string>", name)) from None
    defined = {f.name for m in mods for f in m.functions if not f.is_declaration}
    if fn not in defined:
        declared = {f.name for m in mods for f in m.functions}
        what = "is only declared" if fn in declared else "is not defined"
        listing = ", ".join(sorted(defined)) or "none"
        raise UsageError(f"function @{fn} {what} in {', '.join(names)} (functions defined: {listing})")
    try:
        if run_pre_ad:
            return preprocess(list(texts), keep_calls=(fn,))
        main = mods[0]
        for m in mods[1:]:
            main.link_in(m)
        return main
    except RuntimeError as exc:  # llvmlite's link_in
        raise UsageError(f"cannot link {', '.join(names)}: {_one_line(str(exc))}") from None
    except ValueError as exc:
        if "noinline and alwaysinline" not in str(exc):
            raise
        # attribute groups (`#0 = { noinline optnone ... }`) are not seen by the always-inline marking
        raise UsageError(
            "functions marked noinline in an attribute group (clang -O0 output?) cannot go through the "
            "pre-AD pipeline: compile with -O1 or higher, or pass --no-preprocess"
        ) from None


def pointer_hints(texts: Sequence[str], fn: str) -> dict[int, ir.Type]:
    """Pointee types of `fn`'s pointer arguments where typed-pointer text (`double* %x`) names them.

    LLVM 22 reads `double*` as `ptr`; the text still tells type analysis what
    an argument points to. `i8*` (C's untyped memory) gives no hint.

    >>> hints = pointer_hints(["define void @f(double* nocapture %x, i8* %p, i64 %n) {"], "f")
    >>> {i: str(t) for i, t in hints.items()}
    {0: 'double'}
    """
    head = re.compile(r"^define [^\n]*@\"?" + re.escape(fn) + r"\"?\((.*)\)[^\n(]*$", re.M)
    for text in texts:
        m = head.search(text)
        if m is None:
            continue
        hints = {}
        for i, param in enumerate(tl.split_top_level(m.group(1))):
            star = re.match(r"\s*([^%*]+?)\s*\*", param)
            if star and star.group(1) != "i8":
                with contextlib.suppress(tl.TextLayerError):
                    hints[i] = tl.parse_type(star.group(1))
        return hints
    return {}


def parse_activity(activity: str | Sequence[str], func: Function, mode: str | None) -> list[str]:
    """One kind per LLVM argument of `func`, checked against its type and the mode (None: any mode)."""
    kinds = [k.strip() for k in activity.split(",")] if isinstance(activity, str) else list(activity)
    if len(kinds) != len(func.args):
        sig = ", ".join(f"{a.type} %{a.name}" for a in func.args)
        raise UsageError(f"@{func.name} has {len(func.args)} arguments ({sig}) but --activity gives {len(kinds)}")
    for k, a in zip(kinds, func.args):
        if k not in KINDS:
            raise UsageError(f"activity {k!r} of %{a.name} is not one of {', '.join(KINDS)}")
        pointer = isinstance(a.type, ir.PointerType)
        if k == "dup" and not pointer and not (mode in (None, "forward") and carries_float(a.type)):
            raise UsageError(f"%{a.name} ({a.type}) cannot be dup: only pointers have shadows in {mode} mode")
        if k == "active" and not carries_float(a.type):
            raise UsageError(f"%{a.name} ({a.type}) cannot be active: it holds no floating-point value")
    return kinds


# -- output --------------------------------------------------------------------------------------
def derivative(
    mod: llvm.ModuleRef,
    fn: str,
    mode: str,
    activity: str | Sequence[str],
    width: int = 1,
    name: str | None = None,
    opt: int = 0,
    hints: dict | None = None,
) -> str:
    """The LLVM text of a module holding the derivative of `fn` in `mode`, verified.

    Forward: `fwd.<fn>` takes each argument followed by `width` shadows of the
    non-const ones. Reverse: `rev.<fn>` (see `differentiate_reverse`). Split:
    `rev.<fn>.forward`, `.reverse`, `.free`. `opt` > 0 runs LLVM's O`opt` on it.

    >>> mod = load(["define void @sq(ptr %p) {\\n  %x = load double, ptr %p\\n  %y = fmul double %x, %x\\n"
    ...             "  store double %y, ptr %p\\n  ret void\\n}"], "sq")
    >>> print(derivative(mod, "sq", "reverse", "dup").split("define ")[1].split("(")[0])
    void @rev.sq
    """
    if mode not in MODES:
        raise UsageError(f"mode {mode!r} is not one of {', '.join(MODES)}")
    func = _read(mod, fn)
    kinds = parse_activity(activity, func, mode)
    name = name or f"{'fwd' if mode == 'forward' else 'rev'}.{fn}"
    em = Emitter(name, triple=mod.triple, data_layout=mod.data_layout)
    if mode == "forward":
        differentiate_forward(func, em, [k != "const" for k in kinds], name, width, module=mod)
    elif mode == "reverse":
        differentiate_reverse(func, em, kinds, name, module=mod, hints=hints, width=width)
    else:
        differentiate_split(func, em, kinds, name, module=mod, hints=hints, width=width)
    try:
        out = parse(em.text(), name)
    except ValueError as exc:
        msg = f"the derivative of @{fn} does not verify (a bug in llvm_passes): {_one_line(str(exc))}"
        raise RuntimeError(msg) from None
    if opt:
        optimize(out, opt)
        out.verify()
    return str(out)


def analysis(
    mod: llvm.ModuleRef,
    fn: str,
    what: str,
    activity: str | Sequence[str] | None = None,
    mode: str | None = None,
    hints: dict | None = None,
    width: int = 1,
) -> str:
    """The text of one printer for `fn`: `primal`, `types`, `activity`, `memory` or `cache`.

    `activity` (one kind per argument) is needed for `activity` and `cache`;
    the cache plan is that of the reverse (or split) sweep `derivative` emits.

    >>> mod = load(["define double @f(double %x, i64 %n) {\\n  %y = fmul double %x, %x\\n  ret double %y\\n}"], "f")
    >>> print(analysis(mod, "f", "activity", "active,const"))
    %x: active
    %n: constant
    %y: active
    """
    if what not in PRINTS or what == "derivative":
        raise UsageError(f"no analysis {what!r}: one of {', '.join(p for p in PRINTS if p != 'derivative')}")
    func = _read(mod, fn)
    if what == "primal":
        return str(mod.get_function(fn)).strip()
    if what == "types":
        return print_types(func, TypeAnalysis(func, hints))
    if what == "memory":
        return print_memory(func, MemoryFacts(func))
    if activity is None:
        raise UsageError(f"--print {what} needs --activity")
    kinds = parse_activity(activity, func, mode)
    if what == "activity":
        return print_activity(func, Activity(func, {a for a, k in zip(func.args, kinds) if k != "const"}))
    return _cache_plan(mod, func, kinds, mode or "reverse", hints, width)


def differentiate(
    texts: str | Sequence[str],
    fn: str,
    mode: str,
    activity: str | Sequence[str],
    width: int = 1,
    name: str | None = None,
    opt: int = 0,
    run_pre_ad: bool = True,
) -> str:
    """`load` then `derivative`: LLVM text in, the derivative's module text out."""
    texts = [texts] if isinstance(texts, str) else list(texts)
    mod = load(texts, fn, run_pre_ad=run_pre_ad)
    return derivative(mod, fn, mode, activity, width, name, opt, pointer_hints(texts, fn))


def _cache_plan(mod, func: Function, kinds: list[str], mode: str, hints, width: int) -> str:
    if mode == "forward":
        raise UsageError("--print cache is the reverse sweep's plan: use --mode reverse or split")
    em = Emitter("cache", triple=mod.triple, data_layout=mod.data_layout)
    rp = ReversePass(func, em, kinds, mod, hints=hints, split=mode == "split", width=width)
    rp.run(f"rev.{func.name}")
    return print_cache_plan(rp.cache)


def _read(mod: llvm.ModuleRef, fn: str) -> Function:
    try:
        mod.get_function(fn)
    except NameError:
        raise UsageError(f"function @{fn} is not in the module (removed by the pre-AD pipeline?)") from None
    return read_function(mod, fn)


def _one_line(msg: str) -> str:
    """An LLVM diagnostic on one line: its text lines joined, the source line and caret dropped."""
    lines = [ln.strip() for ln in msg.splitlines() if ln.strip()]
    keep = [ln for ln in lines if not set(ln) <= {"^", "~", " "}]
    return "; ".join(keep)


# -- command line ----------------------------------------------------------------------------------
DESCRIPTION = """\
Differentiate function NAME of an LLVM IR file (from any compiler or written
by hand) and print the derivative, or an analysis of NAME, to stdout.

The files are parsed, verified and linked; then the pre-AD pipeline runs
(every function but NAME is inlined where LLVM can, memory is promoted to
registers, loops are simplified, values are named) unless --no-preprocess."""

EPILOG = """\
activities (--activity): one per LLVM argument of NAME, comma-separated:
  const   no derivative
  dup     a pointer: a shadow pointer argument follows it (W of them with
          --width W); derivatives are added into shadow memory. In forward
          mode a floating-point argument may be dup: its tangent follows it.
  active  reverse/split: a floating-point value whose adjoint is ADDED into W
          pointer arguments after it; forward: same as dup.

return values: a returned float (or vector of floats) is the function's result.
  Forward mode returns it with its tangents, {T, T} (W = 1) or {T, [W x T]};
  reverse and split mode take its adjoint (the seed) as W arguments of type T
  after the shadows, and return the primal result. Any other return value is
  a status: the reverse sweep runs only when it is 0 or -2 (the status codes
  of success); otherwise the derivative returns it at once. A returned
  aggregate that holds floats is refused.

derivative signatures:
  forward  fwd.NAME(each argument, then W shadows of each non-const one)
  reverse  rev.NAME(each argument, its shadows or adjoint pointers, [the return
           seeds,] ptr tape_bytes): the primal's return value; tape_bytes (may
           be null) receives the tape size in bytes
  split    rev.NAME.forward / rev.NAME.reverse (the reverse arguments plus a
           ptr state_ref) and rev.NAME.free(ptr state_ref)

--print:
  derivative  the module holding the derivative, as LLVM prints it (default)
  primal      NAME after the pre-AD pipeline (what the passes read)
  types       type analysis: %v: {[offsets]:Integer|Pointer|Float@type}
  activity    activity analysis: %v: active|constant (needs --activity)
  memory      what NAME may write, and which loads the reverse sweep may repeat
  cache       reverse/split only: how the reverse sweep gets each forward value
              (recomputed, reloaded, saved once, pushed on the tape)

exit status:
  0  printed
  1  NAME cannot be differentiated (the reason, and the instruction, are printed)
  2  usage: bad option, unreadable or invalid IR file, unknown function, wrong
     number or kind of activities

example:
  python -m llvm_passes kernel.ll --fn sumsq --mode reverse --activity dup,const"""


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m llvm_passes",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("files", nargs="+", metavar="FILE.ll", help="LLVM IR text; several files are linked")
    p.add_argument("--fn", required=True, metavar="NAME", help="the function to differentiate (without @)")
    p.add_argument("--mode", choices=MODES, help="forward, reverse (combined) or split (forward/reverse/free)")
    p.add_argument("--activity", metavar="KINDS", help="const|dup|active per LLVM argument, e.g. dup,const")
    p.add_argument("--width", type=_positive, default=1, metavar="W", help="batch width: W shadows (default 1)")
    p.add_argument("--print", dest="show", choices=PRINTS, default="derivative", help="what to print")
    p.add_argument("--name", help="name of the derivative (default fwd.NAME or rev.NAME)")
    p.add_argument("-O", dest="opt", type=int, choices=(0, 1, 2, 3), default=0, help="run LLVM -O on the derivative")
    p.add_argument("--no-preprocess", action="store_true", help="skip the pre-AD pipeline: differentiate as written")
    p.add_argument("--traceback", action="store_true", help="on an internal error, show the Python traceback")
    return p


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer, not {text!r}")
    return int(text)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 printed, 1 not differentiable, 2 usage)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help (0) or a usage error (2), already printed
        return int(exc.code or 0)
    try:
        sys.stdout.write(_run(args) + "\n")
        return 0
    except UsageError as exc:
        return _fail(parser, 2, str(exc))
    except NotDifferentiableError as exc:
        return _fail(parser, 1, f"cannot differentiate @{args.fn}: {_one_line(str(exc))}")
    except Exception as exc:
        if args.traceback:
            raise
        return _fail(parser, 1, f"cannot differentiate @{args.fn}: {type(exc).__name__}: {_one_line(str(exc))}")


def _run(args: argparse.Namespace) -> str:
    if args.show in NEEDS_MODE and args.mode is None:
        raise UsageError(f"--print {args.show} needs --mode")
    if args.show in NEEDS_ACTIVITY and args.activity is None:
        raise UsageError(f"--print {args.show} needs --activity")
    texts = []
    for path in args.files:
        try:
            with open(path, encoding="utf-8") as f:
                texts.append(f.read())
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"cannot read {path}: {exc.strerror if isinstance(exc, OSError) else exc}") from None
    mod = load(texts, args.fn, args.files, run_pre_ad=not args.no_preprocess)
    hints = pointer_hints(texts, args.fn)
    if args.show == "derivative":
        return derivative(mod, args.fn, args.mode, args.activity, args.width, args.name, args.opt, hints)
    return analysis(mod, args.fn, args.show, args.activity, args.mode, hints, args.width)


def _fail(parser: argparse.ArgumentParser, status: int, msg: str) -> int:
    sys.stderr.write(f"{parser.prog}: error: {msg}\n")
    return status
