"""Central finite differences: the reference that `test_forward` and `test_reverse` trust.

Input: a function `g(t)` of one real number returning a flat numpy vector,
the natural size of `t` and the floating-point type the function computes in.
Output: the derivative dg/dt at t = 0.

Any callable with the signature `fdm(g, *, scale, dtype)` can replace the
default `central_fdm(order=5)`.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np


def _central_weights(order: int) -> tuple[tuple[int, float], ...]:
    """(offset, weight) pairs of the `order`-point central stencil for a first derivative.

    The weights w_k solve sum_k w_k k^j = [j == 1] for j = 0 .. order-1, which
    makes sum_k w_k g(k h) / h exact for polynomials of degree order-1.
    Solved in exact rationals so that the stencil is exactly antisymmetric.
    """
    half = (order - 1) // 2
    offsets = list(range(-half, half + 1))
    n = len(offsets)
    rows = [[Fraction(k) ** j for k in offsets] + [Fraction(int(j == 1))] for j in range(n)]
    for col in range(n):  # Gauss-Jordan elimination; the Vandermonde system is regular
        pivot = next(r for r in range(col, n) if rows[r][col] != 0)
        rows[col], rows[pivot] = rows[pivot], rows[col]
        rows[col] = [v / rows[col][col] for v in rows[col]]
        for r in range(n):
            if r != col and rows[r][col] != 0:
                rows[r] = [a - rows[r][col] * b for a, b in zip(rows[r], rows[col])]
    return tuple((k, float(rows[i][n])) for i, k in enumerate(offsets) if rows[i][n] != 0)


class CentralFDM:
    """A central finite-difference rule for first derivatives.

    The step is `factor * eps(dtype) ** (1 / order) * scale`: balancing the
    truncation error (of order h^(order-1)) against rounding (eps / h) gives a
    step proportional to eps^(1/order), and `scale` makes it relative to the
    size of the point.

    >>> import numpy as np
    >>> fdm = central_fdm(order=5)
    >>> d = fdm(lambda t: np.array([np.sin(1.0 + t)]), scale=1.0, dtype=np.float64)
    >>> bool(abs(d[0] - np.cos(1.0)) < 1e-11)
    True
    """

    def __init__(self, order: int = 5, factor: float = 1.0):
        if order < 3 or order % 2 == 0:
            raise ValueError(f"order: a central rule needs an odd number of points >= 3, got {order}")
        self.order = order
        self.factor = factor
        self.weights = _central_weights(order)

    def step(self, scale: float, dtype) -> float:
        """The step h for a point of size `scale` evaluated in `dtype`."""
        return self.factor * float(np.finfo(dtype).eps) ** (1.0 / self.order) * scale

    def __call__(self, g, *, scale: float = 1.0, dtype=np.float64):
        h = self.step(scale, dtype)
        return sum(w * np.asarray(g(k * h)) for k, w in self.weights) / h

    def __repr__(self):
        return f"central_fdm(order={self.order}, factor={self.factor})"


def central_fdm(order: int = 5, factor: float = 1.0) -> CentralFDM:
    """The `order`-point central rule for first derivatives (5 points by default).

    >>> central_fdm(order=5).weights
    ((-2, 0.08333333333333333), (-1, -0.6666666666666666), (1, 0.6666666666666666), (2, -0.08333333333333333))
    """
    return CentralFDM(order, factor)
