"""Regenerate the corpus of Numba-generated, pre-AD-processed LLVM modules.

Run from the repository root:  python tests/corpus/make_corpus.py

Each kernel below is compiled by Numba for the given argument types, captured
and run through the pre-AD pipeline (`pyenzyme.frontend.build.prepare`); the
resulting module text is written to `tests/corpus/<name>.ll` with a first line
`; entry: <mangled name>` naming the function the tests read. The tests only
read the saved files, so they neither need nor depend on Numba's exact output;
rerun this script after changing the pipeline and review the diff.
"""

from __future__ import annotations

import math
import pathlib
import sys

import numba
import numpy as np
from numba import types as nt
from numba.core.extending import intrinsic

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import pyenzyme  # noqa: E402,F401  (installs the IR capture hook before anything is compiled)
from pyenzyme.frontend.build import prepare  # noqa: E402

# the test kernels double as corpus entries: a 1-D reduction, a while loop, inlined helpers
from tests.kernels import newton_sqrt as while_loop  # noqa: E402
from tests.kernels import sumsq  # noqa: E402
from tests.kernels import with_helpers as helpers  # noqa: E402

HERE = pathlib.Path(__file__).resolve().parent


# -- kernels ---------------------------------------------------------------------------


@numba.njit
def matvec(a, x, y):
    """2-D array, a 2-deep loop nest, stores into an output array."""
    n, m = a.shape
    for i in range(n):
        acc = 0.0
        for j in range(m):
            acc += a[i, j] * x[j]
        y[i] = acc


@numba.njit
def strided_view(x):
    """A strided view (x[1::2]) of a non-contiguous ('A') array argument."""
    v = x[1::2]
    s = 0.0
    for i in range(v.shape[0]):
        s += v[i] - 0.5 * v[i]
    return s


@numba.njit
def temporaries(x):
    """np.empty / np.zeros temporaries (NRT allocation, incref/decref)."""
    n = x.shape[0]
    t = np.zeros(n)
    e = np.empty(n)
    for i in range(n):
        t[i] = x[i] * 2.0
        e[i] = t[i] + 1.0
    s = 0.0
    for i in range(n):
        s += e[i] * t[i]
    return s


@numba.njit
def array_expr(x, y):
    """A fused array expression, then a hand-written reduction."""
    z = x * y + 2.0 * x - y / 3.0
    s = 0.0
    for i in range(z.shape[0]):
        s += z[i]
    return s


@numba.njit
def tuples(a, b, p):
    """Tuple argument (UniTuple) and tuple return."""
    u, v = p
    return a * u + b * v, a - b * v, -a


@numba.njit
def complex_math(x, y):
    """Complex arithmetic, abs and real/imag access."""
    z = complex(x, y)
    w = z * z + 1j * z
    q = w / (z + 2.0)
    p = z ** (z + 1.0)  # numba_cpow: complex values passed through stack slots (alloca)
    return q.real + q.imag + abs(w) + p.real


@numba.njit
def integer_ops(a, b, c):
    """Integer code: floor division, modulo, shifts, bit logic, narrowing/widening."""
    q = a // b
    r = a % b
    s = (a << 3) ^ (b >> 2)
    t = (a & 0xFF) | (b & 0x0F00)
    u = c >> numba.uint64(5)
    n = np.int32(a)
    return q + r + s + t + numba.int64(u) + numba.int64(n) * 7


@numba.njit
def int_arrays(x, out, flag, u, v):
    """Narrowing stores (trunc), bool-to-int (zext), unsigned division and conversions."""
    c = 0
    for i in range(x.shape[0]):
        out[i] = np.int32(x[i] * 3)
        c += x[i] > 0
    return c + int(flag) + u // v + u % v + np.float64(u)


@numba.njit
def tuple_index(t, i):
    """A tuple indexed by a run-time integer (a switch, lowered to branches)."""
    return t[i] * 2.0


@intrinsic
def _as_f64_ptr(typingctx, src):
    sig = nt.CPointer(nt.float64)(nt.uintp)

    def codegen(context, builder, signature, args):
        return builder.inttoptr(args[0], context.get_value_type(signature.return_type))

    return sig, codegen


@numba.njit
def raw_pointers(x, addr, n):
    """Integer addresses: x.ctypes.data (ptrtoint) and carray over an address (inttoptr)."""
    a = numba.carray(_as_f64_ptr(addr), n)
    s = 0.0
    for i in range(n):
        s += a[i]
    return s + (x.ctypes.data & 7)


@numba.njit(boundscheck=True)  # so that x[i] raises IndexError from the kernel
def exceptions(x, i, d):
    """ZeroDivisionError, IndexError (boundscheck) and raise ValueError."""
    if d < 0.0:
        raise ValueError("negative divisor")
    return x[i] / d + x[i + 1] % d


@numba.njit
def math_calls(x, y):
    """libm/intrinsic calls, float modulo and casts."""
    a = math.exp(x) + math.log(y) + math.sin(x) * math.cos(y)
    b = math.sqrt(x * x + y * y) + math.pow(x, y) + math.tanh(x)
    c = math.atan2(y, x) + math.fabs(x - y) + math.floor(x) + x % y
    k = int(x)
    return a + b + c + float(k)


@numba.njit
def boolean_logic(x, lo, hi, flag):
    """Boolean logic, counting and selects."""
    count = 0
    s = 0.0
    for i in range(x.shape[0]):
        inside = (x[i] > lo) and (x[i] < hi)
        if inside != flag or (x[i] == 0.0 and not flag):
            count += 1
            s += x[i] if inside else -x[i]
    return s + count


@numba.njit
def float32_mix(x, scale):
    """float32 arrays mixed with float64 (fpext / fptrunc), stores into the array."""
    s = 0.0
    for i in range(x.shape[0]):
        v = x[i] * np.float32(scale)
        x[i] = v
        s += v
    return s


REC = np.dtype([("a", np.float64), ("b", np.int32), ("c", np.float32)], align=True)


@numba.njit
def records(r):
    """An array of records: field loads of mixed types."""
    s = 0.0
    for i in range(r.shape[0]):
        s += r[i].a * r[i].b + r[i].c
    return s


@numba.njit
def stencil(u, c, steps):
    """Explicit heat-equation steps on a 2-D array: a 3-deep loop nest and a temporary."""
    nx, ny = u.shape
    tmp = np.empty_like(u)
    for _ in range(steps):
        for i in range(1, nx - 1):
            for j in range(1, ny - 1):
                tmp[i, j] = u[i, j] + c * (u[i - 1, j] + u[i + 1, j] + u[i, j - 1] + u[i, j + 1] - 4.0 * u[i, j])
        for i in range(1, nx - 1):
            for j in range(1, ny - 1):
                u[i, j] = tmp[i, j]


f8 = nt.float64
i8 = nt.int64
C1 = nt.float64[::1]
C2 = nt.float64[:, ::1]

KERNELS = {
    "sumsq": (sumsq, (C1,)),
    "matvec": (matvec, (C2, C1, C1)),
    "strided_view": (strided_view, (nt.Array(f8, 1, "A"),)),
    "temporaries": (temporaries, (C1,)),
    "array_expr": (array_expr, (C1, C1)),
    "tuples": (tuples, (f8, f8, nt.UniTuple(f8, 2))),
    "complex_math": (complex_math, (f8, f8)),
    "integer_ops": (integer_ops, (i8, i8, nt.uint64)),
    "int_arrays": (int_arrays, (nt.int64[::1], nt.int32[::1], nt.boolean, nt.uint64, nt.uint64)),
    "tuple_index": (tuple_index, (nt.UniTuple(f8, 3), i8)),
    "raw_pointers": (raw_pointers, (C1, nt.uintp, i8)),
    "exceptions": (exceptions, (C1, i8, f8)),
    "math_calls": (math_calls, (f8, f8)),
    "while_loop": (while_loop, (f8,)),
    "helpers": (helpers, (C1, f8)),
    "boolean_logic": (boolean_logic, (C1, f8, f8, nt.boolean)),
    "float32_mix": (float32_mix, (nt.float32[::1], f8)),
    "records": (records, (numba.from_dtype(REC)[::1],)),
    "stencil": (stencil, (C2, f8, i8)),
}


def scrub_paths(text: str) -> str:
    """Blank out file paths of this checkout that Numba pickles into exception constants.

    The replacement keeps every string's byte length, so array types stay valid.
    """
    root = str(ROOT)
    return text.replace(root, "_" * len(root))


def main() -> None:
    for name, (kernel, argtypes) in KERNELS.items():
        cap, mod, _func = prepare(kernel, argtypes)
        text = scrub_paths(f"; entry: {cap.mangled_name}\n" + str(mod))
        (HERE / f"{name}.ll").write_text(text)
        print(f"{name}: {len(text.splitlines())} lines")


if __name__ == "__main__":
    main()
