"""Calls that carry no active data need no marking: printing, raising, strings, dicts of constants.

Each function below does such work beside a differentiated computation; its
derivative is checked exactly in forward and reverse mode. A dict that would
have to carry a derivative is refused with the dict and the line named.
"""

from __future__ import annotations

import numba
import pytest

import pyenzyme as pe


@numba.njit
def prints_and_checks(x):
    if x > 100.0:
        raise ValueError("x is too large")  # exception construction
    print("x =", x)
    return x * x


@numba.njit
def counts_letters(x):
    names = ["a", "bb", "ccc"]
    k = 0
    for nm in names:
        k += len(nm + "!")  # string work
    return x * k


@numba.njit
def dict_of_int_settings(x):
    d = {}
    d["order"] = 2
    return x ** d["order"]


@numba.njit
def dict_of_float_coefficients(x):
    coef = {}
    coef[1] = 2.5
    coef[2] = -1.0
    s = 0.0
    for k in range(1, 3):
        s += coef[k] * x**k  # the coefficients are constants read from the dict
    return s


CASES = [
    (prints_and_checks, lambda x: 2 * x),
    (counts_letters, lambda x: 9.0),
    (dict_of_int_settings, lambda x: 2 * x),
    (dict_of_float_coefficients, lambda x: 2.5 - 2.0 * x),
]


@pytest.mark.parametrize("f, derivative", CASES, ids=[c[0].__name__ for c in CASES])
def test_inactive_work_beside_the_derivative(f, derivative, capsys):
    x = 3.0
    assert pe.autodiff(pe.Forward, f, pe.Duplicated(x, 1.0)) == (f(x), derivative(x))
    assert pe.autodiff(pe.Reverse, f, pe.Active, pe.Active(x)) == ((derivative(x),),)


@numba.njit
def active_value_into_a_dict(x):
    d = {}
    d[0] = 2.0 * x
    return d[0]


@pytest.mark.parametrize("mode", ["forward", "reverse"])
def test_a_dict_that_would_carry_a_derivative_is_refused(mode):
    with pytest.raises(
        pe.NotDifferentiableError, match=r"a dict \(numba\.typed\.Dict\) cannot be differentiated: a float that carries"
    ) as info:
        if mode == "forward":
            pe.autodiff(pe.Forward, active_value_into_a_dict, pe.Duplicated(1.0, 1.0))
        else:
            pe.autodiff(pe.Reverse, active_value_into_a_dict, pe.Active, pe.Active(1.0))
    assert "d[0] = 2.0 * x" in str(info.value)
