"""The ``pyenzyme`` command: ``pyenzyme bench`` and ``pyenzyme inspect``.

``pyenzyme bench`` verifies and times pyenzyme's derivatives of built-in
kernels against the primal, hand-written Numba derivatives, the C reference
and (when installed) JAX and PyTorch. ``pyenzyme inspect MODULE:FUNCTION``
prints the IR and analyses behind one derivative. ``main(argv)`` returns the
exit status instead of exiting, so it can be called in-process; the console
script and ``python -m pyenzyme.cli`` exit with it.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import traceback

EXIT_CODES = """\
exit status:
  0  every derivative verified (performance targets missed are reported as MISS)
  1  a performance target was missed (only with --fail-on-miss)
  2  usage error: bad option, unknown kernel or size, a missing optional
     dependency that was asked for (--peer jax without JAX, --plot without matplotlib)
  3  a derivative failed verification (wrong derivative): that kernel is FAILED
  4  pyenzyme could not differentiate a kernel (ERROR)
  5  internal error: the benchmark itself crashed (traceback printed)"""

INSPECT_EXIT_CODES = """\
exit status:
  0  all four sections printed
  2  usage error: malformed MODULE:FUNCTION, --args or --activity
  4  inspect failure: the module or function cannot be found or imported, Numba
     cannot compile it for the argument types, or pyenzyme cannot differentiate
     it (the pyenzyme error message is printed, no traceback)"""

ARGS_HELP = """\
argument types (--args): a comma-separated list of f64, f32, i64, i32, bool or
c128, each optionally followed by [:] (1-D array) or [:,:] (2-D array), e.g.
--args "f64[:],f64,i64". Without --args an @njit function's first compiled
signature is used.
activities (--activity): dup, active or const per argument, e.g.
--activity dup,active,const. Default: float arrays dup, float scalars active
(reverse) or dup (forward), everything else const. The return is Active
(reverse) or Duplicated (forward) when it is a float, else Const."""


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so main() can return the status."""

    def error(self, message):
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        raise _Exit(2)

    def exit(self, status=0, message=None):
        if message:
            sys.stderr.write(message)
        raise _Exit(status)


class _Exit(Exception):
    def __init__(self, code: int):
        super().__init__(code)
        self.code = code


def build_parser() -> argparse.ArgumentParser:
    from . import __version__
    from .bench.cases import KERNELS, SIZES

    p = _Parser(prog="pyenzyme", description="pyenzyme: automatic differentiation of Numba-jitted Python.")
    p.add_argument("--version", action="version", version=f"pyenzyme {__version__} (numba {_numba_version()})")
    sub = p.add_subparsers(dest="command", metavar="{bench,inspect}", parser_class=_Parser)

    kernel_list = "\n".join(f"  {k:<12} {desc}" for k, (_, desc) in KERNELS.items())
    b = sub.add_parser(
        "bench",
        help="verify and time derivatives of built-in kernels",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "Verify, then time pyenzyme's forward and reverse derivatives of built-in kernels on\n"
            "deterministic generated inputs, side by side with the primal, hand-written Numba\n"
            "derivatives, the C reference (sumsq, rosenbrock, stencil) and, when installed, JAX\n"
            "and PyTorch. Every derivative is checked against the hand-written one before its\n"
            "time is shown.\n\nPerformance targets (MISS is reported, and fails only with --fail-on-miss):\n"
            "pyenzyme / primal <= 1.3 for the forward directional derivative of sumsq and\n"
            "rosenbrock, <= 2 for the other forward ones, <= 3 for gradients, <= 2 x 15 (forward)\n"
            "and 3 x 3 (reverse) for the bundle-adjustment blocks, <= 2n and 3n for the n x n\n"
            "Lorenz-96 Jacobian; pyenzyme / JAX and pyenzyme / PyTorch < 1.\n\n"
            "After the kernels (when all run): Hessian-vector product / gradient <= 3, full\n"
            "Hessians against jax.hessian < 1, a jitted loop of autodiff_deferred calls / the\n"
            "same loop of primal calls <= 3, and a Newton solver's sensitivity / its solve.\n\n"
            "kernels:\n" + kernel_list
        ),
        epilog=EXIT_CODES,
    )
    b.add_argument(
        "--quick",
        action="store_true",
        help="small sizes and few repeats (under a minute on 2 cores, compile times included)",
    )
    b.add_argument(
        "--size", choices=list(SIZES), default=None, help="problem sizes (default: medium; small with --quick)"
    )
    b.add_argument(
        "--kernel",
        "-k",
        action="append",
        metavar="NAME",
        help="run only this kernel (repeatable, or a comma-separated list; default: all)",
    )
    b.add_argument(
        "--peer",
        action="append",
        metavar="NAME",
        help="compare with these peers only: c, jax, torch (repeatable or comma-separated; 'none' for "
        "none). Default: every peer that is installed. Asking for one that is missing is an error",
    )
    b.add_argument("--json", metavar="FILE", help="also write every number to FILE as JSON")
    b.add_argument("--plot", metavar="FILE.png", help="also draw a bar chart of the ratios (needs matplotlib)")
    b.add_argument("--rtol", type=float, default=1e-9, help="verification tolerance (default 1e-9)")
    b.add_argument("--fail-on-miss", action="store_true", help="exit with status 1 if a performance target is missed")
    b.add_argument(
        "--no-progress", action="store_true", help="no progress bar on stderr (it is off when stderr is not a terminal)"
    )
    b.add_argument("--list", action="store_true", help="list the kernels and sizes, then exit")
    b.add_argument(
        "--no-second-order",
        action="store_true",
        help="leave out the rows after the kernels (Hessians, derivatives inside jitted code); "
        "they run only when every kernel does",
    )
    b.add_argument("-v", "--verbose", action="store_true", help="progress messages on stderr, tracebacks of errors")

    i = sub.add_parser(
        "inspect",
        help="print the IR and analyses behind one derivative",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "Print four sections for one function: the captured primal IR after preprocessing,\n"
            "the type analysis (with the argument hints), the activity analysis, and the\n"
            "generated derivative IR (before O3).\n\n" + ARGS_HELP
        ),
        epilog=INSPECT_EXIT_CODES,
    )
    i.add_argument(
        "target",
        metavar="MODULE:FUNCTION",
        help="a dotted module name or a path to a .py file, a colon, and the function's name",
    )
    i.add_argument("--mode", choices=["reverse", "forward"], default="reverse", help="default: reverse")
    i.add_argument("--args", dest="argspec", metavar="SPEC", help='argument types, e.g. "f64[:],f64,i64"')
    i.add_argument("--activity", metavar="LIST", help="per argument: dup, active or const, e.g. dup,active,const")
    return p


# ---------------------------------------------------------------------- bench
def _split_list(values) -> list[str]:
    out = []
    for v in values or ():
        out += [p.strip() for p in v.split(",") if p.strip()]
    return out


def _usage(msg: str, prog: str = "pyenzyme bench") -> int:
    print(f"{prog}: error: {msg}", file=sys.stderr)
    return 2


def cmd_bench(args) -> int:
    from .bench import runner
    from .bench.cases import KERNELS, PEER_ALIASES, SIZES
    from .bench.peers import PEER_MODULES, installed

    if args.list:
        print("kernels:")
        for k, (_, desc) in KERNELS.items():
            print(f"  {k:<12} {desc}")
        print(
            "sizes (sumsq and rosenbrock: n; stencil, brusselator: (grid, steps); gmm: (d, K, n); "
            "lstm: (layers, h, c); ba: (cameras, points, observations); lorenz96: n):"
        )
        for s, d in SIZES.items():
            print(f"  {s:<8} " + ", ".join(f"{k}={v}" for k, v in d.items()))
        return 0
    names = [n.lower() for n in _split_list(args.kernel)]
    if not names or names == ["all"]:
        kernels = list(KERNELS)
    else:
        unknown = [n for n in names if n not in KERNELS]
        if unknown:
            return _usage(
                f"unknown kernel{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}; "
                f"valid kernels: {', '.join(KERNELS)}"
            )
        kernels = list(dict.fromkeys(names))
    if not (args.rtol > 0):
        return _usage(f"--rtol must be positive, got {args.rtol}")

    from pyenzyme import reference as cref

    explicit = args.peer is not None
    if not explicit:
        peers = runner.default_peers()
    else:
        asked = [p.lower() for p in _split_list(args.peer)]
        if asked == ["all"]:
            peers = runner.default_peers()
        elif asked == ["none"]:
            peers = ()
        else:
            bad = [p for p in asked if p not in PEER_ALIASES]
            if bad:
                return _usage(f"unknown peer {', '.join(map(repr, bad))}; valid peers: c, jax, torch (or all, none)")
            peers = tuple(dict.fromkeys(PEER_ALIASES[p] for p in asked))
            for p in peers:
                if p == "C" and not cref.available():
                    return _usage(
                        "--peer c: the C reference library is not built (pip install -e . builds it with CMake)"
                    )
                if p in PEER_MODULES and not installed(p):
                    return _usage(
                        f"--peer {PEER_MODULES[p]}: {p} is not installed "
                        f"(pip install {PEER_MODULES[p]}), or leave out --peer to skip it"
                    )
    if args.plot and importlib.util.find_spec("matplotlib") is None:
        return _usage(
            "--plot needs matplotlib, which is not installed: pip install matplotlib "
            '(or pip install "pyenzyme-ad[bench]")'
        )
    for opt, path in (("--json", args.json), ("--plot", args.plot)):
        if path:
            parent = os.path.dirname(os.path.abspath(path))
            if not os.path.isdir(parent):
                return _usage(f"{opt} {path}: directory {parent} does not exist")

    cfg = runner.Config.make(args.size, args.quick, args.rtol)
    progress = not args.no_progress and sys.stderr.isatty()
    try:
        return runner.run(
            kernels,
            cfg,
            peers,
            explicit,
            json_path=args.json,
            plot_path=args.plot,
            progress=progress,
            verbose=args.verbose,
            fail_on_miss=args.fail_on_miss,
            traceback_on_error=args.verbose,
            second_order=kernels == list(KERNELS) and not args.no_second_order,
        )
    except KeyboardInterrupt:
        print("pyenzyme bench: interrupted", file=sys.stderr)
        return 130
    except Exception:
        traceback.print_exc()
        print("pyenzyme bench: internal error (the traceback above is a bug; please report it)", file=sys.stderr)
        return runner.EXIT_INTERNAL


# ---------------------------------------------------------------------- inspect
def cmd_inspect(args) -> int:
    from . import inspection as I

    prog = "pyenzyme inspect"
    try:
        argtypes = I.parse_types(args.argspec) if args.argspec is not None else None
        f = I.load_function(args.target)
        if argtypes is None:
            argtypes = I.known_signature(f)
            if argtypes is None:
                return _usage(
                    f"--args is needed: {args.target} has no compiled signature to take the argument "
                    'types from (e.g. --args "f64[:],f64")',
                    prog,
                )
        if args.activity is not None:
            acts = I.parse_activities(args.activity, argtypes, args.mode)
        else:
            acts = I.default_activities(argtypes, args.mode)
        I.inspect(f, argtypes, acts, args.mode, emit=print)
    except I.UsageError as exc:
        return _usage(str(exc), prog)
    except I.InspectError as exc:
        sys.stdout.flush()
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return 4
    return 0


def _numba_version() -> str:
    import numba

    return numba.__version__


def main(argv: list[str] | None = None) -> int:
    """Run the ``pyenzyme`` command line with `argv` (default: sys.argv[1:]); return the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except _Exit as e:
        return e.code
    if args.command == "bench":
        return cmd_bench(args)
    if args.command == "inspect":
        return cmd_inspect(args)
    parser.print_help(sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
