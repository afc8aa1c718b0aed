"""Runtime activity (pe.set_runtime_activity): off, activity that depends on data is refused clearly;
on, constant arrays get zeroed scratch shadows and a shadow that is its primal makes a constant."""

from __future__ import annotations

import numba
import numpy as np
import pytest

import pyenzyme as pe
from pyenzyme.bench.kernels import sumsq


@numba.njit
def write_through_either(x, c, flag):
    a = x if flag > 0 else c  # which array is written depends on the data
    a[0] = a[0] * a[1]
    return a[0] + x[1]


@pytest.fixture
def runtime_activity():
    pe.set_runtime_activity(True)
    yield
    pe.set_runtime_activity(False)


def test_off_by_default_and_a_data_dependent_choice_is_refused_naming_the_switch():
    assert pe.runtime_activity() is False
    x, c = np.array([1.0, 2.0]), np.array([3.0, 4.0])
    with pytest.raises(pe.NotDifferentiableError, match=r"argument `c`.*pe\.set_runtime_activity\(True\)"):
        pe.autodiff(pe.Reverse, write_through_either, pe.Active, pe.Duplicated(x, np.zeros(2)), pe.Const(c), 0)
    with pytest.raises(pe.ActivityError, match=r"argument 1: the shadow is the primal array itself.*set_runtime"):
        pe.autodiff(pe.Reverse, sumsq, pe.Active, pe.Duplicated(x, x))
    with pytest.raises(TypeError, match="flag: expected True or False"):
        pe.set_runtime_activity(1)


@pytest.mark.parametrize("flag", [1, 0])
def test_on_the_derivatives_through_either_choice_are_right(runtime_activity, flag):
    x0, c0 = np.array([1.5, 2.0]), np.array([3.0, 4.0])
    x, c, dx = x0.copy(), c0.copy(), np.zeros(2)
    ((_, _, _),) = pe.autodiff(pe.Reverse, write_through_either, pe.Active, pe.Duplicated(x, dx), pe.Const(c), flag)
    # flag 1: f = x0*x1 + x1, so df/dx = (x1, x0 + 1); flag 0: f = c0*c1 + x1 (c is a constant): (0, 1)
    want = np.array([x0[1], x0[0] + 1.0]) if flag else np.array([0.0, 1.0])
    np.testing.assert_allclose(dx, want, rtol=1e-15)
    np.testing.assert_array_equal(c, c0 if flag else np.array([12.0, 4.0]))  # the primal writes still happen
    x = x0.copy()
    _, d = pe.autodiff(
        pe.Forward, write_through_either, pe.Duplicated(x, np.array([1.0, -1.0])), pe.Const(c0.copy()), flag
    )
    assert d == pytest.approx(want @ np.array([1.0, -1.0]), rel=1e-15)


def test_on_a_shadow_that_is_its_primal_makes_a_constant(runtime_activity):
    x = np.array([1.0, 2.0, 3.0])
    assert pe.autodiff(pe.Reverse, sumsq, pe.Active, pe.Duplicated(x, x)) == ((None,),)
    np.testing.assert_array_equal(x, [1.0, 2.0, 3.0])  # no derivative was added into the primal
    # forward mode: the primal as its own direction is an ordinary tangent (the function does not write it)
    assert pe.autodiff(pe.Forward, sumsq, pe.Duplicated(x, x)) == (14.0, 28.0)
