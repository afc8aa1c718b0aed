"""Loops Numba runs in parallel (`parallel=True`, `prange`, parallel array expressions).

Input: the call a parallel function makes to launch a parfor, `.kernel.<id>___gufunc__.<K>(args,
dims, steps, data)`, where K is the loop body Numba outlined (one schedule row: a range of
iterations per thread) and the arrays `args`, `dims` and `steps` lay out K's arguments in NumPy's
generalised-ufunc convention. Output: the call replaced by a launch of K's derivative through the
same thread pool (`numba_parallel_for`), so that the derivative runs in parallel too:

- forward mode: each row runs K's forward derivative, tangents next to values;
- reverse mode: the forward sweep runs each row's forward phase, keeping one state per row; the
  call's reverse block runs each row's reverse phase on its state, in parallel, adding into shadow
  memory atomically (rows may read the same element, and then add into the same adjoint).

What Numba does not write into the IR (K's Numba signature and its gufunc layout) is recorded when
Numba builds the launcher (`install`). The reverse phases of rows that shared one thread in the
forward sweep (and so one slot of a reduction array) run one after another, last row first.
"""

from __future__ import annotations

from dataclasses import dataclass

import llvmlite.ir as ir
from numba.core import types
from numba.np.ufunc import parallel as _numba_parallel

from llvm_passes.analysis.memory import pointer_slot, roots
from llvm_passes.callees import register_inactive, register_prefix
from llvm_passes.ir.reader import ReadError

PTR = ir.PointerType()
I1, I8, I32, I64 = ir.IntType(1), ir.IntType(8), ir.IntType(32), ir.IntType(64)
LAUNCHER = ".kernel."  # the prefix Numba gives the function that launches a parfor's gufunc


@dataclass(frozen=True)
class Gufunc:
    """What Numba knew when it built a parfor's launcher."""

    kernel: str  # K's symbol
    argtypes: tuple  # K's Numba argument types: the schedule, then the loop's inputs and reduction arrays
    core: tuple[tuple[str, ...], ...]  # each argument's core dimensions (gufunc symbols)

    @property
    def symbols(self) -> list[str]:
        """The core dimensions in the order `dims[1:]` holds them."""
        out: list[str] = []
        for syms in self.core:
            out += [s for s in syms if s not in out]
        return out


_gufuncs: dict[str, Gufunc] = {}
_original_build = _numba_parallel.build_gufunc_wrapper


def _build_gufunc_wrapper(py_func, cres, sin, sout, cache, is_parfors):
    info = _original_build(py_func, cres, sin, sout, cache, is_parfors)
    if is_parfors:
        _gufuncs[info.name] = Gufunc(
            cres.fndesc.mangled_name, tuple(cres.signature.args), tuple(map(tuple, sin + sout))
        )
    return info


def install() -> None:
    """Idempotently record every parfor launcher Numba builds from now on."""
    if _numba_parallel.build_gufunc_wrapper is not _build_gufunc_wrapper:
        _numba_parallel.build_gufunc_wrapper = _build_gufunc_wrapper


# Numba's scheduling helpers deal in integers only; the thread id picks a reduction array's slot
register_inactive(
    "get_num_threads",
    "get_thread_id",
    "get_parallel_chunksize",
    "set_parallel_chunksize",
    "get_sched_size",
    "allocate_sched",
    "deallocate_sched",
    "do_scheduling_signed",
    "do_scheduling_unsigned",
)


# -- how K's arguments sit in the launch arrays ------------------------------------------------------
def _gufunc(pass_, inst) -> Gufunc:
    g = _gufuncs.get(inst.callee or "")
    if g is None:
        raise pass_.error(
            inst,
            "cannot differentiate this parallel loop: it was compiled before pyenzyme was imported, so its "
            "layout was not recorded; import pyenzyme before compiling the function",
        )
    for t in g.argtypes:
        if not isinstance(t, (types.Array, types.Float, types.Integer, types.Boolean)):
            raise pass_.error(
                inst, f"cannot differentiate a parallel loop over a value of type {t} (arrays and scalars only)"
            )
    return g


def _entries(pass_, inst, n: int) -> list:
    """The pointer stored in each of the launch's n argument slots (what K's argument i points at)."""
    pargs = inst.operands[0]
    found: dict[int, object] = {}
    for i in pass_.func.instructions():
        if i.opcode == "store" and isinstance(i.operands[0].type, ir.PointerType):
            k = pointer_slot(i.operands[1], pargs)
            if k is not None:
                found[k] = i.operands[0]
    if sorted(found) != list(range(n)):
        raise pass_.error(
            inst, "cannot differentiate this parallel loop: its argument array is not filled in the usual way"
        )
    return [found[k] for k in range(n)]


@dataclass(frozen=True)
class _Layout:
    """K's arguments in the launch: n primal pointers, then the shadows of the active ones (lane by
    lane), then `extra` per-row arrays of pointers; `steps` holds one outer step per array, then the
    inner steps the primal launch had."""

    g: Gufunc
    active: tuple[bool, ...]
    width: int
    extra: int = 0
    # (argument, lane) of the read-only arrays whose adjoints each row adds into a private zeroed copy
    # of the shadow (extra arrays 1, 2, ...), summed into the shadow after the reverse launch
    private: tuple[tuple[int, int], ...] = ()

    @property
    def n(self) -> int:
        return len(self.g.argtypes)

    @property
    def shadows(self) -> list[tuple[int, int]]:
        return [(i, k) for i, a in enumerate(self.active) if a for k in range(self.width)]

    @property
    def arrays(self) -> int:
        return self.n + len(self.shadows) + self.extra

    @property
    def inner(self) -> int:
        return sum(t.ndim for t in self.g.argtypes if isinstance(t, types.Array))

    def shadow_position(self, i: int, k: int) -> int:
        return self.n + self.shadows.index((i, k))

    def inner_offset(self, i: int) -> int:
        """Where argument i's strides start among the inner steps."""
        return sum(t.ndim for t in self.g.argtypes[:i] if isinstance(t, types.Array))

    def flat_index(self, i: int) -> int:
        """K's parameter index of argument i's first flattened value (after retptr and excinfo)."""
        at = 2
        for t in self.g.argtypes[:i]:
            at += 5 + 2 * t.ndim if isinstance(t, types.Array) else 1
        return at


def _gep(b, base, index, ty):
    return b.gep(base, [ir.Constant(I64, index) if isinstance(index, int) else index], source_etype=ty)


def _fill_launch(b, lay: _Layout, inst_args, primals, shadows, extras, args2, steps2) -> None:
    """Write the launch arrays: pointers (primal, shadow, extra) and steps."""
    _, _, steps = inst_args
    for i, p in enumerate(primals):
        b.store(p, _gep(b, args2, i, PTR))
        b.store(b.load(_gep(b, steps, i, I64), typ=I64), _gep(b, steps2, i, I64))
    for (i, k), s in zip(lay.shadows, shadows):
        at = lay.shadow_position(i, k)
        b.store(s, _gep(b, args2, at, PTR))
        b.store(b.load(_gep(b, steps, i, I64), typ=I64), _gep(b, steps2, at, I64))
    for e, (p, step) in enumerate(extras):
        at = lay.n + len(lay.shadows) + e
        b.store(p, _gep(b, args2, at, PTR))
        b.store(step, _gep(b, steps2, at, I64))
    for q in range(lay.inner):
        b.store(b.load(_gep(b, steps, lay.n + q, I64), typ=I64), _gep(b, steps2, lay.arrays + q, I64))


def _launch(emitter, b, trampoline, args2, dims, steps2, lay: _Layout) -> None:
    parallel_for = emitter.declare(
        "numba_parallel_for", ir.FunctionType(ir.VoidType(), [PTR, PTR, PTR, PTR, PTR, I64, I64, I64])
    )
    threads = b.call(emitter.declare("get_num_threads", ir.FunctionType(I64, [])), [])
    inner_ndim = ir.Constant(I64, len(lay.g.symbols))
    b.call(
        parallel_for,
        [trampoline, args2, dims, steps2, ir.Constant(PTR, None), inner_ndim, ir.Constant(I64, lay.arrays), threads],
    )


class _Row:
    """K's flattened operands for row r of a trampoline's chunk, built as Numba's gufunc wrapper does."""

    def __init__(self, b, lay: _Layout, fn_args, r, kernel_args):
        args, dims, steps, _ = fn_args
        self.groups: list[list] = []  # per K argument: its flattened primal values
        self.pointer: list = []  # per K argument: the pointer the launch gave for this row
        self.shadow: dict[tuple[int, int], object] = {}  # (argument, lane) -> shadow pointer for this row
        self.extra: list = []
        at = 2  # after retptr and excinfo
        inner = lay.arrays
        symbols = lay.g.symbols

        def row_pointer(position):
            base = b.load(_gep(b, args, position, PTR), typ=PTR)
            step = b.load(_gep(b, steps, position, I64), typ=I64)
            return b.gep(base, [b.mul(r, step)], source_etype=I8)

        for i, t in enumerate(lay.g.argtypes):
            p = row_pointer(i)
            self.pointer.append(p)
            for k in range(lay.width):
                if lay.active[i]:
                    self.shadow[(i, k)] = row_pointer(lay.shadow_position(i, k))
            if isinstance(t, types.Array):
                shape = [b.load(_gep(b, dims, 1 + symbols.index(s), I64), typ=I64) for s in lay.g.core[i]]
                strides = [b.load(_gep(b, steps, inner + q, I64), typ=I64) for q in range(t.ndim)]
                inner += t.ndim
                nitems = ir.Constant(I64, 1)
                for s in shape:
                    nitems = b.mul(nitems, s)
                itemsize = ir.Constant(I64, t.dtype.bitwidth // 8 if hasattr(t.dtype, "bitwidth") else 8)
                vals = [ir.Constant(PTR, None), ir.Constant(PTR, None), nitems, itemsize, p, *shape, *strides]
                self.groups.append(vals)
                at += len(vals)
            else:
                ty = kernel_args[at].type
                v = b.load(p, typ=I1) if isinstance(t, types.Boolean) else b.load(p, typ=ty)
                if v.type != ty:
                    v = b.zext(v, ty)
                self.groups.append([v])
                at += 1
        for e in range(lay.extra):
            self.extra.append(row_pointer(lay.n + len(lay.shadows) + e))


def _rows(b, rows, body, name: str, downwards: bool = False) -> None:
    from llvm_passes.ir.emitter import element_loop

    if downwards:
        last = b.sub(rows, ir.Constant(I64, 1))
        element_loop(b, rows, lambda b, k: body(b, b.sub(last, k)), name)
    else:
        element_loop(b, rows, body, name)


def _trampoline(emitter, name: str, lay: _Layout, kernel, per_row, downwards: bool = False) -> ir.Function:
    """`void name(args, dims, steps, data)`: what numba_parallel_for calls with each thread's rows.
    `per_row(b, row, retptr, excinfo, setup)` emits one row's work; `setup` builds in the entry block
    (stack slots)."""
    fn = ir.Function(emitter.module, ir.FunctionType(ir.VoidType(), [PTR, PTR, PTR, PTR]), name)
    fn.linkage = "internal"
    entry = fn.append_basic_block("entry")
    b = ir.IRBuilder(entry)
    from llvm_passes.ir.emitter import opaque_alloca

    retptr = opaque_alloca(b, ir.ArrayType(I64, 4))
    excinfo = opaque_alloca(b, PTR)
    rows = b.load(fn.args[1], typ=I64)
    setup = ir.IRBuilder(entry)
    setup.position_at_start(entry)

    def body(b, r):
        per_row(b, _Row(b, lay, fn.args, r, kernel.args), retptr, excinfo, setup)

    _rows(b, rows, body, "row", downwards)
    b.ret_void()
    return fn


# -- forward mode ------------------------------------------------------------------------------
def _forward(pass_, builder, inst, _primal):
    g = _gufunc(pass_, inst)
    entries = _entries(pass_, inst, len(g.argtypes))
    active = tuple(pass_.lanes(v) is not None for v in entries)
    if not any(active):
        return None
    W = pass_.width
    lay = _Layout(g, active, W)
    from llvm_passes.ir.reader import read_function

    kfunc = read_function(pass_.module, g.kernel)
    fwd = pass_.forward_callee(g.kernel, tuple(k != "const" for k in _kinds(g, active)))
    key = ("parallel.forward", g.kernel, active, W)
    tramp = pass_.memo.get(key)
    if tramp is None:

        def per_row(b, row: _Row, retptr, excinfo, _setup):
            ops = [retptr, excinfo]
            for i, (t, vals) in enumerate(zip(g.argtypes, row.groups)):
                for j, v in enumerate(vals):
                    ops.append(v)
                    if not active[i]:
                        continue
                    if isinstance(t, types.Array) and j == 4:
                        ops += [row.shadow[(i, k)] for k in range(W)]
                    elif not isinstance(t, types.Array) and isinstance(t, types.Float):
                        ops += [b.load(row.shadow[(i, k)], typ=v.type) for k in range(W)]
            b.call(fwd, ops)

        tramp = pass_.memo[key] = _trampoline(
            pass_.emitter, pass_.emitter.fresh_name("parallel.fwd"), lay, kfunc, per_row
        )
    args, dims, steps, _ = (pass_.get(o) for o in inst.operands)
    args2 = pass_.entry_alloca(ir.ArrayType(PTR, lay.arrays), builder)
    steps2 = pass_.entry_alloca(ir.ArrayType(I64, lay.arrays + lay.inner), builder)
    primals = [builder.load(_gep(builder, args, i, PTR), typ=PTR) for i in range(lay.n)]
    shadows = [pass_.lanes(entries[i])[k] for i, k in lay.shadows]
    _fill_launch(builder, lay, (args, dims, steps), primals, shadows, [], args2, steps2)
    _launch(pass_.emitter, builder, tramp, args2, dims, steps2, lay)
    return tramp


# -- reverse mode ------------------------------------------------------------------------------
def _kinds(g: Gufunc, active) -> tuple[str, ...]:
    """The split derivative's kind for each of K's flattened parameters."""
    kinds = ["const", "const"]
    for i, t in enumerate(g.argtypes):
        if isinstance(t, types.Array):
            kinds += ["const"] * 4 + ["dup" if active[i] else "const"] + ["const"] * (2 * t.ndim)
        else:
            kinds.append("active" if active[i] and isinstance(t, types.Float) else "const")
    return tuple(kinds)


def _written(kfunc, lay_like: _Layout) -> set[int]:
    """The arguments whose memory K may write (a store or a call that is not known to only read)."""
    from llvm_passes.callees import callee

    data = {
        kfunc.args[lay_like.flat_index(i) + 4]: i
        for i, t in enumerate(lay_like.g.argtypes)
        if isinstance(t, types.Array)
    }
    out: set[int] = set()
    for inst in kfunc.instructions():
        if inst.opcode == "store":
            targets = [inst.operands[1]]
        elif inst.opcode == "call":
            info = callee(inst.callee)
            if info is not None and (info.reads_only or info.bookkeeping):
                continue
            targets = [o for o in inst.operands if isinstance(o.type, ir.PointerType)]
        else:
            continue
        for t in targets:
            rs = roots(t)
            if rs is None:
                return set(data.values())
            out |= {data[r] for r in rs if r in data}
    return out


_writes: dict = {}  # (module id, kernel) -> the arguments the kernel may write


def _kernel_writes(module, g: Gufunc) -> set[int]:
    from llvm_passes.ir.reader import read_function

    key = (id(module), g.kernel)
    if key not in _writes:
        _writes[key] = _written(read_function(module, g.kernel), _Layout(g, (False,) * len(g.argtypes), 1))
    return _writes[key]


def _array_writes(module, inst) -> set[int] | None:
    """The launch argument slots whose memory the kernel may write (for the memory facts)."""
    g = _gufuncs.get(inst.callee or "")
    if g is None:
        return None
    try:
        return _kernel_writes(module, g)
    except (NameError, ReadError):  # not readable here: any of them
        return None


def _split(rev, inst):
    """(layout, K's forward phase, K's reverse phase, K as read, the launch's entries), or None when
    nothing is active. Arrays K writes keep their shadow (their adjoints added atomically); read-only
    ones get a private shadow copy per row."""
    from llvm_passes.differentiate.callee_calls import split_phases
    from llvm_passes.ir.reader import read_function

    g = _gufunc(rev, inst)
    entries = _entries(rev, inst, len(g.argtypes))
    active = tuple(rev.active(v) for v in entries)
    if not any(active):
        return None
    kfunc = read_function(rev.module, g.kernel)
    written = _kernel_writes(rev.module, g)
    arrays = [i for i, t in enumerate(g.argtypes) if isinstance(t, types.Array) and active[i]]
    private = tuple((i, k) for i in arrays if i not in written for k in range(rev.width))
    lay = _Layout(g, active, rev.width, extra=1 + len(private), private=private)
    atomic = frozenset(lay.flat_index(i) + 4 for i in arrays if i in written)
    # memory the caller may write between the sweeps: the schedule (freed after the launch), and what
    # the function writes anywhere (other loops included); the rest the reverse phases may read again
    modified = {lay.flat_index(0) + 4}
    for i, t in enumerate(g.argtypes):
        rs = roots(entries[i])
        if isinstance(t, types.Array) and (rs is None or any(rev.memory.may_be_written(r) for r in rs)):
            modified.add(lay.flat_index(i) + 4)
    forward, reverse, _, _ = split_phases(rev, g.kernel, _kinds(g, active), atomic=atomic, modified=frozenset(modified))
    return lay, forward, reverse, kfunc, entries


def _geometry(b, lay: _Layout, i: int, dims, steps, inner_at: int):
    """Argument i's shape and byte strides, and the byte range [lo, lo + extent) its elements span."""
    t = lay.g.argtypes[i]
    symbols = lay.g.symbols
    shape = [b.load(_gep(b, dims, 1 + symbols.index(s), I64), typ=I64) for s in lay.g.core[i]]
    strides = [b.load(_gep(b, steps, inner_at + lay.inner_offset(i) + j, I64), typ=I64) for j in range(t.ndim)]
    zero = ir.Constant(I64, 0)
    lo, hi, empty = zero, ir.Constant(I64, t.dtype.bitwidth // 8), ir.Constant(I1, 0)
    for n, st in zip(shape, strides):
        span = b.mul(b.sub(n, ir.Constant(I64, 1)), st)
        neg = b.icmp_signed("<", span, zero)
        lo = b.add(lo, b.select(neg, span, zero))
        hi = b.add(hi, b.select(neg, zero, span))
        empty = b.or_(empty, b.icmp_signed("<=", n, zero))
    extent = b.select(empty, zero, b.sub(hi, lo))
    return shape, strides, b.select(empty, zero, lo), extent


def _elements(b, shape, strides, body, name: str, offset=None, j: int = 0) -> None:
    """`body(b, byte offset)` for every element of an array of this shape and these strides."""
    from llvm_passes.ir.emitter import element_loop

    offset = ir.Constant(I64, 0) if offset is None else offset
    if j == len(shape):
        body(b, offset)
        return
    element_loop(
        b,
        shape[j],
        lambda b, e: _elements(b, shape, strides, body, name, b.add(offset, b.mul(e, strides[j])), j + 1),
        f"{name}{j}",
    )


def _phase_operands(b, lay: _Layout, row: _Row, slots) -> tuple[list, list]:
    """K's operands for a phase: each value, the shadows of active pointers and, for an active float,
    null (the forward phase) or, with `slots` (where to make stack slots), a zeroed slot per lane
    for its adjoint. Returns the operands and the (slot, argument, lane) triples."""
    from llvm_passes.ir.emitter import opaque_alloca

    ops: list = []
    outs: list = []
    for i, (t, vals) in enumerate(zip(lay.g.argtypes, row.groups)):
        for j, v in enumerate(vals):
            ops.append(v)
            if not lay.active[i]:
                continue
            if isinstance(t, types.Array) and j == 4:
                ops += [
                    row.extra[1 + lay.private.index((i, k))] if (i, k) in lay.private else row.shadow[(i, k)]
                    for k in range(lay.width)
                ]
            elif not isinstance(t, types.Array) and isinstance(t, types.Float):
                for k in range(lay.width):
                    if slots is None:
                        ops.append(ir.Constant(PTR, None))
                        continue
                    slot = opaque_alloca(slots, v.type)
                    b.store(ir.Constant(v.type, 0.0), slot)
                    ops.append(slot)
                    outs.append((slot, i, k, v.type))
    return ops, outs


def _scalars(lay: _Layout) -> list[int]:
    return [i for i, t in enumerate(lay.g.argtypes) if not isinstance(t, types.Array)]


def _scalar_slot(b, lay: _Layout, record, i: int, k: int | None, dims_count: int):
    """Where the record keeps scalar argument i (k None) or its adjoint in lane k: the scalars live in
    the caller's stack frame, which split mode leaves between the sweeps."""
    scalars = _scalars(lay)
    at = 2 * lay.arrays + lay.inner + dims_count
    at += scalars.index(i) if k is None else len(scalars) + scalars.index(i) * lay.width + k
    return _gep(b, record, at, I64)


def _record(b, emitter, lay: _Layout, dims_count: int):
    """One heap block for a launch the reverse sweep repeats: the pointers, the steps, the dims, the
    scalar arguments and their adjoints (zeroed)."""
    calloc = emitter.declare("calloc", ir.FunctionType(PTR, [I64, I64]))
    words = lay.arrays + (lay.arrays + lay.inner) + dims_count + len(_scalars(lay)) * (1 + lay.width)
    record = b.call(calloc, [ir.Constant(I64, words), ir.Constant(I64, 8)])
    steps2 = _gep(b, record, lay.arrays, I64)
    dims2 = _gep(b, record, 2 * lay.arrays + lay.inner, I64)
    return record, steps2, dims2


def _augmented(sweep, builder, inst):
    """The forward sweep: each row's forward phase; the states and the launch kept for the reverse."""
    rev = sweep.owner
    got = _split(rev, inst)
    if got is None:
        return None
    lay, forward, _, kfunc, entries = got
    key = ("parallel.augmented", forward.name)
    tramp = rev.memo.get(key)
    if tramp is None:

        def per_row(b, row: _Row, retptr, excinfo, _setup):
            ops, _ = _phase_operands(b, lay, row, None)
            b.call(forward, [retptr, excinfo, *ops, ir.Constant(PTR, None), row.extra[0]])

        tramp = rev.memo[key] = _trampoline(rev.emitter, rev.emitter.fresh_name("parallel.aug"), lay, kfunc, per_row)
    args, dims, steps, _ = (sweep.get(o) for o in inst.operands)
    dims_count = 1 + len(lay.g.symbols)
    record, steps2, dims2 = _record(builder, rev.emitter, lay, dims_count)
    for d in range(dims_count):
        builder.store(builder.load(_gep(builder, dims, d, I64), typ=I64), _gep(builder, dims2, d, I64))
    rows = builder.load(dims, typ=I64)
    malloc = rev.emitter.declare("malloc", ir.FunctionType(PTR, [I64]))
    states = builder.call(malloc, [builder.mul(rows, ir.Constant(I64, 8))])
    primals = [builder.load(_gep(builder, args, i, PTR), typ=PTR) for i in range(lay.n)]
    shadows = [sweep.shadow_or_default(builder, entries[i], k, inst) for i, k in lay.shadows]
    for i in _scalars(lay):
        slot = _scalar_slot(builder, lay, record, i, None, dims_count)
        t = lay.g.argtypes[i]
        bits = ir.IntType(8 if isinstance(t, types.Boolean) else t.bitwidth)
        builder.store(builder.load(primals[i], typ=bits), slot)  # the scalar's bits, in a word of its own
        primals[i] = slot
        for k in range(lay.width):
            if lay.active[i]:
                shadows[lay.shadows.index((i, k))] = _scalar_slot(builder, lay, record, i, k, dims_count)
    extras = [(states, ir.Constant(I64, 8))]
    calloc = rev.emitter.declare("calloc", ir.FunctionType(PTR, [I64, I64]))
    for i, _ in lay.private:
        _, _, lo, extent = _geometry(builder, lay, i, dims, steps, lay.n)
        block = builder.call(
            calloc,
            [rows, builder.select(builder.icmp_signed("==", extent, ir.Constant(I64, 0)), ir.Constant(I64, 8), extent)],
        )
        extras.append((builder.gep(block, [builder.neg(lo)], source_etype=I8), extent))
    _fill_launch(builder, lay, (args, dims, steps), primals, shadows, extras, record, steps2)
    _launch(rev.emitter, builder, tramp, record, dims2, steps2, lay)
    rev.side_tape().push(builder, [record, states])
    return tramp


def _reverse(rev, b, inst, lane):
    """The call's reverse block: each row's reverse phase, last row first within a thread's rows."""
    if lane > 0:
        return
    got = _split(rev, inst)
    if got is None:
        return
    lay, _, reverse, kfunc, entries = got
    key = ("parallel.reverse", reverse.name)
    tramp = rev.memo.get(key)
    if tramp is None:

        def per_row(b, row: _Row, retptr, excinfo, setup):
            ops, outs = _phase_operands(b, lay, row, setup)
            b.call(reverse, [retptr, excinfo, *ops, ir.Constant(PTR, None), row.extra[0]])
            for slot, i, k, ty in outs:
                b.atomic_rmw("fadd", row.shadow[(i, k)], b.load(slot, typ=ty), "monotonic")

        name = rev.emitter.fresh_name("parallel.rev")
        tramp = rev.memo[key] = _trampoline(rev.emitter, name, lay, kfunc, per_row, downwards=True)
    record, states = rev.side_tape().pop(b, [PTR, PTR])
    steps2 = _gep(b, record, lay.arrays, I64)
    dims2 = _gep(b, record, 2 * lay.arrays + lay.inner, I64)
    rows = b.load(dims2, typ=I64)
    threads = b.call(rev.emitter.declare("get_num_threads", ir.FunctionType(I64, [])), [])
    # a thread that ran several rows in the forward sweep shared one reduction slot between them, so
    # their reverse phases must run in turn: then the whole reverse runs on this thread, last row first
    with b.if_else(b.icmp_signed("<=", rows, threads)) as (parallel, serial):
        with parallel:
            _launch(rev.emitter, b, tramp, record, dims2, steps2, lay)
        with serial:
            b.call(tramp, [record, dims2, steps2, ir.Constant(PTR, None)])
    free = rev.emitter.declare("free", ir.FunctionType(ir.VoidType(), [PTR]))
    for e, (i, k) in enumerate(lay.private):
        _reduce_private(b, lay, i, k, 1 + e, record, dims2, steps2, rows, free)
    dims_count = 1 + len(lay.g.symbols)
    for i in _scalars(lay):
        if lay.active[i] and isinstance(lay.g.argtypes[i], types.Float):
            fty = ir.DoubleType() if lay.g.argtypes[i].bitwidth == 64 else ir.FloatType()
            for k in range(lay.width):
                adjoint = b.load(_scalar_slot(b, lay, record, i, k, dims_count), typ=fty)
                sp = rev.shadow(b, entries[i], k)
                b.store(b.fadd(b.load(sp, typ=fty), adjoint), sp)
    b.call(free, [states])
    b.call(free, [record])


def _reduce_private(b, lay: _Layout, i: int, k: int, e: int, record, dims2, steps2, rows, free) -> None:
    """Add every row's private adjoints of argument i (lane k) into its shadow; free the copies."""
    fty = ir.DoubleType() if lay.g.argtypes[i].dtype.bitwidth == 64 else ir.FloatType()
    shape, strides, lo, extent = _geometry(b, lay, i, dims2, steps2, lay.arrays)
    shadow = b.load(_gep(b, record, lay.shadow_position(i, k), PTR), typ=PTR)
    base = b.load(_gep(b, record, lay.n + len(lay.shadows) + e, PTR), typ=PTR)

    def row(b, r):
        private = b.gep(base, [b.mul(r, extent)], source_etype=I8)

        def add(b, off):
            p, q = b.gep(shadow, [off], source_etype=I8), b.gep(private, [off], source_etype=I8)
            b.store(b.fadd(b.load(p, typ=fty), b.load(q, typ=fty)), p)

        _elements(b, shape, strides, add, "reduce")

    _rows(b, rows, row, "private")
    b.call(free, [b.gep(base, [lo], source_etype=I8)])


register_prefix(
    LAUNCHER,
    custom=True,
    primal_pointer_arrays=True,
    array_writes=_array_writes,
    forward=_forward,
    augmented=_augmented,
    reverse=_reverse,
)
