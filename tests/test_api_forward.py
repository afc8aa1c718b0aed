"""The forward-mode public API: return conventions, thunks, errors, exceptions, caching."""

import math

import numba
import numpy as np
import pytest

import pyenzyme as pe
from pyenzyme import forward as fwd_module


def square(x):
    return x * x


def test_return_conventions():
    assert pe.autodiff(pe.Forward, square, pe.Duplicated, pe.Duplicated(3.0, 1.0)) == (9.0, 6.0)
    assert pe.autodiff(pe.Forward, square, pe.DuplicatedNoNeed, pe.Duplicated(3.0, 1.0)) == (6.0,)
    assert pe.autodiff(pe.Forward, square, pe.Const, pe.Duplicated(3.0, 1.0)) == ()
    # guessed: float return -> Duplicated
    assert pe.autodiff(pe.Forward, square, pe.Duplicated(3.0, 1.0)) == (9.0, 6.0)


def test_int_argument_converted_and_int_tangent():
    assert pe.autodiff(pe.Forward, square, pe.Duplicated, pe.Duplicated(3.0, 2)) == (9.0, 12.0)


def test_function_annotation_and_dispatcher():
    jitted = numba.njit(square)
    assert pe.autodiff(pe.Forward, pe.Const(jitted), pe.Duplicated, pe.Duplicated(2.0, 1.0)) == (4.0, 4.0)
    with pytest.raises(pe.ActivityError, match="function"):
        pe.autodiff(pe.Forward, pe.Duplicated(jitted, jitted), pe.Duplicated, pe.Duplicated(2.0, 1.0))


def test_thunk():
    thunk = pe.autodiff_thunk(pe.Forward, pe.Const[pe.typeof(square)], pe.Duplicated, pe.Duplicated[numba.float64])
    assert thunk(pe.Const(square), pe.Duplicated(3.0, 1.0)) == (9.0, 6.0)
    assert thunk(pe.Const(square), pe.Duplicated(-1.5, 2.0)) == (2.25, -6.0)
    with pytest.raises(pe.ActivityError, match="argument 1"):
        thunk(pe.Const(square), pe.Const(3.0))


def test_thunk_with_arrays_and_const():
    def dot(x, y):
        s = 0.0
        for i in range(x.shape[0]):
            s += x[i] * y[i]
        return s

    arr = numba.typeof(np.zeros(3))
    thunk = pe.autodiff_thunk(
        pe.Forward, pe.Const[pe.typeof(dot)], pe.DuplicatedNoNeed, pe.Duplicated[arr], pe.Const[arr]
    )
    x, y = np.array([1.0, 2.0, 3.0]), np.array([4.0, 5.0, 6.0])
    assert thunk(pe.Const(dot), pe.Duplicated(x, np.array([1.0, 0.0, 1.0])), pe.Const(y)) == (10.0,)
    assert thunk(pe.Const(dot), pe.Duplicated(x, np.array([0.0, 1.0, 0.0])), y) == (5.0,)


def test_gradient_jacobian_onehot():
    def f(x):
        return x[0] ** 2 * x[1] + math.sin(x[2])

    x = np.array([1.5, -2.0, 0.3])
    g = pe.gradient(pe.Forward, f, x)
    assert isinstance(g, tuple) and len(g) == 3
    np.testing.assert_allclose(g, [2 * 1.5 * -2.0, 1.5**2, math.cos(0.3)], rtol=1e-14)

    def vec(x):
        y = np.empty(2)
        y[0] = x[0] * x[1]
        y[1] = math.exp(x[2]) - x[0]
        return y

    J = pe.jacobian(pe.Forward, vec, x)
    np.testing.assert_allclose(J, [[-2.0, 1.5, 0.0], [-1.0, 0.0, math.exp(0.3)]], rtol=1e-14)
    oh = pe.onehot(np.zeros((2, 2)))
    assert len(oh) == 4 and all(o.sum() == 1.0 for o in oh) and oh[3][1, 1] == 1.0


def test_typeof_plain_function():
    t = pe.typeof(square)
    assert t == numba.typeof(pe.frontend.capture.as_dispatcher(square))
    assert pe.typeof(np.zeros((2, 3), order="F")) == numba.types.Array(numba.float64, 2, "F")


def test_compiled_once():
    def cube(x):
        return x * x * x

    n_before = len(fwd_module._plans)
    for v in (1.0, 2.0, 3.0):
        assert pe.autodiff(pe.Forward, cube, pe.Duplicated, pe.Duplicated(v, 1.0))[1] == 3 * v * v
    assert len(fwd_module._plans) == n_before + 1


# ---------------------------------------------------------------- errors
def test_active_in_forward_mode_names_argument():
    with pytest.raises(pe.ActivityError, match="argument 2.*Active"):
        pe.autodiff(pe.Forward, lambda a, b: a * b, pe.Duplicated, pe.Duplicated(1.0, 1.0), pe.Active(2.0))
    with pytest.raises(pe.ActivityError, match="return"):
        pe.autodiff(pe.Forward, square, pe.Active, pe.Duplicated(1.0, 1.0))


def test_shadow_shape_and_dtype_errors():
    def total(x):
        return x.sum()

    x = np.ones(4)
    with pytest.raises(ValueError, match="argument 1 shadow: shape"):
        pe.autodiff(pe.Forward, total, pe.Duplicated, pe.Duplicated(x, np.ones(5)))
    with pytest.raises(TypeError, match="argument 1 shadow: dtype"):
        pe.autodiff(pe.Forward, total, pe.Duplicated, pe.Duplicated(x, np.ones(4, dtype=np.float32)))
    with pytest.raises(TypeError, match="argument 1 shadow: expected a numpy array"):
        pe.autodiff(pe.Forward, total, pe.Duplicated, pe.Duplicated(x, 1.0))


def test_integer_argument_cannot_be_duplicated():
    with pytest.raises(pe.ActivityError, match="argument 1: int64 has no floating-point data"):
        pe.autodiff(pe.Forward, lambda n: n * 2.0, pe.Duplicated, pe.Duplicated(3, 1))


def test_int_return_cannot_be_duplicated():
    with pytest.raises(pe.ActivityError, match="return: the function returns int64"):
        pe.autodiff(pe.Forward, lambda x: int(x), pe.Duplicated, pe.Duplicated(3.0, 1.0))


def test_unsupported_argument_type():
    with pytest.raises(TypeError, match="argument 1: unsupported argument type"):
        pe.autodiff(pe.Forward, lambda x: 1.0, pe.Duplicated, pe.Const(object()))


def test_annotation_class_instead_of_value():
    with pytest.raises(pe.ActivityError, match="argument 2: got the class Duplicated"):
        pe.autodiff(pe.Forward, square, pe.Duplicated, 3.0, pe.Duplicated)


# ---------------------------------------------------------------- primal exceptions
def test_zero_division_propagates():
    with pytest.raises(ZeroDivisionError):
        pe.autodiff(pe.Forward, lambda x, y: x / y, pe.Duplicated, pe.Duplicated(1.0, 1.0), 0.0)


def test_index_error_propagates():
    @numba.njit(boundscheck=True)
    def at(x, i):
        return x[i]

    with pytest.raises(IndexError):
        pe.autodiff(pe.Forward, at, pe.Duplicated, pe.Duplicated(np.ones(3), np.ones(3)), 7)


def test_user_value_error_propagates():
    def checked(x):
        if x < 0.0:
            raise ValueError("x must be non-negative")
        return math.sqrt(x)

    with pytest.raises(ValueError, match="x must be non-negative"):
        pe.autodiff(pe.Forward, checked, pe.Duplicated, pe.Duplicated(-1.0, 1.0))
    assert pe.autodiff(pe.Forward, checked, pe.Duplicated, pe.Duplicated(4.0, 1.0)) == (2.0, 0.25)


# ---------------------------------------------------------------- argument kinds
def test_complex_tuple_bool_arguments():
    assert pe.autodiff(pe.Forward, lambda z: (z * z).real, pe.Duplicated, pe.Duplicated(1 + 2j, 1 + 0j)) == (-3.0, 2.0)
    assert pe.autodiff(pe.Forward, lambda t: t[0] * t[1], pe.Duplicated, pe.Duplicated((2.0, 3.0), (1.0, 0.0))) == (
        6.0,
        3.0,
    )
    assert pe.autodiff(pe.Forward, lambda x, b: x * 2 if b else x, pe.Duplicated, pe.Duplicated(2.0, 1.0), True) == (
        4.0,
        2.0,
    )
    assert pe.autodiff(pe.Forward, lambda x: x * x, pe.Duplicated, pe.Duplicated(np.float64(3.0), 1.0)) == (9.0, 6.0)


def test_array_return_duplicated():
    def sq(x):
        y = np.empty_like(x)
        for i in range(x.shape[0]):
            y[i] = x[i] ** 2
        return y

    y, dy = pe.autodiff(pe.Forward, sq, pe.Duplicated, pe.Duplicated(np.arange(3.0), np.ones(3)))
    np.testing.assert_array_equal(y, [0.0, 1.0, 4.0])
    np.testing.assert_array_equal(dy, [0.0, 2.0, 4.0])


def test_shadow_with_other_strides_is_staged():
    def scale(y, x):
        for i in range(x.shape[0]):
            y[i] = 3.0 * x[i]

    x = np.arange(4.0)
    y = np.zeros(4)
    dy_base = np.zeros(8)
    dy = dy_base[::2]
    pe.autodiff(pe.Forward, scale, pe.Const, pe.Duplicated(y, dy), pe.Duplicated(x, np.ones(4)))
    np.testing.assert_array_equal(dy, [3.0, 3.0, 3.0, 3.0])
    np.testing.assert_array_equal(dy_base[1::2], 0.0)


def test_read_only_input_shadow_untouched():
    def f(x):
        return x[0] * x[1]

    dx = np.array([1.0, 0.0])
    pe.autodiff(pe.Forward, f, pe.Duplicated, pe.Duplicated(np.array([2.0, 3.0]), dx))
    np.testing.assert_array_equal(dx, [1.0, 0.0])


def test_inline_abi():
    mode = pe.Forward.with_abi(pe.InlineABI)
    assert pe.autodiff(mode, square, pe.Duplicated, pe.Duplicated(3.0, 1.0)) == (9.0, 6.0)
    with pytest.raises(TypeError, match="abi"):
        pe.Forward.with_abi("inline")
