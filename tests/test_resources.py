"""Memory and threads: repeated calls leak nothing; threads share thunks and compile a derivative once."""

import ctypes
import gc
import threading
from concurrent.futures import ThreadPoolExecutor

import numba
import numpy as np
import pytest
from numba.core.runtime import _nrt_python, rtsys

import pyenzyme as pe
import pyenzyme.reverse
from tests import kernels as K

CALLS = 20_000


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096


class _MallInfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena",
            "ordblks",
            "smblks",
            "hblks",
            "hblkhd",
            "usmblks",
            "fsmblks",
            "uordblks",
            "fordblks",
            "keepcost",
        )
    ]


def _mallinfo2():
    try:
        f = ctypes.CDLL(None).mallinfo2  # glibc 2.33+
    except AttributeError:
        return None
    f.restype = _MallInfo2
    return f


_MALLINFO2 = _mallinfo2()


def heap_in_use() -> int | None:
    """Bytes the C heap has handed out and not taken back (glibc), or None elsewhere. Unlike RSS it
    shows a leak even while malloc still reuses memory freed earlier in the process."""
    if _MALLINFO2 is None:
        return None
    info = _MALLINFO2()
    return info.uordblks + info.hblkhd


def nrt_outstanding() -> int:
    s = rtsys.get_allocation_stats()
    return (s.alloc - s.free) + (s.mi_alloc - s.mi_free)


@pytest.fixture(scope="module")
def nrt_stats():
    _nrt_python.memsys_enable_stats()
    yield
    _nrt_python.memsys_disable_stats()


def _split_thunks(x):
    return pe.autodiff_thunk(
        pe.ReverseSplitWithPrimal, pe.Const[pe.typeof(K.with_temporary)], pe.Active, pe.Duplicated[numba.typeof(x)]
    )


def _calls(kind, x, dx):
    """A function making one call of the given kind (temporaries inside: NRT allocations every call)."""
    if kind == "forward":
        return lambda: pe.autodiff(pe.Forward, K.with_temporary, pe.Duplicated, pe.Duplicated(x, dx))
    if kind == "reverse":
        return lambda: pe.autodiff(pe.Reverse, K.with_temporary, pe.Active, pe.Duplicated(x, dx))
    fwd, rev = _split_thunks(x)
    f = pe.Const(K.with_temporary)
    if kind == "split":

        def both():
            args = pe.Duplicated(x, dx)
            tape, _, _ = fwd(f, args)
            return rev(f, args, 1.0, tape)

        return both
    return lambda: fwd(f, pe.Duplicated(x, dx))  # the tape is dropped unconsumed: garbage collection frees it


@pytest.mark.parametrize("kind", ["forward", "reverse", "split", "split-tape-dropped"])
def test_repeated_calls_leak_nothing(nrt_stats, kind):
    x = np.linspace(0.1, 1.0, 64)
    dx = np.zeros_like(x)
    call = _calls(kind, x, dx)
    for _ in range(2000):  # warm up: compile, fill caches, reach the steady-state tape buffer
        call()
    gc.collect()
    nrt0, rss0, heap0 = nrt_outstanding(), rss_bytes(), heap_in_use()
    for _ in range(CALLS):
        call()
    gc.collect()
    assert nrt_outstanding() == nrt0
    if heap0 is not None:  # 64 KiB over 20,000 calls: a leak of 4 bytes per call would show
        grown = heap_in_use() - heap0
        assert grown < 64 * 1024, f"{kind}: the C heap grew by {grown} bytes ({grown / CALLS:.1f} per call)"
    # 2 MiB over 20,000 calls: a leak of 100 bytes per call would show
    assert rss_bytes() - rss0 < 2 * 1024 * 1024


def test_one_thunk_from_eight_threads():
    fwd, rev = _split_thunks(np.zeros(32))
    f = pe.Const(K.with_temporary)
    inputs = [np.linspace(-1.0, 1.0, 32) * (1 + 0.1 * k) for k in range(8)]

    def gradient(x):
        out = None
        for _ in range(200):
            dx = np.zeros_like(x)
            tape, primal, _ = fwd(f, pe.Duplicated(x.copy(), dx))
            rev(f, pe.Duplicated(x.copy(), dx), 1.0, tape)
            out = (primal, dx)
        return out

    expected = [gradient(x) for x in inputs]
    with ThreadPoolExecutor(8) as pool:
        got = list(pool.map(gradient, inputs))
    for (p1, g1), (p2, g2) in zip(expected, got):
        assert p1 == p2
        np.testing.assert_array_equal(g1, g2)


def test_first_calls_from_four_threads_compile_once(monkeypatch):
    @numba.njit
    def fresh(x):
        s = 0.0
        for i in range(x.shape[0]):
            s += np.sin(x[i]) * x[i]
        return s

    builds = []
    real = pyenzyme.reverse.build_reverse

    def counting(*args, **kwargs):
        builds.append(threading.get_ident())
        return real(*args, **kwargs)

    monkeypatch.setattr(pyenzyme.reverse, "build_reverse", counting)
    x = np.linspace(0.0, 1.0, 10)
    start = threading.Barrier(4)

    def first_call(_):
        dx = np.zeros_like(x)
        start.wait()
        pe.autodiff(pe.Reverse, fresh, pe.Active, pe.Duplicated(x, dx))
        return dx

    with ThreadPoolExecutor(4) as pool:
        grads = list(pool.map(first_call, range(4)))
    assert len(builds) == 1
    for g in grads:
        np.testing.assert_allclose(g, np.sin(x) + x * np.cos(x), rtol=1e-14, atol=1e-15)
