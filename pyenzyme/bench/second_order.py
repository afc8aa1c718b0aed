"""Second derivatives and derivatives inside jitted code: the rows `pyenzyme bench` adds after its kernels.

Rows (A/B, interleaved rounds, see timing.py), each derivative checked
(closed forms, finite differences) before it is timed:
- Hessian-vector product / gradient on Rosenbrock (n = 10^6; 10^5 quick) and
  on the GMM objective in its means (target <= 3: forward over reverse costs
  2-4 gradients);
- full Hessian of Rosenbrock (n = 100) and of a dense quadratic-plus-exp
  objective (n = 200) against jax.hessian under jit when JAX is installed
  (target < 1), else against the gradient (information only);
- a jitted loop calling autodiff_deferred on a scalar function 10^6 times /
  the same loop calling the function (target <= 3: no per-call overhead);
- the implicit-Euler solver of kernels.py (Newton steps with forward-mode
  Jacobians inside): reverse-mode sensitivity / primal solve.
"""

from __future__ import annotations

import math
from typing import Any

import numba
import numpy as np

import pyenzyme as pe

from .kernels import gmm_inputs, gmm_objective, implicit_euler_step, rosenbrock, simulation_loss
from .timing import PairResult, compare

QUADRATIC_N = 200
_idx = np.arange(QUADRATIC_N)
QUADRATIC_A = 1.0 / (1.0 + np.abs(_idx[:, None] - _idx[None, :]))  # symmetric, dense


@numba.njit
def quadratic_exp(x):
    """0.5 x^T A x + sum(exp(x / 4)) with the dense QUADRATIC_N x QUADRATIC_N matrix A (a constant)."""
    n = x.shape[0]
    s = 0.0
    for i in range(n):
        row = 0.0
        for j in range(n):
            row += QUADRATIC_A[i, j] * x[j]
        s += 0.5 * x[i] * row + math.exp(0.25 * x[i])
    return s


def quadratic_exp_hessian(x):
    return QUADRATIC_A + np.diag(np.exp(0.25 * x) / 16.0)


@numba.njit
def smooth(x):
    return math.sin(x) * x + 0.5 * x * x


@numba.njit
def loop_of_derivatives(x0, n):
    s = 0.0
    x = x0
    for _ in range(n):
        s += pe.autodiff_deferred(pe.Forward, smooth, pe.DuplicatedNoNeed, pe.Duplicated(x, 1.0))[0]
        x += 1e-7
    return s


@numba.njit
def loop_of_primals(x0, n):
    s = 0.0
    x = x0
    for _ in range(n):
        s += smooth(x)
        x += 1e-7
    return s


def rosenbrock_hvp_closed_form(x, v):
    hv = np.zeros_like(x)
    hv[:-1] += (1200.0 * x[:-1] ** 2 - 400.0 * x[1:] + 2.0) * v[:-1] - 400.0 * x[:-1] * v[1:]
    hv[1:] += 200.0 * v[1:] - 400.0 * x[:-1] * v[:-1]
    return hv


class WrongDerivative(AssertionError):
    """A derivative of this section disagrees with its reference: nothing was timed."""


def check(name: str, got, want, rtol: float) -> None:
    scale = np.max(np.abs(want))
    if not np.allclose(got, want, rtol=rtol, atol=rtol * scale):
        raise WrongDerivative(f"wrong derivative: {name}")


def _jax_objective(kind: str, n: int):
    import jax.numpy as jnp

    if kind == "rosenbrock":
        return lambda v: jnp.sum(100.0 * (v[1:] - v[:-1] ** 2) ** 2 + (1.0 - v[:-1]) ** 2)
    A = jnp.asarray(QUADRATIC_A[:n, :n])
    return lambda v: 0.5 * v @ (A @ v) + jnp.sum(jnp.exp(0.25 * v))


def jax_hessian(kind: str, x):
    """(a timed call of jax.hessian under jit, its value at x), or None without JAX."""
    try:
        import jax
    except ImportError:
        return None
    jax.config.update("jax_enable_x64", True)
    h = jax.jit(jax.hessian(_jax_objective(kind, x.shape[0])))
    value = np.asarray(h(x).block_until_ready())
    return (lambda: h(x).block_until_ready()), value


def hessian_row(kind: str, f, x, kw: dict):
    """The full Hessian of `f` at x, checked, then timed against jax.hessian (or the gradient without JAX)."""
    H = pe.hessian(f, x)
    if kind == "rosenbrock":
        probe = np.random.default_rng(1).standard_normal(x.shape[0])
        check(f"{kind} hessian", H @ probe, rosenbrock_hvp_closed_form(x, probe), 1e-12)
    else:
        check(f"{kind} hessian", H, quadratic_exp_hessian(x), 1e-12)

    def ours():
        return pe.hessian(f, x)

    peer = jax_hessian(kind, x)
    if peer is not None:
        check(f"{kind} hessian vs JAX", H, peer[1], 1e-12)
        return f"hessian n={x.shape[0]} {kind} / jax.hessian", compare(ours, peer[0], **kw), 1.0, "< 1"
    g = np.zeros_like(x)

    def gradient():
        return pe.gradient_(pe.Reverse, g, f, x)

    return f"hessian n={x.shape[0]} {kind} / gradient (no JAX)", compare(ours, gradient, **kw), None, "-"


Row = tuple[str, PairResult, float | None, str]  # (what, A/B timing, target or None, target as text)


def measure(quick: bool) -> list[Row]:
    """Check, then time, every row (quick: Rosenbrock n = 10^5 and fewer repeats)."""
    kw: dict[str, Any] = dict(repeat=3, rounds=2, min_batch_ns=20_000_000) if quick else dict(repeat=7, rounds=3)
    rows: list[Row] = []
    r = np.random.default_rng(0)

    # Hessian-vector products against gradients
    n = 100_000 if quick else 1_000_000
    x, v = r.uniform(-1.2, 1.2, n), r.standard_normal(n)
    check("rosenbrock hvp", pe.hvp(rosenbrock, x, v), rosenbrock_hvp_closed_form(x, v), 1e-12)
    dx = np.zeros(n)
    rows.append(
        (
            f"hvp / gradient, rosenbrock n={n:,}",
            compare(lambda: pe.hvp(rosenbrock, x, v), lambda: pe.gradient_(pe.Reverse, dx, rosenbrock, x), **kw),
            3.0,
            "<= 3",
        )
    )
    alphas, means, icf, data, gamma, m = gmm_inputs(10, 25, 1000, seed=1)

    @numba.njit
    def gmm_of_means(mu):
        return gmm_objective(alphas, mu, icf, data, gamma, m)

    vm = r.standard_normal(means.shape)
    h = 1e-5
    fd = (
        pe.value_and_gradient(gmm_of_means, means + h * vm)[1] - pe.value_and_gradient(gmm_of_means, means - h * vm)[1]
    ) / (2 * h)
    check("gmm hvp", pe.hvp(gmm_of_means, means, vm), fd, 1e-6)
    dm = np.zeros_like(means)
    rows.append(
        (
            "hvp / gradient, gmm means (d=10 K=25 n=1,000)",
            compare(
                lambda: pe.hvp(gmm_of_means, means, vm), lambda: pe.gradient_(pe.Reverse, dm, gmm_of_means, means), **kw
            ),
            3.0,
            "<= 3",
        )
    )

    # full Hessians
    rows.append(hessian_row("rosenbrock", rosenbrock, r.uniform(-1.0, 1.0, 100), kw))
    rows.append(hessian_row("quadratic+exp", quadratic_exp, r.uniform(-1.0, 1.0, QUADRATIC_N), kw))

    # per-call cost of a deferred derivative inside a jitted loop
    calls = 1_000_000
    got = loop_of_derivatives(0.3, calls)
    sampled = sum(math.sin(t) + t * math.cos(t) + t for t in (0.3 + 1e-7 * i for i in range(0, calls, calls // 1000)))
    if not math.isclose(got / calls, sampled / 1000, rel_tol=1e-3):
        raise WrongDerivative("wrong derivative: autodiff_deferred in a jitted loop")
    rows.append(
        (
            "jitted loop: autodiff_deferred / primal (10^6 calls)",
            compare(lambda: loop_of_derivatives(0.3, calls), lambda: loop_of_primals(0.3, calls), **kw),
            3.0,
            "<= 3",
        )
    )

    # the implicit-Euler solver's sensitivity
    grid = np.linspace(0.0, 1.0, 52)[1:-1]
    u0 = np.exp(-80.0 * (grid - 0.3) ** 2)
    k, dt, steps, newton = 3.0, 0.02, 5, 3
    implicit_euler_step(u0, k, dt, newton)
    ((_, dk, _, _, _),) = pe.autodiff(
        pe.Reverse, simulation_loss, pe.Active, pe.Const(u0), pe.Active(k), dt, steps, newton
    )
    fd_k = (simulation_loss(u0, k + h, dt, steps, newton) - simulation_loss(u0, k - h, dt, steps, newton)) / (2 * h)
    if not math.isclose(dk, fd_k, rel_tol=1e-6):
        raise WrongDerivative("wrong derivative: implicit Euler sensitivity")
    du0 = np.zeros_like(u0)
    rows.append(
        (
            "implicit Euler n=50: sensitivity / primal solve",
            compare(
                lambda: pe.autodiff(
                    pe.Reverse, simulation_loss, pe.Active, pe.Duplicated(u0, du0), pe.Active(k), dt, steps, newton
                ),
                lambda: simulation_loss(u0, k, dt, steps, newton),
                **kw,
            ),
            None,
            "-",
        )
    )

    return rows


def render(rows: list[Row]) -> tuple[str, int]:
    """The table, and how many targets were missed."""
    lines = [
        "Second derivatives and derivatives inside jitted code (every derivative verified before it was timed):",
        f"{'ratio':55s} {'A':>12s} {'B':>12s} {'A/B':>8s}  target",
    ]
    missed = 0
    for name, res, target, label in rows:
        ok = target is None or res.ratio <= target
        missed += not ok
        verdict = "" if target is None else ("PASS" if ok else "MISS")
        lines.append(
            f"{name:55s} {res.a_ns / 1e3:10.1f}us {res.b_ns / 1e3:10.1f}us {res.ratio:8.3f}  {label} {verdict}"
        )
    return "\n".join(lines), missed
