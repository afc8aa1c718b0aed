"""Batch (vector) mode: W tangents or W adjoint seeds per call; chunked gradients and Jacobians."""

import numpy as np
import pytest

import pyenzyme as pe
from tests import kernels as K
from tests import kernels_adbench as A


def rng(seed=0):
    return np.random.default_rng(seed)


def test_conventions_exact():
    def f(x):
        return x[0] * x[1]

    x = np.array([2.0, 3.0])
    dirs = (np.array([1.0, 0.0]), np.array([0.0, 1.0]), np.array([1.0, 1.0]))
    assert pe.autodiff(pe.Forward, f, pe.BatchDuplicated, pe.BatchDuplicated(x, dirs)) == (6.0, (3.0, 2.0, 5.0))
    assert pe.autodiff(pe.Forward, f, pe.BatchDuplicatedNoNeed, pe.BatchDuplicated(x, dirs)) == ((3.0, 2.0, 5.0),)
    assert pe.gradient(pe.Forward, f, x, chunk=2) == (3.0, 2.0)
    assert pe.gradient(pe.Forward, f, x, shadow=dirs, chunk=2) == (3.0, 2.0, 5.0)
    J = pe.jacobian(pe.Forward, lambda v: v * v, np.array([1.0, 2.0, 3.0]), chunk=2)
    np.testing.assert_array_equal(J, np.diag([2.0, 4.0, 6.0]))
    J = pe.jacobian(pe.Reverse, lambda v: v * v, np.array([1.0, 2.0, 3.0]), num_outs=3, chunk=2)
    np.testing.assert_array_equal(J, np.diag([2.0, 4.0, 6.0]))


def test_width_one_is_duplicated():
    x = np.array([0.5, 1.5])
    v = np.array([1.0, -2.0])
    a = pe.autodiff(pe.Forward, K.rosenbrock, pe.BatchDuplicated, pe.BatchDuplicated(x, (v,)))
    b = pe.autodiff(pe.Forward, K.rosenbrock, pe.Duplicated, pe.Duplicated(x, v))
    assert a == (b[0], (b[1],))


FORWARD_CORPUS = [
    ("rosenbrock", K.rosenbrock, lambda r: (r.uniform(0.1, 1, 30),)),
    ("temporary", K.with_temporary, lambda r: (r.uniform(0.1, 1, 12),)),
    ("helpers", K.with_helpers, lambda r: (r.standard_normal(9), 0.7)),
    ("gmm", A.gmm_objective, lambda r: A.gmm_inputs(2, 3, 20)),
    ("lstm", A.lstm_objective, lambda r: A.lstm_inputs(2, 3, 4)),
]


@pytest.mark.parametrize("name, f, make", FORWARD_CORPUS, ids=[c[0] for c in FORWARD_CORPUS])
@pytest.mark.parametrize("width", [2, 3])
def test_forward_batch_equals_single(name, f, make, width):
    args = make(rng())
    r = rng(width)
    dirs = tuple(r.standard_normal(np.shape(args[0])) for _ in range(width))
    batch = pe.autodiff(pe.Forward, f, pe.BatchDuplicated, pe.BatchDuplicated(args[0], dirs), *args[1:])
    for k, d in enumerate(dirs):
        single = pe.autodiff(pe.Forward, f, pe.Duplicated, pe.Duplicated(args[0], d.copy()), *args[1:])
        assert batch[0] == single[0]
        assert batch[1][k] == pytest.approx(single[1], rel=1e-14, abs=1e-300)


@pytest.mark.parametrize("name, f, make", FORWARD_CORPUS, ids=[c[0] for c in FORWARD_CORPUS])
def test_reverse_batch_equals_single(name, f, make):
    """Active return: every lane is seeded with 1, so each lane's shadow gets the full gradient added."""
    args = make(rng())
    starts = tuple(rng(k).standard_normal(np.shape(args[0])) for k in range(3))
    grads = tuple(s.copy() for s in starts)
    pe.autodiff(pe.Reverse, f, pe.Active, pe.BatchDuplicated(args[0], grads), *args[1:])
    g = np.zeros_like(args[0])
    pe.autodiff(pe.Reverse, f, pe.Active, pe.Duplicated(args[0], g), *args[1:])
    for s, lane in zip(starts, grads):
        np.testing.assert_allclose(lane - s, g, rtol=1e-13, atol=1e-13)


def test_reverse_batch_seeds_outputs():
    """Const return, outputs in an array: W different seeds on the output give W rows of J in one sweep."""

    def write(y, x):
        y[0] = x[0] * x[1]
        y[1] = np.sin(x[2]) * x[0]

    x = np.array([1.0, 2.0, 3.0])
    seeds = (np.array([1.0, 0.0]), np.array([0.0, 1.0]), np.array([2.0, -1.0]))
    grads = tuple(np.zeros(3) for _ in seeds)
    pe.autodiff(pe.Reverse, write, pe.Const, pe.BatchDuplicated(np.zeros(2), seeds), pe.BatchDuplicated(x, grads))
    J = np.array([[2.0, 1.0, 0.0], [np.sin(3.0), 0.0, np.cos(3.0)]])
    for w, g in zip(((1.0, 0.0), (0.0, 1.0), (2.0, -1.0)), grads):
        np.testing.assert_allclose(g, np.array(w) @ J, rtol=1e-14)


def fd_jacobian(f, x, h=1e-5):
    cols = []
    for i in range(x.size):
        e = np.zeros_like(x)
        e[i] = h
        cols.append((-f(x + 2 * e) + 8 * f(x + e) - 8 * f(x - e) + f(x - 2 * e)) / (12 * h))
    return np.stack(cols, axis=-1)


@pytest.mark.parametrize("chunk", [None, 8])
def test_lorenz96_rk4_jacobian(chunk):
    x = 8.0 + rng(7).standard_normal(40)
    ref = fd_jacobian(K.lorenz96_rk4, x)
    Jf = pe.jacobian(pe.Forward, K.lorenz96_rk4, x, chunk=chunk)
    Jr = pe.jacobian(pe.Reverse, K.lorenz96_rk4, x, num_outs=40, chunk=chunk)
    np.testing.assert_allclose(Jf, ref, rtol=1e-8, atol=1e-9)
    np.testing.assert_allclose(Jr, ref, rtol=1e-8, atol=1e-9)
    np.testing.assert_allclose(Jf, Jr, rtol=1e-13, atol=1e-15)


def test_batch_errors():
    x = np.ones(3)
    with pytest.raises(ValueError, match="argument 2: batch width 3 differs from the width 2"):
        pe.autodiff(
            pe.Forward,
            lambda a, b: a.sum() + b.sum(),
            pe.BatchDuplicated,
            pe.BatchDuplicated(x, (x, x)),
            pe.BatchDuplicated(x, (x, x, x)),
        )
    with pytest.raises(ValueError, match="argument 2: batch width 3 differs"):
        pe.autodiff(
            pe.Reverse,
            lambda a, b: a.sum() + b.sum(),
            pe.Active,
            pe.BatchDuplicated(x, (x.copy(), x.copy())),
            pe.BatchDuplicated(x, (x.copy(),) * 3),
        )
    with pytest.raises(pe.ActivityError, match="argument 2: pe.Duplicated cannot be mixed with batch"):
        pe.autodiff(
            pe.Forward,
            lambda a, b: a.sum() + b.sum(),
            pe.BatchDuplicated,
            pe.BatchDuplicated(x, (x, x)),
            pe.Duplicated(x, x),
        )
    with pytest.raises(ValueError, match="chunk: expected a positive integer"):
        pe.gradient(pe.Forward, K.sumsq, x, chunk=0)
    with pytest.raises(ValueError, match="argument 1 shadow 2: shape"):
        pe.autodiff(pe.Forward, K.sumsq, pe.BatchDuplicated, pe.BatchDuplicated(x, (x, np.ones(4))))
