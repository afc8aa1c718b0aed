"""One numeric test per derivative rule in `llvm_passes/derivatives/table.py`.

Two spec tables drive the tests:

* `SPECS`: a Python expression that makes Numba emit an opcode, intrinsic or
  libm call, an input domain and the exact partial derivative (numpy/math).
  Each spec is differentiated in forward mode with `pe.autodiff` at a few
  points of its domain and checked against the analytic value (rtol 1e-12 in
  float64, 1e-5 in float32) and against a 4th-order central finite difference
  (rtol 1e-8, float64 only). Each spec also states which opcodes / rule keys
  it is meant to exercise, and the test checks Numba really emitted them.
* `RAW_KEYS`: rule keys Numba never emits for these expressions (libm names it
  replaces by intrinsics, float variants, intrinsics like `llvm.powi`, and
  `llvm.<stem>` names that are no LLVM intrinsic at all). Each is checked on a
  hand-written LLVM function `out = callee(args...)` differentiated with
  `differentiate_forward` and run through llvmlite's MCJIT.

`test_every_rule_is_covered` asserts that every key of `RULES` is exercised by
a Numba spec (seen in its captured IR) or by a raw-IR test.

Reverse mode runs on the same one-operation functions (`test_rule_reverse`,
`test_rule_raw_ir_reverse`): the adjoints J^T w of the differentiated
arguments are checked against forward mode by the dot-product identity
<J v, w> = <v, J^T w> (rtol 1e-12) at the same points, with a direction v and
(raw IR) a seed w that are not all ones.
"""

from __future__ import annotations

import ctypes
import functools
import math
import zlib
from collections.abc import Callable
from dataclasses import dataclass

import llvmlite.binding as llb
import numba
import numpy as np
import pytest

import pyenzyme as pe
from llvm_passes.derivatives.table import RULES, lookup
from llvm_passes.differentiate.errors import NotDifferentiableError
from llvm_passes.differentiate.forward import differentiate_forward
from llvm_passes.differentiate.reverse import differentiate_reverse
from llvm_passes.ir.emitter import Emitter
from llvm_passes.ir.reader import read_function
from llvm_passes.preprocess import parse
from pyenzyme.frontend.build import prepare
from tests.llvm_helpers import mcjit

RTOL64 = 1e-12
RTOL32 = 1e-5
RTOL_FD = 1e-8
RTOL_DOT = 1e-12  # <J v, w> = <v, J^T w>: forward against reverse
FD_ATOL = 1e-10  # finite differences of a zero derivative are only zero up to rounding
N_POINTS = 4

LN2 = math.log(2.0)
LN10 = math.log(10.0)
TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)


# ----------------------------------------------------------------------------- reference math
def digamma(x: float) -> float:
    """psi(x) = d/dx lgamma(x) to ~1e-15 (reflection, recurrence to x >= 20, 7-term Bernoulli series)."""
    if x < 0.5:
        return digamma(1.0 - x) - math.pi / math.tan(math.pi * x)
    acc = 0.0
    while x < 20.0:
        acc -= 1.0 / x
        x += 1.0
    inv2 = 1.0 / (x * x)
    series, p = 0.0, inv2
    for b in (1 / 12, -1 / 120, 1 / 252, -1 / 240, 1 / 132, -691 / 32760, 1 / 12):
        series += b * p
        p *= inv2
    return acc + math.log(x) - 0.5 / x - series


def sign(x: float) -> float:
    return math.copysign(1.0, x)


# Unary math: stem -> (reference primal, exact derivative, domain)
UNARY = {
    "sqrt": (math.sqrt, lambda x: 0.5 / math.sqrt(x), (0.1, 4.0)),
    "cbrt": (np.cbrt, lambda x: 1.0 / (3.0 * np.cbrt(x) ** 2), [-2.7, -0.4, 0.3, 1.9, 5.5]),
    "exp": (math.exp, math.exp, (-2.0, 2.0)),
    "exp2": (np.exp2, lambda x: np.exp2(x) * LN2, (-2.0, 2.0)),
    "exp10": (lambda x: 10.0**x, lambda x: 10.0**x * LN10, (-1.5, 1.5)),
    "expm1": (math.expm1, math.exp, (-2.0, 2.0)),
    "log": (math.log, lambda x: 1.0 / x, (0.2, 5.0)),
    "log2": (math.log2, lambda x: 1.0 / (x * LN2), (0.2, 5.0)),
    "log10": (math.log10, lambda x: 1.0 / (x * LN10), (0.2, 5.0)),
    "log1p": (math.log1p, lambda x: 1.0 / (1.0 + x), (-0.5, 3.0)),
    "sin": (math.sin, math.cos, (-3.0, 3.0)),
    "cos": (math.cos, lambda x: -math.sin(x), (-3.0, 3.0)),
    "tan": (math.tan, lambda x: 1.0 / math.cos(x) ** 2, (-1.2, 1.2)),
    "asin": (math.asin, lambda x: 1.0 / math.sqrt(1.0 - x * x), (-0.8, 0.8)),
    "acos": (math.acos, lambda x: -1.0 / math.sqrt(1.0 - x * x), (-0.8, 0.8)),
    "atan": (math.atan, lambda x: 1.0 / (1.0 + x * x), (-3.0, 3.0)),
    "sinh": (math.sinh, math.cosh, (-2.0, 2.0)),
    "cosh": (math.cosh, math.sinh, (-2.0, 2.0)),
    "tanh": (math.tanh, lambda x: 1.0 / math.cosh(x) ** 2, (-2.0, 2.0)),
    "asinh": (math.asinh, lambda x: 1.0 / math.sqrt(x * x + 1.0), (-3.0, 3.0)),
    "acosh": (math.acosh, lambda x: 1.0 / math.sqrt(x * x - 1.0), (1.2, 4.0)),
    "atanh": (math.atanh, lambda x: 1.0 / (1.0 - x * x), (-0.8, 0.8)),
    "fabs": (math.fabs, sign, [-2.5, -0.3, 0.7, 3.1]),
    "erf": (math.erf, lambda x: TWO_OVER_SQRT_PI * math.exp(-x * x), (-2.0, 2.0)),
    "erfc": (math.erfc, lambda x: -TWO_OVER_SQRT_PI * math.exp(-x * x), (-2.0, 2.0)),
    "lgamma": (math.lgamma, digamma, [-2.5, -0.7, 0.3, 1.0, 2.5, 5.9, 7.3, 12.0]),
}
# Piecewise constant: derivative 0 (points stay away from the jumps).
STEPS = {
    "floor": math.floor,
    "ceil": math.ceil,
    "trunc": math.trunc,
    "rint": np.rint,
    "nearbyint": np.rint,
    "round": lambda x: math.copysign(math.floor(abs(x) + 0.5), x),
    "roundeven": np.rint,
}
STEP_POINTS = [-2.7, -1.2, 0.3, 1.6, 3.4]


def _pick_partials(is_min):
    def partials(a, b):
        first = (a <= b) if is_min else (a >= b)
        return (1.0, 0.0) if first else (0.0, 1.0)

    return partials


PICK_POINTS = [(0.3, 1.7), (2.5, -1.0), (-0.4, -0.9), (1.1, 1.3)]

# Binary math: stem -> (reference primal, (d/da, d/db), domain per argument)
BINARY = {
    "pow": (math.pow, (lambda x, y: y * x ** (y - 1.0), lambda x, y: x**y * math.log(x)), ((0.3, 3.0), (-2.0, 2.5))),
    "atan2": (
        math.atan2,
        (lambda y, x: x / (x * x + y * y), lambda y, x: -y / (x * x + y * y)),
        ((-2.0, 2.0), [-1.7, -0.5, 0.4, 1.3]),
    ),
    "copysign": (
        math.copysign,
        (lambda a, b: sign(a) * sign(b), lambda a, b: 0.0),
        ([-2.5, 0.7, 1.3, -0.2], [1.5, 0.4, -2.0, -0.6]),
    ),
    "hypot": (
        math.hypot,
        (lambda a, b: a / math.hypot(a, b), lambda a, b: b / math.hypot(a, b)),
        ((-2.0, 2.0), [-1.7, -0.5, 0.4, 1.3]),
    ),
}
for _stem, _is_min in (
    ("fmin", True),
    ("fmax", False),
    ("minnum", True),
    ("maxnum", False),
    ("minimum", True),
    ("maximum", False),
):
    _p = _pick_partials(_is_min)
    BINARY[_stem] = (
        min if _is_min else max,
        (lambda a, b, p=_p: p(a, b)[0], lambda a, b, p=_p: p(a, b)[1]),
        PICK_POINTS,
    )

# Ternary: fused multiply-add.
FMA = (
    lambda a, b, c: a * b + c,
    (lambda a, b, c: b, lambda a, b, c: a, lambda a, b, c: 1.0),
    ((-2.0, 2.0), (-2.0, 2.0), (-2.0, 2.0)),
)


# ----------------------------------------------------------------------------- sampling and checking
def sample(domain, seed: str, n: int = N_POINTS) -> list[tuple]:
    """Argument tuples from a domain: a list of tuples is used as is; otherwise one entry per argument
    (a bare entry for a one-argument function): an interval (lo, hi) gives n seeded uniform samples, a
    list gives its values (all of them, cycled against the other arguments)."""
    if isinstance(domain, list) and domain and isinstance(domain[0], tuple):
        return list(domain)
    if not isinstance(domain, tuple) or (len(domain) == 2 and isinstance(domain[0], (int, float))):
        domain = (domain,)
    rng = np.random.default_rng(zlib.crc32(seed.encode()))
    cols = []
    for d in domain:
        if isinstance(d, list):
            cols.append([d[i % len(d)] for i in range(max(n, len(d)))])
        else:
            cols.append([float(v) for v in rng.uniform(d[0], d[1], n)])
    m = max(len(c) for c in cols)
    return [tuple(c[i % len(c)] for c in cols) for i in range(m)]


def fd4(f: Callable, args: tuple, wrt: tuple[int, ...]) -> float:
    """4th-order central difference of f along the sum of the unit directions in `wrt`."""
    h = 1e-4 * max(1.0, *(abs(args[i]) for i in wrt))

    def at(t):
        a = list(args)
        for i in wrt:
            a[i] = a[i] + t
        return float(f(*a))

    return (-at(2 * h) + 8 * at(h) - 8 * at(-h) + at(-2 * h)) / (12 * h)


def check(got, want, rtol, what, atol=0.0):
    """|got - want| <= atol + rtol |want|; with atol = 0 a zero derivative must come out exactly zero."""
    np.testing.assert_allclose(float(got), float(want), rtol=rtol, atol=atol, err_msg=what)


def check_dot(jv_w: float, v_jtw: float, what: str) -> None:
    """<J v, w> = <v, J^T w> up to RTOL_DOT of the larger side (both exactly zero for a zero derivative)."""
    bound = RTOL_DOT * max(abs(jv_w), abs(v_jtw))
    assert abs(jv_w - v_jtw) <= bound, f"{what}: <J v, w> = {jv_w!r}, <v, J^T w> = {v_jtw!r}"


def direction(seed: str, n: int, exact: bool = False) -> list[float]:
    """A seeded direction in [0.5, 2); all ones when `exact` (float32 code would round any other)."""
    if exact:
        return [1.0] * n
    return [float(t) for t in np.random.default_rng(zlib.crc32(seed.encode())).uniform(0.5, 2.0, n)]


# ----------------------------------------------------------------------------- Numba specs
@dataclass(eq=False)  # hashed by identity (emitted_keys caches per spec)
class Spec:
    id: str
    f: Callable
    domain: object  # see `sample`
    deriv: Callable  # exact d f / d args[wrt] (summed over wrt), same arguments as f
    emits: tuple[str, ...]  # opcodes / rule keys the captured IR must contain
    wrt: tuple[int, ...] = (0,)
    float32: bool = False  # computes in float32 inside: rtol 1e-5
    fd: bool = True
    marks: tuple = ()

    @property
    def rtol(self) -> float:
        return RTOL32 if self.float32 else RTOL64

    def points(self) -> list[tuple]:
        return sample(self.domain, self.id)


SPECS: list[Spec] = []


def spec(id, f, domain, deriv, emits, wrt=(0,), **kw):
    SPECS.append(Spec(id, f, domain, deriv, tuple(emits), tuple(wrt) if isinstance(wrt, tuple) else (wrt,), **kw))


def spec_each_arg(id, f, domain, partials, emits, **kw):
    """One spec per argument: Duplicated that one, plain value for the others."""
    for i, p in enumerate(partials):
        spec(f"{id}/d{i}", f, domain, p, emits, wrt=(i,), **kw)


XY = ((-2.0, 2.0), [0.6, -1.3, 1.7, -0.45])  # y away from 0

# --- instructions
spec_each_arg("fadd", lambda x, y: x + y, XY, (lambda x, y: 1.0, lambda x, y: 1.0), ["fadd"])
spec_each_arg("fsub", lambda x, y: x - y, XY, (lambda x, y: 1.0, lambda x, y: -1.0), ["fsub"])
spec_each_arg("fmul", lambda x, y: x * y, XY, (lambda x, y: y, lambda x, y: x), ["fmul"])
spec_each_arg("fdiv", lambda x, y: x / y, XY, (lambda x, y: 1.0 / y, lambda x, y: -x / (y * y)), ["fdiv"])
spec("fneg", lambda x: -x, (-2.0, 2.0), lambda x: -1.0, ["fneg"])
# Python's x % y is frem plus a sign fix-up: x - y*floor(x/y). Points keep x/y away from integers.
REM_POINTS = [(5.3, 1.7), (-5.3, 1.7), (5.3, -1.7), (-5.3, -1.7), (0.4, 0.9), (7.25, 2.0)]
spec_each_arg(
    "frem/py_mod",
    lambda x, y: x % y,
    REM_POINTS,
    (lambda x, y: 1.0, lambda x, y: -math.floor(x / y)),
    ["frem", "select"],
)
spec_each_arg(
    "frem/np.fmod",
    lambda x, y: np.fmod(x, y),
    REM_POINTS,
    (lambda x, y: 1.0, lambda x, y: -math.trunc(x / y)),
    ["frem"],
)

# --- conversions (the tangent is rounded like the primal; dx = 1 is exact in float32, so the
#     analytic check is exact; no finite differences through float32 rounding)
spec(
    "fptrunc+fpext",
    lambda x: np.float64(np.float32(x)) * 3.0,
    (-2.0, 2.0),
    lambda x: 3.0,
    ["fptrunc", "fpext"],
    fd=False,
)
spec("fptrunc/f32_result", lambda x: np.float32(x) * np.float32(2.0), (-2.0, 2.0), lambda x: 2.0, ["fptrunc"], fd=False)
# sitofp: the integer argument is inactive (cannot be Duplicated); its float copy has zero tangent.
spec("sitofp/int_arg", lambda x, n: x * n + n, ((-2.0, 2.0), [3, -2, 5, 7]), lambda x, n: float(n), ["sitofp", "fmul"])

# --- select: min/max in all spellings, and a conditional expression
for name, fn, is_min in [
    ("min", min, True),
    ("max", max, False),
    ("np.minimum", np.minimum, True),
    ("np.maximum", np.maximum, False),
    ("np.fmin", np.fmin, True),
    ("np.fmax", np.fmax, False),
]:
    f = eval("lambda x, y: fn(x, y)", {"fn": fn})
    p = _pick_partials(is_min)
    spec_each_arg(
        f"select/{name}", f, PICK_POINTS, (lambda x, y, p=p: p(x, y)[0], lambda x, y, p=p: p(x, y)[1]), ["select"]
    )
spec_each_arg(
    "select/if_else",
    lambda x, y: x * x if x > y else 3.0 * y,
    PICK_POINTS,
    (lambda x, y: 2.0 * x if x > y else 0.0, lambda x, y: 0.0 if x > y else 3.0),
    ["select"],
)

# --- unary math: (python expression, stem in UNARY, keys Numba emits for it)
UNARY_EXPRS = [
    ("math.sqrt", lambda x: math.sqrt(x), "sqrt", ["sqrt"]),
    ("x**0.5", lambda x: x**0.5, "sqrt", ["llvm.sqrt"]),  # LLVM turns pow(x, 0.5) into sqrt
    ("np.cbrt", lambda x: np.cbrt(x), "cbrt", ["llvm.pow", "fneg"]),  # Numba: copysign(pow(|x|, 1/3))
    ("math.exp", lambda x: math.exp(x), "exp", ["llvm.exp"]),
    ("np.exp2", lambda x: np.exp2(x), "exp2", ["llvm.exp2"]),
    ("math.expm1", lambda x: math.expm1(x), "expm1", ["expm1"]),
    ("math.log", lambda x: math.log(x), "log", ["llvm.log"]),
    ("math.log2", lambda x: math.log2(x), "log2", ["log2"]),
    ("np.log2", lambda x: np.log2(x), "log2", ["llvm.log2"]),
    ("math.log10", lambda x: math.log10(x), "log10", ["llvm.log10"]),
    ("math.log1p", lambda x: math.log1p(x), "log1p", ["log1p"]),
    ("math.sin", lambda x: math.sin(x), "sin", ["llvm.sin"]),
    ("math.cos", lambda x: math.cos(x), "cos", ["llvm.cos"]),
    ("math.tan", lambda x: math.tan(x), "tan", ["tan"]),
    ("math.asin", lambda x: math.asin(x), "asin", ["asin"]),
    ("math.acos", lambda x: math.acos(x), "acos", ["acos"]),
    ("math.atan", lambda x: math.atan(x), "atan", ["atan"]),
    ("math.sinh", lambda x: math.sinh(x), "sinh", ["sinh"]),
    ("math.cosh", lambda x: math.cosh(x), "cosh", ["cosh"]),
    ("math.tanh", lambda x: math.tanh(x), "tanh", ["tanh"]),
    ("math.asinh", lambda x: math.asinh(x), "asinh", ["asinh"]),
    ("math.acosh", lambda x: math.acosh(x), "acosh", ["acosh"]),
    ("math.atanh", lambda x: math.atanh(x), "atanh", ["atanh"]),
    ("abs", lambda x: abs(x), "fabs", ["llvm.fabs"]),
    ("math.fabs", lambda x: math.fabs(x), "fabs", ["llvm.fabs"]),
    ("math.erf", lambda x: math.erf(x), "erf", ["erf"]),
    ("math.erfc", lambda x: math.erfc(x), "erfc", ["erfc"]),
    ("math.lgamma", lambda x: math.lgamma(x), "lgamma", ["lgamma"]),
]
for name, fn, stem, emits in UNARY_EXPRS:
    _, d, dom = UNARY[stem]
    spec(name, fn, dom, d, emits)

# float32 variants: the math runs in float32 between an fptrunc of the argument and an fpext of the
# result (dx = 1 survives both exactly). The analytic derivative is evaluated in float64 at the
# float32-rounded point. (A np.float32 scalar argument cannot be Duplicated yet: see
# test_float32_scalar_argument below.)
for name, fn, stem, emits in [
    ("f32/math.sin", math.sin, "sin", ["llvm.sin"]),
    ("f32/np.exp", np.exp, "exp", ["llvm.exp"]),
    ("f32/math.log", math.log, "log", ["llvm.log"]),
    ("f32/math.sqrt", math.sqrt, "sqrt", ["sqrtf"]),
    ("f32/math.tanh", math.tanh, "tanh", ["tanhf"]),
]:
    f = eval("lambda x: np.float64(fn(np.float32(x)))", {"fn": fn, "np": np})
    _, d, dom = UNARY[stem]
    spec(name, f, dom, lambda x, d=d: d(float(np.float32(x))), [*emits, "fptrunc", "fpext"], float32=True, fd=False)

# --- piecewise constant: x * step(x) has derivative step(x) (step' = 0)
for name, fn, stem in [
    ("np.floor", np.floor, "floor"),
    ("np.ceil", np.ceil, "ceil"),
    ("np.trunc", np.trunc, "trunc"),
    ("np.rint", np.rint, "rint"),
    ("np.round", np.round, "rint"),
]:
    f = eval("lambda x: x * fn(x)", {"fn": fn})
    spec(name, f, STEP_POINTS, lambda x, s=STEPS[stem]: float(s(x)), [f"llvm.{stem}"])
spec(
    "math.floor(int)",
    lambda x: x * math.floor(x),
    STEP_POINTS,
    lambda x: float(math.floor(x)),
    ["llvm.floor", "fptosi", "sitofp"],
)

# --- binary math, each argument separately
PXY = ((0.3, 3.0), (-2.0, 2.5))
pow_dx, pow_dy = BINARY["pow"][1]
spec_each_arg("x**y", lambda x, y: x**y, PXY, (pow_dx, pow_dy), ["llvm.pow"])
spec_each_arg("np.power", lambda x, y: np.power(x, y), PXY, (pow_dx, pow_dy), ["llvm.pow"])
spec("x**y/both_active", lambda x, y: x**y, PXY, lambda x, y: pow_dx(x, y) + pow_dy(x, y), ["llvm.pow"], wrt=(0, 1))
spec("x**3", lambda x: x**3, (-2.0, 2.0), lambda x: 3.0 * x * x, ["fmul"])
spec(
    "x**n/int_exponent",
    lambda x, n: x**n,
    ((0.3, 3.0), [3, -2, 5, 0, 1, -1]),
    lambda x, n: n * x ** (n - 1) if n else 0.0,
    ["sitofp"],
)
for name, fn, stem, emits in [
    ("math.atan2", math.atan2, "atan2", ["atan2"]),
    ("math.copysign", math.copysign, "copysign", ["llvm.copysign"]),
    ("math.hypot", math.hypot, "hypot", ["hypot"]),
]:
    f = eval("lambda x, y: fn(x, y)", {"fn": fn})
    _, parts, dom = BINARY[stem]
    spec_each_arg(name, f, dom, parts, emits)

# --- Numba's own math helpers: math.gamma, math.ldexp, math.frexp (in float64 and float32)
GAMMA_POINTS = [-2.5, -0.3, 0.4, 1.0, 2.5, 7.25]
spec("math.gamma", lambda x: math.gamma(x), GAMMA_POINTS, lambda x: math.gamma(x) * digamma(x), ["numba_gamma"])
spec(
    "math.ldexp",
    lambda x, e: math.ldexp(x, e),
    ((-2.0, 2.0), [3, -4, 0]),
    lambda x, e: 2.0**e,
    ["numba_ldexp"],
)
FREXP_POINTS = [-5.0, -0.3, 0.7, 3.1]
spec("math.frexp", lambda x: math.frexp(x)[0], FREXP_POINTS, lambda x: 2.0 ** -math.frexp(x)[1], ["numba_frexp"])
for name, f, dom, d, emits in [
    (
        "f32/math.gamma",
        lambda x: np.float64(math.gamma(np.float32(x))),
        GAMMA_POINTS,
        lambda x: math.gamma(x) * digamma(x),
        ["numba_gammaf"],
    ),
    (
        "f32/math.ldexp",
        lambda x, e: np.float64(math.ldexp(np.float32(x), e)),
        ((-2.0, 2.0), [3, -4, 0]),
        lambda x, e: 2.0**e,
        ["numba_ldexpf"],
    ),
    (
        "f32/math.frexp",
        lambda x: np.float64(math.frexp(np.float32(x))[0]),
        FREXP_POINTS,
        lambda x: 2.0 ** -math.frexp(x)[1],
        ["numba_frexpf"],
    ),
]:
    spec(
        name,
        f,
        dom,
        lambda *a, d=d: d(float(np.float32(a[0])), *a[1:]),
        [*emits, "fptrunc", "fpext"],
        float32=True,
        fd=False,
    )

# --- x*y + z: Numba emits fmul + fadd (no contraction into llvm.fmuladd/fma)
spec_each_arg("x*y+z", lambda x, y, z: x * y + z, FMA[2], FMA[1], ["fmul", "fadd"])


def _spec_param(s: Spec):
    return pytest.param(s, id=s.id, marks=s.marks)


@functools.cache
def emitted_keys(s: Spec) -> frozenset[str]:
    """Opcodes and rule keys in the captured, preprocessed IR of spec `s`."""
    argtypes = tuple(numba.typeof(a) for a in s.points()[0])
    _, _, func = prepare(s.f, argtypes)
    keys = set()
    for inst in func.instructions():
        keys.add(inst.opcode)
        if inst.opcode == "call" and inst.callee:
            keys.add(rule_key(inst.callee) or inst.callee)
    return frozenset(keys)


def rule_key(name: str) -> str | None:
    """The RULES key `lookup(name)` resolves to (`llvm.exp.f64` -> `llvm.exp`)."""
    if name in RULES:
        return name
    parts = name.split(".")
    for n in range(len(parts) - 1, 1, -1):
        if ".".join(parts[:n]) in RULES:
            key = ".".join(parts[:n])
            assert lookup(name) is RULES[key]
            return key
    return None


@pytest.mark.parametrize("s", [_spec_param(s) for s in SPECS])
def test_rule(s: Spec):
    missing = set(s.emits) - emitted_keys(s)
    assert not missing, f"{s.id}: Numba did not emit {sorted(missing)}; IR has {sorted(emitted_keys(s))}"
    for args in s.points():
        annotated = [pe.Duplicated(a, 1.0) if i in s.wrt else a for i, a in enumerate(args)]
        primal, tangent = pe.autodiff(pe.Forward, s.f, pe.Duplicated, *annotated)
        where = f"{s.id} at {args}"
        check(primal, s.f(*args), 1e-6 if s.float32 else 1e-14, f"primal, {where}")
        check(tangent, s.deriv(*args), s.rtol, f"analytic derivative, {where}")
        if s.fd:
            check(tangent, fd4(s.f, args, s.wrt), RTOL_FD, f"finite difference, {where}", atol=FD_ATOL)


@pytest.mark.parametrize("s", [_spec_param(s) for s in SPECS])
def test_rule_reverse(s: Spec):
    """Reverse mode (Active arguments, seed 1) against forward mode along a direction v."""
    for args in s.points():
        where = f"{s.id} at {args}"
        # through float32 code the direction must be exact in float32 (forward rounds it there)
        v = dict(zip(s.wrt, direction(where, len(s.wrt), exact=s.float32 or "fptrunc" in s.emits)))
        duplicated = [pe.Duplicated(a, v[i]) if i in v else a for i, a in enumerate(args)]
        _, tangent = pe.autodiff(pe.Forward, s.f, pe.Duplicated, *duplicated)
        active = [pe.Active(a) if i in v else a for i, a in enumerate(args)]
        ((*adjoints,),) = pe.autodiff(pe.Reverse, s.f, pe.Active, *active)
        assert [i for i, d in enumerate(adjoints) if d is not None] == sorted(v), where
        check_dot(float(tangent), sum(v[i] * float(adjoints[i]) for i in v), f"reverse vs forward, {where}")


def test_float32_scalar_argument():
    x = np.float32(0.3)
    _, tangent = pe.autodiff(
        pe.Forward, lambda x: np.float64(x) * np.float64(x), pe.Duplicated, pe.Duplicated(x, np.float32(1.0))
    )
    assert tangent == 2.0 * np.float64(x)


def test_integer_argument_cannot_be_duplicated():
    with pytest.raises(pe.ActivityError):
        pe.autodiff(pe.Forward, lambda x, n: x * n, pe.Duplicated, 1.5, pe.Duplicated(3, 1))


# ----------------------------------------------------------------------------- raw IR tests
# Rule keys checked on hand-written IR, because Numba never emits them for float math: libm names it
# replaces with intrinsics (sin, exp, ...), intrinsics it does not use (llvm.powi, llvm.fma, llvm.minnum,
# llvm.exp10, llvm.roundeven, ...), float (`f`) libm variants, and `llvm.<stem>` names the table registers
# for every libm stem although LLVM has no such intrinsic (NOT_INTRINSIC below).
RAW_KEYS = [
    # double libm names
    "cbrt",
    "exp",
    "exp2",
    "exp10",
    "log",
    "log10",
    "sin",
    "cos",
    "pow",
    "fabs",
    "copysign",
    "floor",
    "ceil",
    "trunc",
    "rint",
    "nearbyint",
    "round",
    "fmin",
    "fmax",
    "fma",
    # float libm variants
    "sqrtf",
    "cbrtf",
    "expf",
    "exp2f",
    "exp10f",
    "expm1f",
    "logf",
    "log2f",
    "log10f",
    "log1pf",
    "sinf",
    "cosf",
    "tanf",
    "asinf",
    "acosf",
    "atanf",
    "atan2f",
    "sinhf",
    "coshf",
    "tanhf",
    "asinhf",
    "acoshf",
    "atanhf",
    "powf",
    "fabsf",
    "copysignf",
    "hypotf",
    "erff",
    "erfcf",
    "lgammaf",
    "floorf",
    "ceilf",
    "truncf",
    "rintf",
    "nearbyintf",
    "roundf",
    "fminf",
    "fmaxf",
    "fmaf",
    # LLVM intrinsics Numba does not emit here
    "llvm.exp10",
    "llvm.tan",
    "llvm.asin",
    "llvm.acos",
    "llvm.atan",
    "llvm.atan2",
    "llvm.sinh",
    "llvm.cosh",
    "llvm.tanh",
    "llvm.powi",
    "llvm.nearbyint",
    "llvm.round",
    "llvm.roundeven",
    "llvm.fma",
    "llvm.fmuladd",
    "llvm.minnum",
    "llvm.maxnum",
    "llvm.minimum",
    "llvm.maximum",
    # llvm.<stem> with no such LLVM intrinsic
    "llvm.cbrt",
    "llvm.expm1",
    "llvm.log1p",
    "llvm.asinh",
    "llvm.acosh",
    "llvm.atanh",
    "llvm.hypot",
    "llvm.erf",
    "llvm.erfc",
    "llvm.lgamma",
]
# Not LLVM intrinsics: the primal call is renamed to the libm function before JIT compilation
# (an unknown `llvm.*` symbol cannot be linked); the derivative code is what the rule emitted.
NOT_INTRINSIC = {"cbrt", "expm1", "log1p", "asinh", "acosh", "atanh", "hypot", "erf", "erfc", "lgamma"}


@dataclass
class RawCase:
    key: str
    stem: str
    callee: str
    fty: str  # "double" | "float"
    arity: int
    primal: Callable
    partials: tuple[Callable, ...]
    domain: object
    int_last: bool = False  # llvm.powi: the last argument is an i32


def raw_case(key: str) -> RawCase:
    if key.startswith("llvm."):
        stem, fty = key[5:], "double"
        callee = f"llvm.{stem}.f64" if stem != "powi" else "llvm.powi.f64.i32"
    elif key.endswith("f") and key[:-1] in RULES and RULES[key] is RULES[key[:-1]]:
        stem, fty, callee = key[:-1], "float", key
    else:
        stem, fty, callee = key, "double", key
    if stem in UNARY:
        prim, d, dom = UNARY[stem]
        return RawCase(key, stem, callee, fty, 1, prim, (d,), dom)
    if stem in STEPS:
        return RawCase(key, stem, callee, fty, 1, STEPS[stem], (lambda x: 0.0,), STEP_POINTS)
    if stem in BINARY:
        prim, parts, dom = BINARY[stem]
        return RawCase(key, stem, callee, fty, 2, prim, parts, dom)
    if stem in ("fma", "fmuladd"):
        return RawCase(key, stem, callee, fty, 3, FMA[0], FMA[1], FMA[2])
    if stem == "powi":
        return RawCase(
            key,
            stem,
            callee,
            fty,
            2,
            lambda x, n: x**n,
            (lambda x, n: n * x ** (n - 1),),
            ((0.3, 3.0), [3, -2, 5, 1, 0]),
            int_last=True,
        )
    raise KeyError(f"no raw-IR reference for rule key {key!r}")


_llvm_ready = False
_KEEP: list = []  # ctypes callbacks registered as symbols must stay alive


def _llvm_init() -> None:
    """Native target, and `__powidf2` (what llvm.powi.f64 lowers to; it lives in libgcc/compiler-rt,
    which the process has not necessarily loaded)."""
    global _llvm_ready
    if _llvm_ready:
        return
    llb.initialize_native_target()
    llb.initialize_native_asmprinter()
    try:
        addr = ctypes.cast(ctypes.CDLL("libgcc_s.so.1").__powidf2, ctypes.c_void_p).value
    except (OSError, AttributeError):
        cb = ctypes.CFUNCTYPE(ctypes.c_double, ctypes.c_double, ctypes.c_int32)(lambda x, n: x**n)
        _KEEP.append(cb)
        addr = ctypes.cast(cb, ctypes.c_void_p).value
    llb.add_symbol("__powidf2", addr)
    _llvm_ready = True


def _jit(text: str):
    _llvm_init()
    return mcjit(text)


def differentiate_raw(text: str, active: list[bool]) -> str:
    """Forward derivative of `@f` in `text`; `active` flags the arguments after the output pointer."""
    mod = parse(text, "raw")
    func = read_function(mod, "f")
    emitter = Emitter("raw.fwd", triple=mod.triple, data_layout=mod.data_layout)
    differentiate_forward(func, emitter, [True, *active], "df")
    return emitter.text()


def differentiate_raw_reverse(text: str, arity: int, wrt: int) -> str:
    """Reverse derivative `rf` of `@f` in `text`: the output pointer duplicated, argument `wrt` active."""
    mod = parse(text, "raw")
    func = read_function(mod, "f")
    emitter = Emitter("raw.rev", triple=mod.triple, data_layout=mod.data_layout)
    kinds = ["dup"] + ["active" if i == wrt else "const" for i in range(arity)]
    differentiate_reverse(func, emitter, kinds, "rf")
    return emitter.text()


def raw_function_text(c: RawCase) -> str:
    ty = c.fty
    types = [ty] * c.arity
    if c.int_last:
        types[-1] = "i32"
    params = ", ".join(f"{t} %a{i}" for i, t in enumerate(types))
    return f"""
declare {ty} @"{c.callee}"({", ".join(types)})

define void @f(ptr %out, {params}) {{
entry:
  %r = call {ty} @"{c.callee}"({params})
  store {ty} %r, ptr %out
  ret void
}}
"""


def _jit_raw(c: RawCase, text: str):
    if c.callee.startswith("llvm.") and c.stem in NOT_INTRINSIC:
        text = text.replace(f'@"{c.callee}"', f"@{c.stem}").replace(f"@{c.callee}", f"@{c.stem}")
    return _jit(text)


class RawDerivative:
    """The JIT-compiled forward derivative of `out = callee(args)` w.r.t. argument `wrt`."""

    def __init__(self, c: RawCase, wrt: int):
        self.c, self.wrt = c, wrt
        self.ee = _jit_raw(c, differentiate_raw(raw_function_text(c), [i == wrt for i in range(c.arity)]))
        self.cty = ctypes.c_double if c.fty == "double" else ctypes.c_float
        argtys = [ctypes.c_void_p, ctypes.c_void_p]
        for i in range(c.arity):
            argtys.append(ctypes.c_int32 if (c.int_last and i == c.arity - 1) else self.cty)
            if i == wrt:
                argtys.append(self.cty)
        self.fn = ctypes.CFUNCTYPE(None, *argtys)(self.ee.get_function_address("df"))

    def __call__(self, args, dx=1.0):
        out, dout = self.cty(), self.cty()
        call = [ctypes.byref(out), ctypes.byref(dout)]
        for i, a in enumerate(args):
            call.append(a)
            if i == self.wrt:
                call.append(dx)
        self.fn(*call)
        return out.value, dout.value


class RawAdjoint:
    """The JIT-compiled reverse derivative of `out = callee(args)`: seeded with the adjoint w of *out,
    it returns (primal, w * d out / d a_wrt)."""

    def __init__(self, c: RawCase, wrt: int):
        self.c, self.wrt = c, wrt
        self.ee = _jit_raw(c, differentiate_raw_reverse(raw_function_text(c), c.arity, wrt))
        self.cty = ctypes.c_double if c.fty == "double" else ctypes.c_float
        argtys = [ctypes.c_void_p, ctypes.c_void_p]
        for i in range(c.arity):
            argtys.append(ctypes.c_int32 if (c.int_last and i == c.arity - 1) else self.cty)
            if i == wrt:
                argtys.append(ctypes.c_void_p)
        argtys.append(ctypes.c_void_p)  # the tape size, not asked for
        self.fn = ctypes.CFUNCTYPE(None, *argtys)(self.ee.get_function_address("rf"))

    def __call__(self, args, w=1.0):
        out, dout, adj = self.cty(), self.cty(w), self.cty(0.0)
        call = [ctypes.byref(out), ctypes.byref(dout)]
        for i, a in enumerate(args):
            call.append(a)
            if i == self.wrt:
                call.append(ctypes.byref(adj))
        self.fn(*call, None)
        assert dout.value == 0.0, "the output's adjoint is consumed"
        return out.value, adj.value


@functools.cache
def raw_derivative(key: str, wrt: int) -> RawDerivative:
    return RawDerivative(raw_case(key), wrt)


def raw_points(c: RawCase) -> list[tuple]:
    """The sample points; float32 cases at the float32-rounded point (where the references are evaluated)."""
    points = sample(c.domain, c.key)
    if c.fty == "float":
        points = [tuple(float(np.float32(a)) if isinstance(a, float) else a for a in args) for args in points]
    return points


def _raw_params():
    for key in RAW_KEYS:
        c = raw_case(key)
        nwrt = 1 if c.int_last else c.arity
        for wrt in range(nwrt):
            marks = ()
            yield pytest.param(key, wrt, id=f"{key}/d{wrt}", marks=marks)


@pytest.mark.parametrize("key,wrt", list(_raw_params()))
def test_rule_raw_ir(key, wrt):
    c = raw_case(key)
    d = raw_derivative(key, wrt)
    f32 = c.fty == "float"
    rtol = RTOL32 if f32 else RTOL64
    for args in raw_points(c):
        primal, tangent = d(args)
        where = f"{key} d/da{wrt} at {args}"
        check(primal, c.primal(*args), 1e-6 if f32 else 1e-14, f"primal, {where}")
        check(tangent, c.partials[wrt](*args), rtol, f"analytic derivative, {where}")
        if not f32:
            check(
                tangent,
                fd4(lambda *a: d(a, 0.0)[0], args, (wrt,)),
                RTOL_FD,
                f"finite difference, {where}",
                atol=FD_ATOL,
            )


@pytest.mark.parametrize("key,wrt", list(_raw_params()))
def test_rule_raw_ir_reverse(key, wrt):
    """The reverse derivative of the same function, seeded with w, against forward mode along v."""
    c = raw_case(key)
    forward, adjoint = raw_derivative(key, wrt), RawAdjoint(c, wrt)
    for args in raw_points(c):
        where = f"{key} d/da{wrt} at {args}"
        v, w = direction(where, 2, exact=c.fty == "float")
        primal, tangent = forward(args, v)
        rev_primal, adj = adjoint(args, w)
        assert rev_primal == primal or (math.isnan(primal) and math.isnan(rev_primal)), where
        check_dot(tangent * w, v * adj, f"reverse vs forward, {where}")


# ----------------------------------------------------------------------------- coverage and errors
def test_every_rule_is_covered():
    numba_keys = set().union(*(emitted_keys(s) for s in SPECS))
    covered = (numba_keys | set(RAW_KEYS)) & set(RULES)
    assert not set(RAW_KEYS) - set(RULES), f"RAW_KEYS not in RULES: {sorted(set(RAW_KEYS) - set(RULES))}"
    for key in RAW_KEYS:  # the raw-IR function really calls something that resolves to this key
        assert lookup(raw_case(key).callee) is RULES[key], key
    missing = sorted(set(RULES) - covered)
    assert not missing, f"rule keys without a test: {missing}"


MYSTERY = """
declare double @mystery(double)

define void @f(ptr %out, double %x) {
entry:
  %r = call double @mystery(double %x)
  store double %r, ptr %out
  ret void
}
"""


def test_unknown_call_raises_naming_the_callee():
    with pytest.raises(NotDifferentiableError, match="mystery"):
        differentiate_raw(MYSTERY, [True])


def test_unknown_call_with_inactive_argument_is_fine():
    text = differentiate_raw(
        MYSTERY.replace("define void @f(ptr %out, double %x)", "define void @f(ptr %out, double %x, double %y)"),
        [False, True],
    )
    assert "mystery" in text


def test_unknown_call_from_numba_raises_naming_the_callee():
    # the eigenvalues of a complex matrix: Numba's LAPACK helper `numba_ez_cgeev`, which has no rule
    with pytest.raises(pe.NotDifferentiableError, match="numba_ez_cgeev"):
        pe.autodiff(
            pe.Forward,
            lambda a: np.linalg.eigvals(a * (1.0 + 1.0j))[0].real,
            pe.Duplicated,
            pe.Duplicated(np.eye(2), np.eye(2)),
        )


def _gamma_times(x):
    return math.gamma(x) * x


def _ldexp_of(x, e):
    return math.ldexp(x * x, e)


def _frexp_of(x):
    m, e = math.frexp(x)
    return m * m + e


@pytest.mark.parametrize("x", [-2.5, -0.3, 0.4, 1.0, 2.5, 7.25, 30.0])
def test_gamma_derivative_is_gamma_times_digamma(x):
    want = math.gamma(x) * digamma(x) * x + math.gamma(x)
    assert pe.autodiff(pe.Forward, _gamma_times, pe.Duplicated, pe.Duplicated(x, 1.0))[1] == pytest.approx(
        want, rel=1e-13
    )
    assert pe.autodiff(pe.Reverse, _gamma_times, pe.Active, pe.Active(x))[0][0] == pytest.approx(want, rel=1e-13)
    fd = (
        -_gamma_times(x + 2e-6) + 8 * _gamma_times(x + 1e-6) - 8 * _gamma_times(x - 1e-6) + _gamma_times(x - 2e-6)
    ) / 12e-6
    assert want == pytest.approx(fd, rel=1e-8)


@pytest.mark.parametrize("x, e", [(0.75, 3), (-1.5, -4), (3.0, 0), (0.1, -1000), (2.0, 1000)])
def test_ldexp_derivative_is_exact(x, e):
    # d/dx ldexp(x^2, e) = 2 x 2^e, exactly (powers of two), even near the ends of the exponent range
    want = 2.0 * x * 2.0**e
    assert pe.autodiff(pe.Forward, _ldexp_of, pe.Duplicated, pe.Duplicated(x, 1.0), e)[1] == want
    assert pe.autodiff(pe.Reverse, _ldexp_of, pe.Active, pe.Active(x), e)[0][0] == want


@pytest.mark.parametrize("x", [0.3, -5.0, 1.0, 1e-300, 12345.678])
def test_frexp_mantissa_derivative_is_exact(x):
    m, e = math.frexp(x)
    want = 2.0 * m * 2.0**-e  # d/dx (m^2 + e) with m = x 2^-e
    assert pe.autodiff(pe.Forward, _frexp_of, pe.Duplicated, pe.Duplicated(x, 1.0))[1] == want
    assert pe.autodiff(pe.Reverse, _frexp_of, pe.Active, pe.Active(x))[0][0] == want
