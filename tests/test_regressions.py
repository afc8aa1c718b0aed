"""Derivatives that were once wrong or crashed, each checked against exact values or finite differences."""

import numba
import numpy as np
import pytest

import pyenzyme as pe
from tests.fd import fd_directional


def reverse_grads(f, arrays, scalars=(), consts=()):
    """Combined reverse mode: (gradients of the arrays, derivatives of the scalars, primal)."""
    shadows = [np.zeros_like(a) for a in arrays]
    args = (
        [pe.Duplicated(a.copy(), s) for a, s in zip(arrays, shadows)]
        + [pe.Active(v) for v in scalars]
        + [pe.Const(c) for c in consts]
    )
    derivs, primal = pe.autodiff(pe.ReverseWithPrimal, f, pe.Active, *args)
    return shadows, derivs[len(arrays) : len(arrays) + len(scalars)], primal


def split_grads(f, arrays, scalars=(), consts=()):
    types = (
        [pe.Duplicated[numba.typeof(a)] for a in arrays]
        + [pe.Active[numba.float64] for _ in scalars]
        + [pe.Const[numba.typeof(c)] for c in consts]
    )
    forward, reverse = pe.autodiff_thunk(pe.ReverseSplitWithPrimal, pe.Const[pe.typeof(f)], pe.Active, *types)
    shadows = [np.zeros_like(a) for a in arrays]
    args = (
        [pe.Duplicated(a.copy(), s) for a, s in zip(arrays, shadows)]
        + [pe.Active(v) for v in scalars]
        + [pe.Const(c) for c in consts]
    )
    tape, primal, _ = forward(pe.Const(f), *args)
    derivs = reverse(pe.Const(f), *args, 1.0, tape)[0]
    return shadows, derivs[len(arrays) : len(arrays) + len(scalars)], primal


def forward_tangent(f, arrays, tangents, consts=()):
    args = [pe.Duplicated(a.copy(), t.copy()) for a, t in zip(arrays, tangents)] + [pe.Const(c) for c in consts]
    return pe.autodiff(pe.Forward, f, pe.Duplicated, *args)


# -- values saved once per loop run: an inner loop that exits into the header of the loop around it ------
@numba.njit
def nested_hoist(x, z, a, b):
    n = len(x)
    s1 = 0.5 * a
    s2 = 0.5 * a
    for i in range(x.shape[0]):
        for j in range(i):
            for q in range(n - 1):
                s2 = s2 + 0.1 * (z[i])
                t4 = np.tanh(s1)  # noqa: F841
                x[q % n] = 0.5 * x[q % n] + 0.3 * np.sin(x[i % n])
            if j**3 > 0.0:
                s1 *= 1.0 + 0.1 * np.tanh(1.0 + a * a)
            t5 = z[j % n]  # noqa: F841
    return s2


@pytest.mark.parametrize("grads", [reverse_grads, split_grads], ids=["combined", "split"])
def test_inner_loop_exiting_into_outer_header(grads):
    x = np.array([-0.21, -0.999, 0.082, 0.77])
    z = np.array([0.3, -0.4, 0.5, 0.9])
    (dx, dz), (da, db), primal = grads(nested_hoist, [x, z], [0.62, 1.09])
    # z[i] is added i * (n - 1) times with weight 0.1
    np.testing.assert_allclose(dz, [0.0, 0.3, 0.6, 0.9], rtol=0, atol=1e-12)
    np.testing.assert_array_equal(dx, np.zeros(4))
    assert (da, db) == (0.5, 0.0)
    assert primal == nested_hoist(x.copy(), z, 0.62, 1.09)


@numba.njit
def md_energy(pos, box, nc):
    """Smooth pair energy over a linked-cell list built inside the kernel (27 neighbour cells, wrap)."""
    n = pos.shape[0]
    head = np.full(nc * nc * nc, -1, dtype=np.int64)
    nxt = np.full(n, -1, dtype=np.int64)
    for i in range(n):
        c = ((int(pos[i, 0] / box * nc) % nc) * nc + int(pos[i, 1] / box * nc) % nc) * nc + int(
            pos[i, 2] / box * nc
        ) % nc
        nxt[i] = head[c]
        head[c] = i
    e = 0.0
    for i in range(n):
        cx, cy, cz = int(pos[i, 0] / box * nc), int(pos[i, 1] / box * nc), int(pos[i, 2] / box * nc)
        for ox in range(-1, 2):
            for oy in range(-1, 2):
                for oz in range(-1, 2):
                    j = head[(((cx + ox) % nc) * nc + (cy + oy) % nc) * nc + (cz + oz) % nc]
                    while j >= 0:
                        if j > i:
                            r2 = 0.0
                            for k in range(3):
                                d = pos[i, k] - pos[j, k]
                                d = d - box * np.rint(d / box)
                                r2 += d * d
                            if r2 < 1.0:
                                s = 1.0 - r2
                                e += s * s * s
                        j = nxt[j]
    return e


def test_linked_cell_energy_gradient():
    pos = np.random.default_rng(1).random((40, 3)) * 3.0
    (g,), _, _ = reverse_grads(md_energy, [pos], consts=(3.0, 3))
    v = np.random.default_rng(2).standard_normal(pos.shape)
    fd = fd_directional(md_energy, [pos, 3.0, 3], 0, v, h=1e-6)[0]
    assert np.vdot(g, v) == pytest.approx(fd, rel=1e-7)
    _, tangent = forward_tangent(md_energy, [pos], [v], consts=(3.0, 3))
    assert np.vdot(g, v) == pytest.approx(tangent, rel=1e-11)


# -- a constant allocation rebound to one that carries active data ------------------------------------------
@numba.njit
def rebound_state(ys):
    P = np.zeros(2)
    for t in range(ys.shape[0] - 1):
        Pn = np.empty(2)
        Pn[0] = P[0] * 0.5 + ys[t]
        Pn[1] = P[1] + ys[t + 1]
        P = Pn
    return P[0] + P[1]


@numba.njit
def rebound_expression(x0, dt, n):
    x = np.zeros(4)
    for _ in range(n):
        x = x + dt * np.sin(x + x0)
    return np.sum(x * x)


def test_phi_of_constant_and_active_allocation():
    ys = np.arange(5.0)
    exact = np.array([0.125, 1.25, 1.5, 2.0, 1.0])  # P[0] = sum 0.5^(3-t) ys[t], P[1] = ys[1] + ... + ys[4]
    for grads in (reverse_grads, split_grads):
        (g,), _, primal = grads(rebound_state, [ys])
        np.testing.assert_allclose(g, exact, rtol=0, atol=1e-12)
        assert primal == rebound_state(ys)
    v = np.linspace(-1.0, 1.0, 5)
    assert forward_tangent(rebound_state, [ys], [v]) == pytest.approx((rebound_state(ys), exact @ v), abs=1e-12)


def test_array_expression_rebound_in_a_loop():
    x0 = np.array([0.1, 0.2, -0.3, 0.5])
    (g,), (ddt,), _ = reverse_grads(rebound_expression, [x0], [0.1], consts=(5,))
    for i, e in enumerate(np.eye(4)):
        assert g[i] == pytest.approx(fd_directional(rebound_expression, [x0, 0.1, 5], 0, e)[0], rel=1e-8)
    assert ddt == pytest.approx(fd_directional(rebound_expression, [x0, 0.1, 5], 1, 1.0)[0], rel=1e-8)
    _, tangent = forward_tangent(rebound_expression, [x0], [np.ones(4)], consts=(0.1, 5))
    assert tangent == pytest.approx(g.sum(), rel=1e-12)


# -- an active scalar inside a 2-D literal (nested lists: list memory holding list pointers) ---------------
@numba.njit
def literal_2d(s):
    A = np.array([[1.0, s], [0.0, 1.0]])
    return A[0, 1] * A[0, 0] + A.sum() + A[0, 1] * A[0, 1]


def test_active_scalar_in_2d_literal():
    s = 2.0
    assert pe.autodiff(pe.Forward, literal_2d, pe.Duplicated, pe.Duplicated(s, 1.0)) == (literal_2d(s), 2.0 + 2 * s)
    assert pe.autodiff(pe.Reverse, literal_2d, pe.Active, pe.Active(s)) == ((2.0 + 2 * s,),)


# -- recursion with an integer argument (Numba resolves the recursive call at run time) ---------------------
@numba.njit
def _rec_poly(a, n):
    return 1.0 if n == 0 else a * _rec_poly(a, n - 1)


@numba.njit
def calls_rec_poly(a):
    return _rec_poly(a, 4) + 0.5 * a


def test_recursion_with_int_argument_forward():
    assert pe.autodiff(pe.Forward, calls_rec_poly, pe.Duplicated, pe.Duplicated(2.0, 1.0)) == (17.0, 32.5)
    assert pe.autodiff(pe.Forward, _rec_poly, pe.Duplicated, pe.Duplicated(1.5, 1.0), 3) == (3.375, 6.75)


def test_recursion_with_int_argument_reverse():
    # once refused with a raw-IR message; the recursive call now gets its own split derivative
    assert pe.autodiff(pe.Reverse, calls_rec_poly, pe.Active, pe.Active(2.0)) == ((32.5,),)
    assert pe.autodiff(pe.Reverse, _rec_poly, pe.Active, pe.Active(1.5), 3) == ((6.75, None),)


# -- a constant argument merged with active memory: refused, never read through a null shadow --------------
@numba.njit
def choose(x, c, flag):
    a = x if flag > 0 else c
    return a[0] * a[1]


@pytest.mark.parametrize("mode", ["forward", "reverse"])
def test_constant_argument_merged_with_active_memory(mode):
    x, c = np.array([1.0, 2.0]), np.array([3.0, 4.0])
    with pytest.raises(pe.NotDifferentiableError, match="argument `c` .a constant argument. is merged with"):
        if mode == "forward":
            pe.autodiff(pe.Forward, choose, pe.Duplicated, pe.Duplicated(x, np.ones(2)), pe.Const(c), 0)
        else:
            pe.autodiff(pe.Reverse, choose, pe.Active, pe.Duplicated(x, np.zeros(2)), pe.Const(c), 0)
    # both made active, the derivative flows through whichever is chosen
    dx, dc = np.zeros(2), np.zeros(2)
    pe.autodiff(pe.Reverse, choose, pe.Active, pe.Duplicated(x, dx), pe.Duplicated(c, dc), 0)
    assert (list(dx), list(dc)) == ([0.0, 0.0], [4.0, 3.0])


# -- print() of values is inactive ------------------------------------------------------------------------
@numba.njit
def prints(x, a):
    y = x * a
    print("y:", y, "a:", a, 3)
    return np.sum(y * y)


def test_print_is_inactive(capfd):
    x = np.array([1.0, 2.0])
    dx = np.zeros(2)
    assert pe.autodiff(pe.Reverse, prints, pe.Active, pe.Duplicated(x, dx), pe.Active(1.5)) == ((None, 15.0),)
    np.testing.assert_array_equal(dx, [4.5, 9.0])  # 2 a^2 x
    assert pe.autodiff(pe.Forward, prints, pe.Duplicated, pe.Duplicated(x, np.ones(2)), pe.Duplicated(1.5, 0.0)) == (
        11.25,
        13.5,
    )
    assert capfd.readouterr().out.count("y: [1.5 3. ] a: 1.5 3") == 2


@numba.njit
def through_objmode(x):
    with numba.objmode(y="float64"):
        y = float(np.sum(x) * 2)
    return y * x[0]


def test_objmode_is_refused():
    with pytest.raises(pe.NotDifferentiableError, match="object-mode call into the Python interpreter"):
        pe.autodiff(pe.Reverse, through_objmode, pe.Active, pe.Duplicated(np.ones(2), np.zeros(2)))


# -- a loop-carried array rebound in an inner loop that may not run: the phi cycle still has its roots ------
@numba.njit
def rebound_in_inner_loop(x):
    P = np.zeros(3)
    for i in range(x.shape[0]):
        t = x[i] + P[0]
        k = 0
        while k < 2 and t < 0.6:
            P = 0.5 * P + t
            k += 1
    return P[-1]


def test_loop_carried_rebinding_through_a_loop_that_may_not_run():
    x = np.array([-0.72, -0.99, -0.80, -0.85, -0.48, 0.51])
    (g,), _, primal = reverse_grads(rebound_in_inner_loop, [x])
    for i, e in enumerate(np.eye(6)):
        assert g[i] == pytest.approx(fd_directional(rebound_in_inner_loop, [x], 0, e)[0], rel=1e-8)
    assert forward_tangent(rebound_in_inner_loop, [x], [np.ones(6)]) == pytest.approx((primal, g.sum()), rel=1e-13)


@numba.njit
def slice_assign_then_solve(x):
    """Numba's slice assignment and its np.linalg.solve each define the same exception-argument helper
    (`__excinfo_unwrap_args<hash>`, external); linking their IR failed with "symbol multiply defined"."""
    e = np.empty_like(x)
    e[:] = x * 2.0
    k = np.diag(np.arange(1.0, x.shape[0] + 1.0)) + 0.05 * np.outer(np.sin(x), np.cos(x))
    return np.sum(np.linalg.solve(k, x)) + e[-1]


def test_functions_numba_defines_in_two_libraries_link_once():
    x = np.linspace(0.1, 0.5, 3)
    v = np.array([0.3, -1.0, 0.7])
    (g,), _, _ = reverse_grads(slice_assign_then_solve, [x])
    _, t = pe.autodiff(pe.Forward, slice_assign_then_solve, pe.Duplicated, pe.Duplicated(x.copy(), v))
    assert t == pytest.approx(float(g @ v), rel=1e-12)
    assert t == pytest.approx(fd_directional(slice_assign_then_solve, [x], 0, v)[0], rel=1e-8)


_NEWGVN_KERNEL = """
import math, sys
import numba, numpy as np
import pyenzyme as pe

@numba.njit
def get0(z, r):
    acc = 0.0
    for j in range(0, z.shape[0]):
        acc += r
    return acc

@numba.njit
def put1(z, r):
    for j in range(z.shape[0]):
        z[j] = np.tanh((z[j] - z[j]) * (0.5 * z[j]))

@numba.njit
def kernel(n, c, x, a, b):
    s0 = 0.0
    for i0 in range(len(x)):
        s0 -= max(0.25, np.tanh(s0))
    s0 = 0.5 * s0 + x[0]
    e0 = np.empty((x.shape[0], n))
    for i1 in range(len(x)):
        for i2 in range(x.shape[0]):
            e0[i1, i2] = (a - (0.1 * i1)) * (a - 0.5)
    for i3 in range(n):
        if np.sqrt(c) > 0.3:
            for i4 in range(1, len(x) - 1):
                for i5 in range(1, len(x) - 1):
                    s0 += get0(e0[i5], np.tanh(np.sum(np.sin(e0 @ x))))
                for i6 in range(len(x)):
                    K0 = np.diag(np.arange(1.0, x.shape[0] + 1.0)) + 0.05 * np.outer(np.sin(x), np.cos(x + x))
                    s0 += 0.1 * np.sum(np.linalg.qr(K0)[1] ** 2)
                if math.sqrt(c) - 0.25 < 0.5:
                    s0 += a
                    v0 = e0[0, i4]
                    put1(x, np.sum(e0 * e0))
                else:
                    s0 += a
            for i7 in range(n):
                v1 = e0[len(x) - 1 - i7, i3] ** 2
        else:
            put1(x, x[-1] + (a * 0.3))
    return s0 + x[-1]

x = np.linspace(-0.8, 0.8, 3)
_, t = pe.autodiff(pe.Forward, kernel, pe.Duplicated, 3, pe.Duplicated(1.36, 0.0), pe.Duplicated(x.copy(), np.ones(3)),
                   pe.Duplicated(0.88, 1.0), pe.Duplicated(-0.53, 0.0))
g = np.zeros(3)
d = pe.autodiff(pe.Reverse, kernel, pe.Active, 3, pe.Const(1.36), pe.Duplicated(x.copy(), g), pe.Active(0.88), pe.Const(-0.53))
assert abs(t - (g.sum() + d[0][3])) <= 1e-12 * max(1.0, abs(t)), (t, g.sum() + d[0][3])
print("ok")
"""


def test_the_pre_ad_pipeline_does_not_abort_in_newgvn():
    """Regression (fuzzer): LLVM's NewGVN aborted the process on an assertion ("Representative MemoryAccess
    mismatch") in its phi-of-ops transform on this kernel; run in a subprocess, so an abort fails the test."""
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-c", _NEWGVN_KERNEL], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0 and r.stdout.strip() == "ok", r.stderr[-2000:]
