"""Split reverse mode: forward now, reverse later; tapes; modified_between; Duplicated returns."""

import gc
import math

import numba
import numpy as np
import pytest

import pyenzyme as pe
from pyenzyme.split import TapeError
from tests import kernels as K
from tests import kernels_adbench as A


def overwrite(A, v):
    res = A[0] * v
    A[0] = 0.0
    return res


@pytest.mark.parametrize("thunk", [pe.autodiff_thunk, pe.autodiff_deferred_thunk])
def test_api_example(thunk):
    A_, dA = np.array([2.2]), np.zeros(1)
    forward, reverse = thunk(
        pe.ReverseSplitWithPrimal,
        pe.Const[pe.typeof(overwrite)],
        pe.Active,
        pe.Duplicated[pe.typeof(A_)],
        pe.Active[numba.float64],
    )
    tape, result, shadow = forward(pe.Const(overwrite), pe.Duplicated(A_, dA), pe.Active(3.3))
    _, dv = reverse(pe.Const(overwrite), pe.Duplicated(A_, dA), pe.Active(3.3), 1.0, tape)[0]
    assert (result, dv, list(dA)) == (7.26, 2.2, [3.3])
    assert shadow is None and A_[0] == 0.0


def test_no_primal_mode():
    forward, reverse = pe.autodiff_thunk(
        pe.ReverseSplitNoPrimal,
        pe.Const[pe.typeof(overwrite)],
        pe.Active,
        pe.Duplicated[pe.typeof(np.zeros(1))],
        pe.Active[numba.float64],
    )
    A_, dA = np.array([2.0]), np.zeros(1)
    tape, primal, shadow = forward(pe.Const(overwrite), pe.Duplicated(A_, dA), pe.Active(4.0))
    assert primal is None and shadow is None
    assert reverse(pe.Const(overwrite), pe.Duplicated(A_, dA), pe.Active(4.0), 2.0, tape) == ((None, 4.0),)
    assert dA[0] == 8.0


def split_run(f, ret, specs, dret=1.0):
    """specs: list of (activity class, value, shadow or None); returns (derivs, shadows after)."""
    types_ = [cls[numba.typeof(v)] for cls, v, _ in specs]
    forward, reverse = pe.autodiff_thunk(pe.ReverseSplitWithPrimal, pe.Const[pe.typeof(f)], ret, *types_)

    def ann():
        return [cls(v, s) if s is not None else cls(v) for cls, v, s in specs]

    tape, primal, _ = forward(pe.Const(f), *ann())
    rest = (dret, tape) if ret is pe.Active else (tape,)
    return reverse(pe.Const(f), *ann(), *rest)[0], primal


def combined_run(f, ret, specs):
    args = [cls(v, s) if s is not None else cls(v) for cls, v, s in specs]
    return pe.autodiff(pe.ReverseWithPrimal, f, ret, *args)


CORPUS = [
    ("sumsq", K.sumsq, lambda r: [(pe.Duplicated, r.uniform(0.1, 1, 50), "z")]),
    ("rosenbrock", K.rosenbrock, lambda r: [(pe.Duplicated, r.uniform(0.1, 1, 50), "z")]),
    ("temporary", K.with_temporary, lambda r: [(pe.Duplicated, r.uniform(0.1, 1, 20), "z")]),
    ("newton", K.newton_sqrt, lambda r: [(pe.Active, 7.3, None)]),
    ("branches", K.branches_early_return, lambda r: [(pe.Active, 1.5, None), (pe.Active, 1.3, None)]),
    ("helpers", K.with_helpers, lambda r: [(pe.Duplicated, r.standard_normal(10), "z"), (pe.Active, 0.7, None)]),
    (
        "gmm",
        A.gmm_objective,
        lambda r: (
            [(pe.Duplicated, a, "z") for a in A.gmm_inputs(2, 3, 20)[:3]]
            + [(pe.Const, a, None) for a in A.gmm_inputs(2, 3, 20)[3:]]
        ),
    ),
    (
        "lstm",
        A.lstm_objective,
        lambda r: (
            [(pe.Duplicated, a, "z") for a in A.lstm_inputs(2, 3, 4)[:2]]
            + [(pe.Const, a, None) for a in A.lstm_inputs(2, 3, 4)[2:]]
        ),
    ),
]


@pytest.mark.parametrize("name, f, make", CORPUS, ids=[c[0] for c in CORPUS])
def test_split_equals_combined(name, f, make):
    specs = make(np.random.default_rng(0))

    def fresh():
        return [
            (c, v.copy() if isinstance(v, np.ndarray) else v, np.zeros_like(v) if s == "z" else s) for c, v, s in specs
        ]

    s1, s2 = fresh(), fresh()
    d_split, p_split = split_run(f, pe.Active, s1)
    d_comb, p_comb = combined_run(f, pe.Active, s2)
    assert p_split == pytest.approx(p_comb, rel=1e-14)
    for a, b in zip(d_split, d_comb):
        assert (a is None) == (b is None) and (a is None or a == pytest.approx(b, rel=1e-14))
    for (_, _, sh1), (_, _, sh2) in zip(s1, s2):
        if isinstance(sh1, np.ndarray):
            np.testing.assert_allclose(sh1, sh2, rtol=1e-14, atol=1e-300)


def test_in_place_stencil_split_equals_combined():
    r = np.random.default_rng(1)
    u0 = r.uniform(-1, 1, (6, 5))
    w = r.standard_normal(u0.shape)
    u1, b1 = u0.copy(), w.copy()
    split_run(K.stencil_step, pe.Const, [(pe.Duplicated, u1, b1), (pe.Const, 0.1, None), (pe.Const, 3, None)])
    u2, b2 = u0.copy(), w.copy()
    pe.autodiff(pe.Reverse, K.stencil_step, pe.Const, pe.Duplicated(u2, b2), 0.1, 3)
    np.testing.assert_allclose(b1, b2, rtol=1e-14)
    np.testing.assert_array_equal(u1, u2)


def cube_sum(x):
    s = 0.0
    for i in range(x.shape[0]):
        s += x[i] ** 3
    return s


def test_primal_changed_between_sweeps():
    x = np.array([1.0, 2.0, 3.0])
    tx = numba.typeof(x)
    safe = pe.autodiff_thunk(pe.ReverseSplitWithPrimal, pe.Const[pe.typeof(cube_sum)], pe.Active, pe.Duplicated[tx])
    lean = pe.autodiff_thunk(
        pe.ReverseModeSplit(return_primal=True, modified_between=False),
        pe.Const[pe.typeof(cube_sum)],
        pe.Active,
        pe.Duplicated[tx],
    )
    results = {}
    for label, (forward, reverse) in (("safe", safe), ("lean", lean)):
        xx, dx = x.copy(), np.zeros(3)
        tape, _, _ = forward(pe.Const(cube_sum), pe.Duplicated(xx, dx))
        results[label + "_bytes"] = tape.nbytes
        xx[:] = 100.0  # the caller changes the primal between the sweeps
        reverse(pe.Const(cube_sum), pe.Duplicated(xx, dx), 1.0, tape)
        results[label] = dx.copy()
    np.testing.assert_array_equal(results["safe"], 3 * x**2)  # default: cached, still right
    np.testing.assert_array_equal(results["lean"], 3 * np.full(3, 100.0) ** 2)  # recomputed from new values
    assert results["lean_bytes"] < results["safe_bytes"]


def test_tape_misuse():
    x = np.ones(3)
    tx = numba.typeof(x)
    f1 = pe.autodiff_thunk(pe.ReverseSplitWithPrimal, pe.Const[pe.typeof(cube_sum)], pe.Active, pe.Duplicated[tx])
    f2 = pe.autodiff_thunk(pe.ReverseSplitWithPrimal, pe.Const[pe.typeof(K.sumsq)], pe.Active, pe.Duplicated[tx])
    dx = np.zeros(3)
    tape, _, _ = f1[0](pe.Const(cube_sum), pe.Duplicated(x, dx))
    with pytest.raises(TapeError, match="tape: made by the forward of cube_sum"):
        f2[1](pe.Const(K.sumsq), pe.Duplicated(x, dx), 1.0, tape)
    with pytest.raises(TapeError, match=r"tape: argument 1 is \(\(4,\)"):
        f1[1](pe.Const(cube_sum), pe.Duplicated(np.ones(4), np.zeros(4)), 1.0, tape)
    f1[1](pe.Const(cube_sum), pe.Duplicated(x, dx), 1.0, tape)
    with pytest.raises(TapeError, match="already consumed"):
        f1[1](pe.Const(cube_sum), pe.Duplicated(x, dx), 1.0, tape)
    with pytest.raises(TapeError, match="expected the Tape"):
        f1[1](pe.Const(cube_sum), pe.Duplicated(x, dx), 1.0, "not a tape")
    for _ in range(50):  # unused tapes are freed by garbage collection, without a crash
        f1[0](pe.Const(cube_sum), pe.Duplicated(x, dx))
    gc.collect()


def squares_out(x):
    y = np.empty_like(x)
    for i in range(x.shape[0]):
        y[i] = x[i] * x[i] + math.sin(x[i])
    return y


@pytest.mark.parametrize("ret", [pe.Duplicated, pe.DuplicatedNoNeed])
def test_duplicated_return(ret):
    x = np.array([0.5, 1.0, 2.0])
    forward, reverse = pe.autodiff_thunk(
        pe.ReverseSplitWithPrimal, pe.Const[pe.typeof(squares_out)], ret, pe.Duplicated[numba.typeof(x)]
    )
    dx = np.zeros(3)
    tape, y, shadow = forward(pe.Const(squares_out), pe.Duplicated(x, dx))
    np.testing.assert_allclose(y, x * x + np.sin(x))
    assert isinstance(shadow, np.ndarray) and shadow.shape == (3,)
    w = np.array([1.0, -2.0, 0.5])
    reverse(pe.Const(squares_out), pe.Duplicated(x, dx), w, tape)
    np.testing.assert_allclose(dx, w * (2 * x + np.cos(x)), rtol=1e-14)


def test_split_mode_errors():
    with pytest.raises(pe.ActivityError, match="return: pe.Duplicated needs a function returning a float array"):
        pe.autodiff_thunk(
            pe.ReverseSplitWithPrimal,
            pe.Const[pe.typeof(cube_sum)],
            pe.Duplicated,
            pe.Duplicated[numba.typeof(np.ones(2))],
        )
    forward, _ = pe.autodiff_thunk(
        pe.ReverseSplitWithPrimal, pe.Const[pe.typeof(cube_sum)], pe.Active, pe.Duplicated[numba.typeof(np.ones(2))]
    )
    with pytest.raises(pe.ActivityError, match="argument 1: expected pe.Duplicated"):
        forward(pe.Const(cube_sum), pe.Const(np.ones(2)))
