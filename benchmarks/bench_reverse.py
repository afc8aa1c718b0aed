"""Reverse-mode benchmark: gradient cost against the primal, hand-written adjoints, C and JAX.

Run from the repository root::

    python -m benchmarks.bench_reverse            # full sizes
    python -m benchmarks.bench_reverse --quick    # smaller sizes and repeats, < 40 s
    python -m benchmarks.bench_reverse --json out.json

Kernels (pyenzyme/bench/kernels.py), full sizes (--quick sizes in brackets):

* sumsq         sum x_i^2, n = 10^6 doubles [10^5]
* rosenbrock    n = 10^6 doubles [10^5]
* gmm           ADBench GMM objective with Wishart prior, d = 10, K = 25, n = 1000 [n = 200];
                gradient with respect to alphas, means and icf together (three Duplicated arguments)
* stencil       stencil_loss(u0, c, steps): explicit 2-D heat steps on a copy of u0, then sum u^2;
                256 x 256 grid, 20 steps [128 x 128, 10 steps]; gradient with respect to u0

For every kernel these run interleaved in one measurement (pyenzyme/bench/timing.py
``compare_many``: rotating order, min over rounds of per-round medians):

* primal        the @njit kernel
* pyenzyme      ``pe.autodiff(pe.Reverse, f, pe.Active, pe.Duplicated(x, dx), ...)``, exactly as a user
                writes it (per-call Python overhead is negligible at these sizes)
* hand-written  the @njit adjoint written by hand in pyenzyme/bench/kernels.py (adds into the shadows)
* C             the C reference's hand-written adjoint (csrc/reference.c, called through cffi with a
                preallocated output); GMM has none (n/a)
* JAX           ``jax.jit(jax.value_and_grad(f))`` in float64, only if ``import jax`` works (with
                XLA_FLAGS unset it is restricted to one thread, like the others); otherwise skipped
                with a note

and the ratios pyenzyme / primal (target <= 3, stretch <= 2), pyenzyme /
hand-written, pyenzyme / C (informational) and pyenzyme / JAX (target < 1).
The tape size of pyenzyme's last call is reported per kernel.

Before anything is timed, every gradient is verified: pyenzyme's against the
hand-written adjoint and the C adjoint (elementwise relative error <= 1e-10,
near-zero components measured against 1e-3 of the largest), the hand-written
adjoints against the C ones and against central finite differences on small
inputs, JAX's (if present) against the hand-written ones. pyenzyme must also
leave the inputs unchanged and add into the shadows (a second call doubles
them). A wrong derivative stops the run with exit status 2; a crash exits
with 1. A MISS never changes the exit status unless --fail-on-miss is given
(then 1).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import sys
import time
from dataclasses import dataclass
from typing import Callable

import numba
import numpy as np

import pyenzyme as pe
from pyenzyme import reference as cref

from . import kernels as K
from .timing import MultiResult, PairResult, compare_many

RTOL = 1e-10


class VerificationError(AssertionError):
    """A derivative disagrees with its reference: the benchmark must not go on."""


# ---------------------------------------------------------------------- tape size
def tape_bytes_of(f, *annotated_args) -> int:
    """Tape size in bytes of one ``pe.autodiff(pe.Reverse, f, pe.Active, *annotated_args)`` call.

    Makes that call (so the shadows in ``annotated_args`` are added into).
    Uses ``pyenzyme.diagnostics.tape_bytes`` where pyenzyme has it; otherwise
    reads ``last_tape_bytes`` of the reverse plan that ran: the plan in
    ``pyenzyme.reverse._plans`` whose captured ``py_func`` is f's Python function
    (and, if f has several, whose argument types match).
    """
    try:
        from pyenzyme.diagnostics import tape_bytes
    except ImportError:
        tape_bytes = None
    if tape_bytes is not None:
        return int(tape_bytes(f, pe.Active, *annotated_args))
    from pyenzyme import reverse as _reverse

    pe.autodiff(pe.Reverse, f, pe.Active, *annotated_args)
    py_func = getattr(f, "py_func", f)
    plans = [p for p in list(_reverse._plans.values()) if getattr(p.cap, "py_func", None) is py_func]
    if len(plans) > 1:
        want = tuple(numba.typeof(a.val if isinstance(a, pe.Annotation) else a) for a in annotated_args)
        plans = [p for p in plans if tuple(p.argtypes) == want]
    if len(plans) != 1:
        raise RuntimeError(f"tape_bytes_of: found {len(plans)} reverse plans for {py_func!r}")
    return int(plans[0].last_tape_bytes)


# ---------------------------------------------------------------------- checks
def check_close(label: str, got, want, rtol: float = RTOL) -> float:
    """Raise VerificationError unless got == want elementwise within rtol; return the worst relative error."""
    got = np.asarray(got, dtype=np.float64)
    want = np.asarray(want, dtype=np.float64)
    if got.shape != want.shape:
        raise VerificationError(f"{label}: shape {got.shape} != expected {want.shape}")
    if not np.all(np.isfinite(got)):
        raise VerificationError(f"{label}: non-finite values")
    scale = np.maximum(np.abs(want), 1e-3 * float(np.max(np.abs(want), initial=0.0)))
    scale = np.where(scale > 0, scale, 1e-300)
    rel = np.abs(got - want) / scale
    worst = float(np.max(rel, initial=0.0))
    if not worst <= rtol:
        i = np.unravel_index(int(np.argmax(rel)), rel.shape) if rel.ndim else ()
        raise VerificationError(
            f"{label}: WRONG: relative error {worst:.3e} > {rtol:g} at index {tuple(int(v) for v in i)}: "
            f"got {float(got[i])!r}, expected {float(want[i])!r}")
    return worst


# ---------------------------------------------------------------------- cases
@dataclass
class Case:
    name: str
    size: str
    f: Callable  # @njit primal
    args: tuple  # primal arguments
    wrt: tuple  # indices of the differentiated (Duplicated) arguments
    hand: Callable  # hand(*args, *shadows): shadows += gradient
    c_grad: Callable | None = None  # public C wrapper: c_grad(*args) -> list of gradients (one per wrt)
    c_value: Callable | None = None  # public C wrapper for the primal value
    c_stmt: Callable | None = None  # (namespace) -> statement calling the C adjoint with a preallocated output
    jax_fn: Callable | None = None  # builds the JAX function of the wrt arguments (other arguments closed over)

    def zero_shadows(self) -> list:
        return [np.zeros_like(self.args[i]) for i in self.wrt]

    def annotated(self, shadows) -> list:
        it = iter(shadows)
        return [pe.Duplicated(a, next(it)) if i in self.wrt else pe.Const(a) for i, a in enumerate(self.args)]

    def pe_stmt(self) -> str:
        parts, j = [], 0
        for i in range(len(self.args)):
            if i in self.wrt:
                parts.append(f"pe.Duplicated(a{i}, s{j})")
                j += 1
            else:
                parts.append(f"pe.Const(a{i})")
        return f"pe.autodiff(pe.Reverse, f, pe.Active, {', '.join(parts)})"

    def arg_names(self) -> str:
        return ", ".join(f"a{i}" for i in range(len(self.args)))


def _c_lib():
    """The cffi lib and a pointer maker, for calls with preallocated outputs (None if unavailable)."""
    if not cref.available():
        return None
    lib, ffi = getattr(cref, "_lib", None), getattr(cref, "_ffi", None)
    if lib is None or ffi is None:
        return None
    return lib, (lambda a: ffi.cast("double *", a.ctypes.data))


def _vector_c_stmt(cname: str):
    def make(ns: dict) -> str | None:
        c = _c_lib()
        if c is None:
            return None
        lib, ptr = c
        x = ns["a0"]
        out = np.empty_like(x)
        ns.update(_clib=lib, _cx=ptr(x), _cn=x.size, _cout=ptr(out), _cout_arr=out, _cx_arr=x)
        return f"_clib.{cname}(_cx, _cn, _cout)"
    return make


def _stencil_c_stmt(ns: dict) -> str | None:
    c = _c_lib()
    if c is None:
        return None
    lib, ptr = c
    u = ns["a0"]
    out = np.empty_like(u)
    ns.update(_clib=lib, _cu=ptr(u), _cnx=u.shape[0], _cny=u.shape[1], _cc=float(ns["a1"]), _csteps=int(ns["a2"]),
              _cout=ptr(out), _cout_arr=out, _cu_arr=u)
    return "_clib.stencil_loss_grad(_cu, _cnx, _cny, _cc, _csteps, _cout)"


def _jax_sumsq(jnp, args):
    return (lambda x: jnp.sum(x * x)), (args[0],)


def _jax_rosenbrock(jnp, args):
    def f(x):
        a, b = x[:-1], x[1:]
        return jnp.sum(100.0 * (b - a * a) ** 2 + (1.0 - a) ** 2)
    return f, (args[0],)


def _jax_stencil(jnp, args):
    import jax

    _, c, steps = args

    def f(u):
        def step(_, u):
            inner = u[1:-1, 1:-1] + c * (u[:-2, 1:-1] + u[2:, 1:-1] + u[1:-1, :-2] + u[1:-1, 2:]
                                         - 4.0 * u[1:-1, 1:-1])
            return u.at[1:-1, 1:-1].set(inner)
        u = jax.lax.fori_loop(0, steps, step, u)
        return jnp.sum(u * u)
    return f, (args[0],)


def _jax_gmm(jnp, args):
    """ADBench's JAX-style GMM objective (vectorised), same value as kernels.gmm_objective."""
    from jax.scipy.special import logsumexp

    _, _, _, x, gamma, m = args
    n, d = x.shape
    rows = np.array([b for a in range(d) for b in range(a + 1, d)], dtype=np.int64)
    cols = np.array([a for a in range(d) for b in range(a + 1, d)], dtype=np.int64)
    xj = jnp.asarray(x)
    nn = d + m + 1
    # the parameter-free part of the prior, as in kernels._log_gamma_distrib
    lgd = 0.25 * d * (d - 1) * math.log(math.pi) + sum(math.lgamma(0.5 * nn + 0.5 * (1 - j)) for j in range(1, d + 1))
    cst = nn * d * (math.log(gamma) - 0.5 * math.log(2.0)) - lgd

    def f(alphas, means, icf):
        K_ = alphas.shape[0]
        qdiag = icf[:, :d]
        sum_qs = jnp.sum(qdiag, axis=1)
        L = jnp.zeros((K_, d, d)).at[:, rows, cols].set(icf[:, d:])
        xc = xj[:, None, :] - means[None, :, :]  # (n, K, d)
        qx = jnp.exp(qdiag)[None] * xc + jnp.einsum("kba,nka->nkb", L, xc)
        main = alphas[None] + sum_qs[None] - 0.5 * jnp.sum(qx * qx, axis=2)
        slse = jnp.sum(logsumexp(main, axis=1))
        constant = -n * d * 0.5 * math.log(2 * math.pi)
        frob = jnp.sum(jnp.exp(qdiag) ** 2, axis=1) + jnp.sum(icf[:, d:] ** 2, axis=1)
        prior = jnp.sum(0.5 * gamma * gamma * frob - m * sum_qs)
        prior = prior - K_ * cst
        return constant + slse - n * logsumexp(alphas) + prior
    return f, args[:3]


def make_cases(cfg) -> list[Case]:
    rng = np.random.default_rng(20240611)
    x = rng.uniform(-1.5, 1.5, cfg.n)
    cases = [
        Case("sumsq", f"n={cfg.n:,}", K.sumsq, (x,), (0,), K.sumsq_adjoint,
             c_grad=lambda x: [cref.sumsq_grad(x)], c_value=lambda x: cref.sumsq(x),
             c_stmt=_vector_c_stmt("sumsq_grad"), jax_fn=_jax_sumsq),
        Case("rosenbrock", f"n={cfg.n:,}", K.rosenbrock, (x,), (0,), K.rosenbrock_adjoint,
             c_grad=lambda x: [cref.rosenbrock_grad(x)], c_value=lambda x: cref.rosenbrock(x),
             c_stmt=_vector_c_stmt("rosenbrock_grad"), jax_fn=_jax_rosenbrock),
    ]
    d, Kc, ng = cfg.gmm
    cases.append(Case("gmm", f"d={d} K={Kc} n={ng}", K.gmm_objective, K.gmm_inputs(d, Kc, ng, seed=3), (0, 1, 2),
                      K.gmm_adjoint, jax_fn=_jax_gmm))
    nx, steps = cfg.stencil
    u0 = rng.standard_normal((nx, nx))
    cases.append(Case("stencil", f"{nx}x{nx}, {steps} steps", K.stencil_loss, (u0, 0.1, steps), (0,),
                      K.stencil_loss_adjoint,
                      c_grad=lambda u, c, s: [cref.stencil_loss_grad(u, c, s)],
                      c_value=lambda u, c, s: cref.stencil_loss(u, c, s),
                      c_stmt=_stencil_c_stmt, jax_fn=_jax_stencil))
    return cases


# ---------------------------------------------------------------------- finite-difference self-check
def _fd_small_inputs(name: str, rng):
    if name in ("sumsq", "rosenbrock"):
        return (rng.uniform(-1.5, 1.5, 17),)
    if name == "gmm":
        return K.gmm_inputs(3, 4, 9, seed=5)
    if name == "stencil":
        return (rng.standard_normal((6, 7)), 0.1, 3)
    raise KeyError(name)


def check_hand_adjoint_fd(case: Case) -> None:
    """The hand-written adjoint against central differences on a small instance (independent of pyenzyme)."""
    rng = np.random.default_rng(99)
    args = list(_fd_small_inputs(case.name, rng))
    shadows = [np.zeros_like(args[i]) for i in case.wrt]
    case.hand(*args, *shadows)
    dirs = [rng.standard_normal(args[i].shape) for i in case.wrt]
    want = sum(float(np.vdot(s, v)) for s, v in zip(shadows, dirs))
    h = 1e-5

    def at(t):
        a2 = list(args)
        for i, v in zip(case.wrt, dirs):
            a2[i] = args[i] + t * v
        return case.f(*a2)

    fd = (at(h) - at(-h)) / (2 * h)
    if not abs(fd - want) <= 1e-6 * max(abs(want), abs(fd), 1.0):
        raise VerificationError(f"{case.name}: hand-written adjoint . v = {want!r} but central differences give "
                                f"{fd!r}: the hand-written adjoint is wrong")


# ---------------------------------------------------------------------- JAX (optional)
_JAX: dict = {}


_SINGLE_THREAD_XLA = "--xla_cpu_multi_thread_eigen=false"


def _xla_flag_ok(flags: str) -> bool:
    """Whether JAX runs with XLA_FLAGS=flags (XLA aborts the process on a flag it does not know)."""
    import subprocess

    env = dict(os.environ, XLA_FLAGS=flags)
    try:
        r = subprocess.run([sys.executable, "-c", "import jax.numpy as j; j.ones(2).sum().block_until_ready()"],
                           env=env, capture_output=True, timeout=120)
    except Exception:  # noqa: BLE001
        return False
    return r.returncode == 0


def load_jax(disabled: bool):
    """(jax, jnp) or None, with a reason in _JAX['note']."""
    if "mods" in _JAX:
        return _JAX["mods"]
    mods = None
    if disabled:
        _JAX["note"] = "JAX column skipped (--no-jax)"
    else:
        import importlib.util

        os.environ.setdefault("JAX_PLATFORMS", "cpu")
        if ("XLA_FLAGS" not in os.environ and importlib.util.find_spec("jax") is not None
                and _xla_flag_ok(_SINGLE_THREAD_XLA)):
            # Same footing as the single-threaded Numba and C code, unless the user set XLA_FLAGS.
            os.environ["XLA_FLAGS"] = _SINGLE_THREAD_XLA
        try:
            import jax
            import jax.numpy as jnp

            jax.config.update("jax_enable_x64", True)
            mods = (jax, jnp)
            _JAX["note"] = (f"JAX {jax.__version__} on {jax.default_backend()}, "
                            f"XLA_FLAGS={os.environ.get('XLA_FLAGS')!r}")
        except Exception as exc:  # noqa: BLE001 - any failure to import or start means "no JAX"
            _JAX["note"] = f"JAX column skipped: `import jax` failed ({type(exc).__name__}: {exc})"
    _JAX["mods"] = mods
    return mods


# ---------------------------------------------------------------------- one kernel
@dataclass
class CaseResult:
    name: str
    size: str
    timings: MultiResult
    tape_bytes: int
    wrt_bytes: int
    max_rel_err: dict
    labels: dict  # column -> label in timings (only the columns that ran)

    def ns(self, col: str) -> float | None:
        lab = self.labels.get(col)
        return self.timings.ns[lab] if lab else None


def _setup_jax(case: Case, jax_mods, ns: dict, value: float, hand_g: list, errs: dict) -> dict:
    """Build and verify jit(value_and_grad) for a case; put its objects into ns; return {"JAX": statement}."""
    jax, jnp = jax_mods
    jf, jargs = case.jax_fn(jnp, case.args)
    vg = jax.jit(jax.value_and_grad(jf, argnums=tuple(range(len(jargs)))))
    jargs = tuple(jax.device_put(jnp.asarray(a)) for a in jargs)
    jv, jg = jax.block_until_ready(vg(*jargs))
    if not abs(float(jv) - value) <= RTOL * max(abs(value), 1.0):
        raise VerificationError(f"{case.name}: JAX value {float(jv)!r} != primal {value!r}")
    for k, (g, h) in enumerate(zip(jg, hand_g)):
        errs[f"JAX vs hand [{k}]"] = check_close(f"{case.name}: JAX gradient vs hand-written (arg {case.wrt[k]})",
                                                 np.asarray(g), h)
    ns.update(_jax=jax, _jvg=vg)
    for j, a in enumerate(jargs):
        ns[f"_j{j}"] = a
    return {"JAX": f"_jax.block_until_ready(_jvg({', '.join(f'_j{j}' for j in range(len(jargs)))}))"}


def run_case(case: Case, cfg, log, jax_mods) -> tuple[CaseResult, list]:
    name = case.name
    args = case.args
    saved = [np.array(a, copy=True) if isinstance(a, np.ndarray) else a for a in args]
    errs: dict = {}

    # ---- references: the hand-written adjoint, checked against finite differences and C
    log(f"  {name}: checking the hand-written adjoint ...")
    check_hand_adjoint_fd(case)
    hand_g = case.zero_shadows()
    case.hand(*args, *hand_g)
    value = float(case.f(*args))
    if case.c_grad is not None and cref.available():
        cg = case.c_grad(*args)
        cv = case.c_value(*args)
        if not abs(cv - value) <= 1e-12 * max(abs(value), 1.0):
            raise VerificationError(f"{name}: C primal {cv!r} != Numba primal {value!r}")
        for k, (c, h) in enumerate(zip(cg, hand_g)):
            errs[f"hand vs C [{k}]"] = check_close(f"{name}: hand-written adjoint vs C adjoint (arg {case.wrt[k]})",
                                                   h, c)

    # ---- pyenzyme: API result, agreement with every reference, accumulation, untouched inputs
    log(f"  {name}: building and checking the pyenzyme gradient ...")
    sh = case.zero_shadows()
    out = pe.autodiff(pe.Reverse, case.f, pe.Active, *case.annotated(sh))
    if out != ((None,) * len(args),):
        raise VerificationError(f"{name}: pe.autodiff(pe.Reverse, ...) returned {out!r}, expected "
                                f"{((None,) * len(args),)!r}")
    for k, (g, h) in enumerate(zip(sh, hand_g)):
        errs[f"pyenzyme vs hand [{k}]"] = check_close(f"{name}: pyenzyme gradient vs hand-written (arg {case.wrt[k]})",
                                                      g, h)
    if case.c_grad is not None and cref.available():
        for k, (g, c) in enumerate(zip(sh, case.c_grad(*args))):
            errs[f"pyenzyme vs C [{k}]"] = check_close(f"{name}: pyenzyme gradient vs C adjoint (arg {case.wrt[k]})",
                                                       g, c)
    for i, (a, s) in enumerate(zip(args, saved)):
        if isinstance(a, np.ndarray) and not np.array_equal(a, s):
            raise VerificationError(f"{name}: pyenzyme modified input argument {i}")
    tape = tape_bytes_of(case.f, *case.annotated(sh))  # a second call: the shadows must now hold 2 x gradient
    for k, (g, h) in enumerate(zip(sh, hand_g)):
        check_close(f"{name}: pyenzyme's second call does not add into the shadow (arg {case.wrt[k]})", g, 2 * h)
    if len(args) == 1:
        g = pe.gradient(pe.Reverse, case.f, args[0])
        g = g[0] if isinstance(g, tuple) else g
        check_close(f"{name}: pe.gradient(pe.Reverse, f, x) vs hand-written", g, hand_g[0])

    # ---- namespace and statements
    ns: dict = {"pe": pe, "f": case.f, "hand": case.hand}
    for i, a in enumerate(args):
        ns[f"a{i}"] = a
    pe_sh = case.zero_shadows()
    hand_sh = case.zero_shadows()
    for j, (s, hs) in enumerate(zip(pe_sh, hand_sh)):
        ns[f"s{j}"] = s
        ns[f"hs{j}"] = hs
    stmts = {
        "primal": f"f({case.arg_names()})",
        "pyenzyme": case.pe_stmt(),
        "hand": f"hand({case.arg_names()}, {', '.join(f'hs{j}' for j in range(len(hand_sh)))})",
    }
    if case.c_stmt is not None:
        c_stmt = case.c_stmt(ns)
        if c_stmt is not None:
            exec(c_stmt, ns)  # the exact timed call, checked once
            check_close(f"{name}: C adjoint (direct call) vs hand-written", ns["_cout_arr"], hand_g[0])
            stmts["C"] = c_stmt
    if jax_mods is not None and case.jax_fn is not None:
        log(f"  {name}: building and checking JAX ...")
        try:
            stmts.update(_setup_jax(case, jax_mods, ns, value, hand_g, errs))
        except VerificationError:
            raise
        except Exception as exc:  # noqa: BLE001 - JAX is optional: a JAX failure only drops its column
            _JAX.setdefault("errors", []).append(f"{name}: JAX failed, column skipped ({type(exc).__name__}: {exc})")

    log(f"  {name}: verified; timing {', '.join(stmts)} ...")
    res = compare_many(stmts, namespace=ns, repeat=cfg.repeat, rounds=cfg.rounds, warmup=2,
                       min_batch_ns=cfg.min_batch_ns)
    wrt_bytes = sum(args[i].nbytes for i in case.wrt)
    cr = CaseResult(name, case.size, res, tape, wrt_bytes, errs, {k: k for k in stmts})

    rows = [Row(name, "pyenzyme / primal", res.pair("pyenzyme", "primal"), 3.0, stretch=2.0),
            Row(name, "pyenzyme / hand-written", res.pair("pyenzyme", "hand"), None)]
    if "C" in stmts:
        rows.append(Row(name, "pyenzyme / C adjoint", res.pair("pyenzyme", "C"), None))
    if "JAX" in stmts:
        rows.append(Row(name, "pyenzyme / JAX", res.pair("pyenzyme", "JAX"), 1.0, strict=True))
    return cr, rows


# ---------------------------------------------------------------------- results
@dataclass
class Row:
    kernel: str
    name: str
    res: PairResult
    target: float | None  # None: informational
    stretch: float | None = None
    strict: bool = False  # target is "<" rather than "<="

    def _meets(self, t: float) -> bool:
        return self.res.ratio < t if self.strict else self.res.ratio <= t

    @property
    def status(self) -> str:
        if self.target is None:
            return "info"
        return "PASS" if self._meets(self.target) else "MISS"

    @property
    def stretch_status(self) -> str | None:
        if self.stretch is None:
            return None
        return "PASS" if self._meets(self.stretch) else "MISS"

    @property
    def target_text(self) -> str:
        if self.target is None:
            return "-"
        t = f"{'<' if self.strict else '<='} {self.target:g}"
        return t + (f" ({self.stretch:g})" if self.stretch is not None else "")

    @property
    def result_text(self) -> str:
        s = self.status
        if self.stretch_status is not None:
            s += f", stretch {self.stretch_status}"
        return s

    def as_dict(self) -> dict:
        return {"kernel": self.kernel, "name": self.name, "target": self.target, "strict": self.strict,
                "stretch": self.stretch, "status": self.status, "stretch_status": self.stretch_status,
                **self.res.as_dict()}


def fmt_ns(ns: float | None) -> str:
    if ns is None:
        return "n/a"
    if ns >= 1e9:
        return f"{ns / 1e9:.3f} s"
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.2f} us"
    return f"{ns:.0f} ns"


def fmt_bytes(b: int) -> str:
    if b >= 1 << 20:
        return f"{b / (1 << 20):.2f} MiB"
    if b >= 1 << 10:
        return f"{b / (1 << 10):.1f} KiB"
    return f"{b} B"


def print_tables(results: list[CaseResult], rows: list[Row], header: str) -> None:
    print(header)
    cols = ["primal", "pyenzyme", "hand", "C", "JAX"]
    titles = ["primal", "pyenzyme", "hand-written", "C adjoint", "JAX"]
    wk = max(len(r.name) for r in results)
    ws = max(len(r.size) for r in results)
    line = (f"{'kernel':<{wk}}  {'size':<{ws}}  " + "  ".join(f"{t:>12}" for t in titles)
            + f"  {'tape bytes':>12}  {'tape/grad-args':>14}")
    print(line)
    print("-" * len(line))
    for r in results:
        print(f"{r.name:<{wk}}  {r.size:<{ws}}  " + "  ".join(f"{fmt_ns(r.ns(c)):>12}" for c in cols)
              + f"  {r.tape_bytes:>12,}  {r.tape_bytes / r.wrt_bytes:>13.2f}x")
    print("Times: min over rounds of the median time per call, all columns of a row measured interleaved. "
          "tape/grad-args: tape bytes over the bytes of the differentiated arguments.")
    print()
    w = max(len(f"{r.kernel}: {r.name}") for r in rows)
    line = f"{'ratio':<{w}}  {'A':>10}  {'B':>10}  {'A/B':>7}  {'spread':>13}  {'target':>10}  result"
    print(line)
    print("-" * len(line))
    for r in rows:
        lo, hi = r.res.ratio_spread
        print(f"{f'{r.kernel}: {r.name}':<{w}}  {fmt_ns(r.res.a_ns):>10}  {fmt_ns(r.res.b_ns):>10}  "
              f"{r.res.ratio:>7.3f}  {f'{lo:.2f}..{hi:.2f}':>13}  {r.target_text:>10}  {r.result_text}")
    print("spread: the per-round ratios; target (stretch).")


# ---------------------------------------------------------------------- main
@dataclass
class Config:
    quick: bool
    n: int
    gmm: tuple
    stencil: tuple
    repeat: int
    rounds: int
    min_batch_ns: int


def make_config(quick: bool, n: int | None) -> Config:
    if quick:
        return Config(True, n or 10**5, gmm=(10, 25, 200), stencil=(128, 10), repeat=5, rounds=3,
                      min_batch_ns=5_000_000)
    return Config(False, n or 10**6, gmm=(10, 25, 1000), stencil=(256, 20), repeat=7, rounds=3,
                  min_batch_ns=20_000_000)


def environment() -> dict:
    return {
        "python": platform.python_version(),
        "numba": numba.__version__,
        "llvmlite": __import__("llvmlite").__version__,
        "numpy": np.__version__,
        "machine": platform.machine(),
        "platform": platform.platform(),
        "processor": platform.processor(),
        "cpu_count": os.cpu_count(),
        "c_reference": cref.available(),
        "c_reference_library": str(cref.library_path()) if cref.available() else None,
        "pyenzyme": os.path.dirname(pe.__file__),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.bench_reverse", description=__doc__.split("\n")[0])
    p.add_argument("--quick", action="store_true", help="smaller sizes and fewer repeats (finishes in < 40 s)")
    p.add_argument("--json", metavar="FILE", help="also write all numbers to FILE as JSON")
    p.add_argument("--n", type=int, default=None, help="array length for sumsq and rosenbrock "
                                                       "(default 10^6; 10^5 with --quick)")
    p.add_argument("--only", metavar="KERNEL", action="append", choices=["sumsq", "rosenbrock", "gmm", "stencil"],
                   help="run only this kernel (repeatable)")
    p.add_argument("--no-jax", action="store_true", help="skip JAX even if it is installed")
    p.add_argument("--fail-on-miss", action="store_true", help="exit with status 1 if any target is missed")
    p.add_argument("-v", "--verbose", action="store_true", help="progress messages on stderr")
    args = p.parse_args(argv)
    cfg = make_config(args.quick, args.n)

    def log(msg: str) -> None:
        if args.verbose:
            print(msg, file=sys.stderr, flush=True)

    env = environment()
    notes = []
    if not env["c_reference"]:
        notes.append("C reference kernels not built: C column n/a, gradients checked against the hand-written "
                     "adjoints and finite differences only")
    jax_mods = load_jax(args.no_jax)
    notes.append(_JAX["note"])
    env["jax"] = _JAX["note"]
    notes.append("GMM: no C reference adjoint (C column n/a)")

    t0 = time.perf_counter()
    results: list[CaseResult] = []
    rows: list[Row] = []
    try:
        for case in make_cases(cfg):
            if args.only and case.name not in args.only:
                continue
            cr, crow = run_case(case, cfg, log, jax_mods)
            results.append(cr)
            rows.extend(crow)
    except VerificationError as exc:
        print(f"\nFAIL: wrong derivative, benchmark aborted:\n  {exc}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - t0

    header = (f"pyenzyme reverse-mode benchmark ({'quick' if cfg.quick else 'full'}; "
              f"Python {env['python']}, numba {env['numba']}, llvmlite {env['llvmlite']}, "
              f"{env['machine']}, {env['cpu_count']} CPUs; gradients verified at rtol {RTOL:g} against "
              f"hand-written adjoints{' + C reference' if env['c_reference'] else ''})")
    print_tables(results, rows, header)
    notes.extend(_JAX.get("errors", []))
    for n_ in notes:
        print(f"note: {n_}")
    misses = [r for r in rows if r.status == "MISS"]
    print(f"{sum(r.status == 'PASS' for r in rows)} PASS, {len(misses)} MISS, "
          f"{sum(r.status == 'info' for r in rows)} informational; {elapsed:.1f} s")

    if args.json:
        doc = {
            "benchmark": "reverse",
            "quick": cfg.quick,
            "config": {"n": cfg.n, "gmm_d_K_n": list(cfg.gmm), "stencil_grid_steps": list(cfg.stencil),
                       "repeat": cfg.repeat, "rounds": cfg.rounds, "min_batch_ns": cfg.min_batch_ns},
            "elapsed_s": elapsed,
            "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "environment": env,
            "notes": notes,
            "kernels": [{"name": r.name, "size": r.size, "tape_bytes": r.tape_bytes,
                         "differentiated_bytes": r.wrt_bytes, "max_rel_err": r.max_rel_err,
                         "ns_per_call": {c: r.ns(c) for c in ("primal", "pyenzyme", "hand", "C", "JAX")},
                         "timings": r.timings.as_dict()} for r in results],
            "results": [r.as_dict() for r in rows],
        }
        with open(args.json, "w") as fh:
            json.dump(doc, fh, indent=2)
            fh.write("\n")
    return 1 if (misses and args.fail_on_miss) else 0


if __name__ == "__main__":
    sys.exit(main())
