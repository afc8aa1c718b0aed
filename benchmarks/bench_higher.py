"""Second derivatives and derivatives inside jitted code, on their own (`pyenzyme bench` runs them too).

Run: python -m benchmarks.bench_higher [--quick] [--json FILE] [--fail-on-miss]

The rows and their targets are described in pyenzyme/bench/second_order.py.
"""

from __future__ import annotations

import argparse
import json
import sys

from pyenzyme.bench import second_order


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="fewer repeats, smaller Rosenbrock")
    ap.add_argument("--json", metavar="FILE", help="write the numbers as JSON")
    ap.add_argument("--fail-on-miss", action="store_true", help="exit 1 if a target is missed")
    args = ap.parse_args(argv)
    try:
        rows = second_order.measure(args.quick)
    except second_order.WrongDerivative as exc:
        print(f"FAIL: {exc}", file=sys.stderr)
        return 2
    text, missed = second_order.render(rows)
    print(text)
    if args.json:
        with open(args.json, "w") as fh:
            json.dump({name: r.as_dict() | {"target": label} for name, r, _, label in rows}, fh, indent=2)
    return 1 if (missed and args.fail_on_miss) else 0


if __name__ == "__main__":
    sys.exit(main())
