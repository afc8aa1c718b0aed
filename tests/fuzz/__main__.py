"""Command line of the fuzzer: ``python -m tests.fuzz --n 20000 [--seed S] [--jobs 2] [--timeout 60] [--out DIR]``.

``--seeds 17,230`` reruns particular kernels, ``--show SEED`` prints one kernel's source and inputs.
The exit status is 1 when any kernel has a finding (wrong, error, crash or hang).
"""

import argparse
import sys

from tests.fuzz import reproduce, runner
from tests.fuzz.generate import generate


def parse(argv):
    p = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=100, help="number of kernels (default 100)")
    p.add_argument("--seed", type=int, default=0, help="first seed (default 0)")
    p.add_argument("--seeds", help="comma-separated seeds to run instead of --n/--seed")
    p.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    p.add_argument(
        "--timeout",
        type=float,
        default=60.0,
        help="seconds one step (Numba's reference, a mode) may take before it is a hang (default 60)",
    )
    p.add_argument("--out", default="fuzz-findings", help="directory for reproducers (default fuzz-findings)")
    p.add_argument("--progress", type=int, default=50, help="print progress every this many kernels")
    p.add_argument("--minutes", type=float, help="start no new kernel after this many minutes")
    p.add_argument("--show", type=int, metavar="SEED", help="print a kernel's source and inputs and exit")
    return p.parse_args(argv)


def main(argv=None):
    args = parse(argv)
    if args.show is not None:
        print(reproduce.listing(generate(args.show)))
        return 0
    seeds = [int(s) for s in args.seeds.split(",")] if args.seeds else range(args.seed, args.seed + args.n)
    summary = runner.run(
        seeds, jobs=args.jobs, timeout=args.timeout, out_dir=args.out, progress=args.progress, minutes=args.minutes
    )
    print(summary.report())
    return 1 if summary.findings() else 0


if __name__ == "__main__":
    sys.exit(main())
