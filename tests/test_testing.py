"""pyenzyme.testing: test_forward / test_reverse pass on correct derivatives and fail, naming the
activity combination, on wrong ones; are_activities_compatible, check_msg and the FD rule."""

import math

import numba
import numpy as np
import pytest

import pyenzyme as pe
import pyenzyme.testing as pt
from pyenzyme.testing import calls, central_fdm, test_forward, test_reverse  # by name: must not be collected

C, A, D, DN = pe.Const, pe.Active, pe.Duplicated, pe.DuplicatedNoNeed
BD, BDN = pe.BatchDuplicated, pe.BatchDuplicatedNoNeed


def scaled_square(x, y):
    return x * x * y


def weighted_sumsq(x, w):
    s = 0.0
    for i in range(x.shape[0]):
        s += math.sin(x[i]) * x[i] * w
    return s


def write_outputs(y, x):
    """Writes y = g(x) and returns a scalar: both the return and the mutated argument have tangents."""
    for i in range(x.shape[0]):
        y[i] = math.exp(0.3 * x[i]) * x[i]
    return y[0] * x[-1]


def mix(t, z):
    """A tuple of floats and a complex number in, a float out."""
    return t[0] * math.exp(t[1]) + (z * z).real


def pair_out(x):
    return x * 2.0, math.sin(x)


def complex_square(z):
    return z * z * 1j


def not_smooth(x, y):
    """The derivative is zero almost everywhere (floor), but the slope finite differences see is y."""
    return math.floor(x * 1e6) / 1e6 * y


@numba.njit
def with_kwargs(x, scale=1.0, power=2):
    return np.sum(x**power) * scale


def setup_module():
    np.random.seed(0)


X = np.array([0.3, 1.2, -0.7])


# ------------------------------------------------------------------ forward, passing
def test_forward_scalars_every_combination():
    assert test_forward(scaled_square, (C, D, DN), (3.0, (C, D)), (2.0, (C, D))) == 12


def test_forward_batch_combinations():
    assert test_forward(weighted_sumsq, (C, BD, BDN), (X, (C, BD)), (0.5, (C, BD))) == 12


def test_forward_mutated_output_and_return():
    assert test_forward(write_outputs, (C, D, DN), (np.zeros(3), D), (X, (C, D))) == 6


def test_forward_float32():
    x32 = X.astype(np.float32)
    assert test_forward(write_outputs, (C, D), (np.zeros(3, np.float32), D), (x32, (C, D))) == 4
    assert test_forward(weighted_sumsq, D, (x32, D), np.float32(0.5)) == 1


def test_forward_tuples_complex_and_tuple_return():
    assert test_forward(mix, D, ((1.5, 0.2), D), (1 + 2j, (C, D))) == 2
    assert test_forward(complex_square, D, (1 + 2j, D)) == 1
    assert test_forward(pair_out, (D, DN), (0.5, D)) == 2


def test_forward_layouts():
    grid = np.random.rand(3, 4)
    assert test_forward(lambda a: np.sum(np.sin(a) * a), D, (np.asfortranarray(grid), D)) == 1
    assert test_forward(lambda a: np.sum(np.sin(a) * a), D, (grid[:, ::2], D)) == 1


RECORD = np.dtype([("a", np.float64), ("b", np.float64), ("n", np.int64)])


def record_product(r):
    """Reads and writes the float fields of a record array; the integer field is carried along."""
    s = 0.0
    for i in range(r.shape[0]):
        r[i].b = r[i].a * r[i].a * r[i].n
        s += r[i].b * r[i].a
    return s


def test_record_arrays():
    r = np.zeros(2, dtype=RECORD)
    r["a"], r["b"], r["n"] = [0.5, 1.5], [2.0, 3.0], [1, 2]
    assert test_forward(record_product, (C, D), (r, D)) == 2
    assert test_reverse(record_product, (C, A), (r, D)) == 2


def test_forward_given_shadows_and_kwargs():
    # an annotation instance fixes the tangent; fkwargs become constants
    assert test_forward(scaled_square, D, D(3.0, 1.0), C(2.0)) == 1
    assert test_forward(weighted_sumsq, BD, BD(X, (np.ones(3), np.zeros(3), X)), 0.5) == 1
    assert test_forward(with_kwargs, D, (X, D), fkwargs={"scale": 3.0, "power": 3}) == 1


# ------------------------------------------------------------------ reverse, passing
def test_reverse_scalars_every_combination():
    assert test_reverse(scaled_square, (C, A), (3.0, (C, A)), (2.0, (C, A))) == 8


def test_reverse_arrays_and_mutated_output():
    assert test_reverse(weighted_sumsq, (C, A), (X, (C, D)), (0.5, (C, A))) == 8
    assert test_reverse(write_outputs, (C, A), (np.zeros(3), D), (X, (C, D))) == 4


def test_reverse_batch():
    assert test_reverse(write_outputs, C, (np.zeros(3), BD), (X, (C, BD))) == 2
    assert test_reverse(weighted_sumsq, C, BD(X, (np.ones(3), X, np.zeros(3))), 0.5) == 1


def test_reverse_float32():
    x32 = X.astype(np.float32)
    assert test_reverse(write_outputs, (C, A), (np.zeros(3, np.float32), D), (x32, D)) == 2


def test_reverse_tuples_complex_and_tuple_return():
    assert test_reverse(mix, A, ((1.5, 0.2), A), (1 + 2j, (C, A))) == 2
    assert test_reverse(complex_square, A, (1 + 2j, A)) == 1
    assert test_reverse(pair_out, A, (0.5, A)) == 1
    # a float inside a Duplicated tuple could not receive its derivative: refused, never dropped silently
    with pytest.raises(pe.ActivityError, match="the floats in a Tuple"):
        test_reverse(lambda t: np.sum(t[0] * t[1]) + t[2], A, ((X, X * 2.0, 2.0), D))
    assert test_reverse(lambda t: np.sum(t[0] * t[1]), A, ((X, X * 2.0), D)) == 1


def test_reverse_int_active_given_seed_and_kwargs():
    assert test_reverse(scaled_square, A, (3, A), 2.0) == 1
    assert test_reverse(write_outputs, C, D(np.zeros(3), np.ones(3)), D(X, np.zeros(3))) == 1
    assert test_reverse(with_kwargs, A, (X, D), fkwargs={"scale": 3.0, "power": 3}) == 1


# ------------------------------------------------------------------ failing on wrong derivatives
def test_non_smooth_function_fails_naming_the_combination():
    with pytest.raises(AssertionError) as forward_error:
        test_forward(not_smooth, D, (0.3, D), 2.0)
    msg = str(forward_error.value)
    assert msg.startswith("test_forward(not_smooth): return Duplicated, arguments (Duplicated, Const): ")
    assert "tangent of the return does not match finite differences" in msg
    assert "pyenzyme:" in msg and "finite differences:" in msg

    with pytest.raises(AssertionError, match=r"return Active, arguments \(Active, Const\): derivative of argument 1"):
        test_reverse(not_smooth, A, (0.3, A), 2.0)


def _scaled_forward(scale_return=1.0, scale_shadows=1.0, only_if=lambda anns: True):
    real = calls._forward_call

    def tampered(f, ret_act, anns):
        out = real(f, ret_act, anns)
        if not only_if(anns):
            return out
        for a in anns:
            if isinstance(a, D) and isinstance(a.dval, np.ndarray):
                a.dval *= scale_shadows
        if ret_act is D:
            return out[0], out[1] * scale_return
        if ret_act is DN:
            return (out[0] * scale_return,)
        return out

    return tampered


def test_forward_wrong_return_tangent(monkeypatch):
    monkeypatch.setattr(calls, "_forward_call", _scaled_forward(scale_return=1.01))
    with pytest.raises(AssertionError) as err:
        test_forward(scaled_square, (C, D), D(3.0, 1.0), (2.0, C), name="square times y")
    msg = str(err.value)
    # (Const, ...) passes: there is no return tangent to get wrong
    assert msg.startswith(
        "test_forward(square times y): return Duplicated, arguments (Duplicated, Const): "
        "tangent of the return does not match finite differences"
    )
    assert "pyenzyme:           12.12" in msg and "finite differences: 12.0" in msg


def test_forward_wrong_shadow_of_mutated_argument(monkeypatch):
    monkeypatch.setattr(calls, "_forward_call", _scaled_forward(scale_shadows=1.01))
    with pytest.raises(
        AssertionError,
        match=r"return Const, arguments \(Duplicated, Duplicated\): "
        r"tangent in the shadow of argument 1 does not match",
    ):
        test_forward(write_outputs, C, (np.zeros(3), D), (X, D))


def test_forward_failure_names_the_failing_combination(monkeypatch):
    # wrong only when x (argument 2) is Duplicated: the Const combination passes first
    monkeypatch.setattr(
        calls, "_forward_call", _scaled_forward(scale_shadows=1.01, only_if=lambda anns: isinstance(anns[1], D))
    )
    with pytest.raises(AssertionError, match=r"arguments \(Duplicated, Duplicated\)"):
        test_forward(write_outputs, C, (np.zeros(3), D), (X, (C, D)))


def test_reverse_wrong_derivatives(monkeypatch):
    real = calls._reverse_call

    def tampered(f, ret_act, anns, dret):
        derivs, primal = real(f, ret_act, anns, dret)
        return tuple(None if d is None else d * 1.01 for d in derivs), primal

    monkeypatch.setattr(calls, "_reverse_call", tampered)
    with pytest.raises(AssertionError) as err:
        test_reverse(scaled_square, A, (3.0, (C, A)), 2.0)
    msg = str(err.value)
    assert msg.startswith(
        "test_reverse(scaled_square): return Active, arguments (Active, Const): "
        "derivative of argument 1 projected on a random direction"
    )
    assert "|difference|" in msg and "derivative: " in msg


def test_reverse_wrong_shadow(monkeypatch):
    real = calls._reverse_call

    def tampered(f, ret_act, anns, dret):
        out = real(f, ret_act, anns, dret)
        anns[1].dval[0] += 1e-3
        return out

    monkeypatch.setattr(calls, "_reverse_call", tampered)
    with pytest.raises(
        AssertionError,
        match=r"return Const, arguments \(Duplicated, Duplicated\): "
        r"derivative of argument 2",
    ):
        test_reverse(write_outputs, C, (np.zeros(3), D), (X, D))


def test_reverse_wrong_batch_lane(monkeypatch):
    real = calls._reverse_call

    def tampered(f, ret_act, anns, dret):
        out = real(f, ret_act, anns, dret)
        anns[1].dval[1][0] += 1e-3
        return out

    monkeypatch.setattr(calls, "_reverse_call", tampered)
    with pytest.raises(
        AssertionError,
        match=r"arguments \(BatchDuplicated, BatchDuplicated\): "
        r"derivative of argument 2 \(lane 2\)",
    ):
        test_reverse(write_outputs, C, (np.zeros(3), BD), (X, BD))


def test_wrong_primal_and_wrong_mutation(monkeypatch):
    real = calls._reverse_call

    def wrong_primal(f, ret_act, anns, dret):
        derivs, primal = real(f, ret_act, anns, dret)
        return derivs, primal + 1.0

    monkeypatch.setattr(calls, "_reverse_call", wrong_primal)
    with pytest.raises(AssertionError, match="primal result does not match plain call"):
        test_reverse(scaled_square, A, (3.0, A), 2.0)

    def wrong_mutation(f, ret_act, anns):
        out = calls_forward(f, ret_act, anns)
        anns[0].val[1] = 99.0
        return out

    calls_forward = calls._forward_call
    monkeypatch.setattr(calls, "_forward_call", wrong_mutation)
    with pytest.raises(AssertionError, match="argument 1 after the call does not match plain call"):
        test_forward(write_outputs, C, (np.zeros(3), D), X)


# ------------------------------------------------------------------ misuse
def test_errors_for_misuse():
    with pytest.raises(ValueError, match="mix batch and non-batch"):
        test_forward(scaled_square, D, (3.0, BD), (2.0, D))
    with pytest.raises(TypeError, match="needs a value holding a numpy float array"):
        test_reverse(scaled_square, A, (3.0, D), 2.0)
    with pytest.raises(pe.ActivityError, match="argument 1: pe.Active is not allowed in forward mode"):
        test_forward(scaled_square, D, (3.0, A), 2.0)
    with pytest.raises(TypeError, match="Activity"):
        test_forward(scaled_square, "Duplicated", 3.0, 2.0)
    # errors from pyenzyme itself say which combination was being checked
    with pytest.raises(pe.ActivityError) as err:
        test_forward(scaled_square, A, (3.0, D), 2.0)
    assert "raised while checking return Active, arguments (Duplicated, Const)" in err.value.__notes__[0]


# ------------------------------------------------------------------ helpers
@pytest.mark.parametrize(
    "ret, args, ok",
    [
        (D, (D, C), True),
        (C, (A, A), True),
        (BD, (BD, C), True),
        (BDN, (C, C), True),
        (C, (BD, BDN), True),
        (BD, (D,), False),
        (D, (BD,), False),
        (A, (BD,), False),
        (C, (BDN, DN), False),
    ],
)
def test_are_activities_compatible(ret, args, ok):
    assert pt.are_activities_compatible(ret, *args) is ok


def test_are_activities_compatible_needs_classes():
    with pytest.raises(TypeError):
        pt.are_activities_compatible(D, 1.0)


def test_check_msg():
    pt.check_msg("never shown", True)
    with pytest.raises(AssertionError, match="^total under 10$"):
        pt.check_msg("total under 10", sum(range(100)) < 10)
    with pytest.raises(AssertionError, match="^condition raised$") as err:
        pt.check_msg("condition raised", lambda: 1 / 0)
    assert isinstance(err.value.__cause__, ZeroDivisionError)
    with pytest.raises(AssertionError) as err:
        pt.check_msg("", False)
    assert str(err.value) == ""


@pytest.mark.parametrize("order", [3, 5, 7])
def test_central_fdm_accuracy(order):
    fdm = central_fdm(order=order)
    weights = dict(fdm.weights)
    assert sum(weights.values()) == pytest.approx(0.0, abs=1e-15)
    assert sum(k * w for k, w in weights.items()) == pytest.approx(1.0)
    d = fdm(lambda t: np.array([math.exp(0.5 + t)]), scale=1.0, dtype=np.float64)
    assert abs(d[0] - math.exp(0.5)) < {3: 1e-9, 5: 1e-11, 7: 1e-11}[order]
    with pytest.raises(ValueError):
        central_fdm(order=4)


def test_custom_fdm_is_used():
    seen = []

    def fdm(g, *, scale, dtype):
        seen.append(dtype)
        return central_fdm(order=7)(g, scale=scale, dtype=dtype)

    assert test_forward(scaled_square, D, (np.float32(3.0), D), np.float32(2.0), fdm=fdm) == 1
    assert seen == [np.float32]

    def broken(g, *, scale, dtype):
        return 1.5 * central_fdm()(g, scale=scale, dtype=dtype)

    with pytest.raises(AssertionError, match="finite differences"):
        test_reverse(scaled_square, A, (3.0, A), 2.0, fdm=broken)
