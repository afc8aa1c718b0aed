"""llvm_passes on LLVM IR that did not come from Numba: the C reference kernels as clang compiles them.

`tests/ir/foreign/reference.ll` is clang's -O1 IR of csrc/reference.c (the
primal kernels and their hand-written adjoints), `wrappers.ll` that of
out-pointer wrappers for the kernels that return a double (see
`regenerate.py` there). Each primal goes through `llvm_passes.driver` (link,
pre-AD pipeline with the kernel inlined into its wrapper, differentiation) in
forward and reverse mode; the derivative is JIT-compiled with llvmlite's
MCJIT and called through ctypes on numpy arrays. Checks: reverse against the
hand-written C adjoints (JIT-compiled from the same IR) at rtol 1e-12, forward
against reverse by the dot-product identity <J v, w> = <v, J^T w>, and the
adjoints themselves differentiated once more (Hessian-vector products).
"""

from __future__ import annotations

import ctypes
import functools
import re
from pathlib import Path

import llvmlite.binding as llb
import numpy as np
import pytest

from llvm_passes import driver
from llvm_passes.differentiate.errors import NotDifferentiableError
from pyenzyme import reference
from tests.llvm_helpers import mcjit

FOREIGN = Path(__file__).resolve().parent / "ir" / "foreign"
RTOL = 1e-12
D, P, L = ctypes.c_double, ctypes.c_void_p, ctypes.c_long
# (kinds, ctypes type per LLVM argument) of each function differentiated here
SIGNATURES = {
    "sumsq_out": ("dup,dup,const", [P, P, L]),
    "rosenbrock_out": ("dup,dup,const", [P, P, L]),
    "stencil_loss_out": ("dup,dup,const,const,const,const", [P, P, L, L, D, L]),
    "stencil_step": ("dup,const,const,const,const,const", [P, P, L, L, D, L]),
    "rosenbrock_grad": ("dup,const,dup", [P, L, P]),
    "stencil_loss_grad": ("dup,const,const,const,const,dup", [P, L, L, D, L, P]),
}


def texts() -> list[str]:
    return [(FOREIGN / name).read_text() for name in ("reference.ll", "wrappers.ll")]


def jit(text: str):
    """MCJIT `text` with the JIT's own data layout: clang 14 writes an older x86-64 layout string,
    and MCJIT aborts the process on a layout that differs from its target machine's."""
    llb.initialize_native_target()
    llb.initialize_native_asmprinter()
    layout = str(llb.Target.from_default_triple().create_target_machine().target_data)
    return mcjit(re.sub(r'^target datalayout = ".*"$', f'target datalayout = "{layout}"', text, flags=re.M))


@functools.cache
def derivative_text(fn: str, mode: str) -> str:
    src = texts()
    mod = driver.load(src, fn)
    return driver.derivative(mod, fn, mode, SIGNATURES[fn][0], hints=driver.pointer_hints(src, fn))


@functools.cache
def derivative(fn: str, mode: str):
    """ctypes function of `fwd.<fn>` / `rev.<fn>`: each argument, then a shadow after each dup one
    (and, in reverse mode, the tape-size pointer)."""
    kinds, ctys = SIGNATURES[fn]
    argtys = []
    for k, t in zip(kinds.split(","), ctys):
        argtys += [t, P] if k == "dup" else [t]
    if mode == "reverse":
        argtys.append(P)
    name = f"{'fwd' if mode == 'forward' else 'rev'}.{fn}"
    ee = jit(derivative_text(fn, mode))
    return ctypes.CFUNCTYPE(None, *argtys)(ee.get_function_address(name))


@functools.cache
def c_functions():
    """The primal kernels and hand-written adjoints of csrc/reference.c, JIT-compiled from reference.ll."""
    ee = jit(texts()[0])
    sigs = {
        "sumsq": (D, [P, L]),
        "sumsq_grad": (None, [P, L, P]),
        "rosenbrock": (D, [P, L]),
        "rosenbrock_grad": (None, [P, L, P]),
        "stencil_step": (None, [P, P, L, L, D, L]),
        "stencil_loss": (D, [P, L, L, D, L]),
        "stencil_loss_grad": (None, [P, L, L, D, L, P]),
    }
    return {n: ctypes.CFUNCTYPE(r, *a)(ee.get_function_address(n)) for n, (r, a) in sigs.items()}


def call(f, *args):
    """f(*args) with float64 arrays passed as data pointers and ctypes scalars by reference:
    `call(f, out, x, n)` for `f(double *out, double *x, long n)`. `args` keeps the arrays alive."""
    conv = []
    for a in args:
        if isinstance(a, np.ndarray):
            assert a.flags.c_contiguous and a.dtype == np.float64
            a = a.ctypes.data
        elif isinstance(a, ctypes._SimpleCData):
            a = ctypes.byref(a)
        conv.append(a)
    return f(*conv)


def cgrad(name: str, x: np.ndarray, *params) -> np.ndarray:
    """Hand-written adjoint `name(x, params..., out)` into a new array."""
    out = np.full_like(x, np.nan)
    call(c_functions()[name], x, *params, out)
    return out


def close(got, want, what: str) -> None:
    np.testing.assert_allclose(got, want, rtol=RTOL, atol=0, err_msg=what)


def dot_close(a: float, b: float, what: str) -> None:
    """<J v, w> == <v, J^T w> up to rounding in the two sums."""
    assert abs(a - b) <= RTOL * max(abs(a), abs(b)), f"{what}: {a!r} vs {b!r}"


def grid(seed: int, nx: int, ny: int) -> np.ndarray:
    return np.random.default_rng(seed).uniform(-1.0, 1.0, (nx, ny))


# -- the IR files ----------------------------------------------------------------------------------
def test_files_say_how_they_were_made():
    for name, source in (("reference.ll", "csrc/reference.c"), ("wrappers.ll", "tests/ir/foreign/wrappers.c")):
        head = (FOREIGN / name).read_text().splitlines()[:3]
        assert head[0].startswith("; Generated by tests/ir/foreign/regenerate.py"), head
        assert head[1] == f";   clang -O1 -S -emit-llvm -ffp-contract=off -Icsrc {source} -o tests/ir/foreign/{name}"
        assert "clang version" in head[2]


# -- scalar losses through out-pointer wrappers: f(x) written to *out --------------------------------
SCALAR = {"sumsq_out": ("sumsq", "sumsq_grad"), "rosenbrock_out": ("rosenbrock", "rosenbrock_grad")}


@pytest.mark.parametrize("fn", list(SCALAR))
@pytest.mark.parametrize("n", [1, 2, 7, 100])
def test_scalar_loss_reverse_matches_hand_written_adjoint(fn, n):
    primal, grad = SCALAR[fn]
    x = np.random.default_rng(n).uniform(-1.5, 1.5, n)
    x0, xs = x.copy(), np.full(n, 0.25)  # the gradient is added into the shadow
    out, seed, tape = D(), D(1.5), ctypes.c_int64(-1)
    call(derivative(fn, "reverse"), out, seed, x, xs, n, tape)
    assert out.value == call(c_functions()[primal], x0, n)  # same IR, same rounding
    close(xs, 0.25 + 1.5 * cgrad(grad, x0, n), f"{fn} gradient, n={n}")
    assert seed.value == 0.0  # the output's adjoint is consumed
    assert tape.value == 0  # x is only read and *out is noalias: everything is recomputed
    np.testing.assert_array_equal(x, x0)


@pytest.mark.parametrize("fn", list(SCALAR))
@pytest.mark.parametrize("n", [1, 7, 100])
def test_scalar_loss_forward_dot_reverse(fn, n):
    _, grad = SCALAR[fn]
    r = np.random.default_rng(100 + n)
    x, v = r.uniform(-1.5, 1.5, n), r.standard_normal(n)
    out, dout = D(), D(0.0)
    call(derivative(fn, "forward"), out, dout, x, v.copy(), n)
    close(dout.value, cgrad(grad, x, n) @ v, f"{fn} forward vs hand-written adjoint")
    xs, seed = np.zeros(n), D(1.0)
    call(derivative(fn, "reverse"), D(), seed, x, xs, n, None)
    dot_close(dout.value, float(xs @ v), f"{fn} <J v, 1> = <v, J^T 1>")


def test_rosenbrock_zero_length():
    x, xs = np.array([2.0]), np.array([0.0])
    out, seed = D(-1.0), D(1.0)
    call(derivative("rosenbrock_out", "reverse"), out, seed, x, xs, 1, None)
    assert out.value == 0.0 and xs[0] == 0.0  # n = 1: no term, the loop never runs


# -- the heat stencil: stencil_loss (through its wrapper) and stencil_step itself ------------------
STENCILS = [(5, 4, 0.1, 3), (3, 3, 0.2, 1), (8, 6, 0.15, 4), (4, 5, 0.1, 0), (2, 6, 0.1, 2)]


@pytest.mark.parametrize("nx,ny,c,steps", STENCILS)
def test_stencil_loss_reverse_matches_hand_written_adjoint(nx, ny, c, steps):
    u0 = grid(nx * ny + steps, nx, ny)
    u, us = u0.copy(), np.zeros_like(u0)
    out, seed = D(), D(1.0)
    call(derivative("stencil_loss_out", "reverse"), out, seed, u, us, nx, ny, c, steps, None)
    ref = u0.copy()
    assert out.value == call(c_functions()["stencil_loss"], ref, nx, ny, c, steps)
    np.testing.assert_array_equal(u, ref)  # u is overwritten by S^steps u0, as the primal does
    close(us, cgrad("stencil_loss_grad", u0, nx, ny, c, steps), f"dL/du0 for {(nx, ny, c, steps)}")


@pytest.mark.parametrize("nx,ny,c,steps", STENCILS)
def test_stencil_loss_forward_dot_reverse(nx, ny, c, steps):
    r = np.random.default_rng(7 * nx + ny)
    u0, v = r.uniform(-1.0, 1.0, (nx, ny)), r.standard_normal((nx, ny))
    out, dout = D(), D(0.0)
    call(derivative("stencil_loss_out", "forward"), out, dout, u0.copy(), v.copy(), nx, ny, c, steps)
    g = cgrad("stencil_loss_grad", u0, nx, ny, c, steps)
    close(dout.value, float(np.sum(g * v)), "forward vs hand-written adjoint")


@pytest.mark.parametrize("nx,ny,c,steps", STENCILS)
def test_stencil_step_in_place(nx, ny, c, steps):
    """u <- S^steps u in place (void). S is linear: the forward tangent is S^steps v; the reverse
    maps the adjoint w of the final u to (S^T)^steps w. With w = 2 S^steps u0 that is dL/du0."""
    r = np.random.default_rng(3 * nx + ny + steps)
    u0, v = r.uniform(-1.0, 1.0, (nx, ny)), r.standard_normal((nx, ny))
    step = c_functions()["stencil_step"]
    u, uv = u0.copy(), v.copy()
    call(derivative("stencil_step", "forward"), u, uv, None, nx, ny, c, steps)
    sv = v.copy()
    call(step, sv, None, nx, ny, c, steps)
    close(uv, sv, "forward tangent = S^steps v")
    su = u0.copy()
    call(step, su, None, nx, ny, c, steps)
    np.testing.assert_array_equal(u, su)
    u, w = u0.copy(), 2.0 * su
    tape = ctypes.c_int64(-1)
    call(derivative("stencil_step", "reverse"), u, w, None, nx, ny, c, steps, tape)
    close(w, cgrad("stencil_loss_grad", u0, nx, ny, c, steps), "(S^T)^steps (2 S^steps u0)")
    np.testing.assert_array_equal(u, su)
    w2 = r.standard_normal((nx, ny))
    wt = w2.copy()
    call(derivative("stencil_step", "reverse"), u0.copy(), wt, None, nx, ny, c, steps, None)
    dot_close(float(np.sum(sv * w2)), float(np.sum(v * wt)), "<S^k v, w> = <v, (S^T)^k w>")


# -- the hand-written adjoints, differentiated: Hessian-vector products ----------------------------
@pytest.mark.parametrize("n", [2, 5, 30])
def test_rosenbrock_hessian_is_symmetric(n):
    """Forward mode of rosenbrock_grad gives H v, reverse mode H^T w: <H v, w> = <v, H^T w>, and
    H is symmetric, so both also equal <H w, v>. Finite differences of the adjoint agree."""
    r = np.random.default_rng(n)
    x, v, w = r.uniform(-1.5, 1.5, n), r.standard_normal(n), r.standard_normal(n)

    def hv(direction):
        g, dg = np.zeros(n), np.zeros(n)
        call(derivative("rosenbrock_grad", "forward"), x, direction.copy(), n, g, dg)
        close(g, cgrad("rosenbrock_grad", x, n), "primal of the forward derivative")
        return dg

    xs, ws = np.zeros(n), w.copy()
    call(derivative("rosenbrock_grad", "reverse"), x.copy(), xs, n, np.zeros(n), ws, None)
    dot_close(float(hv(v) @ w), float(v @ xs), "<H v, w> = <v, H^T w>")
    dot_close(float(hv(w) @ v), float(v @ xs), "H symmetric")
    h = 1e-6
    fd = (cgrad("rosenbrock_grad", x + h * v, n) - cgrad("rosenbrock_grad", x - h * v, n)) / (2 * h)
    np.testing.assert_allclose(hv(v), fd, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("nx,ny,c,steps", [(5, 4, 0.1, 3), (4, 4, 0.2, 1)])
def test_stencil_loss_grad_forward_dot_reverse(nx, ny, c, steps):
    """stencil_loss_grad is linear in u0 (its Hessian is 2 (S^T)^k S^k): forward applies it to v."""
    r = np.random.default_rng(nx + ny)
    u0, v, w = (r.standard_normal((nx, ny)) for _ in range(3))
    g, dg = np.zeros_like(u0), np.zeros_like(u0)
    call(derivative("stencil_loss_grad", "forward"), u0, v.copy(), nx, ny, c, steps, g, dg)
    close(g, cgrad("stencil_loss_grad", u0, nx, ny, c, steps), "primal of the forward derivative")
    close(dg, cgrad("stencil_loss_grad", v, nx, ny, c, steps), "H v = grad(v) (linear)")
    us, ws = np.zeros_like(u0), w.copy()
    call(derivative("stencil_loss_grad", "reverse"), u0, us, nx, ny, c, steps, np.zeros_like(u0), ws, None)
    dot_close(float(np.sum(dg * w)), float(np.sum(v * us)), "<H v, w> = <v, H^T w>")


# -- against the shared library pyenzyme.reference loads (built by pip install / CMake) ---------------
def test_reverse_matches_the_built_reference_library():
    if not reference.available():
        pytest.skip("libpyenzyme_reference is not built")
    x = np.random.default_rng(1).uniform(-1.5, 1.5, 9)
    xs = np.zeros(9)
    call(derivative("rosenbrock_out", "reverse"), D(), D(1.0), x, xs, 9, None)
    close(xs, reference.rosenbrock_grad(x), "rosenbrock")
    u0 = grid(5, 6, 5)
    us = np.zeros_like(u0)
    call(derivative("stencil_loss_out", "reverse"), D(), D(1.0), u0.copy(), us, 6, 5, 0.1, 3, None)
    close(us, reference.stencil_loss_grad(u0, 0.1, 3), "stencil")


# -- what llvm_passes does not do yet on C code, and the layering ---------------------------------------
def test_derivatives_name_no_numba_runtime():
    """llvm_passes knows C's allocator; Numba's runtime is the front end's business."""
    for fn in SIGNATURES:
        for mode in ("forward", "reverse"):
            text = derivative_text(fn, mode)
            assert "NRT_" not in text and "numba" not in text.lower(), (fn, mode)


# -- functions that return their result: sumsq and rosenbrock differentiated as they are ---------------
RETURNING = {"sumsq": "sumsq_grad", "rosenbrock": "rosenbrock_grad"}


@functools.cache
def returning(fn: str, mode: str, width: int = 1):
    """`double fn(double *x, long n)`: forward returns {f, df} ({f, [W x df]}), reverse takes W seeds."""
    mod = driver.load(texts(), fn)
    text = driver.derivative(mod, fn, mode, "dup,const", width=width)
    engine = jit(text)
    if mode == "forward":
        return engine, text
    fty = ctypes.CFUNCTYPE(D, P, *[P] * width, L, *[D] * width, P)
    return engine, fty(engine.get_function_address(f"rev.{fn}"))


@pytest.mark.parametrize("fn", list(RETURNING))
@pytest.mark.parametrize("n", [1, 2, 9, 100])
def test_returned_float_reverse_takes_the_seed_and_returns_the_result(fn, n):
    x = np.random.default_rng(n).uniform(-1.5, 1.5, n)
    xs = np.full(n, 0.5)
    got = call(returning(fn, "reverse")[1], x, xs, n, 2.5, None)
    assert got == call(c_functions()[fn], x, n)
    close(xs, 0.5 + 2.5 * cgrad(RETURNING[fn], x, n), f"{fn}: gradient times the seed")


@pytest.mark.parametrize("fn", list(RETURNING))
def test_returned_float_reverse_batch_of_seeds(fn):
    n = 11
    x = np.random.default_rng(3).uniform(-1.5, 1.5, n)
    xs0, xs1 = np.zeros(n), np.zeros(n)
    got = call(returning(fn, "reverse", 2)[1], x, xs0, xs1, n, 1.0, -3.0, None)
    assert got == call(c_functions()[fn], x, n)
    close(xs0, cgrad(RETURNING[fn], x, n), "lane 0")
    close(xs1, -3.0 * cgrad(RETURNING[fn], x, n), "lane 1")


class _Pair(ctypes.Structure):
    _fields_ = [("value", D), ("tangent", D)]


@pytest.mark.parametrize("fn", list(RETURNING))
@pytest.mark.parametrize("n", [1, 9, 100])
def test_returned_float_forward_returns_value_and_tangent(fn, n):
    r = np.random.default_rng(50 + n)
    x, v = r.uniform(-1.5, 1.5, n), r.standard_normal(n)
    engine, text = returning(fn, "forward")
    assert f"define {{double, double}} @fwd.{fn}(" in text.replace("{ double, double }", "{double, double}")
    fwd = ctypes.CFUNCTYPE(_Pair, P, P, L)(engine.get_function_address(f"fwd.{fn}"))
    got = call(fwd, x, v, n)
    assert got.value == call(c_functions()[fn], x, n)
    close(got.tangent, float(cgrad(RETURNING[fn], x, n) @ v), f"{fn}: <grad, v>")
    xs = np.zeros(n)
    call(returning(fn, "reverse")[1], x, xs, n, 1.0, None)
    dot_close(got.tangent, float(xs @ v), "<J v, 1> = <v, J^T 1>")


def test_returned_float_forward_batch():
    """{f, [3 x df]} is an LLVM aggregate, not a C struct: a small IR function stores it for ctypes."""
    n = 8
    r = np.random.default_rng(8)
    x, vs = r.uniform(-1.5, 1.5, n), r.standard_normal((3, n))
    _, text = returning("rosenbrock", "forward", 3)
    ret = "{ double, [3 x double] }"
    store = f"""
define void @store.fwd(ptr %out, ptr %x, ptr %v0, ptr %v1, ptr %v2, i64 %n) {{
  %r = call {ret} @fwd.rosenbrock(ptr %x, ptr %v0, ptr %v1, ptr %v2, i64 %n)
  store {ret} %r, ptr %out
  ret void
}}
"""
    engine = jit(text + store)
    fwd = ctypes.CFUNCTYPE(None, P, P, P, P, P, L)(engine.get_function_address("store.fwd"))
    got = np.full(4, np.nan)
    call(fwd, got, x, vs[0].copy(), vs[1].copy(), vs[2].copy(), n)
    assert got[0] == call(c_functions()["rosenbrock"], x, n)
    close(got[1:], vs @ cgrad("rosenbrock_grad", x, n), "three directions")


RECURSIVE_POWER = """
define double @power(double %x, i64 %n) {
entry:
  %done = icmp eq i64 %n, 0
  br i1 %done, label %one, label %more
one:
  ret double 1.0
more:
  %m = sub i64 %n, 1
  %rest = call double @power(double %x, i64 %m)
  %p = fmul double %x, %rest
  ret double %p
}
"""


@pytest.mark.parametrize("n", [0, 1, 5])
def test_returned_float_through_a_recursive_call_forward(n):
    """The recursive call stays a call: its forward derivative returns the callee's tangent too."""
    text = driver.differentiate(RECURSIVE_POWER, "power", "forward", "dup,const")
    engine = jit(text)
    fwd = ctypes.CFUNCTYPE(_Pair, D, D, L)(engine.get_function_address("fwd.power"))
    got = fwd(1.3, 1.0, n)
    assert got.value == pytest.approx(1.3**n, rel=1e-15)
    want = n * 1.3 ** (n - 1) if n else 0.0
    assert got.tangent == pytest.approx(want, rel=1e-14, abs=0.0)


def test_returned_aggregate_of_floats_is_refused():
    pair = "define { double, double } @pair(double %x) {\n  %a = insertvalue { double, double } undef, double %x, 0\n  ret { double, double } %a\n}"
    mod = driver.load([pair], "pair")
    for mode in ("forward", "reverse"):
        with pytest.raises(NotDifferentiableError, match=r"returned \{double, double\} is an aggregate.* in pair"):
            driver.derivative(mod, "pair", mode, "active" if mode == "reverse" else "dup")


@pytest.mark.parametrize("nx,ny,c,steps", STENCILS[:3])
def test_split_mode_of_a_void_function(nx, ny, c, steps):
    """stencil_step (void) in split mode: the forward phase, then the reverse phase from the state."""
    text = driver.derivative(
        driver.load(texts(), "stencil_step"), "stencil_step", "split", SIGNATURES["stencil_step"][0]
    )
    engine = jit(text)
    args = [P, P, P, L, L, D, L, P, P]
    forward = ctypes.CFUNCTYPE(None, *args)(engine.get_function_address("rev.stencil_step.forward"))
    reverse = ctypes.CFUNCTYPE(None, *args)(engine.get_function_address("rev.stencil_step.reverse"))
    u0 = grid(nx + ny, nx, ny)
    su = u0.copy()
    call(c_functions()["stencil_step"], su, None, nx, ny, c, steps)
    u, w, state = u0.copy(), np.zeros_like(u0), ctypes.c_void_p()
    call(forward, u, w, None, nx, ny, c, steps, None, state)
    np.testing.assert_array_equal(u, su)
    w += 2.0 * su
    call(reverse, u, w, None, nx, ny, c, steps, None, state)
    close(w, cgrad("stencil_loss_grad", u0, nx, ny, c, steps), "(S^T)^steps (2 S^steps u0)")


def test_returned_float_in_split_mode():
    """sumsq in split mode: the forward phase returns the result; the reverse phase takes the seed."""
    n = 6
    text = driver.derivative(driver.load(texts(), "sumsq"), "sumsq", "split", "dup,const")
    engine = jit(text)
    args = [P, P, L, D, P, P]
    forward = ctypes.CFUNCTYPE(D, *args)(engine.get_function_address("rev.sumsq.forward"))
    reverse = ctypes.CFUNCTYPE(D, *args)(engine.get_function_address("rev.sumsq.reverse"))
    x = np.random.default_rng(6).uniform(-1.0, 1.0, n)
    xs, state = np.zeros(n), ctypes.c_void_p()
    assert call(forward, x, xs, n, 0.0, None, state) == call(c_functions()["sumsq"], x, n)
    call(reverse, x, xs, n, 1.5, None, state)
    close(xs, 1.5 * cgrad("sumsq_grad", x, n), "gradient times the seed")


def test_split_free_phase_releases_the_state_when_optimized():
    """`.free` after `.forward`, the derivative through LLVM -O2: nothing stays on the heap. (The free
    wrapper once passed undef for the tape-size pointer; the optimizer then dropped the state's free.)"""
    from tests.test_resources import heap_in_use

    mod = driver.load(texts(), "sumsq")
    plain = driver.derivative(mod, "sumsq", "split", "dup,const")
    assert "undef" not in plain.split("@rev.sumsq.free(")[1].split("}")[0]
    engine = jit(driver.derivative(mod, "sumsq", "split", "dup,const", opt=2))
    forward = ctypes.CFUNCTYPE(D, P, P, L, D, P, P)(engine.get_function_address("rev.sumsq.forward"))
    free = ctypes.CFUNCTYPE(None, P)(engine.get_function_address("rev.sumsq.free"))
    x, xs = np.linspace(0.1, 1.0, 16), np.zeros(16)

    def once():
        state = ctypes.c_void_p()
        call(forward, x, xs, 16, 0.0, None, state)
        free(ctypes.addressof(state))

    for _ in range(100):
        once()
    before = heap_in_use()
    if before is None:
        pytest.skip("the C heap's statistics need glibc's mallinfo2")
    for _ in range(5000):
        once()
    assert heap_in_use() - before < 16 * 1024
