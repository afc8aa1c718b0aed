"""A fixed slice of the random-kernel fuzzer (tests/fuzz): no wrong derivative, error, crash or hang.

The kernels are checked in worker subprocesses by the fuzzer's own runner, so a segfault fails this test
with the kernel's source in the message instead of killing pytest. The long run is
`python -m tests.fuzz --n 20000`.
"""

import io

import numpy as np

import pyenzyme as pe
from tests.fuzz import check, runner
from tests.fuzz.generate import generate

SEEDS = range(32)  # about two minutes with two workers on two cores (measured)


def test_generator_is_deterministic_and_writes_python():
    first, again = generate(123), generate(123)
    assert (first.source, first.args) == (again.source, again.args)
    assert all(
        np.array_equal(a, b)
        for a, b in zip(first.values + first.weights, again.values + again.weights)
        if a is not None
    )
    for seed in range(300):
        compile(generate(seed).source, f"<seed {seed}>", "exec")


def test_fuzz_slice(tmp_path):
    log = io.StringIO()
    summary = runner.run(SEEDS, jobs=2, timeout=120, out_dir=tmp_path, stream=log)
    invalid = {seed: r["detail"] for seed, r in summary.results.items() if r["status"] == "invalid"}
    assert not invalid, f"generator bug, Numba rejects these kernels: {invalid}"
    findings = {}
    for seed, mode, outcome, detail in summary.findings():
        findings.setdefault(seed, []).append(f"  {mode} {outcome}: {detail}")
    report = [
        f"seed {seed} (reproducer {summary.reproducers[seed]}):\n" + "\n".join(lines) + "\n" + generate(seed).source
        for seed, lines in findings.items()
    ]
    assert not report, "\n".join(report) + "\n" + summary.report()


def test_judge_blames_the_mode_that_disagrees():
    case = generate(0)
    finals = [v.copy() if isinstance(v, np.ndarray) else v for v in case.arguments()]
    numba_run = check.Run(1.0, finals)

    def run(slope):
        return check.Run(1.0, finals, slope, abs(slope), [None] * len(case.args))

    verdicts = check.judge(case, numba_run, 2.0, {"forward": run(2.0), "reverse": run(2.0 + 1e-7)})
    assert [v[0] for v in verdicts.values()] == ["ok", "wrong"]
    verdicts = check.judge(case, numba_run, None, {"forward": run(2.0), "reverse": run(2.0 + 1e-7)})
    assert [v[0] for v in verdicts.values()] == ["wrong", "wrong"]
    wrong_primal = check.Run(1.5, finals, 2.0, 2.0)
    assert check.judge(case, numba_run, 2.0, {"forward": wrong_primal})["forward"] == ("wrong", "primal 1.5, Numba 1.0")


def test_classify_tells_refusals_from_errors():
    assert check.classify(pe.NotDifferentiableError("cannot differentiate a call"))[0] == "refused"
    assert check.classify(pe.EnzymeError("internal failure"))[0] == "error"
    assert check.classify(RuntimeError("symbol multiply defined"))[0] == "error"
