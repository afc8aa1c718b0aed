"""Run the reverse-mode derivatives of the hand-written IR in tests/ir (reverse_*.ll) and check the numbers.

The FileCheck side of those files is their `; RUN:` lines (tests/ir/conftest.py).
Here each function is differentiated through `llvm_passes.driver` as written
(no pre-AD pipeline, as its RUN lines do), the derivative and the primal are
JIT-compiled with llvmlite's MCJIT and called through ctypes: gradients
against closed forms and central finite differences of the compiled primal,
and the tape size each derivative reports.

The generated function takes, per primal argument: the argument; for `dup`
its shadow pointer; for `active` a pointer its adjoint is added into; and
last a pointer that receives the tape size in bytes (may be null).
"""

from __future__ import annotations

import ctypes
import math
from pathlib import Path

import llvmlite.binding as llb
import numpy as np
import pytest

from llvm_passes import driver
from llvm_passes.ir.reader import read_function
from tests.llvm_helpers import mcjit

IR_DIR = Path(__file__).parent / "ir"
# the activities each file's RUN line differentiates with
KINDS = {
    "reverse_loop_sumsq": ("sumsq", "dup,dup,const"),
    "reverse_branch_phi": ("f", "dup,active,active"),
    "reverse_inplace_square": ("square_all", "dup,const"),
    "reverse_inplace_nested": ("repeat_square", "dup,const,const"),
    "reverse_while_float": ("powgrow", "dup,active,const"),
    "reverse_while_counter": ("partial", "dup,dup,const,const"),
    "reverse_while_top": ("tw", "dup,dup,const,const"),
    "reverse_countdown": ("down", "dup,dup,const"),
    "reverse_nested_break": ("brk", "dup,dup,const,const,const"),
    "reverse_triangular": ("tri", "dup,const"),
}


def test_every_reverse_file_runs_here():
    assert sorted(KINDS) == sorted(p.stem for p in IR_DIR.glob("reverse_*.ll"))
    for stem, (fn, kinds) in KINDS.items():
        assert f"--fn {fn} --mode reverse --activity {kinds} " in (IR_DIR / f"{stem}.ll").read_text(), stem


# -- running the derivatives -------------------------------------------------------------------
_KEEP: list = []
_CALLS: dict[str, int] = {}
_ready = False


def _llvm_init() -> None:
    """Native target; the NRT release functions the deferred-free list may call are not in this
    process: bind them to counting stubs (these tests free nothing, so they must stay at 0)."""
    global _ready
    if _ready:
        return
    llb.initialize_native_target()
    llb.initialize_native_asmprinter()
    for name in ("NRT_decref", "NRT_Free"):

        def stub(p, _name=name):
            _CALLS[_name] = _CALLS.get(_name, 0) + 1

        cb = ctypes.CFUNCTYPE(None, ctypes.c_void_p)(stub)
        _KEEP.append(cb)
        llb.add_symbol(name, ctypes.cast(cb, ctypes.c_void_p).value)
    _ready = True


def _jit(text: str):
    _llvm_init()
    return mcjit(text)


def _ctype(ty) -> type:
    s = str(ty)
    return {
        "ptr": ctypes.c_void_p,
        "double": ctypes.c_double,
        "float": ctypes.c_float,
        "i64": ctypes.c_int64,
        "i32": ctypes.c_int32,
    }[s]


_COMPILED: dict = {}


def compiled(stem: str):
    """(primal, derivative) ctypes functions for tests/ir/<stem>.ll."""
    if stem in _COMPILED:
        return _COMPILED[stem]
    fn, kinds = KINDS[stem]
    text = (IR_DIR / f"{stem}.ll").read_text()
    mod = driver.load([text], fn, run_pre_ad=False)
    func = read_function(mod, fn)
    ee_rev = _jit(driver.derivative(mod, fn, "reverse", kinds))
    ee_primal = _jit(text)
    ret = _ctype(func.return_type)
    ptys = [_ctype(a.type) for a in func.args]
    rtys = []
    for t, k in zip(ptys, kinds.split(",")):
        rtys.append(t)
        if k == "dup" or k == "active":
            rtys.append(ctypes.c_void_p)
    rtys.append(ctypes.c_void_p)
    primal = ctypes.CFUNCTYPE(ret, *ptys)(ee_primal.get_function_address(fn))
    rev = ctypes.CFUNCTYPE(ret, *rtys)(ee_rev.get_function_address(f"rev.{fn}"))
    _COMPILED[stem] = (primal, rev)
    return primal, rev


def ptr(a: np.ndarray) -> int:
    assert a.flags.c_contiguous
    return a.ctypes.data


def dref(c) -> ctypes.c_void_p:
    return ctypes.cast(ctypes.byref(c), ctypes.c_void_p)


def central(f, x: float, h: float = 1e-6) -> float:
    return (f(x + h) - f(x - h)) / (2 * h)


# (a) counted loop over a duplicated array: no tape
def sumsq_primal(x: np.ndarray) -> float:
    primal, _ = compiled("reverse_loop_sumsq")
    out = ctypes.c_double()
    assert primal(dref(out), ptr(x), len(x)) == 0
    return out.value


@pytest.mark.parametrize("n", [1, 2, 7])
def test_run_sumsq_gradient_and_no_tape(n):
    _, rev = compiled("reverse_loop_sumsq")
    x = np.random.default_rng(n).uniform(-2, 2, n)
    xs = np.full(n, 0.5)  # the gradient is added into the shadow
    out, seed = ctypes.c_double(), ctypes.c_double(1.5)
    tape = ctypes.c_int64(-1)
    assert rev(dref(out), dref(seed), ptr(x), ptr(xs), n, dref(tape)) == 0
    assert out.value == pytest.approx(float(np.sum(x * x)), rel=1e-14)
    np.testing.assert_allclose(xs, 0.5 + 1.5 * 2 * x, rtol=1e-14)
    assert seed.value == 0.0  # the return slot's shadow is consumed
    assert tape.value == 0
    # against finite differences of the compiled primal
    for j in range(n):

        def f(t, j=j):
            y = x.copy()
            y[j] = t
            return sumsq_primal(y)

        assert (xs[j] - 0.5) / 1.5 == pytest.approx(central(f, x[j]), rel=1e-7, abs=1e-9)


def test_run_sumsq_empty_and_null_tape_pointer():
    _, rev = compiled("reverse_loop_sumsq")
    x = np.array([3.0])
    xs = np.array([0.25])
    out, seed, tape = ctypes.c_double(), ctypes.c_double(1.0), ctypes.c_int64(-1)
    assert rev(dref(out), dref(seed), ptr(x), ptr(xs), 0, dref(tape)) == 0  # n = 0: loop skipped
    assert out.value == 0.0 and xs[0] == 0.25 and tape.value == 0
    seed.value = 1.0
    assert rev(dref(out), dref(seed), ptr(x), ptr(xs), 1, None) == 0  # tape-bytes pointer may be null
    assert xs[0] == 0.25 + 6.0


# (b) diamond with a phi of floats, both directions
def branch_primal(x: float, y: float) -> float:
    primal, _ = compiled("reverse_branch_phi")
    out = ctypes.c_double()
    assert primal(dref(out), x, y) == 0
    return out.value


@pytest.mark.parametrize("x,y", [(0.7, 1.3), (2.5, -0.4), (-0.7, 1.3), (-3.0, 0.6), (0.0, 2.0)])
def test_run_branch_phi_both_directions(x, y):
    _, rev = compiled("reverse_branch_phi")
    out, seed = ctypes.c_double(), ctypes.c_double(2.0)
    dx, dy = ctypes.c_double(0.25), ctypes.c_double(-1.0)  # adjoints are added into these
    tape = ctypes.c_int64(-1)
    assert rev(dref(out), dref(seed), x, dref(dx), y, dref(dy), dref(tape)) == 0
    if x > 0:  # then: r = sin(x)
        assert out.value == pytest.approx(math.sin(x), rel=1e-15)
        exp_dx, exp_dy = math.cos(x), 0.0
    else:  # else: r = y * x
        assert out.value == pytest.approx(x * y, rel=1e-15)
        exp_dx, exp_dy = y, x
    assert dx.value == pytest.approx(0.25 + 2.0 * exp_dx, rel=1e-14)
    assert dy.value == pytest.approx(-1.0 + 2.0 * exp_dy, rel=1e-14, abs=1e-15)
    assert tape.value == 0
    if x != 0.0:  # away from the branch point, compare with finite differences
        assert exp_dx == pytest.approx(central(lambda t: branch_primal(t, y), x), rel=1e-7, abs=1e-9)
        assert exp_dy == pytest.approx(central(lambda t: branch_primal(x, t), y), rel=1e-7, abs=1e-9)


# (c) values overwritten in place: tape push/pop
@pytest.mark.parametrize("n", [1, 5, 100])  # 100 doubles need more than the initial tape capacity
def test_run_inplace_square(n):
    _, rev = compiled("reverse_inplace_square")
    r = np.random.default_rng(10 + n)
    x0 = r.uniform(-1.5, 1.5, n)
    w = r.standard_normal(n)
    x, xs = x0.copy(), w.copy()  # shadow in: adjoint of the output x; out: adjoint of the input x
    tape = ctypes.c_int64(-1)
    assert rev(ptr(x), ptr(xs), n, dref(tape)) == 0
    np.testing.assert_allclose(x, x0 * x0, rtol=1e-15)  # the primal result is kept
    np.testing.assert_allclose(xs, 2 * x0 * w, rtol=1e-14)
    assert tape.value >= 8 * n  # one double per iteration was pushed


@pytest.mark.parametrize("n,T", [(1, 1), (3, 2), (4, 3), (40, 2)])
def test_run_inplace_nested(n, T):
    primal, rev = compiled("reverse_inplace_nested")
    r = np.random.default_rng(20 + n + T)
    x0 = r.uniform(0.6, 1.2, n)
    w = r.standard_normal(n)
    x, xs = x0.copy(), w.copy()
    tape = ctypes.c_int64(-1)
    assert rev(ptr(x), ptr(xs), n, T, dref(tape)) == 0
    e = 2.0**T
    np.testing.assert_allclose(x, x0**e, rtol=1e-13)
    np.testing.assert_allclose(xs, w * e * x0 ** (e - 1), rtol=1e-12)
    assert tape.value >= 8 * n * T
    y = x0.copy()
    assert primal(ptr(y), n, T) == 0
    np.testing.assert_allclose(y, x0**e, rtol=1e-13)


def test_run_inplace_nested_empty():
    _, rev = compiled("reverse_inplace_nested")
    x, xs = np.array([2.0]), np.array([1.0])
    tape = ctypes.c_int64(-1)
    assert rev(ptr(x), ptr(xs), 1, 0, dref(tape)) == 0  # T = 0
    assert x[0] == 2.0 and xs[0] == 1.0


# (d) while loops with data-dependent trip counts
def powgrow_reference(a: float, lim: float) -> tuple[float, int]:
    """(r, m) with r = a^m as the loop computes it."""
    if not a < lim:
        return a, 1
    p, m = a, 1
    while True:
        p, m = p * a, m + 1
        if not p < lim:
            return p, m


@pytest.mark.parametrize("a,lim", [(1.3, 10.0), (1.05, 3.0), (2.0, 5.0), (3.7, 2.0), (1.9, 1e6)])
def test_run_while_float(a, lim):
    primal, rev = compiled("reverse_while_float")
    out, seed, da = ctypes.c_double(), ctypes.c_double(1.0), ctypes.c_double(0.0)
    tape = ctypes.c_int64(-1)
    assert rev(dref(out), dref(seed), a, dref(da), lim, dref(tape)) == 0
    r, m = powgrow_reference(a, lim)
    assert out.value == pytest.approx(r, rel=1e-13)
    assert da.value == pytest.approx(m * a ** (m - 1), rel=1e-12)
    iterations = m - 1
    if iterations:
        assert tape.value > 0  # the loop without a counter records what it needs
    else:
        assert tape.value == 0

    def f(t):
        o = ctypes.c_double()
        assert primal(dref(o), t, lim) == 0
        return o.value

    h = 1e-7 * a
    assert powgrow_reference(a - h, lim)[1] == m == powgrow_reference(a + h, lim)[1]
    assert da.value == pytest.approx(central(f, a, h), rel=1e-6)


@pytest.mark.parametrize("lim,exit_from", [(1e300, "latch"), (None, "body"), (0.0, "body-first")])
def test_run_while_counter(lim, exit_from):
    primal, rev = compiled("reverse_while_counter")
    n = 9
    x = np.random.default_rng(5).uniform(0.5, 1.5, n)
    csum = np.cumsum(x * x)
    if lim is None:
        lim = float(0.5 * (csum[4] + csum[5]))  # leaves from %body after 6 iterations
    k = int(np.searchsorted(csum, lim, side="right")) + 1  # iterations run
    k = min(k, n)
    xs = np.zeros(n)
    out, seed, tape = ctypes.c_double(), ctypes.c_double(1.0), ctypes.c_int64(-1)
    assert rev(dref(out), dref(seed), ptr(x), ptr(xs), n, lim, dref(tape)) == 0
    assert out.value == pytest.approx(csum[k - 1], rel=1e-14)
    expected = np.where(np.arange(n) < k, 2 * x, 0.0)
    np.testing.assert_allclose(xs, expected, rtol=1e-14)
    assert tape.value == 0
    o = ctypes.c_double()
    assert primal(dref(o), ptr(x), n, lim) == 0 and o.value == out.value


def fd_gradient(f, x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    g = np.zeros_like(x)
    for j in range(len(x)):
        a, b = x.copy(), x.copy()
        a[j] += h
        b[j] -= h
        g[j] = (f(a) - f(b)) / (2 * h)
    return g


def scalar_out(primal, *args) -> float:
    o = ctypes.c_double()
    assert primal(dref(o), *args) in (0, 7)
    return o.value


@pytest.mark.parametrize("n,lim", [(0, 1e9), (1, 1e9), (5, 1e9), (6, 1e9), (6, 0.5)])
def test_run_while_top_tested_step2(n, lim):
    primal, rev = compiled("reverse_while_top")
    x = np.random.default_rng(30 + n).uniform(0.5, 1.5, max(n, 1))
    xs = np.zeros_like(x)
    out, seed, tape = ctypes.c_double(), ctypes.c_double(1.0), ctypes.c_int64(-1)
    status = rev(dref(out), dref(seed), ptr(x), ptr(xs), n, lim, dref(tape))
    s = float(np.sum(x[:n:2] ** 2))
    assert out.value == pytest.approx(s, rel=1e-14)
    assert tape.value == 0
    if s > lim:  # status 7: the primal's error is passed on and no reverse sweep runs
        assert status == 7
        np.testing.assert_array_equal(xs, 0.0)
        assert seed.value == 1.0
    else:
        assert status == 0
        expected = np.zeros_like(x)
        expected[:n:2] = 2 * x[:n:2]
        np.testing.assert_allclose(xs, expected, rtol=1e-14)
        np.testing.assert_allclose(
            xs, fd_gradient(lambda z: scalar_out(primal, ptr(z), n, lim), x), rtol=1e-7, atol=1e-9
        )


@pytest.mark.parametrize("k", [0, 1, 2, 5])
def test_run_countdown(k):
    primal, rev = compiled("reverse_countdown")
    x = np.random.default_rng(40 + k).uniform(0.5, 1.5, max(k, 1))
    xs = np.zeros_like(x)
    out, seed, tape = ctypes.c_double(), ctypes.c_double(1.0), ctypes.c_int64(-1)
    assert rev(dref(out), dref(seed), ptr(x), ptr(xs), k, dref(tape)) == 0
    assert out.value == scalar_out(primal, ptr(x), k)
    np.testing.assert_allclose(xs, fd_gradient(lambda z: scalar_out(primal, ptr(z), k), x), rtol=1e-7, atol=1e-9)
    assert tape.value == 8 * k  # %s, once per iteration


@pytest.mark.parametrize("n,T,lim", [(3, 2, 1e9), (4, 3, 2.0), (4, 3, 0.3), (1, 1, 1e9), (5, 4, 3.0)])
def test_run_nested_break(n, T, lim):
    primal, rev = compiled("reverse_nested_break")
    x = np.random.default_rng(50 + n + T).uniform(0.5, 1.5, n)
    xs = np.zeros_like(x)
    out, seed, tape = ctypes.c_double(), ctypes.c_double(1.0), ctypes.c_int64(-1)
    assert rev(dref(out), dref(seed), ptr(x), ptr(xs), n, T, lim, dref(tape)) == 0
    assert out.value == scalar_out(primal, ptr(x), n, T, lim)
    f = lambda z: scalar_out(primal, ptr(z), n, T, lim)  # noqa: E731
    np.testing.assert_allclose(xs, fd_gradient(f, x), rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("n", [1, 2, 3, 5])
def test_run_triangular(n):
    primal, rev = compiled("reverse_triangular")
    r = np.random.default_rng(60 + n)
    x0 = r.uniform(0.9, 1.1, n)
    w = r.standard_normal(n)
    x, xs = x0.copy(), w.copy()
    tape = ctypes.c_int64(-1)
    assert rev(ptr(x), ptr(xs), n, dref(tape)) == 0
    ref = x0.copy()
    assert primal(ptr(ref), n) == 0
    np.testing.assert_allclose(x, ref, rtol=1e-15)

    def f(z):
        z = z.copy()
        assert primal(ptr(z), n) == 0
        return float(w @ z)

    np.testing.assert_allclose(xs, fd_gradient(f, x0, 1e-7), rtol=1e-6, atol=1e-8)  # <w, J dx> = <J^T w, dx>
    assert tape.value >= 16 * n * (n + 1) // 2  # two doubles per inner iteration


def test_run_no_runtime_frees():
    """Nothing in these functions allocates through NRT, so no deferred NRT release may run."""
    assert _CALLS.get("NRT_decref", 0) == 0 and _CALLS.get("NRT_Free", 0) == 0


def test_void_function_and_duplicate_edges_run():
    """A `ret void` function and a block entered twice from one switch both differentiate."""
    import ctypes

    import llvmlite.binding as llvm

    from llvm_passes.differentiate.reverse import differentiate_reverse
    from llvm_passes.ir.emitter import Emitter
    from llvm_passes.ir.reader import read_function
    from llvm_passes.preprocess import parse

    src = """
define void @sq(ptr %x) {
entry:
  %v = load double, ptr %x, align 8
  %w = fmul double %v, %v
  store double %w, ptr %x, align 8
  ret void
}

define i32 @pick(ptr noalias %retptr, double %y, i64 %k) {
entry:
  switch i64 %k, label %other [ i64 0, label %join
                                i64 1, label %join ]
other:
  %z = fmul double %y, 3.0
  br label %join
join:
  %r = phi double [ %y, %entry ], [ %y, %entry ], [ %z, %other ]
  %s = fmul double %r, %r
  store double %s, ptr %retptr, align 8
  ret i32 0
}
"""
    mod = parse(src)
    e = Emitter(triple=llvm.get_process_triple(), data_layout="")
    differentiate_reverse(read_function(mod, "sq"), e, ["dup"], "sq.rev")
    differentiate_reverse(read_function(mod, "pick"), e, ["dup", "active", "const"], "pick.rev")
    compiled = parse(e.text())
    target = llvm.Target.from_default_triple().create_target_machine()
    engine = llvm.create_mcjit_compiler(compiled, target)
    engine.finalize_object()
    dbl, p = ctypes.c_double, ctypes.POINTER(ctypes.c_double)
    sq = ctypes.CFUNCTYPE(None, p, p, ctypes.c_void_p)(engine.get_function_address("sq.rev"))
    x, dx = dbl(3.0), dbl(1.0)
    sq(ctypes.byref(x), ctypes.byref(dx), None)
    assert (x.value, dx.value) == (9.0, 6.0)
    pick = ctypes.CFUNCTYPE(ctypes.c_int32, p, p, dbl, p, ctypes.c_int64, ctypes.c_void_p)(
        engine.get_function_address("pick.rev")
    )
    for k, want in ((0, 2 * 1.5), (1, 2 * 1.5), (5, 18 * 1.5)):
        out, seed, dy = dbl(0.0), dbl(1.0), dbl(0.0)
        assert pick(ctypes.byref(out), ctypes.byref(seed), 1.5, ctypes.byref(dy), k, None) == 0
        assert dy.value == want
