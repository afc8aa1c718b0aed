"""The derivative table: one partial per operand for every differentiable op.

Input: a `DerivativeBuilder` (emits scalar IR next to the primal) and the
primal operands. Output: one partial derivative per operand, as an IR value
or one of the markers ONE, MINUS_ONE, ZERO, INACTIVE. Forward mode sums
partial * tangent; reverse mode adds adjoint * partial into each operand;
batch width W maps the same partials over W lanes.

Keys are LLVM opcodes, LLVM intrinsic stems (`llvm.exp`) and libm names
(`exp`; the float variants `expf` are registered automatically).

Operations that only move floats (select, float casts, freeze, aggregate
and vector element access) are linear: `LINEAR` holds, per opcode, the
tangent (the same move applied to the tangents) and the adjoint (the move
transposed), at the end of this file.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass


class _Marker:
    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return self.name


ONE = _Marker("ONE")
MINUS_ONE = _Marker("MINUS_ONE")
ZERO = _Marker("ZERO")  # differentiable, derivative identically zero
INACTIVE = _Marker("INACTIVE")  # operand is not a float (e.g. an integer exponent)


@dataclass(frozen=True)
class Rule:
    name: str
    partials: Callable  # (d, *operands) -> tuple of partials, one per operand
    strong_zero: bool = False  # guard 0 * inf: a zero tangent/adjoint gives zero


RULES: dict[str, Rule] = {}

# LLVM intrinsics whose stem is also a libm name; the rest are called through libm.
LLVM_MATH_INTRINSICS = frozenset(
    {
        "sqrt",
        "exp",
        "exp2",
        "exp10",
        "log",
        "log2",
        "log10",
        "sin",
        "cos",
        "tan",
        "pow",
        "fabs",
        "copysign",
        "floor",
        "ceil",
        "trunc",
        "rint",
        "nearbyint",
        "round",
        "roundeven",
        "fma",
        "fmuladd",
        "minnum",
        "maxnum",
        "minimum",
        "maximum",
        "powi",
        "asin",
        "acos",
        "atan",
        "atan2",
        "sinh",
        "cosh",
        "tanh",
    }
)


def rule(*names: str, strong_zero: bool = False, libm: bool = True):
    """Register `fn` under opcode/intrinsic/libm `names` (libm float variants added)."""

    def deco(fn):
        for n in names:
            r = Rule(n, fn, strong_zero)
            RULES[n] = r
            if libm and re.fullmatch(r"[a-z][a-z0-9]*", n) and n not in OPCODES:
                RULES[n + "f"] = r
        return fn

    return deco


OPCODES = frozenset({"fadd", "fsub", "fmul", "fdiv", "frem", "fneg"})


def math_rule(stem: str, **kw):
    """A rule for `llvm.<stem>.*` and libm `<stem>`/`<stem>f`."""
    return rule(stem, f"llvm.{stem}", **kw)


def lookup(key: str) -> Rule | None:
    """The rule for an opcode or a callee name (`llvm.exp.f64` -> `llvm.exp`)."""
    if key in RULES:
        return RULES[key]
    if key.startswith("llvm."):
        parts = key.split(".")
        for n in range(len(parts) - 1, 1, -1):
            r = RULES.get(".".join(parts[:n]))
            if r is not None:
                return r
    return None


# ---------------------------------------------------------------- instructions
@rule("fadd")
def _fadd(d, a, b):
    return ONE, ONE


@rule("fsub")
def _fsub(d, a, b):
    return ONE, MINUS_ONE


@rule("fmul")
def _fmul(d, a, b):
    return b, a


@rule("fdiv")
def _fdiv(d, a, b):
    # d(a/b) = da/b - (a/b) db/b
    inv = d.fdiv(d.const(1.0), b)
    return inv, d.fneg(d.fmul(d.result, inv))


@rule("frem")
def _frem(d, a, b):
    # frem(a, b) = a - b * trunc(a / b)
    return ONE, d.fneg(d.call("trunc", d.fdiv(a, b)))


@rule("fneg")
def _fneg(d, a):
    return (MINUS_ONE,)


# ---------------------------------------------------------------- libm / intrinsics
@math_rule("sqrt", strong_zero=True)
def _sqrt(d, x):
    return (d.fdiv(d.const(0.5), d.result),)  # 1 / (2 sqrt x)


@math_rule("cbrt", strong_zero=True)
def _cbrt(d, x):
    r = d.result
    return (d.fdiv(d.const(1.0), d.fmul(d.const(3.0), d.fmul(r, r))),)  # 1 / (3 cbrt(x)^2)


@math_rule("exp")
def _exp(d, x):
    return (d.result,)


@math_rule("exp2")
def _exp2(d, x):
    return (d.fmul(d.result, d.const(math.log(2.0))),)


@math_rule("exp10")
def _exp10(d, x):
    return (d.fmul(d.result, d.const(math.log(10.0))),)


@math_rule("expm1")
def _expm1(d, x):
    return (d.fadd(d.result, d.const(1.0)),)


@math_rule("log", strong_zero=True)
def _log(d, x):
    return (d.fdiv(d.const(1.0), x),)


@math_rule("log2", strong_zero=True)
def _log2(d, x):
    return (d.fdiv(d.const(1.0), d.fmul(x, d.const(math.log(2.0)))),)


@math_rule("log10", strong_zero=True)
def _log10(d, x):
    return (d.fdiv(d.const(1.0), d.fmul(x, d.const(math.log(10.0)))),)


@math_rule("log1p", strong_zero=True)
def _log1p(d, x):
    return (d.fdiv(d.const(1.0), d.fadd(x, d.const(1.0))),)


@math_rule("sin")
def _sin(d, x):
    return (d.call("cos", x),)


@math_rule("cos")
def _cos(d, x):
    return (d.fneg(d.call("sin", x)),)


@math_rule("tan")
def _tan(d, x):
    return (d.fadd(d.const(1.0), d.fmul(d.result, d.result)),)  # 1 + tan^2


def _one_minus_sq(d, x):
    return d.fsub(d.const(1.0), d.fmul(x, x))


@math_rule("asin", strong_zero=True)
def _asin(d, x):
    return (d.fdiv(d.const(1.0), d.call("sqrt", _one_minus_sq(d, x))),)


@math_rule("acos", strong_zero=True)
def _acos(d, x):
    return (d.fdiv(d.const(-1.0), d.call("sqrt", _one_minus_sq(d, x))),)


@math_rule("atan")
def _atan(d, x):
    return (d.fdiv(d.const(1.0), d.fadd(d.const(1.0), d.fmul(x, x))),)


@math_rule("atan2")
def _atan2(d, y, x):
    # d atan2(y, x) = (x dy - y dx) / (x^2 + y^2)
    r2 = d.fadd(d.fmul(x, x), d.fmul(y, y))
    return d.fdiv(x, r2), d.fdiv(d.fneg(y), r2)


@math_rule("sinh")
def _sinh(d, x):
    return (d.call("cosh", x),)


@math_rule("cosh")
def _cosh(d, x):
    return (d.call("sinh", x),)


@math_rule("tanh")
def _tanh(d, x):
    return (d.fsub(d.const(1.0), d.fmul(d.result, d.result)),)


@math_rule("asinh")
def _asinh(d, x):
    return (d.fdiv(d.const(1.0), d.call("sqrt", d.fadd(d.fmul(x, x), d.const(1.0)))),)


@math_rule("acosh", strong_zero=True)
def _acosh(d, x):
    return (d.fdiv(d.const(1.0), d.call("sqrt", d.fsub(d.fmul(x, x), d.const(1.0)))),)


@math_rule("atanh", strong_zero=True)
def _atanh(d, x):
    return (d.fdiv(d.const(1.0), _one_minus_sq(d, x)),)


@math_rule("pow", strong_zero=True)
def _pow(d, x, y):
    # d x^y = y x^(y-1) dx + x^y log(x) dy   (the log term is 0 where x^y is 0)
    px = d.fmul(y, d.call("pow", x, d.fsub(y, d.const(1.0))))
    r = d.result
    py = d.select(d.fcmp("oeq", r, d.const(0.0)), d.const(0.0), d.fmul(r, d.call("log", x)))
    return px, py


@rule("llvm.powi", strong_zero=True)
def _powi(d, x, n):
    nm1 = d.isub(n, 1)
    return d.fmul(d.sitofp(n), d.call_powi(x, nm1)), INACTIVE


@math_rule("fabs")
def _fabs(d, x):
    return (d.call("copysign", d.const(1.0), x),)


@math_rule("copysign")
def _copysign(d, a, b):
    # |a| sign(b): d/da = sign(a) sign(b)
    return d.fmul(d.call("copysign", d.const(1.0), a), d.call("copysign", d.const(1.0), b)), ZERO


@math_rule("hypot")
def _hypot(d, a, b):
    return d.fdiv(a, d.result), d.fdiv(b, d.result)


_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)


@math_rule("erf")
def _erf(d, x):
    return (d.fmul(d.const(_TWO_OVER_SQRT_PI), d.call("exp", d.fneg(d.fmul(x, x)))),)


@math_rule("erfc")
def _erfc(d, x):
    return (d.fmul(d.const(-_TWO_OVER_SQRT_PI), d.call("exp", d.fneg(d.fmul(x, x)))),)


@math_rule("lgamma")
def _lgamma(d, x):
    return (d.digamma(x),)


@rule("fma", "llvm.fma", "llvm.fmuladd")
def _fma(d, a, b, c):
    return b, a, ONE


def _pick(d, a, b):
    # derivative flows to whichever operand the result equals (ties go to `a`)
    pa = d.select(d.fcmp("oeq", d.result, a), d.const(1.0), d.const(0.0))
    return pa, d.fsub(d.const(1.0), pa)


for _stem in ("minnum", "maxnum", "minimum", "maximum"):
    rule(f"llvm.{_stem}")(_pick)
rule("fmin", "fmax")(_pick)


@rule(
    "floor",
    "llvm.floor",
    "ceil",
    "llvm.ceil",
    "trunc",
    "llvm.trunc",
    "round",
    "llvm.round",
    "rint",
    "llvm.rint",
    "nearbyint",
    "llvm.nearbyint",
    "llvm.roundeven",
)
def _piecewise_constant(d, x):
    return (ZERO,)


# ---------------------------------------------------------------- linear moves
@dataclass(frozen=True)
class LinearRule:
    """An operation linear in its float operands. `tangent(d, inst, primals, tangents)` gives the
    result's tangent; `adjoint(d, inst, primals, dresult)` one adjoint (or None) per operand;
    `reads`: the operands whose primal values they use (a select's condition, an element index)."""

    name: str
    tangent: Callable
    adjoint: Callable
    reads: tuple[int, ...] = ()


LINEAR: dict[str, LinearRule] = {}


def linear(name: str, tangent: Callable, adjoint: Callable, reads: tuple[int, ...] = ()) -> None:
    LINEAR[name] = LinearRule(name, tangent, adjoint, reads)


# y = c ? a : b: the adjoint goes to the operand that was picked
linear(
    "select",
    lambda d, inst, p, t: d.select(p[0], t[1], t[2]),
    lambda d, inst, p, dy: (None, d.select(p[0], dy, d.zero(dy.type)), d.select(p[0], d.zero(dy.type), dy)),
    reads=(0,),
)
linear(
    "fpext",
    lambda d, inst, p, t: d.cast("fpext", t[0], inst.type),
    lambda d, inst, p, dy: (d.cast("fptrunc", dy, inst.operands[0].type),),
)
linear(
    "fptrunc",
    lambda d, inst, p, t: d.cast("fptrunc", t[0], inst.type),
    lambda d, inst, p, dy: (d.cast("fpext", dy, inst.operands[0].type),),
)
linear("freeze", lambda d, inst, p, t: t[0], lambda d, inst, p, dy: (dy,))
# y = agg[idx]: agg' += (zero with dy at idx)
linear(
    "extractvalue",
    lambda d, inst, p, t: d.extract_value(t[0], inst.attrs["indices"]),
    lambda d, inst, p, dy: (d.insert_value(d.zero(inst.operands[0].type), dy, inst.attrs["indices"]),),
)
# y = agg with y[idx] = e: e' += dy[idx]; agg' += dy with idx cleared
linear(
    "insertvalue",
    lambda d, inst, p, t: d.insert_value(t[0], t[1], inst.attrs["indices"]),
    lambda d, inst, p, dy: (
        d.insert_value(dy, d.zero(inst.operands[1].type), inst.attrs["indices"]),
        d.extract_value(dy, inst.attrs["indices"]),
    ),
)
linear(
    "extractelement",
    lambda d, inst, p, t: d.extract_element(t[0], p[1]),
    lambda d, inst, p, dy: (d.insert_element(d.zero(inst.operands[0].type), dy, p[1]), None),
    reads=(1,),
)
linear(
    "insertelement",
    lambda d, inst, p, t: d.insert_element(t[0], t[1], p[2]),
    lambda d, inst, p, dy: (
        d.insert_element(dy, d.zero(inst.operands[1].type), p[2]),
        d.extract_element(dy, p[2]),
        None,
    ),
    reads=(2,),
)
