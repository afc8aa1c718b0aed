"""The derivative of `np.linalg.lstsq` through Numba's `numba_ez_gelsd`.

Input: nothing; importing this module registers the facts. Output: a custom
callee entry for `numba_ez_gelsd(kind, m, n, nrhs, a, lda, b, ldb, s, rcond,
rank)`, which solves min ||A X - B|| by the SVD, destroying `a` and leaving
X in the first n rows of `b` (the last m - n rows hold the residual in a
basis of LAPACK's choosing), the singular values in `s`, the rank in `rank`.

For A of full column rank (rank n, m >= n), with R = B - A X:
  tangent  dX = (A^T A)^-1 (dA^T R + A^T (dB - dA X)),
  adjoint  Y = (A^+)^T X' (the minimum-norm solution of A^T Y = X'), Z = A^+ Y,
           B' = Y, A' = R Z^T - Y X^T,
each (A^T A)^-1 applied as two least-squares solves, A^+ (A^+)^T, with
gelsd itself on copies of A and A^T taken before the call. The residual rows
and the singular values have no derivative here: their tangents are NaN,
and so is every adjoint of a reverse sweep in which they carry one, or in
which A is rank deficient or has fewer rows than columns, so that none of
these passes for a derivative.
"""

from __future__ import annotations

import llvmlite.ir as ir

from llvm_passes.callees import register
from llvm_passes.ir.emitter import element_loop, opaque_alloca

from .blas import _BYTES, _GEMM_TYPE, _char, _float_type, _free
from .lapack import _at, _fill_nan, _make_call, _malloc

PTR = ir.PointerType()
I8, I32, I64 = ir.IntType(8), ir.IntType(32), ir.IntType(64)


def _grid(b, rows, cols, body, name: str) -> None:
    """`for j in range(cols): for i in range(rows): body(b, i, j)`."""
    element_loop(b, cols, lambda b, j: element_loop(b, rows, lambda b, i: body(b, i, j), f"{name}.i"), name)


def _move(b, src, lds, dst, ldd, rows, cols, fty, name: str) -> None:
    """dst := src over a rows x cols block."""
    _grid(
        b,
        rows,
        cols,
        lambda b, i, j: b.store(b.load(_at(b, src, i, j, lds, fty), typ=fty), _at(b, dst, i, j, ldd, fty)),
        name,
    )


def _fill(b, dst, ld, rows, cols, value, fty, name: str) -> None:
    _grid(b, rows, cols, lambda b, i, j: b.store(ir.Constant(fty, value), _at(b, dst, i, j, ld, fty)), name)


def _accumulate(b, dst, src, ld, rows, cols, fty, name: str, lds=None) -> None:
    """dst += src over a rows x cols block (src's leading dimension `lds`, default dst's `ld`)."""
    lds = ld if lds is None else lds

    def add(b, i, j):
        p = _at(b, dst, i, j, ld, fty)
        b.store(b.fadd(b.load(p, typ=fty), b.load(_at(b, src, i, j, lds, fty), typ=fty)), p)

    _grid(b, rows, cols, add, name)


def _flag_nonzero(b, src, ld, rows, cols, flag, fty, name: str) -> None:
    """flag |= any element of the block is not zero."""

    def check(b, i, j):
        nonzero = b.fcmp_unordered("!=", b.load(_at(b, src, i, j, ld, fty), typ=fty), ir.Constant(fty, 0.0))
        b.store(b.or_(b.load(flag, typ=ir.IntType(1)), nonzero), flag)

    _grid(b, rows, cols, check, name)


def _block(emitter, b, src, rows, cols, ld, fty, out_ld=None, transposed=False):
    """A malloc'd column-major copy of a rows x cols block (leading dimension `out_ld`, default `rows`),
    or of its transpose."""
    out_ld = out_ld if out_ld is not None else (cols if transposed else rows)
    width = rows if transposed else cols
    out = _malloc(emitter, b, b.mul(b.mul(out_ld, width), ir.Constant(I64, _BYTES[str(fty)])))

    def move(b, i, j):
        value = b.load(_at(b, src, i, j, ld, fty), typ=fty)
        b.store(value, _at(b, out, j, i, out_ld, fty) if transposed else _at(b, out, i, j, out_ld, fty))

    _grid(b, rows, cols, move, "lstsq.copy")
    return out


class _Solver:
    """min ||A X - B|| by gelsd on a fresh copy of a column-major A, B in place (leading dimension ldr,
    at least max(rows, cols))."""

    def __init__(self, emitter, b, fn, kind, fty, slots):
        self.emitter, self.fn, self.kind, self.fty = emitter, fn, kind, fty
        self.rank = slots(I64)  # gelsd stores the rank as a Py_ssize_t, whatever Numba allocates for it

    def solve(self, b, a, rows, cols, rhs, ldr, nrhs) -> None:
        work = _block(self.emitter, b, a, rows, cols, rows, self.fty)
        small = b.select(b.icmp_signed("<", rows, cols), rows, cols)
        s = _malloc(self.emitter, b, b.mul(small, ir.Constant(I64, _BYTES[str(self.fty)])))
        b.call(
            self.fn,
            [self.kind, rows, cols, nrhs, work, rows, rhs, ldr, s, ir.Constant(ir.DoubleType(), -1.0), self.rank],
        )
        _free(self.emitter, b, work)
        _free(self.emitter, b, s)


def _full_rank(b, rank_ptr, m, n):
    rank = b.sext(b.load(rank_ptr, typ=I32), I64)
    return b.and_(b.icmp_signed("==", rank, n), b.icmp_signed(">=", m, n))


def _nan_where(b, cond, ptr, rows, cols, ld, fty, name: str) -> None:
    with b.if_then(cond):
        _fill_nan(b, ptr, rows, cols, ld, fty, name)


def _gemm(emitter, b, kind, ta, tb, m, n, k, alpha, a, lda, x, ldx, beta, c, ldc):
    gemm = emitter.declare("numba_xxgemm", _GEMM_TYPE)
    b.call(gemm, [kind, _char(ta), _char(tb), m, n, k, alpha, a, lda, x, ldx, beta, c, ldc])


def _residual(emitter, b, kind, fty, a0, b0, x, ldx, m, n, nrhs, one, minus):
    """R = B - A X (m x nrhs, leading dimension m), from the copies taken before the call."""
    r = _block(emitter, b, b0, m, nrhs, m, fty)
    _gemm(emitter, b, kind, False, False, m, nrhs, n, minus, a0, m, x, ldx, one, r, m)
    return r


def _forward_gelsd(pass_, b, inst, _primal):
    da_lanes, db_lanes = pass_.lanes(inst.operands[4]), pass_.lanes(inst.operands[6])
    if da_lanes is None and db_lanes is None:
        return None
    fty = _float_type(pass_, inst)
    emitter = pass_.emitter
    kind = ir.Constant(I8, inst.operands[0].value)
    m, n, nrhs, a, lda, bb, ldb = (pass_.get(inst.operands[i]) for i in (1, 2, 3, 4, 5, 6, 7))
    a0, b0 = _block(emitter, b, a, m, n, lda, fty), _block(emitter, b, bb, m, nrhs, ldb, fty)
    status = _make_call(pass_, b, inst)

    def slot(ty, value=None):
        p = pass_.entry_alloca(ty, b)
        if value is not None:
            b.store(value, p)
        return p

    one, minus, zero = (slot(fty, ir.Constant(fty, v)) for v in (1.0, -1.0, 0.0))
    solver = _Solver(emitter, b, emitter.function_ref(inst.attrs["callee_ref"]), kind, fty, slot)
    rank_ok = _full_rank(b, pass_.get(inst.operands[10]), m, n)
    r = _residual(emitter, b, kind, fty, a0, b0, bb, ldb, m, n, nrhs, one, minus)
    a0t = _block(emitter, b, a0, m, n, m, fty, transposed=True)
    nbytes = b.mul(b.mul(ldb, nrhs), ir.Constant(I64, _BYTES[str(fty)]))
    s_lanes = pass_.lanes(inst.operands[8])
    for k in range(pass_.width):
        t = _malloc(emitter, b, nbytes)  # dB - dA X, then its least-squares solution
        if db_lanes is not None:
            _move(b, db_lanes[k], ldb, t, ldb, m, nrhs, fty, "lstsq.db")
        else:
            _fill(b, t, ldb, m, nrhs, 0.0, fty, "lstsq.zero")
        if da_lanes is not None:
            _gemm(emitter, b, kind, False, False, m, nrhs, n, minus, da_lanes[k], lda, bb, ldb, one, t, ldb)
        solver.solve(b, a0, m, n, t, ldb, nrhs)
        if da_lanes is not None:  # + (A^T A)^-1 dA^T R = A^+ (A^+)^T dA^T R
            v = _malloc(emitter, b, nbytes)
            _gemm(emitter, b, kind, True, False, n, nrhs, m, one, da_lanes[k], lda, r, m, zero, v, ldb)
            solver.solve(b, a0t, n, m, v, ldb, nrhs)
            solver.solve(b, a0, m, n, v, ldb, nrhs)
            _accumulate(b, t, v, ldb, n, nrhs, fty, "lstsq.sum")
            _free(emitter, b, v)
        if db_lanes is not None:
            out = db_lanes[k]
            _move(b, t, ldb, out, ldb, n, nrhs, fty, "lstsq.dx")
            _nan_where(
                b,
                b.icmp_signed(">", m, n),
                b.gep(out, [n], source_etype=fty),
                b.sub(m, n),
                nrhs,
                ldb,
                fty,
                "lstsq.rows",
            )
            _nan_where(b, b.not_(rank_ok), out, n, nrhs, ldb, fty, "lstsq.rank")
        _free(emitter, b, t)
        if da_lanes is not None:
            _fill_nan(b, da_lanes[k], m, n, lda, fty, "lstsq.a")  # destroyed by the call
        if s_lanes is not None:
            small = b.select(b.icmp_signed("<", m, n), m, n)
            _fill_nan(b, s_lanes[k], small, ir.Constant(I64, 1), small, fty, "lstsq.s")
    for p in (a0, b0, r, a0t):
        _free(emitter, b, p)
    return status


class _Gelsd:
    def augmented(self, sweep, b, inst):
        """The forward sweep: copies of A and B before the call, of X and the rank after it."""
        rev = sweep.owner
        if not (rev.active(inst.operands[4]) or rev.active(inst.operands[6])):
            return None
        fty = _float_type(sweep, inst)
        emitter = sweep.emitter
        m, n, nrhs, a, lda, bb, ldb = (sweep.get(inst.operands[i]) for i in (1, 2, 3, 4, 5, 6, 7))
        a0, b0 = _block(emitter, b, a, m, n, lda, fty), _block(emitter, b, bb, m, nrhs, ldb, fty)
        status = _make_call(sweep, b, inst)
        x0 = _block(emitter, b, bb, n, nrhs, ldb, fty)
        rank = b.load(sweep.get(inst.operands[10]), typ=I32)
        rev.side_tape().push(b, [a0, b0, x0, rank])
        return status

    def reverse(self, rev, b, inst, lane) -> None:
        if lane > 0 or not (rev.active(inst.operands[4]) or rev.active(inst.operands[6])):
            return
        fty = _float_type(rev, inst)
        emitter = rev.emitter
        a0, b0, x0, rank = rev.side_tape().pop(b, [PTR, PTR, PTR, I32])
        kind = ir.Constant(I8, inst.operands[0].value)
        m, n, nrhs, lda, ldb = (rev.primal(b, inst.operands[i]) for i in (1, 2, 3, 5, 7))

        def slot(ty, value=None):
            p = opaque_alloca(rev.setup, ty)
            if value is not None:
                b.store(value, p)
            return p

        one, minus, zero = (slot(fty, ir.Constant(fty, v)) for v in (1.0, -1.0, 0.0))
        rank_ptr = slot(I32, rank)
        solver = _Solver(emitter, b, emitter.function_ref(inst.attrs["callee_ref"]), kind, fty, slot)
        ok = _full_rank(b, rank_ptr, m, n)
        r = _residual(emitter, b, kind, fty, a0, b0, x0, n, m, n, nrhs, one, minus)
        a0t = _block(emitter, b, a0, m, n, m, fty, transposed=True)
        nbytes = b.mul(b.mul(ldb, nrhs), ir.Constant(I64, _BYTES[str(fty)]))
        small = b.select(b.icmp_signed("<", m, n), m, n)
        one_col = ir.Constant(I64, 1)
        for k in range(rev.width):
            # what has no derivative here must carry no adjoint: the residual rows, the singular values
            bad = slot(ir.IntType(1), ir.Constant(ir.IntType(1), 0))
            y = _malloc(emitter, b, nbytes)
            out = rev.shadow(b, inst.operands[6], k) if rev.active(inst.operands[6]) else None
            if out is not None:
                _move(b, out, ldb, y, ldb, n, nrhs, fty, "lstsq.xbar")
                _flag_nonzero(b, b.gep(out, [n], source_etype=fty), ldb, b.sub(ldb, n), nrhs, bad, fty, "lstsq.rbar")
            else:
                _fill(b, y, ldb, n, nrhs, 0.0, fty, "lstsq.zero")
            if rev.active(inst.operands[8]):
                ds = rev.shadow(b, inst.operands[8], k)
                _flag_nonzero(b, ds, small, small, one_col, bad, fty, "lstsq.sbar")
                _fill(b, ds, small, small, one_col, 0.0, fty, "lstsq.s0")
            solver.solve(b, a0t, n, m, y, ldb, nrhs)  # Y = (A^+)^T X', m x nrhs
            z = _malloc(emitter, b, nbytes)
            _move(b, y, ldb, z, ldb, m, nrhs, fty, "lstsq.y")
            solver.solve(b, a0, m, n, z, ldb, nrhs)  # Z = A^+ Y, n x nrhs
            undefined = b.or_(b.not_(ok), b.load(bad, typ=ir.IntType(1)))
            if out is not None:  # B' = Y; the rows past m held nothing
                _move(b, y, ldb, out, ldb, m, nrhs, fty, "lstsq.bbar")
                _fill(b, b.gep(out, [m], source_etype=fty), ldb, b.sub(ldb, m), nrhs, 0.0, fty, "lstsq.pad")
                _nan_where(b, undefined, out, m, nrhs, ldb, fty, "lstsq.bnan")
            if rev.active(inst.operands[4]):  # A' = R Z^T - Y X^T (the destroyed a carried no adjoint)
                da = rev.shadow(b, inst.operands[4], k)
                _gemm(emitter, b, kind, False, True, m, n, nrhs, one, r, m, z, ldb, zero, da, lda)
                _gemm(emitter, b, kind, False, True, m, n, nrhs, minus, y, ldb, x0, n, one, da, lda)
                _nan_where(b, undefined, da, m, n, lda, fty, "lstsq.anan")
            _free(emitter, b, y)
            _free(emitter, b, z)
        for p in (a0, b0, x0, r, a0t):
            _free(emitter, b, p)


_GELSD = _Gelsd()
register(
    "numba_ez_gelsd",
    writes=(4, 6, 8, 10),
    outputs=((6, (4, 6)), (8, (4,))),
    custom=True,
    forward=_forward_gelsd,
    augmented=_GELSD.augmented,
    reverse=_GELSD.reverse,
)
