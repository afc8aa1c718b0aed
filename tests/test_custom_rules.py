"""Custom derivative rules (pe.rules): where the target is called, the rule replaces the call.

Each target is a small jitted function with a known derivative. Its rules are
written deliberately wrong by a factor (SCALE) where the test is about the
rule being used: the derivative of a function calling the target then moves
by exactly that factor's share, in loops, at call depth 2, in batch mode, in
split mode and inside autodiff_deferred. Right rules pass pe.testing's finite
difference checks; wrong ones fail them.
"""

from __future__ import annotations

import math

import numba
import numpy as np
import pytest

import pyenzyme as pe
from pyenzyme.frontend.rulecalls import RuleError  # noqa: F401  (the message class, for readers)

RTOL = 1e-12


# -- a scalar target: cube, with a rule that says its derivative is SCALE * 3x^2 ---------------------------
SCALE = 2.0


@numba.njit
def cube(x):
    return x * x * x


@pe.rules.forward(cube)
def cube_forward(func, RT, x):
    y = func.val(x.val)
    if RT is pe.Const:
        return y
    if isinstance(x, pe.BatchDuplicated):
        return pe.BatchDuplicated(y, (SCALE * 3.0 * x.val**2 * x.dval[0], SCALE * 3.0 * x.val**2 * x.dval[1]))
    return pe.Duplicated(y, SCALE * 3.0 * x.val * x.val * x.dval)


@pe.rules.augmented_primal(cube)
def cube_augmented(config, func, RT, x):
    return pe.rules.AugmentedReturn(func.val(x.val), None, x.val)  # the tape: x


@pe.rules.reverse(cube)
def cube_reverse(config, func, dret, tape, x):
    slope = SCALE * 3.0 * tape * tape
    if pe.rules.width(config) == 1:
        return (slope * dret.val,)
    return ((slope * dret.val[0], slope * dret.val[1]),)  # batch mode (width 2 here): one entry per lane


@numba.njit
def cube_twice(x):
    return cube(x)


@numba.njit
def loop_of_cubes(x, n):
    s = 0.0
    for i in range(n):
        s += cube_twice(x + 0.1 * i) + math.sin(x)  # the rule at depth 2, in a loop, beside other work
    return s


def loop_of_cubes_derivative(x, n, scale):
    return sum(scale * 3.0 * (x + 0.1 * i) ** 2 + math.cos(x) for i in range(n))


@pytest.mark.parametrize("x", [0.7, -1.3])
def test_scalar_rule_replaces_the_call_in_every_mode(x):
    want = loop_of_cubes_derivative(x, 4, SCALE)
    value, d = pe.autodiff(pe.Forward, loop_of_cubes, pe.Duplicated(x, 1.0), pe.Const(4))
    assert value == pytest.approx(loop_of_cubes(x, 4), rel=RTOL)
    assert d == pytest.approx(want, rel=RTOL)
    ((dx, _),) = pe.autodiff(pe.Reverse, loop_of_cubes, pe.Active, pe.Active(x), pe.Const(4))
    assert dx == pytest.approx(want, rel=RTOL)
    (dx, _), value = pe.autodiff(pe.ReverseWithPrimal, loop_of_cubes, pe.Active, pe.Active(x), pe.Const(4))
    assert dx == pytest.approx(want, rel=RTOL) and value == pytest.approx(loop_of_cubes(x, 4), rel=RTOL)
    _, ds = pe.autodiff(pe.Forward, loop_of_cubes, pe.BatchDuplicated(x, (1.0, 0.5)), pe.Const(4))
    assert ds == pytest.approx((want, 0.5 * want), rel=RTOL)


def test_scalar_rule_in_split_mode():
    x = 0.4
    fwd, rev = pe.autodiff_thunk(
        pe.ReverseSplitWithPrimal,
        pe.Const[numba.typeof(loop_of_cubes)],
        pe.Active,
        pe.Active[numba.float64],
        pe.Const[numba.int64],
    )
    tape, primal, _ = fwd(pe.Const(loop_of_cubes), pe.Active(x), pe.Const(3))
    assert primal == pytest.approx(loop_of_cubes(x, 3), rel=RTOL)
    ((dx, _),) = rev(pe.Const(loop_of_cubes), pe.Active(x), pe.Const(3), 1.0, tape)
    assert dx == pytest.approx(loop_of_cubes_derivative(x, 3, SCALE), rel=RTOL)


@numba.njit
def deferred_forward(x):
    return pe.autodiff_deferred(pe.Forward, loop_of_cubes, pe.DuplicatedNoNeed, pe.Duplicated(x, 1.0), pe.Const(2))[0]


@numba.njit
def deferred_reverse(x):
    return pe.autodiff_deferred(pe.Reverse, loop_of_cubes, pe.Active, pe.Active(x), pe.Const(2))[0][0]


def test_scalar_rule_inside_autodiff_deferred():
    want = loop_of_cubes_derivative(0.9, 2, SCALE)
    assert deferred_forward(0.9) == pytest.approx(want, rel=RTOL)
    assert deferred_reverse(0.9) == pytest.approx(want, rel=RTOL)


# -- an array target that writes its first argument: y = x^2 elementwise -----------------------------------
@numba.njit
def square_into(y, x):
    for i in range(x.shape[0]):
        y[i] = x[i] * x[i]


@pe.rules.forward(square_into)
def square_into_forward(func, RT, y, x):
    func.val(y.val, x.val)
    if isinstance(x, pe.BatchDuplicated):
        for k in range(len(x.dval)):
            for i in range(x.val.shape[0]):
                y.dval[k][i] = SCALE * 2.0 * x.val[i] * x.dval[k][i]
    else:
        for i in range(x.val.shape[0]):
            y.dval[i] = SCALE * 2.0 * x.val[i] * x.dval[i]


@pe.rules.augmented_primal(square_into)
def square_into_augmented(config, func, RT, y, x):
    func.val(y.val, x.val)
    return pe.rules.AugmentedReturn(None, None, x.val.copy())  # x may change before the reverse sweep


@pe.rules.reverse(square_into)
def square_into_reverse(config, func, dret, tape, y, x):
    if isinstance(x, pe.BatchDuplicated):
        for k in range(len(x.dval)):
            for i in range(tape.shape[0]):
                x.dval[k][i] += SCALE * 2.0 * tape[i] * y.dval[k][i]
                y.dval[k][i] = 0.0
    else:
        for i in range(tape.shape[0]):
            x.dval[i] += SCALE * 2.0 * tape[i] * y.dval[i]
            y.dval[i] = 0.0  # y was overwritten: its adjoint is consumed
    return (None, None)


@numba.njit
def squares(x):
    y = np.empty_like(x)  # a temporary the target writes: it gets a shadow because the target writes it
    square_into(y, x)
    return y


@numba.njit
def sum_of_squares_then_overwrite(x):
    y = squares(x)
    s = 0.0
    for i in range(y.shape[0]):
        s += y[i] * (i + 1.0)
    x[0] = 7.0  # the input changes after the call: the rule's tape kept what it needs
    return s


def test_array_rule_for_a_function_that_writes_its_argument():
    x0 = np.array([1.0, -2.0, 0.5])
    weights = np.arange(1.0, 4.0)
    want = SCALE * 2.0 * x0 * weights
    v = np.array([0.3, 1.0, -2.0])
    x = x0.copy()
    value, d = pe.autodiff(pe.Forward, sum_of_squares_then_overwrite, pe.Duplicated(x, v.copy()))
    assert value == pytest.approx(np.sum(x0 * x0 * weights), rel=RTOL)
    assert d == pytest.approx(want @ v, rel=RTOL)
    x, dx = x0.copy(), np.zeros(3)
    pe.autodiff(pe.Reverse, sum_of_squares_then_overwrite, pe.Active, pe.Duplicated(x, dx))
    np.testing.assert_allclose(dx, want, rtol=RTOL)  # of the input x, read before x[0] was overwritten
    x = x0.copy()
    _, ds = pe.autodiff(pe.Forward, sum_of_squares_then_overwrite, pe.BatchDuplicated(x, (v.copy(), np.ones(3))))
    assert ds == pytest.approx((want @ v, want.sum()), rel=RTOL)


@numba.njit
def sum_of_cubes(x):
    s = 0.0
    for i in range(x.shape[0]):
        s += cube_twice(x[i])
    return s


def test_rules_in_batch_reverse_mode():
    x = np.array([0.5, -1.0, 2.0])
    grads = (np.zeros(3), np.ones(3))
    pe.autodiff(pe.Reverse, sum_of_cubes, pe.Active, pe.BatchDuplicated(x, grads))
    want = SCALE * 3.0 * x * x
    np.testing.assert_allclose(grads[0], want, rtol=RTOL)
    np.testing.assert_allclose(grads[1], 1.0 + want, rtol=RTOL)
    weights = np.arange(1.0, 4.0)
    grads = (np.zeros(3), np.zeros(3))
    x2 = x.copy()
    pe.autodiff(pe.Reverse, sum_of_squares_then_overwrite, pe.Active, pe.BatchDuplicated(x2, grads))
    for g in grads:
        np.testing.assert_allclose(g, SCALE * 2.0 * x * weights, rtol=RTOL)


# -- right rules pass pe.testing, wrong ones fail it -------------------------------------------------------
@numba.njit
def softplus(x):
    return math.log1p(math.exp(x))


FACTOR = [1.0]  # the rules read it when compiled: 1.0 is right


def register_softplus_rules(factor):
    FACTOR[0] = factor

    @pe.rules.forward(softplus)
    def fwd(func, RT, x):
        k = factor
        y = func.val(x.val)
        s = k / (1.0 + math.exp(-x.val))
        if RT is pe.Const:
            return y
        if isinstance(x, pe.BatchDuplicated):
            return pe.BatchDuplicated(y, (s * x.dval[0], s * x.dval[1]))
        return pe.Duplicated(y, s * x.dval)

    @pe.rules.augmented_primal(softplus)
    def aug(config, func, RT, x):
        return pe.rules.AugmentedReturn(func.val(x.val), None, factor / (1.0 + math.exp(-x.val)))

    @pe.rules.reverse(softplus)
    def rev(config, func, dret, tape, x):
        if pe.rules.width(config) == 1:
            return (tape * dret.val,)
        return ((tape * dret.val[0], tape * dret.val[1]),)


@numba.njit
def softplus_model(a, x):
    return softplus(a * x) + a


@numba.njit
def softplus_features(a, xs):
    s = 0.0
    for i in range(xs.shape[0]):
        s += softplus(a * xs[i]) * (i + 1.0)
    return s + a


ALL_FORWARD = (pe.Duplicated, pe.DuplicatedNoNeed, pe.Const, pe.BatchDuplicated, pe.BatchDuplicatedNoNeed)
SCALAR_FORWARD = (pe.Duplicated, pe.Const, pe.BatchDuplicated)
ARRAY_REVERSE = (pe.Duplicated, pe.Const, pe.BatchDuplicated)


def test_pe_testing_passes_a_right_rule_and_fails_a_wrong_one():
    xs = np.array([0.3, -1.2, 2.0])
    register_softplus_rules(1.0)
    # every activity combination pe.testing.are_activities_compatible allows (it skips the others)
    assert pe.testing.test_forward(softplus_model, ALL_FORWARD, (0.8, SCALAR_FORWARD), (-0.3, SCALAR_FORWARD)) > 0
    assert pe.testing.test_forward(softplus_features, ALL_FORWARD, (0.8, SCALAR_FORWARD), (xs, SCALAR_FORWARD)) > 0
    assert pe.testing.test_reverse(softplus_model, (pe.Active, pe.Const), (0.8, (pe.Active, pe.Const)), -0.3) > 0
    assert pe.testing.test_reverse(softplus_features, pe.Active, (0.8, (pe.Active, pe.Const)), (xs, ARRAY_REVERSE)) > 0
    register_softplus_rules(1.5)  # replaces the rules, and the derivatives built with the right ones
    with pytest.raises(AssertionError):
        pe.testing.test_forward(softplus_model, pe.Duplicated, (0.8, pe.Duplicated), -0.3)
    with pytest.raises(AssertionError):
        pe.testing.test_forward(softplus_features, pe.BatchDuplicated, 0.8, (xs, pe.BatchDuplicated))
    with pytest.raises(AssertionError):
        pe.testing.test_reverse(softplus_model, pe.Active, (0.8, pe.Active), -0.3)
    register_softplus_rules(1.0)
    pe.testing.test_forward(
        softplus_model,
        (pe.Duplicated, pe.DuplicatedNoNeed, pe.Const),
        (0.8, (pe.Duplicated, pe.Const)),
        (-0.3, (pe.Duplicated, pe.Const)),
    )
    pe.testing.test_reverse(
        softplus_model, (pe.Active, pe.Const), (0.8, (pe.Active, pe.Const)), (-0.3, (pe.Active, pe.Const))
    )
    register_softplus_rules(1.5)  # replaces the rules, and the derivatives built with the right ones
    with pytest.raises(AssertionError):
        pe.testing.test_forward(softplus_model, pe.Duplicated, (0.8, pe.Duplicated), -0.3)
    with pytest.raises(AssertionError):
        pe.testing.test_reverse(softplus_model, pe.Active, (0.8, pe.Active), -0.3)
    register_softplus_rules(1.0)


def test_a_rule_registered_later_replaces_derivatives_built_before():
    @numba.njit
    def twice(x):
        return 2.0 * x

    @numba.njit
    def g(x):
        return twice(x) * x

    before = pe.autodiff(pe.Forward, g, pe.Duplicated(3.0, 1.0))
    assert before == (18.0, 12.0)

    @pe.rules.forward(twice)
    def twice_forward(func, RT, x):
        return pe.Duplicated(func.val(x.val), 10.0 * x.dval)  # d/dx claimed 10

    assert pe.autodiff(pe.Forward, g, pe.Duplicated(3.0, 1.0)) == (18.0, 10.0 * 3.0 + 6.0)


FORWARD_FFI = pe.Forward.with_abi(pe.FFIABI)


def test_jitted_callers_compiled_before_a_rule_compile_again():
    """Derivatives linked into jitted code (Inline ABI), called through an address (FFI ABI) or reached
    through another jitted function all see a rule registered after they were compiled."""

    @numba.njit
    def thrice(x):
        return 3.0 * x

    @numba.njit
    def g(x):
        return thrice(x) * x

    @numba.njit
    def inline(x):
        return pe.autodiff_deferred(pe.Forward, g, pe.Duplicated, pe.Duplicated(x, 1.0))

    @numba.njit
    def ffi(x):
        return pe.autodiff_deferred(FORWARD_FFI, g, pe.Duplicated, pe.Duplicated(x, 1.0))

    @numba.njit
    def outer(x):
        return inline(x)[1] + 1.0

    assert inline(2.0) == ffi(2.0) == (12.0, 12.0) and outer(2.0) == 13.0

    @pe.rules.forward(thrice)
    def thrice_forward(func, RT, x):
        return pe.Duplicated(func.val(x.val), 10.0 * x.dval)  # d/dx claimed 10

    want = (12.0, 10.0 * 2.0 + 6.0)
    assert inline(2.0) == ffi(2.0) == want and outer(2.0) == want[1] + 1.0


# -- inactive -----------------------------------------------------------------------------------------------
def test_inactive_target_contributes_no_derivative():
    @numba.njit
    def noise(x):
        return 0.01 * math.sin(1000.0 * x)

    @numba.njit
    def h(x):
        return x * x + noise(x)

    x = 0.3
    assert pe.autodiff(pe.Forward, h, pe.Duplicated(x, 1.0))[1] != pytest.approx(2 * x, rel=1e-6)
    pe.rules.inactive(noise)
    assert pe.autodiff(pe.Forward, h, pe.Duplicated(x, 1.0)) == (h(x), pytest.approx(2 * x, rel=RTOL))
    assert pe.autodiff(pe.Reverse, h, pe.Active, pe.Active(x))[0][0] == pytest.approx(2 * x, rel=RTOL)


# -- errors -------------------------------------------------------------------------------------------------
def test_a_rule_of_the_wrong_shape_is_a_clear_error():
    @numba.njit
    def k(x):
        return x + 1.0

    @numba.njit
    def uses_k(x):
        return k(x) * 2.0

    @pe.rules.forward(k)
    def k_forward(func, RT, x):
        return x.dval  # should be pe.Duplicated(primal, shadow)

    with pytest.raises(
        pe.NotDifferentiableError,
        match=r"pe\.rules\.forward rule for .*k cannot be compiled .*: it must return pe\.Duplicated",
    ):
        pe.autodiff(pe.Forward, uses_k, pe.Duplicated(1.0, 1.0))
    with pytest.raises(
        pe.NotDifferentiableError, match=r"needs both pe\.rules\.augmented_primal and pe\.rules\.reverse"
    ):
        pe.autodiff(pe.Reverse, uses_k, pe.Active, pe.Active(1.0))


# -- C functions: cffi (the CMake-built reference library) and ctypes ---------------------------------------
def test_a_cffi_function_differentiated_through_rules_with_its_c_adjoint():
    from pyenzyme import reference

    assert reference.available(), "C reference kernels not built (pip install . / pip install -e .)"
    ffi, lib = reference.ffi(), reference.lib()
    c_rosen, c_grad = lib.rosenbrock, lib.rosenbrock_grad

    @pe.rules.forward(c_rosen)
    def rosen_forward(func, RT, x, n):
        y = func.val(x.val, n.val)
        g = np.empty(n.val)
        c_grad(x.val, n.val, ffi.from_buffer(g))
        d = 0.0
        for i in range(n.val):
            d += g[i] * x.dval[i]
        return pe.Duplicated(y, d)

    @pe.rules.augmented_primal(c_rosen)
    def rosen_augmented(config, func, RT, x, n):
        return pe.rules.AugmentedReturn(func.val(x.val, n.val), None, None)

    @pe.rules.reverse(c_rosen)
    def rosen_reverse(config, func, dret, tape, x, n):
        g = np.empty(n.val)
        c_grad(x.val, n.val, ffi.from_buffer(g))
        for i in range(n.val):
            x.dval[i] += dret.val * g[i]
        return (None, None)

    @numba.njit
    def objective(x, a):
        s = 0.0
        for k in range(2):  # the C call in a loop, beside jitted work
            s += a * c_rosen(ffi.from_buffer(x), x.shape[0]) + math.sin(x[0] + k)
        return s

    x = np.random.default_rng(3).uniform(-1.0, 1.0, 6)
    want = 2 * 0.5 * reference.rosenbrock_grad(x)
    want[0] += math.cos(x[0]) + math.cos(x[0] + 1)
    dx = np.zeros(6)
    pe.autodiff(pe.Reverse, objective, pe.Active, pe.Duplicated(x, dx), pe.Const(0.5))
    np.testing.assert_allclose(dx, want, rtol=RTOL)
    v = np.random.default_rng(4).standard_normal(6)
    value, d = pe.autodiff(pe.Forward, objective, pe.Duplicated(x, v), pe.Const(0.5))
    assert value == pytest.approx(objective(x, 0.5), rel=RTOL)
    assert d == pytest.approx(want @ v, rel=RTOL)
    pe.testing.test_reverse(objective, pe.Active, (x, pe.Duplicated), (0.5, (pe.Active, pe.Const)))


def test_a_ctypes_function_differentiated_through_rules():
    import ctypes
    import ctypes.util

    libm = ctypes.CDLL(ctypes.util.find_library("m"))
    c_cbrt = libm.cbrt
    c_cbrt.argtypes, c_cbrt.restype = [ctypes.c_double], ctypes.c_double

    @pe.rules.forward(c_cbrt)
    def cbrt_forward(func, RT, x):
        y = func.val(x.val)
        return pe.Duplicated(y, x.dval / (3.0 * y * y))

    @pe.rules.augmented_primal(c_cbrt)
    def cbrt_augmented(config, func, RT, x):
        y = func.val(x.val)
        return pe.rules.AugmentedReturn(y, None, y)

    @pe.rules.reverse(c_cbrt)
    def cbrt_reverse(config, func, dret, tape, x):
        return (dret.val / (3.0 * tape * tape),)

    @numba.njit
    def g(x):
        return c_cbrt(x * x) * x

    x = 1.7
    want = (5.0 / 3.0) * x ** (2.0 / 3.0)  # d/dx x^(5/3)
    assert pe.autodiff(pe.Forward, g, pe.Duplicated(x, 1.0))[1] == pytest.approx(want, rel=RTOL)
    assert pe.autodiff(pe.Reverse, g, pe.Active, pe.Active(x))[0][0] == pytest.approx(want, rel=RTOL)


def test_a_rule_that_raises_where_its_exception_cannot_go_gives_nan():
    """A C function's call has no way to pass an exception on, nor has a reverse sweep: what the rule would
    have returned is NaN (before, whatever its result slot held: 0.0). Where the call can, it raises."""
    import ctypes
    import ctypes.util

    c_cbrt = ctypes.CDLL(ctypes.util.find_library("m")).cbrt
    c_cbrt.argtypes, c_cbrt.restype = [ctypes.c_double], ctypes.c_double

    @numba.njit
    def root(x):
        return math.copysign(abs(x) ** (1.0 / 3.0), x)

    @numba.njit
    def through_c(x):
        return c_cbrt(x) * 2.0

    @numba.njit
    def through_jit(x):
        return root(x) * 2.0

    for target, g in ((c_cbrt, through_c), (root, through_jit)):

        @pe.rules.forward(target)
        def forward(func, RT, x):
            if x.val < 0.0:
                raise ValueError("negative argument")
            y = func.val(x.val)
            return pe.Duplicated(y, x.dval / (3.0 * y * y))

        @pe.rules.augmented_primal(target)
        def augmented(config, func, RT, x):
            y = func.val(x.val)
            return pe.rules.AugmentedReturn(y, None, y)

        @pe.rules.reverse(target)
        def reverse(config, func, dret, tape, x):
            if tape < 0.0:
                raise ValueError("negative argument")
            return (dret.val / (3.0 * tape * tape),)

        want = 2.0 / (3.0 * 1.5 ** (2.0 / 3.0))
        assert pe.autodiff(pe.Forward, g, pe.Duplicated(1.5, 1.0))[1] == pytest.approx(want, rel=RTOL)
        assert pe.autodiff(pe.Reverse, g, pe.Active, pe.Active(1.5))[0][0] == pytest.approx(want, rel=RTOL)
        assert math.isnan(pe.autodiff(pe.Reverse, g, pe.Active, pe.Active(-1.5))[0][0])
        if target is c_cbrt:
            assert all(math.isnan(v) for v in pe.autodiff(pe.Forward, g, pe.Duplicated(-1.5, 1.0)))
            pe.rules._withdraw(c_cbrt)  # libm's cbrt is every test's: leave it without rules
        else:
            with pytest.raises(ValueError, match="negative argument"):
                pe.autodiff(pe.Forward, g, pe.Duplicated(-1.5, 1.0))


def test_inactive_type_arguments_must_be_constants():
    from numba.experimental import jitclass

    @jitclass([("scale", numba.float64)])
    class Settings:
        def __init__(self, scale):
            self.scale = scale

    @numba.njit
    def scaled(x, settings):
        return settings.scale * x * x

    pe.rules.inactive_type(Settings)
    s = Settings(3.0)
    assert pe.autodiff(pe.Forward, scaled, pe.Duplicated(2.0, 1.0), pe.Const(s)) == (12.0, 12.0)
    with pytest.raises(pe.ActivityError, match=r"argument 2: values of type .*Settings.* are constants"):
        pe.autodiff(pe.Forward, scaled, pe.Duplicated(2.0, 1.0), pe.Duplicated(s, Settings(0.0)))
    with pytest.raises(TypeError, match="pe.rules.inactive_type: expected a Numba type"):
        pe.rules.inactive_type(object)


def test_numba_s_own_helper_as_a_target():
    @numba.njit
    def uses_gamma(x):
        return math.gamma(x) * x  # Numba calls its C helper numba_gamma

    x = 2.5
    want = math.gamma(x) * digamma(x) * x + math.gamma(x)
    builtin = pe.autodiff(pe.Forward, uses_gamma, pe.Duplicated(x, 1.0))[1]
    assert builtin == pytest.approx(want, rel=1e-13)  # the built-in derivative

    # rules replace it: these scale Gamma' by 3, so that their use shows
    @pe.rules.forward(math.gamma)
    def gamma_forward(func, RT, x):
        y = func.val(x.val)
        return pe.Duplicated(y, 3.0 * y * digamma(x.val) * x.dval)

    @pe.rules.augmented_primal(math.gamma)
    def gamma_augmented(config, func, RT, x):
        y = func.val(x.val)
        return pe.rules.AugmentedReturn(y, None, 3.0 * y * digamma(x.val))

    @pe.rules.reverse(math.gamma)
    def gamma_reverse(config, func, dret, tape, x):
        return (tape * dret.val,)

    ruled = 3.0 * math.gamma(x) * digamma(x) * x + math.gamma(x)
    try:
        assert pe.autodiff(pe.Forward, uses_gamma, pe.Duplicated(x, 1.0))[1] == pytest.approx(ruled, rel=1e-12)
        assert pe.autodiff(pe.Reverse, uses_gamma, pe.Active, pe.Active(x))[0][0] == pytest.approx(ruled, rel=1e-12)
    finally:
        pe.rules._withdraw(math.gamma)  # math.gamma is everyone's: later tests expect its built-in derivative
    assert pe.autodiff(pe.Forward, uses_gamma, pe.Duplicated(x, 1.0))[1] == pytest.approx(want, rel=1e-13)
    assert pe.autodiff(pe.Reverse, uses_gamma, pe.Active, pe.Active(x))[0][0] == pytest.approx(want, rel=1e-13)


@numba.njit
def digamma(x):
    """psi(x) for x > 0: the recurrence up to x >= 8, then the asymptotic series."""
    s = 0.0
    while x < 8.0:
        s -= 1.0 / x
        x += 1.0
    f = 1.0 / (x * x)
    return s + math.log(x) - 0.5 / x - f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f / 132))))
