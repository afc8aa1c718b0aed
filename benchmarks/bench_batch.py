"""Batch mode benchmark: Jacobians of a 100-input, 100-output kernel, chunked versus one direction per call.

Run: python -m benchmarks.bench_batch [--quick] [--json FILE]

Measured side by side in one run (interleaved rounds, see timing.py):
forward jacobian with chunk=8 versus one tangent direction per call (target:
at least 4x faster), reverse jacobian with chunk=8 versus one output seed per
sweep, and JAX jacfwd/jacrev when jax is installed. Every Jacobian is checked
against the others before it is timed.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

import numba
import numpy as np

import pyenzyme as pe

from .timing import compare

N = 100


@numba.njit
def coupled(x):
    """100 outputs, each depending on its neighbours and a global mean (a dense-ish Jacobian)."""
    n = x.shape[0]
    mean = 0.0
    for i in range(n):
        mean += x[i]
    mean /= n
    y = np.empty(n)
    for i in range(n):
        y[i] = np.sin(x[i]) * x[(i + 1) % n] + np.exp(-x[i - 1] * x[i - 1]) + mean * x[i]
    return y


def jax_jacobians(x):
    try:
        import jax
        import jax.numpy as jnp
    except ImportError:
        return None
    jax.config.update("jax_enable_x64", True)

    def f(v):
        return jnp.sin(v) * jnp.roll(v, -1) + jnp.exp(-(jnp.roll(v, 1) ** 2)) + jnp.mean(v) * v

    jf, jr = jax.jit(jax.jacfwd(f)), jax.jit(jax.jacrev(f))
    jf(x).block_until_ready()
    jr(x).block_until_ready()
    return (lambda: jf(x).block_until_ready()), (lambda: jr(x).block_until_ready()), np.asarray(jf(x))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="fewer repeats")
    ap.add_argument("--json", metavar="FILE", help="write the numbers as JSON")
    ap.add_argument("--fail-on-miss", action="store_true", help="exit 1 if a target is missed")
    args = ap.parse_args(argv)
    x = np.random.default_rng(0).uniform(-1, 1, N)
    kw: dict[str, Any] = dict(repeat=3, rounds=2, min_batch_ns=20_000_000) if args.quick else dict(repeat=7, rounds=3)

    fwd1 = pe.jacobian(pe.Forward, coupled, x)
    fwd8 = pe.jacobian(pe.Forward, coupled, x, chunk=8)
    rev1 = pe.jacobian(pe.Reverse, coupled, x, num_outs=N)
    rev8 = pe.jacobian(pe.Reverse, coupled, x, num_outs=N, chunk=8)
    for name, J in (("forward chunk=8", fwd8), ("reverse one seed", rev1), ("reverse chunk=8", rev8)):
        if not np.allclose(J, fwd1, rtol=1e-12, atol=1e-14):
            print(f"FAIL: wrong derivative: {name} differs from forward one-direction Jacobian", file=sys.stderr)
            return 2

    rows: list[tuple[str, Any, float | None, str]] = []
    r = compare(lambda: pe.jacobian(pe.Forward, coupled, x, chunk=8), lambda: pe.jacobian(pe.Forward, coupled, x), **kw)
    rows.append(("forward: chunk=8 / one direction per call", r, 1 / 4, "<= 0.25 (4x faster)"))
    r = compare(
        lambda: pe.jacobian(pe.Reverse, coupled, x, num_outs=N, chunk=8),
        lambda: pe.jacobian(pe.Reverse, coupled, x, num_outs=N),
        **kw,
    )
    rows.append(("reverse: chunk=8 / one seed per sweep", r, None, "-"))
    jx = jax_jacobians(x)
    if jx is None:
        print("note: JAX not installed; jacfwd/jacrev columns skipped")
    else:
        jf, jr, Jj = jx
        if not np.allclose(Jj, fwd1, rtol=1e-12, atol=1e-14):
            print("FAIL: JAX Jacobian differs", file=sys.stderr)
            return 2
        rows.append(
            (
                "forward chunk=8 / JAX jacfwd",
                compare(lambda: pe.jacobian(pe.Forward, coupled, x, chunk=8), jf, **kw),
                1.0,
                "< 1",
            )
        )
        rows.append(
            (
                "reverse chunk=8 / JAX jacrev",
                compare(lambda: pe.jacobian(pe.Reverse, coupled, x, num_outs=N, chunk=8), jr, **kw),
                1.0,
                "< 1",
            )
        )

    print(f"Jacobian of a {N}-input, {N}-output kernel (all Jacobians verified against each other)")
    print(f"{'ratio':45s} {'A':>12s} {'B':>12s} {'A/B':>8s}  target")
    missed = False
    out = {}
    for name, r, target, label in rows:
        ok = target is None or r.ratio <= target
        missed |= not ok
        verdict = "" if target is None else ("PASS" if ok else "MISS")
        print(f"{name:45s} {r.a_ns / 1e3:10.1f}us {r.b_ns / 1e3:10.1f}us {r.ratio:8.3f}  {label} {verdict}")
        out[name] = r.as_dict() | {"target": label, "verified": True}
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(out, fh, indent=2)
    return 1 if (missed and args.fail_on_miss) else 0


if __name__ == "__main__":
    sys.exit(main())
