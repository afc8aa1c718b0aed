"""The derivatives of `np.linalg.svd` (and so of `np.linalg.pinv`) through Numba's `numba_ez_gesdd`.

Input: nothing; importing this module registers the facts. Output: a callee
entry for `numba_ez_gesdd(kind, jobz, m, n, a, lda, s, u, ldu, vt, ldvt)`,
which leaves A = U diag(s) V^T in u, s and vt (a destroyed), with jobz 'A'
(U m x m, V^T n x n) or 'S' (the thin factors, k = min(m, n) of each).

With P = U_k^T dA V_k (k x k) and F_ij = 1 / (s_j^2 - s_i^2) off the
diagonal (0 on it), the tangents of the thin factors are
  ds  = diag(P),
  dU  = U_k (F o (P S + S P^T))   + (dA V_k - U_k P) S^-1     (the last term when k < m),
  dVt = (F o (S P + P^T S))^T V^T + S^-1 (U_k^T dA - P V^T)   (the last term when k < n),
and the adjoint, with Gu = U_k^T U', Gv = V^T V',
  A' = U_k [(F o ((Gu - Gu^T) S + S (Gv - Gv^T)) + diag(s')) V^T + S^-1 (V^T' - Gv^T V^T)]
       + (U' - U_k Gu) S^-1 V^T,
every product a gemm. Where two singular values are equal, F is NaN unless
its numerator is 0, and a zero singular value divides only what is not 0:
the vectors of a repeated singular value have no derivative, and their
tangents and adjoints are NaN rather than wrong. So are the tangents of the
columns of U (rows of V^T) beyond k that jobz 'A' adds (any orthonormal
completion would do), and A' when they carry an adjoint. `np.linalg.pinv`
is Numba code around this call and a gemm, differentiated through both.
"""

from __future__ import annotations

import llvmlite.ir as ir

from llvm_passes.callees import register
from llvm_passes.ir.emitter import element_loop, opaque_alloca

from .blas import _BYTES, _copy, _extent, _float_type, _free
from .lapack import PTR, _at, _blocks, _ByReference, _fill_nan, _malloc
from .lstsq import _accumulate, _flag_nonzero, _gemm, _grid, _move
from .spectral import _diagonal_to, _gap_weights, _live_columns, _repeated_adjoints, _repeated_tangents

I1, I8, I64 = ir.IntType(1), ir.IntType(8), ir.IntType(64)


def _min(b, m, n):
    return b.select(b.icmp_signed("<", m, n), m, n)


def _matrix(emitter, b, rows, cols, fty):
    """Malloc'd room for a column-major rows x cols matrix (leading dimension rows)."""
    return _malloc(emitter, b, b.mul(b.mul(rows, cols), ir.Constant(I64, _BYTES[str(fty)])))


def _value(b, p, i, fty):
    return b.load(b.gep(p, [i], source_etype=fty), typ=fty)


def _divide(b, x, ld, rows, cols, s, by_column: bool, fty, name: str) -> None:
    """x_ij /= s_j (by_column) or s_i; an entry that is 0 stays 0, whatever s is."""
    zero = ir.Constant(fty, 0.0)

    def one(b, i, j):
        p = _at(b, x, i, j, ld, fty)
        v = b.load(p, typ=fty)
        b.store(b.select(b.fcmp_ordered("==", v, zero), zero, b.fdiv(v, _value(b, s, j if by_column else i, fty))), p)

    _grid(b, rows, cols, one, name)


def _squares(emitter, b, s, k, fty):
    """A malloc'd vector of s_i^2 (the gaps of F are differences of these)."""
    out = _malloc(emitter, b, b.mul(k, ir.Constant(I64, _BYTES[str(fty)])))

    def one(b, i):
        v = _value(b, s, i, fty)
        b.store(b.fmul(v, v), b.gep(out, [i], source_etype=fty))

    element_loop(b, k, one, "svd.squares")
    return out


def _numerators(b, out, p, s, k, fty, left: bool) -> None:
    """out := S P + P^T S (left) or P S + S P^T, for k x k P: out_ij = s_i P_ij + P_ji s_j, or P_ij s_j + s_i P_ji."""

    def one(b, i, j):
        pij, pji = b.load(_at(b, p, i, j, k, fty), typ=fty), b.load(_at(b, p, j, i, k, fty), typ=fty)
        si, sj = _value(b, s, i, fty), _value(b, s, j, fty)
        value = b.fadd(b.fmul(si, pij), b.fmul(pji, sj)) if left else b.fadd(b.fmul(pij, sj), b.fmul(si, pji))
        b.store(value, _at(b, out, i, j, k, fty))

    _blocks(b, k, one, "svd.numerators")


class _Shape:
    """The call's sizes, as values in the builder's function (`get` maps an operand to one)."""

    def __init__(self, get, b, inst):
        self.m, self.n, self.lda, self.ldu, self.ldvt = (get(inst.operands[i]) for i in (2, 3, 5, 8, 10))
        self.k = _min(b, self.m, self.n)
        full = inst.operands[1].value == ord("A")
        self.ucols, self.vrows = (self.m, self.n) if full else (self.k, self.k)


def _jobz(pass_, inst) -> None:
    if getattr(inst.operands[1], "value", None) not in (ord("A"), ord("S")):
        raise pass_.error(inst, "an SVD whose factors are differentiated must compute them (jobz 'A' or 'S')")


def _forward_gesdd(pass_, b, inst, _primal) -> None:
    das = pass_.lanes(inst.operands[4])
    if das is None:
        return
    fty = _float_type(pass_, inst)
    _jobz(pass_, inst)
    emitter = pass_.emitter
    d = _Shape(pass_.get, b, inst)
    m, n, k, ldu, ldvt = d.m, d.n, d.k, d.ldu, d.ldvt
    s, u, vt = (pass_.get(inst.operands[i]) for i in (6, 7, 9))
    refs = _ByReference(b, lambda ty: pass_.entry_alloca(ty, b), fty)
    kind = ir.Constant(I8, inst.operands[0].value)
    none = [None] * pass_.width
    ds_lanes, du_lanes, dvt_lanes = (pass_.lanes(inst.operands[i]) or none for i in (6, 7, 9))
    squares = _squares(emitter, b, s, k, fty)
    t1, p, j = _matrix(emitter, b, k, n, fty), _matrix(emitter, b, k, k, fty), _matrix(emitter, b, k, k, fty)
    t2 = _matrix(emitter, b, m, k, fty)
    for lane in range(pass_.width):
        da, ds, du, dvt = das[lane], ds_lanes[lane], du_lanes[lane], dvt_lanes[lane]
        one, zero, minus = refs.float(1.0), refs.float(0.0), refs.float(-1.0)
        _gemm(emitter, b, kind, True, False, k, n, m, one, u, ldu, da, d.lda, zero, t1, k)  # U_k^T dA
        _gemm(emitter, b, kind, False, True, k, k, n, one, t1, k, vt, ldvt, zero, p, k)  # P
        if ds is not None:
            _diagonal_to(b, p, k, k, ds, fty, "svd.ds")
            _repeated_tangents(b, p, k, s, k, ds, fty, "svd.ds.repeated", zero_is_corner=True)
        if du is not None:
            _numerators(b, j, p, s, k, fty, False)  # P S + S P^T
            _gap_weights(b, j, squares, k, fty)
            _gemm(emitter, b, kind, False, False, m, k, k, one, u, ldu, j, k, zero, du, ldu)
            with b.if_then(b.icmp_signed("<", k, m)):  # + (dA V_k - U_k P) S^-1
                _gemm(emitter, b, kind, False, True, m, k, n, one, da, d.lda, vt, ldvt, zero, t2, m)
                _gemm(emitter, b, kind, False, False, m, k, k, minus, u, ldu, p, k, one, t2, m)
                _divide(b, t2, m, m, k, s, True, fty, "svd.du.scale")
                _accumulate(b, du, t2, ldu, m, k, fty, "svd.du.add", lds=m)
                _fill_nan(
                    b, b.gep(du, [b.mul(k, ldu)], source_etype=fty), m, b.sub(d.ucols, k), ldu, fty, "svd.du.extra"
                )
        if dvt is not None:
            _numerators(b, j, p, s, k, fty, True)  # S P + P^T S
            _gap_weights(b, j, squares, k, fty)
            _gemm(emitter, b, kind, True, False, k, n, k, one, j, k, vt, ldvt, zero, dvt, ldvt)
            with b.if_then(b.icmp_signed("<", k, n)):  # + S^-1 (U_k^T dA - P V^T)
                _gemm(emitter, b, kind, False, False, k, n, k, minus, p, k, vt, ldvt, one, t1, k)
                _divide(b, t1, k, k, n, s, False, fty, "svd.dvt.scale")
                _accumulate(b, dvt, t1, ldvt, k, n, fty, "svd.dvt.add", lds=k)
                _fill_nan(b, b.gep(dvt, [k], source_etype=fty), b.sub(d.vrows, k), n, ldvt, fty, "svd.dvt.extra")
    for q in (squares, t1, p, j, t2):
        _free(emitter, b, q)


class _Gesdd:
    def save(self, sweep, b, inst) -> None:
        rev = sweep.owner
        if not rev.active(inst.operands[4]):
            return
        fty = _float_type(sweep, inst)
        _jobz(sweep, inst)
        d = _Shape(sweep.get, b, inst)
        u = _copy(sweep.emitter, b, sweep.get(inst.operands[7]), _extent(b, d.m, d.ucols, d.ldu), fty)
        vt = _copy(sweep.emitter, b, sweep.get(inst.operands[9]), _extent(b, d.vrows, d.n, d.ldvt), fty)
        s = _copy(sweep.emitter, b, sweep.get(inst.operands[6]), d.k, fty)
        rev.side_tape().push(b, [u, vt, s])

    def reverse(self, rev, b, inst, lane) -> None:
        if lane > 0 or not rev.active(inst.operands[4]):
            return
        fty = _float_type(rev, inst)
        emitter = rev.emitter
        u, vt, s = rev.side_tape().pop(b, [PTR, PTR, PTR])
        d = _Shape(lambda o: rev.primal(b, o), b, inst)
        m, n, k, ldu, ldvt = d.m, d.n, d.k, d.ldu, d.ldvt
        refs = _ByReference(b, lambda ty: opaque_alloca(rev.setup, ty), fty)
        kind = ir.Constant(I8, inst.operands[0].value)
        zero_f = ir.Constant(fty, 0.0)
        flag = opaque_alloca(rev.setup, I1)
        squares = _squares(emitter, b, s, k, fty)
        gu, gv, inner = (_matrix(emitter, b, k, k, fty) for _ in range(3))
        w, x, y = _matrix(emitter, b, k, n, fty), _matrix(emitter, b, k, n, fty), _matrix(emitter, b, m, k, fty)
        for lane in range(rev.width):
            one, zero, minus = refs.float(1.0), refs.float(0.0), refs.float(-1.0)
            b.store(ir.Constant(I1, 0), flag)
            ds, ub, vtb = (
                rev.shadow(b, inst.operands[i], lane) if rev.active(inst.operands[i]) else None for i in (6, 7, 9)
            )
            for g, bar, left, ld, trans in ((gu, ub, u, ldu, (True, False)), (gv, vtb, vt, ldvt, (False, True))):
                if bar is None:
                    _blocks(b, k, lambda b, i, j, g=g: b.store(zero_f, _at(b, g, i, j, k, fty)), "svd.adj.zero")
                elif trans[0]:  # Gu = U_k^T U'
                    _gemm(emitter, b, kind, True, False, k, k, m, one, left, ld, bar, ld, zero, g, k)
                else:  # Gv = V^T V' = (V^T)_k (V^T')_k^T
                    _gemm(emitter, b, kind, False, True, k, k, n, one, left, ld, bar, ld, zero, g, k)
            _antisymmetric_numerators(b, inner, gu, gv, s, k, fty)
            live = None  # the vectors whose adjoint is not 0: columns of U'_k, rows of V^T'_k
            for bar, ld, by_rows in ((ub, ldu, False), (vtb, ldvt, True)):
                if bar is not None:
                    live = _live_columns(emitter, b, bar, ld, n if by_rows else m, k, fty, live, by_rows)
            if live is None:
                live = _live_columns(emitter, b, gu, k, ir.Constant(I64, 0), k, fty)  # none: all 0
            _gap_weights(b, inner, squares, k, fty, live)
            _free(emitter, b, live)
            if ds is not None:  # + diag(s'), and the values' adjoint is spent

                def diag(b, i, ds=ds):
                    q, qs = _at(b, inner, i, i, k, fty), b.gep(ds, [i], source_etype=fty)
                    b.store(b.fadd(b.load(q, typ=fty), b.load(qs, typ=fty)), q)
                    b.store(zero_f, qs)

                _repeated_adjoints(b, ds, s, k, fty, flag, "svd.adj.repeated", zero_is_corner=True)
                element_loop(b, k, diag, "svd.adj.s")
            _gemm(emitter, b, kind, False, False, k, n, k, one, inner, k, vt, ldvt, zero, w, k)
            da = rev.shadow(b, inst.operands[4], lane)
            if vtb is not None:
                with b.if_then(b.icmp_signed("<", k, n)):  # + S^-1 (V^T' - Gv^T V^T)
                    _move(b, vtb, ldvt, x, k, k, n, fty, "svd.adj.x")
                    _gemm(emitter, b, kind, True, False, k, n, k, minus, gv, k, vt, ldvt, one, x, k)
                    _divide(b, x, k, k, n, s, False, fty, "svd.adj.xs")
                    _accumulate(b, w, x, k, k, n, fty, "svd.adj.w")
                    _flag_nonzero(
                        b, b.gep(vtb, [k], source_etype=fty), ldvt, b.sub(d.vrows, k), n, flag, fty, "svd.adj.vextra"
                    )
            _gemm(emitter, b, kind, False, False, m, n, k, one, u, ldu, w, k, zero, da, d.lda)
            if ub is not None:
                with b.if_then(b.icmp_signed("<", k, m)):  # + (U' - U_k Gu) S^-1 V^T
                    _move(b, ub, ldu, y, m, m, k, fty, "svd.adj.y")
                    _gemm(emitter, b, kind, False, False, m, k, k, minus, u, ldu, gu, k, one, y, m)
                    _divide(b, y, m, m, k, s, True, fty, "svd.adj.ys")
                    _gemm(emitter, b, kind, False, False, m, n, k, one, y, m, vt, ldvt, one, da, d.lda)
                    extra = b.gep(ub, [b.mul(k, ldu)], source_etype=fty)
                    _flag_nonzero(b, extra, ldu, m, b.sub(d.ucols, k), flag, fty, "svd.adj.uextra")
            with b.if_then(b.load(flag, typ=I1)):  # an adjoint on vectors jobz 'A' only completes, or on a value alone
                _fill_nan(b, da, m, n, d.lda, fty, "svd.adj.nan")
            for bar, rows, cols, ld in ((ub, m, d.ucols, ldu), (vtb, d.vrows, n, ldvt)):  # outputs: spent
                if bar is not None:
                    _grid(
                        b,
                        rows,
                        cols,
                        lambda b, i, j, bar=bar, ld=ld: b.store(zero_f, _at(b, bar, i, j, ld, fty)),
                        "svd.adj.spent",
                    )
        for q in (u, vt, s, squares, gu, gv, inner, w, x, y):
            _free(emitter, b, q)


def _antisymmetric_numerators(b, out, gu, gv, s, k, fty) -> None:
    """out_ij := (Gu_ij - Gu_ji) s_j + s_i (Gv_ij - Gv_ji)."""

    def one(b, i, j):
        def skew(g):
            return b.fsub(b.load(_at(b, g, i, j, k, fty), typ=fty), b.load(_at(b, g, j, i, k, fty), typ=fty))

        value = b.fadd(b.fmul(skew(gu), _value(b, s, j, fty)), b.fmul(_value(b, s, i, fty), skew(gv)))
        b.store(value, _at(b, out, i, j, k, fty))

    _blocks(b, k, one, "svd.adj.inner")


_GESDD = _Gesdd()
register(
    "numba_ez_gesdd",
    writes=(4, 6, 7, 9),
    outputs=((6, (4,)), (7, (4,)), (9, (4,))),
    forward=_forward_gesdd,
    save=_GESDD.save,
    reverse=_GESDD.reverse,
)
