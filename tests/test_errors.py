"""Bad input and quiet mistakes get clear Python errors and warnings, in Python terms."""

import functools
import subprocess
import sys
import warnings

import numba
import numpy as np
import pytest

import pyenzyme as pe
import pyenzyme.frontend.build as build
from pyenzyme.frontend.diagnose import demangle


def sumsq(x):
    return np.sum(x * x)


def scaled(x, scale=1.0):
    return scale * np.sum(x * x)


def test_python_list_asks_for_an_array():
    for mode, ann in (
        (pe.Reverse, pe.Duplicated([1.0, 2.0], [0.0, 0.0])),
        (pe.Reverse, pe.Active([1.0, 2.0])),
        (pe.Forward, pe.Duplicated([1.0, 2.0], [1.0, 0.0])),
    ):
        ret = pe.Active if mode is pe.Reverse else pe.Duplicated
        with pytest.raises(TypeError, match=r"argument 1: a Python list .*np\.asarray"):
            pe.autodiff(mode, sumsq, ret, ann)
    # the convenience functions take lists and differentiate them as arrays
    np.testing.assert_array_equal(pe.gradient(pe.Reverse, sumsq, [1.0, 2.0]), [2.0, 4.0])


def test_keyword_arguments_say_how_to_bind_them():
    x = np.array([1.0, 2.0])
    with pytest.raises(TypeError, match=r"autodiff: got keyword argument\(s\) 'scale'.*functools\.partial"):
        pe.autodiff(pe.Reverse, scaled, pe.Active, pe.Duplicated(x, np.zeros(2)), scale=2.0)
    with pytest.raises(TypeError, match=r"gradient: got keyword argument\(s\) 'scale'"):
        pe.gradient(pe.Reverse, scaled, x, scale=2.0)
    with pytest.raises(TypeError, match="jacobian: differentiates a function of one array"):
        pe.jacobian(pe.Forward, scaled, x, 2.0)
    # the two fixes the message names
    np.testing.assert_array_equal(pe.gradient(pe.Reverse, functools.partial(scaled, scale=2.0), x), [4.0, 8.0])

    jitted = numba.njit(scaled)

    def closure(v):
        return jitted(v, scale=3.0)

    np.testing.assert_array_equal(pe.gradient(pe.Forward, closure, x), (6.0, 12.0))


def test_nothing_active_warns():
    with pytest.warns(pe.EnzymeWarning, match="argument 1 is a plain value, which counts as pe.Const: pass pe.Active"):
        assert pe.autodiff(pe.Reverse, lambda a: a * a, pe.Active, 3.0) == ((None,),)
    with pytest.warns(pe.EnzymeWarning, match="pass pe.Duplicated"):
        assert pe.autodiff(pe.Forward, lambda a: a * a, pe.Duplicated, 3.0) == (9.0, 0.0)
    with pytest.warns(pe.EnzymeWarning, match="nothing seeds the reverse sweep"):
        pe.autodiff(pe.Reverse, scaled, pe.Const, pe.Duplicated(np.ones(2), np.zeros(2)))
    assert issubclass(pe.EnzymeWarning, UserWarning)


def test_seeded_or_active_calls_do_not_warn():
    def write(x, y):
        y[0] = x[0] * x[1]

    with warnings.catch_warnings():
        warnings.simplefilter("error", pe.EnzymeWarning)
        dx, dy = np.zeros(2), np.ones(1)
        pe.autodiff(
            pe.Reverse, write, pe.Const, pe.Duplicated(np.array([2.0, 3.0]), dx), pe.Duplicated(np.zeros(1), dy)
        )
        assert list(dx) == [3.0, 2.0]
        pe.autodiff(pe.Reverse, lambda a: a * a, pe.Active, pe.Active(3.0))


def test_numba_typing_error_is_a_compile_error():
    def bad(x):
        return x + "a"

    with pytest.raises(pe.CompileError, match="Numba cannot compile .*bad") as info:
        pe.autodiff(pe.Forward, bad, pe.Duplicated, pe.Duplicated(1.0, 1.0))
    assert isinstance(info.value.__cause__, numba.core.errors.TypingError)


def test_a_failure_inside_the_pass_is_an_internal_error(monkeypatch):
    def broken(*args, **kwargs):
        raise KeyError("lost value")

    monkeypatch.setattr(build, "differentiate_forward", broken)

    def f(x):
        return x * 3.0

    with pytest.raises(pe.InternalError, match=r"while differentiating .*f .*KeyError: 'lost value'"):
        pe.autodiff(pe.Forward, f, pe.Duplicated, pe.Duplicated(1.0, 1.0))


@numba.njit
def uses_complex_eig(x):
    y = x * (1.0 + 1.0j)
    return np.linalg.eigvals(y)[0].real


@numba.njit
def uses_dict(x):
    d = {}
    d[0] = x[0]
    return d[0] * x[1]


@pytest.mark.parametrize("mode", ["forward", "reverse"])
@pytest.mark.parametrize(
    "f, arg, construct, code",
    [
        (uses_complex_eig, np.eye(2), "an np.linalg routine", "return np.linalg.eigvals(y)[0].real"),
        (uses_dict, np.ones(2), "a dict (numba.typed.Dict)", "d[0] = x[0]"),  # the value going in
    ],
)
def test_undifferentiable_constructs_are_named_with_their_line(mode, f, arg, construct, code):
    if isinstance(arg, float):
        ann = pe.Duplicated(arg, 1.0) if mode == "forward" else pe.Active(arg)
    else:
        ann = pe.Duplicated(arg, np.zeros_like(arg))
    with pytest.raises(pe.NotDifferentiableError) as info:
        if mode == "forward":
            pe.autodiff(pe.Forward, f, pe.Duplicated, ann)
        else:
            pe.autodiff(pe.Reverse, f, pe.Active, ann)
    first = str(info.value).split("\n")[0]
    assert first.startswith(f"{construct} cannot be differentiated")
    assert f"in {f.__name__} (" in first and first.endswith(f": {code})")
    assert info.value.python_line.startswith(__file__)


def test_demangle():
    assert demangle("_ZN8__main__9_rec_polyB2v1B38c8tJTIeFIjxB2IKSgI4CrvQClQZ6FczSBAA_3dEdx") == "__main__._rec_poly"
    assert (
        demangle("_ZN5numba2np8arrayobj13impl_np_array12_3clocals_3e4implB2v2E")
        == "numba.np.arrayobj.impl_np_array.<locals>.impl"
    )
    assert demangle("numba_gamma") is None


def test_version():
    out = subprocess.run([sys.executable, "-m", "pyenzyme.cli", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith(f"pyenzyme {pe.__version__} (numba {numba.__version__})")
