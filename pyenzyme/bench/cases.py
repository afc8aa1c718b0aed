"""What ``pyenzyme bench`` measures: per kernel, its inputs, the primal and every derivative implementation.

A :class:`Case` is one kernel at one size: the primal operation, and per mode
(``forward``, ``reverse``) the reference derivative (from the hand-written
Numba code) and the implementations to verify and time: pyenzyme, the
hand-written Numba derivative, the C reference, JAX and PyTorch. Every
implementation is an :class:`Impl`: ``op()`` is exactly what is timed;
``reset()`` then ``extract(op())`` gives its derivative for verification.

Inputs are generated deterministically (fixed seeds, nothing downloaded).
Each case runs on a fresh copy of its @njit primal, so the first pyenzyme call
really builds the derivative (its time is the first-call compile time).
"""

from __future__ import annotations

import types as _pytypes
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numba
import numpy as np

import pyenzyme as pe
from pyenzyme import reference as cref

from . import kernels as K
from . import nbody as NB
from . import peers as P

FORWARD, REVERSE = "forward", "reverse"
MODES = (FORWARD, REVERSE)
PEERS = ("C", "JAX", "PyTorch")  # optional columns; the hand-written derivative always runs
PEER_ALIASES = {"c": "C", "jax": "JAX", "torch": "PyTorch", "pytorch": "PyTorch"}


@dataclass
class Impl:
    """One way of computing one derivative."""

    label: str  # "pyenzyme", "hand-written", "C", "JAX", "PyTorch"
    op: Callable[[], Any]  # what is timed
    extract: Callable[[Any], list]  # derivative arrays from op's result (and the state op wrote)
    reset: Callable[[], None] = lambda: None  # untimed: clean state before a verification call
    primal_check: Callable[[Any], float | None] | None = None  # op's result -> primal value it returned


@dataclass
class ModeCase:
    mode: str
    what: str  # "gradient", "directional derivative", "Jacobian (...)"
    reference: list  # derivative arrays from the hand-written code
    scale: list | None  # per reference entry: the magnitude its rounding errors scale with (None: |ref|)
    impls: dict  # label -> zero-argument builder returning an Impl (peers may fail to build)
    target: float | None  # pyenzyme / primal must be <= target
    tape: Callable[[], int] | None = None  # bytes of tape of one pyenzyme reverse call


@dataclass
class Case:
    name: str
    size: str
    primal: Callable[[], Any]
    modes: list
    primal_value: float | None = None
    notes: list = field(default_factory=list)
    fd_check: Callable[[], float] | None = None  # hand-written derivative . v vs central differences: rel. error
    measure_notes: Callable[[], list] | None = None  # after timing: more measured notes (thread speed-ups)


def fresh(dispatcher):
    """A new, not yet compiled @njit dispatcher for the same Python code (nothing cached anywhere)."""
    py = dispatcher.py_func
    f = _pytypes.FunctionType(py.__code__, py.__globals__, py.__name__, py.__defaults__, py.__closure__)
    f.__qualname__ = py.__qualname__
    f.__doc__ = py.__doc__
    return numba.njit(parallel=bool(dispatcher.targetoptions.get("parallel", False)))(f)


def _zeros(arrays):
    return [np.zeros_like(a) for a in arrays]


def _fill0(arrays):
    for a in arrays:
        a.fill(0.0)


def _copies(arrays):
    return [np.array(a, copy=True) for a in arrays]


# ---------------------------------------------------------------------- peers
class PeerEnv:
    """Which optional peers run, their loaded modules and notes."""

    def __init__(self, wanted: tuple, explicit: bool):
        self.wanted = wanted
        self.explicit = explicit
        self.notes: list[str] = []
        self.failed: list[str] = []  # wanted peers that are installed but could not be loaded
        self.jax = self.torch = None
        if "C" in wanted and not cref.available():
            self.notes.append("C reference kernels not built: C column n/a (pip install -e . builds them)")
        if "JAX" in wanted:
            try:
                jax, jnp, note = P.load_jax()
                self.jax = (jax, jnp)
                self.notes.append(note)
            except Exception as exc:
                self.failed.append("JAX")
                self.notes.append(f"JAX skipped: `import jax` failed ({type(exc).__name__}: {exc})")
        else:
            self.notes.append("JAX skipped (not installed)" if not P.installed("JAX") else "JAX not requested")
        if "PyTorch" in wanted:
            try:
                torch, note = P.load_torch()
                self.torch = torch
                self.notes.append(note)
            except Exception as exc:
                self.failed.append("PyTorch")
                self.notes.append(f"PyTorch skipped: `import torch` failed ({type(exc).__name__}: {exc})")
        else:
            self.notes.append(
                "PyTorch skipped (not installed)" if not P.installed("PyTorch") else "PyTorch not requested"
            )

    @property
    def c(self) -> bool:
        return "C" in self.wanted and cref.available()


def _jax_scalar_impls(env: PeerEnv, make, args, dirs) -> tuple[dict, dict]:
    """(forward builders, reverse builders) for a scalar loss built by make(jax, jnp, *args)."""
    if env.jax is None:
        return {}, {}
    jax, jnp = env.jax

    def setup():
        fn, wrt = make(jax, jnp, *args)
        return fn, tuple(jax.device_put(jnp.asarray(a)) for a in wrt)

    def fwd():
        fn, wrt = setup()
        tan = tuple(jax.device_put(jnp.asarray(v)) for v in dirs)
        jvp = jax.jit(lambda p, t: jax.jvp(fn, p, t))
        return Impl(
            "JAX",
            lambda: jax.block_until_ready(jvp(wrt, tan)),
            lambda out: [np.asarray(out[1])],
            primal_check=lambda out: float(out[0]),
        )

    def rev():
        fn, wrt = setup()
        g = jax.jit(jax.grad(fn, argnums=tuple(range(len(wrt)))))
        return Impl("JAX", lambda: jax.block_until_ready(g(*wrt)), lambda out: [np.asarray(a) for a in out])

    return {"JAX": fwd}, {"JAX": rev}


def _torch_scalar_impls(env: PeerEnv, make, args, dirs) -> tuple[dict, dict]:
    if env.torch is None:
        return {}, {}
    torch = env.torch

    def setup():
        fn, wrt = make(torch, *args)
        return fn, tuple(torch.from_numpy(np.ascontiguousarray(a)) for a in wrt)

    def fwd():
        fn, wrt = setup()
        tan = tuple(torch.from_numpy(np.ascontiguousarray(v)) for v in dirs)
        return Impl(
            "PyTorch",
            lambda: torch.func.jvp(fn, wrt, tan),
            lambda out: [out[1].detach().numpy()],
            primal_check=lambda out: float(out[0]),
        )

    def rev():
        fn, wrt = setup()
        g = torch.func.grad(fn, argnums=tuple(range(len(wrt))))
        return Impl("PyTorch", lambda: g(*wrt), lambda out: [a.detach().numpy() for a in out])

    return {"PyTorch": fwd}, {"PyTorch": rev}


# ---------------------------------------------------------------------- scalar losses
def scalar_case(
    name: str,
    size: str,
    prim,
    args: tuple,
    wrt: tuple,
    hand,
    env: PeerEnv,
    *,
    jax_make=None,
    torch_make=None,
    c_impl=None,
    fwd_target=2.0,
    rev_target=3.0,
    seed=0,
) -> Case:
    """A scalar loss prim(*args): forward = directional derivative along random directions of the
    `wrt` arguments, reverse = gradient with respect to them (hand(*args, *shadows) adds it)."""
    f = fresh(prim)
    rng = np.random.default_rng(seed + 17)
    wrt_arrays = [args[i] for i in wrt]
    dirs = [rng.standard_normal(a.shape) for a in wrt_arrays]

    def primal():
        return f(*args)

    # reference: the hand-written gradient, and the directional derivative along dirs
    hand_g = _zeros(wrt_arrays)
    hand(*args, *hand_g)
    tangent = sum(float(np.vdot(g, v)) for g, v in zip(hand_g, dirs))
    tangent_scale = sum(float(np.sum(np.abs(g * v))) for g, v in zip(hand_g, dirs))

    def annotate(shadows, kind):
        it = iter(shadows)
        return [kind(a, next(it)) if i in wrt else pe.Const(a) for i, a in enumerate(args)]

    fwd_args = annotate(dirs, pe.Duplicated)

    def pe_fwd():
        return Impl(
            "pyenzyme",
            lambda: pe.autodiff(pe.Forward, f, pe.Duplicated, *fwd_args),
            lambda out: [np.float64(out[1])],
            primal_check=lambda out: float(out[0]),
        )

    pe_sh = _zeros(wrt_arrays)
    rev_args = annotate(pe_sh, pe.Duplicated)

    def pe_rev():
        return Impl(
            "pyenzyme",
            lambda: pe.autodiff(pe.Reverse, f, pe.Active, *rev_args),
            lambda out: _copies(pe_sh),
            reset=lambda: _fill0(pe_sh),
        )

    hand_sh = _zeros(wrt_arrays)

    def hand_rev():
        return Impl(
            "hand-written", lambda: hand(*args, *hand_sh), lambda out: _copies(hand_sh), reset=lambda: _fill0(hand_sh)
        )

    def tape():
        from pyenzyme.diagnostics import tape_bytes

        return tape_bytes(f, pe.Active, *annotate(_zeros(wrt_arrays), pe.Duplicated))

    def fd_check():
        """Directional central difference of the primal along dirs against the hand-written tangent."""
        h = 1e-6 * max(1.0, max(float(np.max(np.abs(a), initial=0.0)) for a in wrt_arrays))

        def at(t):
            a2 = list(args)
            for i, v in zip(wrt, dirs):
                a2[i] = args[i] + t * v
            return float(f(*a2))

        fd = (at(h) - at(-h)) / (2 * h)
        return abs(fd - tangent) / max(tangent_scale, 1e-300)

    fwd_impls = {"pyenzyme": pe_fwd}
    rev_impls = {"pyenzyme": pe_rev, "hand-written": hand_rev}
    if c_impl is not None and env.c:
        rev_impls["C"] = c_impl
    for make, builder in ((jax_make, _jax_scalar_impls), (torch_make, _torch_scalar_impls)):
        if make is not None:
            fb, rb = builder(env, make, args, dirs)
            fwd_impls.update(fb)
            rev_impls.update(rb)
    return Case(
        name,
        size,
        primal,
        [
            ModeCase(FORWARD, "directional derivative", [np.float64(tangent)], [tangent_scale], fwd_impls, fwd_target),
            ModeCase(REVERSE, "gradient", hand_g, None, rev_impls, rev_target, tape),
        ],
        fd_check=fd_check,
    )


def _c_vector(cname: str, x: np.ndarray) -> Callable[[], Impl]:
    def build():
        lib, ffi = cref._lib, cref._ffi
        out = np.empty_like(x)
        fn = getattr(lib, cname)
        px, pout, n = ffi.cast("double *", x.ctypes.data), ffi.cast("double *", out.ctypes.data), x.size
        return Impl("C", lambda: fn(px, n, pout), lambda _: [out.copy()])

    return build


def case_sumsq(size: dict, env: PeerEnv) -> Case:
    n = size["n"]
    x = np.random.default_rng(20240611).uniform(-1.5, 1.5, n)
    return scalar_case(
        "sumsq",
        f"n={n:,}",
        K.sumsq,
        (x,),
        (0,),
        K.sumsq_adjoint,
        env,
        jax_make=P.jax_sumsq,
        torch_make=P.torch_sumsq,
        c_impl=_c_vector("sumsq_grad", x),
        fwd_target=1.3,
    )


def case_rosenbrock(size: dict, env: PeerEnv) -> Case:
    n = size["n"]
    x = np.random.default_rng(20240612).uniform(-1.5, 1.5, n)
    return scalar_case(
        "rosenbrock",
        f"n={n:,}",
        K.rosenbrock,
        (x,),
        (0,),
        K.rosenbrock_adjoint,
        env,
        jax_make=P.jax_rosenbrock,
        torch_make=P.torch_rosenbrock,
        c_impl=_c_vector("rosenbrock_grad", x),
        fwd_target=1.3,
    )


def case_stencil(size: dict, env: PeerEnv) -> Case:
    nx, steps = size["stencil"]
    u0, c = K.stencil_inputs(nx, seed=20240613)

    def c_impl():
        lib, ffi = cref._lib, cref._ffi
        out = np.empty_like(u0)
        pu, pout = ffi.cast("double *", u0.ctypes.data), ffi.cast("double *", out.ctypes.data)
        return Impl("C", lambda: lib.stencil_loss_grad(pu, nx, nx, c, steps, pout), lambda _: [out.copy()])

    return scalar_case(
        "stencil",
        f"{nx}x{nx}, {steps} steps",
        K.stencil_loss,
        (u0, c, steps),
        (0,),
        K.stencil_loss_adjoint,
        env,
        jax_make=P.jax_stencil,
        torch_make=P.torch_stencil,
        c_impl=c_impl,
    )


def case_gmm(size: dict, env: PeerEnv) -> Case:
    d, k, n = size["gmm"]
    args = K.gmm_inputs(d, k, n, seed=3)
    return scalar_case(
        "gmm",
        f"d={d} K={k} n={n:,}",
        K.gmm_objective,
        args,
        (0, 1, 2),
        K.gmm_adjoint,
        env,
        jax_make=P.jax_gmm,
        torch_make=P.torch_gmm,
    )


def case_mlp(size: dict, env: PeerEnv) -> Case:
    batch, n_in, hidden, n_out = size["mlp"]
    args = K.mlp_inputs(batch, n_in, hidden, n_out, seed=5)
    return scalar_case(
        "mlp",
        f"batch={batch} {n_in}-{hidden}-{n_out}",
        K.mlp_loss,
        args,
        (2, 3, 4, 5),
        K.mlp_adjoint,
        env,
        jax_make=P.jax_mlp,
        torch_make=P.torch_mlp,
    )


def case_gp(size: dict, env: PeerEnv) -> Case:
    n = size["gp"]
    args = K.gp_inputs(n, seed=6)
    return scalar_case(
        "gp",
        f"n={n} d=3",
        K.gp_nll,
        args,
        (0, 2),
        K.gp_nll_adjoint,
        env,
        jax_make=P.jax_gp,
        torch_make=P.torch_gp,
        rev_target=4.0,
    )


def case_nbody(size: dict, env: PeerEnv) -> Case:
    n = size["nbody"]
    args = NB.inputs(n, seed=7)
    case = scalar_case(
        "nbody",
        f"n={n}, prange over particles",
        NB.energy,
        args,
        (0,),
        NB.energy_adjoint,
        env,
        jax_make=P.jax_nbody,
        torch_make=P.torch_nbody,
    )
    threads = min(2, numba.config.NUMBA_NUM_THREADS)
    if threads > 1:
        case.measure_notes = lambda: NB.thread_speedups(NB.energy, args, threads)
    case.notes.append(
        f"nbody: primal, pyenzyme and hand-written run on {numba.get_num_threads()} threads (parallel=True); "
        "JAX and PyTorch on one core"
    )
    return case


def case_lstm(size: dict, env: PeerEnv) -> Case:
    layers, h, c = size["lstm"]
    args = K.lstm_inputs(layers, h, c, seed=4)
    return scalar_case(
        "lstm",
        f"l={layers} h={h} c={c:,}",
        K.lstm_objective,
        args,
        (0, 1),
        K.lstm_adjoint,
        env,
        jax_make=P.jax_lstm,
        torch_make=P.torch_lstm,
    )


def case_brusselator(size: dict, env: PeerEnv) -> Case:
    n, steps = size["brusselator"]
    u0, v0, forcing, alpha, dt = K.brusselator_inputs(n)
    return scalar_case(
        "brusselator",
        f"{n}x{n}, {steps} steps",
        K.brusselator_loss,
        (u0, v0, forcing, alpha, dt, steps),
        (0, 1),
        K.brusselator_adjoint,
        env,
        jax_make=P.jax_brusselator,
        torch_make=P.torch_brusselator,
    )


# ---------------------------------------------------------------------- Jacobians
def case_ba(size: dict, env: PeerEnv) -> Case:
    nc, npt, nobs = size["ba"]
    cams, X, w, feats, obs = K.ba_inputs(nc, npt, nobs, seed=5)
    f = fresh(K.ba_objective)
    g = fresh(K.ba_objective_gathered)
    p = nobs
    W = K.BA_BLOCK_COLS
    re, we = np.empty((p, 2)), np.empty(p)

    def primal():
        return f(cams, X, w, feats, obs, re, we)

    J_hand = np.empty((p, 3, W))
    K.ba_jacobian_hand(cams, X, w, feats, obs, J_hand)

    # forward: 15 compressed directions, one batch-forward call gives every block
    cs, ps, ws = K.ba_seeds(cams, X, w)
    fre, fwe = np.empty((p, 2)), np.empty(p)
    dre = tuple(np.zeros((p, 2)) for _ in range(W))
    dwe = tuple(np.zeros(p) for _ in range(W))
    fwd_args = (
        pe.BatchDuplicated(cams, cs),
        pe.BatchDuplicated(X, ps),
        pe.BatchDuplicated(w, ws),
        pe.Const(feats),
        pe.Const(obs),
        pe.BatchDuplicated(fre, dre),
        pe.BatchDuplicated(fwe, dwe),
    )

    def fwd_blocks(_):
        J = np.empty((p, 3, W))
        for k in range(W):
            J[:, :2, k] = dre[k]
            J[:, 2, k] = dwe[k]
        return [J]

    def pe_fwd():
        return Impl(
            "pyenzyme",
            lambda: pe.autodiff(pe.Forward, f, pe.Const, *fwd_args),
            fwd_blocks,
            reset=lambda: _fill0(dre + dwe),
        )

    # reverse: per-observation parameter rows, one 3-lane batch reverse sweep gives row r of every block
    Pm = np.empty((p, W))
    err = np.empty((p, 3))
    seeds = tuple(np.zeros((p, 3)) for _ in range(3))
    grads = tuple(np.zeros((p, W)) for _ in range(3))
    rev_args = (pe.BatchDuplicated(Pm, grads), pe.Const(feats), pe.BatchDuplicated(err, seeds))
    gather = K.ba_gather

    def pe_rev_op():
        gather(cams, X, w, obs, Pm)
        for r in range(3):
            seeds[r][:, r] = 1.0  # the sweep consumes (zeroes) the output shadow
            grads[r].fill(0.0)
        return pe.autodiff(pe.Reverse, g, pe.Const, *rev_args)

    def pe_rev():
        return Impl("pyenzyme", pe_rev_op, lambda _: [np.stack(grads, axis=1)])

    def tape():
        from pyenzyme.diagnostics import tape_bytes

        P2 = np.empty((p, W))
        gather(cams, X, w, obs, P2)
        s2 = tuple(np.zeros((p, 3)) for _ in range(3))
        for r in range(3):
            s2[r][:, r] = 1.0
        return tape_bytes(
            g,
            pe.Const,
            pe.BatchDuplicated(P2, tuple(np.zeros((p, W)) for _ in range(3))),
            pe.Const(feats),
            pe.BatchDuplicated(np.empty((p, 3)), s2),
        )

    Jh = np.empty((p, 3, W))

    def hand():
        return Impl(
            "hand-written",
            lambda: K.ba_jacobian_hand(cams, X, w, feats, obs, Jh),
            lambda _: [Jh.copy()],
            reset=lambda: Jh.fill(np.nan),
        )

    fwd_impls = {"pyenzyme": pe_fwd, "hand-written": hand}
    rev_impls = {"pyenzyme": pe_rev, "hand-written": hand}
    for label, mods, make in (("JAX", env.jax, P.jax_ba), ("PyTorch", env.torch, P.torch_ba)):
        if mods is None:
            continue
        for mode, impls in ((FORWARD, fwd_impls), (REVERSE, rev_impls)):
            impls[label] = _peer_jacobian(label, mods, make, (cams, X, w, feats, obs), mode)

    def fd_check():
        """Central differences of the gathered residuals along a random direction in every block's 15 inputs."""
        P0 = np.empty((p, W))
        K.ba_gather(cams, X, w, obs, P0)
        v = np.random.default_rng(7).standard_normal((p, W))
        h = 1e-6
        ep, em = np.empty((p, 3)), np.empty((p, 3))
        g(P0 + h * v, feats, ep)
        g(P0 - h * v, feats, em)
        want = np.einsum("irc,ic->ir", J_hand, v)
        scale = np.einsum("irc,ic->ir", np.abs(J_hand), np.abs(v))
        return float(np.max(np.abs((ep - em) / (2 * h) - want)) / max(float(np.max(scale)), 1e-300))

    what_f = f"Jacobian blocks (3x{W} per observation), batch forward, width {W}"
    what_r = "Jacobian blocks, per-block batch reverse, width 3"
    return Case(
        "ba",
        f"cams={nc} points={npt:,} obs={nobs:,}",
        primal,
        [
            ModeCase(FORWARD, what_f, [J_hand], None, fwd_impls, 2.0 * W),
            ModeCase(REVERSE, what_r, [J_hand], None, rev_impls, 3.0 * 3, tape),
        ],
        fd_check=fd_check,
    )


def _peer_jacobian(label, mods, make, args, mode):
    """A builder for a JAX/PyTorch Jacobian impl: make(...) -> (blocks(jac) -> fn, wrt)."""

    def build():
        if label == "JAX":
            jax, jnp = mods
            blocks, wrt = make(jax, jnp, *args)
            fn = jax.jit(blocks(jax.jacfwd if mode == FORWARD else jax.jacrev))
            wrt = tuple(jax.device_put(jnp.asarray(a)) for a in wrt)
            return Impl(label, lambda: jax.block_until_ready(fn(*wrt)), lambda out: [np.asarray(out)])
        torch = mods
        blocks, wrt = make(torch, *args)
        fn = blocks(torch.func.jacfwd if mode == FORWARD else torch.func.jacrev)
        wrt = tuple(torch.from_numpy(np.ascontiguousarray(a)) for a in wrt)
        return Impl(label, lambda: fn(*wrt), lambda out: [out.detach().numpy()])

    return build


L96_CHUNK = 8  # directions (forward) or output seeds (reverse) per batch call of pe.jacobian


def case_lorenz96(size: dict, env: PeerEnv) -> Case:
    n = size["lorenz96"]
    x = K.lorenz96_inputs(n, seed=6)
    f = fresh(K.lorenz96_rk4)

    def primal():
        return f(x)

    J_hand = np.empty((n, n))
    K.lorenz96_jacobian_hand(x, J_hand)

    def pe_impl(mode):
        def build():
            return Impl("pyenzyme", lambda: pe.jacobian(mode, f, x, chunk=L96_CHUNK), lambda out: [np.asarray(out)])

        return build

    Jh = np.empty((n, n))

    def hand():
        return Impl(
            "hand-written",
            lambda: K.lorenz96_jacobian_hand(x, Jh),
            lambda _: [Jh.copy()],
            reset=lambda: Jh.fill(np.nan),
        )

    def tape():
        from pyenzyme import reverse as _reverse

        pe.jacobian(pe.Reverse, f, x, chunk=L96_CHUNK)
        return int(_reverse.last_plan.last_tape_bytes)  # one sweep (L96_CHUNK rows)

    def fd_check():
        v = np.random.default_rng(8).standard_normal(n)
        h = 1e-6 * float(np.max(np.abs(x)))
        fd = (f(x + h * v) - f(x - h * v)) / (2 * h)
        scale = np.abs(J_hand) @ np.abs(v)
        return float(np.max(np.abs(fd - J_hand @ v)) / max(float(np.max(scale)), 1e-300))

    fwd_impls = {"pyenzyme": pe_impl(pe.Forward), "hand-written": hand}
    rev_impls = {"pyenzyme": pe_impl(pe.Reverse), "hand-written": hand}
    for label, mods in (("JAX", env.jax), ("PyTorch", env.torch)):
        if mods is None:
            continue
        for mode, impls in ((FORWARD, fwd_impls), (REVERSE, rev_impls)):
            impls[label] = _peer_l96(label, mods, x, mode)
    return Case(
        "lorenz96",
        f"n={n}, one RK4 step",
        primal,
        [
            ModeCase(
                FORWARD,
                f"Jacobian ({n}x{n}), pe.jacobian(pe.Forward, chunk={L96_CHUNK})",
                [J_hand],
                None,
                fwd_impls,
                2.0 * n,
            ),
            ModeCase(
                REVERSE,
                f"Jacobian ({n}x{n}), pe.jacobian(pe.Reverse, chunk={L96_CHUNK})",
                [J_hand],
                None,
                rev_impls,
                3.0 * n,
                tape,
            ),
        ],
        fd_check=fd_check,
    )


def _peer_l96(label, mods, x, mode):
    def build():
        if label == "JAX":
            jax, jnp = mods
            fn, _ = P.jax_lorenz96(jax, jnp, x)
            jac = jax.jit(jax.jacfwd(fn) if mode == FORWARD else jax.jacrev(fn))
            xj = jax.device_put(jnp.asarray(x))
            return Impl(label, lambda: jax.block_until_ready(jac(xj)), lambda out: [np.asarray(out)])
        torch = mods
        fn, _ = P.torch_lorenz96(torch, x)
        jac = torch.func.jacfwd(fn) if mode == FORWARD else torch.func.jacrev(fn)
        xt = torch.from_numpy(x.copy())
        return Impl(label, lambda: jac(xt), lambda out: [out.detach().numpy()])

    return build


# ---------------------------------------------------------------------- registry and sizes
KERNELS = {
    "sumsq": (case_sumsq, "sum of squares of a vector"),
    "rosenbrock": (case_rosenbrock, "Rosenbrock function of a vector"),
    "stencil": (case_stencil, "explicit 2-D heat stencil steps, then sum of squares (as the C reference)"),
    "gmm": (case_gmm, "ADBench Gaussian mixture model objective with Wishart prior"),
    "lstm": (case_lstm, "ADBench LSTM objective"),
    "gp": (case_gp, "Gaussian-process negative log likelihood (Cholesky, solves, slogdet through LAPACK)"),
    "mlp": (case_mlp, "two-layer perceptron (matrix products through BLAS), softmax cross-entropy"),
    "brusselator": (
        case_brusselator,
        "2-D Brusselator reaction-diffusion, explicit Euler steps, sum of squares of the final state",
    ),
    "nbody": (case_nbody, "N-body softened gravitational energy, parallel=True (prange over particles)"),
    "ba": (case_ba, "ADBench bundle adjustment: Jacobian blocks of the reprojection residuals"),
    "lorenz96": (case_lorenz96, "Lorenz-96: Jacobian of one RK4 step"),
}

SIZES = {
    "small": {
        "n": 100_000,
        "stencil": (64, 10),
        "gmm": (10, 5, 100),
        "lstm": (2, 14, 64),
        "mlp": (64, 196, 32, 10),
        "gp": 100,
        "nbody": 512,
        "brusselator": (16, 10),
        "ba": (5, 100, 500),
        "lorenz96": 40,
    },
    "medium": {
        "n": 1_000_000,
        "stencil": (256, 20),
        "gmm": (10, 25, 1000),
        "lstm": (2, 14, 1024),
        "mlp": (256, 784, 128, 10),
        "gp": 500,
        "nbody": 4096,
        "brusselator": (64, 50),
        "ba": (49, 7776, 31843),
        "lorenz96": 40,
    },
    "large": {
        "n": 10_000_000,
        "stencil": (512, 50),
        "gmm": (10, 50, 5000),
        "lstm": (4, 14, 4096),
        "mlp": (1024, 784, 128, 10),
        "gp": 1000,
        "nbody": 8192,
        "brusselator": (128, 100),
        "ba": (257, 65132, 225911),
        "lorenz96": 40,
    },
}
