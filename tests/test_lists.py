"""Lists that grow in differentiated code: append, and sorted() (which builds a list by appending).

A list's items live in one buffer that Numba reallocates as the list grows;
its shadow is reallocated with it (the new part zeroed), and the reverse
sweep finds the adjoints of the items where they are at its end, through
the list itself. Each kernel is checked forward against reverse by the
dot-product identity and against central finite differences, with exact
values where they are known.
"""

import subprocess
import sys

import numba
import numpy as np
import pytest

import pyenzyme as pe
from tests.fd import fd_directional


@numba.njit
def selected_squares(x):
    out = []
    for i in range(x.shape[0]):
        if x[i] > 0.3:
            out.append(x[i] * x[i])
    s = 0.0
    for v in out:
        s += np.sin(v)
    return s


@numba.njit
def weighted_sorted(x):
    ys = sorted(x)
    s = 0.0
    for i in range(len(ys)):
        s += (i + 1) * ys[i]
    return s


@numba.njit
def read_while_growing(x):
    """Items read back between appends: their adjoints must follow them into each new buffer."""
    out = [x[0]]
    s = 0.0
    for i in range(1, x.shape[0]):
        out.append(out[i - 1] * 0.5 + np.cos(x[i]))
        s += out[0] * out[i]
    return s + out[-1]


@numba.njit
def grow_then_overwrite(x):
    out = []
    for i in range(x.shape[0]):
        out.append(x[i])
    for _ in range(3):
        for i in range(len(out)):
            out[i] = np.tanh(out[i] + out[(i + 1) % len(out)])
    return out[0] + out[-1] * 2.0


@numba.njit
def comprehension(x):
    return sum([np.sin(x[i]) ** 2 for i in range(x.shape[0])])


@numba.njit
def list_of_arrays(x):
    out = []
    for k in range(4):
        out.append(x * (k + 1.0))
    s = 0.0
    for a in out:
        s += np.sum(np.sin(a))
    return s


@numba.njit
def grow_and_pop(x):
    out = [0.0]
    for i in range(x.shape[0]):
        out.append(x[i] * out[-1] + 1.0)
    t = 0.0
    while len(out) > 3:
        t += out.pop() * 0.5
    return t + out[-1]


KERNELS = [
    selected_squares,
    weighted_sorted,
    read_while_growing,
    grow_then_overwrite,
    comprehension,
    list_of_arrays,
    grow_and_pop,
]
RNG = np.random.default_rng(31)


@pytest.mark.parametrize("f", KERNELS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("n", [1, 5, 37])
def test_growing_lists_forward_reverse_and_finite_differences(f, n):
    x = RNG.uniform(-1.0, 1.0, n)
    g = np.zeros(n)
    pe.autodiff(pe.Reverse, f, pe.Active, pe.Duplicated(x.copy(), g))
    v = RNG.standard_normal(n)
    primal, tangent = pe.autodiff(pe.Forward, f, pe.Duplicated, pe.Duplicated(x.copy(), v.copy()))
    assert primal == pytest.approx(f(x.copy()), rel=1e-14)
    assert tangent == pytest.approx(float(g @ v), rel=1e-12, abs=1e-13)
    # a step of 1e-4: the values reach 50, so rounding swamps a smaller one (4th-order error ~1e-16)
    assert tangent == pytest.approx(fd_directional(f, [x.copy()], 0, v, h=1e-4)[0], rel=1e-8, abs=1e-9)


def test_sorted_gradient_is_the_rank_weight():
    x = RNG.permutation(np.arange(9.0)) * 0.37
    g = np.zeros_like(x)
    pe.autodiff(pe.Reverse, weighted_sorted, pe.Active, pe.Duplicated(x, g))
    np.testing.assert_array_equal(g, np.argsort(np.argsort(x)) + 1.0)


def test_batch_and_split_modes():
    x = RNG.uniform(-1.0, 1.0, 12)
    g = np.zeros(12)
    pe.autodiff(pe.Reverse, read_while_growing, pe.Active, pe.Duplicated(x.copy(), g))
    lanes = (np.zeros(12), np.zeros(12))
    pe.autodiff(pe.Reverse, read_while_growing, pe.Active, pe.BatchDuplicated(x.copy(), lanes))
    for lane in lanes:
        np.testing.assert_allclose(lane, g, rtol=1e-14, atol=1e-15)
    fwd, rev = pe.autodiff_thunk(
        pe.ReverseSplitWithPrimal, pe.Const[pe.typeof(read_while_growing)], pe.Active, pe.Duplicated[pe.typeof(x)]
    )
    shadow = np.zeros(12)
    tape, primal, _ = fwd(pe.Const(read_while_growing), pe.Duplicated(x.copy(), shadow))
    assert primal == pytest.approx(read_while_growing(x.copy()), rel=1e-14)
    rev(pe.Const(read_while_growing), pe.Duplicated(x.copy(), shadow), 1.0, tape)
    np.testing.assert_allclose(shadow, g, rtol=1e-14, atol=1e-15)


# Found by the fuzzer: a list in a loop, then arrays rebound in nested loops and branches (many phis of
# pointers). Deciding which pointers point into a list's moving memory walked those phis again and
# again: building this gradient took more than four minutes; now a few seconds.
MANY_POINTER_PHIS = """import numba
import numpy as np

import pyenzyme as pe


@numba.njit
def get0(z, r):
    acc = 0.0
    for j in range(1, z.shape[0]):
        acc += (z[j - 1] * z[j]) + 0.25
    return acc


@numba.njit
def kernel(y, A, z, x, m):
    s0 = 0.0
    for i0 in range(m - 1, -1, -1):
        L0 = [x[-1] * y[-1]]
        for i1 in range(m - 1, -1, -1):
            L0.append(0.5 * L0[-1] + 0.5 * np.sin(y[-1] ** 3))
        s0 += 0.1 * sum(L0)
    s0 -= np.sum(A[-1, -1] - x)
    x = x + 0.5 * 0.25 * np.sin(x * y + x[-1])
    for i2 in range(A.shape[0] - 1, -1, -1):
        for i3 in range(1, A.shape[0] - 1):
            y = y + 0.1 * np.sin(z * z + A[i3, i3 - z.shape[0]])
            if 0.1 * i3 < 0.5:
                s0 += abs(get0(z, np.tanh(s0)))
                for i4 in range(1, m - 1):
                    x = x + 0.5 * (0.1 * i4) * np.sin(z * 0.5 + z[i2])
                    s0 += np.tanh(s0)
            else:
                y = 0.5 * y + 0.5 * np.tanh((x * y[i2]) * 1.5)
                for i5 in range(m - 1, -1, -1):
                    v0 = (0.5 * y[i2]) - A[i3, i2]
                    w0 = np.zeros_like(A)
                if x[i2] < 0.1:
                    w1 = np.zeros_like(z)
    return s0 + 0.5 * A[-1, -1]


r = np.random.default_rng(0)
y, z, x, A = r.uniform(-1, 1, 5), r.uniform(-1, 1, 5), r.uniform(-1, 1, 5), r.uniform(-1, 1, (6, 6))
gy, gx = np.zeros(5), np.zeros(5)
args = pe.Duplicated(y, gy), pe.Const(A), pe.Const(z), pe.Duplicated(x, gx), pe.Const(4)
pe.autodiff(pe.Reverse, kernel, pe.Active, *args)
assert np.all(np.isfinite(gx)) and np.any(gx != 0.0)
"""


def test_many_pointer_phis_around_a_list_build_quickly():
    subprocess.run([sys.executable, "-c", MANY_POINTER_PHIS], timeout=150, check=True)
