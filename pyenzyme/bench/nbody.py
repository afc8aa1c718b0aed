"""The N-body benchmark kernel: a parallel loop (prange) over particles.

`energy` is the softened gravitational potential energy of N particles,
E = -1/2 sum over i != j of m_i m_j / sqrt(|x_i - x_j|^2 + eps), written as
Numba users write it with parallel=True: a prange over particles, an inner
loop over all of them (so every particle is read by every thread).
`energy_adjoint` is its gradient by hand, dE/dx_i = sum over j != i of
m_i m_j (x_i - x_j) / r_ij^3, in the same parallel form. `thread_speedups`
measures what threads buy the primal and the derivatives.
"""

from __future__ import annotations

import numba
import numpy as np

EPS = 0.01


@numba.njit(parallel=True)
def energy(pos, m):
    n = pos.shape[0]
    e = 0.0
    for i in numba.prange(n):
        for j in range(n):
            if j != i:
                dx = pos[i, 0] - pos[j, 0]
                dy = pos[i, 1] - pos[j, 1]
                dz = pos[i, 2] - pos[j, 2]
                e -= 0.5 * m[i] * m[j] / np.sqrt(dx * dx + dy * dy + dz * dz + EPS)
    return e


@numba.njit(parallel=True)
def energy_adjoint(pos, m, dpos):
    """Adds dE/dpos into dpos."""
    n = pos.shape[0]
    for i in numba.prange(n):
        gx, gy, gz = 0.0, 0.0, 0.0
        for j in range(n):
            if j != i:
                dx = pos[i, 0] - pos[j, 0]
                dy = pos[i, 1] - pos[j, 1]
                dz = pos[i, 2] - pos[j, 2]
                inv = 1.0 / np.sqrt(dx * dx + dy * dy + dz * dz + EPS)
                f = m[i] * m[j] * inv * inv * inv
                gx += f * dx
                gy += f * dy
                gz += f * dz
        dpos[i, 0] += gx
        dpos[i, 1] += gy
        dpos[i, 2] += gz


def inputs(n: int, seed: int = 0):
    r = np.random.default_rng(seed)
    return r.standard_normal((n, 3)), r.uniform(0.5, 1.5, n)


def thread_speedups(f, args: tuple, threads: int) -> list[str]:
    """Notes: the speed-up from 1 to `threads` threads of the primal, the gradient and the directional
    derivative of f(pos, m) with respect to pos (timed side by side), and how the derivatives' compare
    with the primal's (target: at least 0.8 of it)."""
    import pyenzyme as pe

    from .timing import compare_many

    pos, m = args
    dpos, v = np.zeros_like(pos), np.random.default_rng(1).standard_normal(pos.shape)
    work = {
        "primal": lambda: f(pos, m),
        "gradient": lambda: pe.autodiff(pe.Reverse, f, pe.Active, pe.Duplicated(pos, dpos), pe.Const(m)),
        "directional derivative": lambda: pe.autodiff(pe.Forward, f, pe.Duplicated, pe.Duplicated(pos, v), pe.Const(m)),
    }
    before = numba.get_num_threads()

    def on(t, op):
        def run():
            numba.set_num_threads(t)
            op()

        return run

    ops = {f"{k} {t}": on(t, op) for t in (1, threads) for k, op in work.items()}
    try:
        ns = compare_many(ops, repeat=3, rounds=2).ns
    finally:
        numba.set_num_threads(before)
    base = ns["primal 1"] / ns[f"primal {threads}"]
    notes = [f"nbody: {threads} threads against 1: primal speed-up {base:.2f}"]
    for k in ("gradient", "directional derivative"):
        s = ns[f"{k} 1"] / ns[f"{k} {threads}"]
        verdict = "PASS" if s >= 0.8 * base else "MISS"
        notes.append(f"nbody: {k} speed-up {s:.2f}, {s / base:.2f} of the primal's (target >= 0.80: {verdict})")
    return notes
