"""Standalone reproducer scripts for fuzz findings, and the listing that ``--show`` prints.

A reproducer needs only numpy, numba and pyenzyme. It holds the kernel's source and the exact inputs
(values, memory layouts, the objective's weights and the direction), runs Numba, the finite differences
and each mode of pyenzyme, and prints primal returns, final array contents and derivatives where they
disagree. Modes that crashed or hung in the fuzz run go last, so the others still print first.
"""

from __future__ import annotations

from pathlib import Path

from tests.fuzz.generate import Case

HARNESS = '''

def laid_out(values, layout):
    """`values` as a view into a NaN-padded base array: the layout the fuzz run used."""
    base_shape, view, order = layout
    base = np.full(base_shape, np.nan, order=order)
    base[view] = values
    return base[view]


def arguments(t=0.0):
    """Fresh arguments at value + t * direction (ints are not perturbed)."""
    return [v if d is None else laid_out(v + t * d, lay) if lay else v + t * d for _, v, _, d, lay in ARGS]


def objective(ret, args):
    """L = ret + sum over the arrays of <weight, final contents>."""
    return ret + sum(np.vdot(w, a) for (_, _, w, _, _), a in zip(ARGS, args) if w is not None)


def forward():
    """Shadows seeded with the direction; returns the primal, the arguments after the call and dL."""
    args = arguments()
    tangents = [laid_out(d, lay) if lay else d for _, _, _, d, lay in ARGS]
    annotated = [pe.Const(a) if t is None else pe.Duplicated(a, t) for a, t in zip(args, tangents)]
    primal, dret = pe.autodiff(pe.Forward, kernel, pe.Duplicated, *annotated)
    return primal, args, dret + sum(np.vdot(w, t) for (_, _, w, _, _), t in zip(ARGS, tangents) if w is not None)


def reverse_annotations():
    """Arrays Duplicated with their weights as shadows, floats Active, ints Const."""
    args = arguments()
    return args, [pe.Const(a) if d is None else pe.Duplicated(a, laid_out(w, lay)) if lay else pe.Active(a)
                  for a, (_, _, w, d, lay) in zip(args, ARGS)]


def gradient_slope(annotated, derivatives):
    """<gradient, direction>: Active derivatives are returned, array gradients are left in the shadows."""
    return sum(np.vdot(ann.dval, v) if lay else d * v
               for ann, d, (_, _, _, v, lay) in zip(annotated, derivatives, ARGS) if v is not None)


def reverse():
    args, annotated = reverse_annotations()
    derivatives, primal = pe.autodiff(pe.ReverseWithPrimal, kernel, pe.Active, *annotated)
    return primal, args, gradient_slope(annotated, derivatives)


def split():
    args, annotated = reverse_annotations()
    argtypes = [type(a)[numba.float64 if isinstance(a, pe.Active) else numba.typeof(a.val)] for a in annotated]
    forward_, reverse_ = pe.autodiff_thunk(pe.ReverseSplitWithPrimal, pe.Const[pe.typeof(kernel)], pe.Active,
                                           *argtypes)
    tape, primal, _ = forward_(pe.Const(kernel), *annotated)
    derivatives = reverse_(pe.Const(kernel), *annotated, 1.0, tape)[0]
    return primal, args, gradient_slope(annotated, derivatives)


def finite_difference(h):
    def loss(t):
        args = arguments(t)
        return objective(kernel(*args), args)

    return (-loss(2 * h) + 8 * loss(h) - 8 * loss(-h) + loss(-2 * h)) / (12 * h)


def main(modes):
    args = arguments()
    ret = kernel(*args)
    fd = {h: finite_difference(h) for h in (1e-2, 1e-3, 1e-4, 1e-5)}
    print(f"numba: return {ret!r}")
    print("finite differences of L:", ", ".join(f"h={h:g}: {v!r}" for h, v in fd.items()))
    for name in modes:
        print(f"{name}: running", flush=True)
        primal, got, slope = globals()[name]()
        flag = "" if np.isclose(primal, ret, rtol=1e-12, atol=0) else "  <-- Numba returns " + repr(ret)
        print(f"{name}: return {primal!r}{flag}")
        print(f"{name}: dL = {slope!r}, relative difference to the finite difference at h=1e-4: "
              f"{abs(slope - fd[1e-4]) / max(abs(fd[1e-4]), 1e-300):.2e}")
        for (arg, *_), mine, numbas in zip(ARGS, got, args):
            if isinstance(numbas, np.ndarray) and not np.allclose(mine, numbas, rtol=1e-12, atol=0):
                print(f"{name}: final {arg} differs from Numba's:\\n{mine}\\n{numbas}")
'''


def array_text(values):
    return f"np.array({values.tolist()!r})"


def data_text(case: Case) -> str:
    """The ARGS table: per argument its name, value, objective weight, direction and layout."""
    rows = []
    for arg, value, weight, direction in zip(case.args, case.values, case.weights, case.directions):
        if arg.kind == "array":
            lay = arg.layout
            rows.append(
                f"    ({arg.name!r}, {array_text(value)},\n     {array_text(weight)},\n"
                f"     {array_text(direction)},\n"
                f"     ({lay.base_shape(arg.shape)!r}, np.s_[{lay.index}], {lay.order!r})),  # {lay.name}"
            )
        else:
            rows.append(f"    ({arg.name!r}, {value!r}, None, {direction!r}, None),")
    header = "ARGS = [  # name, value, weight of its final contents in L, direction, (base shape, view, order)"
    return "\n".join([header, *rows, "]"])


def listing(case: Case) -> str:
    """Source and inputs of a case, as `python -m tests.fuzz --show SEED` prints them."""
    return f"# fuzz case, seed {case.seed}\n\n{case.source}\n\n{data_text(case)}\n"


def script(case: Case, result: dict) -> str:
    """A standalone reproducer for the findings in `result` (the runner's merged result for the case)."""
    outcomes = result["modes"]
    findings = "\n".join(
        f"{mode}: {o['outcome']}: {o['detail']}"
        for mode, o in outcomes.items()
        if o["outcome"] not in ("ok", "refused", "skipped")
    )
    last = ("crash", "hang")
    order = sorted(outcomes, key=lambda m: outcomes[m]["outcome"] in last)
    comments = "".join(f"# {line}\n" for line in findings.splitlines())
    return (
        f'"""pyenzyme fuzz finding, seed {case.seed} (`python -m tests.fuzz --seeds {case.seed}` reruns it).\n\n'
        "L = return + sum over the arrays of <weight, final contents>; dL is its derivative along the\n"
        f'direction. Run this file to see the numbers.\n"""\n\n{comments}\n'
        "import math\n\nimport numba\nimport numpy as np\n\nimport pyenzyme as pe\n\n\n"
        f"{case.source}\n\n{data_text(case)}\n{HARNESS}\n\n"
        f'if __name__ == "__main__":\n    main({order!r})\n'
    )


def write(case: Case, result: dict, out_dir) -> Path:
    path = Path(out_dir) / f"seed{case.seed}.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(script(case, result))
    return path
