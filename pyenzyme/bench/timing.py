"""A small, reusable timer for side-by-side (A versus B) measurements (used by ``pyenzyme bench``).

Ratios between two timings are only trustworthy when both are measured under
the same conditions (CPU frequency, cache and memory state, other load on the
machine). This module therefore never times A and B in separate phases; it
interleaves them:

* :func:`compare` times two *repeatable* operations. Each one is first warmed
  up, then a common loop count ``number`` is calibrated so that one batch lasts
  at least ``min_batch_ns``. A measurement is ``rounds`` rounds of ``repeat``
  (A batch, B batch) pairs, the order flipping every pair (ABBA...) so slow
  drift affects both sides alike. Each side's result is the minimum over
  rounds of the per-round median of the per-call times ("min of medians"):
  the median discards one-off outliers inside a round (an interrupt, a GC
  pass), the minimum over rounds discards rounds disturbed as a whole.
* :func:`compare_many` does what :func:`compare` does for several operations
  at once (each with its own loop count); the order of the operations rotates
  and flips from one pass to the next. :meth:`MultiResult.pair` gives any
  two of them as a :class:`PairResult`.
* :func:`compare_oneshot` does the same for operations that can run only once
  per object (a first call that compiles): ``make_a()`` / ``make_b()`` prepare
  a fresh object outside the timed region and return the zero-argument
  callable to time once.

Operations are given as zero-argument callables or as statement strings
(with a ``namespace`` dict), which are compiled into the timing loop itself,
as :mod:`timeit` does, so the loop adds no extra call per iteration. The
garbage collector is disabled inside timed regions and run between them.
Clocks are :func:`time.perf_counter_ns`.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

Op = str | Callable[[], object]

__all__ = [
    "MultiResult",
    "PairResult",
    "calibrate",
    "compare",
    "compare_many",
    "compare_oneshot",
    "make_batch",
    "time_once_ns",
]


@dataclass
class PairResult:
    """Side-by-side timings of A and B (nanoseconds per call) and their ratio A/B."""

    a_ns: float  # min over rounds of the median per-call time of A
    b_ns: float
    ratio: float  # a_ns / b_ns
    number: int  # calls per timed batch (1 for one-shot measurements)
    repeat: int
    rounds: int
    round_ratios: list = field(default_factory=list)  # median(A)/median(B) of each round
    a_medians: list = field(default_factory=list)  # per-round medians, ns per call
    b_medians: list = field(default_factory=list)

    @property
    def ratio_spread(self) -> tuple[float, float]:
        """(min, max) of the per-round ratios: a quick look at how stable the ratio is."""
        return (min(self.round_ratios), max(self.round_ratios)) if self.round_ratios else (self.ratio, self.ratio)

    def as_dict(self) -> dict:
        d = asdict(self)
        d["ratio_spread"] = list(self.ratio_spread)
        return d


def make_batch(op: Op, namespace: dict | None = None) -> Callable[[int], int]:
    """A function ``batch(n)`` running ``op`` n times and returning the elapsed ns.

    A string ``op`` is a statement compiled straight into the loop body (names
    resolve in ``namespace``); a callable is called once per iteration.
    """
    ns: dict = dict(namespace or {})
    if isinstance(op, str):
        body = op
    elif callable(op):
        ns["_op"] = op
        body = "_op()"
    else:
        raise TypeError(f"op: expected a statement string or a callable, got {type(op).__name__}")
    ns["_clock"] = time.perf_counter_ns
    src = (
        "def _batch(_n):\n"
        "    _it = range(_n)\n"
        "    _t0 = _clock()\n"
        "    for _ in _it:\n"
        f"        {body}\n"
        "    return _clock() - _t0\n"
    )
    exec(compile(src, "<pyenzyme.bench.timing batch>", "exec"), ns)
    return ns["_batch"]


def _timed(batch: Callable[[int], int], n: int) -> int:
    enabled = gc.isenabled()
    gc.disable()
    try:
        return batch(n)
    finally:
        if enabled:
            gc.enable()


def calibrate(batches: list, min_batch_ns: int, max_number: int = 10**7) -> int:
    """Smallest power-of-two-ish loop count for which every batch lasts >= min_batch_ns."""
    number = 1
    while True:
        slowest = max(_timed(b, number) for b in batches)
        if slowest >= min_batch_ns or number >= max_number:
            return number
        # aim a little above the threshold; at least double to converge quickly
        grow = max(2, int(1.2 * min_batch_ns / max(slowest, 1)) + 1)
        number = min(max_number, number * grow)


def _summarise(a_rounds: list, b_rounds: list, number: int, repeat: int, rounds: int) -> PairResult:
    a_med = [statistics.median(r) for r in a_rounds]
    b_med = [statistics.median(r) for r in b_rounds]
    a, b = min(a_med), min(b_med)
    return PairResult(
        a_ns=a,
        b_ns=b,
        ratio=a / b if b > 0 else float("inf"),
        number=number,
        repeat=repeat,
        rounds=rounds,
        round_ratios=[x / y if y > 0 else float("inf") for x, y in zip(a_med, b_med)],
        a_medians=a_med,
        b_medians=b_med,
    )


def compare(
    a: Op,
    b: Op,
    *,
    namespace: dict | None = None,
    repeat: int = 7,
    rounds: int = 3,
    warmup: int = 3,
    min_batch_ns: int = 20_000_000,
    number: int | None = None,
) -> PairResult:
    """Time the repeatable operations ``a`` and ``b`` interleaved; ratio is A/B.

    ``warmup`` untimed batches of each side run first (after calibration), so
    JIT compilation, caches and lazily built state are out of the way.
    """
    ba, bb = make_batch(a, namespace), make_batch(b, namespace)
    for batch in (ba, bb):  # first calls (compiles, imports) before calibrating
        batch(1)
    if number is None:
        number = calibrate([ba, bb], min_batch_ns)
    for _ in range(warmup):
        _timed(ba, number)
        _timed(bb, number)
    a_rounds, b_rounds = [], []
    for _ in range(rounds):
        gc.collect()
        ra, rb = [], []
        for i in range(repeat):
            if i % 2 == 0:
                ra.append(_timed(ba, number) / number)
                rb.append(_timed(bb, number) / number)
            else:
                rb.append(_timed(bb, number) / number)
                ra.append(_timed(ba, number) / number)
        a_rounds.append(ra)
        b_rounds.append(rb)
    return _summarise(a_rounds, b_rounds, number, repeat, rounds)


@dataclass
class MultiResult:
    """Interleaved timings of several operations (nanoseconds per call), keyed by label."""

    labels: list
    ns: dict  # label -> min over rounds of the median per-call time
    medians: dict  # label -> per-round medians, ns per call
    numbers: dict  # label -> calls per timed batch
    repeat: int
    rounds: int

    def pair(self, a: str, b: str) -> PairResult:
        """A/B for two of the operations, from the same interleaved rounds."""
        am, bm = self.medians[a], self.medians[b]
        a_ns, b_ns = min(am), min(bm)
        return PairResult(
            a_ns=a_ns,
            b_ns=b_ns,
            ratio=a_ns / b_ns if b_ns > 0 else float("inf"),
            number=self.numbers[a],
            repeat=self.repeat,
            rounds=self.rounds,
            round_ratios=[x / y if y > 0 else float("inf") for x, y in zip(am, bm)],
            a_medians=list(am),
            b_medians=list(bm),
        )

    def as_dict(self) -> dict:
        return asdict(self)


def compare_many(
    ops: dict,
    *,
    namespace: dict | None = None,
    repeat: int = 7,
    rounds: int = 3,
    warmup: int = 2,
    min_batch_ns: int = 20_000_000,
) -> MultiResult:
    """Time several repeatable operations ``{label: op}`` interleaved.

    Each operation gets its own loop count, calibrated so that one of its
    batches lasts at least ``min_batch_ns``. A round is ``repeat`` passes; a
    pass runs one batch of every operation, starting one operation later than
    the previous pass and in reverse order every other pass, so that each
    operation meets every position and neighbour. Per operation: the minimum
    over rounds of the per-round median, as in :func:`compare`.
    """
    labels = list(ops)
    if not labels:
        raise ValueError("compare_many: no operations")
    batches = {k: make_batch(op, namespace) for k, op in ops.items()}
    for batch in batches.values():  # first calls (compiles, imports) before calibrating
        batch(1)
    numbers = {k: calibrate([b], min_batch_ns) for k, b in batches.items()}
    for _ in range(warmup):
        for k in labels:
            _timed(batches[k], numbers[k])
    per_round: dict = {k: [] for k in labels}
    for _ in range(rounds):
        gc.collect()
        times: dict = {k: [] for k in labels}
        for i in range(repeat):
            s = i % len(labels)
            order = labels[s:] + labels[:s]
            if i % 2:
                order.reverse()
            for k in order:
                times[k].append(_timed(batches[k], numbers[k]) / numbers[k])
        for k in labels:
            per_round[k].append(statistics.median(times[k]))
    return MultiResult(
        labels=labels,
        ns={k: min(v) for k, v in per_round.items()},
        medians=per_round,
        numbers=numbers,
        repeat=repeat,
        rounds=rounds,
    )


def time_once_ns(fn: Callable[[], object]) -> tuple[int, object]:
    """(elapsed ns, result) of one call of ``fn`` with the garbage collector off."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        t0 = time.perf_counter_ns()
        out = fn()
        t1 = time.perf_counter_ns()
    finally:
        if enabled:
            gc.enable()
    return t1 - t0, out


def compare_oneshot(
    make_a: Callable[[], Callable[[], object]],
    make_b: Callable[[], Callable[[], object]],
    *,
    repeat: int = 3,
    rounds: int = 2,
    warmup: int = 1,
    check_a: Callable[[object], None] | None = None,
    check_b: Callable[[object], None] | None = None,
) -> PairResult:
    """Time one call each of fresh A and B objects, interleaved; ratio is A/B.

    ``make_a()`` prepares a fresh object (untimed) and returns the callable
    whose single call is timed. ``check_a(result)`` / ``check_b(result)``, if
    given, validate every result (untimed) and should raise when it is wrong.
    """

    def one(make, check):
        fn = make()
        gc.collect()
        ns, out = time_once_ns(fn)
        if check is not None:
            check(out)
        return ns

    for _ in range(warmup):
        one(make_a, check_a)
        one(make_b, check_b)
    a_rounds, b_rounds = [], []
    for _ in range(rounds):
        ra, rb = [], []
        for i in range(repeat):
            if i % 2 == 0:
                ra.append(one(make_a, check_a))
                rb.append(one(make_b, check_b))
            else:
                rb.append(one(make_b, check_b))
                ra.append(one(make_a, check_a))
        a_rounds.append(ra)
        b_rounds.append(rb)
    return _summarise(a_rounds, b_rounds, 1, repeat, rounds)
