"""C reference kernels for checking pyenzyme's generated derivatives.

This module loads ``libpyenzyme_reference.so``, a small shared library built
with CMake from ``csrc/reference.c``, through cffi in ABI mode (no compiler is
needed at import time).  The library provides double-precision primal
kernels together with *hand-written* reverse-mode adjoints, which serve as
ground truth for values, gradients and timings:

* ``sumsq``        f = sum_i x_i^2
* ``rosenbrock``   f = sum_{i<n-1} 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2
* ``stencil_loss`` L = sum (S^steps u)^2, S one explicit 2-D heat step on the interior

The library is looked up, in order, at

1. the path in the ``PYENZYME_REFERENCE_LIB`` environment variable, if set;
2. ``pyenzyme/_native/`` next to this module (placed there by ``pip install .``
   or ``pip install -e .``);
3. ``build/`` at the top of a source checkout (``cmake -S . -B build && cmake --build build``).

Use :func:`available` to test whether it could be loaded; every kernel wrapper
raises :class:`RuntimeError` when it could not.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import numpy as np

__all__ = [
    "available",
    "ffi",
    "lib",
    "library_path",
    "rosenbrock",
    "rosenbrock_grad",
    "stencil_loss",
    "stencil_loss_grad",
    "sumsq",
    "sumsq_grad",
]

_CDEF = """
double sumsq(const double *x, long n);
void sumsq_grad(const double *x, long n, double *dx);
double rosenbrock(const double *x, long n);
void rosenbrock_grad(const double *x, long n, double *dx);
void stencil_step(double *u, const double *tmp_unused, long nx, long ny, double c, long steps);
double stencil_loss(double *u, long nx, long ny, double c, long steps);
void stencil_loss_grad(const double *u0, long nx, long ny, double c, long steps, double *du0);
"""

if sys.platform == "win32":
    _LIB_NAMES = ("pyenzyme_reference.dll", "libpyenzyme_reference.dll")
else:
    _LIB_NAMES = ("libpyenzyme_reference.so", "libpyenzyme_reference.dylib")

_HERE = Path(__file__).resolve().parent

_ffi: Any = None
_lib: Any = None
_lib_path: Path | None = None
_load_error: str | None = None


def ffi() -> Any:
    """The cffi `FFI` the library is loaded with (for `ffi.from_buffer` in jitted code)."""
    if _load() is None:
        raise RuntimeError(f"the C reference library could not be loaded: {_load_error}")
    return _ffi


def lib() -> Any:
    """The loaded library (its functions can be called from jitted code, e.g. `lib().rosenbrock`)."""
    if _load() is None:
        raise RuntimeError(f"the C reference library could not be loaded: {_load_error}")
    return _lib


def _candidates() -> list[Path]:
    paths: list[Path] = []
    env = os.environ.get("PYENZYME_REFERENCE_LIB")
    if env:
        paths.append(Path(env))
    for directory in (_HERE / "_native", _HERE.parent / "build"):
        paths.extend(directory / name for name in _LIB_NAMES)
    return paths


def _load() -> Any:
    """Load the shared library once; return the cffi lib object or None."""
    global _ffi, _lib, _lib_path, _load_error
    if _lib is not None or _load_error is not None:
        return _lib
    try:
        import cffi
    except ImportError as exc:  # pragma: no cover - cffi is a hard dependency
        _load_error = f"cffi is not installed ({exc})"
        return None
    ffi = cffi.FFI()
    ffi.cdef(_CDEF)
    tried = []
    for path in _candidates():
        if not path.is_file():
            tried.append(f"{path} (missing)")
            continue
        try:
            lib = ffi.dlopen(str(path))
        except OSError as exc:
            tried.append(f"{path} ({exc})")
            continue
        _ffi, _lib, _lib_path = ffi, lib, path
        return _lib
    _load_error = "; ".join(tried)
    return None


def available() -> bool:
    """True if the C reference library could be loaded."""
    return _load() is not None


def library_path() -> Path | None:
    """Path of the loaded shared library, or None if it is not available."""
    _load()
    return _lib_path


def _require() -> Any:
    lib = _load()
    if lib is None:
        raise RuntimeError(
            "C reference kernels not built: run pip install . (or pip install -e .) from the "
            "pyenzyme source tree, or build them with `cmake -S . -B build && cmake --build build`, "
            "or point PYENZYME_REFERENCE_LIB at libpyenzyme_reference.so. "
            f"Looked for: {_load_error}"
        )
    return lib


def _as_f64(x: Any, ndim: int | None = None, copy: bool = False) -> np.ndarray:
    arr = np.array(x, dtype=np.float64, order="C", copy=True) if copy else np.ascontiguousarray(x, dtype=np.float64)
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"expected a {ndim}-D array, got shape {arr.shape}")
    return arr


def _ptr(arr: np.ndarray) -> Any:
    """``double *`` view of a C-contiguous float64 array (kept alive by the caller)."""
    return _ffi.cast("double *", arr.ctypes.data)


def sumsq(x: Any) -> float:
    """sum_i x_i^2 (C reference)."""
    lib = _require()
    a = _as_f64(x).ravel()
    return float(lib.sumsq(_ptr(a), a.size))


def sumsq_grad(x: Any) -> np.ndarray:
    """Gradient 2 x of :func:`sumsq`, as a new array of x's shape (hand-written C adjoint)."""
    lib = _require()
    a = _as_f64(x)
    out = np.empty_like(a)
    lib.sumsq_grad(_ptr(a), a.size, _ptr(out))
    return out


def rosenbrock(x: Any) -> float:
    """sum_{i=0}^{n-2} 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2 for a 1-D x (C reference)."""
    lib = _require()
    a = _as_f64(x, ndim=1)
    return float(lib.rosenbrock(_ptr(a), a.size))


def rosenbrock_grad(x: Any) -> np.ndarray:
    """Gradient of :func:`rosenbrock` as a new array (hand-written C adjoint)."""
    lib = _require()
    a = _as_f64(x, ndim=1)
    out = np.empty_like(a)
    lib.rosenbrock_grad(_ptr(a), a.size, _ptr(out))
    return out


def stencil_loss(u: Any, c: float, steps: int) -> float:
    """sum((S^steps u)^2) for a 2-D grid u, S one explicit heat step on the interior.

    Unlike the C function, ``u`` is not modified: the kernel runs on a copy.
    """
    lib = _require()
    a = _as_f64(u, ndim=2, copy=True)
    nx, ny = a.shape
    return float(lib.stencil_loss(_ptr(a), nx, ny, float(c), int(steps)))


def stencil_loss_grad(u: Any, c: float, steps: int) -> np.ndarray:
    """Gradient of :func:`stencil_loss` with respect to the initial grid u, as a new array."""
    lib = _require()
    a = _as_f64(u, ndim=2)
    nx, ny = a.shape
    out = np.empty_like(a)
    lib.stencil_loss_grad(_ptr(a), nx, ny, float(c), int(steps), _ptr(out))
    return out
