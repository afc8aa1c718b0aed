"""Forward-mode benchmark: derivative cost relative to the primal, side by side.

Run from the repository root::

    python -m benchmarks.bench_forward            # full run (n = 10^6 doubles)
    python -m benchmarks.bench_forward --quick    # smaller sizes and repeats, < 30 s
    python -m benchmarks.bench_forward --json out.json

Three groups of ratios, each measured A-versus-B interleaved in one run
(see pyenzyme/bench/timing.py):

(a) run time: forward derivative / primal, for sum of squares and Rosenbrock
    (@njit loop kernels). The derivative is
    ``pe.autodiff(pe.Forward, k, pe.Duplicated, pe.Duplicated(x, v))`` called
    through a thunk, so Python overhead is negligible. Target <= 1.3.
(b) compile time: building the derivative on its first call / Numba's compile
    of the primal on its first call, both on fresh function objects (created
    with exec) so that nothing is cached. The derivative row starts from an
    already compiled @njit primal; a second, informational row times a cold
    first ``pe.autodiff`` call on a fresh plain Python function (Numba's
    compile of the primal included). Target <= 1.0.
(c) per-call overhead for f(x) = x*x on a float: ``pe.autodiff`` (target <= 10x)
    and a thunk call (target <= 3x) against calling the @njit f(3.0) directly.

Every derivative is checked before it is timed (and every freshly built one in
(b) after its build) against a reference: the C kernels' hand-written gradient
dotted with v where the C library is available, and exact formulas in NumPy.
A wrong derivative stops the run with exit status 2. A MISS never changes the
exit status unless --fail-on-miss is given (then 1).
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

import numba
import numpy as np

import pyenzyme as pe
from pyenzyme import reference as cref

from .timing import PairResult, compare, compare_oneshot

# ---------------------------------------------------------------------- kernels
# Kept as source text so that fresh, uncached function objects can be made at will.
KERNEL_SOURCES = {
    "sumsq": ("def sumsq(x):\n    s = 0.0\n    for i in range(x.shape[0]):\n        s += x[i] * x[i]\n    return s\n"),
    "rosenbrock": (
        "def rosenbrock(x):\n"
        "    s = 0.0\n"
        "    for i in range(x.shape[0] - 1):\n"
        "        s += 100.0 * (x[i + 1] - x[i] ** 2) ** 2 + (1.0 - x[i]) ** 2\n"
        "    return s\n"
    ),
}

SQUARE_SOURCE = "def square(x):\n    return x * x\n"

_fresh_ids = iter(range(10**9))


def fresh_function(name: str, source: str | None = None):
    """A brand-new plain Python function object compiled from source (nothing cached anywhere)."""
    src = source if source is not None else KERNEL_SOURCES[name]
    ns: dict = {}
    # A unique file name keeps every copy distinct for tools that key on code objects.
    exec(compile(src, f"<benchmarks.bench_forward {name} #{next(_fresh_ids)}>", "exec"), ns)
    return ns[name]


def fresh_kernel(name: str, source: str | None = None):
    """A brand-new, not yet compiled @njit dispatcher."""
    return numba.njit(fresh_function(name, source))


# -------------------------------------------------------------- references
class VerificationError(AssertionError):
    """A derivative disagrees with its reference: the benchmark must not go on."""


def numpy_value_grad(name: str, x: np.ndarray) -> tuple[float, np.ndarray]:
    """Exact primal and gradient in NumPy (independent of pyenzyme and of the C library)."""
    if name == "sumsq":
        return float(np.dot(x, x)), 2.0 * x
    if name == "rosenbrock":
        a, b = x[:-1], x[1:]
        r = b - a * a
        val = float(np.sum(100.0 * r * r + (1.0 - a) ** 2))
        g = np.zeros_like(x)
        g[:-1] += -400.0 * a * r - 2.0 * (1.0 - a)
        g[1:] += 200.0 * r
        return val, g
    raise KeyError(name)


def reference_value_grads(name: str, x: np.ndarray) -> list[tuple[str, float, np.ndarray]]:
    """[(source, value, gradient)]: the C kernels when built, and always NumPy."""
    refs = []
    if cref.available():
        refs.append(("C reference", getattr(cref, name)(x), getattr(cref, f"{name}_grad")(x)))
    val, g = numpy_value_grad(name, x)
    refs.append(("NumPy formula", val, g))
    return refs


def check_forward(label: str, name: str, x: np.ndarray, v: np.ndarray, result, refs=None) -> None:
    """Raise VerificationError unless result == (f(x), grad f(x) . v) within rounding."""
    if not (isinstance(result, tuple) and len(result) == 2):
        raise VerificationError(f"{label}: expected (primal, tangent), got {result!r}")
    primal, tangent = result
    for src, val, g in refs if refs is not None else reference_value_grads(name, x):
        want = float(np.dot(g, v))
        # Rounding of sums of ~n terms in different orders: errors measured against both references
        # stay below 0.3 sqrt(n) eps (relative to sum |terms|), so 8 sqrt(n) eps leaves a wide margin
        # while still catching a relative tangent error around 1e-10 and above.
        scale_t = float(np.sum(np.abs(g * v))) + 1e-300
        scale_p = abs(val) + 1e-300
        tol = 8 * math.sqrt(max(x.size, 1)) * np.finfo(float).eps
        if not (math.isfinite(tangent) and abs(tangent - want) <= tol * scale_t):
            raise VerificationError(
                f"{label}: WRONG TANGENT: pyenzyme gives {tangent!r}, {src} grad . v = {want!r} "
                f"(|diff| = {abs(tangent - want):.3e}, allowed {tol * scale_t:.3e})"
            )
        if not (math.isfinite(primal) and abs(primal - val) <= tol * scale_p):
            raise VerificationError(f"{label}: WRONG PRIMAL: pyenzyme gives {primal!r}, {src} gives {val!r}")


# -------------------------------------------------------------- results
@dataclass
class Row:
    group: str
    name: str
    a_label: str
    b_label: str
    res: PairResult
    target: float | None  # ratio must be <= target; None = informational

    @property
    def status(self) -> str:
        if self.target is None:
            return "info"
        return "PASS" if self.res.ratio <= self.target else "MISS"

    def as_dict(self) -> dict:
        return {
            "group": self.group,
            "name": self.name,
            "a": self.a_label,
            "b": self.b_label,
            "target": self.target,
            "status": self.status,
            **self.res.as_dict(),
        }


def fmt_ns(ns: float) -> str:
    if ns >= 1e9:
        return f"{ns / 1e9:.3f} s"
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.2f} us"
    return f"{ns:.0f} ns"


def print_table(rows: list[Row], header: str) -> None:
    print(header)
    w = max(len(r.name) for r in rows)
    line = f"{'':4}{'measurement':<{w}}  {'A':>10}  {'B':>10}  {'A/B':>7}  {'spread':>13}  {'target':>8}  result"
    print(line)
    print("-" * len(line))
    for r in rows:
        lo, hi = r.res.ratio_spread
        target = f"<= {r.target:g}" if r.target is not None else "-"
        print(
            f"{r.group:<4}{r.name:<{w}}  {fmt_ns(r.res.a_ns):>10}  {fmt_ns(r.res.b_ns):>10}  "
            f"{r.res.ratio:>7.3f}  {f'{lo:.2f}..{hi:.2f}':>13}  {target:>8}  {r.status}"
        )
    print("A, B: min over rounds of the median time per call; A/B from those; spread: per-round ratios.")


# -------------------------------------------------------------- benchmark parts
def bench_runtime(cfg, rows: list[Row], log) -> None:
    """(a) forward derivative / primal at n doubles, through a thunk."""
    rng = np.random.default_rng(20240607)
    n = cfg.n
    x = rng.uniform(-1.5, 1.5, n)
    v = rng.standard_normal(n)
    for name in KERNEL_SOURCES:
        k = fresh_kernel(name)
        k(x)
        refs = reference_value_grads(name, x)
        v_before = v.copy()
        # The plain API call first (it is what the thunk must agree with) ...
        res_api = pe.autodiff(pe.Forward, k, pe.Duplicated, pe.Duplicated(x, v))
        check_forward(f"(a) {name} pe.autodiff", name, x, v, res_api, refs)
        # ... then the thunk that is timed.
        fwd = pe.autodiff_thunk(pe.Forward, pe.Const[pe.typeof(k)], pe.Duplicated, pe.Duplicated[pe.typeof(x)])
        res = fwd(pe.Const(k), pe.Duplicated(x, v))
        check_forward(f"(a) {name} thunk", name, x, v, res, refs)
        if res != res_api:
            raise VerificationError(f"(a) {name}: thunk {res!r} differs from pe.autodiff {res_api!r}")
        if float(k(x)) != res[0]:
            raise VerificationError(f"(a) {name}: derivative's primal {res[0]!r} differs from k(x) = {k(x)!r}")
        if not np.array_equal(v, v_before):
            raise VerificationError(f"(a) {name}: the shadow of a read-only input was modified")
        log(f"  (a) {name}: derivative verified (tangent {res[1]:.12g}); timing ...")
        ns = {"pe": pe, "fwd": fwd, "k": k, "x": x, "v": v}
        r = compare(
            "fwd(pe.Const(k), pe.Duplicated(x, v))",
            "k(x)",
            namespace=ns,
            repeat=cfg.repeat,
            rounds=cfg.rounds,
            warmup=2,
            min_batch_ns=cfg.min_batch_ns,
        )
        rows.append(Row("(a)", f"{name} n={n:.0e}: forward derivative / primal", "thunk(x, v)", "k(x)", r, 1.3))


def bench_compile(cfg, rows: list[Row], log) -> None:
    """(b) first-call derivative build / first-call Numba compile, on fresh function objects."""
    rng = np.random.default_rng(7)
    xs = rng.uniform(-1.5, 1.5, 64)  # small: the first calls are all compile work
    vs = rng.standard_normal(64)
    for name in KERNEL_SOURCES:
        refs = reference_value_grads(name, xs)
        want_primal = refs[-1][1]

        def check_deriv(out, name=name, refs=refs):
            check_forward(f"(b) {name} fresh derivative", name, xs, vs, out, refs)

        def check_primal(out, name=name, want=want_primal):
            if not abs(out - want) <= 1e-12 * max(1.0, abs(want)):
                raise VerificationError(f"(b) {name}: fresh primal gives {out!r}, expected {want!r}")

        def make_primal(name=name):
            k = fresh_kernel(name)
            return lambda: k(xs)

        def make_derivative(name=name):
            k = fresh_kernel(name)
            k(xs)  # Numba compiles the primal here, outside the timed region
            return lambda: pe.autodiff(pe.Forward, k, pe.Duplicated, pe.Duplicated(xs, vs))

        def make_cold(name=name):
            f = fresh_function(name)  # plain Python: pe.autodiff jits it on the first call
            return lambda: pe.autodiff(pe.Forward, f, pe.Duplicated, pe.Duplicated(xs, vs))

        log(f"  (b) {name}: timing fresh builds ...")
        r = compare_oneshot(
            make_derivative,
            make_primal,
            repeat=cfg.compile_repeat,
            rounds=cfg.compile_rounds,
            warmup=1,
            check_a=check_deriv,
            check_b=check_primal,
        )
        rows.append(Row("(b)", f"{name}: derivative build / Numba primal compile", "1st autodiff", "1st k(x)", r, 1.0))
        r = compare_oneshot(
            make_cold,
            make_primal,
            repeat=cfg.compile_repeat,
            rounds=cfg.compile_rounds,
            warmup=0,
            check_a=check_deriv,
            check_b=check_primal,
        )
        rows.append(
            Row(
                "(b)",
                f"{name}: cold 1st autodiff (incl. primal) / primal compile",
                "cold autodiff",
                "1st k(x)",
                r,
                None,
            )
        )


def bench_overhead(cfg, rows: list[Row], log) -> None:
    """(c) per-call overhead on f(x) = x*x with a float."""
    f = fresh_kernel("square", SQUARE_SOURCE)
    if f(3.0) != 9.0:
        raise VerificationError(f"(c) square: f(3.0) = {f(3.0)!r}")
    out = pe.autodiff(pe.Forward, f, pe.Duplicated, pe.Duplicated(3.0, 1.0))
    if out != (9.0, 6.0):
        raise VerificationError(f"(c) square: pe.autodiff gives {out!r}, expected (9.0, 6.0)")
    fwd = pe.autodiff_thunk(pe.Forward, pe.Const[pe.typeof(f)], pe.Duplicated, pe.Duplicated[numba.float64])
    out = fwd(pe.Const(f), pe.Duplicated(3.0, 1.0))
    if out != (9.0, 6.0):
        raise VerificationError(f"(c) square: thunk gives {out!r}, expected (9.0, 6.0)")
    out = fwd(pe.Const(f), pe.Duplicated(-1.5, 2.0))
    if out != (2.25, -6.0):
        raise VerificationError(f"(c) square: thunk at (-1.5, 2.0) gives {out!r}, expected (2.25, -6.0)")
    log("  (c) square: derivative verified; timing ...")
    ns = {"pe": pe, "f": f, "fwd": fwd}
    r = compare(
        "pe.autodiff(pe.Forward, f, pe.Duplicated, pe.Duplicated(3.0, 1.0))",
        "f(3.0)",
        namespace=ns,
        repeat=cfg.repeat,
        rounds=cfg.rounds,
        warmup=2,
        min_batch_ns=cfg.min_batch_ns_small,
    )
    rows.append(Row("(c)", "x*x: pe.autodiff call / @njit f(3.0)", "autodiff", "f(3.0)", r, 10.0))
    r = compare(
        "fwd(pe.Const(f), pe.Duplicated(3.0, 1.0))",
        "f(3.0)",
        namespace=ns,
        repeat=cfg.repeat,
        rounds=cfg.rounds,
        warmup=2,
        min_batch_ns=cfg.min_batch_ns_small,
    )
    rows.append(Row("(c)", "x*x: thunk call / @njit f(3.0)", "thunk", "f(3.0)", r, 3.0))


# -------------------------------------------------------------- main
@dataclass
class Config:
    quick: bool
    n: int
    repeat: int
    rounds: int
    min_batch_ns: int
    min_batch_ns_small: int
    compile_repeat: int
    compile_rounds: int


def make_config(quick: bool, n: int | None) -> Config:
    if quick:
        return Config(
            True,
            n or 10**5,
            repeat=5,
            rounds=2,
            min_batch_ns=5_000_000,
            min_batch_ns_small=2_000_000,
            compile_repeat=3,
            compile_rounds=1,
        )
    return Config(
        False,
        n or 10**6,
        repeat=7,
        rounds=3,
        min_batch_ns=20_000_000,
        min_batch_ns_small=10_000_000,
        compile_repeat=4,
        compile_rounds=3,
    )


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
    p = argparse.ArgumentParser(prog="python -m benchmarks.bench_forward", description=__doc__.split("\n")[0])
    p.add_argument("--quick", action="store_true", help="smaller sizes and fewer repeats (finishes in < 30 s)")
    p.add_argument("--json", metavar="FILE", help="also write all numbers to FILE as JSON")
    p.add_argument("--n", type=int, default=None, help="array length for (a) (default 10^6; 10^5 with --quick)")
    p.add_argument("--fail-on-miss", action="store_true", help="exit with status 1 if any target is missed")
    p.add_argument("-v", "--verbose", action="store_true", help="progress messages on stderr")
    args = p.parse_args(argv)
    cfg = make_config(args.quick, args.n)

    def log(msg: str) -> None:
        if args.verbose:
            print(msg, file=sys.stderr, flush=True)

    env = environment()
    if not env["c_reference"]:
        print(
            "note: C reference kernels not built; derivatives are checked against NumPy formulas only", file=sys.stderr
        )
    t0 = time.perf_counter()
    rows: list[Row] = []
    try:
        bench_runtime(cfg, rows, log)
        bench_compile(cfg, rows, log)
        bench_overhead(cfg, rows, log)
    except VerificationError as exc:
        print(f"\nFAIL: wrong derivative, benchmark aborted:\n  {exc}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - t0

    header = (
        f"pyenzyme forward-mode benchmark ({'quick' if cfg.quick else 'full'}; n = {cfg.n:,}; "
        f"Python {env['python']}, numba {env['numba']}, llvmlite {env['llvmlite']}, "
        f"{env['machine']}, {env['cpu_count']} CPUs; derivatives verified against "
        f"{'C reference + NumPy' if env['c_reference'] else 'NumPy'})"
    )
    print_table(rows, header)
    misses = [r for r in rows if r.status == "MISS"]
    print(
        f"{sum(r.status == 'PASS' for r in rows)} PASS, {len(misses)} MISS, "
        f"{sum(r.status == 'info' for r in rows)} informational; {elapsed:.1f} s"
    )

    if args.json:
        doc = {
            "benchmark": "forward",
            "quick": cfg.quick,
            "n": cfg.n,
            "elapsed_s": elapsed,
            "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "environment": env,
            "results": [r.as_dict() for r in rows],
        }
        with open(args.json, "w") as fh:
            json.dump(doc, fh, indent=2)
            fh.write("\n")
    return 1 if (misses and args.fail_on_miss) else 0


if __name__ == "__main__":
    sys.exit(main())
