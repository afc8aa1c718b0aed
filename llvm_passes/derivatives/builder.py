"""Scalar IR helpers the derivative rules are written against.

Input: an llvmlite.ir builder positioned where partials are needed, the float
type of the operation and its primal result. Output: IR values. Rules never
touch llvmlite directly, so the same rule serves forward and reverse mode and
every dialect.
"""

from __future__ import annotations

import llvmlite.ir as ir

from ..ir.emitter import Emitter
from .special import digamma_function
from .table import LLVM_MATH_INTRINSICS, MINUS_ONE, ONE


def _suffix(ty: ir.Type) -> str:
    return {"double": "f64", "float": "f32", "half": "f16"}[str(ty)]


class DerivativeBuilder:
    """`zero(ty)`: the neutral tangent or adjoint of a type (reverse mode passes -0.0 for its floats,
    which an addition folds away)."""

    def __init__(
        self, emitter: Emitter, builder: ir.IRBuilder, fty: ir.Type, result: ir.Value | None = None, zero=None
    ):
        self.emitter = emitter
        self.b = builder
        self.fty = fty
        self.result = result
        self._zero = zero or (lambda ty: ir.Constant(ty, None))

    def zero(self, ty: ir.Type) -> ir.Value:
        return self._zero(ty)

    def cast(self, op: str, v, ty: ir.Type):
        return getattr(self.b, op)(v, ty)

    def extract_value(self, agg, idx):
        return self.b.extract_value(agg, idx)

    def insert_value(self, agg, v, idx):
        return self.b.insert_value(agg, v, idx)

    def extract_element(self, vec, i):
        return self.b.extract_element(vec, i)

    def insert_element(self, vec, v, i):
        return self.b.insert_element(vec, v, i)

    def const(self, x: float) -> ir.Value:
        return ir.Constant(self.fty, x)

    def fadd(self, a, b):
        return self.b.fadd(a, b)

    def fsub(self, a, b):
        return self.b.fsub(a, b)

    def fmul(self, a, b):
        return self.b.fmul(a, b)

    def fdiv(self, a, b):
        return self.b.fdiv(a, b)

    def fneg(self, a):
        return self.b.fneg(a)

    def fcmp(self, pred: str, a, b):
        instr = ir.instructions.FCMPInstr(self.b.block, pred, a, b)
        self.b._insert(instr)
        return instr

    def select(self, c, a, b):
        return self.b.select(c, a, b)

    def sitofp(self, n):
        return self.b.sitofp(n, self.fty)

    def isub(self, n, k: int):
        return self.b.sub(n, ir.Constant(n.type, k))

    def call(self, name: str, *args):
        """Call math function `name` at this float type (LLVM intrinsic where one exists)."""
        if name in LLVM_MATH_INTRINSICS and name not in (
            "asin",
            "acos",
            "atan",
            "atan2",
            "sinh",
            "cosh",
            "tanh",
            "tan",
        ):
            fname = f"llvm.{name}.{_suffix(self.fty)}"
        else:
            fname = name if str(self.fty) == "double" else name + "f"
        fn = self.emitter.intrinsic(fname, self.fty, [self.fty] * len(args))
        return self.b.call(fn, list(args))

    def call_powi(self, x, n):
        fn = self.emitter.intrinsic(
            f"llvm.powi.{_suffix(self.fty)}.{n.type.intrinsic_name}", self.fty, [self.fty, n.type]
        )
        return self.b.call(fn, [x, n])

    def digamma(self, x):
        fn = digamma_function(self.emitter, self.fty)
        return self.b.call(fn, [x])

    # -- combining partials with tangents/adjoints ----------------------------------
    def scale(self, partial, t, strong_zero: bool = False):
        """partial * t, with ONE/MINUS_ONE folded; strong zero: t == 0 gives 0 even if partial is inf."""
        if partial is ONE:
            return t
        if partial is MINUS_ONE:
            return self.b.fneg(t)
        prod = self.b.fmul(partial, t)
        if strong_zero:
            return self.b.select(self.fcmp("oeq", t, self.const(0.0)), t, prod)
        return prod
