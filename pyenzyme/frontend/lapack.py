"""Derivatives of Numba's LAPACK wrappers: `np.linalg.solve` (`numba_xgesv`), `np.linalg.cholesky`
(`numba_xxpotrf`), the LU factorisation `np.linalg.det`, `slogdet` and `inv` compute (`numba_xxgetrf`)
and the inverse from it (`numba_ez_xxgetri`). The eigen- and singular-value decompositions are in
`spectral.py`, built from the helpers here.

Input: nothing; importing this module registers the facts. Output: a callee
entry with forward, save and reverse handlers for
`numba_xgesv(kind, n, nrhs, a, lda, ipiv, b, ldb)`, which overwrites `a`
with the LU factors of A (A = P L U, `ipiv` the row swaps) and `b` with the
solution X of A X = B. Tangent: dX = A^-1 (dB - dA X); adjoint: B' =
A^-T X', A' = -B' X^T. Both solves reuse the factors the call computed (two
triangular solves, O(n^2) per right-hand side), and the outer product is a
GEMM. Numba never reads the factors after the call, so they carry no
derivative of their own: their tangent is left as NaN, so that a use of it
shows. The reverse sweep reads the factors, the swaps and X copied at the
call (the call writes their memory). The Cholesky and LU
factorisations' derivatives are matrix formulas on their factors (below).
"""

from __future__ import annotations

from functools import partial

import llvmlite.ir as ir

from llvm_passes.callees import register
from llvm_passes.ir.emitter import element_loop, opaque_alloca

from .blas import _BYTES, _GEMM_TYPE, _char, _copy, _extent, _float_type, _free, _slot

PTR = ir.PointerType()
I32, I64 = ir.IntType(32), ir.IntType(64)
I8 = ir.IntType(8)
_PREFIX = {"double": "d", "float": "s"}
_BOUND: set[str] = set()


def _scipy_blas(emitter, fty, name: str, nargs: int) -> ir.Function:
    """SciPy's BLAS routine `name` ('d' or 's' prefixed by `fty`), which Numba's own BLAS and LAPACK
    wrappers call too: every argument by pointer. Bound once to the symbol `pyenzyme.scipy.<routine>`."""
    routine = _PREFIX[str(fty)] + name
    symbol = f"pyenzyme.scipy.{routine}"
    if routine not in _BOUND:
        import ctypes

        import llvmlite.binding as llvm
        from scipy.linalg import cython_blas

        capsule = cython_blas.__pyx_capi__[routine]
        api = ctypes.pythonapi
        api.PyCapsule_GetName.restype, api.PyCapsule_GetName.argtypes = ctypes.c_char_p, [ctypes.py_object]
        api.PyCapsule_GetPointer.restype = ctypes.c_void_p
        api.PyCapsule_GetPointer.argtypes = [ctypes.py_object, ctypes.c_char_p]
        llvm.add_symbol(symbol, api.PyCapsule_GetPointer(capsule, api.PyCapsule_GetName(capsule)))
        _BOUND.add(routine)
    return emitter.declare(symbol, ir.FunctionType(ir.VoidType(), [PTR] * nargs))


class _ByReference:
    """Slots for a Fortran-style call's arguments: characters, ints and floats passed by pointer."""

    def __init__(self, b, alloca, fty):
        self.b, self.alloca, self.fty = b, alloca, fty

    def char(self, c: str):
        p = self.alloca(I8)
        self.b.store(ir.Constant(I8, ord(c)), p)
        return p

    def int(self, v):
        p = self.alloca(I32)
        self.b.store(self.b.trunc(v, I32) if v.type != I32 else v, p)
        return p

    def float(self, x: float):
        p = self.alloca(self.fty)
        self.b.store(ir.Constant(self.fty, x), p)
        return p


def _triangular_product(emitter, refs, routine, side, uplo, trans, diag, m, n, alpha, a, lda, bm, ldb):
    """B := alpha op(A) B or alpha B op(A), A triangular (BLAS trmm, or trsm for op(A)^-1)."""
    fn = _scipy_blas(emitter, refs.fty, routine, 11)
    r = refs
    args = [r.char(side), r.char(uplo), r.char(trans), r.char(diag), r.int(m), r.int(n), r.float(alpha)]
    refs.b.call(fn, [*args, a, r.int(lda), bm, r.int(ldb)])


def _at(b, base, row, col, ld, fty):
    return b.gep(base, [b.add(row, b.mul(col, ld))], source_etype=fty)


def _downwards(b, n, body, name: str) -> None:
    """`for i in range(n - 1, -1, -1): body(b, i)`."""
    last = b.sub(n, ir.Constant(I64, 1))
    element_loop(b, n, lambda b, k: body(b, b.sub(last, k)), name)


def _swaps(b, r, ipiv, n, reverse: bool, fty, name: str) -> None:
    """Row interchanges of LAPACK's getrf on the column r: i <-> ipiv[i] - 1, in order or reversed."""

    def swap(b, i):
        j = b.sub(b.sext(b.load(b.gep(ipiv, [i], source_etype=I32), typ=I32), I64), ir.Constant(I64, 1))
        pi, pj = b.gep(r, [i], source_etype=fty), b.gep(r, [j], source_etype=fty)
        vi, vj = b.load(pi, typ=fty), b.load(pj, typ=fty)
        b.store(vj, pi)
        b.store(vi, pj)

    (_downwards if reverse else element_loop)(b, n, swap, name)


def _triangular(b, lu, lda, r, n, acc, fty, *, lower: bool, transposed: bool, unit: bool, name: str) -> None:
    """r := T^-1 r (or T^-T r) in place, T the unit-lower (L) or upper (U) factor stored in lu.

    Solving runs from the first row down when the matrix solved with is lower triangular (L, or U^T),
    from the last row up otherwise.
    """
    forward = lower != transposed
    one = ir.Constant(I64, 1)

    def row(b, i):
        b.store(b.load(b.gep(r, [i], source_etype=fty), typ=fty), acc)

        def term(b, k):
            # the solved-with matrix's entry (i, k) is lu[i, k], or lu[k, i] when transposed
            e = _at(b, lu, k, i, lda, fty) if transposed else _at(b, lu, i, k, lda, fty)
            rk = b.load(b.gep(r, [k], source_etype=fty), typ=fty)
            b.store(b.fsub(b.load(acc, typ=fty), b.fmul(b.load(e, typ=fty), rk)), acc)

        if forward:  # k < i
            element_loop(b, i, term, f"{name}.k")
        else:  # k > i
            element_loop(b, b.sub(b.sub(n, i), one), lambda b, kk: term(b, b.add(b.add(i, one), kk)), f"{name}.k")
        v = b.load(acc, typ=fty)
        if not unit:
            v = b.fdiv(v, b.load(_at(b, lu, i, i, lda, fty), typ=fty))
        b.store(v, b.gep(r, [i], source_etype=fty))

    (element_loop if forward else _downwards)(b, n, row, name)


def _lu_solve(b, lu, lda, ipiv, n, rhs, ldr, nrhs, acc, fty, *, transposed: bool, name: str) -> None:
    """rhs := A^-1 rhs (or A^-T rhs) in place, column by column, from getrf's factors A = P L U."""

    def column(b, j):
        r = b.gep(rhs, [b.mul(j, ldr)], source_etype=fty)
        if not transposed:  # P L U y = r
            _swaps(b, r, ipiv, n, False, fty, f"{name}.p")
            _triangular(b, lu, lda, r, n, acc, fty, lower=True, transposed=False, unit=True, name=f"{name}.l")
            _triangular(b, lu, lda, r, n, acc, fty, lower=False, transposed=False, unit=False, name=f"{name}.u")
        else:  # U^T L^T P^T y = r
            _triangular(b, lu, lda, r, n, acc, fty, lower=False, transposed=True, unit=False, name=f"{name}.u")
            _triangular(b, lu, lda, r, n, acc, fty, lower=True, transposed=True, unit=True, name=f"{name}.l")
            _swaps(b, r, ipiv, n, True, fty, f"{name}.p")

    element_loop(b, nrhs, column, name)


def _fill_nan(b, ptr, rows, cols, ld, fty, name: str) -> None:
    nan = ir.Constant(fty, float("nan"))

    def column(b, j):
        element_loop(b, rows, lambda b, i: b.store(nan, _at(b, ptr, i, j, ld, fty)), f"{name}.i")

    element_loop(b, cols, column, name)


# -- numba_xgesv(kind, n, nrhs, a, lda, ipiv, b, ldb) ----------------------------------------------------
def _forward_gesv(pass_, b, inst, primal) -> None:
    fty = _float_type(pass_, inst)
    dbs = pass_.lanes(inst.operands[6])
    if dbs is None:
        return
    kind, n, nrhs, lu, lda, ipiv, x, ldb = (pass_.get(o) for o in inst.operands)
    das = pass_.lanes(inst.operands[3])
    acc = pass_.entry_alloca(fty, b)
    gemm = pass_.emitter.declare("numba_xxgemm", _GEMM_TYPE)
    for k, dx in enumerate(dbs):
        if das is not None:  # dB - dA X, into the shadow of b
            minus, one = pass_.entry_alloca(fty, b), pass_.entry_alloca(fty, b)
            b.store(ir.Constant(fty, -1.0), minus)
            b.store(ir.Constant(fty, 1.0), one)
            b.call(gemm, [kind, _char(False), _char(False), n, nrhs, n, minus, das[k], lda, x, ldb, one, dx, ldb])
            _fill_nan(b, das[k], n, n, lda, fty, "gesv.lu")
        _lu_solve(b, lu, lda, ipiv, n, dx, ldb, nrhs, acc, fty, transposed=False, name="gesv.tan")


class _Gesv:
    def kept(self, b, ops):
        """(pointer, element count, type) of the factors, the swaps and X, as the call left them."""
        _, n, nrhs, lu, lda, ipiv, x, ldb = ops
        one = ir.Constant(I64, 1)
        return [(lu, _extent(b, n, n, lda)), (ipiv, _extent(b, n, one, n)), (x, _extent(b, n, nrhs, ldb))]

    def save(self, sweep, b, inst) -> None:
        rev = sweep.owner
        if not rev.active(inst.operands[6]):
            return
        fty = _float_type(sweep, inst)
        ops = [sweep.get(o) for o in inst.operands]
        copies = [_copy(sweep.emitter, b, p, count, t) for (p, count), t in zip(self.kept(b, ops), (fty, I32, fty))]
        rev.side_tape().push(b, copies)

    def reverse(self, rev, b, inst, lane) -> None:
        if lane > 0 or not rev.active(inst.operands[6]):
            return
        fty = _float_type(rev, inst)
        lu, ipiv, x = rev.side_tape().pop(b, [PTR, PTR, PTR])
        kind = ir.Constant(ir.IntType(8), inst.operands[0].value)
        n, nrhs, lda, ldb = (rev.primal(b, inst.operands[i]) for i in (1, 2, 4, 7))
        acc = opaque_alloca(rev.setup, fty)
        gemm = rev.emitter.declare("numba_xxgemm", _GEMM_TYPE)
        minus, one = _slot(rev, b, fty, ir.Constant(fty, -1.0)), _slot(rev, b, fty, ir.Constant(fty, 1.0))
        for k in range(rev.width):
            db = rev.shadow(b, inst.operands[6], k)
            _lu_solve(b, lu, lda, ipiv, n, db, ldb, nrhs, acc, fty, transposed=True, name="gesv.adj")  # B'
            if rev.active(inst.operands[3]):  # A' -= B' X^T
                da = rev.shadow(b, inst.operands[3], k)
                b.call(gemm, [kind, _char(False), _char(True), n, n, nrhs, minus, db, ldb, x, ldb, one, da, lda])
        for c in (lu, ipiv, x):
            _free(rev.emitter, b, c)


_GESV = _Gesv()
register(
    "numba_xgesv",
    writes=(3, 5, 6),
    outputs=((6, (3, 6)),),
    forward=_forward_gesv,
    save=_GESV.save,
    reverse=_GESV.reverse,
)


# -- numba_xxpotrf(kind, uplo, n, a, lda) ----------------------------------------------------------------
# Cholesky A = L L^T in place: the triangle `uplo` names is read and overwritten by the factor (for 'U'
# the transposed factor), the other one is left as it is. Both derivatives are matrix formulas on the
# factor L the call left, in place on the shadow's triangle, by triangular solves and products (BLAS):
#   dL = L Phi(L^-1 dA L^-T),  A' = sym(L^-T Phi(L^T L') L^-1)  (Phi: the lower triangle, half the diagonal)
def _factor_at(uplo_upper: bool):
    """Where entry (i, j), i >= j, of the lower factor lives in column-major storage."""

    def at(b, base, i, j, ld, fty):
        return _at(b, base, j, i, ld, fty) if uplo_upper else _at(b, base, i, j, ld, fty)

    return at


def _uplo(pass_, inst) -> bool:
    """Is the factor stored in the upper triangle ('U')? The flag must be a constant, as Numba passes it."""
    v = getattr(inst.operands[1], "value", None)
    if v not in (ord("U"), ord("L"), ord("u"), ord("l")):
        raise pass_.error(inst, "the triangle flag of a Cholesky factorisation must be a constant 'U' or 'L'")
    return v in (ord("U"), ord("u"))


def _cholesky_tangent(emitter, refs, b, l_, dl, n, ld, fty, upper: bool) -> None:
    """dA (its read triangle in dl) -> dL = L Phi(L^-1 dA L^-T) in that triangle, Phi taking the lower
    triangle with half its diagonal; two triangular solves and a product (for 'U', L = U^T)."""
    at = _factor_at(upper)
    s = _malloc(emitter, b, b.mul(b.mul(n, n), ir.Constant(I64, _BYTES[str(fty)])))

    def symmetric(b, i, j):
        lo, hi = b.select(b.icmp_signed(">=", i, j), i, j), b.select(b.icmp_signed(">=", i, j), j, i)
        b.store(b.load(at(b, dl, lo, hi, ld, fty), typ=fty), _at(b, s, i, j, n, fty))

    _blocks(b, n, symmetric, "potrf.tan.sym")
    solve, mult = (
        partial(_triangular_product, emitter, refs, "trsm"),
        partial(_triangular_product, emitter, refs, "trmm"),
    )
    uplo, t, nt = ("U", "T", "N") if upper else ("L", "N", "T")
    solve("L", uplo, t, "N", n, n, 1.0, l_, ld, s, n)  # L^-1 dA
    solve("R", uplo, nt, "N", n, n, 1.0, l_, ld, s, n)  # (L^-1 dA) L^-T
    zero, half = ir.Constant(fty, 0.0), ir.Constant(fty, 0.5)

    def phi(b, i, j):
        p = _at(b, s, i, j, n, fty)
        v = b.load(p, typ=fty)
        v = b.select(b.icmp_signed("==", i, j), b.fmul(v, half), v)
        b.store(b.select(b.icmp_signed(">=", i, j), v, zero), p)

    _blocks(b, n, phi, "potrf.tan.phi")
    mult("L", uplo, t, "N", n, n, 1.0, l_, ld, s, n)  # L Phi

    def store(b, i, j):
        with b.if_then(b.icmp_signed(">=", i, j)):
            b.store(b.load(_at(b, s, i, j, n, fty), typ=fty), at(b, dl, i, j, ld, fty))

    _blocks(b, n, store, "potrf.tan.out")
    _free(emitter, b, s)


def _blocks(b, n, body, name: str) -> None:
    """`for j in range(n): for i in range(n): body(b, i, j)` (column-major order)."""
    element_loop(b, n, lambda b, j: element_loop(b, n, lambda b, i: body(b, i, j), f"{name}.i"), name)


def _cholesky_adjoint(emitter, refs, b, l_, bar, n, ld, fty, upper: bool) -> None:
    """L' (the factor's triangle in bar) -> A' on the same triangle, in place (Murray 2016): with
    P = Phi(L^T L'), Phi the lower triangle with its diagonal halved, S = L^-T P L^-1 and
    A'[i, j] = S[i, j] + S[j, i] off the diagonal. For a factor stored as U = L^T everything is
    transposed: T = S^T = U^-1 Phi(L' ^T U^T ...) U^-T from U' = L'^T."""
    t = _malloc(emitter, b, b.mul(b.mul(n, n), ir.Constant(I64, _BYTES[str(fty)])))
    zero, half = ir.Constant(fty, 0.0), ir.Constant(fty, 0.5)

    def load(p):
        return b.load(p, typ=fty)

    def inside(i, j):  # in the factor's triangle
        return b.icmp_signed("<=", i, j) if upper else b.icmp_signed(">=", i, j)

    _blocks(
        b,
        n,
        lambda b, i, j: b.store(
            b.select(inside(i, j), load(_at(b, bar, i, j, ld, fty)), zero), _at(b, t, i, j, n, fty)
        ),
        "potrf.adj.copy",
    )
    mult, solve = (
        partial(_triangular_product, emitter, refs, "trmm"),
        partial(_triangular_product, emitter, refs, "trsm"),
    )
    if upper:
        mult("R", "U", "T", "N", n, n, 1.0, l_, ld, t, n)  # U' U^T
    else:
        mult("L", "L", "T", "N", n, n, 1.0, l_, ld, t, n)  # L^T L'

    def phi(b, i, j):
        p = _at(b, t, i, j, n, fty)
        v = load(p)
        b.store(b.select(b.icmp_signed("==", i, j), b.fmul(half, v), b.select(inside(i, j), v, zero)), p)

    _blocks(b, n, phi, "potrf.adj.phi")
    if upper:
        solve("L", "U", "N", "N", n, n, 1.0, l_, ld, t, n)
        solve("R", "U", "T", "N", n, n, 1.0, l_, ld, t, n)
    else:
        solve("L", "L", "T", "N", n, n, 1.0, l_, ld, t, n)
        solve("R", "L", "N", "N", n, n, 1.0, l_, ld, t, n)

    def fold(b, i, j):
        sij, sji = load(_at(b, t, i, j, n, fty)), load(_at(b, t, j, i, n, fty))
        v = b.select(b.icmp_signed("==", i, j), sij, b.fadd(sij, sji))
        p = _at(b, bar, i, j, ld, fty)
        b.store(b.select(inside(i, j), v, load(p)), p)  # the other triangle's adjoint passes through

    _blocks(b, n, fold, "potrf.adj.fold")
    _free(emitter, b, t)


def _malloc(emitter, b, nbytes):
    return b.call(emitter.declare("malloc", ir.FunctionType(PTR, [I64])), [nbytes])


def _forward_potrf(pass_, b, inst, primal) -> None:
    fty = _float_type(pass_, inst)
    lanes = pass_.lanes(inst.operands[3])
    if lanes is None:
        return
    upper = _uplo(pass_, inst)
    n, l_, ld = pass_.get(inst.operands[2]), pass_.get(inst.operands[3]), pass_.get(inst.operands[4])
    refs = _ByReference(b, lambda ty: pass_.entry_alloca(ty, b), fty)
    for dl in lanes:
        _cholesky_tangent(pass_.emitter, refs, b, l_, dl, n, ld, fty, upper)


class _Potrf:
    def save(self, sweep, b, inst) -> None:
        rev = sweep.owner
        if not rev.active(inst.operands[3]):
            return
        fty = _float_type(sweep, inst)
        n, ld = sweep.get(inst.operands[2]), sweep.get(inst.operands[4])
        rev.side_tape().push(b, [_copy(sweep.emitter, b, sweep.get(inst.operands[3]), _extent(b, n, n, ld), fty)])

    def reverse(self, rev, b, inst, lane) -> None:
        if lane > 0 or not rev.active(inst.operands[3]):
            return
        fty = _float_type(rev, inst)
        (l_,) = rev.side_tape().pop(b, [PTR])
        n, ld = rev.primal(b, inst.operands[2]), rev.primal(b, inst.operands[4])
        refs = _ByReference(b, lambda ty: opaque_alloca(rev.setup, ty), fty)
        for k in range(rev.width):
            bar = rev.shadow(b, inst.operands[3], k)
            _cholesky_adjoint(rev.emitter, refs, b, l_, bar, n, ld, fty, _uplo(rev, inst))
        _free(rev.emitter, b, l_)


_POTRF = _Potrf()
register(
    "numba_xxpotrf",
    writes=(3,),
    outputs=((3, (3,)),),
    forward=_forward_potrf,
    save=_POTRF.save,
    reverse=_POTRF.reverse,
)


# -- numba_xxgetrf(kind, m, n, a, lda, ipiv) -------------------------------------------------------------
# LU with partial pivoting in place: P^T A = L U, L unit lower and U upper packed into a, the swaps in
# ipiv (what det and slogdet read). With the swaps fixed, on A'' = P^T A, F = L^-1 dA'' U^-1:
#   dL = L tril_-1(F), dU = triu(F) U;  A'' ' = L^-T (tril_-1(L^T L') + triu(U' U^T)) U^-T,
# in place on the shadow (its rows swapped as A's were), by triangular solves and products (BLAS).
def _row_swaps(b, m, ipiv, n, cols, ld, reverse: bool, fty, name: str) -> None:
    """getrf's row interchanges applied to whole rows of a column-major matrix (`cols` columns)."""

    def swap(b, i):
        j = b.sub(b.sext(b.load(b.gep(ipiv, [i], source_etype=I32), typ=I32), I64), ir.Constant(I64, 1))

        def one(b, c):
            pi, pj = _at(b, m, i, c, ld, fty), _at(b, m, j, c, ld, fty)
            vi, vj = b.load(pi, typ=fty), b.load(pj, typ=fty)
            b.store(vj, pi)
            b.store(vi, pj)

        element_loop(b, cols, one, f"{name}.c")

    (_downwards if reverse else element_loop)(b, n, swap, name)


def _split(b, src, ld, lb, ub, n, fty, name: str) -> None:
    """lb := the strictly lower part of src, ub := the rest (n x n, leading dimension n)."""
    zero = ir.Constant(fty, 0.0)

    def one(b, i, j):
        v = b.load(_at(b, src, i, j, ld, fty), typ=fty)
        below = b.icmp_signed(">", i, j)
        b.store(b.select(below, v, zero), _at(b, lb, i, j, n, fty))
        b.store(b.select(below, zero, v), _at(b, ub, i, j, n, fty))

    _blocks(b, n, one, name)


def _join(b, lb, ub, dst, ld, n, fty, name: str) -> None:
    """dst := lb strictly below the diagonal, ub on and above it."""

    def one(b, i, j):
        below = b.icmp_signed(">", i, j)
        v = b.select(below, b.load(_at(b, lb, i, j, n, fty), typ=fty), b.load(_at(b, ub, i, j, n, fty), typ=fty))
        b.store(v, _at(b, dst, i, j, ld, fty))

    _blocks(b, n, one, name)


def _lu_tangent(emitter, refs, b, lu, d, n, ld, fty) -> None:
    """dA'' (the row-swapped dA, in d) -> (dL, dU) packed in d, in place: with F = L^-1 dA'' U^-1,
    dL = L tril_-1(F) and dU = triu(F) U (two triangular solves, two products)."""
    nbytes = b.mul(b.mul(n, n), ir.Constant(I64, _BYTES[str(fty)]))
    lb, ub = _malloc(emitter, b, nbytes), _malloc(emitter, b, nbytes)
    solve, mult = (
        partial(_triangular_product, emitter, refs, "trsm"),
        partial(_triangular_product, emitter, refs, "trmm"),
    )
    solve("L", "L", "N", "U", n, n, 1.0, lu, ld, d, ld)  # L^-1 dA''
    solve("R", "U", "N", "N", n, n, 1.0, lu, ld, d, ld)  # F

    _split(b, d, ld, lb, ub, n, fty, "getrf.tan.split")
    mult("L", "L", "N", "U", n, n, 1.0, lu, ld, lb, n)  # dL = L tril_-1(F)
    mult("R", "U", "N", "N", n, n, 1.0, lu, ld, ub, n)  # dU = triu(F) U

    _join(b, lb, ub, d, ld, n, fty, "getrf.tan.join")
    _free(emitter, b, lb)
    _free(emitter, b, ub)


def _lu_adjoint(emitter, refs, b, lu, bar, n, ld, fty) -> None:
    """(L', U') packed in bar -> A'' = L^-T (tril_-1(L^T L') + triu(U' U^T)) U^-T, in place: the adjoint
    of A'' = L U (A'' the row-swapped A), from dL = L tril_-1(F), dU = triu(F) U with F = L^-1 dA'' U^-1."""
    nbytes = b.mul(b.mul(n, n), ir.Constant(I64, _BYTES[str(fty)]))
    lb, ub = _malloc(emitter, b, nbytes), _malloc(emitter, b, nbytes)

    _split(b, bar, ld, lb, ub, n, fty, "getrf.adj.split")
    mult, solve = (
        partial(_triangular_product, emitter, refs, "trmm"),
        partial(_triangular_product, emitter, refs, "trsm"),
    )
    mult("L", "L", "T", "U", n, n, 1.0, lu, ld, lb, n)  # L^T L'
    mult("R", "U", "T", "N", n, n, 1.0, lu, ld, ub, n)  # U' U^T

    _join(b, lb, ub, bar, ld, n, fty, "getrf.adj.join")
    solve("L", "L", "T", "U", n, n, 1.0, lu, ld, bar, ld)  # L^-T M
    solve("R", "U", "T", "N", n, n, 1.0, lu, ld, bar, ld)  # (L^-T M) U^-T
    _free(emitter, b, lb)
    _free(emitter, b, ub)


def _forward_getrf(pass_, b, inst, primal) -> None:
    fty = _float_type(pass_, inst)
    lanes = pass_.lanes(inst.operands[3])
    if lanes is None:
        return
    _check_square(pass_, inst)
    n, lu, ld, ipiv = (pass_.get(inst.operands[i]) for i in (2, 3, 4, 5))
    refs = _ByReference(b, lambda ty: pass_.entry_alloca(ty, b), fty)
    for d in lanes:
        _row_swaps(b, d, ipiv, n, n, ld, False, fty, "getrf.tan.p")
        _lu_tangent(pass_.emitter, refs, b, lu, d, n, ld, fty)


def _check_square(pass_, inst) -> None:
    if inst.operands[1] is not inst.operands[2]:
        raise pass_.error(inst, "only the LU factorisation of a square matrix is differentiable (m and n differ)")


class _Getrf:
    def save(self, sweep, b, inst) -> None:
        rev = sweep.owner
        if not rev.active(inst.operands[3]):
            return
        _check_square(sweep, inst)
        fty = _float_type(sweep, inst)
        n, ld = sweep.get(inst.operands[2]), sweep.get(inst.operands[4])
        lu = _copy(sweep.emitter, b, sweep.get(inst.operands[3]), _extent(b, n, n, ld), fty)
        one = ir.Constant(I64, 1)
        ipiv = _copy(sweep.emitter, b, sweep.get(inst.operands[5]), _extent(b, n, one, n), I32)
        rev.side_tape().push(b, [lu, ipiv])

    def reverse(self, rev, b, inst, lane) -> None:
        if lane > 0 or not rev.active(inst.operands[3]):
            return
        fty = _float_type(rev, inst)
        lu, ipiv = rev.side_tape().pop(b, [PTR, PTR])
        n, ld = rev.primal(b, inst.operands[2]), rev.primal(b, inst.operands[4])
        refs = _ByReference(b, lambda ty: opaque_alloca(rev.setup, ty), fty)
        for k in range(rev.width):
            bar = rev.shadow(b, inst.operands[3], k)
            _lu_adjoint(rev.emitter, refs, b, lu, bar, n, ld, fty)
            _row_swaps(b, bar, ipiv, n, n, ld, True, fty, "getrf.adj.p")
        _free(rev.emitter, b, lu)
        _free(rev.emitter, b, ipiv)


_GETRF = _Getrf()
register(
    "numba_xxgetrf",
    writes=(3, 5),
    outputs=((3, (3,)),),
    forward=_forward_getrf,
    save=_GETRF.save,
    reverse=_GETRF.reverse,
)


# -- numba_ez_xxgetri(kind, n, a, lda, ipiv) -------------------------------------------------------------
# The inverse Y = A^-1 in place of getrf's factors (A = P L U). The derivatives need the factors as they
# were before the call, so the entry makes the call itself (as a custom rule does), after copying them:
#   dY = -Y P (dL U + L dU) Y;   from Y': G = -Y^T Y' Y^T, then L' = tril_-1((P^T G) U^T), U' = triu(L^T P^T G).
def _make_call(pass_, b, inst):
    fn = pass_.emitter.function_ref(inst.attrs["callee_ref"])
    return b.call(fn, [pass_.get(o) for o in inst.operands])


def _square_copy(emitter, b, src, n, ld, fty):
    """An n x n column-major copy (leading dimension n) of a block with leading dimension ld."""
    nbytes = b.mul(b.mul(n, n), ir.Constant(I64, _BYTES[str(fty)]))
    out = _malloc(emitter, b, nbytes)
    _blocks(
        b,
        n,
        lambda b, i, j: b.store(b.load(_at(b, src, i, j, ld, fty), typ=fty), _at(b, out, i, j, n, fty)),
        "lapack.copy",
    )
    return out


def _combine(b, x, y, n, fty, op, name: str, into=None) -> None:
    """Entrywise over two n x n matrices: x := op(x, y), or with op None, `into` (a pointer and its
    leading dimension) := x strictly below the diagonal and y on and above it."""

    def one(b, i, j):
        px, py = _at(b, x, i, j, n, fty), _at(b, y, i, j, n, fty)
        vx, vy = b.load(px, typ=fty), b.load(py, typ=fty)
        if op is None:
            b.store(b.select(b.icmp_signed(">", i, j), vx, vy), _at(b, into[0], i, j, into[1], fty))
        else:
            b.store(op(b, vx, vy), px)

    _blocks(b, n, one, name)


def _masked(b, m, n, keep_below: bool, fty) -> None:
    """Zero a square matrix above its diagonal (keep_below: the strictly lower part stays) or below it."""
    zero = ir.Constant(fty, 0.0)

    def one(b, i, j):
        p = _at(b, m, i, j, n, fty)
        inside = b.icmp_signed(">", i, j) if keep_below else b.icmp_signed("<=", i, j)
        b.store(b.select(inside, b.load(p, typ=fty), zero), p)

    _blocks(b, n, one, "getri.mask")


def _forward_getri(pass_, b, inst, _primal):
    fty = _float_type(pass_, inst)
    lanes = pass_.lanes(inst.operands[2])
    if lanes is None:
        return None
    emitter = pass_.emitter
    n, a, ld, ipiv = (pass_.get(inst.operands[i]) for i in (1, 2, 3, 4))
    lu = _square_copy(emitter, b, a, n, ld, fty)
    status = _make_call(pass_, b, inst)
    refs = _ByReference(b, lambda ty: pass_.entry_alloca(ty, b), fty)
    kind = ir.Constant(I8, inst.operands[0].value)
    gemm = emitter.declare("numba_xxgemm", _GEMM_TYPE)
    minus, zero = refs.float(-1.0), refs.float(0.0)
    for d in lanes:
        lower, upper = _square_copy(emitter, b, d, n, ld, fty), _square_copy(emitter, b, d, n, ld, fty)
        _masked(b, lower, n, True, fty)
        _masked(b, upper, n, False, fty)
        _triangular_product(emitter, refs, "trmm", "R", "U", "N", "N", n, n, 1.0, lu, n, lower, n)  # dL U
        _triangular_product(emitter, refs, "trmm", "L", "L", "N", "U", n, n, 1.0, lu, n, upper, n)  # L dU
        _combine(b, lower, upper, n, fty, lambda b, x, y: b.fadd(x, y), "getri.sum")  # dL U + L dU
        _row_swaps(b, lower, ipiv, n, n, n, True, fty, "getri.p")  # P (dL U + L dU) = dA
        t = upper  # Y dA, then -Y dA Y into the shadow
        one_ = refs.float(1.0)
        b.call(gemm, [kind, _char(False), _char(False), n, n, n, one_, a, ld, lower, n, zero, t, n])
        b.call(gemm, [kind, _char(False), _char(False), n, n, n, minus, t, n, a, ld, zero, d, ld])
        _free(emitter, b, lower)
        _free(emitter, b, upper)
    _free(emitter, b, lu)
    return status


class _Getri:
    def augmented(self, sweep, b, inst):
        rev = sweep.owner
        if not rev.active(inst.operands[2]):
            return None
        fty = _float_type(sweep, inst)
        emitter = sweep.emitter
        n, a, ld, ipiv = (sweep.get(inst.operands[i]) for i in (1, 2, 3, 4))
        lu = _square_copy(emitter, b, a, n, ld, fty)
        pivots = _copy(emitter, b, ipiv, _extent(b, n, ir.Constant(I64, 1), n), I32)
        status = _make_call(sweep, b, inst)
        rev.side_tape().push(b, [lu, pivots, _square_copy(emitter, b, a, n, ld, fty)])
        return status

    def reverse(self, rev, b, inst, lane) -> None:
        if lane > 0 or not rev.active(inst.operands[2]):
            return
        fty = _float_type(rev, inst)
        emitter = rev.emitter
        lu, ipiv, y = rev.side_tape().pop(b, [PTR, PTR, PTR])
        n, ld = rev.primal(b, inst.operands[1]), rev.primal(b, inst.operands[3])
        refs = _ByReference(b, lambda ty: opaque_alloca(rev.setup, ty), fty)
        kind = ir.Constant(I8, inst.operands[0].value)
        gemm = emitter.declare("numba_xxgemm", _GEMM_TYPE)
        nbytes = b.mul(b.mul(n, n), ir.Constant(I64, _BYTES[str(fty)]))
        for k in range(rev.width):
            bar = rev.shadow(b, inst.operands[2], k)
            t, g = _malloc(emitter, b, nbytes), _malloc(emitter, b, nbytes)
            one_, zero, minus = refs.float(1.0), refs.float(0.0), refs.float(-1.0)
            b.call(gemm, [kind, _char(True), _char(False), n, n, n, one_, y, n, bar, ld, zero, t, n])  # Y^T Y'
            b.call(gemm, [kind, _char(False), _char(True), n, n, n, minus, t, n, y, n, zero, g, n])  # G
            _row_swaps(b, g, ipiv, n, n, n, False, fty, "getri.adj.p")  # P^T G
            lower = t
            _combine(b, lower, g, n, fty, lambda b, x, y: y, "getri.adj.copy")
            _triangular_product(emitter, refs, "trmm", "R", "U", "T", "N", n, n, 1.0, lu, n, lower, n)  # (P^T G) U^T
            _triangular_product(emitter, refs, "trmm", "L", "L", "T", "U", n, n, 1.0, lu, n, g, n)  # L^T P^T G

            _combine(b, lower, g, n, fty, None, "getri.adj.join", into=(bar, ld))  # tril_-1 + triu
            _free(emitter, b, t)
            _free(emitter, b, g)
        for c in (lu, ipiv, y):
            _free(emitter, b, c)


_GETRI = _Getri()
register(
    "numba_ez_xxgetri",
    writes=(2,),
    outputs=((2, (2,)),),
    custom=True,
    forward=_forward_getri,
    augmented=_GETRI.augmented,
    reverse=_GETRI.reverse,
)
