"""Check one fuzz kernel in forward, reverse and split mode against Numba and finite differences.

The quantity checked is the objective L = ret + sum over array arguments a of <w_a, a_final>, whose
weights w_a come with the case. With Enzyme's conventions:

- forward mode seeds the shadow of every float argument with the case's direction v; the call returns
  the tangent of ret and leaves the tangent of each a_final in a's shadow, so dL = dret + sum <w_a, da>;
- reverse mode seeds each array's shadow with w_a (and ret with 1); afterwards the shadows hold
  dL/da_initial and the Active scalars' derivatives are returned, so <gradient, v> must equal dL;
- split mode (augmented forward, then reverse with the tape) must give the reverse-mode gradient.

Every mode's primal return and final array contents must equal Numba's. A five-point central difference
of L along v at a ladder of step sizes is the independent reference; when no two neighbouring steps agree
the kernel is not smooth there (a branch flips, min/max or abs switches) and only the modes' agreement
with each other is judged.

Per mode the outcome is ok, wrong (with the numbers), error (an exception that is a bug), refused (pyenzyme
says it cannot differentiate something) or skipped (the primal raised or is not finite). A case whose
kernel Numba rejects, or that indexes out of bounds, is invalid: a generator bug.
"""

from __future__ import annotations

import itertools
import linecache
import math
from dataclasses import dataclass

import numba
import numpy as np

import pyenzyme as pe
from tests.fuzz.generate import Case

MODES = ("forward", "reverse", "split")
FD_STEPS = (1e-2, 1e-3, 1e-4, 1e-5)
FD_AGREE = 1e-7  # neighbouring finite-difference estimates agree to this relative tolerance...
FD_RTOL = 1e-6  # ...and then each mode must match the finer one to this one
DOT_RTOL = 1e-9  # forward against reverse, relative to the size of the terms
SPLIT_RTOL = 1e-10  # split against combined reverse
PRIMAL_RTOL = 1e-12


class BadOutput(Exception):
    """A mode returned something of the wrong form (a missing derivative, say)."""


@dataclass
class Run:
    """What one mode produced."""

    primal: float
    finals: list  # final contents of each argument (arrays copied)
    slope: float = math.nan  # dL along the case's direction (not for Numba's reference run)
    scale: float = 0.0  # sum of the magnitudes of the terms of `slope`
    gradient: list | None = None  # reverse modes: dL/d(argument), None for ints


def _checked_njit(*args, **options):
    """numba.njit with bounds checks, used bare (`@_checked_njit`) or with options (`(parallel=True)`)."""
    if args and callable(args[0]) and not options:
        return numba.njit(boundscheck=True)(args[0])
    return numba.njit(*args, boundscheck=True, **options)


def compile_kernel(case: Case, boundscheck=False):
    """The case's kernel as a Numba dispatcher; its source is registered with linecache for tracebacks."""
    filename = f"<fuzz kernel, seed {case.seed}{', boundscheck' if boundscheck else ''}>"
    # the bounds-checked build: each decorator (line for line) is Numba's with boundscheck=True
    source = case.source.replace("@numba.njit", "@_checked_njit") if boundscheck else case.source
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    namespace = {"np": np, "math": math, "numba": numba, "_checked_njit": _checked_njit}
    exec(compile(source, filename, "exec"), namespace)
    return namespace[case.name]


def snapshot(args):
    return [a.copy() if isinstance(a, np.ndarray) else a for a in args]


def objective(case: Case, ret, args):
    return ret + sum(np.vdot(w, a) for w, a in zip(case.weights, args) if w is not None)


def primal_run(case: Case, kernel) -> Run:
    args = case.arguments()
    return Run(float(kernel(*args)), snapshot(args))


def finite(run: Run):
    return math.isfinite(run.primal) and all(np.isfinite(a).all() for a in run.finals)


def finite_difference(case: Case, kernel, reference: Run):
    """dL/dt along the direction, or None when no two neighbouring step sizes agree (not smooth)."""

    def loss(t):
        args = case.arguments(t)
        return objective(case, kernel(*args), args)

    estimates = [(-loss(2 * h) + 8 * loss(h) - 8 * loss(-h) + loss(-2 * h)) / (12 * h) for h in FD_STEPS]
    noise = rounding(case, reference)
    for coarse, fine in itertools.pairwise(estimates):
        if abs(coarse - fine) <= FD_AGREE * max(abs(coarse), abs(fine)) + noise:
            return fine
    return None


def tangents_of(case: Case):
    return [arg.layout.place(d) if arg.kind == "array" else d for arg, d in zip(case.args, case.directions)]


def run_forward(case: Case, kernel) -> Run:
    args, tangents = case.arguments(), tangents_of(case)
    annotated = [
        pe.Const(a) if arg.kind == "int" else pe.Duplicated(a, t) for arg, a, t in zip(case.args, args, tangents)
    ]
    primal, dret = pe.autodiff(pe.Forward, kernel, pe.Duplicated, *annotated)
    terms = [np.ravel(w * t) for w, t in zip(case.weights, tangents) if w is not None]
    slope = float(dret) + sum(float(t.sum()) for t in terms)
    return Run(float(primal), snapshot(args), slope, abs(float(dret)) + sum(float(np.abs(t).sum()) for t in terms))


def reverse_annotations(case: Case):
    """Fresh arguments and their annotations: arrays Duplicated with shadow w_a, floats Active, ints Const."""
    args = case.arguments()
    annotated = [
        pe.Duplicated(a, arg.layout.place(w))
        if arg.kind == "array"
        else pe.Active(a)
        if arg.kind == "float"
        else pe.Const(a)
        for arg, a, w in zip(case.args, args, case.weights)
    ]
    return args, annotated


def gradient_run(case: Case, primal, args, annotated, derivatives) -> Run:
    if len(derivatives) != len(case.args):
        raise BadOutput(f"{len(derivatives)} derivatives returned for {len(case.args)} arguments")
    gradient = []
    for arg, ann, d in zip(case.args, annotated, derivatives):
        if arg.kind == "float" and d is None:
            raise BadOutput(f"no derivative returned for the Active argument {arg.name}")
        gradient.append(ann.dval.copy() if arg.kind == "array" else float(d) if arg.kind == "float" else None)
    terms = [np.ravel(np.multiply(g, v)) for g, v in zip(gradient, case.directions) if g is not None]
    slope = sum(float(t.sum()) for t in terms)
    return Run(float(primal), snapshot(args), slope, sum(float(np.abs(t).sum()) for t in terms), gradient)


def run_reverse(case: Case, kernel) -> Run:
    args, annotated = reverse_annotations(case)
    derivatives, primal = pe.autodiff(pe.ReverseWithPrimal, kernel, pe.Active, *annotated)
    return gradient_run(case, primal, args, annotated, derivatives)


def run_split(case: Case, kernel) -> Run:
    args, annotated = reverse_annotations(case)
    argtypes = [
        pe.Duplicated[numba.typeof(a)]
        if arg.kind == "array"
        else pe.Active[numba.float64]
        if arg.kind == "float"
        else pe.Const[numba.typeof(a)]
        for arg, a in zip(case.args, args)
    ]
    forward, reverse = pe.autodiff_thunk(pe.ReverseSplitWithPrimal, pe.Const[pe.typeof(kernel)], pe.Active, *argtypes)
    tape, primal, _ = forward(pe.Const(kernel), *annotated)
    derivatives = reverse(pe.Const(kernel), *annotated, 1.0, tape)[0]
    return gradient_run(case, primal, args, annotated, derivatives)


RUNNERS = {"forward": run_forward, "reverse": run_reverse, "split": run_split}


def rounding(case: Case, reference: Run):
    """An absolute error that rounding in L alone can put into a finite difference or a slope."""
    return 1e-9 * (1.0 + abs(objective(case, reference.primal, reference.finals)))


def close(a, b, rtol, atol=0.0):
    """Elementwise |a - b| <= rtol * max(|a|, |b|) + atol, and both finite."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    within = np.abs(a - b) <= rtol * np.maximum(np.abs(a), np.abs(b)) + atol
    return bool(np.all(within & np.isfinite(a) & np.isfinite(b)))


def position(index):
    return f"[{', '.join(str(int(i)) for i in index)}]" if index else ""


def primal_problem(case: Case, reference: Run, run: Run):
    """How `run`'s primal return or final array contents differ from Numba's, or None."""
    if not close(run.primal, reference.primal, PRIMAL_RTOL, 1e-300):
        return f"primal {run.primal!r}, Numba {reference.primal!r}"
    for arg, got, want in zip(case.args, run.finals, reference.finals):
        if arg.kind == "array" and not close(got, want, PRIMAL_RTOL, 1e-300):
            at = np.unravel_index(np.argmax(~np.isclose(got, want, PRIMAL_RTOL, 0.0)), want.shape)
            return f"final {arg.name}{position(at)} is {got[at]!r}, Numba {want[at]!r}"
    return None


def gradient_problem(case: Case, run: Run, base: Run):
    """Where split mode's gradient differs most from combined reverse mode's, or None."""
    for arg, got, want in zip(case.args, run.gradient, base.gradient):
        if got is not None and not close(got, want, SPLIT_RTOL, 1e-14 * (1.0 + np.max(np.abs(want)))):
            got, want = np.asarray(got), np.asarray(want)
            at = np.unravel_index(
                np.nanargmax(np.abs(got - want)) if np.isfinite(got).all() else np.argmin(np.isfinite(got)), want.shape
            )
            return f"gradient of {arg.name}{position(at)}: split {got[at]!r}, reverse {want[at]!r}"
    return None


def dot_test(runs, problems, fd, mode):
    """Forward mode's dL against `mode`'s <gradient, v>; a mismatch blames the one farther from the
    finite difference, or both when the kernel is not smooth enough for one."""
    fwd, rev = runs["forward"], runs[mode]
    if close(fwd.slope, rev.slope, DOT_RTOL, DOT_RTOL * max(fwd.scale, rev.scale) + 1e-13):
        return
    detail = f"forward dL {fwd.slope!r}, {mode} <gradient, v> {rev.slope!r}"
    if fd is None:
        problems["forward"] = problems[mode] = detail + " (not smooth: no finite difference to tell which)"
    else:
        farther = max(("forward", mode), key=lambda m: abs(runs[m].slope - fd))
        problems[farther] = f"{detail}, finite difference {fd!r}"


def judge(case: Case, reference: Run, fd, runs: dict) -> dict:
    """(outcome, detail) per mode that ran to the end."""
    problems = {m: primal_problem(case, reference, r) for m, r in runs.items()}
    if fd is not None:
        noise = rounding(case, reference)
        for mode, run in runs.items():
            if not problems[mode] and not close(run.slope, fd, FD_RTOL, FD_RTOL * run.scale + noise):
                problems[mode] = f"dL {run.slope!r}, finite difference {fd!r}"

    def clean(mode):
        return mode in runs and not problems[mode]

    if clean("forward") and clean("reverse"):
        dot_test(runs, problems, fd, "reverse")
    if clean("split") and clean("reverse"):
        problems["split"] = gradient_problem(case, runs["split"], runs["reverse"])
    elif clean("split") and clean("forward") and "reverse" not in runs:
        dot_test(runs, problems, fd, "split")
    return {m: ("wrong", p) if p else ("ok", "") for m, p in problems.items()}


def describe(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {' | '.join(lines[:3])[:600]}"


def classify(exc: Exception):
    """refused when pyenzyme cleanly says it cannot differentiate something, else error."""
    clean = isinstance(exc, (pe.EnzymeError, TypeError, ValueError))
    message = str(exc).lower()
    refusal = (
        any("NotDifferentiable" in cls.__name__ for cls in type(exc).__mro__)
        or "cannot differentiate" in message
        or "not differentiable" in message
    )
    return ("refused" if clean and refusal else "error"), describe(exc)


def case_result(case: Case, status, detail, modes, fd=""):
    return {
        "seed": case.seed,
        "status": status,
        "detail": detail,
        "fd": fd,
        "modes": {m: {"outcome": status, "detail": detail} for m in modes},
    }


def reference_run(case: Case, modes):
    """Numba's reference from a bounds-checked build of the kernel (used for the finite differences too),
    or the result for a case that is not to be differentiated."""
    try:
        checked = compile_kernel(case, boundscheck=True)
        return checked, primal_run(case, checked), None
    except (numba.core.errors.NumbaError, IndexError, SyntaxError, NameError) as exc:
        if "parfor" in str(exc) and "parallel=True" in case.source:
            # Numba's parallel transform refuses some valid code (an array rebound after a prange reads it)
            return None, None, case_result(case, "skipped", f"Numba's parfor pass: {describe(exc)}", modes)
        return None, None, case_result(case, "invalid", describe(exc), modes)
    except Exception as exc:
        return None, None, case_result(case, "skipped", describe(exc), modes)


def check(case: Case, modes=MODES, on_stage=lambda stage: None) -> dict:
    """Check `case` in `modes`; `on_stage(name)` is called before each step (for crash attribution)."""
    on_stage("primal")
    checked, reference, early = reference_run(case, modes)
    if early:
        return early
    if not finite(reference):
        return case_result(case, "skipped", f"primal not finite: {reference.primal!r}", modes)
    fd = finite_difference(case, checked, reference)
    kernel = compile_kernel(case)  # pyenzyme differentiates the plain build
    runs, verdicts = {}, {}
    for mode in modes:
        on_stage(mode)
        try:
            runs[mode] = RUNNERS[mode](case, kernel)
        except BadOutput as exc:
            verdicts[mode] = ("wrong", str(exc))
        except Exception as exc:
            verdicts[mode] = classify(exc)
    verdicts.update(judge(case, reference, fd, runs))
    result = case_result(case, "checked", "", (), "judged" if fd is not None else "not smooth")
    result["modes"] = {m: {"outcome": verdicts[m][0], "detail": verdicts[m][1]} for m in modes}
    return result
