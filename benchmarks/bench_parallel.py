"""Parallel loops: the derivative's speed-up from threads against the primal's.

Run: python -m benchmarks.bench_parallel [--n N] [--threads T]

The softened gravitational energy of N particles, a prange over particles
with an inner loop over all of them (every particle is read by every
thread), compiled with parallel=True. Primal, reverse gradient and forward
directional derivative are timed side by side with 1 and with T threads;
the figure of merit is the derivative's speed-up (1-thread time / T-thread
time) against the primal's. The serial derivative (the same function
without parallel=True) is timed too, with the gradient / primal ratios.
"""

from __future__ import annotations

import argparse
import sys

import numba
import numpy as np

import pyenzyme as pe
from pyenzyme.bench import nbody as NB
from pyenzyme.bench.timing import compare_many

parallel = NB.energy
serial = numba.njit(NB.energy.py_func)


def measure(n: int, threads: int) -> dict:
    r = np.random.default_rng(0)
    pos, m = r.standard_normal((n, 3)), r.uniform(0.5, 1.5, n)
    v = r.standard_normal((n, 3))
    g_par, g_ser = np.zeros_like(pos), np.zeros_like(pos)
    pe.autodiff(pe.Reverse, parallel, pe.Active, pe.Duplicated(pos, g_par), pe.Const(m))
    pe.autodiff(pe.Reverse, serial, pe.Active, pe.Duplicated(pos, g_ser), pe.Const(m))
    np.testing.assert_allclose(g_par, g_ser, rtol=1e-9, atol=1e-12)

    def on(t, op):
        def run():
            numba.set_num_threads(t)
            op()

        return run

    def grad(f):
        return lambda: pe.autodiff(pe.Reverse, f, pe.Active, pe.Duplicated(pos, g_par), pe.Const(m))

    def tangent(f):
        return lambda: pe.autodiff(pe.Forward, f, pe.Duplicated, pe.Duplicated(pos, v), pe.Const(m))

    ops = {}
    for t in (1, threads):
        ops[f"primal {t}"] = on(t, lambda: parallel(pos, m))
        ops[f"gradient {t}"] = on(t, grad(parallel))
        ops[f"forward {t}"] = on(t, tangent(parallel))
    ops["serial primal"] = on(1, lambda: serial(pos, m))
    ops["serial gradient"] = on(1, grad(serial))
    res = compare_many(ops, repeat=3, rounds=2)
    numba.set_num_threads(threads)
    return res.ns


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=2048, help="particles")
    ap.add_argument("--threads", type=int, default=min(2, numba.config.NUMBA_NUM_THREADS))
    args = ap.parse_args(argv)
    T = args.threads
    ns = measure(args.n, T)
    print(f"N-body energy, n = {args.n:,}, prange over particles, 1 and {T} threads:")
    for k, v in ns.items():
        print(f"  {k:18s} {v / 1e6:9.2f} ms")
    primal_speedup = ns["primal 1"] / ns[f"primal {T}"]
    for what in ("gradient", "forward"):
        s = ns[f"{what} 1"] / ns[f"{what} {T}"]
        print(
            f"  {what:9s} speed-up {s:5.2f} against the primal's {primal_speedup:5.2f}: "
            f"{s / primal_speedup:5.2f} (target >= 0.8); {what} / primal with {T} threads "
            f"{ns[f'{what} {T}'] / ns[f'primal {T}']:5.2f}"
        )
    print(f"  serial gradient / serial primal {ns['serial gradient'] / ns['serial primal']:5.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
