"""Value and gradient, Hessian-vector products and Hessians: from Python and inside `@numba.njit`.

Input: a scalar function `f` of one float array (or, for `value_and_gradient`,
of a float) and the point. Output: `value_and_gradient` (one reverse sweep
that also returns the value), `hvp` (forward mode over the reverse-mode
gradient: the derivative of the gradient along `v`) and `hessian` (the same
with k unit directions per batched call). The gradient they differentiate is
a jitted function calling `autodiff_deferred`, made once per `f`.
"""

from __future__ import annotations

import threading

import numba
import numpy as np
from numba.core import types
from numba.core.errors import TypingError
from numba.extending import overload

from .annotations import Active, BatchDuplicated, Const, Duplicated
from .api import autodiff, autodiff_deferred
from .frontend.capture import as_dispatcher
from .modes import Forward, Reverse, ReverseWithPrimal

_writers: dict = {}
_writers_lock = threading.Lock()


def gradient_writer(f):
    """A jitted `write(x, g)`: g = the gradient of `f` at x (reverse mode, the derivative inlined)."""
    disp = as_dispatcher(f)
    with _writers_lock:
        write = _writers.get(disp)
        if write is None:

            @numba.njit
            def write(x, g):
                g[...] = 0.0
                autodiff_deferred(Reverse, disp, Active, Duplicated(x, g))

            _writers[disp] = write
    return write


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

    >>> import pyenzyme as pe, numpy as np
    >>> def f(x):
    ...     return x[0] * x[0] * x[1]
    >>> pe.hessian(f, np.array([3.0, 2.0]), chunk=2)
    array([[4., 6.],
           [6., 0.]])
    """
    x = _float_array("x", x)
    if chunk is not None and (not isinstance(chunk, int) or isinstance(chunk, bool) or chunk < 1):
        raise ValueError(f"chunk: expected a positive int or None, got {chunk!r}")
    n = x.size
    k = min(chunk or min(n, 8), n)
    write = gradient_writer(f)
    H = np.empty((n, n), dtype=x.dtype)
    for start in range(0, n, k):
        cols = list(range(start, min(start + k, n)))
        dirs = []
        for j in cols + [cols[-1]] * (k - len(cols)):  # the last batch repeats a column to keep k lanes
            e = np.zeros_like(x)
            e.flat[j] = 1.0
            dirs.append(e)
        outs = tuple(np.zeros_like(x) for _ in range(k))
        if k == 1:
            autodiff(Forward, write, Const, Duplicated(x, dirs[0]), Duplicated(np.zeros_like(x), outs[0]))
        else:
            autodiff(Forward, write, Const, BatchDuplicated(x, tuple(dirs)), BatchDuplicated(np.zeros_like(x), outs))
        for lane, j in enumerate(cols):
            H[:, j] = outs[lane].ravel()
    return H


# -- inside jitted code -----------------------------------------------------------------------------
def _jitted_function(name: str, f):
    if not isinstance(f, types.Dispatcher):
        raise TypingError(f"f: inside jitted code pe.{name} takes a @numba.njit function, got {f}")
    return f.dispatcher


def _array_argument(name: str, what: str, t) -> None:
    if not (isinstance(t, types.Array) and isinstance(t.dtype, types.Float)):
        raise TypingError(f"{what}: pe.{name} inside jitted code takes a float array, got {t}")


@overload(value_and_gradient)
def _value_and_gradient_jit(f, x):
    disp = _jitted_function("value_and_gradient", f)
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
    write = gradient_writer(_jitted_function("hvp", f))
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
    write = gradient_writer(_jitted_function("hessian", f))
    _array_argument("hessian", "x", x)

    def impl(f, x, chunk=None):  # one column per call inside jitted code
        n = x.size
        H = np.empty((n, n), dtype=x.dtype)
        e = np.zeros_like(x)
        col = np.zeros_like(x)
        flat_e = e.reshape(n)
        for j in range(n):
            flat_e[j] = 1.0
            col[...] = 0.0
            autodiff_deferred(Forward, write, Const, Duplicated(x, e), Duplicated(np.zeros_like(x), col))
            H[:, j] = col.reshape(n)
            flat_e[j] = 0.0
        return H

    return impl
