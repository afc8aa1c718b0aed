"""The `pyenzyme` command line: `bench` end to end in --quick mode, `inspect`, exit codes, and the
hand-written derivatives of the benchmark kernels against central finite differences."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import numba
import numpy as np
import pytest

import pyenzyme as pe
from pyenzyme.bench import cases as C
from pyenzyme.bench import kernels as K
from pyenzyme.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = Path(__file__).resolve().parent / "inspect_sample.py"
SECTIONS = (
    "=== 1. primal IR after preprocessing",
    "=== 2. type analysis",
    "=== 3. activity analysis",
    "=== 4. derivative IR",
)


# ---------------------------------------------------------------------- bench end to end
@pytest.fixture(scope="module")
def quick_run(tmp_path_factory):
    """One in-process `pyenzyme bench --quick` over every kernel (small sizes), with --json."""
    out = tmp_path_factory.mktemp("bench") / "bench.json"
    code = main(["bench", "--quick", "--no-progress", "--json", str(out)])
    return code, json.loads(out.read_text())


def test_bench_quick_exit_status(quick_run):
    code, doc = quick_run
    assert code == 0, json.dumps([k["modes"] for k in doc["kernels"] if k["status"] in ("FAILED", "ERROR")])[:4000]
    assert doc["quick"] is True and doc["size"] == "small"


def test_bench_json_has_a_verified_ratio_for_every_kernel_and_mode(quick_run):
    _, doc = quick_run
    names = [k["name"] for k in doc["kernels"]]
    assert names == list(C.KERNELS)
    for k in doc["kernels"]:
        assert set(k["modes"]) == {"forward", "reverse"}, k["name"]
        assert k["hand_vs_finite_differences"] <= 1e-5, k["name"]
        for mode, m in k["modes"].items():
            where = f"{k['name']} {mode}"
            assert isinstance(m["ratio"], float) and m["ratio"] > 0, where
            assert m["ratios"]["pyenzyme/primal"] == m["ratio"], where
            assert m["verified"] is True, where
            assert m["status"] in ("PASS", "MISS"), where
            assert m["compile_s"] is not None and m["compile_s"] > 0, where
            timed = {label: impl for label, impl in m["implementations"].items() if impl["ns_per_call"] is not None}
            assert "pyenzyme" in timed, where
            for label, impl in timed.items():
                assert impl["verified"] is True, f"{where}: {label}"
                assert impl["max_rel_err"] <= 1e-9, f"{where}: {label}"
            if mode == "reverse":
                assert isinstance(m["tape_bytes"], int), where
                assert "hand-written" in timed, where


def test_bench_json_compares_with_the_c_reference_where_it_exists(quick_run):
    _, doc = quick_run
    from pyenzyme import reference as cref

    if not cref.available():
        pytest.skip("C reference library not built")
    for k in doc["kernels"]:
        impls = k["modes"]["reverse"]["implementations"]
        assert ("C" in impls) == (k["name"] in ("sumsq", "rosenbrock", "stencil")), k["name"]
        if "C" in impls:
            assert impls["C"]["verified"] is True
            assert "pyenzyme/C" in k["modes"]["reverse"]["ratios"]


def test_bench_via_python_m_subprocess(tmp_path):
    """`python -m pyenzyme.cli` (what the `pyenzyme` script runs) prints the table and exits 0."""
    out = tmp_path / "sumsq.json"
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "pyenzyme.cli",
            "bench",
            "--quick",
            "--kernel",
            "sumsq",
            "--peer",
            "none",
            "--json",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        env=env,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert "sumsq" in r.stdout and "forward" in r.stdout and "reverse" in r.stdout
    assert "\r" not in r.stderr  # no progress bar when stderr is not a terminal
    doc = json.loads(out.read_text())
    assert [k["name"] for k in doc["kernels"]] == ["sumsq"]
    assert doc["kernels"][0]["modes"]["reverse"]["implementations"].keys() == {"pyenzyme", "hand-written"}


def test_bench_help_lists_exit_codes(capsys):
    assert main(["bench", "--help"]) == 0
    text = capsys.readouterr().out
    for code in ("0 ", "1 ", "2 ", "3 ", "4 "):
        assert f"\n  {code}" in text
    assert "--fail-on-miss" in text and "lorenz96" in text


# ---------------------------------------------------------------------- bench errors
def test_unknown_kernel_is_a_usage_error(capsys):
    assert main(["bench", "--quick", "--kernel", "sumsq,nosuch"]) == 2
    err = capsys.readouterr().err
    assert "nosuch" in err
    for name in C.KERNELS:
        assert name in err


def test_bad_size_is_a_usage_error(capsys):
    assert main(["bench", "--size", "huge"]) == 2
    assert "huge" in capsys.readouterr().err


def test_missing_requested_peer_is_a_usage_error(monkeypatch, capsys):
    from pyenzyme.bench import peers

    monkeypatch.setattr(peers, "installed", lambda label: False)
    assert main(["bench", "--quick", "--kernel", "sumsq", "--peer", "jax"]) == 2
    assert "JAX is not installed" in capsys.readouterr().err
    assert main(["bench", "--quick", "--kernel", "sumsq", "--peer", "fortran"]) == 2


def test_plot_without_matplotlib_is_a_usage_error(monkeypatch, capsys):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "matplotlib" else real(name, *a))
    assert main(["bench", "--quick", "--kernel", "sumsq", "--plot", "out.png"]) == 2
    assert "matplotlib" in capsys.readouterr().err


def test_wrong_derivative_fails_the_kernel(monkeypatch, tmp_path, capsys):
    """A derivative that disagrees with the others: the kernel is FAILED, its times are not shown, exit 3."""

    @numba.njit
    def wrong_adjoint(x, dx):
        for i in range(x.shape[0]):
            dx[i] += 2.0 * x[i] * (1.0 + 1e-6)

    monkeypatch.setattr(K, "sumsq_adjoint", wrong_adjoint)
    out = tmp_path / "wrong.json"
    code = main(["bench", "--quick", "--kernel", "sumsq", "--peer", "none", "--no-progress", "--json", str(out)])
    assert code == 3
    text = capsys.readouterr()
    assert "FAILED" in text.out and "FAILED" in text.err
    m = json.loads(out.read_text())["kernels"][0]["modes"]["reverse"]
    assert m["status"] == "FAILED" and m["verified"] is False


def test_undifferentiable_kernel_is_an_error(monkeypatch, capsys):
    def refuse(*args, **kwargs):
        raise pe.NotDifferentiableError("no rule for this kernel")

    monkeypatch.setattr(pe, "autodiff", refuse)
    code = main(["bench", "--quick", "--kernel", "sumsq", "--peer", "none", "--no-progress"])
    assert code == 4
    assert "cannot differentiate sumsq" in capsys.readouterr().err


# ---------------------------------------------------------------------- inspect
@pytest.mark.parametrize(
    "target,argv",
    [
        (f"{SAMPLE}:scale_sum", ["--args", "f64[:],f64,i64"]),
        ("tests.inspect_sample:weighted_norm", ["--args", "f64[:],f64[:]", "--activity", "dup,const"]),
        (f"{SAMPLE}:compiled_sumsq", []),  # types from the @njit("float64(float64[:])") signature
    ],
)
@pytest.mark.parametrize("mode", ["reverse", "forward"])
def test_inspect_prints_the_four_sections(target, argv, mode, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert main(["inspect", target, "--mode", mode, *argv]) == 0
    out = capsys.readouterr().out
    positions = [out.find(s) for s in SECTIONS]
    assert all(p >= 0 for p in positions) and positions == sorted(positions), out[:2000]
    types_part = out[positions[1] : positions[2]]
    activity_part = out[positions[2] : positions[3]]
    derivative_part = out[positions[3] :]
    assert "argument hints" in types_part and "Float@double" in types_part
    assert ": active" in activity_part and ": constant" in activity_part
    name = "pyenzyme.rev.inspect" if mode == "reverse" else "pyenzyme.fwd.inspect"
    assert f'define i32 @"{name}"' in derivative_part
    assert "shadow0" in derivative_part


def test_inspect_activities(capsys):
    assert main(["inspect", f"{SAMPLE}:scale_sum", "--args", "f64[:],f64,i64"]) == 0
    out = capsys.readouterr().out
    assert "array(float64, 1d, C): dup, float64: active, int64: const" in out
    assert "%arg.a: active" in out and "%arg.n: constant" in out
    assert main(["inspect", f"{SAMPLE}:scale_sum", "--args", "f64[:],f64,i64", "--activity", "dup,const,const"]) == 0
    assert "%arg.a: constant" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv,code,message",
    [
        (["nosuch_module_xyz:f", "--args", "f64"], 4, "cannot import module 'nosuch_module_xyz'"),
        ([f"{SAMPLE}:no_such_function", "--args", "f64"], 4, "has no function 'no_such_function'"),
        (["tests/no_such_file.py:f", "--args", "f64"], 4, "no such file"),
        ([f"{SAMPLE}:NOT_A_FUNCTION", "--args", "f64"], 4, "not a function"),
        ([f"{SAMPLE}:complex_eig_of", "--args", "f64[:,:]"], 4, "numba_ez_cgeev"),
        ([f"{SAMPLE}:complex_eig_of", "--args", "f64[:,:]", "--mode", "forward"], 4, "numba_ez_cgeev"),
        ([f"{SAMPLE}:scale_sum", "--args", "f64[:],str"], 2, "--args"),
        ([f"{SAMPLE}:scale_sum", "--args", "f64[:],f64,i64", "--activity", "dup,active"], 2, "--activity"),
        ([f"{SAMPLE}:scale_sum", "--args", "f64[:],f64,i64", "--activity", "active,active,const"], 2, "scalars"),
        ([f"{SAMPLE}:scale_sum"], 2, "--args is needed"),
        (["no_colon_here", "--args", "f64"], 2, "MODULE:FUNCTION"),
    ],
)
def test_inspect_errors(argv, code, message, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert main(["inspect", *argv]) == code
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_inspect_undifferentiable_still_prints_the_analyses(capsys):
    assert main(["inspect", f"{SAMPLE}:complex_eig_of", "--args", "f64[:,:]"]) == 4
    out = capsys.readouterr().out
    assert all(s in out for s in SECTIONS[:3]) and SECTIONS[3] not in out


# ---------------------------------------------------------------------- hand-written derivatives vs finite differences
def directional_fd(f, args, wrt, dirs, h=1e-6):
    def at(t):
        a = list(args)
        for i, v in zip(wrt, dirs):
            a[i] = args[i] + t * v
        return f(*a)

    return (at(h) - at(-h)) / (2 * h)


SCALAR_KERNELS = {
    "sumsq": (K.sumsq, K.sumsq_adjoint, lambda r: (r.uniform(-1.5, 1.5, 13),), (0,)),
    "rosenbrock": (K.rosenbrock, K.rosenbrock_adjoint, lambda r: (r.uniform(-1.5, 1.5, 13),), (0,)),
    "stencil": (K.stencil_loss, K.stencil_loss_adjoint, lambda r: (r.standard_normal((6, 7)), 0.1, 3), (0,)),
    "gmm": (K.gmm_objective, K.gmm_adjoint, lambda r: K.gmm_inputs(3, 4, 9, seed=5), (0, 1, 2)),
    "lstm": (K.lstm_objective, K.lstm_adjoint, lambda r: K.lstm_inputs(2, 4, 6, seed=5), (0, 1)),
    "mlp": (K.mlp_loss, K.mlp_adjoint, lambda r: K.mlp_inputs(8, 6, 5, 4, seed=5), (2, 3, 4, 5)),
    "gp": (K.gp_nll, K.gp_nll_adjoint, lambda r: K.gp_inputs(9, seed=5), (0, 2)),
    "brusselator": (
        K.brusselator_loss,
        K.brusselator_adjoint,
        lambda r: (
            r.uniform(0.5, 3.0, (5, 5)),
            r.uniform(0.5, 3.0, (5, 5)),
            np.where(r.uniform(size=(5, 5)) < 0.3, 5.0, 0.0),
            2.0,
            0.01,
            6,
        ),
        (0, 1),
    ),
}


@pytest.mark.parametrize("name", list(SCALAR_KERNELS))
def test_hand_written_adjoint_matches_finite_differences(name):
    f, adjoint, make, wrt = SCALAR_KERNELS[name]
    rng = np.random.default_rng(11)
    args = make(rng)
    for trial in range(3):
        dirs = [rng.standard_normal(np.shape(args[i])) for i in wrt]
        shadows = [np.zeros_like(args[i]) for i in wrt]
        adjoint(*args, *shadows)
        want = sum(float(np.vdot(s, v)) for s, v in zip(shadows, dirs))
        fd = directional_fd(f, args, wrt, dirs)
        assert fd == pytest.approx(want, rel=1e-6, abs=1e-8), (name, trial)
    # the adjoint adds into its shadows and leaves the inputs alone
    before = [np.array(a, copy=True) if isinstance(a, np.ndarray) else a for a in args]
    s1 = [np.zeros_like(args[i]) for i in wrt]
    adjoint(*args, *s1)
    s2 = [np.array(s, copy=True) for s in s1]
    adjoint(*args, *s2)
    for a, b in zip(s1, s2):
        np.testing.assert_allclose(b, 2 * a, rtol=1e-14, atol=0)
    for a, b in zip(args, before):
        if isinstance(a, np.ndarray):
            np.testing.assert_array_equal(a, b)


def test_brusselator_is_stable_and_its_adjoint_matches_at_benchmark_size():
    u0, v0, forcing, alpha, dt = K.brusselator_inputs(16)
    val = K.brusselator_loss(u0, v0, forcing, alpha, dt, 10)
    assert math.isfinite(val) and val > 0
    rng = np.random.default_rng(3)
    dirs = [rng.standard_normal(u0.shape), rng.standard_normal(v0.shape)]
    sh = [np.zeros_like(u0), np.zeros_like(v0)]
    K.brusselator_adjoint(u0, v0, forcing, alpha, dt, 10, *sh)
    want = sum(float(np.vdot(s, v)) for s, v in zip(sh, dirs))
    fd = directional_fd(K.brusselator_loss, (u0, v0, forcing, alpha, dt, 10), (0, 1), dirs)
    assert fd == pytest.approx(want, rel=1e-7)


def _ba_fd_blocks(cams, X, w, feats, obs, h=1e-6):
    p = obs.shape[0]
    P = np.empty((p, K.BA_BLOCK_COLS))
    K.ba_gather(cams, X, w, obs, P)
    J = np.empty((p, 3, K.BA_BLOCK_COLS))
    for c in range(K.BA_BLOCK_COLS):
        ep, em = np.empty((p, 3)), np.empty((p, 3))
        Pp, Pm = P.copy(), P.copy()
        Pp[:, c] += h
        Pm[:, c] -= h
        K.ba_objective_gathered(Pp, feats, ep)
        K.ba_objective_gathered(Pm, feats, em)
        J[:, :, c] = (ep - em) / (2 * h)
    return J


@pytest.mark.parametrize("zero_rotation", [False, True])
def test_ba_hand_jacobian_matches_finite_differences(zero_rotation):
    cams, X, w, feats, obs = K.ba_inputs(3, 7, 11, seed=2)
    if zero_rotation:
        cams[:, 0:3] = 0.0  # the small-angle branch of the Rodrigues rotation
    p = obs.shape[0]
    J = np.empty((p, 3, K.BA_BLOCK_COLS))
    K.ba_jacobian_hand(cams, X, w, feats, obs, J)
    np.testing.assert_allclose(J, _ba_fd_blocks(cams, X, w, feats, obs), rtol=1e-6, atol=1e-8)
    # the gathered form computes the same residuals as ADBench's indexed one
    re, we, err = np.empty((p, 2)), np.empty(p), np.empty((p, 3))
    K.ba_objective(cams, X, w, feats, obs, re, we)
    P = np.empty((p, K.BA_BLOCK_COLS))
    K.ba_gather(cams, X, w, obs, P)
    K.ba_objective_gathered(P, feats, err)
    np.testing.assert_array_equal(err[:, :2], re)
    np.testing.assert_array_equal(err[:, 2], we)


def test_ba_compressed_forward_seeds_give_the_blocks():
    """The 15-lane batch forward call of the benchmark, on a small problem, equals the hand-written blocks."""
    cams, X, w, feats, obs = K.ba_inputs(2, 5, 9, seed=4)
    p = obs.shape[0]
    cs, ps, ws = K.ba_seeds(cams, X, w)
    dre = tuple(np.zeros((p, 2)) for _ in range(15))
    dwe = tuple(np.zeros(p) for _ in range(15))
    pe.autodiff(
        pe.Forward,
        K.ba_objective,
        pe.Const,
        pe.BatchDuplicated(cams, cs),
        pe.BatchDuplicated(X, ps),
        pe.BatchDuplicated(w, ws),
        pe.Const(feats),
        pe.Const(obs),
        pe.BatchDuplicated(np.empty((p, 2)), dre),
        pe.BatchDuplicated(np.empty(p), dwe),
    )
    J = np.empty((p, 3, 15))
    K.ba_jacobian_hand(cams, X, w, feats, obs, J)
    for k in range(15):
        np.testing.assert_allclose(dre[k], J[:, :2, k], rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(dwe[k], J[:, 2, k], rtol=1e-12, atol=1e-14)


def test_lorenz96_hand_jacobian_matches_finite_differences():
    n = 40
    x = K.lorenz96_inputs(n, seed=1)
    J = np.empty((n, n))
    K.lorenz96_jacobian_hand(x, J)
    Jfd = np.empty((n, n))
    h = 1e-6
    for c in range(n):
        e = np.zeros(n)
        e[c] = h
        Jfd[:, c] = (K.lorenz96_rk4(x + e) - K.lorenz96_rk4(x - e)) / (2 * h)
    np.testing.assert_allclose(J, Jfd, rtol=1e-6, atol=1e-8)
    # the adjoint adds J^T yb into xb
    yb = np.random.default_rng(2).standard_normal(n)
    xb = np.ones(n)
    K.lorenz96_rk4_adjoint(x, yb, xb)
    np.testing.assert_allclose(xb, 1.0 + J.T @ yb, rtol=1e-13)


def test_benchmarks_package_reexports_the_one_implementation():
    from benchmarks import kernels as old_kernels
    from benchmarks import timing as old_timing
    from pyenzyme.bench import timing

    assert old_kernels.gmm_adjoint is K.gmm_adjoint and old_kernels.stencil_loss is K.stencil_loss
    assert old_timing.compare_many is timing.compare_many
