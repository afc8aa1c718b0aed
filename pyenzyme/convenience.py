"""Gradients and Jacobians built on autodiff: one direction, or a chunk of k, per call.

Input: a mode, a function of one array (or scalar) and the point. Output:
`gradient` (reverse: an array like x; forward: a tuple of partials),
`gradient_` (overwrites dx), `jacobian` (outputs x inputs). With `chunk=k`
forward mode pushes k tangent directions, and reverse mode k adjoint seeds,
through one compiled batch call (pe.BatchDuplicated), padding the last chunk.
"""

from __future__ import annotations

import numba
import numpy as np

from .annotations import Active, BatchDuplicated, BatchDuplicatedNoNeed, Const, Duplicated, DuplicatedNoNeed
from .api import autodiff
from .frontend.arguments import reject_keywords
from .frontend.capture import as_dispatcher
from .modes import ForwardMode, Mode, ReverseMode


def onehot(x):
    """A tuple of one-hot arrays shaped like `x`, one per element.

    >>> import pyenzyme as pe, numpy as np
    >>> pe.onehot(np.zeros(2))
    (array([1., 0.]), array([0., 1.]))
    """
    x = np.asarray(x)
    out = []
    for i in range(x.size):
        e = np.zeros_like(x)
        e.flat[i] = 1
        out.append(e)
    return tuple(out)


def _chunks(dirs: tuple, k: int):
    """Directions in groups of k; the last group is padded with zero directions."""
    for start in range(0, len(dirs), k):
        group = list(dirs[start : start + k])
        n = len(group)
        group += [np.zeros_like(dirs[0])] * (k - n)
        yield group, n


def _single_argument(fname: str, args, kwargs) -> None:
    reject_keywords(fname, kwargs)
    if args:
        raise TypeError(
            f"{fname}: differentiates a function of one array; got {len(args)} more argument(s). "
            "Bind the others first: functools.partial(f, ...) or a closure `def g(x): return f(x, c)`, "
            "or use pe.autodiff with an annotation per argument"
        )


def _check_chunk(chunk):
    if chunk is not None and (not isinstance(chunk, (int, np.integer)) or chunk < 1):
        raise ValueError(f"chunk: expected a positive integer, got {chunk!r}")


def _forward_tangents(mode, f, x, dirs, chunk):
    """f's tangent along each direction, k directions per call when chunked."""
    if chunk is None or chunk == 1:
        return [autodiff(mode, f, DuplicatedNoNeed, Duplicated(x, d))[0] for d in dirs]
    out = []
    for group, n in _chunks(dirs, chunk):
        lanes = autodiff(mode, f, BatchDuplicatedNoNeed, BatchDuplicated(x, tuple(group)))[0]
        out.extend(lanes[:n])
    return out


def gradient(mode: Mode, f, x, *args, shadow=None, chunk=None, **kwargs):
    """Gradient of scalar `f` at array `x`.

    Reverse mode: a new array like `x`. Forward mode: a tuple of partials, one
    per element (or per direction in `shadow`), `chunk` directions per call.

    >>> import pyenzyme as pe, numpy as np
    >>> def f(x):
    ...     return x[0] * x[1]
    >>> pe.gradient(pe.Forward, f, np.array([2.0, 3.0]))
    (3.0, 2.0)
    >>> pe.gradient(pe.Forward, f, np.array([2.0, 3.0]), chunk=2)
    (3.0, 2.0)
    >>> pe.gradient(pe.Reverse, f, np.array([2.0, 3.0]))
    array([3., 2.])
    """
    _single_argument("gradient", args, kwargs)
    _check_chunk(chunk)
    if isinstance(x, list):
        x = np.asarray(x, dtype=float)
    if isinstance(mode, ForwardMode):
        x = np.asarray(x, dtype=float) if not isinstance(x, np.ndarray) else x
        dirs = onehot(x) if shadow is None else tuple(shadow)
        return tuple(_forward_tangents(mode, f, x, dirs, chunk))
    if isinstance(mode, ReverseMode):
        if isinstance(x, np.ndarray):
            return gradient_(mode, np.zeros_like(x), f, x)
        return autodiff(mode, f, Active, Active(x))[0][0]
    raise TypeError(f"mode: expected pe.Forward or pe.Reverse, got {mode!r}")


def gradient_(mode: Mode, dx, f, x):
    """Overwrite `dx` with the gradient of scalar `f` at array `x` and return `dx`.

    >>> import pyenzyme as pe, numpy as np
    >>> def f(x):
    ...     return x[0] * x[1]
    >>> dx = np.full(2, 7.0)
    >>> pe.gradient_(pe.Reverse, dx, f, np.array([2.0, 3.0]))
    array([3., 2.])
    """
    if not isinstance(mode, ReverseMode):
        raise TypeError(f"mode: gradient_ needs pe.Reverse, got {mode!r}")
    if not isinstance(dx, np.ndarray) or not isinstance(x, np.ndarray):
        raise TypeError("dx, x: gradient_ takes numpy arrays")
    dx[...] = 0.0
    autodiff(mode, f, Active, Duplicated(x, dx))
    return dx


def jacobian(mode: Mode, f, x, *args, chunk=None, num_outs=None, **kwargs):
    """Jacobian (outputs x inputs) of `f` at array `x`.

    Forward mode computes columns (`chunk` directions per call); reverse mode
    computes rows (`chunk` output seeds per sweep); `num_outs` states the
    number of outputs (checked). Tangents and gradients are written straight
    into the result, one call per chunk.

    >>> import pyenzyme as pe, numpy as np
    >>> def f(x):
    ...     return x * 2.0
    >>> pe.jacobian(pe.Forward, f, np.array([1.0, 2.0]))
    array([[2., 0.],
           [0., 2.]])
    >>> pe.jacobian(pe.Reverse, f, np.array([1.0, 2.0]), num_outs=2, chunk=2)
    array([[2., 0.],
           [0., 2.]])
    """
    _single_argument("jacobian", args, kwargs)
    _check_chunk(chunk)
    if not isinstance(mode, (ForwardMode, ReverseMode)):
        raise TypeError(f"mode: expected pe.Forward or pe.Reverse, got {mode!r}")
    x = x if isinstance(x, np.ndarray) and x.dtype.kind == "f" else np.asarray(x, dtype=float)
    y = as_dispatcher(f)(x.copy())
    if np.ndim(y) == 0:
        if num_outs not in (None, 1):
            raise ValueError(f"num_outs: the function returns 1 output, not {num_outs}")
        if isinstance(mode, ForwardMode):
            return np.array(gradient(mode, f, x, chunk=chunk)).reshape(1, -1)
        return gradient(mode, f, x).reshape(1, -1)
    m, n = np.size(y), x.size
    if num_outs is not None and num_outs != m:
        raise ValueError(f"num_outs: the function returns {m} outputs, not {num_outs}")
    w = _writer(f)
    k = chunk or 1
    out = np.zeros(m)
    if isinstance(mode, ForwardMode):
        # lane j: x moves along e_j, y's shadow (row j of J^T) receives column j of J
        jt = np.zeros((n, m))
        dirs = np.eye(n).reshape((n,) + x.shape)
        _sweeps(mode, w, x, out, dirs, jt, n, k, x_lanes=True)
        return np.ascontiguousarray(jt.T)
    # lane i: y's shadow is seeded with e_i, x's shadow (row i of J) receives e_i^T J
    jac = np.zeros((m, n))
    seeds = np.eye(m)
    _sweeps(mode, w, x, out, seeds, jac.reshape((m,) + x.shape), m, k, x_lanes=False)
    return jac


def _sweeps(mode, w, x, out, ins, outs, count, k, x_lanes):
    """Call w(x, out) once per chunk of k lanes: lane i pairs ins[i] with outs[i]."""
    ret = Const
    for start in range(0, count, k):
        stop = min(start + k, count)
        a = [ins[i] for i in range(start, stop)]
        b = [outs[i] for i in range(start, stop)]
        pad = k - len(a)
        if pad:
            a += [np.zeros_like(ins[0]) for _ in range(pad)]
            b += [np.zeros_like(outs[0]) for _ in range(pad)]
        xs, ys = (a, b) if x_lanes else (b, a)
        if k == 1:
            autodiff(mode, w, ret, Duplicated(x, xs[0]), Duplicated(out, ys[0]))
        else:
            autodiff(mode, w, ret, BatchDuplicated(x, tuple(xs)), BatchDuplicated(out, tuple(ys)))


_weighted: dict = {}


def _weighted_output(f):
    """w(x, s) = <ravel(f(x)), s>: one reverse sweep of it gives the row s^T J."""
    disp = as_dispatcher(f)
    w = _weighted.get(disp)
    if w is None:

        def weighted(x, s):
            y = np.ravel(disp(x))
            acc = 0.0
            for i in range(y.shape[0]):
                acc += y[i] * s[i]
            return acc

        w = _weighted[disp] = numba.njit(weighted)
    return w


_writers: dict = {}


def _writer(f):
    """w(x, y): y[:] = ravel(f(x)); a batch reverse sweep of it with seeds on y gives rows of J."""
    disp = as_dispatcher(f)
    w = _writers.get(disp)
    if w is None:

        def write(x, y):
            r = np.ravel(disp(x))
            for i in range(r.shape[0]):
                y[i] = r[i]

        w = _writers[disp] = numba.njit(write)
    return w
