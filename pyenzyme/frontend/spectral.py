"""Derivatives of Numba's eigendecompositions: `np.linalg.eigh` / `eigvalsh` (`numba_ez_xxxevd`) and
`np.linalg.eig` / `eigvals` of a real spectrum (`numba_ez_rgeev`).

Input: nothing; importing this module registers the facts (with the helpers of `lapack.py`). Output:
callee entries whose derivatives are matrix products (gemm) on the factors the calls compute.
"""

from __future__ import annotations

import llvmlite.ir as ir

from llvm_passes.callees import register
from llvm_passes.ir.emitter import element_loop, opaque_alloca

from .blas import _BYTES, _GEMM_TYPE, _char, _copy, _extent, _float_type, _free
from .lapack import I8, I32, I64, PTR, _at, _blocks, _ByReference, _fill_nan, _make_call, _malloc, _square_copy

I1 = ir.IntType(1)

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


def _gap_weights(b, q, w, n, fty, live=None) -> None:
    """q := F o q, F_ij = 1 / (w_j - w_i) off the diagonal, 0 on it. Where w_i = w_j the vectors i and j have
    no derivative (LAPACK's basis of their plane, and its order, may jump under any perturbation): their
    tangents (live None) are NaN there, and so is an adjoint unless both vectors' adjoints are 0 (`live`:
    an i8 per vector, nonzero where its adjoint is not 0); a numerator that vanishes, by symmetry or by
    the direction, must not pass for a limit that 0/0 does not determine."""
    zero, nan = ir.Constant(fty, 0.0), ir.Constant(fty, float("nan"))

    def one(b, i, j):
        p = _at(b, q, i, j, n, fty)
        gap = b.fsub(b.load(b.gep(w, [j], source_etype=fty), typ=fty), b.load(b.gep(w, [i], source_etype=fty), typ=fty))
        q_ij = b.load(p, typ=fty)
        if live is None:
            needed = ir.Constant(ir.IntType(1), 1)
        else:
            needed = b.icmp_unsigned("!=", b.or_(_flag(b, live, i), _flag(b, live, j)), ir.Constant(I8, 0))
        scaled = b.select(b.fcmp_ordered("==", gap, zero), b.select(needed, nan, zero), b.fdiv(q_ij, gap))
        b.store(b.select(b.icmp_signed("==", i, j), zero, scaled), p)

    _blocks(b, n, one, "evd.gaps")


def _flag(b, flags, i):
    return b.load(b.gep(flags, [i], source_etype=I8), typ=I8)


def _live_columns(emitter, b, bar, ld, rows, cols, fty, flags=None, by_rows=False):
    """flags[c] |= (column c of the rows x cols block is not all 0), or row c with by_rows (then the block
    is cols x rows); a malloc'd i8 array of `cols` flags, zeroed first unless given."""
    if flags is None:
        flags = _malloc(emitter, b, cols)
        element_loop(b, cols, lambda b, c: b.store(ir.Constant(I8, 0), b.gep(flags, [c], source_etype=I8)), "live.zero")
    zero = ir.Constant(fty, 0.0)

    def one(b, r, c):
        v = b.load(_at(b, bar, c, r, ld, fty) if by_rows else _at(b, bar, r, c, ld, fty), typ=fty)
        p = b.gep(flags, [c], source_etype=I8)
        b.store(b.or_(b.load(p, typ=I8), b.zext(b.fcmp_unordered("!=", v, zero), I8)), p)

    element_loop(b, cols, lambda b, c: element_loop(b, rows, lambda b, r: one(b, r, c), "live.r"), "live")
    return flags


def _repeated_tangents(b, q, ld, w, n, dw, fty, name: str, zero_is_corner: bool = False) -> None:
    """dw_i := NaN where the sorted value w_i has no derivative in this direction: it is repeated (w_j = w_i,
    j != i) and the direction q mixes or splits the pair (q_ij or q_ji not 0, or q_ii != q_jj: the sorted
    branches then turn a corner), or (zero_is_corner, singular values: |.|) it is 0."""
    nan, zero = ir.Constant(fty, float("nan")), ir.Constant(fty, 0.0)

    def load(p):
        return b.load(p, typ=fty)

    def one(b, i, j):
        wi, wj = load(b.gep(w, [i], source_etype=fty)), load(b.gep(w, [j], source_etype=fty))
        same = b.and_(b.icmp_signed("!=", i, j), b.fcmp_ordered("==", wi, wj))
        mixed = b.or_(
            b.fcmp_unordered("!=", load(_at(b, q, i, j, ld, fty)), zero),
            b.fcmp_unordered("!=", load(_at(b, q, j, i, ld, fty)), zero),
        )
        split = b.fcmp_unordered("!=", load(_at(b, q, i, i, ld, fty)), load(_at(b, q, j, j, ld, fty)))
        corner = b.and_(same, b.or_(mixed, split))
        if zero_is_corner:
            corner = b.or_(corner, b.fcmp_ordered("==", wi, zero))
        with b.if_then(corner):
            b.store(nan, b.gep(dw, [i], source_etype=fty))

    _blocks(b, n, one, name)


def _repeated_adjoints(b, bar, w, n, fty, flag, name: str, zero_is_corner: bool = False) -> None:
    """flag |= some sorted value without a derivative carries an adjoint that depends on it: two equal
    values with different adjoints (their sum has a derivative, each alone does not), or (zero_is_corner)
    a 0 singular value with one."""
    zero = ir.Constant(fty, 0.0)

    def load(p):
        return b.load(p, typ=fty)

    def one(b, i, j):
        wi, wj = load(b.gep(w, [i], source_etype=fty)), load(b.gep(w, [j], source_etype=fty))
        bi, bj = load(b.gep(bar, [i], source_etype=fty)), load(b.gep(bar, [j], source_etype=fty))
        bad = b.and_(b.fcmp_ordered("==", wi, wj), b.fcmp_unordered("!=", bi, bj))
        if zero_is_corner:
            bad = b.or_(bad, b.and_(b.fcmp_ordered("==", wi, zero), b.fcmp_unordered("!=", bi, zero)))
        b.store(b.or_(b.load(flag, typ=I1), bad), flag)

    _blocks(b, n, one, name)


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
            _diagonal_to(b, s, n, n, dw, fty, "evd.dw")
            _repeated_tangents(b, s, n, values, n, dw, fty, "evd.dw.repeated")
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
        flag = opaque_alloca(rev.setup, I1)
        for k in range(rev.width):
            t, m = _malloc(emitter, b, nbytes), _malloc(emitter, b, nbytes)
            one_, zero = refs.float(1.0), refs.float(0.0)
            b.store(ir.Constant(I1, 0), flag)
            da = rev.shadow(b, inst.operands[4], k) if rev.active(inst.operands[4]) else None
            dw = rev.shadow(b, inst.operands[6], k) if rev.active(inst.operands[6]) else None
            if vectors and da is not None:  # F o (V^T V')
                live = _live_columns(emitter, b, da, ld, n, n, fty)
                b.call(gemm, [kind, _char(True), _char(False), n, n, n, one_, v, n, da, ld, zero, m, n])
                _gap_weights(b, m, values, n, fty, live)
                _free(emitter, b, live)
            else:
                _blocks(b, n, lambda b, i, j, m=m: b.store(zero_f, _at(b, m, i, j, n, fty)), "evd.adj.zero")
            if dw is not None:  # + diag(w'), and w's adjoint is spent

                def diag(b, i, m=m, dw=dw):
                    p, pw = _at(b, m, i, i, n, fty), b.gep(dw, [i], source_etype=fty)
                    b.store(b.fadd(b.load(p, typ=fty), b.load(pw, typ=fty)), p)
                    b.store(zero_f, pw)

                _repeated_adjoints(b, dw, values, n, fty, flag, "evd.adj.repeated")
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
                with b.if_then(b.load(flag, typ=I1)):  # an adjoint on a repeated eigenvalue alone
                    _fill_nan(b, da, n, n, ld, fty, "evd.adj.nan")
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


def _diagonal_to(b, src, ld, n, dst, fty, name: str) -> None:
    """dst_i := src_ii for i < n."""
    element_loop(
        b, n, lambda b, i: b.store(b.load(_at(b, src, i, i, ld, fty), typ=fty), b.gep(dst, [i], source_etype=fty)), name
    )


def _zero_vector(b, p, n, fty, name: str) -> None:
    element_loop(b, n, lambda b, i: b.store(ir.Constant(fty, 0.0), b.gep(p, [i], source_etype=fty)), name)


# -- numba_ez_rgeev(kind, jobvl, jobvr, n, a, lda, wr, wi, vl, ldvl, vr, ldvr) ----------------------------
# General real eigendecomposition A V = V diag(w) (a destroyed), w = wr + i wi: Numba's np.linalg.eig and
# eigvals return only real spectra (they raise otherwise), with each eigenvector of unit length (jobvr 'V'
# leaves V in vr; for eigvals the entry computes V from a copy of A taken before the call). With
# C = V^-1 dA V and F as for eigh (F_ij = 1 / (w_j - w_i)): dw = diag(C), dV = V E - V diag(V^T V E) with
# E = F o C (the second term keeps the columns of unit length); the adjoint, with G = V^T V',
#   A' = V^-T (diag(w') + F o (G - V^T V diag(G))) V^T.
# A complex pair, or a repeated eigenvalue where a vector's derivative is asked for, gives NaN.
_GEEV_TYPE = ir.FunctionType(I32, [I8, I8, I8, I64, PTR, I64, PTR, PTR, PTR, I64, PTR, I64])
_GESV_TYPE = ir.FunctionType(I32, [I8, I64, I64, PTR, I64, PTR, PTR, I64])


def _geev_vectors(pass_, inst) -> bool:
    jobvl, jobvr = (getattr(inst.operands[i], "value", None) for i in (1, 2))
    if jobvl != ord("N") or jobvr not in (ord("V"), ord("N")):
        raise pass_.error(inst, "a general eigendecomposition is differentiable for right eigenvectors only")
    return jobvr == ord("V")


def _geev_factors(pass_, b, inst, before):
    """(status, V, w, V^-1, complex): the call made; V, w and V^-1 as n x n, n and n x n arrays the entry
    owns; a flag set when the spectrum is not real (some wi is not 0)."""
    fty = _float_type(pass_, inst)
    emitter = pass_.emitter
    size = ir.Constant(I64, _BYTES[str(fty)])
    kind = ir.Constant(I8, inst.operands[0].value)
    n, wr, wi, vr, ldvr = (pass_.get(inst.operands[i]) for i in (3, 6, 7, 10, 11))
    status = _make_call(pass_, b, inst)
    if before is None:
        v = _square_copy(emitter, b, vr, n, ldvr, fty)
    else:  # the same decomposition with vectors, of the copy made before the call
        v = _malloc(emitter, b, b.mul(b.mul(n, n), size))
        re, im = (_malloc(emitter, b, b.mul(n, size)) for _ in range(2))
        geev = emitter.declare("numba_ez_rgeev", _GEEV_TYPE)
        jobs = (ir.Constant(I8, ord("N")), ir.Constant(I8, ord("V")))
        b.call(geev, [kind, *jobs, n, before, n, re, im, re, ir.Constant(I64, 1), v, n])  # vl is not read
        for p in (re, im, before):
            _free(emitter, b, p)
    values = _copy(emitter, b, wr, _extent(b, n, ir.Constant(I64, 1), n), fty)
    flag = pass_.entry_alloca(I1, b)
    b.store(ir.Constant(I1, 0), flag)
    zero = ir.Constant(fty, 0.0)

    def check(b, i):
        imaginary = b.fcmp_unordered("!=", b.load(b.gep(wi, [i], source_etype=fty), typ=fty), zero)
        b.store(b.or_(b.load(flag, typ=I1), imaginary), flag)

    element_loop(b, n, check, "geev.complex")
    return status, v, values, _inverse(pass_, b, kind, v, n, fty), flag


def _inverse(pass_, b, kind, v, n, fty):
    """V^-1 (n x n, malloc'd) by LAPACK's gesv on a copy of V."""
    emitter = pass_.emitter
    lu = _square_copy(emitter, b, v, n, n, fty)
    inverse = _malloc(emitter, b, b.mul(b.mul(n, n), ir.Constant(I64, _BYTES[str(fty)])))
    one, zero = ir.Constant(fty, 1.0), ir.Constant(fty, 0.0)
    _blocks(
        b,
        n,
        lambda b, i, j: b.store(b.select(b.icmp_signed("==", i, j), one, zero), _at(b, inverse, i, j, n, fty)),
        "geev.eye",
    )
    pivots = _malloc(emitter, b, b.mul(n, ir.Constant(I64, 4)))
    b.call(emitter.declare("numba_xgesv", _GESV_TYPE), [kind, n, n, lu, n, pivots, inverse, n])
    _free(emitter, b, lu)
    _free(emitter, b, pivots)
    return inverse


def _unit_columns(pass_, b, dv, ld, v, n, fty) -> None:
    """dv -= V diag(V^T dv): the tangent of columns that keep unit length."""
    acc = pass_.entry_alloca(fty, b)

    def column(b, j):
        b.store(ir.Constant(fty, 0.0), acc)

        def dot(b, i):
            term = b.fmul(b.load(_at(b, v, i, j, n, fty), typ=fty), b.load(_at(b, dv, i, j, ld, fty), typ=fty))
            b.store(b.fadd(b.load(acc, typ=fty), term), acc)

        def project(b, i):
            p = _at(b, dv, i, j, ld, fty)
            b.store(
                b.fsub(b.load(p, typ=fty), b.fmul(b.load(_at(b, v, i, j, n, fty), typ=fty), b.load(acc, typ=fty))), p
            )

        element_loop(b, n, dot, "geev.unit.dot")
        element_loop(b, n, project, "geev.unit.sub")

    element_loop(b, n, column, "geev.unit")


def _less_gram(b, x, gram, n, fty, slot) -> None:
    """x := x - gram diag(x), column by column (x_jj read before the column changes)."""

    def column(b, j):
        b.store(b.load(_at(b, x, j, j, n, fty), typ=fty), slot)

        def entry(b, i):
            p = _at(b, x, i, j, n, fty)
            b.store(
                b.fsub(b.load(p, typ=fty), b.fmul(b.load(_at(b, gram, i, j, n, fty), typ=fty), b.load(slot, typ=fty))),
                p,
            )

        element_loop(b, n, entry, "geev.adj.g.i")

    element_loop(b, n, column, "geev.adj.g")


def _geev_active(rev, inst, vectors: bool) -> bool:
    return rev.active(inst.operands[4]) or rev.active(inst.operands[6]) or (vectors and rev.active(inst.operands[10]))


def _forward_geev(pass_, b, inst, _primal):
    fty = _float_type(pass_, inst)
    vectors = _geev_vectors(pass_, inst)
    das, dws, dwis = (pass_.lanes(inst.operands[i]) for i in (4, 6, 7))
    dvs = pass_.lanes(inst.operands[10]) if vectors else None
    if das is None and dws is None and dvs is None:
        return None
    emitter = pass_.emitter
    n, a, lda, ldvr = (pass_.get(inst.operands[i]) for i in (3, 4, 5, 11))
    before = None if vectors else _square_copy(emitter, b, a, n, lda, fty)
    status, v, values, inverse, complex_ = _geev_factors(pass_, b, inst, before)
    refs = _ByReference(b, lambda ty: pass_.entry_alloca(ty, b), fty)
    kind = ir.Constant(I8, inst.operands[0].value)
    gemm = emitter.declare("numba_xxgemm", _GEMM_TYPE)
    nbytes = b.mul(b.mul(n, n), ir.Constant(I64, _BYTES[str(fty)]))
    t, c = _malloc(emitter, b, nbytes), _malloc(emitter, b, nbytes)
    zero_f = ir.Constant(fty, 0.0)
    for k in range(pass_.width):
        dw, dv = (lanes[k] if lanes is not None else None for lanes in (dws, dvs))
        if dwis is not None:  # the spectrum is real where the call returns
            _zero_vector(b, dwis[k], n, fty, "geev.dwi")
        if das is None:  # A constant: nothing moves
            if dw is not None:
                _zero_vector(b, dw, n, fty, "geev.zero")
            if dv is not None:
                _blocks(b, n, lambda b, i, j, dv=dv: b.store(zero_f, _at(b, dv, i, j, ldvr, fty)), "geev.zero.v")
            continue
        one, zero = refs.float(1.0), refs.float(0.0)
        b.call(gemm, [kind, _char(False), _char(False), n, n, n, one, das[k], lda, v, n, zero, t, n])  # dA V
        b.call(gemm, [kind, _char(False), _char(False), n, n, n, one, inverse, n, t, n, zero, c, n])  # C
        if dw is not None:
            _diagonal_to(b, c, n, n, dw, fty, "geev.dw")
            _repeated_tangents(b, c, n, values, n, dw, fty, "geev.dw.repeated")
        if dv is not None:
            _gap_weights(b, c, values, n, fty)
            b.call(gemm, [kind, _char(False), _char(False), n, n, n, one, v, n, c, n, zero, dv, ldvr])  # V E
            _unit_columns(pass_, b, dv, ldvr, v, n, fty)
        _fill_nan(b, das[k], n, n, lda, fty, "geev.gone")  # a holds no values after the call
        with b.if_then(b.load(complex_, typ=I1)):  # no real derivative (and Numba raises)
            for out, cols, ld in ((dw, ir.Constant(I64, 1), n), (dv, n, ldvr)):
                if out is not None:
                    _fill_nan(b, out, n, cols, ld, fty, "geev.complex.nan")
    for p in (v, values, inverse, t, c):
        _free(emitter, b, p)
    return status


class _Geev:
    def augmented(self, sweep, b, inst):
        rev = sweep.owner
        vectors = _geev_vectors(sweep, inst)
        if not _geev_active(rev, inst, vectors):
            return None
        fty = _float_type(sweep, inst)
        n, a, lda = (sweep.get(inst.operands[i]) for i in (3, 4, 5))
        before = None if vectors else _square_copy(sweep.emitter, b, a, n, lda, fty)
        status, v, values, inverse, _ = _geev_factors(sweep, b, inst, before)
        rev.side_tape().push(b, [v, values, inverse])
        return status

    def reverse(self, rev, b, inst, lane) -> None:
        vectors = _geev_vectors(rev, inst)
        if lane > 0 or not _geev_active(rev, inst, vectors):
            return
        fty = _float_type(rev, inst)
        emitter = rev.emitter
        v, values, inverse = rev.side_tape().pop(b, [PTR, PTR, PTR])
        n, lda, ldvr = (rev.primal(b, inst.operands[i]) for i in (3, 5, 11))
        refs = _ByReference(b, lambda ty: opaque_alloca(rev.setup, ty), fty)
        kind = ir.Constant(I8, inst.operands[0].value)
        gemm = emitter.declare("numba_xxgemm", _GEMM_TYPE)
        nbytes = b.mul(b.mul(n, n), ir.Constant(I64, _BYTES[str(fty)]))
        gram, x, t = (_malloc(emitter, b, nbytes) for _ in range(3))
        one, zero = refs.float(1.0), refs.float(0.0)
        b.call(gemm, [kind, _char(True), _char(False), n, n, n, one, v, n, v, n, zero, gram, n])  # V^T V
        zero_f = ir.Constant(fty, 0.0)
        diagonal, flag = opaque_alloca(rev.setup, fty), opaque_alloca(rev.setup, I1)
        for k in range(rev.width):
            b.store(ir.Constant(I1, 0), flag)
            da, dw, dwi = (
                rev.shadow(b, inst.operands[i], k) if rev.active(inst.operands[i]) else None for i in (4, 6, 7)
            )
            dv = rev.shadow(b, inst.operands[10], k) if vectors and rev.active(inst.operands[10]) else None
            if dv is not None:  # F o (G - V^T V diag(G)), G = V^T V'
                b.call(gemm, [kind, _char(True), _char(False), n, n, n, one, v, n, dv, ldvr, zero, x, n])

                _less_gram(b, x, gram, n, fty, diagonal)
                live = _live_columns(emitter, b, dv, ldvr, n, n, fty)
                _gap_weights(b, x, values, n, fty, live)
                _free(emitter, b, live)
                _blocks(b, n, lambda b, i, j, dv=dv: b.store(zero_f, _at(b, dv, i, j, ldvr, fty)), "geev.adj.v.spent")
            else:
                _blocks(b, n, lambda b, i, j: b.store(zero_f, _at(b, x, i, j, n, fty)), "geev.adj.zero")
            if dw is not None:  # + diag(w'), and w's adjoint is spent

                def diag(b, i, dw=dw):
                    p, pw = _at(b, x, i, i, n, fty), b.gep(dw, [i], source_etype=fty)
                    b.store(b.fadd(b.load(p, typ=fty), b.load(pw, typ=fty)), p)
                    b.store(zero_f, pw)

                _repeated_adjoints(b, dw, values, n, fty, flag, "geev.adj.repeated")
                element_loop(b, n, diag, "geev.adj.w")
            if dwi is not None:
                _zero_vector(b, dwi, n, fty, "geev.adj.wi")
            if da is not None:  # A' = V^-T X V^T
                b.call(gemm, [kind, _char(False), _char(True), n, n, n, one, x, n, v, n, zero, t, n])
                b.call(gemm, [kind, _char(True), _char(False), n, n, n, one, inverse, n, t, n, zero, da, lda])
                with b.if_then(b.load(flag, typ=I1)):  # an adjoint on a repeated eigenvalue alone
                    _fill_nan(b, da, n, n, lda, fty, "geev.adj.nan")
        for p in (v, values, inverse, gram, x, t):
            _free(emitter, b, p)


_GEEV = _Geev()
register(
    "numba_ez_rgeev",
    writes=(4, 6, 7, 10),
    outputs=((6, (4,)), (7, (4,)), (10, (4,))),
    custom=True,
    forward=_forward_geev,
    augmented=_GEEV.augmented,
    reverse=_GEEV.reverse,
)
