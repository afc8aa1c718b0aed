"""Matrix code through Numba's BLAS wrappers (dot, gemv, gemm, nrm2): derivatives as BLAS calls.

Every kernel is checked three ways: forward against reverse by the
dot-product identity <J v, 1> = <v, J^T 1> (to rounding), each against
central finite differences, and batch and split modes against the plain
reverse gradient. Inputs come in every layout Numba accepts: C, Fortran,
transposed views and non-contiguous slices (which Numba copies).
"""

import numba
import numpy as np
import pytest

import pyenzyme as pe
from tests.fd import fd_directional


def scaled_dot(a, b):
    return np.dot(a, b) * 2.0 + a[0]


def matmul(a, b):
    return np.sum(np.sin(a @ b))


def dot_2d(a, b):
    return np.sum(np.dot(a, b) ** 2)


def matvec(a, x):
    return np.sum(np.sin(a @ x))


def vecmat(x, a):
    return np.sum(np.cos(np.dot(x, a)))


def vdot(x, y):
    return np.vdot(x, y) ** 2


def outer(x, y):
    return np.sum(np.outer(x, y) ** 2)


def matrix_power(a):
    return np.sum(np.tanh(np.linalg.matrix_power(a, 3)))


def norm_1d(x):
    return np.linalg.norm(x) * 3.0


def norm_fro(a):
    return np.linalg.norm(a) ** 3


def chain(a, b):
    """A product of products: h is written by the function before it is multiplied again."""
    h = np.tanh(a @ b)
    return np.sum((h @ h.T) ** 2)


def overwrite_after(a, b):
    """An operand changed after its product: the reverse sweep reads the values it had at the call."""
    c = a @ b
    a *= 2.0
    return np.sum(np.sin(c)) + np.sum(a * a)


def products_in_a_loop(a, x):
    """The same gemv each iteration, its vector overwritten in between."""
    y = x.copy()
    for _ in range(3):
        y = np.tanh(a @ y)
    return np.sum(y)


RNG = np.random.default_rng(2024)


def _layout(x, kind):
    if kind == "F":
        return np.asfortranarray(x)
    if kind == "T":  # a transposed view of a C array
        return np.ascontiguousarray(x.T).T
    if kind == "S":  # a non-contiguous slice
        big = np.zeros((x.shape[0], 2 * x.shape[1]))
        big[:, ::2] = x
        return big[:, ::2]
    return x


# (function, argument shapes): square and rectangular
CASES = [
    (matmul, [(3, 4), (4, 5)]),
    (matmul, [(4, 4), (4, 4)]),
    (matmul, [(5, 1), (1, 3)]),
    (dot_2d, [(2, 6), (6, 3)]),
    (matvec, [(3, 5), (5,)]),
    (matvec, [(4, 4), (4,)]),
    (vecmat, [(3,), (3, 5)]),
    (vdot, [(7,), (7,)]),
    (outer, [(3,), (4,)]),
    (matrix_power, [(4, 4)]),
    (norm_1d, [(6,)]),
    (norm_fro, [(3, 5)]),
    (chain, [(3, 4), (4, 5)]),
    (overwrite_after, [(3, 4), (4, 2)]),
    (products_in_a_loop, [(4, 4), (4,)]),
]
LAYOUTS = ["C", "F", "T", "S"]


def _args(shapes, layout, seed=0):
    r = np.random.default_rng(seed)
    out = []
    for s in shapes:
        x = r.standard_normal(s) * 0.7
        out.append(_layout(x, layout) if x.ndim == 2 else x)
    return out


def _gradient(f, make):
    """The reverse gradient at fresh arguments `make()` (the function may change them)."""
    args = make()
    shadows = [np.zeros(a.shape) for a in args]
    pe.autodiff(pe.Reverse, f, pe.Active, *[pe.Duplicated(a, s) for a, s in zip(args, shadows)])
    return shadows


def _case_id(c):
    return f"{c[0].__name__}-{'x'.join(str(d) for d in c[1][0])}"


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("f, shapes", CASES, ids=[_case_id(c) for c in CASES])
def test_forward_reverse_and_finite_differences(f, shapes, layout):
    def make():
        return _args(shapes, layout)

    assert all(a.flags.c_contiguous or layout != "C" for a in make())
    assert all(not a.flags.contiguous for a in make() if a.ndim == 2 and layout == "S")
    grads = _gradient(f, make)
    dirs = [np.random.default_rng(7 + i).standard_normal(a.shape) for i, a in enumerate(make())]
    # forward: the tangent along all directions at once
    _, tangent = pe.autodiff(pe.Forward, f, pe.Duplicated, *[pe.Duplicated(a, d.copy()) for a, d in zip(make(), dirs)])
    transposed = sum(float(np.sum(g * d)) for g, d in zip(grads, dirs))
    assert tangent == pytest.approx(transposed, rel=1e-12, abs=1e-12)
    fd = sum(fd_directional(f, make(), i, d)[0] for i, d in enumerate(dirs))
    assert transposed == pytest.approx(fd, rel=1e-8, abs=1e-9)


@pytest.mark.parametrize("f, shapes", [CASES[0], CASES[4], CASES[6], CASES[12]], ids=lambda c: None)
def test_batch_lanes_equal_single_derivatives(f, shapes):
    args = _args(shapes, "C", seed=3)
    grads = _gradient(f, lambda: _args(shapes, "C", seed=3))
    lanes = tuple(tuple(np.zeros(a.shape) for _ in range(3)) for a in args)
    pe.autodiff(pe.Reverse, f, pe.Active, *[pe.BatchDuplicated(a.copy(), s) for a, s in zip(args, lanes)])
    for g, lane in zip(grads, lanes):
        for s in lane:
            np.testing.assert_allclose(s, g, rtol=1e-14, atol=1e-14)
    dirs = [np.random.default_rng(11 + i).standard_normal(a.shape) for i, a in enumerate(args)]
    batch = pe.autodiff(
        pe.Forward, f, pe.BatchDuplicated, *[pe.BatchDuplicated(a.copy(), (d, 2.0 * d)) for a, d in zip(args, dirs)]
    )
    transposed = sum(float(np.sum(g * d)) for g, d in zip(grads, dirs))
    assert batch[1][0] == pytest.approx(transposed, rel=1e-12)
    assert batch[1][1] == pytest.approx(2.0 * transposed, rel=1e-12)


@pytest.mark.parametrize("f, shapes", [CASES[0], CASES[12], CASES[13]], ids=lambda c: None)
def test_split_mode_equals_reverse(f, shapes):
    args = _args(shapes, "C", seed=5)
    grads = _gradient(f, lambda: _args(shapes, "C", seed=5))
    types_ = [pe.Duplicated[pe.typeof(a)] for a in args]
    forward, reverse = pe.autodiff_thunk(pe.ReverseSplitWithPrimal, pe.Const[pe.typeof(f)], pe.Active, *types_)
    copies = [a.copy() for a in args]
    shadows = [np.zeros(a.shape) for a in args]
    ann = [pe.Duplicated(a, s) for a, s in zip(copies, shadows)]
    tape, primal, _ = forward(pe.Const(f), *ann)
    assert primal == pytest.approx(f(*[a.copy() for a in args]), rel=1e-14)
    reverse(pe.Const(f), *ann, 1.0, tape)
    for g, s in zip(grads, shadows):
        np.testing.assert_allclose(s, g, rtol=1e-14, atol=1e-14)


def test_gemm_adjoint_exact():
    """d/dA sum(A @ B) = 1 B^T and d/dB = A^T 1, exactly."""
    a, b = RNG.standard_normal((3, 4)), RNG.standard_normal((4, 2))
    da, db = np.zeros_like(a), np.zeros_like(b)
    pe.autodiff(pe.Reverse, lambda a, b: np.sum(a @ b), pe.Active, pe.Duplicated(a, da), pe.Duplicated(b, db))
    np.testing.assert_allclose(da, np.ones((3, 2)) @ b.T, rtol=1e-15, atol=1e-15)
    np.testing.assert_allclose(db, a.T @ np.ones((3, 2)), rtol=1e-15, atol=1e-15)


def test_norm_at_zero_has_the_zero_subgradient():
    x = np.zeros(4)
    dx = np.zeros(4)
    pe.autodiff(pe.Reverse, norm_1d, pe.Active, pe.Duplicated(x, dx))
    np.testing.assert_array_equal(dx, 0.0)
    assert pe.autodiff(pe.Forward, norm_1d, pe.Duplicated, pe.Duplicated(x, np.ones(4))) == (0.0, 0.0)


@pytest.mark.parametrize("dtype, rtol", [(np.float64, 1e-13), (np.float32, 1e-5)])
def test_dot_forward_and_reverse(dtype, rtol):
    r = np.random.default_rng(0)
    x, y = r.standard_normal(50).astype(dtype), r.standard_normal(50).astype(dtype)
    v, w = r.standard_normal(50).astype(dtype), r.standard_normal(50).astype(dtype)
    _, t = pe.autodiff(pe.Forward, scaled_dot, pe.Duplicated, pe.Duplicated(x, v), pe.Duplicated(y, w))
    exact = 2.0 * (np.dot(v, y) + np.dot(x, w)) + v[0]
    assert t == pytest.approx(exact, rel=rtol)
    dx, dy = np.zeros_like(x), np.zeros_like(y)
    pe.autodiff(pe.Reverse, scaled_dot, pe.Active, pe.Duplicated(x, dx), pe.Duplicated(y, dy))
    gx = 2.0 * y.astype(np.float64)
    gx[0] += 1.0
    np.testing.assert_allclose(dx, gx, rtol=rtol)
    np.testing.assert_allclose(dy, 2.0 * x, rtol=rtol)


def test_float32_matmul():
    a, b = RNG.standard_normal((3, 4)).astype(np.float32), RNG.standard_normal((4, 2)).astype(np.float32)
    da, db = np.zeros_like(a), np.zeros_like(b)
    pe.autodiff(pe.Reverse, lambda a, b: np.sum(a @ b), pe.Active, pe.Duplicated(a, da), pe.Duplicated(b, db))
    np.testing.assert_allclose(da, np.ones((3, 2), np.float32) @ b.T, rtol=1e-6)
    np.testing.assert_allclose(db, a.T @ np.ones((3, 2), np.float32), rtol=1e-6)


def test_dot_against_finite_differences():
    r = np.random.default_rng(1)
    x, y, v = r.standard_normal(20), r.standard_normal(20), r.standard_normal(20)
    dx = np.zeros(20)
    pe.autodiff(pe.Reverse, scaled_dot, pe.Active, pe.Duplicated(x, dx), y)
    assert np.dot(dx, v) == pytest.approx(fd_directional(scaled_dot, [x, y], 0, v)[0], rel=1e-8)


def test_dot_of_memory_written_in_the_function():
    """The operand is copied at the call; before, reverse mode refused it."""

    def dot_of_temp(a, b):
        c = a * 2.0
        d = np.dot(c, b)
        c[:] = 0.0
        return d + c[0]

    x, y = np.array([1.0, 2.0, 3.0]), np.array([0.5, -1.0, 4.0])
    dx, dy = np.zeros(3), np.zeros(3)
    pe.autodiff(pe.Reverse, dot_of_temp, pe.Active, pe.Duplicated(x, dx), pe.Duplicated(y, dy))
    np.testing.assert_array_equal(dx, 2.0 * y)
    np.testing.assert_array_equal(dy, 2.0 * x)
    assert pe.autodiff(pe.Forward, dot_of_temp, pe.Duplicated, pe.Duplicated(x, np.ones(3)), y) == (21.0, 7.0)


def test_reverse_dot_with_seeded_shadow():
    """The shadow of an input holds its final adjoint on entry: the derivative adds to it, nothing else."""
    x, y = np.array([1.0, 2.0, 3.0]), np.array([0.5, -1.0, 4.0])
    dx = np.ones(3)
    pe.autodiff(pe.Reverse, scaled_dot, pe.Active, pe.Duplicated(x, dx), pe.Const(y))
    np.testing.assert_array_equal(dx, 1.0 + 2.0 * y + np.array([1.0, 0.0, 0.0]))  # d/da of 2 a.b + a[0]


def test_complex_products_are_refused():
    a = np.ones((2, 2), dtype=np.complex128)

    def f(a):
        return (a @ a)[0, 0].real

    with pytest.raises(pe.NotDifferentiableError, match="only real float32/float64 BLAS calls"):
        pe.autodiff(pe.Forward, f, pe.Duplicated, pe.Duplicated(a, np.ones_like(a)))


# -- models ------------------------------------------------------------------------------------------------
@numba.njit
def mlp_loss(X, labels, W1, b1, W2):
    """A 2-layer perceptron tanh(X W1 + b1) W2 with softmax cross-entropy, averaged over the batch."""
    logits = np.tanh(X @ W1 + b1) @ W2
    n, k = logits.shape
    loss = 0.0
    for i in range(n):
        m = np.max(logits[i])
        s = 0.0
        for j in range(k):
            s += np.exp(logits[i, j] - m)
        loss += m + np.log(s) - logits[i, labels[i]]
    return loss / n


def mlp_gradient_by_hand(X, labels, W1, b1, W2):
    h = np.tanh(X @ W1 + b1)
    logits = h @ W2
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    p[np.arange(len(labels)), labels] -= 1.0
    p /= len(labels)
    dW2 = h.T @ p
    dz = (p @ W2.T) * (1.0 - h * h)
    return X.T @ dz, dz.sum(axis=0), dW2


def test_mlp_softmax_cross_entropy():
    r = np.random.default_rng(3)
    X, labels = r.standard_normal((16, 6)), r.integers(0, 4, 16)
    W1, b1, W2 = r.standard_normal((6, 5)) * 0.5, r.standard_normal(5) * 0.1, r.standard_normal((5, 4)) * 0.5
    grads = [np.zeros_like(W1), np.zeros_like(b1), np.zeros_like(W2)]
    pe.autodiff(
        pe.Reverse,
        mlp_loss,
        pe.Active,
        X,
        labels,
        *[pe.Duplicated(w, g) for w, g in zip((W1, b1, W2), grads)],
    )
    for g, exact in zip(grads, mlp_gradient_by_hand(X, labels, W1, b1, W2)):
        np.testing.assert_allclose(g, exact, rtol=1e-12, atol=1e-14)
    v = r.standard_normal(W1.shape)
    fd = fd_directional(mlp_loss, [X, labels, W1, b1, W2], 2, v)[0]
    assert np.sum(grads[0] * v) == pytest.approx(fd, rel=1e-8)


@numba.njit
def logistic_nll(w, X, y):
    z = X @ w
    return np.sum(np.log1p(np.exp(-np.abs(z))) + np.maximum(z, 0.0) - y * z)


def test_logistic_regression():
    r = np.random.default_rng(4)
    X, w = r.standard_normal((40, 7)), r.standard_normal(7) * 0.3
    y = (r.random(40) < 0.5).astype(np.float64)
    g = np.zeros(7)
    pe.autodiff(pe.Reverse, logistic_nll, pe.Active, pe.Duplicated(w, g), X, y)
    exact = X.T @ (1.0 / (1.0 + np.exp(-(X @ w))) - y)
    np.testing.assert_allclose(g, exact, rtol=1e-12, atol=1e-13)
    _, t = pe.autodiff(pe.Forward, logistic_nll, pe.Duplicated, pe.Duplicated(w, exact.copy()), X, y)
    assert t == pytest.approx(np.dot(exact, exact), rel=1e-12)


def norm_in_a_branch(x):
    """The norm's tangent loop splits its block; the phi after the branch must come from the loop's end."""
    if x[0] > 0.0:
        s = np.linalg.norm(x)
    else:
        s = 1.0
    return s * x[1]


def test_tangent_loop_inside_a_branch():
    x, v = np.array([0.5, 2.0, -1.0]), np.array([1.0, 0.5, 2.0])
    _, t = pe.autodiff(pe.Forward, norm_in_a_branch, pe.Duplicated, pe.Duplicated(x, v))
    n = np.linalg.norm(x)
    assert t == pytest.approx(np.dot(x, v) / n * x[1] + n * v[1], rel=1e-14)
