"""np.linalg.lstsq through Numba's gelsd: the least-squares solution's derivatives.

Checked against the closed form (for A of full column rank, x = A^+ b:
b' = A (A^T A)^-1 x', A' = r z^T - y x^T with z = (A^T A)^-1 x', y = A z,
r = b - A x), forward against reverse by the dot-product identity, and
against central finite differences; in C and Fortran order, square and
tall, vector and matrix right-hand sides, float64 and float32, batch and
split modes. What has no derivative (the residuals, the singular values,
a rank-deficient or wide A) comes out NaN.
"""

import numba
import numpy as np
import pytest

import pyenzyme as pe
from tests.fd import fd_directional


@numba.njit
def solution_loss(A, b):
    return np.sum(np.sin(np.linalg.lstsq(A, b)[0]))


@numba.njit
def residual_loss(A, b):
    return np.sum(np.linalg.lstsq(A, b)[1])


@numba.njit
def singular_value_loss(A, b):
    x, _, _, s = np.linalg.lstsq(A, b)
    return np.sum(x) + s[0]


RNG = np.random.default_rng(77)
SHAPES = [((7, 3), (7,)), ((5, 5), (5,)), ((6, 2), (6, 3)), ((4, 4), (4, 2))]


def _closed_form(A, b):
    x = np.linalg.lstsq(A, b, rcond=None)[0]
    xbar = np.cos(x)
    z = np.linalg.solve(A.T @ A, xbar)
    y = A @ z
    r = b - A @ x
    outer = (lambda u, v: np.outer(u, v)) if x.ndim == 1 else (lambda u, v: u @ v.T)
    return outer(r, z) - outer(y, x), y


def _gradient(f, A, b):
    dA, db = np.zeros_like(A), np.zeros_like(b)
    pe.autodiff(pe.Reverse, f, pe.Active, pe.Duplicated(A.copy(order="K"), dA), pe.Duplicated(b.copy(), db))
    return dA, db


@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("shapes", SHAPES, ids=lambda s: f"{s[0][0]}x{s[0][1]}-{len(s[1])}")
def test_lstsq_gradient_closed_form_forward_and_finite_differences(shapes, order):
    A = np.asarray(RNG.standard_normal(shapes[0]), order=order)
    b = RNG.standard_normal(shapes[1])
    dA, db = _gradient(solution_loss, A, b)
    eA, eb = _closed_form(A, b)
    np.testing.assert_allclose(dA, eA, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(db, eb, rtol=1e-10, atol=1e-12)
    vA, vb = RNG.standard_normal(A.shape), RNG.standard_normal(b.shape)
    _, tangent = pe.autodiff(
        pe.Forward, solution_loss, pe.Duplicated, pe.Duplicated(A.copy(order="K"), vA), pe.Duplicated(b.copy(), vb)
    )
    assert tangent == pytest.approx(np.sum(dA * vA) + np.sum(db * vb), rel=1e-12, abs=1e-13)
    # a step of 1e-4: the SVD solver's rounding (1e-16 relative) divided by the step stays small
    fd = fd_directional(solution_loss, [A.copy(), b.copy()], 0, vA, h=1e-4)[0]
    fd += fd_directional(solution_loss, [A.copy(), b.copy()], 1, vb, h=1e-4)[0]
    assert tangent == pytest.approx(fd, rel=1e-8, abs=1e-10)


def test_float32():
    A, b = RNG.standard_normal((6, 3)).astype(np.float32), RNG.standard_normal(6).astype(np.float32)
    dA, db = _gradient(solution_loss, A, b)
    eA, eb = _closed_form(A.astype(np.float64), b.astype(np.float64))
    np.testing.assert_allclose(dA, eA, rtol=2e-4, atol=2e-5)
    np.testing.assert_allclose(db, eb, rtol=2e-4, atol=2e-5)


def test_batch_and_split_modes():
    A, b = RNG.standard_normal((6, 3)), RNG.standard_normal(6)
    dA, db = _gradient(solution_loss, A, b)
    lanes_A, lanes_b = (np.zeros_like(A), np.zeros_like(A)), (np.zeros_like(b), np.zeros_like(b))
    pe.autodiff(
        pe.Reverse,
        solution_loss,
        pe.Active,
        pe.BatchDuplicated(A.copy(), lanes_A),
        pe.BatchDuplicated(b.copy(), lanes_b),
    )
    for la, lb in zip(lanes_A, lanes_b):
        np.testing.assert_allclose(la, dA, rtol=1e-14, atol=1e-15)
        np.testing.assert_allclose(lb, db, rtol=1e-14, atol=1e-15)
    vA, vb = RNG.standard_normal(A.shape), RNG.standard_normal(b.shape)
    _, (t1, t2) = pe.autodiff(
        pe.Forward,
        solution_loss,
        pe.BatchDuplicated,
        pe.BatchDuplicated(A.copy(), (vA, 2.0 * vA)),
        pe.BatchDuplicated(b.copy(), (vb, 2.0 * vb)),
    )
    expect = np.sum(dA * vA) + np.sum(db * vb)
    assert t1 == pytest.approx(expect, rel=1e-12) and t2 == pytest.approx(2.0 * expect, rel=1e-12)
    types_ = [pe.Duplicated[pe.typeof(A)], pe.Duplicated[pe.typeof(b)]]
    fwd, rev = pe.autodiff_thunk(pe.ReverseSplitWithPrimal, pe.Const[pe.typeof(solution_loss)], pe.Active, *types_)
    sA, sb = np.zeros_like(A), np.zeros_like(b)
    ann = pe.Duplicated(A.copy(), sA), pe.Duplicated(b.copy(), sb)
    tape, primal, _ = fwd(pe.Const(solution_loss), *ann)
    assert primal == pytest.approx(solution_loss(A, b), rel=1e-14)
    rev(pe.Const(solution_loss), *ann, 1.0, tape)
    np.testing.assert_allclose(sA, dA, rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(sb, db, rtol=1e-14, atol=1e-15)


@pytest.mark.parametrize(
    "f, A",
    [
        (residual_loss, RNG.standard_normal((6, 3))),  # the residuals: no derivative here
        (singular_value_loss, RNG.standard_normal((6, 3))),  # the singular values: none either
        (solution_loss, np.outer(RNG.standard_normal(6), RNG.standard_normal(3))),  # rank 1 of 3
        (solution_loss, RNG.standard_normal((3, 5))),  # wide: the minimum-norm solution
    ],
    ids=["residuals", "singular-values", "rank-deficient", "wide"],
)
def test_what_has_no_derivative_comes_out_nan(f, A):
    b = RNG.standard_normal(A.shape[0])
    dA, db = _gradient(f, A, b)
    assert np.isnan(dA).all() and np.isnan(db).all()
    _, tangent = pe.autodiff(
        pe.Forward, f, pe.Duplicated, pe.Duplicated(A.copy(), np.ones_like(A)), pe.Duplicated(b.copy(), np.ones_like(b))
    )
    assert np.isnan(tangent)
