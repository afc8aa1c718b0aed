"""How a reverse-mode derivative ends: outputs, deferred frees, the tape, the split phases.

Input: the reverse pass. Output: the block between the sweeps (it records
the tape's size; in split mode the forward phase returns there, leaving its
state for the reverse phase), the final block (active arguments' adjoints
are added into their output pointers), the exception exit (the primal failed:
nothing is differentiated), and on every way out the frees the forward sweep
deferred, the tape's release and the status the primal returned. Split mode
also gets `name.forward`, `name.reverse` and `name.free` around the phases.
"""

from __future__ import annotations

import llvmlite.ir as ir

I32 = ir.IntType(32)
I64 = ir.IntType(64)
PTR = ir.PointerType()


def defer_free(rev, builder, inst, sweep) -> None:
    """In the forward sweep: push (pointer, tag) for the primal and each shadow instead of freeing."""
    tags = rev.free_tags
    tag = ir.Constant(I64, tags.setdefault(inst.callee, len(tags)))
    ptr = inst.operands[0]
    rev.deferred.push(builder, [sweep.get(ptr), tag])
    for lane in sweep.shadow.get(ptr, ()):
        rev.deferred.push(builder, [lane, tag])


def start(rev) -> None:
    """rev.start: where every successful return of the forward sweep arrives."""
    b = ir.IRBuilder(rev.rev_start)
    b.store(rev.tape.bytes_used(b), rev.bytes_slot)
    rev.rev_start_body = rev.fn.append_basic_block("rev.begin")
    rev.free_only = None
    if not rev.split:
        b.branch(rev.rev_start_body)
        return
    # the forward phase ends here, leaving the state for the reverse phase
    done = rev.fn.append_basic_block("forward.done")
    b.cbranch(b.icmp_signed("==", rev.phase, ir.Constant(I32, 1)), done, rev.rev_start_body)
    db = ir.IRBuilder(done)
    write_tape_bytes(rev, db)
    ret_status(rev, db, db.load(rev.status_slot, typ=rev.status_type))
    rev.free_only = rev.fn.append_basic_block("free.only")
    fb = ir.IRBuilder(rev.free_only)
    run_deferred_frees(rev, fb)
    finish_and_return(rev, fb, ir.Constant(rev.status_type, 0))


def finish(rev) -> None:
    """The final block and the exception exit."""
    b = ir.IRBuilder(rev.final)
    for a, outs in rev.outs.items():
        for lane, out in enumerate(outs):
            d = rev.adjoints.final(b, a, lane)
            if d is not None:
                b.store(b.fadd(b.load(out, typ=a.type), d), out)
    run_deferred_frees(rev, b)
    finish_and_return(rev, b, b.load(rev.status_slot, typ=rev.status_type))
    b = ir.IRBuilder(rev.exc_exit)
    b.store(rev.tape.bytes_used(b), rev.bytes_slot)
    run_deferred_frees(rev, b)
    finish_and_return(rev, b, b.load(rev.status_slot, typ=rev.status_type))


def finish_and_return(rev, b, status) -> None:
    rev.tape.release(b)
    rev.deferred.release(b)
    if rev._side_tape is not None:
        rev._side_tape.release(b)
    write_tape_bytes(rev, b)
    rev.cross.release(b)
    ret_status(rev, b, status)


def ret_status(rev, b, status) -> None:
    if isinstance(rev.func.return_type, ir.VoidType):
        b.ret_void()
    else:
        b.ret(status)


def write_tape_bytes(rev, b) -> None:
    """Bytes kept between the sweeps: the tape, plus the state block in split mode."""
    with b.if_then(b.icmp_unsigned("!=", rev.tape_out, ir.Constant(PTR, None))):
        nbytes = b.load(rev.bytes_slot, typ=I64)
        if rev.split:
            nbytes = b.add(nbytes, rev.cross.size)
        b.store(nbytes, rev.tape_out)


def run_deferred_frees(rev, b) -> None:
    """Pop (pointer, tag) pairs until the deferred list is empty and release each by its tag."""
    if not rev.free_tags:
        return
    loop = b.append_basic_block("free.loop")
    body = b.append_basic_block("free.body")
    done = b.append_basic_block("free.done")
    b.branch(loop)
    b.position_at_end(loop)
    b.cbranch(b.icmp_unsigned("==", rev.deferred.bytes_used(b), ir.Constant(I64, 0)), done, body)
    b.position_at_end(body)
    ptr, tag = rev.deferred.pop(b, [PTR, I64])
    void_ptr = ir.FunctionType(ir.VoidType(), [PTR])
    names = sorted(rev.free_tags, key=rev.free_tags.get)
    cases = [b.append_basic_block(f"free.{i}") for i in range(len(names))]
    sw = b.switch(tag, cases[0])
    for i, (name, blk) in enumerate(zip(names, cases)):
        sw.add_case(ir.Constant(I64, i), blk)
        b.position_at_end(blk)
        b.call(rev.emitter.declare(name, void_ptr), [ptr])
        b.branch(loop)
    b.position_at_end(done)


def phase_wrappers(rev, name: str) -> list[ir.Function]:
    """`name.forward`, `name.reverse` (same arguments) and `name.free(state_ref)` around the phases."""
    rev.fn.linkage = "internal"
    rev.fn.attributes.add("alwaysinline")
    fnty = rev.fn.function_type
    outer = ir.FunctionType(fnty.return_type, list(fnty.args[:-1]))
    made = []
    for suffix, phase in (("forward", 1), ("reverse", 2)):
        w = rev.emitter.module.globals.get(f"{name}.{suffix}")  # declared first for a recursive callee
        if w is None:
            w = ir.Function(rev.emitter.module, outer, f"{name}.{suffix}")
        b = ir.IRBuilder(w.append_basic_block("entry"))
        _return(b, b.call(rev.fn, list(w.args) + [ir.Constant(I32, phase)]))
        made.append(w)
    w = ir.Function(rev.emitter.module, ir.FunctionType(fnty.return_type, [PTR]), f"{name}.free")
    b = ir.IRBuilder(w.append_basic_block("entry"))
    # zeros, not undef: the free phase reads the tape-size pointer (null: not asked for), and a branch
    # on undef lets LLVM drop the rest of the phase, the state's free included
    args = [ir.Constant(t, None) for t in fnty.args[:-2]] + [w.args[0], ir.Constant(I32, 3)]
    _return(b, b.call(rev.fn, args))
    made.append(w)
    return made


def _return(b: ir.IRBuilder, value: ir.Value) -> None:
    if isinstance(value.type, ir.VoidType):
        b.ret_void()
    else:
        b.ret(value)
