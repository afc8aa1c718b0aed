"""The C reference kernels (csrc/reference.c via pyenzyme.reference) load and are correct."""

from __future__ import annotations

import numpy as np
import pytest

from pyenzyme import reference as ref


def _central_fd(f, x: np.ndarray, h: float) -> np.ndarray:
    """Central finite differences of a scalar function f at x (any shape)."""
    x = np.array(x, dtype=np.float64)
    g = np.empty_like(x)
    for idx in np.ndindex(x.shape):
        xp = x.copy()
        xm = x.copy()
        xp[idx] += h
        xm[idx] -= h
        g[idx] = (f(xp) - f(xm)) / (2.0 * h)
    return g


def _np_rosenbrock(x: np.ndarray) -> float:
    return float(np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2))


def _np_rosenbrock_grad(x: np.ndarray) -> np.ndarray:
    g = np.zeros_like(x)
    a = x[1:] - x[:-1] ** 2
    g[:-1] += -400.0 * x[:-1] * a - 2.0 * (1.0 - x[:-1])
    g[1:] += 200.0 * a
    return g


def _np_stencil_loss(u: np.ndarray, c: float, steps: int) -> float:
    u = np.array(u, dtype=np.float64)
    for _ in range(steps):
        new = u[1:-1, 1:-1] + c * (u[:-2, 1:-1] + u[2:, 1:-1] + u[1:-1, :-2] + u[1:-1, 2:] - 4.0 * u[1:-1, 1:-1])
        u[1:-1, 1:-1] = new
    return float(np.sum(u * u))


@pytest.fixture(scope="module")
def rng() -> np.random.Generator:
    return np.random.default_rng(20240601)


def test_library_is_loaded():
    assert ref.available(), "C reference kernels not built (pip install . / pip install -e .)"
    path = ref.library_path()
    assert path is not None and path.is_file()


@pytest.mark.parametrize("n", [1, 2, 7, 1000])
def test_sumsq_value_and_gradient(rng, n):
    x = rng.standard_normal(n)
    assert ref.sumsq(x) == pytest.approx(float(np.sum(x * x)), rel=1e-12)
    g = ref.sumsq_grad(x)
    assert g is not x and g.shape == x.shape and g.dtype == np.float64
    np.testing.assert_allclose(g, 2.0 * x, rtol=1e-12, atol=0)
    if n <= 7:
        np.testing.assert_allclose(g, _central_fd(ref.sumsq, x, 1e-6), rtol=1e-7, atol=1e-9)


def test_sumsq_grad_does_not_touch_input(rng):
    x = rng.standard_normal(16)
    before = x.copy()
    ref.sumsq_grad(x)
    np.testing.assert_array_equal(x, before)


@pytest.mark.parametrize("n", [2, 3, 10, 257])
def test_rosenbrock_value_and_gradient(rng, n):
    x = rng.uniform(-1.5, 1.5, n)
    assert ref.rosenbrock(x) == pytest.approx(_np_rosenbrock(x), rel=1e-12)
    g = ref.rosenbrock_grad(x)
    np.testing.assert_allclose(g, _np_rosenbrock_grad(x), rtol=1e-12, atol=1e-12)
    if n <= 10:
        np.testing.assert_allclose(g, _central_fd(ref.rosenbrock, x, 1e-6), rtol=1e-6, atol=1e-6)


def test_rosenbrock_minimum_and_degenerate_sizes():
    ones = np.ones(5)
    assert ref.rosenbrock(ones) == 0.0
    np.testing.assert_array_equal(ref.rosenbrock_grad(ones), np.zeros(5))
    assert ref.rosenbrock(np.array([3.0])) == 0.0
    np.testing.assert_array_equal(ref.rosenbrock_grad(np.array([3.0])), np.zeros(1))


def test_stencil_loss_value(rng):
    u = rng.standard_normal((6, 5))
    before = u.copy()
    assert ref.stencil_loss(u, 0.1, 3) == pytest.approx(_np_stencil_loss(u, 0.1, 3), rel=1e-12)
    np.testing.assert_array_equal(u, before)  # the wrapper works on a copy
    assert ref.stencil_loss(u, 0.1, 0) == pytest.approx(float(np.sum(u * u)), rel=1e-12)


@pytest.mark.parametrize("shape,c,steps", [((6, 5), 0.1, 3), ((7, 9), 0.2, 5), ((3, 3), 0.25, 1)])
def test_stencil_loss_grad_matches_finite_differences(rng, shape, c, steps):
    u = rng.standard_normal(shape)
    g = ref.stencil_loss_grad(u, c, steps)
    assert g.shape == u.shape
    fd = _central_fd(lambda v: ref.stencil_loss(v, c, steps), u, 1e-5)
    np.testing.assert_allclose(g, fd, rtol=1e-7, atol=1e-9)


def test_stencil_loss_grad_is_exact_for_quadratic(rng):
    # L(u) = u^T A u with A = (S^T)^k S^k symmetric, so grad = 2 A u and L = 0.5 u . grad.
    u = rng.standard_normal((6, 5))
    g = ref.stencil_loss_grad(u, 0.1, 3)
    assert 0.5 * float(np.sum(u * g)) == pytest.approx(ref.stencil_loss(u, 0.1, 3), rel=1e-12)
