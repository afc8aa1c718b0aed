"""Value and gradient, Hessian-vector products and Hessians: from Python and inside `@numba.njit`.

Input: a scalar function `f` of one float array (or, for `value_and_gradient`,
of a float) and the point. Output: `value_and_gradient` (one reverse sweep
that also returns the value), `hvp` (forward mode over the reverse-mode
gradient: the derivative of the gradient along `v`) and `hessian` (the same
with k unit directions per batched call). The gradient they differentiate is
a jitted function calling `autodiff_deferred`, made once per `f`.
"""

from __future__ import annotations

import numba
import numpy as np
from numba.core import types
from numba.core.errors import TypingError
from numba.extending import overload

from .annotations import Active, BatchDuplicated, Const, Duplicated
from .api import autodiff, autodiff_deferred
from .frontend.capture import as_dispatcher
from .frontend.plans import cached_plan, plan_table
from .jit.deferred import jitted_target
from .modes import Forward, Reverse, ReverseWithPrimal

_writers: dict = plan_table()


def gradient_writer(f):
    """A jitted `write(x, g)`: g = the gradient of `f` at x (reverse mode, the derivative inlined)."""
    disp = as_dispatcher(f)

    def make():
        @numba.njit
        def write(x, g):
            g[...] = 0.0
            autodiff_deferred(Reverse, disp, Active, Duplicated(x, g))

        return write

    return cached_plan(_writers, disp, make)


def _float_array(name: str, a) -> np.ndarray:
    if isinstance(a, list):
        a = np.asarray(a, dtype=float)
    if not isinstance(a, np.ndarray) or a.dtype.kind != "f":
        raise TypeError(f"{name}: expected a float numpy array, got {type(a).__name__}")
    return a


def value_and_gradient(f, x):
    """`(f(x), gradient)` in one reverse sweep; `x` a float array (the gradient is an array like it) or a float.

    >>> import pyenzyme as pe, numpy as np
    >>> def f(x):
    ...     return x[0] * x[0] * x[1]
    >>> pe.value_and_gradient(f, np.array([3.0, 2.0]))
    (18.0, array([12.,  9.]))
    >>> pe.value_and_gradient(lambda t: t ** 3, 2.0)
    (8.0, 12.0)
    """
    if isinstance(x, (np.ndarray, list)):
        x = _float_array("x", x)
        dx = np.zeros_like(x)
        _, value = autodiff(ReverseWithPrimal, f, Active, Duplicated(x, dx))
        return value, dx
    (d,), value = autodiff(ReverseWithPrimal, f, Active, Active(x))
    return value, d


def hvp(f, x, v):
    """The Hessian of scalar `f` at array `x` times `v`: forward mode over the reverse-mode gradient.

    >>> import pyenzyme as pe, numpy as np
    >>> def f(x):
    ...     return x[0] * x[0] * x[1]
    >>> pe.hvp(f, np.array([3.0, 2.0]), np.array([1.0, 0.0]))  # the first column of [[2 x1, 2 x0], [2 x0, 0]]
    array([4., 6.])
    """
    x, v = _float_array("x", x), _float_array("v", v)
    if v.shape != x.shape or v.dtype != x.dtype:
        raise ValueError(f"v: expected an array like x ({x.dtype}{list(x.shape)}), got {v.dtype}{list(v.shape)}")
    hv = np.zeros_like(x)
    autodiff(Forward, gradient_writer(f), Const, Duplicated(x, v), Duplicated(np.zeros_like(x), hv))
    return hv


def hessian(f, x, chunk=None):
    """The Hessian of scalar `f` at array `x` (x.size rows and columns), `chunk` columns per batched call.

    The columns are computed by a jitted loop (one per `f` and chunk), so no
    Python runs between the batched calls.

    >>> import pyenzyme as pe, numpy as np
    >>> def f(x):
    ...     return x[0] * x[0] * x[1]
    >>> pe.hessian(f, np.array([3.0, 2.0]), chunk=2)
    array([[4., 6.],
           [6., 0.]])
    """
    x = np.ascontiguousarray(_float_array("x", x))
    if chunk is not None and (not isinstance(chunk, int) or isinstance(chunk, bool) or chunk < 1):
        raise ValueError(f"chunk: expected a positive int or None, got {chunk!r}")
    k = min(chunk or DEFAULT_CHUNK, max(x.size, 1))
    return hessian_kernel(gradient_writer(f), k)(x)


DEFAULT_CHUNK = 8
_kernels: dict = plan_table()


def hessian_kernel(write, k: int):
    """A jitted `H = kernel(x)`: k columns of the Hessian per batched forward call over `write` (the
    gradient writer of f); the last batch repeats a column to keep k lanes. Made once per (write, k)."""
    return cached_plan(_kernels, (write, k), lambda: _make_hessian_kernel(write, k))


def _make_hessian_kernel(write, k: int):
    lanes = range(k)
    e = ", ".join(f"e{i}" for i in lanes) + ("," if k == 1 else "")
    o = ", ".join(f"o{i}" for i in lanes) + ("," if k == 1 else "")
    src = [
        "def kernel(x):",
        "    n = x.size",
        "    H = np.empty((n, n), dtype=x.dtype)",
        "    g = np.zeros_like(x)",
        *(f"    e{i} = np.zeros_like(x)\n    o{i} = np.zeros_like(x)" for i in lanes),
        *(f"    fe{i} = e{i}.reshape(n)\n    fo{i} = o{i}.reshape(n)" for i in lanes),
        f"    for start in range(0, n, {k}):",
        *(f"        j{i} = min(start + {i}, n - 1)\n        fe{i}[j{i}] = 1.0\n        fo{i}[:] = 0.0" for i in lanes),
        f"        autodiff_deferred(Forward, write, Const, BatchDuplicated(x, ({e})), BatchDuplicated(g, ({o})))",
        *(f"        H[:, j{i}] = fo{i}\n        fe{i}[j{i}] = 0.0" for i in lanes),
        "    return H",
    ]
    ns = {
        "np": np,
        "autodiff_deferred": autodiff_deferred,
        "Forward": Forward,
        "Const": Const,
        "BatchDuplicated": BatchDuplicated,
        "write": write,
    }
    exec("\n".join(src), ns)
    return numba.njit(ns["kernel"])


# -- inside jitted code -----------------------------------------------------------------------------
def _array_argument(name: str, what: str, t) -> None:
    if not (isinstance(t, types.Array) and isinstance(t.dtype, types.Float)):
        raise TypingError(f"{what}: pe.{name} inside jitted code takes a float array, got {t}")


@overload(value_and_gradient)
def _value_and_gradient_jit(f, x):
    disp = jitted_target(f, "f")
    if isinstance(x, types.Array):
        _array_argument("value_and_gradient", "x", x)

        def impl_array(f, x):
            dx = np.zeros_like(x)
            r = autodiff_deferred(ReverseWithPrimal, disp, Active, Duplicated(x, dx))
            return r[1], dx

        return impl_array

    def impl_scalar(f, x):
        r = autodiff_deferred(ReverseWithPrimal, disp, Active, Active(x))
        return r[1], r[0][0]

    return impl_scalar


@overload(hvp)
def _hvp_jit(f, x, v):
    write = gradient_writer(jitted_target(f, "f"))
    _array_argument("hvp", "x", x)
    if v != x:
        raise TypingError(f"v: expected an array of the type of x ({x}), got {v}")

    def impl(f, x, v):
        hv = np.zeros_like(x)
        autodiff_deferred(Forward, write, Const, Duplicated(x, v), Duplicated(np.zeros_like(x), hv))
        return hv

    return impl


@overload(hessian)
def _hessian_jit(f, x, chunk=None):
    write = gradient_writer(jitted_target(f, "f"))
    _array_argument("hessian", "x", x)
    if not (chunk is None or isinstance(chunk, (types.NoneType, types.Omitted))):
        raise TypingError(
            f"chunk: inside jitted code pe.hessian computes {DEFAULT_CHUNK} columns per call; leave it out"
        )
    if x.layout != "C":
        raise TypingError(f"x: pe.hessian inside jitted code takes a C-contiguous array, got {x}")
    kernel = hessian_kernel(write, DEFAULT_CHUNK)

    def impl(f, x, chunk=None):
        return kernel(x)

    return impl
