"""Derivatives of Numba's eigen- and singular-value decompositions: `np.linalg.eigh` / `eigvalsh`
(`numba_ez_xxxevd`) and the singular values of `np.linalg.svd` (`numba_ez_gesdd`).

Input: nothing; importing this module registers the facts (with the helpers of `lapack.py`). Output:
callee entries whose derivatives are matrix products (gemm) on the factors the calls compute.
"""

from __future__ import annotations

import llvmlite.ir as ir

from llvm_passes.callees import register
from llvm_passes.ir.emitter import element_loop, opaque_alloca

from .blas import _BYTES, _GEMM_TYPE, _char, _copy, _extent, _float_type, _free
from .lapack import I8, I32, I64, PTR, _at, _blocks, _ByReference, _fill_nan, _make_call, _malloc, _square_copy

# -- numba_ez_xxxevd(kind, jobz, uplo, n, a, lda, w) -------------------------------------------------------
# Symmetric eigendecomposition A = V diag(w) V^T from the triangle `uplo` of a; with jobz 'V' the call
# leaves V in a, with 'N' (eigvalsh) only w, and the entry computes V from a copy of A taken before the
# call. With Q = V^T dA V: dw_i = Q_ii and dV = V (F o Q), F_ij = 1 / (w_j - w_i) off the diagonal; the
# adjoint is A' = V (diag(w') + F o (V^T V')) V^T, folded onto the read triangle. Eigenvectors of a
# repeated eigenvalue have no derivative: F is NaN there, so their tangents and adjoints are NaN.
_EVD_TYPE = ir.FunctionType(I32, [I8, I8, I8, I64, PTR, I64, PTR])


def _evd_flags(pass_, inst) -> tuple[bool, bool]:
    """(eigenvectors computed, lower triangle read)."""
    jobz, uplo = (getattr(inst.operands[i], "value", None) for i in (1, 2))
    if jobz not in (ord("V"), ord("N")) or uplo not in (ord("L"), ord("U")):
        raise pass_.error(inst, "the flags of a symmetric eigendecomposition must be constants")
    return jobz == ord("V"), uplo == ord("L")


def _evd_vectors(pass_, b, inst, before):
    """(V, w) as n x n and n arrays the entry owns, after making the call itself."""
    fty = _float_type(pass_, inst)
    emitter = pass_.emitter
    vectors, _ = _evd_flags(pass_, inst)
    n, a, ld, w = (pass_.get(inst.operands[i]) for i in (3, 4, 5, 6))
    status = _make_call(pass_, b, inst)
    if vectors:
        v = _square_copy(emitter, b, a, n, ld, fty)
    else:  # the same decomposition with vectors, of the copy made before the call
        v = before
        scratch = _malloc(emitter, b, b.mul(n, ir.Constant(I64, _BYTES[str(fty)])))
        evd = emitter.declare("numba_ez_xxxevd", _EVD_TYPE)
        kind, uplo = (ir.Constant(I8, inst.operands[i].value) for i in (0, 2))
        b.call(evd, [kind, ir.Constant(I8, ord("V")), uplo, n, v, n, scratch])
        _free(emitter, b, scratch)
    values = _copy(emitter, b, w, _extent(b, n, ir.Constant(I64, 1), n), fty)
    return status, v, values


def _gap_weights(b, q, w, n, fty) -> None:
    """q := F o q, F_ij = 1 / (w_j - w_i) off the diagonal, 0 on it; where w_i = w_j, NaN unless q_ij is 0."""
    zero, nan = ir.Constant(fty, 0.0), ir.Constant(fty, float("nan"))

    def one(b, i, j):
        p = _at(b, q, i, j, n, fty)
        gap = b.fsub(b.load(b.gep(w, [j], source_etype=fty), typ=fty), b.load(b.gep(w, [i], source_etype=fty), typ=fty))
        q_ij = b.load(p, typ=fty)
        undefined = b.select(b.fcmp_ordered("==", q_ij, zero), zero, nan)  # only where it is needed
        scaled = b.select(b.fcmp_ordered("==", gap, zero), undefined, b.fdiv(q_ij, gap))
        b.store(b.select(b.icmp_signed("==", i, j), zero, scaled), p)

    _blocks(b, n, one, "evd.gaps")


def _forward_evd(pass_, b, inst, _primal):
    fty = _float_type(pass_, inst)
    da_lanes, dw_lanes = pass_.lanes(inst.operands[4]), pass_.lanes(inst.operands[6])
    if da_lanes is None and dw_lanes is None:
        return None
    emitter = pass_.emitter
    vectors, lower = _evd_flags(pass_, inst)
    n, a, ld = (pass_.get(inst.operands[i]) for i in (3, 4, 5))
    before = None if vectors else _square_copy(emitter, b, a, n, ld, fty)
    tangents = []
    for d in da_lanes or ():  # dA, symmetric from the read triangle, taken before the call overwrites a
        s = _square_copy(emitter, b, d, n, ld, fty)
        _symmetric_from(b, s, n, lower, fty)
        tangents.append(s)
    status, v, values = _evd_vectors(pass_, b, inst, before)
    refs = _ByReference(b, lambda ty: pass_.entry_alloca(ty, b), fty)
    kind = ir.Constant(I8, inst.operands[0].value)
    gemm = emitter.declare("numba_xxgemm", _GEMM_TYPE)
    nbytes = b.mul(b.mul(n, n), ir.Constant(I64, _BYTES[str(fty)]))
    for k in range(pass_.width):
        dw = dw_lanes[k] if dw_lanes is not None else None
        if not tangents:  # A constant: nothing moves
            if dw is not None:
                _zero_vector(b, dw, n, fty, "evd.zero")
            continue
        s, t = tangents[k], _malloc(emitter, b, nbytes)
        one_, zero = refs.float(1.0), refs.float(0.0)
        b.call(gemm, [kind, _char(True), _char(False), n, n, n, one_, v, n, s, n, zero, t, n])  # V^T dA
        b.call(gemm, [kind, _char(False), _char(False), n, n, n, one_, t, n, v, n, zero, s, n])  # Q
        if dw is not None:
            element_loop(
                b,
                n,
                lambda b, i, dw=dw, s=s: b.store(
                    b.load(_at(b, s, i, i, n, fty), typ=fty), b.gep(dw, [i], source_etype=fty)
                ),
                "evd.dw",
            )
        if vectors:
            _gap_weights(b, s, values, n, fty)
            b.call(gemm, [kind, _char(False), _char(False), n, n, n, one_, v, n, s, n, zero, da_lanes[k], ld])  # dV
        else:
            _fill_nan(b, da_lanes[k], n, n, ld, fty, "evd.gone")  # a holds no values after the call
        _free(emitter, b, s)
        _free(emitter, b, t)
    for p in (v, values):
        _free(emitter, b, p)
    return status


def _symmetric_from(b, s, n, lower: bool, fty) -> None:
    """s := the symmetric matrix whose `lower` (or upper) triangle s holds."""

    def one(b, i, j):
        outside = b.icmp_signed("<", i, j) if lower else b.icmp_signed(">", i, j)
        v = b.select(outside, b.load(_at(b, s, j, i, n, fty), typ=fty), b.load(_at(b, s, i, j, n, fty), typ=fty))
        b.store(v, _at(b, s, i, j, n, fty))

    _blocks(b, n, one, "evd.sym")


class _Evd:
    def augmented(self, sweep, b, inst):
        rev = sweep.owner
        if not (rev.active(inst.operands[4]) or rev.active(inst.operands[6])):
            return None
        fty = _float_type(sweep, inst)
        vectors, _ = _evd_flags(sweep, inst)
        n, a, ld = (sweep.get(inst.operands[i]) for i in (3, 4, 5))
        before = None if vectors else _square_copy(sweep.emitter, b, a, n, ld, fty)
        status, v, values = _evd_vectors(sweep, b, inst, before)
        rev.side_tape().push(b, [v, values])
        return status

    def reverse(self, rev, b, inst, lane) -> None:
        if lane > 0 or not (rev.active(inst.operands[4]) or rev.active(inst.operands[6])):
            return
        fty = _float_type(rev, inst)
        emitter = rev.emitter
        vectors, lower = _evd_flags(rev, inst)
        v, values = rev.side_tape().pop(b, [PTR, PTR])
        n, ld = rev.primal(b, inst.operands[3]), rev.primal(b, inst.operands[5])
        refs = _ByReference(b, lambda ty: opaque_alloca(rev.setup, ty), fty)
        kind = ir.Constant(I8, inst.operands[0].value)
        gemm = emitter.declare("numba_xxgemm", _GEMM_TYPE)
        nbytes = b.mul(b.mul(n, n), ir.Constant(I64, _BYTES[str(fty)]))
        zero_f = ir.Constant(fty, 0.0)
        for k in range(rev.width):
            t, m = _malloc(emitter, b, nbytes), _malloc(emitter, b, nbytes)
            one_, zero = refs.float(1.0), refs.float(0.0)
            da = rev.shadow(b, inst.operands[4], k) if rev.active(inst.operands[4]) else None
            dw = rev.shadow(b, inst.operands[6], k) if rev.active(inst.operands[6]) else None
            if vectors and da is not None:  # F o (V^T V')
                b.call(gemm, [kind, _char(True), _char(False), n, n, n, one_, v, n, da, ld, zero, m, n])
                _gap_weights(b, m, values, n, fty)
            else:
                _blocks(b, n, lambda b, i, j, m=m: b.store(zero_f, _at(b, m, i, j, n, fty)), "evd.adj.zero")
            if dw is not None:  # + diag(w'), and w's adjoint is spent

                def diag(b, i, m=m, dw=dw):
                    p, pw = _at(b, m, i, i, n, fty), b.gep(dw, [i], source_etype=fty)
                    b.store(b.fadd(b.load(p, typ=fty), b.load(pw, typ=fty)), p)
                    b.store(zero_f, pw)

                element_loop(b, n, diag, "evd.adj.w")
            b.call(gemm, [kind, _char(False), _char(False), n, n, n, one_, v, n, m, n, zero, t, n])
            b.call(gemm, [kind, _char(False), _char(True), n, n, n, one_, t, n, v, n, zero, m, n])  # A'
            if da is not None:

                def fold(b, i, j, m=m, da=da):
                    inside = b.icmp_signed(">=", i, j) if lower else b.icmp_signed("<=", i, j)
                    mij, mji = b.load(_at(b, m, i, j, n, fty), typ=fty), b.load(_at(b, m, j, i, n, fty), typ=fty)
                    v_ = b.select(b.icmp_signed("==", i, j), mij, b.fadd(mij, mji))
                    b.store(b.select(inside, v_, zero_f), _at(b, da, i, j, ld, fty))

                _blocks(b, n, fold, "evd.adj.fold")
            _free(emitter, b, t)
            _free(emitter, b, m)
        for p in (v, values):
            _free(emitter, b, p)


_EVD = _Evd()
register(
    "numba_ez_xxxevd",
    writes=(4, 6),
    outputs=((4, (4,)), (6, (4,))),
    custom=True,
    forward=_forward_evd,
    augmented=_EVD.augmented,
    reverse=_EVD.reverse,
)


# -- numba_ez_gesdd(kind, jobz, m, n, a, lda, s, u, ldu, vt, ldvt) ----------------------------------------
# A = U diag(s) V^T (a destroyed). Singular values: ds_i = u_i^T dA v_i, A' = U_k diag(s') V_k^T (k = min(m,
# n)). The singular vectors' own derivatives are not implemented: their tangents are NaN, and a reverse
# sweep in which they carry an adjoint gives a NaN A', so that neither can pass for a derivative.
def _min(b, m, n):
    return b.select(b.icmp_signed("<", m, n), m, n)


def _any_nonzero(b, ptr, rows, cols, ld, fty, flag) -> None:
    """flag |= (some entry of the block is not 0)."""
    zero = ir.Constant(fty, 0.0)

    def one(b, i, j):
        v = b.load(_at(b, ptr, i, j, ld, fty), typ=fty)
        b.store(b.or_(b.load(flag, typ=ir.IntType(1)), b.fcmp_unordered("!=", v, zero)), flag)

    element_loop(b, cols, lambda b, j: element_loop(b, rows, lambda b, i: one(b, i, j), "svd.check.i"), "svd.check")


def _zero_vector(b, p, n, fty, name: str) -> None:
    element_loop(b, n, lambda b, i: b.store(ir.Constant(fty, 0.0), b.gep(p, [i], source_etype=fty)), name)


def _forward_gesdd(pass_, b, inst, primal) -> None:
    fty = _float_type(pass_, inst)
    das = pass_.lanes(inst.operands[4])
    if das is None:
        return
    emitter = pass_.emitter
    ops = [pass_.get(o) for o in inst.operands]
    m, n, lda, u, ldu, vt, ldvt = ops[2], ops[3], ops[5], ops[7], ops[8], ops[9], ops[10]
    k = _min(b, m, n)
    full = inst.operands[1].value == ord("A")
    refs = _ByReference(b, lambda ty: pass_.entry_alloca(ty, b), fty)
    kind = ir.Constant(I8, inst.operands[0].value)
    gemm = emitter.declare("numba_xxgemm", _GEMM_TYPE)
    t = _malloc(emitter, b, b.mul(b.mul(k, n), ir.Constant(I64, _BYTES[str(fty)])))
    acc = pass_.entry_alloca(fty, b)
    for lane in range(pass_.width):
        da = das[lane]
        one_, zero = refs.float(1.0), refs.float(0.0)
        b.call(gemm, [kind, _char(True), _char(False), k, n, m, one_, u, ldu, da, lda, zero, t, k])  # U_k^T dA
        ds = (pass_.lanes(inst.operands[6]) or [None] * pass_.width)[lane]
        if ds is not None:

            def value(b, i, ds=ds):
                b.store(ir.Constant(fty, 0.0), acc)
                element_loop(
                    b,
                    n,
                    lambda b, q: b.store(
                        b.fadd(
                            b.load(acc, typ=fty),
                            b.fmul(
                                b.load(_at(b, t, i, q, k, fty), typ=fty), b.load(_at(b, vt, i, q, ldvt, fty), typ=fty)
                            ),
                        ),
                        acc,
                    ),
                    "svd.tan.q",
                )
                b.store(b.load(acc, typ=fty), b.gep(ds, [i], source_etype=fty))

            element_loop(b, k, value, "svd.tan")
        ucols, vrows = (m, n) if full else (k, k)
        for pos, rows, cols, ld in ((7, m, ucols, ldu), (9, vrows, n, ldvt)):
            lanes = pass_.lanes(inst.operands[pos])
            if lanes is not None:
                _fill_nan(b, lanes[lane], rows, cols, ld, fty, "svd.vectors")
    _free(emitter, b, t)


class _Gesdd:
    def save(self, sweep, b, inst) -> None:
        rev = sweep.owner
        if not rev.active(inst.operands[4]):
            return
        fty = _float_type(sweep, inst)
        ops = [sweep.get(o) for o in inst.operands]
        m, n = ops[2], ops[3]
        k = _min(b, m, n)
        full = inst.operands[1].value == ord("A")
        ucols, vrows = (m, n) if full else (k, k)
        u = _copy(sweep.emitter, b, ops[7], _extent(b, m, ucols, ops[8]), fty)
        vt = _copy(sweep.emitter, b, ops[9], _extent(b, vrows, n, ops[10]), fty)
        rev.side_tape().push(b, [u, vt])

    def reverse(self, rev, b, inst, lane) -> None:
        if lane > 0 or not rev.active(inst.operands[4]):
            return
        fty = _float_type(rev, inst)
        emitter = rev.emitter
        u, vt = rev.side_tape().pop(b, [PTR, PTR])
        m, n, lda, ldu, ldvt = (rev.primal(b, inst.operands[i]) for i in (2, 3, 5, 8, 10))
        k = _min(b, m, n)
        full = inst.operands[1].value == ord("A")
        ucols, vrows = (m, n) if full else (k, k)
        refs = _ByReference(b, lambda ty: opaque_alloca(rev.setup, ty), fty)
        kind = ir.Constant(I8, inst.operands[0].value)
        gemm = emitter.declare("numba_xxgemm", _GEMM_TYPE)
        zero_f = ir.Constant(fty, 0.0)
        flag = opaque_alloca(rev.setup, ir.IntType(1))
        for lane in range(rev.width):
            t = _malloc(emitter, b, b.mul(b.mul(m, k), ir.Constant(I64, _BYTES[str(fty)])))
            ds = rev.shadow(b, inst.operands[6], lane) if rev.active(inst.operands[6]) else None

            def scaled(b, i, j, ds=ds, t=t):  # U_k diag(s')
                d = b.load(b.gep(ds, [j], source_etype=fty), typ=fty) if ds is not None else zero_f
                b.store(b.fmul(b.load(_at(b, u, i, j, ldu, fty), typ=fty), d), _at(b, t, i, j, m, fty))

            element_loop(b, k, lambda b, j: element_loop(b, m, lambda b, i: scaled(b, i, j), "svd.adj.i"), "svd.adj")
            if ds is not None:  # the singular values' adjoint is spent
                _zero_vector(b, ds, k, fty, "svd.adj.s")
            da = rev.shadow(b, inst.operands[4], lane)
            one_, zero = refs.float(1.0), refs.float(0.0)
            b.call(gemm, [kind, _char(False), _char(False), m, n, k, one_, t, m, vt, ldvt, zero, da, lda])
            b.store(ir.Constant(ir.IntType(1), 0), flag)
            for pos, rows, cols, ld in ((7, m, ucols, ldu), (9, vrows, n, ldvt)):
                if rev.active(inst.operands[pos]):
                    _any_nonzero(b, rev.shadow(b, inst.operands[pos], lane), rows, cols, ld, fty, flag)
            with b.if_then(b.load(flag, typ=ir.IntType(1))):
                _fill_nan(b, da, m, n, lda, fty, "svd.vectors")
            _free(emitter, b, t)
        _free(emitter, b, u)
        _free(emitter, b, vt)


_GESDD = _Gesdd()
register(
    "numba_ez_gesdd",
    writes=(4, 6, 7, 9),
    outputs=((6, (4,)), (7, (4,)), (9, (4,))),
    forward=_forward_gesdd,
    save=_GESDD.save,
    reverse=_GESDD.reverse,
)
