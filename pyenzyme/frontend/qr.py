"""The derivative of `np.linalg.qr` through Numba's `numba_ez_geqrf` and `numba_ez_xxgqr`.

Input: nothing; importing this module registers the facts. Output: callee
entries for the two calls of Numba's QR: `geqrf(kind, m, n, a, lda, tau)`
leaves R in the upper trapezoid of a (Householder reflectors below it, their
factors in tau), Numba's code copies R out, then `xxgqr(kind, m, k, k, a,
lda, tau)` turns the reflectors into Q (m x k, k = min(m, n)) in place.

The reflectors have no derivative of their own, so the pair is
differentiated as one factorisation A = Q R, with R_k = R[:, :k]:
  C = Q^T dA_k R_k^-1, T = triu(C) + tril(C, -1)^T (so Q^T dQ is skew),
  dR_k = T R_k,  dQ = dA_k R_k^-1 - Q T,  dR[:, k:] = dQ^T Q R[:, k:] + Q^T dA[:, k:];
and from Q', R' (the wide columns first: A'[:, k:] = Q R'[:, k:], Q' += Q R[:, k:] R'[:, k:]^T),
  M = R_k R'_k^T - Q'^T Q,  A'_k = (Q' + Q copyltu(M)) R_k^-T,
with triangular solves and products by BLAS (trsm, trmm) and gemm. geqrf's
handler computes dQ (or takes Q' from xxgqr's reverse handler) and the two
meet through a slot of the derivative function, keyed by the matrix: an
xxgqr on other memory gets NaN tangents. A rank-deficient A (R_k singular)
has no derivative; its tangents and adjoints are not finite.
"""

from __future__ import annotations

import weakref

import llvmlite.ir as ir

from llvm_passes.callees import register
from llvm_passes.ir.emitter import opaque_alloca

from .blas import _BYTES, _copy, _extent, _float_type, _free
from .lapack import PTR, _at, _blocks, _ByReference, _fill_nan, _malloc, _triangular_product
from .lstsq import _gemm, _grid, _move
from .svd import _matrix, _min

I8, I32, I64 = ir.IntType(8), ir.IntType(32), ir.IntType(64)
_GQR_TYPE = ir.FunctionType(I32, [I8, I64, I64, I64, PTR, I64, PTR])
_NULL = ir.Constant(PTR, None)


class _Slot:
    """Where geqrf's and xxgqr's handlers in one derivative function meet: a buffer of W blocks of m x k
    (dQ in the forward sweep, Q' in the reverse one) and the matrix it belongs to."""

    def __init__(self, alloca, init=None):
        self.buffer, self.key = alloca(PTR), alloca(PTR)
        if init is not None:
            init.store(_NULL, self.buffer)


_slots: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _slot(owner, alloca, init=None) -> _Slot:
    slot = _slots.get(owner)
    if slot is None:
        slot = _slots[owner] = _Slot(alloca, init)
    return slot


def _orthonormal(emitter, b, kind, packed, tau, m, k, ld, fty):
    """Q (m x k, leading dimension ld) from a copy of geqrf's packed factors."""
    q = _copy(emitter, b, packed, _extent(b, m, k, ld), fty)
    b.call(emitter.declare("numba_ez_xxgqr", _GQR_TYPE), [kind, m, k, k, q, ld, tau])
    return q


def _upper_of(b, c, k, fty) -> None:
    """c := triu(c) + tril(c, -1)^T, zero below the diagonal (k x k): the upper part first, as it reads
    the lower one."""
    zero = ir.Constant(fty, 0.0)

    def fold(b, i, j):
        p = _at(b, c, i, j, k, fty)
        cij, cji = b.load(p, typ=fty), b.load(_at(b, c, j, i, k, fty), typ=fty)
        b.store(b.select(b.icmp_signed("<", i, j), b.fadd(cij, cji), cij), p)

    def clear(b, i, j):
        p = _at(b, c, i, j, k, fty)
        b.store(b.select(b.icmp_signed(">", i, j), zero, b.load(p, typ=fty)), p)

    _blocks(b, k, fold, "qr.upper")
    _blocks(b, k, clear, "qr.lower")


def _sizes(get, b, inst):
    m, n, ld = (get(inst.operands[i]) for i in (1, 2, 4))
    return m, n, _min(b, m, n), ld


def _forward_geqrf(pass_, b, inst, _primal) -> None:
    das = pass_.lanes(inst.operands[3])
    if das is None:
        return
    fty = _float_type(pass_, inst)
    emitter = pass_.emitter
    m, n, k, ld = _sizes(pass_.get, b, inst)
    a, tau = pass_.get(inst.operands[3]), pass_.get(inst.operands[5])
    kind = ir.Constant(I8, inst.operands[0].value)
    refs = _ByReference(b, lambda ty: pass_.entry_alloca(ty, b), fty)
    q = _orthonormal(emitter, b, kind, a, tau, m, k, ld, fty)
    block = b.mul(m, k)
    pending = _malloc(
        emitter, b, b.mul(b.mul(block, ir.Constant(I64, pass_.width)), ir.Constant(I64, _BYTES[str(fty)]))
    )
    c, h = _matrix(emitter, b, k, k, fty), _matrix(emitter, b, k, k, fty)
    wide = b.sub(n, k)
    w = _matrix(emitter, b, k, wide, fty)
    r_wide = b.gep(a, [b.mul(k, ld)], source_etype=fty)
    nan = ir.Constant(fty, float("nan"))
    for lane, da in enumerate(das):
        one, zero, minus = refs.float(1.0), refs.float(0.0), refs.float(-1.0)
        z = b.gep(pending, [b.mul(block, ir.Constant(I64, lane))], source_etype=fty)
        _move(b, da, ld, z, m, m, k, fty, "qr.tan.z")
        _triangular_product(emitter, refs, "trsm", "R", "U", "N", "N", m, k, 1.0, a, ld, z, m)  # dA_k R_k^-1
        _gemm(emitter, b, kind, True, False, k, k, m, one, q, ld, z, m, zero, c, k)  # C
        _upper_of(b, c, k, fty)  # T
        _gemm(emitter, b, kind, False, False, m, k, k, minus, q, ld, c, k, one, z, m)  # dQ
        with b.if_then(b.icmp_signed(">", wide, ir.Constant(I64, 0))):  # dR[:, k:]
            _gemm(
                emitter,
                b,
                kind,
                True,
                False,
                k,
                wide,
                m,
                one,
                q,
                ld,
                b.gep(da, [b.mul(k, ld)], source_etype=fty),
                ld,
                zero,
                w,
                k,
            )
            _gemm(emitter, b, kind, True, False, k, k, m, one, z, m, q, ld, zero, h, k)
            _gemm(emitter, b, kind, False, False, k, wide, k, one, h, k, r_wide, ld, one, w, k)
            _move(b, w, k, b.gep(da, [b.mul(k, ld)], source_etype=fty), ld, k, wide, fty, "qr.tan.wide")
        _triangular_product(emitter, refs, "trmm", "R", "U", "N", "N", k, k, 1.0, a, ld, c, k)  # dR_k
        _grid(  # dR_k on and above the diagonal; the reflectors below it have no tangent
            b,
            m,
            k,
            lambda b, i, j, da=da: b.store(
                b.select(b.icmp_signed("<=", i, j), b.load(_at(b, c, i, j, k, fty), typ=fty), nan),
                _at(b, da, i, j, ld, fty),
            ),
            "qr.tan.r",
        )
        tau_lanes = pass_.lanes(inst.operands[5])
        if tau_lanes is not None:
            _fill_nan(b, tau_lanes[lane], k, ir.Constant(I64, 1), k, fty, "qr.tan.tau")
    slot = _slot(pass_, lambda ty: pass_.entry_alloca(ty, b))
    b.store(pending, slot.buffer)
    b.store(a, slot.key)
    for p in (q, c, h, w):
        _free(emitter, b, p)


def _forward_gqr(pass_, b, inst, _primal) -> None:
    das = pass_.lanes(inst.operands[4])
    if das is None:
        return
    fty = _float_type(pass_, inst)
    if pass_ not in _slots:
        raise pass_.error(inst, "Q of a QR factorisation is differentiable only after the geqrf that factors it")
    slot = _slots[pass_]
    m, k, a, ld = (pass_.get(inst.operands[i]) for i in (1, 3, 4, 5))
    pending = b.load(slot.buffer, typ=PTR)
    ours = b.icmp_unsigned("==", b.load(slot.key, typ=PTR), a)
    block = b.mul(m, k)
    with b.if_else(ours) as (then, otherwise):
        with then:
            for lane, da in enumerate(das):
                z = b.gep(pending, [b.mul(block, ir.Constant(I64, lane))], source_etype=fty)
                _move(b, z, m, da, ld, m, k, fty, "gqr.tan")
            _free(pass_.emitter, b, pending)
            b.store(_NULL, slot.key)
        with otherwise:
            for da in das:
                _fill_nan(b, da, m, k, ld, fty, "gqr.tan.nan")


class _Gqr:
    def reverse(self, rev, b, inst, lane) -> None:
        if lane > 0 or not rev.active(inst.operands[4]):
            return
        fty = _float_type(rev, inst)
        m, k, ld = (rev.primal(b, inst.operands[i]) for i in (1, 3, 5))
        block = b.mul(m, k)
        bars = _malloc(
            rev.emitter, b, b.mul(b.mul(block, ir.Constant(I64, rev.width)), ir.Constant(I64, _BYTES[str(fty)]))
        )
        zero = ir.Constant(fty, 0.0)
        for w in range(rev.width):  # Q' moves to the slot; what the call overwrote has no adjoint left
            da = rev.shadow(b, inst.operands[4], w)
            _move(
                b, da, ld, b.gep(bars, [b.mul(block, ir.Constant(I64, w))], source_etype=fty), m, m, k, fty, "gqr.adj"
            )
            _grid(b, m, k, lambda b, i, j, da=da: b.store(zero, _at(b, da, i, j, ld, fty)), "gqr.adj.spent")
        slot = _slot(rev, lambda ty: opaque_alloca(rev.setup, ty), rev.setup)
        b.store(bars, slot.buffer)


class _Geqrf:
    def save(self, sweep, b, inst) -> None:
        rev = sweep.owner
        if not rev.active(inst.operands[3]):
            return
        fty = _float_type(sweep, inst)
        m, n, k, ld = _sizes(sweep.get, b, inst)
        packed = _copy(sweep.emitter, b, sweep.get(inst.operands[3]), _extent(b, m, n, ld), fty)
        tau = _copy(sweep.emitter, b, sweep.get(inst.operands[5]), k, fty)
        rev.side_tape().push(b, [packed, tau])

    def reverse(self, rev, b, inst, lane) -> None:
        if lane > 0 or not rev.active(inst.operands[3]):
            return
        fty = _float_type(rev, inst)
        emitter = rev.emitter
        packed, tau = rev.side_tape().pop(b, [PTR, PTR])
        m, n, k, ld = _sizes(lambda o: rev.primal(b, o), b, inst)
        kind = ir.Constant(I8, inst.operands[0].value)
        refs = _ByReference(b, lambda ty: opaque_alloca(rev.setup, ty), fty)
        slot = _slot(rev, lambda ty: opaque_alloca(rev.setup, ty), rev.setup)
        bars = b.load(slot.buffer, typ=PTR)
        q = _orthonormal(emitter, b, kind, packed, tau, m, k, ld, fty)
        wide = b.sub(n, k)
        rb, mm, h = _matrix(emitter, b, k, n, fty), _matrix(emitter, b, k, k, fty), _matrix(emitter, b, k, k, fty)
        qb = _matrix(emitter, b, m, k, fty)
        block = b.mul(m, k)
        zero_f = ir.Constant(fty, 0.0)
        r_wide = b.gep(packed, [b.mul(k, ld)], source_etype=fty)
        for w in range(rev.width):
            one, zero, minus = refs.float(1.0), refs.float(0.0), refs.float(-1.0)
            da = rev.shadow(b, inst.operands[3], w)
            _grid(  # R': the upper trapezoid of the shadow
                b,
                k,
                n,
                lambda b, i, j, da=da: b.store(
                    b.select(b.icmp_signed("<=", i, j), b.load(_at(b, da, i, j, ld, fty), typ=fty), zero_f),
                    _at(b, rb, i, j, k, fty),
                ),
                "geqrf.adj.r",
            )
            with b.if_else(b.icmp_unsigned("==", bars, _NULL)) as (none, some):
                with none:
                    _grid(b, m, k, lambda b, i, j: b.store(zero_f, _at(b, qb, i, j, m, fty)), "geqrf.adj.q0")
                with some:
                    _move(
                        b,
                        b.gep(bars, [b.mul(block, ir.Constant(I64, w))], source_etype=fty),
                        m,
                        qb,
                        m,
                        m,
                        k,
                        fty,
                        "geqrf.adj.q",
                    )
            with b.if_then(b.icmp_signed(">", wide, ir.Constant(I64, 0))):  # the columns beyond k
                rb_wide = b.gep(rb, [b.mul(k, k)], source_etype=fty)
                _gemm(
                    emitter,
                    b,
                    kind,
                    False,
                    False,
                    m,
                    wide,
                    k,
                    one,
                    q,
                    ld,
                    rb_wide,
                    k,
                    zero,
                    b.gep(da, [b.mul(k, ld)], source_etype=fty),
                    ld,
                )
                _gemm(emitter, b, kind, False, True, k, k, wide, one, r_wide, ld, rb_wide, k, zero, h, k)
                _gemm(emitter, b, kind, False, False, m, k, k, one, q, ld, h, k, one, qb, m)
            _grid(
                b,
                k,
                k,
                lambda b, i, j: b.store(b.load(_at(b, rb, j, i, k, fty), typ=fty), _at(b, mm, i, j, k, fty)),
                "geqrf.adj.rt",
            )
            _triangular_product(emitter, refs, "trmm", "L", "U", "N", "N", k, k, 1.0, packed, ld, mm, k)  # R_k R'_k^T
            _gemm(emitter, b, kind, True, False, k, k, m, minus, qb, m, q, ld, one, mm, k)  # - Q'^T Q
            _blocks(b, k, lambda b, i, j: _lower_to_upper(b, mm, i, j, k, fty), "geqrf.adj.sym")  # copyltu(M)
            _gemm(emitter, b, kind, False, False, m, k, k, one, q, ld, mm, k, one, qb, m)
            _triangular_product(emitter, refs, "trsm", "R", "U", "T", "N", m, k, 1.0, packed, ld, qb, m)
            _move(b, qb, m, da, ld, m, k, fty, "geqrf.adj.a")
        with b.if_then(b.icmp_unsigned("!=", bars, _NULL)):
            _free(emitter, b, bars)
        b.store(_NULL, slot.buffer)
        for p in (packed, tau, q, rb, mm, h, qb):
            _free(emitter, b, p)


def _lower_to_upper(b, mm, i, j, k, fty) -> None:
    """Above the diagonal, the entry mirrored from below it."""
    p = _at(b, mm, i, j, k, fty)
    mirrored = b.load(_at(b, mm, j, i, k, fty), typ=fty)
    b.store(b.select(b.icmp_signed("<", i, j), mirrored, b.load(p, typ=fty)), p)


_GEQRF, _GQR = _Geqrf(), _Gqr()
register(
    "numba_ez_geqrf",
    writes=(3, 5),
    outputs=((3, (3,)), (5, (3,))),
    forward=_forward_geqrf,
    save=_GEQRF.save,
    reverse=_GEQRF.reverse,
)
register(
    "numba_ez_xxgqr",
    writes=(4,),
    outputs=((4, (4, 6)),),
    forward=_forward_gqr,
    reverse=_GQR.reverse,
)
