"""Assertions with messages: `check_msg`, tolerance defaults and the comparisons behind test failures.

Input: a value computed by pyenzyme and the reference it must match.
Output: nothing when they agree; an AssertionError naming the function, the
activity combination, what was compared and both numbers when they do not.
"""

from __future__ import annotations

import numpy as np

from . import values

# (rtol, atol) by the byte size of the least precise float involved: a
# 5-point rule loses about eps^(4/5) of the function's scale to truncation
# and rounding, so float32 results need far looser bounds than float64.
_TOLERANCES = {8: (1e-6, 1e-9), 4: (2e-3, 1e-4), 2: (5e-2, 1e-2)}


def check_msg(msg: str, cond) -> None:
    """Raise `AssertionError(msg)` unless `cond` holds.

    `cond` may also be a callable taking no arguments: it is called, and an
    exception it raises becomes an AssertionError carrying `msg` (the original
    exception is chained as its cause). An empty `msg` gives a bare
    AssertionError.

    >>> from pyenzyme.testing import check_msg
    >>> check_msg("the total must be under 10", sum(range(4)) < 10)
    >>> check_msg("the total must be under 10", sum(range(1000)) < 10)
    Traceback (most recent call last):
        ...
    AssertionError: the total must be under 10
    """
    error = None
    if callable(cond):
        try:
            cond = cond()
        except Exception as e:
            error = e
            cond = False
    if not cond:
        raise (AssertionError(msg) if msg else AssertionError()) from error


def default_tolerances(float_types) -> tuple[float, float]:
    """(rtol, atol) suited to the least precise of `float_types` (float64 when empty)."""
    size = min((np.dtype(t).itemsize for t in float_types), default=8)
    return _TOLERANCES.get(size, _TOLERANCES[2] if size < 4 else _TOLERANCES[8])


def _num(v) -> str:
    if isinstance(v, (complex, np.complexfloating)):
        return f"({_num(v.real)}{'+' if v.imag >= 0 else '-'}{_num(abs(v.imag))}j)"
    s = f"{float(v):.10g}"
    return s + ".0" if s.lstrip("-").isdigit() else s


def fmt(x) -> str:
    """A short, precise rendering of a (nested) value for failure messages."""
    if isinstance(x, tuple):
        return "(" + ", ".join(fmt(e) for e in x) + ("," if len(x) == 1 else "") + ")"
    if isinstance(x, np.ndarray):
        if x.dtype.kind not in "fc":
            return np.array2string(x, threshold=16, separator=", ").replace("\n", "")
        flat = [_num(v) for v in x.ravel()[:16]] + (["..."] if x.size > 16 else [])
        shape = f" (shape {x.shape})" if x.ndim != 1 else ""
        return "[" + ", ".join(flat) + "]" + shape
    if isinstance(x, (float, complex, np.floating, np.complexfloating)):
        return _num(x)
    return repr(x)


class Comparer:
    """Compares values for one function and activity combination; raises on the first mismatch."""

    def __init__(self, label: str, combo: str, rtol: float, atol: float):
        self.label = label
        self.combo = combo
        self.rtol = rtol
        self.atol = atol

    def fail(self, what: str, lines: list[str]) -> None:
        body = "".join(f"\n  {line}" for line in lines)
        raise AssertionError(f"{self.label}: {self.combo}: {what}{body}")

    def structure(self, what: str, got, want) -> None:
        if not values.same_structure(got, want):
            self.fail(f"{what} has the wrong structure", [f"pyenzyme: {fmt(got)}", f"expected: {fmt(want)}"])

    def close(
        self,
        what: str,
        got,
        want,
        reference: str = "finite differences",
        scale: float = 0.0,
        detail: list[str] | None = None,
    ) -> None:
        """norm(got - want) <= max(atol, rtol * max(norm(got), norm(want), scale)), over all leaves.

        `scale` is the size rounding errors in `want` are measured against, when
        it exceeds both norms (a dot product with cancellation); `detail` adds
        lines to a failure message.
        """
        self.structure(what, got, want)
        a, b = values.flatten(got, exact=True), values.flatten(want, exact=True)
        if a.shape != b.shape:
            self.fail(f"{what} has the wrong size", [f"pyenzyme: {fmt(got)}", f"{reference}: {fmt(want)}"])
        err = float(np.linalg.norm(a - b)) if a.size else 0.0
        tol = max(self.atol, self.rtol * max(float(np.linalg.norm(a)), float(np.linalg.norm(b)), scale))
        if not err <= tol:  # also catches NaN
            width = max(len("pyenzyme"), len(reference)) + 1
            self.fail(
                f"{what} does not match {reference}",
                [
                    f"{'pyenzyme:':<{width}} {fmt(got)}",
                    f"{reference + ':':<{width}} {fmt(want)}",
                    f"|difference| = {err:.3g} > tolerance {tol:.3g} (rtol={self.rtol:g}, atol={self.atol:g})",
                    *(detail or ()),
                ],
            )
