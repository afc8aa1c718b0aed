"""Derivatives of Numba's BLAS wrappers, evaluated by the same BLAS calls.

Input: nothing; importing this module registers the facts. Output: callee
entries with forward, save and reverse handlers for

- `numba_xxdot(kind, conj, n, x, y, out)`: `*out = x . y`,
- `numba_xxgemv(kind, trans, m, n, alpha, a, lda, x, beta, y)`:
  `y = alpha op(A) x + beta y`,
- `numba_xxgemm(kind, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)`:
  `C = alpha op(A) op(B) + beta C`,
- `numba_xxnrm2(kind, n, x, incx, out)`: `*out = ||x||`.

Matrices are column-major blocks (`rows x cols` with a leading dimension), as
BLAS sees them; Numba passes row-major arrays as transposes. A tangent of a
product is one more product per active operand; an adjoint is the
transposed product into the operand's shadow (beta 1, so it accumulates),
then the output's adjoint is scaled by beta. The reverse sweep needs the
operands as they were at the call: an operand whose memory the function
may write is copied in the forward sweep (onto the side tape, freed after
its reverse); one it never writes is read where it is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import llvmlite.ir as ir

from llvm_passes.analysis.memory import roots
from llvm_passes.callees import register
from llvm_passes.ir.emitter import element_loop, opaque_alloca

PTR = ir.PointerType()
I8, I32, I64 = ir.IntType(8), ir.IntType(32), ir.IntType(64)
_KINDS = {ord("d"): ir.DoubleType(), ord("s"): ir.FloatType()}
_BYTES = {"double": 8, "float": 4, "i32": 4}
_GEMM_TYPE = ir.FunctionType(I32, [I8, I8, I8, I64, I64, I64, PTR, PTR, I64, PTR, I64, PTR, PTR, I64])
_GEMV_TYPE = ir.FunctionType(I32, [I8, I8, I64, I64, PTR, PTR, I64, PTR, PTR, PTR])
_N, _T = ord("n"), ord("t")
Shape = Callable[[list], ir.Value]


def _float_type(pass_, inst):
    """The float type of a real BLAS call; complex kinds are refused."""
    fty = _KINDS.get(getattr(inst.operands[0], "value", None))
    if fty is None:
        raise pass_.error(inst, "only real float32/float64 BLAS calls are differentiable (complex kinds are not)")
    return fty


def _trans(pass_, inst, pos: int) -> bool:
    """Is operand `pos` of the call 't' (transposed; 'c', the conjugate transpose, is the same for real
    kinds)? It must be a constant, as Numba passes it."""
    v = getattr(inst.operands[pos], "value", None)
    if v not in (_N, _T, ord("N"), ord("T"), ord("c"), ord("C")):
        raise pass_.error(inst, f"a BLAS transpose flag must be a constant 'n', 't' or 'c' (operand {pos})")
    return v in (_T, ord("T"), ord("c"), ord("C"))


def _char(t: bool) -> ir.Constant:
    return ir.Constant(I8, _T if t else _N)


def _written(rev, ptr) -> bool:
    """May the function write the memory `ptr` points into (so the reverse sweep needs a copy)?"""
    r = roots(ptr)
    return r is None or not r or any(rev.memory.may_be_written(obj) for obj in r)


def _extent(b, rows, cols, ld):
    """Elements spanned by a column-major `rows x cols` block with leading dimension `ld`: 0 when empty."""
    zero = ir.Constant(I64, 0)
    span = b.add(b.mul(b.sub(cols, ir.Constant(I64, 1)), ld), rows)
    empty = b.or_(b.icmp_signed("<=", rows, zero), b.icmp_signed("<=", cols, zero))
    return b.select(empty, zero, span)


def _copy(emitter, b, ptr, count, fty):
    """A malloc'd copy of `count` elements of type `fty` (a float, or i32) at `ptr`."""
    nbytes = b.mul(count, ir.Constant(I64, _BYTES[str(fty)]))
    new = b.call(emitter.declare("malloc", ir.FunctionType(PTR, [I64])), [nbytes])
    memcpy = emitter.intrinsic("llvm.memcpy.p0.p0.i64", ir.VoidType(), [PTR, PTR, I64, ir.IntType(1)])
    b.call(memcpy, [new, ptr, nbytes, ir.Constant(ir.IntType(1), 0)])
    return new


def _free(emitter, b, ptr) -> None:
    b.call(emitter.declare("free", ir.FunctionType(ir.VoidType(), [PTR])), [ptr])


def _slot(rev, b, fty, value):
    """A pointer to `value` (BLAS takes alpha and beta by reference)."""
    p = opaque_alloca(rev.setup, fty)
    b.store(value, p)
    return p


def _scale_block(b, ptr, rows, cols, ld, beta, fty, name: str) -> None:
    """block *= beta for a column-major block; beta == 0 stores zeros (no NaN * 0)."""
    zero = ir.Constant(fty, 0.0)
    is_zero = b.fcmp_ordered("==", beta, zero)

    def column(b, j):
        col = b.gep(ptr, [b.mul(j, ld)], source_etype=fty)

        def element(b, i):
            p = b.gep(col, [i], source_etype=fty)
            b.store(b.select(is_zero, zero, b.fmul(beta, b.load(p, typ=fty))), p)

        element_loop(b, rows, element, f"{name}.row")

    element_loop(b, cols, column, name)


@dataclass(frozen=True)
class _Kept:
    """One operand the reverse sweep reads: which argument, its block, and whether it is copied."""

    pos: int
    rows: Shape  # the block's shape from the call's (cloned) operands
    cols: Shape
    ld: Shape
    copied: bool


class _Rule:
    """The shared shape of a BLAS rule: which operands the reverse needs, saved after the call."""

    # position of the output, of alpha and beta (None where the call has none)
    out: int
    alpha: int | None = None
    beta: int | None = None

    def needed(self, rev, inst) -> list[tuple[int, Shape, Shape, Shape]]:
        """(operand, rows, cols, ld) of each operand the reverse sweep reads, given the active ones."""
        raise NotImplementedError

    def kept(self, rev, inst) -> list[_Kept]:
        return [_Kept(p, r, c, ld, _written(rev, inst.operands[p])) for p, r, c, ld in self.needed(rev, inst)]

    def save(self, sweep, b, inst) -> None:
        """After the call in the forward sweep: alpha, beta and copies of the operands the function writes."""
        rev = sweep.owner
        if not rev.active(inst.operands[self.out]):
            return
        fty = _float_type(sweep, inst)
        values = []
        for pos in (self.alpha, self.beta):
            if pos is not None:
                values.append(b.load(sweep.get(inst.operands[pos]), typ=fty))
        ops = [sweep.get(o) for o in inst.operands]
        for k in self.kept(rev, inst):
            if k.copied:
                values.append(_copy(sweep.emitter, b, ops[k.pos], _extent(b, k.rows(ops), k.cols(ops), k.ld(ops)), fty))
        rev.side_tape().push(b, values)

    def restore(self, rev, b, inst):
        """In the reverse sweep: (alpha, beta, {operand: pointer to its values at the call}, copies)."""
        fty = _float_type(rev, inst)
        kept = self.kept(rev, inst)
        scalars = [p for p in (self.alpha, self.beta) if p is not None]
        copies = [k for k in kept if k.copied]
        values = rev.side_tape().pop(b, [fty] * len(scalars) + [PTR] * len(copies))
        named = dict(zip(scalars, values))
        at = {k.pos: rev.primal(b, inst.operands[k.pos]) for k in kept if not k.copied}
        at.update({k.pos: v for k, v in zip(copies, values[len(scalars) :])})
        return named.get(self.alpha), named.get(self.beta), at, values[len(scalars) :]

    def reverse(self, rev, b, inst, lane) -> None:
        if lane > 0 or not rev.active(inst.operands[self.out]):
            return  # one call for every lane
        alpha, beta, at, copies = self.restore(rev, b, inst)
        for k in range(rev.width):
            self.adjoint(rev, b, inst, k, alpha, beta, at)
        for c in copies:
            _free(rev.emitter, b, c)

    def adjoint(self, rev, b, inst, lane, alpha, beta, at) -> None:
        raise NotImplementedError


def _blas(pass_, name: str, fnty: ir.FunctionType) -> ir.Function:
    return pass_.emitter.declare(name, fnty)


def _shadow(rev, inst, pos: int, lane: int, b):
    o = inst.operands[pos]
    return rev.shadow(b, o, lane) if rev.active(o) else None


# -- gemm ---------------------------------------------------------------------------------------------------
class _Gemm(_Rule):
    out, alpha, beta = 12, 6, 11

    def needed(self, rev, inst):
        ta, tb = _trans(rev, inst, 1), _trans(rev, inst, 2)
        m, n, k = (lambda o: o[3]), (lambda o: o[4]), (lambda o: o[5])
        out = []
        if rev.active(inst.operands[7]):  # dA reads B
            out.append((9, n if tb else k, k if tb else n, lambda o: o[10]))
        if rev.active(inst.operands[9]):  # dB reads A
            out.append((7, k if ta else m, m if ta else k, lambda o: o[8]))
        return out

    def adjoint(self, rev, b, inst, lane, alpha, beta, at) -> None:
        fty = _float_type(rev, inst)
        ta, tb = _trans(rev, inst, 1), _trans(rev, inst, 2)
        kind = ir.Constant(I8, inst.operands[0].value)
        m, n, k, lda, ldb, ldc = (rev.primal(b, inst.operands[i]) for i in (3, 4, 5, 8, 10, 13))
        gemm = _blas(rev, "numba_xxgemm", _GEMM_TYPE)
        dc = rev.shadow(b, inst.operands[12], lane)
        pa, one = _slot(rev, b, fty, alpha), _slot(rev, b, fty, ir.Constant(fty, 1.0))
        da, db_ = _shadow(rev, inst, 7, lane, b), _shadow(rev, inst, 9, lane, b)
        if da is not None:  # dop(A) += alpha dC op(B)^T
            if ta:
                b.call(gemm, [kind, _char(tb), _char(True), k, m, n, pa, at[9], ldb, dc, ldc, one, da, lda])
            else:
                b.call(gemm, [kind, _char(False), _char(not tb), m, k, n, pa, dc, ldc, at[9], ldb, one, da, lda])
        if db_ is not None:  # dop(B) += alpha op(A)^T dC
            if tb:
                b.call(gemm, [kind, _char(True), _char(ta), n, k, m, pa, dc, ldc, at[7], lda, one, db_, ldb])
            else:
                b.call(gemm, [kind, _char(not ta), _char(False), k, n, m, pa, at[7], lda, dc, ldc, one, db_, ldb])
        _scale_block(b, dc, m, n, ldc, beta, fty, "gemm.adj")


def _product_tangent(pass_, b, inst, fn, factors: tuple[int, int], beta: int, out: int, block: Callable) -> None:
    """d(alpha op(A) op(B) + beta C) = alpha (dA op B + op A dB) + beta dC: the call again per active
    factor and lane, the first with the call's beta, the next accumulating; dC = beta dC when no factor
    is active. `block(ops)`: the output's (rows, cols, ld)."""
    fty = _float_type(pass_, inst)
    outs = pass_.lanes(inst.operands[out])
    if outs is None:
        return
    ops = [pass_.get(o) for o in inst.operands]
    one = pass_.entry_alloca(fty, b)
    b.store(ir.Constant(fty, 1.0), one)
    tangents = [(pos, pass_.lanes(inst.operands[pos])) for pos in factors]
    for k, dc in enumerate(outs):
        scale = ops[beta]
        for pos, lanes in tangents:
            if lanes is not None:
                args = list(ops)
                args[pos], args[beta], args[out] = lanes[k], scale, dc
                b.call(fn, args)
                scale = one
        if scale is ops[beta]:
            rows, cols, ld = block(ops)
            _scale_block(b, dc, rows, cols, ld, b.load(ops[beta], typ=fty), fty, "product.tan")


def _forward_gemm(pass_, b, inst, primal) -> None:
    gemm = _blas(pass_, "numba_xxgemm", _GEMM_TYPE)
    _product_tangent(pass_, b, inst, gemm, (7, 9), 11, 12, lambda o: (o[3], o[4], o[13]))


def _register(name: str, rule: _Rule, forward, writes: tuple[int, ...], ins: tuple[int, ...]) -> None:
    register(name, writes=writes, outputs=((rule.out, ins),), forward=forward, save=rule.save, reverse=rule.reverse)


_register("numba_xxgemm", _Gemm(), _forward_gemm, (12,), (7, 9))


# -- gemv ---------------------------------------------------------------------------------------------------
class _Gemv(_Rule):
    out, alpha, beta = 9, 4, 8

    def needed(self, rev, inst):
        t = _trans(rev, inst, 1)
        m, n = (lambda o: o[2]), (lambda o: o[3])
        one = lambda o: ir.Constant(I64, 1)  # noqa: E731
        out = []
        if rev.active(inst.operands[5]):  # dA reads x
            out.append((7, m if t else n, one, m if t else n))
        if rev.active(inst.operands[7]):  # dx reads A
            out.append((5, m, n, lambda o: o[6]))
        return out

    def adjoint(self, rev, b, inst, lane, alpha, beta, at) -> None:
        fty = _float_type(rev, inst)
        t = _trans(rev, inst, 1)
        kind = ir.Constant(I8, inst.operands[0].value)
        m, n, lda = (rev.primal(b, inst.operands[i]) for i in (2, 3, 6))
        dy = rev.shadow(b, inst.operands[9], lane)
        pa, one = _slot(rev, b, fty, alpha), _slot(rev, b, fty, ir.Constant(fty, 1.0))
        da, dx = _shadow(rev, inst, 5, lane, b), _shadow(rev, inst, 7, lane, b)
        if dx is not None:  # dx += alpha op(A)^T dy
            gemv = _blas(rev, "numba_xxgemv", _GEMV_TYPE)
            b.call(gemv, [kind, _char(not t), m, n, pa, at[5], lda, dy, one, dx])
        if da is not None:  # dA += alpha u v^T: (dy, x) untransposed, (x, dy) transposed; a rank-1 gemm
            gemm = _blas(rev, "numba_xxgemm", _GEMM_TYPE)
            u, v = (at[7], dy) if t else (dy, at[7])
            ld_u = b.select(b.icmp_signed(">", m, ir.Constant(I64, 0)), m, ir.Constant(I64, 1))
            ld_v = b.select(b.icmp_signed(">", n, ir.Constant(I64, 0)), n, ir.Constant(I64, 1))
            b.call(
                gemm, [kind, _char(False), _char(True), m, n, ir.Constant(I64, 1), pa, u, ld_u, v, ld_v, one, da, lda]
            )
        rows = n if t else m
        _scale_block(b, dy, rows, ir.Constant(I64, 1), rows, beta, fty, "gemv.adj")


def _forward_gemv(pass_, b, inst, primal) -> None:
    gemv = _blas(pass_, "numba_xxgemv", _GEMV_TYPE)
    t = _trans(pass_, inst, 1)
    _product_tangent(
        pass_, b, inst, gemv, (5, 7), 8, 9, lambda o: (o[3] if t else o[2], ir.Constant(I64, 1), o[3] if t else o[2])
    )


_register("numba_xxgemv", _Gemv(), _forward_gemv, (9,), (5, 7))


# -- dot ----------------------------------------------------------------------------------------------------
class _Dot(_Rule):
    out = 5

    def needed(self, rev, inst):
        n, one = (lambda o: o[2]), (lambda o: ir.Constant(I64, 1))
        out = []
        if rev.active(inst.operands[3]):
            out.append((4, n, one, n))
        if rev.active(inst.operands[4]):
            out.append((3, n, one, n))
        return out

    def adjoint(self, rev, b, inst, lane, alpha, beta, at) -> None:
        """*out = x . y: x' += d y, y' += d x, with d the result's adjoint (then zeroed)."""
        fty = _float_type(rev, inst)
        rs = rev.shadow(b, inst.operands[5], lane)
        d = b.load(rs, typ=fty)
        b.store(ir.Constant(fty, None), rs)
        count = rev.primal(b, inst.operands[2])
        pairs = [
            (s, at[other]) for pos, other in ((3, 4), (4, 3)) if (s := _shadow(rev, inst, pos, lane, b)) is not None
        ]

        def accumulate(b, i):
            for shadow, other in pairs:
                sp = b.gep(shadow, [i], source_etype=fty)
                term = b.fmul(d, b.load(b.gep(other, [i], source_etype=fty), typ=fty))
                b.store(b.fadd(b.load(sp, typ=fty), term), sp)

        element_loop(b, count, accumulate, "dot.adj")


def _forward_dot(pass_, b, inst, primal) -> None:
    """d(x . y) = dx . y + x . dy, each term one more dot call on the shadows."""
    fty = _float_type(pass_, inst)
    out = pass_.lanes(inst.operands[5])
    if out is None:
        return
    fn = pass_.emitter.function_ref(inst.attrs["callee_ref"])
    args = [pass_.get(o) for o in inst.operands]
    for k in range(pass_.width):
        acc = ir.Constant(fty, 0.0)
        for pos in (3, 4):
            lanes = pass_.lanes(inst.operands[pos])
            if lanes is None:
                continue
            tmp = pass_.entry_alloca(fty, b)
            call_args = list(args)
            call_args[pos] = lanes[k]
            call_args[5] = tmp
            b.call(fn, call_args)
            acc = b.fadd(acc, b.load(tmp))
        b.store(acc, out[k])


_register("numba_xxdot", _Dot(), _forward_dot, (5,), (3, 4))


# -- nrm2 ---------------------------------------------------------------------------------------------------
class _Nrm2(_Rule):
    """*out = ||x||: the norm itself is saved (pushed after the call) with x where x changes later."""

    out = 4

    def needed(self, rev, inst):
        # n elements `incx` apart: one row of n columns with leading dimension incx
        return (
            [(2, lambda o: ir.Constant(I64, 1), lambda o: o[1], lambda o: o[3])] if rev.active(inst.operands[2]) else []
        )

    def save(self, sweep, b, inst) -> None:
        rev = sweep.owner
        if rev.active(inst.operands[self.out]):
            fty = _float_type(sweep, inst)
            rev.side_tape().push(b, [b.load(sweep.get(inst.operands[4]), typ=fty)])
        super().save(sweep, b, inst)

    def reverse(self, rev, b, inst, lane) -> None:
        if lane > 0 or not rev.active(inst.operands[self.out]):
            return
        fty = _float_type(rev, inst)
        _, _, at, copies = self.restore(rev, b, inst)
        (norm,) = rev.side_tape().pop(b, [fty])
        zero = ir.Constant(fty, 0.0)
        n, inc = rev.primal(b, inst.operands[1]), rev.primal(b, inst.operands[3])
        for k in range(rev.width):
            rs = rev.shadow(b, inst.operands[4], k)
            d = b.load(rs, typ=fty)
            b.store(zero, rs)
            dx = _shadow(rev, inst, 2, k, b)
            if dx is None:
                continue
            # d||x||/dx = x / ||x||; at x = 0 the zero subgradient
            scale = b.select(b.fcmp_ordered("==", norm, zero), zero, b.fdiv(d, norm))

            def accumulate(b, i, dx=dx, scale=scale):
                off = b.mul(i, inc)
                sp = b.gep(dx, [off], source_etype=fty)
                term = b.fmul(scale, b.load(b.gep(at[2], [off], source_etype=fty), typ=fty))
                b.store(b.fadd(b.load(sp, typ=fty), term), sp)

            element_loop(b, n, accumulate, "nrm2.adj")
        for c in copies:
            _free(rev.emitter, b, c)


def _forward_nrm2(pass_, b, inst, primal) -> None:
    """d||x|| = (x . dx) / ||x|| (0 at x = 0)."""
    fty = _float_type(pass_, inst)
    outs = pass_.lanes(inst.operands[4])
    if outs is None:
        return
    dxs = pass_.lanes(inst.operands[2])
    n, x, inc = pass_.get(inst.operands[1]), pass_.get(inst.operands[2]), pass_.get(inst.operands[3])
    norm = b.load(pass_.get(inst.operands[4]), typ=fty)
    zero = ir.Constant(fty, 0.0)
    for k, out in enumerate(outs):
        if dxs is None:
            b.store(zero, out)
            continue
        acc = pass_.entry_alloca(fty, b)
        b.store(zero, acc)

        def accumulate(b, i, dx=dxs[k], acc=acc):
            off = b.mul(i, inc)
            xi = b.load(b.gep(x, [off], source_etype=fty), typ=fty)
            dxi = b.load(b.gep(dx, [off], source_etype=fty), typ=fty)
            b.store(b.fadd(b.load(acc, typ=fty), b.fmul(xi, dxi)), acc)

        element_loop(b, n, accumulate, "nrm2.tan")
        tangent = b.select(b.fcmp_ordered("==", norm, zero), zero, b.fdiv(b.load(acc, typ=fty), norm))
        b.store(tangent, out)


_register("numba_xxnrm2", _Nrm2(), _forward_nrm2, (4,), (2,))
