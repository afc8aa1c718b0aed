"""pe.autodiff_deferred inside @numba.njit code, and derivatives of functions that call it.

The same call from Python is the reference for every result shape (it runs
the same derivative through the FFI ABI); higher-order derivatives are
checked against closed forms, each other (forward over reverse against
reverse over forward) and central differences.
"""

from __future__ import annotations

import math

import numba
import numpy as np
import pytest
from numba.core.errors import TypingError

import pyenzyme as pe
from pyenzyme.bench.kernels import implicit_euler_step, reaction_diffusion_residual, simulation_loss

RTOL = 1e-12


@numba.njit
def cube(x):
    return x * x * x


@numba.njit
def scaled_sumsq(a, x, c):
    s = 0.0
    for i in range(x.shape[0]):
        s += a * x[i] * x[i]
    return s + c


@numba.njit
def square_into(x, out):
    for i in range(x.shape[0]):
        out[i] = x[i] * x[i]
    return out[0]


@numba.njit
def f(x):
    return math.sin(x) * math.exp(x)


@numba.njit
def rosen(x):
    s = 0.0
    for i in range(x.shape[0] - 1):
        s += 100.0 * (x[i + 1] - x[i] ** 2) ** 2 + (1.0 - x[i]) ** 2
    return s


def same(got, want, path="result"):
    """Same nesting of tuples, None in the same places, equal numbers and arrays."""
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want), f"{path}: {got!r} vs {want!r}"
        for k, (g, w) in enumerate(zip(got, want)):
            same(g, w, f"{path}[{k}]")
    elif want is None:
        assert got is None, f"{path}: {got!r} vs None"
    else:
        np.testing.assert_allclose(got, want, rtol=RTOL, atol=0, err_msg=path)


# -- result shapes: the jitted call returns what the Python call returns --------------------------------
@numba.njit
def fwd_dup(x):
    return pe.autodiff_deferred(pe.Forward, cube, pe.Duplicated, pe.Duplicated(x, 1.0))


@numba.njit
def fwd_noneed(x):
    return pe.autodiff_deferred(pe.Forward, cube, pe.DuplicatedNoNeed, pe.Duplicated(x, 1.0))


@numba.njit
def fwd_const(x):
    return pe.autodiff_deferred(pe.Forward, cube, pe.Const, pe.Duplicated(x, 1.0))


@numba.njit
def fwd_default(x):
    return pe.autodiff_deferred(pe.Forward, cube, pe.Duplicated(x, 1.0))


@numba.njit
def fwd_batch(x):
    return pe.autodiff_deferred(pe.Forward, cube, pe.BatchDuplicated, pe.BatchDuplicated(x, (1.0, 2.0, -1.0)))


@numba.njit
def fwd_batch_noneed(x):
    return pe.autodiff_deferred(pe.Forward, cube, pe.BatchDuplicatedNoNeed, pe.BatchDuplicated(x, (1.0, 0.5)))


def test_forward_shapes_match_python():
    x = 1.3
    same(fwd_dup(x), pe.autodiff(pe.Forward, cube, pe.Duplicated, pe.Duplicated(x, 1.0)))
    same(fwd_noneed(x), pe.autodiff(pe.Forward, cube, pe.DuplicatedNoNeed, pe.Duplicated(x, 1.0)))
    assert fwd_const(x) == pe.autodiff(pe.Forward, cube, pe.Const, pe.Duplicated(x, 1.0)) == ()
    same(fwd_default(x), pe.autodiff(pe.Forward, cube, pe.Duplicated(x, 1.0)))
    same(fwd_batch(x), pe.autodiff(pe.Forward, cube, pe.BatchDuplicated, pe.BatchDuplicated(x, (1.0, 2.0, -1.0))))
    same(
        fwd_batch_noneed(x),
        pe.autodiff(pe.Forward, cube, pe.BatchDuplicatedNoNeed, pe.BatchDuplicated(x, (1.0, 0.5))),
    )
    assert fwd_dup(x) == (x * x * x, 3 * x * x)


@numba.njit
def fwd_mixed(a, x, v, c):
    return pe.autodiff_deferred(pe.Forward, scaled_sumsq, pe.Duplicated, pe.Const(a), pe.Duplicated(x, v), c)


def test_forward_array_and_const_arguments():
    x, v = np.linspace(-1.0, 1.0, 7), np.linspace(0.5, 2.0, 7)
    got = fwd_mixed(1.5, x, v, 0.25)
    same(got, pe.autodiff(pe.Forward, scaled_sumsq, pe.Duplicated, pe.Const(1.5), pe.Duplicated(x, v), pe.Const(0.25)))
    assert got[1] == pytest.approx(float(np.sum(3.0 * x * v)), rel=1e-14)


@numba.njit
def rev_active(a, x, dx, c):
    return pe.autodiff_deferred(pe.Reverse, scaled_sumsq, pe.Active, pe.Active(a), pe.Duplicated(x, dx), pe.Const(c))


@numba.njit
def rev_primal(a, x, dx, c):
    return pe.autodiff_deferred(
        pe.ReverseWithPrimal, scaled_sumsq, pe.Active, pe.Active(a), pe.Duplicated(x, dx), pe.Const(c)
    )


@numba.njit
def rev_const_return(x, dx, out, dout):
    return pe.autodiff_deferred(pe.Reverse, square_into, pe.Const, pe.Duplicated(x, dx), pe.Duplicated(out, dout))


@numba.njit
def rev_int_active(n):
    return pe.autodiff_deferred(pe.Reverse, cube, pe.Active, pe.Active(n))


def test_reverse_shapes_match_python():
    x = np.linspace(-1.0, 1.0, 5)
    for jitted, mode in ((rev_active, pe.Reverse), (rev_primal, pe.ReverseWithPrimal)):
        dx_jit, dx_py = np.full(5, 0.5), np.full(5, 0.5)
        got = jitted(2.0, x, dx_jit, 0.25)
        want = pe.autodiff(mode, scaled_sumsq, pe.Active, pe.Active(2.0), pe.Duplicated(x, dx_py), pe.Const(0.25))
        same(got, want)
        np.testing.assert_array_equal(dx_jit, dx_py)
        np.testing.assert_allclose(dx_jit, 0.5 + 4.0 * x, rtol=1e-15)
    assert rev_active(2.0, x, np.zeros(5), 0.25)[0][0] == pytest.approx(float(x @ x), rel=1e-15)


def test_reverse_const_return_and_int_active():
    x = np.array([1.0, 2.0, 3.0])
    dx, out, dout = np.zeros(3), np.zeros(3), np.array([1.0, 10.0, 100.0])
    assert rev_const_return(x, dx, out, dout) == ((None, None),)
    np.testing.assert_array_equal(out, x * x)
    np.testing.assert_array_equal(dx, 2.0 * x * np.array([1.0, 10.0, 100.0]))
    same(rev_int_active(2), pe.autodiff(pe.Reverse, cube, pe.Active, pe.Active(2)))
    assert rev_int_active(2) == ((12.0,),)


INLINE_FORWARD = pe.Forward.with_abi(pe.InlineABI)


@numba.njit
def fwd_inline_abi(x):
    return pe.autodiff_deferred(INLINE_FORWARD, cube, pe.Duplicated, pe.Duplicated(x, 1.0))


def test_mode_with_abi_inside_jitted_code():
    assert fwd_inline_abi(2.0) == (8.0, 12.0)


def test_inline_and_ffi_abi_thunks_agree():
    for mode in (pe.Forward, pe.Forward.with_abi(pe.InlineABI)):
        thunk = pe.autodiff_thunk(mode, pe.Const[pe.typeof(f)], pe.Duplicated, pe.Duplicated[numba.float64])
        assert thunk(pe.Const(f), pe.Duplicated(0.7, 1.0)) == fwd_f(0.7)


@numba.njit
def fwd_f(x):
    return pe.autodiff_deferred(pe.Forward, f, pe.Duplicated, pe.Duplicated(x, 1.0))


# -- higher order ----------------------------------------------------------------------------------------
@numba.njit
def d1(x):
    return pe.autodiff_deferred(pe.Forward, f, pe.Duplicated, pe.Duplicated(x, 1.0))[1]


@numba.njit
def d2(x):
    return pe.autodiff_deferred(pe.Forward, d1, pe.Duplicated, pe.Duplicated(x, 1.0))[1]


@numba.njit
def g1(x):
    return pe.autodiff_deferred(pe.Reverse, f, pe.Active, pe.Active(x))[0][0]


@numba.njit
def g2(x):
    return pe.autodiff_deferred(pe.Reverse, g1, pe.Active, pe.Active(x))[0][0]


def closed_forms(x):
    """sin(x) e^x and its first three derivatives."""
    s, c, e = math.sin(x), math.cos(x), math.exp(x)
    return s * e, e * (s + c), 2 * e * c, 2 * e * (c - s)


@pytest.mark.parametrize("x", [-1.1, 0.0, 0.7, 2.5])
def test_derivatives_of_sin_exp_to_third_order(x):
    _, first, second, third = closed_forms(x)
    assert d1(x) == pytest.approx(first, rel=1e-14, abs=1e-15)
    assert g1(x) == pytest.approx(first, rel=1e-14, abs=1e-15)
    assert d2(x) == pytest.approx(second, rel=1e-14, abs=1e-15)
    assert g2(x) == pytest.approx(second, rel=1e-14, abs=1e-15)
    # third order: forward over forward over forward, from Python
    assert pe.autodiff(pe.Forward, d2, pe.DuplicatedNoNeed, pe.Duplicated(x, 1.0))[0] == pytest.approx(
        third, rel=1e-13, abs=1e-14
    )
    # reverse over reverse over reverse
    assert pe.autodiff(pe.Reverse, g2, pe.Active, pe.Active(x))[0][0] == pytest.approx(third, rel=1e-13, abs=1e-14)


@pytest.mark.parametrize("x", [-0.4, 1.2])
def test_forward_over_reverse_equals_reverse_over_forward(x):
    fwd_over_rev = pe.autodiff(pe.Forward, g1, pe.DuplicatedNoNeed, pe.Duplicated(x, 1.0))[0]
    rev_over_fwd = pe.autodiff(pe.Reverse, d1, pe.Active, pe.Active(x))[0][0]
    assert fwd_over_rev == pytest.approx(rev_over_fwd, rel=1e-14)
    assert fwd_over_rev == pytest.approx(closed_forms(x)[2], rel=1e-13)


@numba.njit
def rosen_grad_into(x, g):
    g[:] = 0.0
    pe.autodiff_deferred(pe.Reverse, rosen, pe.Active, pe.Duplicated(x, g))


def rosen_hessian(x):
    n = x.shape[0]
    H = np.zeros((n, n))
    for i in range(n - 1):
        H[i, i] += 1200.0 * x[i] ** 2 - 400.0 * x[i + 1] + 2.0
        H[i + 1, i + 1] += 200.0
        H[i, i + 1] -= 400.0 * x[i]
        H[i + 1, i] -= 400.0 * x[i]
    return H


def test_rosenbrock_hessian_vector_product_forward_over_reverse():
    n = 100
    r = np.random.default_rng(100)
    x, v = r.uniform(-1.2, 1.2, n), r.standard_normal(n)
    g, hv = np.zeros(n), np.zeros(n)
    assert pe.autodiff(pe.Forward, rosen_grad_into, pe.Const, pe.Duplicated(x, v), pe.Duplicated(g, hv)) == ()
    want = rosen_hessian(x) @ v
    np.testing.assert_allclose(hv, want, rtol=1e-12, atol=1e-12 * np.max(np.abs(want)))
    # the primal of the outer call is the gradient itself
    gx = np.zeros(n)
    pe.autodiff(pe.Reverse, rosen, pe.Active, pe.Duplicated(x, gx))
    np.testing.assert_allclose(g, gx, rtol=1e-15)


@numba.njit
def sin_times_through_a_temporary(x):
    t = np.empty_like(x)  # overwritten in place: the reverse derivative keeps the old values on its tape
    s = 0.0
    for i in range(x.shape[0]):
        t[i] = np.sin(x[i])
        t[i] = t[i] * t[i]
        s += t[i] * x[i]
    return s


def sin_times_hessian_diagonal(x):
    s, c = np.sin(x), np.cos(x)
    return 4.0 * s * c + 2.0 * x * (c * c - s * s)


@numba.njit
def gradient_sum(x):
    dx = np.zeros_like(x)
    pe.autodiff_deferred(pe.Reverse, sin_times_through_a_temporary, pe.Active, pe.Duplicated(x, dx))
    return dx.sum()


@pytest.mark.parametrize("n", [5, 5000])
def test_forward_over_a_reverse_derivative_whose_tape_grows_and_is_kept(n):
    # the inlined reverse derivative keeps its tape buffer between calls; the forward pass over it gives
    # the tangents a kept buffer of their own: every call, growing the tape or adopting the kept one, agrees
    x = np.linspace(0.1, 1.0, n)
    want = sin_times_hessian_diagonal(x)
    for _ in range(3):
        np.testing.assert_allclose(pe.hvp(sin_times_through_a_temporary, x, np.ones(n)), want, rtol=1e-13)


def test_reverse_over_a_reverse_derivative_with_an_active_tape_is_refused_clearly():
    x = np.linspace(0.1, 1.0, 5)
    with pytest.raises(pe.NotDifferentiableError, match=r"tape holds active values \(reverse over reverse\); "):
        pe.autodiff(pe.Reverse, gradient_sum, pe.Active, pe.Duplicated(x, np.zeros(5)))
    # forward over reverse, as the message says, works
    d = pe.autodiff(pe.Forward, gradient_sum, pe.DuplicatedNoNeed, pe.Duplicated(x, np.ones(5)))[0]
    assert d == pytest.approx(sin_times_hessian_diagonal(x).sum(), rel=1e-13)


# -- errors ------------------------------------------------------------------------------------------------
@numba.njit
def active_array_forward(x):
    return pe.autodiff_deferred(pe.Forward, scaled_sumsq, pe.Duplicated, pe.Const(1.0), pe.Active(x), pe.Const(0.0))


@numba.njit
def wrong_shadow(x):
    return pe.autodiff_deferred(pe.Forward, cube, pe.Duplicated, pe.Duplicated(x, 1))


@numba.njit
def active_in_reverse_on_array(x):
    return pe.autodiff_deferred(pe.Reverse, rosen, pe.Active, pe.Active(x))


def test_wrong_activity_is_a_typing_error_naming_the_argument():
    with pytest.raises(TypingError, match=r"argument 2: pe\.Active is not allowed in forward mode"):
        active_array_forward(np.ones(3))
    with pytest.raises(TypingError, match=r"the shadow must have the type of the value: float64, got int64"):
        wrong_shadow(1.0)
    with pytest.raises(TypingError, match=r"argument 1: pe\.Active is for scalars"):
        active_in_reverse_on_array(np.ones(3))


# -- value_and_gradient, hvp, hessian ---------------------------------------------------------------------
@numba.njit
def hessian_jit(x):
    return pe.hessian(rosen, x)


@numba.njit
def hvp_jit(x, v):
    return pe.hvp(rosen, x, v)


@numba.njit
def value_and_gradient_jit(x):
    return pe.value_and_gradient(rosen, x)


@numba.njit
def value_and_gradient_scalar_jit(x):
    return pe.value_and_gradient(f, x)


@pytest.mark.parametrize("chunk", [None, 3])
def test_rosenbrock_hessian_closed_form(chunk):
    x = np.random.default_rng(5).uniform(-1.2, 1.2, 100)
    H, want = pe.hessian(rosen, x, chunk=chunk), rosen_hessian(x)
    np.testing.assert_allclose(H, want, rtol=1e-12, atol=1e-12 * np.max(np.abs(want)))
    np.testing.assert_allclose(H, H.T, rtol=1e-13, atol=1e-13 * np.max(np.abs(want)))


def test_second_derivatives_inside_jitted_code():
    r = np.random.default_rng(6)
    x, v = r.uniform(-1.2, 1.2, 30), r.standard_normal(30)
    np.testing.assert_allclose(hessian_jit(x), pe.hessian(rosen, x), rtol=1e-14, atol=1e-10)
    np.testing.assert_allclose(hvp_jit(x, v), pe.hvp(rosen, x, v), rtol=1e-14, atol=1e-10)
    np.testing.assert_allclose(hvp_jit(x, v), rosen_hessian(x) @ v, rtol=1e-12, atol=1e-9)
    value, grad = value_and_gradient_jit(x)
    want_value, want_grad = pe.value_and_gradient(rosen, x)
    assert value == want_value == rosen(x)
    np.testing.assert_array_equal(grad, want_grad)
    value, d = value_and_gradient_scalar_jit(0.7)
    assert (value, d) == pe.value_and_gradient(f, 0.7)
    assert d == pytest.approx(closed_forms(0.7)[1], rel=1e-14)


def test_gmm_hessian_vector_product_against_differences_of_the_gradient():
    from pyenzyme.bench.kernels import gmm_inputs, gmm_objective

    alphas, means, icf, data, gamma, m = gmm_inputs(3, 2, 5, seed=2)

    @numba.njit
    def of_means(mu):
        return gmm_objective(alphas, mu, icf, data, gamma, m)

    r = np.random.default_rng(9)
    v = r.standard_normal(means.shape)
    hv = pe.hvp(of_means, means, v)
    h = 1e-5
    fd = (pe.value_and_gradient(of_means, means + h * v)[1] - pe.value_and_gradient(of_means, means - h * v)[1]) / (
        2 * h
    )
    np.testing.assert_allclose(hv, fd, rtol=1e-7, atol=1e-8)
    H = pe.hessian(of_means, means)
    np.testing.assert_allclose(H @ v.ravel(), hv.ravel(), rtol=1e-12, atol=1e-12)


def test_bad_second_derivative_arguments():
    with pytest.raises(ValueError, match=r"v: expected an array like x"):
        pe.hvp(rosen, np.ones(3), np.ones(4))
    with pytest.raises(TypeError, match=r"x: expected a float numpy array"):
        pe.hessian(rosen, np.ones(3, dtype=np.int64))
    with pytest.raises(ValueError, match=r"chunk: expected a positive int"):
        pe.hessian(rosen, np.ones(3), chunk=0)


# -- exceptions ----------------------------------------------------------------------------------------------
@numba.njit
def checked_sqrt(x):
    if x < 0.0:
        raise ValueError("x must be non-negative")
    return math.sqrt(x)


@numba.njit
def forward_of_checked(x):
    return pe.autodiff_deferred(pe.Forward, checked_sqrt, pe.Duplicated, pe.Duplicated(x, 1.0))


@numba.njit
def reverse_of_checked(x):
    return pe.autodiff_deferred(pe.Reverse, checked_sqrt, pe.Active, pe.Active(x))


def test_exceptions_come_out_of_the_jitted_caller():
    assert forward_of_checked(4.0) == (2.0, 0.25)
    assert reverse_of_checked(4.0) == ((0.25,),)
    for jitted in (forward_of_checked, reverse_of_checked):
        with pytest.raises(ValueError, match="x must be non-negative"):
            jitted(-1.0)


# -- simulation: backward Euler with Newton steps whose Jacobians come from forward mode ---------------------
# (pyenzyme/bench/kernels.py: implicit_euler_step computes each Newton Jacobian by forward-mode calls)
def test_implicit_euler_newton_sensitivity_against_finite_differences():
    n = 50
    grid = np.linspace(0.0, 1.0, n + 2)[1:-1]
    u0 = np.exp(-80.0 * (grid - 0.3) ** 2)
    k, dt, steps, newton = 3.0, 0.02, 5, 3
    u1 = implicit_euler_step(u0, k, dt, newton)
    F = np.zeros(n)
    reaction_diffusion_residual(u1, u0, k, dt, F)
    assert np.max(np.abs(F)) < 1e-12  # Newton converged: the Jacobians are right
    du0 = np.zeros(n)
    ((_, dk, _, _, _),) = pe.autodiff(
        pe.Reverse, simulation_loss, pe.Active, pe.Duplicated(u0, du0), pe.Active(k), pe.Const(dt), steps, newton
    )
    h = 1e-5
    fd_k = (simulation_loss(u0, k + h, dt, steps, newton) - simulation_loss(u0, k - h, dt, steps, newton)) / (2 * h)
    assert dk == pytest.approx(fd_k, rel=1e-7)
    v = np.random.default_rng(4).standard_normal(n)
    fd_v = (simulation_loss(u0 + h * v, k, dt, steps, newton) - simulation_loss(u0 - h * v, k, dt, steps, newton)) / (
        2 * h
    )
    assert float(du0 @ v) == pytest.approx(fd_v, rel=1e-7)


@numba.njit
def through_const_function(x):
    return pe.autodiff_deferred(pe.Forward, pe.Const(cube), pe.Duplicated, pe.Duplicated(x, 1.0))


@numba.njit
def through_a_dict(x):
    d = {1: x[0]}
    return d[1] * x[1]


@numba.njit
def deferred_not_differentiable(x, dx):
    return pe.autodiff_deferred(pe.Reverse, through_a_dict, pe.Active, pe.Duplicated(x, dx))


def test_annotated_function_and_not_differentiable_inside_jitted_code():
    assert through_const_function(2.0) == (8.0, 12.0)
    with pytest.raises(TypingError) as info:
        deferred_not_differentiable(np.ones(3), np.zeros(3))
    with pytest.raises(pe.EnzymeError) as from_python:
        pe.autodiff(pe.Reverse, through_a_dict, pe.Active, pe.Duplicated(np.ones(3), np.zeros(3)))
    assert str(from_python.value).splitlines()[0] in str(info.value)
    assert "through_a_dict" in str(info.value)


def test_one_derivative_for_every_caller_with_the_same_types():
    from pyenzyme.jit import deferred

    @numba.njit
    def square(x):
        return x * x

    @numba.njit
    def first_caller(x):
        return pe.autodiff_deferred(pe.Forward, square, pe.Duplicated, pe.Duplicated(x, 1.0))

    @numba.njit
    def second_caller(x):
        return pe.autodiff_deferred(pe.Forward, square, pe.Duplicated, pe.Duplicated(x, 2.0))[1]

    before = len(deferred._built)
    assert first_caller(3.0) == (9.0, 6.0)
    assert second_caller(3.0) == 12.0
    assert len(deferred._built) == before + 1


# -- plain Python functions, global or closure ------------------------------------------------------------
def plain_sin_times(x):  # deliberately not jitted
    return math.sin(x) * x


def plain_cubes(x):
    s = 0.0
    for i in range(x.shape[0]):
        s += x[i] ** 3
    return s


@numba.njit
def reverse_of_plain(x):
    return pe.autodiff_deferred(pe.Reverse, plain_sin_times, pe.Active, pe.Active(x))


@numba.njit
def forward_of_const_plain(x):
    return pe.autodiff_deferred(pe.Forward, pe.Const(plain_sin_times), pe.Duplicated(x, 1.0))


@numba.njit
def second_order_of_plain(x, v):
    return pe.hvp(plain_cubes, x, v), pe.value_and_gradient(plain_cubes, x)[1], pe.hessian(plain_cubes, x)


@numba.njit
def calls_plain(x):
    return plain_sin_times(x)


def closure_over_plain(a):
    def scaled_square(x):
        return a * x * x

    @numba.njit
    def caller(x):
        return pe.autodiff_deferred(pe.Forward, scaled_square, pe.DuplicatedNoNeed, pe.Duplicated(x, 1.0))

    return caller


def test_plain_python_function_inside_jitted_code():
    x = 0.7
    exact = math.cos(x) * x + math.sin(x)
    assert reverse_of_plain(x) == pe.autodiff(pe.Reverse, plain_sin_times, pe.Active, pe.Active(x))
    assert reverse_of_plain(x)[0][0] == pytest.approx(exact, rel=RTOL)
    assert forward_of_const_plain(x) == pe.autodiff(pe.Forward, plain_sin_times, pe.Duplicated(x, 1.0))
    assert closure_over_plain(3.0)(2.0) == (12.0,)
    assert closure_over_plain(0.5)(2.0) == (2.0,)
    xs = np.array([1.0, -2.0, 3.0])
    hv, grad, H = second_order_of_plain(xs, np.ones(3))
    np.testing.assert_array_equal(hv, 6.0 * xs)
    np.testing.assert_array_equal(grad, 3.0 * xs**2)
    np.testing.assert_array_equal(H, np.diag(6.0 * xs))


def test_calling_a_plain_python_function_from_jitted_code_says_what_to_do():
    with pytest.raises(TypingError, match=r"plain_sin_times is a plain Python function: .*@numba\.njit"):
        calls_plain(1.0)
