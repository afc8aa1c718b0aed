"""The ``pyenzyme bench`` runner: verify every derivative, then time them side by side.

For each selected kernel (pyenzyme.bench.cases): build the case on fresh
inputs, compile the primal, then for each mode run every implementation once
from a clean state and compare its derivative with the hand-written one
(elementwise relative error <= rtol, near-zero entries measured against 1e-3
of the largest; a directional derivative against the sum of |g_i v_i|); the
primal values the implementations return are checked too. Only verified
implementations are timed, all of a kernel's operations interleaved in one
measurement (pyenzyme.bench.timing.compare_many). pyenzyme's first call of
each mode is timed on its own: that is the derivative's first-call compile
time (the primal is a fresh copy, so nothing is cached).
"""

from __future__ import annotations

import json
import os
import platform
import sys
import time
import traceback
from dataclasses import dataclass, field

import numba
import numpy as np

import pyenzyme as pe
from pyenzyme import reference as cref

from . import cases as C
from .timing import compare_many, time_once_ns

# Exit codes (also in `pyenzyme bench --help`)
EXIT_OK = 0
EXIT_MISS = 1  # a performance target missed, only with --fail-on-miss
EXIT_USAGE = 2  # bad command line, unknown kernel, missing optional dependency that was asked for
EXIT_WRONG = 3  # a derivative failed verification
EXIT_NOT_DIFFERENTIABLE = 4  # pyenzyme raised while building or running a derivative (inspect: any failure)
EXIT_INTERNAL = 5  # the benchmark itself crashed (a bug: traceback printed)

PEER_TARGET = 1.0  # pyenzyme / JAX and pyenzyme / PyTorch must be < 1
FD_RTOL = 1e-5  # the hand-written derivative against central differences (which are good to ~1e-8 at best)


class VerificationError(AssertionError):
    """A derivative disagrees with the reference."""


# ---------------------------------------------------------------------- configuration
@dataclass
class Config:
    size: str
    quick: bool
    repeat: int
    rounds: int
    warmup: int
    min_batch_ns: int
    rtol: float = 1e-9

    @staticmethod
    def make(size: str | None, quick: bool, rtol: float = 1e-9) -> Config:
        if quick:
            return Config(size or "small", True, repeat=3, rounds=2, warmup=1, min_batch_ns=2_000_000, rtol=rtol)
        return Config(size or "medium", False, repeat=5, rounds=3, warmup=2, min_batch_ns=20_000_000, rtol=rtol)


# ---------------------------------------------------------------------- results
@dataclass
class ImplResult:
    label: str
    verified: bool = False
    max_rel_err: float | None = None
    first_call_s: float | None = None
    ns: float | None = None  # min over rounds of the median time per call
    error: str | None = None

    def as_dict(self) -> dict:
        return {
            "verified": self.verified,
            "max_rel_err": self.max_rel_err,
            "first_call_s": self.first_call_s,
            "ns_per_call": self.ns,
            "error": self.error,
        }


@dataclass
class ModeResult:
    mode: str
    what: str
    target: float | None
    impls: dict = field(default_factory=dict)  # label -> ImplResult
    tape_bytes: int | None = None
    primal_ns: float | None = None
    failed: list = field(default_factory=list)  # verification failures (messages)
    error: str | None = None  # pyenzyme could not differentiate

    @property
    def pyenzyme(self) -> ImplResult | None:
        return self.impls.get("pyenzyme")

    def ratio(self, a: str = "pyenzyme", b: str = "primal") -> float | None:
        ra = self.impls.get(a)
        an = ra.ns if ra is not None else None
        bn = self.primal_ns if b == "primal" else (self.impls[b].ns if b in self.impls else None)
        if an is None or bn is None or bn <= 0:
            return None
        return an / bn

    def peer_labels(self) -> list[str]:
        return [k for k in self.impls if k != "pyenzyme" and self.impls[k].ns is not None]

    @property
    def misses(self) -> list[str]:
        out = []
        r = self.ratio()
        if r is not None and self.target is not None and r > self.target:
            out.append(f"pyenzyme/primal {r:.2f} > {self.target:g}")
        for peer in ("JAX", "PyTorch"):
            r = self.ratio("pyenzyme", peer)
            if r is not None and not r < PEER_TARGET:
                out.append(f"pyenzyme/{peer} {r:.2f} >= {PEER_TARGET:g}")
        return out

    @property
    def status(self) -> str:
        if self.failed:
            return "FAILED"
        if self.error:
            return "ERROR"
        if self.ratio() is None:
            return "n/a"
        return "MISS" if self.misses else "PASS"

    def as_dict(self) -> dict:
        ratios = {}
        for label, r in self.impls.items():
            if r.ns is not None and self.primal_ns:
                ratios[f"{label}/primal"] = r.ns / self.primal_ns
        for label in self.peer_labels():
            ratios[f"pyenzyme/{label}"] = self.ratio("pyenzyme", label)
        return {
            "mode": self.mode,
            "derivative": self.what,
            "status": self.status,
            "target": self.target,
            "ratio": self.ratio(),
            "ratios": ratios,
            "misses": self.misses,
            "compile_s": self.pyenzyme.first_call_s if self.pyenzyme else None,
            "tape_bytes": self.tape_bytes,
            "primal_ns": self.primal_ns,
            "verified": bool(self.pyenzyme and self.pyenzyme.verified) and not self.failed,
            "failures": self.failed,
            "error": self.error,
            "implementations": {k: v.as_dict() for k, v in self.impls.items()},
        }


@dataclass
class KernelResult:
    name: str
    size: str = ""
    primal_ns: float | None = None
    primal_compile_s: float | None = None
    fd_rel_err: float | None = None  # hand-written derivative vs central differences
    modes: dict = field(default_factory=dict)  # mode -> ModeResult
    notes: list = field(default_factory=list)

    @property
    def status(self) -> str:
        states = [m.status for m in self.modes.values()]
        for s in ("FAILED", "ERROR", "MISS"):
            if s in states:
                return s
        return "PASS" if states else "n/a"

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "size": self.size,
            "status": self.status,
            "primal_ns": self.primal_ns,
            "primal_compile_s": self.primal_compile_s,
            "hand_vs_finite_differences": self.fd_rel_err,
            "notes": self.notes,
            "modes": {k: v.as_dict() for k, v in self.modes.items()},
        }


# ---------------------------------------------------------------------- progress
class Progress:
    """A one-line progress bar on stderr (only when enabled: a TTY and no --no-progress)."""

    def __init__(self, total: int, enabled: bool, verbose: bool = False, width: int = 24):
        self.total = max(total, 1)
        self.done = 0
        self.enabled = enabled
        self.verbose = verbose
        self.width = width
        self.t0 = time.perf_counter()
        self._last = 0

    def _draw(self, text: str) -> None:
        filled = int(self.width * self.done / self.total)
        bar = "#" * filled + "-" * (self.width - filled)
        line = f"[{bar}] {self.done}/{self.total} {time.perf_counter() - self.t0:5.1f}s {text}"
        import shutil

        line = line[: max(20, shutil.get_terminal_size((120, 24)).columns - 1)]
        sys.stderr.write("\r" + line + " " * max(0, self._last - len(line)))
        sys.stderr.flush()
        self._last = len(line)

    def status(self, text: str) -> None:
        if self.verbose:
            print(f"  {text}", file=sys.stderr, flush=True)
        if self.enabled:
            self._draw(text)

    def step(self, text: str = "") -> None:
        self.done = min(self.done + 1, self.total)
        if self.enabled:
            self._draw(text)

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\r" + " " * self._last + "\r")
            sys.stderr.flush()


# ---------------------------------------------------------------------- verification
def check_close(label: str, got, want, scale=None, rtol: float = 1e-9) -> float:
    """Worst relative error of got against want; VerificationError when it exceeds rtol."""
    got = np.asarray(got, dtype=np.float64)
    want = np.asarray(want, dtype=np.float64)
    if got.shape != want.shape:
        raise VerificationError(f"{label}: shape {got.shape} != expected {want.shape}")
    if not np.all(np.isfinite(got)):
        raise VerificationError(f"{label}: non-finite values")
    if scale is None:
        peak = float(np.max(np.abs(want), initial=0.0))
        s = np.maximum(np.abs(want), 1e-3 * peak)
    else:
        s = np.full(want.shape, float(scale))
    s = np.where(s > 0, s, 1e-300)
    rel = np.abs(got - want) / s
    worst = float(np.max(rel, initial=0.0))
    if not worst <= rtol:
        i = np.unravel_index(int(np.argmax(rel)), rel.shape) if rel.ndim else ()
        raise VerificationError(
            f"{label}: relative error {worst:.3e} > {rtol:g} at index {tuple(int(v) for v in i)}: "
            f"got {float(got[i])!r}, expected {float(want[i])!r}"
        )
    return worst


def _short(exc: BaseException) -> str:
    msg = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {msg[0] if msg else ''}" + (" ..." if len(msg) > 1 else "")


# ---------------------------------------------------------------------- one kernel
def run_kernel(name: str, cfg: Config, env: C.PeerEnv, progress: Progress, traceback_on_error: bool) -> KernelResult:
    builder, _ = C.KERNELS[name]
    kr = KernelResult(name)
    progress.status(f"{name}: generating inputs, compiling the primal")
    case = builder(C.SIZES[cfg.size], env)
    kr.size = case.size
    kr.notes.extend(case.notes)
    ns, value = time_once_ns(case.primal)
    kr.primal_compile_s = ns / 1e9
    case.primal_value = float(value) if isinstance(value, (float, np.floating)) else None
    progress.step(f"{name}: primal compiled")
    fd_failure = None
    if case.fd_check is not None:
        progress.status(f"{name}: hand-written derivative vs central differences")
        kr.fd_rel_err = float(case.fd_check())
        if not kr.fd_rel_err <= FD_RTOL:
            fd_failure = (
                f"WRONG DERIVATIVE: {name}: the hand-written derivative disagrees with central differences "
                f"(relative error {kr.fd_rel_err:.3e} > {FD_RTOL:g})"
            )

    built: dict = {}  # id(builder) -> Impl or exception (the hand-written Jacobian serves both modes)
    ops: dict = {"primal": case.primal}
    for mc in case.modes:
        mr = ModeResult(mc.mode, mc.what, mc.target)
        kr.modes[mc.mode] = mr
        if fd_failure:
            mr.failed.append(fd_failure)
        for label, build in mc.impls.items():
            progress.status(f"{name} {mc.mode}: verifying {label}")
            ir = ImplResult(label)
            try:
                key = id(build)
                if key not in built:
                    built[key] = build()
                impl = built[key]
                impl.reset()
                ns, out = time_once_ns(impl.op)
                ir.first_call_s = ns / 1e9
                got = impl.extract(out)
            except Exception as exc:
                if label == "pyenzyme":
                    mr.error = f"pyenzyme cannot differentiate {name} ({mc.mode}): {_short(exc)}"
                    ir.error = mr.error
                    if traceback_on_error:
                        traceback.print_exc()
                elif label in C.PEERS:
                    ir.error = f"{label} failed: {_short(exc)}"
                    kr.notes.append(f"{name} {mc.mode}: {ir.error} (column skipped)")
                    continue
                else:
                    raise
                mr.impls[label] = ir
                continue
            try:
                if len(got) != len(mc.reference):
                    raise VerificationError(
                        f"{name} {mc.mode}: {label} gave {len(got)} outputs, expected {len(mc.reference)}"
                    )
                errs = [
                    check_close(
                        f"{name} {mc.mode}: {label} vs hand-written (output {k})",
                        g,
                        r,
                        None if mc.scale is None else mc.scale[k],
                        cfg.rtol,
                    )
                    for k, (g, r) in enumerate(zip(got, mc.reference))
                ]
                if impl.primal_check is not None and case.primal_value is not None:
                    pv = impl.primal_check(out)
                    check_close(
                        f"{name} {mc.mode}: primal value from {label}",
                        pv,
                        case.primal_value,
                        max(abs(case.primal_value), 1e-300),
                        cfg.rtol,
                    )
                ir.verified = True
                ir.max_rel_err = max(errs, default=0.0)
                ops[(mc.mode, label)] = impl.op
            except VerificationError as exc:
                ir.error = str(exc)
                mr.failed.append(f"WRONG DERIVATIVE: {exc}")
            mr.impls[label] = ir
        if mc.tape is not None and mr.pyenzyme is not None and mr.pyenzyme.verified:
            try:
                mr.tape_bytes = int(mc.tape())
            except Exception as exc:
                kr.notes.append(f"{name} {mc.mode}: tape size unavailable ({_short(exc)})")
    progress.step(f"{name}: verified")

    # time only what verified, everything of the kernel interleaved (one op object per distinct impl)
    unique: dict = {}
    for key, op in ops.items():
        unique.setdefault(id(op), (key, op))
    labels = {f"{k[0]}:{k[1]}" if isinstance(k, tuple) else k: op for k, op in unique.values()}
    progress.status(f"{name}: timing {len(labels)} operations")
    res = compare_many(labels, repeat=cfg.repeat, rounds=cfg.rounds, warmup=cfg.warmup, min_batch_ns=cfg.min_batch_ns)
    kr.primal_ns = res.ns["primal"]
    by_op = {id(op): res.ns[lab] for lab, op in labels.items()}
    for key, op in ops.items():
        if isinstance(key, tuple):
            mode, label = key
            kr.modes[mode].impls[label].ns = by_op[id(op)]
    for mr in kr.modes.values():
        mr.primal_ns = kr.primal_ns
    if case.measure_notes is not None and all(
        mr.pyenzyme is not None and mr.pyenzyme.verified for mr in kr.modes.values()
    ):
        progress.status(f"{name}: more measurements")
        kr.notes.extend(case.measure_notes())
    progress.step(f"{name}: timed")
    return kr


# ---------------------------------------------------------------------- output
def fmt_ns(ns: float | None) -> str:
    if ns is None:
        return "-"
    if ns >= 1e9:
        return f"{ns / 1e9:.3f} s"
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.1f} us"
    return f"{ns:.0f} ns"


def fmt_bytes(b: int | None) -> str:
    if b is None:
        return "-"
    if b >= 1 << 20:
        return f"{b / (1 << 20):.1f} MiB"
    if b >= 1 << 10:
        return f"{b / (1 << 10):.1f} KiB"
    return f"{b} B"


def fmt_ratio(r: float | None) -> str:
    if r is None:
        return "-"
    return f"{r:.2f}" if r < 100 else f"{r:.0f}"


IMPL_COLUMNS = ("pyenzyme", "hand-written", "C", "JAX", "PyTorch")


def render(results: list[KernelResult], header: str) -> str:
    lines = [header, ""]
    cols = [
        "kernel",
        "mode",
        "primal",
        "pyenzyme",
        "ratio",
        "target",
        "/hand",
        "/C",
        "/JAX",
        "/PyTorch",
        "compile",
        "tape",
        "result",
    ]
    rows = []
    for kr in results:
        for mr in kr.modes.values():
            pyz = mr.pyenzyme
            rows.append(
                [
                    kr.name,
                    mr.mode,
                    fmt_ns(kr.primal_ns),
                    fmt_ns(pyz.ns if pyz else None),
                    fmt_ratio(mr.ratio()),
                    f"{mr.target:g}" if mr.target is not None else "-",
                    fmt_ratio(mr.ratio("pyenzyme", "hand-written")),
                    fmt_ratio(mr.ratio("pyenzyme", "C")),
                    fmt_ratio(mr.ratio("pyenzyme", "JAX")),
                    fmt_ratio(mr.ratio("pyenzyme", "PyTorch")),
                    f"{pyz.first_call_s:.2f} s" if pyz and pyz.first_call_s is not None else "-",
                    fmt_bytes(mr.tape_bytes),
                    mr.status,
                ]
            )
    lines += _table(cols, rows, left=(0, 1, 12))
    lines.append(
        "ratio: pyenzyme / primal (PASS when <= target, and pyenzyme / JAX, PyTorch < 1); /X: pyenzyme / X; "
        "compile: pyenzyme's first call (builds the derivative); tape: bytes one reverse call stores."
    )
    lines.append("")
    cols = ["kernel", "mode", "size", "derivative", "primal"] + list(IMPL_COLUMNS)
    rows = []
    for kr in results:
        for mr in kr.modes.values():
            rows.append(
                [kr.name, mr.mode, kr.size, mr.what, fmt_ns(kr.primal_ns)]
                + [fmt_ns(mr.impls[c].ns) if c in mr.impls else "-" for c in IMPL_COLUMNS]
            )
    lines.append(
        "Time per call (min over rounds of the median; every column of a kernel measured interleaved; "
        "each verified before it was timed):"
    )
    lines += _table(cols, rows, left=(0, 1, 2, 3))
    return "\n".join(lines)


def _table(cols: list, rows: list, left=()) -> list[str]:
    widths = [max(len(str(c)), *(len(str(r[i])) for r in rows)) if rows else len(str(c)) for i, c in enumerate(cols)]

    def fmt(row):
        return "  ".join(
            str(v).ljust(w) if i in left else str(v).rjust(w) for i, (v, w) in enumerate(zip(row, widths))
        ).rstrip()

    out = [fmt(cols), "-" * len(fmt(cols))]
    out += [fmt(r) for r in rows]
    return out


def environment(env: C.PeerEnv) -> dict:
    return {
        "python": platform.python_version(),
        "numba": numba.__version__,
        "llvmlite": __import__("llvmlite").__version__,
        "numpy": np.__version__,
        "pyenzyme": pe.__version__,
        "machine": platform.machine(),
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "c_reference": cref.available(),
        "peers": list(env.wanted),
        "peer_notes": list(env.notes),
    }


def write_json(
    path: str, cfg: Config, results: list[KernelResult], env_info: dict, notes: list, elapsed: float, code: int
) -> None:
    doc = {
        "tool": "pyenzyme bench",
        "size": cfg.size,
        "quick": cfg.quick,
        "rtol": cfg.rtol,
        "timing": {"repeat": cfg.repeat, "rounds": cfg.rounds, "warmup": cfg.warmup, "min_batch_ns": cfg.min_batch_ns},
        "elapsed_s": elapsed,
        "exit_code": code,
        "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "environment": env_info,
        "notes": notes,
        "kernels": [r.as_dict() for r in results],
    }
    with open(path, "w") as fh:
        json.dump(doc, fh, indent=2, default=_json_default)
        fh.write("\n")


def _json_default(o):
    if isinstance(o, (np.floating, np.integer)):
        return o.item()
    raise TypeError(f"not JSON serialisable: {type(o).__name__}")


def write_plot(path: str, results: list[KernelResult], title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    groups = [(f"{kr.name}\n{mr.mode}", mr) for kr in results for mr in kr.modes.values() if mr.primal_ns]
    labels = [c for c in IMPL_COLUMNS if any(c in mr.impls and mr.impls[c].ns for _, mr in groups)]
    fig, ax = plt.subplots(figsize=(max(6.0, 1.1 * len(groups) + 2), 4.8))
    width = 0.8 / max(len(labels), 1)
    for j, lab in enumerate(labels):
        xs, ys = [], []
        for i, (_, mr) in enumerate(groups):
            r = mr.impls.get(lab)
            if r is not None and r.ns:
                xs.append(i + (j - (len(labels) - 1) / 2) * width)
                ys.append(r.ns / mr.primal_ns)
        ax.bar(xs, ys, width=width, label=lab)
    ax.axhline(1.0, color="black", linewidth=0.8)
    ax.set_yscale("log")
    ax.set_xticks(range(len(groups)))
    ax.set_xticklabels([g for g, _ in groups], fontsize=8)
    ax.set_ylabel("derivative time / primal time")
    ax.set_title(title, fontsize=9)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


# ---------------------------------------------------------------------- entry point
_BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def _one_blas_thread() -> str:
    """The BLAS that Numba loads (through SciPy) runs one thread, as the peers do, unless the environment
    says otherwise; a note saying which. Takes effect only before SciPy's BLAS is first loaded."""
    loaded = "scipy.linalg.cython_blas" in sys.modules
    for var in _BLAS_THREADS:
        os.environ.setdefault(var, "1")
    told = ", ".join(f"{v}={os.environ[v]}" for v in _BLAS_THREADS)
    return f"BLAS (matrix products of primal and derivatives): {told}" + (" (set after BLAS loaded)" if loaded else "")


def run(
    kernels: list[str],
    cfg: Config,
    peers: tuple,
    explicit_peers: bool,
    *,
    json_path: str | None = None,
    plot_path: str | None = None,
    progress: bool = True,
    verbose: bool = False,
    fail_on_miss: bool = False,
    traceback_on_error: bool = False,
    out=None,
    second_order: bool = False,
) -> int:
    """Run the benchmark; print the table to `out` (stdout); return the exit code. `second_order`: also
    the rows of second_order.py (Hessians, derivatives inside jitted code) after the kernels."""
    out = out or sys.stdout
    t0 = time.perf_counter()
    blas_threads = _one_blas_thread()
    env = C.PeerEnv(peers, explicit_peers)
    env.notes.append(blas_threads)
    if explicit_peers and env.failed:
        for n_ in env.notes:
            if n_.split()[0] in env.failed:
                print(f"pyenzyme bench: error: --peer {n_}", file=sys.stderr)
        return EXIT_USAGE
    prog = Progress(3 * len(kernels), progress, verbose)
    results: list[KernelResult] = []
    try:
        for name in kernels:
            results.append(run_kernel(name, cfg, env, prog, traceback_on_error))
    finally:
        prog.close()
    second_rows, second_missed, second_failed = None, 0, None
    if second_order:
        from . import second_order as S

        try:
            second_rows, second_missed = S.render(S.measure(cfg.quick))
        except S.WrongDerivative as exc:
            second_failed = str(exc)
    elapsed = time.perf_counter() - t0
    info = environment(env)

    header = (
        f"pyenzyme bench ({cfg.size}{', quick' if cfg.quick else ''}; Python {info['python']}, "
        f"numba {info['numba']}, {info['machine']}, {info['cpu_count']} CPUs; every derivative verified "
        f"against the hand-written one at rtol {cfg.rtol:g} before it was timed)"
    )
    print(render(results, header), file=out)
    if second_rows is not None:
        print("", file=out)
        print(second_rows, file=out)
    notes = list(env.notes)
    for kr in results:
        notes += kr.notes
    print("", file=out)
    for n_ in notes:
        print(f"note: {n_}", file=out)
    problems = []
    for kr in results:
        for mr in kr.modes.values():
            problems += [f"{kr.name} {mr.mode}: {m}" for m in mr.failed]
            if mr.error:
                problems.append(mr.error)
    if second_failed:
        problems.append(f"second derivatives: {second_failed}")
    for p in problems:
        print(f"FAILED: {p}", file=out)
        print(f"pyenzyme bench: FAILED: {p}", file=sys.stderr)
    states = [mr.status for kr in results for mr in kr.modes.values()]
    print(
        f"{states.count('PASS')} PASS, {states.count('MISS')} MISS, {states.count('FAILED')} FAILED, "
        f"{states.count('ERROR')} ERROR; {len(results)} kernels in {elapsed:.1f} s",
        file=out,
    )

    if "FAILED" in states or second_failed:
        code = EXIT_WRONG
    elif "ERROR" in states:
        code = EXIT_NOT_DIFFERENTIABLE
    elif fail_on_miss and ("MISS" in states or second_missed):
        code = EXIT_MISS
    else:
        code = EXIT_OK
    if json_path:
        write_json(json_path, cfg, results, info, notes, elapsed, code)
    if plot_path:
        write_plot(plot_path, results, header.split(";")[0] + ")")
    return code


def default_peers() -> tuple:
    """Every optional peer that is installed (C when built)."""
    from . import peers as P

    out = []
    if cref.available():
        out.append("C")
    out += [p for p in ("JAX", "PyTorch") if P.installed(p)]
    return tuple(out)


__all__ = [
    "EXIT_INTERNAL",
    "EXIT_MISS",
    "EXIT_NOT_DIFFERENTIABLE",
    "EXIT_OK",
    "EXIT_USAGE",
    "EXIT_WRONG",
    "Config",
    "VerificationError",
    "check_close",
    "default_peers",
    "run",
]
