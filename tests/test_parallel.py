"""Loops Numba runs on several threads (parallel=True: prange, parallel array expressions).

Each kernel is compiled twice, with parallel=True and without (prange is then range), and the
derivatives of the parallel one are checked against the serial one's (to rounding: reductions add
in another order), against central finite differences, and forward against reverse by the
dot-product identity. The tests run with 2 threads.
"""

import numba
import numpy as np
import pytest

import pyenzyme as pe
from pyenzyme.bench import nbody
from tests.fd import fd_directional


def prange_sum(x, a):
    s = 0.0
    for i in numba.prange(x.shape[0]):
        s += np.sin(x[i]) * a * x[0]  # every iteration reads x[0]: its adjoint comes from all threads
    return s


def prange_product(x, a):
    p = 1.0
    for i in numba.prange(x.shape[0]):
        p *= 1.0 + a * np.sin(x[i])  # each thread's partial product sits in its own slot
    return p


def prange_output(x, y):
    out = np.empty_like(x)
    for i in numba.prange(x.shape[0]):
        out[i] = np.tanh(x[i]) * y[(i + 1) % y.shape[0]]
    return np.sum(out * out)


def array_expression(x, y):
    z = np.sin(x) * y + 1.0  # a parallel array expression; np.sum is a parallel reduction
    return np.sum(z * z)


def heat_steps(u, c):
    """Time steps in place: each step's parallel loop reads what the last one wrote."""
    for _ in range(3):
        v = u.copy()
        for i in numba.prange(1, u.shape[0] - 1):
            u[i] = v[i] + c * (v[i - 1] - 2.0 * v[i] + v[i + 1]) + 0.1 * np.sin(v[i])
    s = 0.0
    for i in numba.prange(u.shape[0]):
        s += u[i] * u[i]
    return s


def in_place(x):
    """A body that reads and overwrites its element: run twice it would give another answer."""
    for _ in range(2):
        for i in numba.prange(x.shape[0]):
            x[i] = x[i] * np.cos(x[i]) + 0.5
    return np.sum(x)


nbody_energy = nbody.energy.py_func  # softened gravitational energy: every particle read by every thread


def prange_2d(a):
    s = 0.0
    for i in numba.prange(a.shape[0]):
        for j in numba.prange(a.shape[1]):
            s += np.sin(a[i, j]) * a[i, (j + 1) % a.shape[1]]
    return s


RNG = np.random.default_rng(11)
CASES = [
    (prange_sum, lambda: [RNG.uniform(0.2, 1.0, 37), 1.3]),
    (prange_product, lambda: [RNG.uniform(0.2, 1.0, 23), 0.4]),
    (prange_output, lambda: [RNG.standard_normal(29), RNG.standard_normal(29)]),
    (array_expression, lambda: [RNG.standard_normal(31), RNG.standard_normal(31)]),
    (heat_steps, lambda: [RNG.standard_normal(40), 0.2]),
    (in_place, lambda: [RNG.standard_normal(33)]),
    (nbody_energy, lambda: [RNG.standard_normal((24, 3)), RNG.uniform(0.5, 1.5, 24)]),
    (prange_2d, lambda: [RNG.standard_normal((7, 9))]),
]


@pytest.fixture(autouse=True)
def two_threads():
    before = numba.get_num_threads()
    numba.set_num_threads(min(2, numba.config.NUMBA_NUM_THREADS))
    yield
    numba.set_num_threads(before)


_compiled: dict = {}


def _both(f):
    if f not in _compiled:
        _compiled[f] = numba.njit(parallel=True)(f), numba.njit(f)
    return _compiled[f]


def _annotate(args, shadows):
    out = []
    for a, s in zip(args, shadows):
        out.append(pe.Duplicated(a.copy(), s) if isinstance(a, np.ndarray) else pe.Active(a))
    return out


def _gradient(f, args):
    """The reverse gradient: arrays' adjoints, scalars' returned adjoints, in argument order."""
    shadows = [np.zeros_like(a) if isinstance(a, np.ndarray) else None for a in args]
    (adj,) = pe.autodiff(pe.Reverse, f, pe.Active, *_annotate(args, shadows))
    return [s if s is not None else adj[i] for i, s in enumerate(shadows)]


def _tangent(f, args, dirs, mode=pe.Forward):
    ann = [
        pe.Duplicated(a.copy(), d.copy()) if isinstance(a, np.ndarray) else pe.Duplicated(a, d)
        for a, d in zip(args, dirs)
    ]
    return pe.autodiff(mode, f, pe.Duplicated, *ann)


def _directions(args, seed):
    r = np.random.default_rng(seed)
    return [r.standard_normal(a.shape) if isinstance(a, np.ndarray) else float(r.standard_normal()) for a in args]


def _inner(grads, dirs):
    return sum(float(np.sum(g * d)) for g, d in zip(grads, dirs))


@pytest.mark.parametrize("f, make", CASES, ids=[c[0].__name__ for c in CASES])
def test_parallel_derivatives_equal_serial_ones_and_finite_differences(f, make):
    par, ser = _both(f)
    args = make()
    assert par(*[a.copy() if isinstance(a, np.ndarray) else a for a in args]) == pytest.approx(
        ser(*[a.copy() if isinstance(a, np.ndarray) else a for a in args]), rel=1e-12
    )
    gp, gs = _gradient(par, args), _gradient(ser, args)
    for p, s in zip(gp, gs):
        np.testing.assert_allclose(p, s, rtol=1e-11, atol=1e-12)
    dirs = _directions(args, 5)
    _, tp = _tangent(par, args, dirs)
    _, ts = _tangent(ser, args, dirs)
    assert tp == pytest.approx(ts, rel=1e-11, abs=1e-12)
    assert tp == pytest.approx(_inner(gp, dirs), rel=1e-11, abs=1e-12)
    fd = sum(
        fd_directional(ser, [a.copy() if isinstance(a, np.ndarray) else a for a in args], i, d)[0]
        for i, d in enumerate(dirs)
        if isinstance(d, np.ndarray)
    ) + sum(
        fd_directional(
            ser, [np.float64(a) if not isinstance(a, np.ndarray) else a.copy() for a in args], i, np.float64(d)
        )[0]
        for i, d in enumerate(dirs)
        if not isinstance(d, np.ndarray)
    )
    assert tp == pytest.approx(fd, rel=1e-7, abs=1e-8)


def read_before_the_loop(x):
    """x[0] is read before the parallel loop overwrites x: the reverse sweep needs the old value."""
    a = x[0]
    for i in numba.prange(x.shape[0]):
        x[i] = np.sin(x[i]) + 0.5
    return a * np.sum(x)


def written_after_the_loop(x, y):
    """x and y are only read by the first loop, then written (by a parallel array expression and by
    a plain store): the reverse sweep of the first loop must not read them again."""
    s = 0.0
    for i in numba.prange(x.shape[0]):
        s += np.sin(x[i]) * y[i] * y[0]
    x[:] = 2.0 * x + 1.0
    y[1] = 5.0
    return s + np.sum(x * x) + y[1] * y[2]


def test_memory_written_after_a_parallel_loop_is_kept_for_its_reverse():
    par, ser = _both(written_after_the_loop)
    args = [RNG.standard_normal(21), RNG.standard_normal(21)]
    for p, s in zip(_gradient(par, args), _gradient(ser, args)):
        np.testing.assert_allclose(p, s, rtol=1e-12, atol=1e-13)


def test_memory_a_parallel_loop_writes_is_not_read_again():
    par, ser = _both(read_before_the_loop)
    x = RNG.standard_normal(19)
    np.testing.assert_allclose(_gradient(par, [x])[0], _gradient(ser, [x])[0], rtol=1e-13, atol=1e-14)
    g = _gradient(par, [x])[0]
    fd = fd_directional(ser, [x.copy()], 0, np.eye(19)[0])[0]
    assert g[0] == pytest.approx(fd, rel=1e-8)


@pytest.mark.parametrize("f, make", [CASES[0], CASES[2], CASES[6]], ids=lambda c: None)
def test_batch_lanes_and_split_mode(f, make):
    par, _ = _both(f)
    args = make()
    grads = _gradient(par, args)
    arrays = [i for i, a in enumerate(args) if isinstance(a, np.ndarray)]
    lanes = {i: (np.zeros_like(args[i]), np.zeros_like(args[i])) for i in arrays}
    ann = [pe.BatchDuplicated(a.copy(), lanes[i]) if i in lanes else pe.Const(a) for i, a in enumerate(args)]
    pe.autodiff(pe.Reverse, par, pe.Active, *ann)
    for i in arrays:
        for lane in lanes[i]:
            np.testing.assert_allclose(lane, grads[i], rtol=1e-11, atol=1e-12)
    dirs = _directions(args, 9)
    ann = [
        pe.BatchDuplicated(a.copy(), (dirs[i], 2.0 * dirs[i])) if i in lanes else pe.Const(a)
        for i, a in enumerate(args)
    ]
    _, (t1, t2) = pe.autodiff(pe.Forward, par, pe.BatchDuplicated, *ann)
    expect = sum(float(np.sum(grads[i] * dirs[i])) for i in arrays)
    assert t1 == pytest.approx(expect, rel=1e-11) and t2 == pytest.approx(2.0 * expect, rel=1e-11)
    types_ = [pe.Duplicated[pe.typeof(a)] if i in lanes else pe.Const[pe.typeof(a)] for i, a in enumerate(args)]
    forward, reverse = pe.autodiff_thunk(pe.ReverseSplitWithPrimal, pe.Const[pe.typeof(par)], pe.Active, *types_)
    shadows = {i: np.zeros_like(args[i]) for i in arrays}
    ann = [pe.Duplicated(a.copy(), shadows[i]) if i in lanes else pe.Const(a) for i, a in enumerate(args)]
    tape, primal, _ = forward(pe.Const(par), *ann)
    assert primal == pytest.approx(par(*[a.copy() if isinstance(a, np.ndarray) else a for a in args]), rel=1e-12)
    reverse(pe.Const(par), *ann, 1.0, tape)
    for i in arrays:
        np.testing.assert_allclose(shadows[i], grads[i], rtol=1e-11, atol=1e-12)


def test_more_rows_than_threads_reverse_in_turn():
    """With a chunk size, a thread runs several schedule rows (one reduction slot for all of them): the
    reverse phases then run one after another, and the gradient stays exact."""
    par, ser = _both(prange_product)
    args = [RNG.uniform(0.2, 1.0, 41), 0.3]
    expect = _gradient(ser, args)
    numba.set_parallel_chunksize(3)
    try:
        got = _gradient(par, args)
    finally:
        numba.set_parallel_chunksize(0)
    np.testing.assert_allclose(got[0], expect[0], rtol=1e-11, atol=1e-12)
    assert got[1] == pytest.approx(expect[1], rel=1e-11)


def _installed_layers() -> list[str]:
    import importlib

    names = {"workqueue": "workqueue", "omp": "omppool", "tbb": "tbbpool"}
    out = []
    for layer, module in names.items():
        try:
            importlib.import_module(f"numba.np.ufunc.{module}")
        except ImportError:  # e.g. tbb without its shared library
            continue
        out.append(layer)
    return out


LAYER_CHECK = """
import numba, numpy as np, pyenzyme as pe
from tests.test_parallel import prange_product, nbody_energy

numba.set_num_threads(min(2, numba.config.NUMBA_NUM_THREADS))
for f, args in ((prange_product, [np.linspace(0.2, 1.0, 29), 0.4]), (nbody_energy, [np.sin(np.arange(36.0)).reshape(12, 3), np.linspace(0.5, 1.5, 12)])):
    par, ser = numba.njit(parallel=True)(f), numba.njit(f)
    grads = []
    for g in (par, ser):
        dx = np.zeros_like(args[0])
        rest = [pe.Active(a) if not isinstance(a, np.ndarray) else pe.Const(a) for a in args[1:]]
        pe.autodiff(pe.Reverse, g, pe.Active, pe.Duplicated(args[0].copy(), dx), *rest)
        grads.append(dx)
    np.testing.assert_allclose(grads[0], grads[1], rtol=1e-11, atol=1e-12)
print(numba.threading_layer())
"""


@pytest.mark.parametrize("layer", _installed_layers())
def test_every_installed_threading_layer(layer):
    """Each threading layer Numba can load here runs the parallel derivatives (one per process)."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "NUMBA_THREADING_LAYER": layer}
    out = subprocess.run([sys.executable, "-c", LAYER_CHECK], env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.strip().splitlines()[-1] == layer
