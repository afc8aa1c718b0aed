"""Matrix decompositions whose factors are differentiated: np.linalg.svd (singular vectors),
np.linalg.pinv, np.linalg.qr and np.linalg.eig / eigvals.

Each is checked against its closed form written in NumPy (the tangent
formulas of the modules' docstrings, independent of the generated code), the
forward and reverse modes against each other by the dot-product identity,
and central differences; batch and split modes against the plain gradient;
and where a derivative does not exist (repeated singular values or
eigenvalues, a rank-deficient R, the completion columns of a full U), NaN
rather than a number.
"""

import numpy as np
import pytest

import pyenzyme as pe
from tests.fd import fd_directional

RNG = np.random.default_rng(20261202)


def _layout(a, order):
    return np.asfortranarray(a) if order == "F" else np.ascontiguousarray(a)


def _check_modes(f, a, *rest, rtol_fd=1e-7, step=1e-6):
    """The gradient of f at a, after checking forward against reverse and both against central
    differences in one random direction."""
    da = np.zeros_like(a)
    pe.autodiff(pe.Reverse, f, pe.Active, pe.Duplicated(a.copy(), da), *rest)
    v = RNG.standard_normal(a.shape)
    _, t = pe.autodiff(pe.Forward, f, pe.Duplicated, pe.Duplicated(a.copy(), v), *rest)
    assert t == pytest.approx(float(np.sum(da * v)), rel=1e-11, abs=1e-13)
    assert t == pytest.approx(fd_directional(f, [a, *rest], 0, v, h=step)[0], rel=rtol_fd, abs=1e-10)
    return da


def _batch_and_split(f, a, *rest):
    da = np.zeros_like(a)
    pe.autodiff(pe.Reverse, f, pe.Active, pe.Duplicated(a.copy(), da), *rest)
    lanes = (np.zeros_like(a), np.zeros_like(a))
    pe.autodiff(pe.Reverse, f, pe.Active, pe.BatchDuplicated(a.copy(), lanes), *rest)
    for lane in lanes:
        np.testing.assert_allclose(lane, da, rtol=1e-13, atol=1e-14)
    v = RNG.standard_normal(a.shape)
    _, (t1, t2) = pe.autodiff(pe.Forward, f, pe.BatchDuplicated, pe.BatchDuplicated(a.copy(), (v, -3.0 * v)), *rest)
    expect = float(np.sum(da * v))
    assert t1 == pytest.approx(expect, rel=1e-11) and t2 == pytest.approx(-3.0 * expect, rel=1e-11)
    types_ = [pe.Duplicated[pe.typeof(a)], *(pe.Const[pe.typeof(x)] for x in rest)]
    fwd, rev = pe.autodiff_thunk(pe.ReverseSplitWithPrimal, pe.Const[pe.typeof(f)], pe.Active, *types_)
    shadow = np.zeros_like(a)
    ann = (pe.Duplicated(a.copy(), shadow), *(pe.Const(x) for x in rest))
    tape, primal, _ = fwd(pe.Const(f), *ann)
    assert primal == pytest.approx(f(a.copy(), *rest), rel=1e-13)
    rev(pe.Const(f), *ann, 1.0, tape)
    np.testing.assert_allclose(shadow, da, rtol=1e-13, atol=1e-14)


# -- np.linalg.svd: the singular vectors ----------------------------------------------------------------
def svd_tangents(a, da):
    """(dU, ds, dVt) of the thin SVD, from the closed form."""
    m, n = a.shape
    u, s, vt = np.linalg.svd(a, full_matrices=False)
    p = u.T @ da @ vt.T
    gap = s[None, :] ** 2 - s[:, None] ** 2
    np.fill_diagonal(gap, 1.0)
    ju, jv = (p * s[None, :] + s[:, None] * p.T) / gap, (s[:, None] * p + p.T * s[None, :]) / gap
    np.fill_diagonal(ju, 0.0)
    np.fill_diagonal(jv, 0.0)
    du, dvt = u @ ju, jv.T @ vt
    if min(m, n) < m:
        du += (da @ vt.T - u @ p) / s[None, :]
    if min(m, n) < n:
        dvt += (u.T @ da - p @ vt) / s[:, None]
    return du, np.diag(p).copy(), dvt


def svd_loss(a, cu, cs, cv):
    u, s, vt = np.linalg.svd(a, full_matrices=False)
    return np.sum(cu * np.sin(u)) + np.sum(cs * s * s) + np.sum(cv * np.cos(vt))


def full_svd_loss(a, cu, cs, cv):
    """jobz 'A': only the first k columns of U and rows of V^T are used."""
    u, s, vt = np.linalg.svd(a)
    k = s.shape[0]
    return np.sum(cu * u[:, :k]) + np.sum(cs * s) + np.sum(cv * vt[:k, :])


def full_svd_entry(a, i, j):
    return np.linalg.svd(a)[0][i, j]


def vector_entry(a, i, j):
    return np.linalg.svd(a)[2][i, j]


SHAPES = [(4, 4, "C"), (6, 3, "C"), (3, 6, "C"), (5, 2, "F"), (2, 5, "F"), (1, 3, "C"), (3, 1, "C")]


def _weights(m, n):
    k = min(m, n)
    return RNG.standard_normal((m, k)), RNG.standard_normal(k), RNG.standard_normal((k, n))


@pytest.mark.parametrize("m, n, order", SHAPES)
def test_singular_vectors_are_the_closed_form(m, n, order):
    a = _layout(RNG.standard_normal((m, n)), order)
    weights = _weights(m, n)
    v = RNG.standard_normal((m, n))
    du, ds, dvt = svd_tangents(a, v)
    cu, cs, cv = weights
    u, s, vt = np.linalg.svd(a, full_matrices=False)
    want = np.sum(cu * np.cos(u) * du) + np.sum(cs * 2.0 * s * ds) - np.sum(cv * np.sin(vt) * dvt)
    _, t = pe.autodiff(pe.Forward, svd_loss, pe.Duplicated, pe.Duplicated(a.copy(), v), *weights)
    assert t == pytest.approx(want, rel=1e-11, abs=1e-13)
    _check_modes(svd_loss, a, *weights)
    _check_modes(full_svd_loss, a, *weights)


def test_singular_vector_entries_one_by_one():
    """Each entry of U and V^T (full, square) against the closed form, in both modes."""
    a, v = RNG.standard_normal((3, 3)), RNG.standard_normal((3, 3))
    du, _, dvt = svd_tangents(a, v)
    for i in range(3):
        for j in range(3):
            for f, want in ((full_svd_entry, du), (vector_entry, dvt)):
                _, t = pe.autodiff(pe.Forward, f, pe.Duplicated, pe.Duplicated(a.copy(), v), i, j)
                assert t == pytest.approx(want[i, j], rel=1e-11, abs=1e-13)
                g = np.zeros_like(a)
                pe.autodiff(pe.Reverse, f, pe.Active, pe.Duplicated(a.copy(), g), i, j)
                assert float(np.sum(g * v)) == pytest.approx(want[i, j], rel=1e-11, abs=1e-13)


def test_svd_batch_and_split():
    a = RNG.standard_normal((5, 3))
    _batch_and_split(svd_loss, a, *_weights(5, 3))


def test_svd_float32():
    a = RNG.standard_normal((4, 3)).astype(np.float32)
    cu, cs, cv = (w.astype(np.float32) for w in _weights(4, 3))
    da = np.zeros_like(a)
    pe.autodiff(pe.Reverse, svd_loss, pe.Active, pe.Duplicated(a.copy(), da), cu, cs, cv)
    want = np.zeros((4, 3))
    pe.autodiff(
        pe.Reverse,
        svd_loss,
        pe.Active,
        pe.Duplicated(a.astype(np.float64), want),
        *(w.astype(np.float64) for w in (cu, cs, cv)),
    )
    np.testing.assert_allclose(da, want, rtol=2e-3, atol=2e-4)


def test_what_has_no_derivative_is_nan():
    # a repeated singular value: its vectors are any rotation of each other
    a = np.diag([2.0, 2.0, 1.0])
    g = np.zeros_like(a)
    pe.autodiff(pe.Reverse, full_svd_entry, pe.Active, pe.Duplicated(a, g), 0, 0)
    assert np.isnan(g).any()
    _, t = pe.autodiff(pe.Forward, full_svd_entry, pe.Duplicated, pe.Duplicated(a.copy(), np.ones((3, 3))), 0, 0)
    assert np.isnan(t)
    g = np.zeros_like(a)  # the simple singular value's vector keeps its derivative
    pe.autodiff(pe.Reverse, full_svd_entry, pe.Active, pe.Duplicated(a.copy(), g), 2, 2)
    assert np.isfinite(g).all()
    # the columns of a full U beyond min(m, n) complete an orthonormal basis: no derivative
    tall = RNG.standard_normal((4, 2))
    g = np.zeros_like(tall)
    pe.autodiff(pe.Reverse, full_svd_entry, pe.Active, pe.Duplicated(tall.copy(), g), 0, 3)
    assert np.isnan(g).all()
    _, t = pe.autodiff(pe.Forward, full_svd_entry, pe.Duplicated, pe.Duplicated(tall.copy(), np.ones((4, 2))), 0, 3)
    assert np.isnan(t)
    g = np.zeros_like(tall)  # while the first two columns have one
    pe.autodiff(pe.Reverse, full_svd_entry, pe.Active, pe.Duplicated(tall.copy(), g), 0, 1)
    assert np.isfinite(g).all()


# -- np.linalg.pinv: Numba's SVD and a gemm ------------------------------------------------------------------
def pinv_loss(a, c):
    return np.sum(c * np.linalg.pinv(a))


def pinv_tangent(a, da):
    """Golub and Pereyra's formula, for A of constant rank."""
    p = np.linalg.pinv(a)
    m, n = a.shape
    return -p @ da @ p + p @ p.T @ da.T @ (np.eye(m) - a @ p) + (np.eye(n) - p @ a) @ da.T @ p.T @ p


@pytest.mark.parametrize("m, n, order", SHAPES[:5])
def test_pseudo_inverse_is_the_closed_form(m, n, order):
    a = _layout(RNG.standard_normal((m, n)), order)
    c = RNG.standard_normal((n, m))
    v = RNG.standard_normal((m, n))
    _, t = pe.autodiff(pe.Forward, pinv_loss, pe.Duplicated, pe.Duplicated(a.copy(), v), c)
    assert t == pytest.approx(float(np.sum(c * pinv_tangent(a, v))), rel=1e-10)
    _check_modes(pinv_loss, a, c)


def test_pseudo_inverse_of_a_rank_deficient_matrix():
    """Vectors of zero singular values carry no adjoint through pinv: the derivative at constant rank."""
    b, c = RNG.standard_normal((5, 2)), RNG.standard_normal((2, 4))
    a, w = b @ c, RNG.standard_normal((4, 5))
    v = RNG.standard_normal((5, 2)) @ c + b @ RNG.standard_normal((2, 4))  # a direction that keeps rank 2
    want = float(np.sum(w * pinv_tangent(a, v)))
    g = np.zeros_like(a)
    pe.autodiff(pe.Reverse, pinv_loss, pe.Active, pe.Duplicated(a.copy(), g), w)
    assert float(np.sum(g * v)) == pytest.approx(want, rel=1e-9)
    _, t = pe.autodiff(pe.Forward, pinv_loss, pe.Duplicated, pe.Duplicated(a.copy(), v), w)
    assert t == pytest.approx(want, rel=1e-9)


def symmetric_square(a, c):
    """sum(c o V diag(w^2) V^T) = sum(c o A^2) for symmetric A, through its eigenvectors."""
    w, v = np.linalg.eigh(a)
    return np.sum(c * (v @ np.diag(w * w) @ v.T))


@pytest.mark.parametrize(
    "f, a",
    [(pinv_loss, np.eye(3)), (pinv_loss, np.diag([2.0, 2.0, 1.0])), (symmetric_square, np.diag([1.0, 1.0, 3.0]))],
)
def test_vectors_of_a_repeated_value_give_nan_even_when_their_terms_cancel(f, a):
    """Regression: at a repeated value the adjoint's numerator can vanish by symmetry (pinv at the identity,
    a matrix function) while the function still has a derivative that 0/0 does not give; that must be
    NaN, not the number the vanishing term would leave."""
    c = RNG.standard_normal(a.shape)
    g = np.zeros_like(a)
    pe.autodiff(pe.Reverse, f, pe.Active, pe.Duplicated(a.copy(), g), c)
    assert np.isnan(g).any()
    _, t = pe.autodiff(pe.Forward, f, pe.Duplicated, pe.Duplicated(a.copy(), RNG.standard_normal(a.shape)), c)
    assert np.isnan(t)


def first_eigenvalue(a, c):
    return np.linalg.eigvalsh(a)[0] * c[0, 0]


def two_smallest_eigenvalues(a, c):
    w = np.linalg.eigvalsh(a)
    return (w[0] + w[1]) * c[0, 0]


def first_general_eigenvalue(a, c):
    return np.linalg.eigvals(a)[0] * c[0, 0]


def smallest_singular_value(a, c):
    return np.linalg.svd(a)[1][-1] * c[0, 0]


@pytest.mark.parametrize(
    "f, a",
    [
        (first_eigenvalue, np.diag([1.0, 1.0, 3.0])),
        (first_general_eigenvalue, np.diag([1.0, 1.0, 3.0])),
        (smallest_singular_value, np.diag([2.0, 1.0, 1.0])),
        (smallest_singular_value, np.diag([2.0, 1.0, 0.0])),  # |.| at 0
    ],
)
def test_a_sorted_value_at_a_corner_has_nan_derivatives(f, a):
    """Regression: one of two equal eigenvalues (singular values), or a zero singular value, turns a corner
    under a perturbation that splits them; its derivative does not exist and is NaN, not diag(V^T dA V)."""
    c = np.ones((1, 1))
    g = np.zeros_like(a)
    pe.autodiff(pe.Reverse, f, pe.Active, pe.Duplicated(a.copy(), g), c)
    assert np.isnan(g).all()
    direction = np.diag([0.0, 1.0, -1.0])  # splits the pair (and moves the zero)
    _, t = pe.autodiff(pe.Forward, f, pe.Duplicated, pe.Duplicated(a.copy(), direction), c)
    assert np.isnan(t)


def test_the_sum_of_repeated_eigenvalues_keeps_its_derivative():
    a = np.diag([1.0, 1.0, 3.0])
    g = np.zeros_like(a)
    pe.autodiff(pe.Reverse, two_smallest_eigenvalues, pe.Active, pe.Duplicated(a, g), np.ones((1, 1)))
    np.testing.assert_allclose(g, np.diag([1.0, 1.0, 0.0]), atol=1e-14)  # the projector on their plane
    # forward mode carries each value's tangent: one exists where the direction moves the pair together
    together, split = np.diag([0.5, 0.5, 2.0]), np.diag([0.5, -0.5, 2.0])
    _, t = pe.autodiff(
        pe.Forward, two_smallest_eigenvalues, pe.Duplicated, pe.Duplicated(a.copy(), together), np.ones((1, 1))
    )
    assert t == pytest.approx(1.0, rel=1e-13)
    _, t = pe.autodiff(
        pe.Forward, two_smallest_eigenvalues, pe.Duplicated, pe.Duplicated(a.copy(), split), np.ones((1, 1))
    )
    assert np.isnan(t)  # each alone turns a corner (their sum would not)


# -- np.linalg.qr: geqrf and xxgqr as one factorisation --------------------------------------------------
def qr_tangents(a, da):
    m, n = a.shape
    k = min(m, n)
    q, r = np.linalg.qr(a)
    ri = np.linalg.inv(r[:, :k])
    c = q.T @ da[:, :k] @ ri
    t = np.triu(c) + np.tril(c, -1).T
    dq = da[:, :k] @ ri - q @ t
    dr = np.hstack([t @ r[:, :k], dq.T @ q @ r[:, k:] + q.T @ da[:, k:]])
    return dq, dr


def qr_loss(a, cq, cr):
    q, r = np.linalg.qr(a)
    return np.sum(cq * np.sin(q)) + np.sum(cr * r * r)


def qr_then_solve(a, b):
    """Least squares by QR: the solution of R x = Q^T b, then a loss of it."""
    q, r = np.linalg.qr(a)
    x = np.linalg.solve(r, np.ascontiguousarray(q.T) @ b)
    return np.sum(x * x)


@pytest.mark.parametrize("m, n, order", SHAPES)
def test_qr_is_the_closed_form(m, n, order):
    a = _layout(RNG.standard_normal((m, n)), order)
    k = min(m, n)
    cq, cr = RNG.standard_normal((m, k)), RNG.standard_normal((k, n))
    v = RNG.standard_normal((m, n))
    dq, dr = qr_tangents(a, v)
    q, r = np.linalg.qr(a)
    want = np.sum(cq * np.cos(q) * dq) + np.sum(cr * 2.0 * r * dr)
    _, t = pe.autodiff(pe.Forward, qr_loss, pe.Duplicated, pe.Duplicated(a.copy(), v), cq, cr)
    assert t == pytest.approx(want, rel=1e-11, abs=1e-13)
    _check_modes(qr_loss, a, cq, cr)


def test_least_squares_by_qr_matches_the_normal_equations():
    a, b = RNG.standard_normal((7, 3)), RNG.standard_normal(7)
    g = _check_modes(qr_then_solve, a, b)
    x = np.linalg.solve(a.T @ a, a.T @ b)  # d |x|^2 with x = (A^T A)^-1 A^T b
    y = np.linalg.solve(a.T @ a, 2.0 * x)
    r = b - a @ x
    np.testing.assert_allclose(g, np.outer(r, y) - np.outer(a @ y, x), rtol=1e-10, atol=1e-12)


def test_qr_batch_split_and_rank_deficiency():
    a = RNG.standard_normal((5, 3))
    _batch_and_split(qr_loss, a, RNG.standard_normal((5, 3)), RNG.standard_normal((3, 3)))
    singular = np.array([[0.0, 1.0], [0.0, 2.0], [0.0, 3.0]])  # R_00 = 0: no derivative
    g = np.zeros_like(singular)
    pe.autodiff(pe.Reverse, qr_loss, pe.Active, pe.Duplicated(singular, g), np.ones((3, 2)), np.ones((2, 2)))
    assert not np.isfinite(g).all()


# -- np.linalg.eig and eigvals: a real spectrum ------------------------------------------------------------
def _real_spectrum(n, seed):
    r = np.random.default_rng(seed)
    b = r.standard_normal((n, n)) + 2.0 * np.eye(n)
    return b @ np.diag(np.arange(1.0, n + 1.0)) @ np.linalg.inv(b)


def eig_tangents(a, da):
    w, v = np.linalg.eig(a)
    c = np.linalg.solve(v, da @ v)
    gap = w[None, :] - w[:, None]
    np.fill_diagonal(gap, 1.0)
    e = c / gap
    np.fill_diagonal(e, 0.0)
    dv = v @ e
    return np.diag(c).copy(), dv - v * np.sum(v * dv, axis=0)[None, :]


def eig_loss(a, cw, cv):
    w, v = np.linalg.eig(a)
    return np.sum(cw * w * w) + np.sum(cv * np.sin(v))


def eigvals_loss(a, cw):
    return np.sum(cw * np.linalg.eigvals(a) ** 3)


def eigvector_entry(a, i, j):
    return np.linalg.eig(a)[1][i, j]


@pytest.mark.parametrize("n, order", [(1, "C"), (3, "C"), (4, "F"), (6, "C")])
def test_eig_is_the_closed_form(n, order):
    a = _layout(_real_spectrum(n, n), order)
    cw, cv = RNG.standard_normal(n), RNG.standard_normal((n, n))
    v = RNG.standard_normal((n, n))
    dw, dv = eig_tangents(a, v)
    w, vec = np.linalg.eig(a)
    want = np.sum(cw * 2.0 * w * dw) + np.sum(cv * np.cos(vec) * dv)
    _, t = pe.autodiff(pe.Forward, eig_loss, pe.Duplicated, pe.Duplicated(a.copy(), v), cw, cv)
    assert t == pytest.approx(want, rel=1e-10, abs=1e-12)
    _check_modes(eig_loss, a, cw, cv, rtol_fd=1e-6)
    _, t = pe.autodiff(pe.Forward, eigvals_loss, pe.Duplicated, pe.Duplicated(a.copy(), v), cw)
    assert t == pytest.approx(float(np.sum(cw * 3.0 * w * w * dw)), rel=1e-10, abs=1e-12)
    _check_modes(eigvals_loss, a, cw, rtol_fd=1e-6)


def test_eig_batch_split_and_what_has_no_derivative():
    a = _real_spectrum(4, 8)
    _batch_and_split(eig_loss, a, RNG.standard_normal(4), RNG.standard_normal((4, 4)))
    repeated = np.diag([1.0, 1.0, 3.0]) + np.triu(np.ones((3, 3)), 2)
    g = np.zeros_like(repeated)
    pe.autodiff(pe.Reverse, eigvector_entry, pe.Active, pe.Duplicated(repeated.copy(), g), 0, 1)
    assert np.isnan(g).any()  # a vector of the double eigenvalue
    g = np.zeros_like(repeated)
    pe.autodiff(pe.Reverse, eigvals_loss, pe.Active, pe.Duplicated(repeated.copy(), g), np.array([0.0, 0.0, 1.0]))
    assert np.isfinite(g).all()  # the simple eigenvalue keeps its derivative
    rotation = np.array([[0.0, -1.0], [1.0, 0.0]])  # complex eigenvalues: Numba raises, and so does the derivative
    with pytest.raises(ValueError, match="domain change"):
        pe.autodiff(pe.Reverse, eigvals_loss, pe.Active, pe.Duplicated(rotation, np.zeros((2, 2))), np.ones(2))
