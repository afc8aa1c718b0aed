"""np.linalg.solve through Numba's LAPACK wrapper (numba_xgesv): derivatives from the call's own factors.

Checked against the closed forms (X = A^-1 B: B' = A^-T X', A' = -B' X^T),
against central differences, forward against reverse by the dot-product
identity, and batch and split modes against the plain gradient.
"""

import numpy as np
import pytest

import pyenzyme as pe
from pyenzyme.bench import kernels as K
from tests.fd import fd_directional


def weighted_solution(a, b, w):
    return np.sum(w * np.linalg.solve(a, b))


def nonlinear_solve(a, b):
    x = np.linalg.solve(a, b)
    return np.sum(np.sin(x)) + np.sum(x * x)


def solve_of_products(a, b):
    """The matrix is built in the function, and the solution is changed after the solve."""
    m = a @ a.T + np.eye(a.shape[0])
    x = np.linalg.solve(m, b)
    x *= 2.0
    return np.sum(x * x)


def _matrix(n, seed, order="C"):
    r = np.random.default_rng(seed)
    a = 3.0 * np.eye(n) + 0.4 * r.standard_normal((n, n))
    return np.asfortranarray(a) if order == "F" else a


# n, extra rhs shape (a vector or a matrix b), layout of A
SHAPES = [(1, (), "C"), (4, (), "C"), (4, (), "F"), (7, (), "C"), (4, (3,), "C"), (5, (1,), "F")]


@pytest.mark.parametrize("n, cols, order", SHAPES)
def test_solve_gradient_is_the_closed_form(n, cols, order):
    a = _matrix(n, n, order)
    r = np.random.default_rng(100 + n)
    b, w = r.standard_normal((n, *cols)), r.standard_normal((n, *cols))
    da, db = np.zeros_like(a), np.zeros_like(b)
    pe.autodiff(pe.Reverse, weighted_solution, pe.Active, pe.Duplicated(a, da), pe.Duplicated(b, db), w)
    x = np.linalg.solve(a, b)
    want_b = np.linalg.solve(a.T, w)
    want_a = -(want_b.reshape(n, -1) @ x.reshape(n, -1).T)
    np.testing.assert_allclose(db, want_b, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(da, want_a, rtol=1e-12, atol=1e-14)
    # forward: dX = A^-1 (dB - dA X)
    va, vb = r.standard_normal(a.shape), r.standard_normal(b.shape)
    _, t = pe.autodiff(pe.Forward, weighted_solution, pe.Duplicated, pe.Duplicated(a, va), pe.Duplicated(b, vb), w)
    dx = np.linalg.solve(a, vb.reshape(n, -1) - va @ x.reshape(n, -1))
    assert t == pytest.approx(float(np.sum(w.reshape(n, -1) * dx)), rel=1e-12, abs=1e-14)
    assert t == pytest.approx(float(np.sum(da * va) + np.sum(db * vb)), rel=1e-12, abs=1e-14)


@pytest.mark.parametrize("f, cols", [(nonlinear_solve, ()), (solve_of_products, ()), (solve_of_products, (2,))])
def test_solve_against_finite_differences(f, cols):
    n = 5
    a = _matrix(n, 9) * (0.5 if f is solve_of_products else 1.0)
    b = np.random.default_rng(3).standard_normal((n, *cols))
    da, db = np.zeros_like(a), np.zeros_like(b)
    pe.autodiff(pe.Reverse, f, pe.Active, pe.Duplicated(a.copy(), da), pe.Duplicated(b.copy(), db))
    r = np.random.default_rng(4)
    va, vb = r.standard_normal(a.shape), r.standard_normal(b.shape)
    fd = fd_directional(f, [a, b], 0, va)[0] + fd_directional(f, [a, b], 1, vb)[0]
    transposed = float(np.sum(da * va) + np.sum(db * vb))
    assert transposed == pytest.approx(fd, rel=1e-8)
    _, t = pe.autodiff(pe.Forward, f, pe.Duplicated, pe.Duplicated(a.copy(), va), pe.Duplicated(b.copy(), vb))
    assert t == pytest.approx(transposed, rel=1e-12)


def test_solve_batch_and_split_equal_reverse():
    a, b = _matrix(4, 1), np.random.default_rng(5).standard_normal(4)
    da, db = np.zeros_like(a), np.zeros_like(b)
    pe.autodiff(pe.Reverse, nonlinear_solve, pe.Active, pe.Duplicated(a, da), pe.Duplicated(b, db))
    lanes_a, lanes_b = (np.zeros_like(a), np.zeros_like(a)), (np.zeros_like(b), np.zeros_like(b))
    pe.autodiff(pe.Reverse, nonlinear_solve, pe.Active, pe.BatchDuplicated(a, lanes_a), pe.BatchDuplicated(b, lanes_b))
    for got_a, got_b in zip(lanes_a, lanes_b):
        np.testing.assert_allclose(got_a, da, rtol=1e-14, atol=1e-15)
        np.testing.assert_allclose(got_b, db, rtol=1e-14, atol=1e-15)
    forward, reverse = pe.autodiff_thunk(
        pe.ReverseSplitWithPrimal,
        pe.Const[pe.typeof(nonlinear_solve)],
        pe.Active,
        pe.Duplicated[pe.typeof(a)],
        pe.Duplicated[pe.typeof(b)],
    )
    sa, sb = np.zeros_like(a), np.zeros_like(b)
    tape, primal, _ = forward(pe.Const(nonlinear_solve), pe.Duplicated(a, sa), pe.Duplicated(b, sb))
    assert primal == pytest.approx(nonlinear_solve(a, b), rel=1e-14)
    reverse(pe.Const(nonlinear_solve), pe.Duplicated(a, sa), pe.Duplicated(b, sb), 1.0, tape)
    np.testing.assert_allclose(sa, da, rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(sb, db, rtol=1e-14, atol=1e-15)


def test_constant_matrix_or_constant_right_hand_side():
    a, b = _matrix(3, 2), np.array([1.0, -2.0, 0.5])
    db = np.zeros(3)
    pe.autodiff(pe.Reverse, weighted_solution, pe.Active, a, pe.Duplicated(b, db), np.ones(3))
    np.testing.assert_allclose(db, np.linalg.solve(a.T, np.ones(3)), rtol=1e-13)
    da = np.zeros_like(a)
    pe.autodiff(pe.Reverse, weighted_solution, pe.Active, pe.Duplicated(a, da), b, np.ones(3))
    np.testing.assert_allclose(da, -np.outer(np.linalg.solve(a.T, np.ones(3)), np.linalg.solve(a, b)), rtol=1e-13)


# -- np.linalg.cholesky ----------------------------------------------------------------------------------
def weighted_factor(a, w):
    return np.sum(w * np.linalg.cholesky(a))


def factor_then_solve(a, b):
    """Cholesky, two triangular solves through np.linalg.solve, and a log-determinant from the diagonal."""
    L = np.linalg.cholesky(a)
    z = np.linalg.solve(L, b)
    alpha = np.linalg.solve(L.T, z)
    return 0.5 * np.dot(b, alpha) + np.sum(np.log(np.diag(L)))


def _spd(n, seed, order="C"):
    m = np.random.default_rng(seed).standard_normal((n, n))
    a = m @ m.T + n * np.eye(n)
    return np.asfortranarray(a) if order == "F" else a


def _cholesky_adjoint_by_formula(a, lbar):
    """A' on the lower triangle that Numba's Cholesky reads: S = L^-T Phi(L^T L') L^-1 (Murray 2016),
    Phi the lower triangle with its diagonal halved; A'[i, j] = S[i, j] + S[j, i] below the diagonal."""
    L = np.linalg.cholesky(a)
    p = np.tril(L.T @ np.tril(lbar))
    p[np.diag_indices_from(p)] *= 0.5
    s = np.linalg.solve(L.T, np.linalg.solve(L.T, p.T).T)
    return np.tril(s + s.T) - np.diag(np.diag(s))


@pytest.mark.parametrize("n, order", [(1, "C"), (3, "C"), (6, "C"), (6, "F")])
def test_cholesky_gradient_is_the_closed_form(n, order):
    a, w = _spd(n, n, order), np.random.default_rng(50 + n).standard_normal((n, n))
    da = np.zeros_like(a)
    pe.autodiff(pe.Reverse, weighted_factor, pe.Active, pe.Duplicated(a, da), w)
    np.testing.assert_allclose(da, _cholesky_adjoint_by_formula(a, w), rtol=1e-12, atol=1e-14)
    v = np.random.default_rng(60 + n).standard_normal((n, n))
    _, t = pe.autodiff(pe.Forward, weighted_factor, pe.Duplicated, pe.Duplicated(a, v), w)
    assert t == pytest.approx(float(np.sum(da * v)), rel=1e-12, abs=1e-14)
    assert t == pytest.approx(fd_directional(weighted_factor, [a, w], 0, v)[0], rel=1e-8)


def test_cholesky_with_solves_and_log_determinant():
    n = 5
    a, b = _spd(n, 8), np.random.default_rng(9).standard_normal(n)
    da, db = np.zeros_like(a), np.zeros_like(b)
    pe.autodiff(pe.Reverse, factor_then_solve, pe.Active, pe.Duplicated(a, da), pe.Duplicated(b, db))
    # the function of the lower triangle: gradient of 0.5 b^T A^-1 b + 0.5 log det A, folded onto it
    inv = np.linalg.inv(a)
    alpha = inv @ b
    g = 0.5 * (inv - np.outer(alpha, alpha))
    np.testing.assert_allclose(da, np.tril(g + g.T) - np.diag(np.diag(g)), rtol=1e-11, atol=1e-13)
    np.testing.assert_allclose(db, alpha, rtol=1e-12)


# -- np.linalg.det and slogdet (the LU factorisation) ---------------------------------------------------
def signed_log_determinant(a):
    sign, logdet = np.linalg.slogdet(a)
    return sign * logdet


def determinant_squared(a):
    return np.linalg.det(a) ** 2


def _general(n, seed, order="C"):
    a = np.random.default_rng(seed).standard_normal((n, n)) + 0.5 * np.eye(n)
    return np.asfortranarray(a) if order == "F" else a


@pytest.mark.parametrize("n, order", [(1, "C"), (2, "C"), (5, "C"), (5, "F"), (8, "C")])
def test_determinant_gradients_are_the_closed_forms(n, order):
    """d slogdet = A^-T (times the sign), d det = det A^-T: row swaps of partial pivoting included."""
    a = _general(n, 20 + n, order)
    inv_t = np.linalg.inv(a).T
    det = np.linalg.det(a)
    for f, want in ((signed_log_determinant, np.sign(det) * inv_t), (determinant_squared, 2.0 * det * det * inv_t)):
        da = np.zeros_like(a)
        pe.autodiff(pe.Reverse, f, pe.Active, pe.Duplicated(a, da))
        np.testing.assert_allclose(da, want, rtol=1e-11, atol=1e-13)
        v = np.random.default_rng(30 + n).standard_normal((n, n))
        _, t = pe.autodiff(pe.Forward, f, pe.Duplicated, pe.Duplicated(a, v))
        assert t == pytest.approx(float(np.sum(da * v)), rel=1e-12, abs=1e-14)
        assert t == pytest.approx(fd_directional(f, [a], 0, v)[0], rel=1e-8)


def weighted_inverse(a, w):
    return np.sum(w * np.linalg.inv(a))


def inverse_of_a_product(a):
    return np.sum(np.sin(np.linalg.inv(a @ a.T + np.eye(a.shape[0]))))


@pytest.mark.parametrize("n, order", [(1, "C"), (3, "C"), (6, "C"), (6, "F")])
def test_inverse_gradient_is_the_closed_form(n, order):
    """d/dA <W, A^-1> = -A^-T W A^-T, through getrf then getri (row swaps included)."""
    a, w = _general(n, 40 + n, order), np.random.default_rng(41 + n).standard_normal((n, n))
    da = np.zeros_like(a)
    pe.autodiff(pe.Reverse, weighted_inverse, pe.Active, pe.Duplicated(a, da), w)
    y = np.linalg.inv(a)
    np.testing.assert_allclose(da, -(y.T @ w @ y.T), rtol=1e-11, atol=1e-12)
    v = np.random.default_rng(42 + n).standard_normal((n, n))
    _, t = pe.autodiff(pe.Forward, weighted_inverse, pe.Duplicated, pe.Duplicated(a, v), w)
    assert t == pytest.approx(float(np.sum(w * (-y @ v @ y))), rel=1e-11)
    assert t == pytest.approx(float(np.sum(da * v)), rel=1e-12)


def test_inverse_against_finite_differences_batch_and_split():
    a = _general(4, 7) * 0.5
    da = np.zeros_like(a)
    pe.autodiff(pe.Reverse, inverse_of_a_product, pe.Active, pe.Duplicated(a, da))
    v = np.random.default_rng(8).standard_normal(a.shape)
    assert float(np.sum(da * v)) == pytest.approx(fd_directional(inverse_of_a_product, [a], 0, v)[0], rel=1e-8)
    lanes = (np.zeros_like(a), np.zeros_like(a))
    pe.autodiff(pe.Reverse, inverse_of_a_product, pe.Active, pe.BatchDuplicated(a, lanes))
    for lane in lanes:
        np.testing.assert_allclose(lane, da, rtol=1e-14, atol=1e-15)
    forward, reverse = pe.autodiff_thunk(
        pe.ReverseSplitWithPrimal, pe.Const[pe.typeof(inverse_of_a_product)], pe.Active, pe.Duplicated[pe.typeof(a)]
    )
    sa = np.zeros_like(a)
    tape, _, _ = forward(pe.Const(inverse_of_a_product), pe.Duplicated(a, sa))
    reverse(pe.Const(inverse_of_a_product), pe.Duplicated(a, sa), 1.0, tape)
    np.testing.assert_allclose(sa, da, rtol=1e-14, atol=1e-15)


# -- np.linalg.eigh and eigvalsh ---------------------------------------------------------------------------
def weighted_eigenvalues(a, c):
    return np.sum(c * np.linalg.eigvalsh(a))


def eigenvectors_used(a, c):
    """Eigenvalues and eigenvectors, each column's sign fixed by its first entry (v[0, j] v[:, j])."""
    w, v = np.linalg.eigh(a)
    s = np.sum(c * w)
    for j in range(a.shape[0]):
        s += np.sum(np.sin(v[0, j] * v[:, j]))
    return s


def _symmetric(n, seed, order="C"):
    m = np.random.default_rng(seed).standard_normal((n, n))
    a = m + m.T + np.diag(np.arange(n) * 3.0)  # eigenvalues kept apart
    return np.asfortranarray(a) if order == "F" else a


def _fold_lower(g):
    """A gradient on the symmetric matrix, as a function of the lower triangle LAPACK reads."""
    return np.tril(g + g.T) - np.diag(np.diag(g))


@pytest.mark.parametrize("n, order", [(1, "C"), (4, "C"), (4, "F"), (7, "C")])
def test_eigenvalue_gradient_is_the_closed_form(n, order):
    """d <c, w> = V diag(c) V^T, on the lower triangle (the one numba_ez_xxxevd reads)."""
    a, c = _symmetric(n, 70 + n, order), np.random.default_rng(71 + n).standard_normal(n)
    da = np.zeros_like(a)
    pe.autodiff(pe.Reverse, weighted_eigenvalues, pe.Active, pe.Duplicated(a, da), c)
    _, v = np.linalg.eigh(a)
    np.testing.assert_allclose(da, _fold_lower(v @ np.diag(c) @ v.T), rtol=1e-11, atol=1e-13)
    t_dir = np.random.default_rng(72 + n).standard_normal((n, n))
    _, t = pe.autodiff(pe.Forward, weighted_eigenvalues, pe.Duplicated, pe.Duplicated(a, t_dir), c)
    assert t == pytest.approx(float(np.sum(da * t_dir)), rel=1e-12, abs=1e-14)
    sym = np.tril(t_dir) + np.tril(t_dir, -1).T  # the symmetric matrix of the lower triangle
    assert t == pytest.approx(float(np.sum(c * np.einsum("ij,ik,kj->j", v, sym, v))), rel=1e-12, abs=1e-14)


@pytest.mark.parametrize("n", [2, 5])
def test_eigenvector_derivatives(n):
    a, c = _symmetric(n, 80 + n), np.random.default_rng(81 + n).standard_normal(n)
    da = np.zeros_like(a)
    pe.autodiff(pe.Reverse, eigenvectors_used, pe.Active, pe.Duplicated(a.copy(), da), c)
    t_dir = np.tril(np.random.default_rng(82 + n).standard_normal((n, n)))  # only the read triangle moves
    _, t = pe.autodiff(pe.Forward, eigenvectors_used, pe.Duplicated, pe.Duplicated(a.copy(), t_dir.copy()), c)
    assert t == pytest.approx(float(np.sum(da * t_dir)), rel=1e-12)
    assert t == pytest.approx(fd_directional(eigenvectors_used, [a, c], 0, t_dir)[0], rel=1e-7)


def eigenvector_entry(a, i, j, by=0):
    """v[i, j], the vector's sign fixed by its entry `by`."""
    _, v = np.linalg.eigh(a)
    return v[i, j] * np.sign(v[by, j])


def test_eigenvector_tangent_is_the_closed_form():
    """dV = V (F o V^T dA V), F_ij = 1 / (w_j - w_i)."""
    n = 4
    a = _symmetric(n, 90)
    t_dir = np.tril(np.random.default_rng(91).standard_normal((n, n)))
    w, v = np.linalg.eigh(a)
    sym = t_dir + np.tril(t_dir, -1).T
    gaps = w[None, :] - w[:, None]
    f = np.divide(1.0, gaps, out=np.zeros_like(gaps), where=~np.eye(n, dtype=bool))
    dv = (v @ (f * (v.T @ sym @ v))) * np.sign(v[0])[None, :]
    for i, j in [(0, 0), (2, 1), (3, 3)]:
        _, t = pe.autodiff(pe.Forward, eigenvector_entry, pe.Duplicated, pe.Duplicated(a, t_dir), i, j)
        assert t == pytest.approx(dv[i, j], rel=1e-11, abs=1e-13)


def test_repeated_eigenvalues_give_nan_vector_derivatives():
    a = np.diag([1.0, 1.0, 3.0])
    da = np.zeros_like(a)
    pe.autodiff(pe.Reverse, eigenvector_entry, pe.Active, pe.Duplicated(a, da), 1, 0)
    assert np.isnan(da).any()  # a vector of the double eigenvalue: no derivative
    da = np.zeros_like(a)
    pe.autodiff(pe.Reverse, eigenvector_entry, pe.Active, pe.Duplicated(a, da), 0, 2, 2)
    assert np.isfinite(da).all()  # the simple eigenvalue's vector has one
    t_dir = np.tril(np.ones((3, 3)))
    _, t = pe.autodiff(pe.Forward, eigenvector_entry, pe.Duplicated, pe.Duplicated(a, t_dir), 0, 2, 2)
    assert t == pytest.approx(float(np.sum(da * t_dir)), abs=1e-15) and t == pytest.approx(0.5)  # dA_02 / (3 - 1)
    dv = np.zeros_like(a)
    pe.autodiff(pe.Reverse, weighted_eigenvalues, pe.Active, pe.Duplicated(a, dv), np.array([0.0, 0.0, 1.0]))
    np.testing.assert_allclose(dv, np.diag([0.0, 0.0, 1.0]), atol=1e-15)  # values stay differentiable


# -- np.linalg.svd: singular values (the vectors: test_decompositions.py) -------------------------------
def weighted_singular_values(a, c):
    return np.sum(c * np.linalg.svd(a)[1])


def thin_singular_values(a, c):
    return np.sum(c * np.sin(np.linalg.svd(a, full_matrices=False)[1]))


@pytest.mark.parametrize("m, n, order", [(3, 3, "C"), (5, 3, "C"), (2, 4, "C"), (4, 4, "F")])
def test_singular_value_gradient_is_the_closed_form(m, n, order):
    """d <c, s> = U_k diag(c) V_k^T, k = min(m, n)."""
    r = np.random.default_rng(100 + m * n)
    a, c = r.standard_normal((m, n)), r.standard_normal(min(m, n))
    a = np.asfortranarray(a) if order == "F" else a
    for f, weights in ((weighted_singular_values, c), (thin_singular_values, None)):
        da = np.zeros_like(a)
        pe.autodiff(pe.Reverse, f, pe.Active, pe.Duplicated(a, da), c)
        u, s, vt = np.linalg.svd(a, full_matrices=False)
        w = c if weights is not None else c * np.cos(s)
        np.testing.assert_allclose(da, u @ np.diag(w) @ vt, rtol=1e-12, atol=1e-14)
        v = r.standard_normal((m, n))
        _, t = pe.autodiff(pe.Forward, f, pe.Duplicated, pe.Duplicated(a, v), c)
        assert t == pytest.approx(float(np.sum(da * v)), rel=1e-12, abs=1e-14)
        assert t == pytest.approx(fd_directional(f, [a, c], 0, v)[0], rel=1e-7)


# -- a Gaussian-process negative log marginal likelihood (the benchmark's kernel) ---------------------------
def _gp_gradient_by_formula(X, y, theta):
    """d nll = 0.5 tr((K^-1 - alpha alpha^T) dK), for the inputs X and the log hyperparameters."""
    ell2, sf2, sn2 = np.exp(2 * theta)
    diff = X[:, None, :] - X[None, :, :]
    r2 = np.sum(diff * diff, axis=2)
    Kf = sf2 * np.exp(-0.5 * r2 / ell2)
    inv = np.linalg.inv(Kf + sn2 * np.eye(len(y)))
    alpha = inv @ y
    W = 0.5 * (inv - np.outer(alpha, alpha))
    g_theta = np.array([np.sum(W * Kf * r2 / ell2), np.sum(W * 2.0 * Kf), 2.0 * sn2 * np.trace(W)])
    G = (W + W.T) * Kf / ell2  # dK_ij/dX_i = -Kf_ij (X_i - X_j) / ell2
    return -np.sum(G[:, :, None] * diff, axis=1), g_theta


def test_gaussian_process_likelihood_against_its_closed_form_gradient():
    """Cholesky, two triangular solves and slogdet in one function (pyenzyme bench's gp kernel)."""
    X, y, theta = K.gp_inputs(12, d=2, seed=12)
    dX, dtheta = np.zeros_like(X), np.zeros_like(theta)
    pe.autodiff(pe.Reverse, K.gp_nll, pe.Active, pe.Duplicated(X, dX), y, pe.Duplicated(theta, dtheta))
    gX, g_theta = _gp_gradient_by_formula(X, y, theta)
    np.testing.assert_allclose(dX, gX, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(dtheta, g_theta, rtol=1e-10)
    hand_X, hand_theta = np.zeros_like(X), np.zeros_like(theta)
    K.gp_nll_adjoint(X, y, theta, hand_X, hand_theta)  # the benchmark's hand-written gradient
    np.testing.assert_allclose(hand_X, gX, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(hand_theta, g_theta, rtol=1e-10)
    v = np.random.default_rng(13).standard_normal(X.shape)
    assert float(np.sum(dX * v)) == pytest.approx(fd_directional(K.gp_nll, [X, y, theta], 0, v)[0], rel=1e-8)


def test_second_derivatives_through_blas_and_the_limits_of_lapack():
    """Forward over reverse through gemv works; through a factorisation's adjoint it is refused by name."""
    r = np.random.default_rng(0)
    X, w, v = r.standard_normal((6, 4)), r.standard_normal(4), r.standard_normal(4)

    def loss(w):
        return np.sum(np.tanh(X @ w) ** 2)

    t = np.tanh(X @ w)
    sech2 = 1.0 - t * t
    hessian = X.T @ (2.0 * sech2 * (sech2 - 2.0 * t * t) * X.T).T  # X^T diag((tanh^2)'') X
    np.testing.assert_allclose(pe.hvp(loss, w, v), hessian @ v, rtol=1e-12, atol=1e-13)
    with pytest.raises(pe.NotDifferentiableError, match="derivative of the derivative of an np.linalg factorisation"):
        pe.hvp(signed_log_determinant, _general(3, 1), np.eye(3))
