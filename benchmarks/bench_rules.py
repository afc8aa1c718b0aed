"""The cost of a custom rule call against the inlined derivative of the same function.

Run: python -m benchmarks.bench_rules [--n N]

Two copies of one small jitted function (a smooth scalar map) are called in
a loop of N elements; one copy has forward, augmented-primal and reverse
rules that compute exactly its derivative, the other is differentiated as
code (and inlined). The ratios rule / inlined are measured side by side, for
the forward directional derivative and the reverse gradient, after checking
that both give the same derivative.
"""

from __future__ import annotations

import argparse
import math
import sys

import numba
import numpy as np

import pyenzyme as pe
from pyenzyme.bench.timing import compare


@numba.njit
def smooth(x):
    return math.sin(x) * x + 0.5 * x * x


@numba.njit
def smooth_with_rules(x):
    return math.sin(x) * x + 0.5 * x * x


@pe.rules.forward(smooth_with_rules)
def _forward(func, RT, x):
    return pe.Duplicated(func.val(x.val), (math.cos(x.val) * x.val + math.sin(x.val) + x.val) * x.dval)


@pe.rules.augmented_primal(smooth_with_rules)
def _augmented(config, func, RT, x):
    return pe.rules.AugmentedReturn(func.val(x.val), None, x.val)


@pe.rules.reverse(smooth_with_rules)
def _reverse(config, func, dret, tape, x):
    return ((math.cos(tape) * tape + math.sin(tape) + tape) * dret.val,)


@numba.njit
def total_inlined(xs):
    s = 0.0
    for i in range(xs.shape[0]):
        s += smooth(xs[i])
    return s


@numba.njit
def total_with_rules(xs):
    s = 0.0
    for i in range(xs.shape[0]):
        s += smooth_with_rules(xs[i])
    return s


def measure(n: int) -> list[tuple[str, float, float]]:
    xs = np.linspace(-2.0, 2.0, n)
    v = np.cos(np.arange(n))
    rows = []
    d_in = pe.autodiff(pe.Forward, total_inlined, pe.Duplicated(xs, v))[1]
    d_rule = pe.autodiff(pe.Forward, total_with_rules, pe.Duplicated(xs, v))[1]
    assert abs(d_in - d_rule) <= 1e-9 * abs(d_in), (d_in, d_rule)
    r = compare(
        lambda: pe.autodiff(pe.Forward, total_with_rules, pe.Duplicated(xs, v)),
        lambda: pe.autodiff(pe.Forward, total_inlined, pe.Duplicated(xs, v)),
    )
    rows.append(("forward: rule / inlined", r.a_ns, r.b_ns))
    g_in, g_rule = np.zeros(n), np.zeros(n)
    pe.autodiff(pe.Reverse, total_inlined, pe.Active, pe.Duplicated(xs, g_in))
    pe.autodiff(pe.Reverse, total_with_rules, pe.Active, pe.Duplicated(xs, g_rule))
    np.testing.assert_allclose(g_rule, g_in, rtol=1e-12)
    r = compare(
        lambda: pe.autodiff(pe.Reverse, total_with_rules, pe.Active, pe.Duplicated(xs, g_rule)),
        lambda: pe.autodiff(pe.Reverse, total_inlined, pe.Active, pe.Duplicated(xs, g_in)),
    )
    rows.append(("reverse: rule / inlined", r.a_ns, r.b_ns))
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=100_000, help="elements (one rule call each)")
    args = ap.parse_args(argv)
    print(f"custom rule calls against the inlined derivative, {args.n:,} calls:")
    for name, a, b in measure(args.n):
        print(f"  {name:28s} {a / 1e3:10.1f}us {b / 1e3:10.1f}us  {a / b:6.2f}  ({(a - b) / args.n:.1f} ns per call)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
