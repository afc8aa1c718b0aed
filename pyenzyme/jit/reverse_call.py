"""Call a compiled combined reverse-mode derivative from Python or jitted code.

Input: the compiled derivative and, per argument, its Numba type and the
kind of each flattened piece ('const', 'dup', 'active'). Output: an njit
trampoline `f(*primals, *shadows, seed)` returning
`(primal, d_active_1, ..., d_active_k, tape_bytes)`: Active arguments'
adjoints come back as values of the argument's own type (floats, complex,
tuples of floats); Duplicated shadows are updated in place.
"""

from __future__ import annotations

from dataclasses import dataclass

import llvmlite.ir as ir
import numba
from numba.core import cgutils, types
from numba.core.callconv import excinfo_t
from numba.extending import intrinsic

I64 = ir.IntType(64)


@dataclass
class ReverseCall:
    library: object
    symbol: str
    argtypes: tuple
    piece_kinds: list  # per argument: tuple of kinds of its flattened pieces
    activities: tuple  # per argument: 'const' | 'dup' | 'active'
    primal_type: object
    seeded: bool  # is the return Active (a seed is passed)
    inline: bool = False

    @property
    def active_positions(self) -> list[int]:
        return [i for i, a in enumerate(self.activities) if a == "active"]


def _fnty(call: ReverseCall) -> ir.FunctionType:
    args: list[ir.Type] = [ir.PointerType()]
    if call.seeded:
        args.append(ir.PointerType())
    args.append(ir.PointerType())  # excinfo
    from ..frontend.signature import flat_llvm_types

    for t, kinds in zip(call.argtypes, call.piece_kinds):
        for lt, k in zip(flat_llvm_types(t), kinds):
            args.append(lt)
            if k == "dup":
                args.append(lt)
            elif k == "active":
                args.append(ir.PointerType())
    args.append(ir.PointerType())  # tape bytes
    return ir.FunctionType(ir.IntType(32), args)


def make_reverse_trampoline(call: ReverseCall):
    n = len(call.argtypes)
    n_dup = sum(1 for a in call.activities if a == "dup")
    ret_nb = call.primal_type
    active_types = [call.argtypes[i] for i in call.active_positions]
    out_type = types.Tuple([ret_nb if ret_nb is not types.none else types.none] + active_types + [types.int64])

    def codegen(context, builder, sig, args):
        fnty = _fnty(call)
        if call.inline:
            context.active_code_library.add_linking_library(call.library)
            callee = cgutils.get_or_insert_function(builder.module, fnty, call.symbol)
        else:
            addr = call.library.get_pointer_to_function(call.symbol)
            callee = builder.inttoptr(ir.Constant(I64, addr), fnty.as_pointer())
        primals = list(args[:n])
        shadows = list(args[n:n + n_dup])
        retty = context.get_value_type(ret_nb) if ret_nb is not types.none else ir.IntType(8)
        retptr = cgutils.alloca_once(builder, retty)
        builder.store(cgutils.get_null_value(retty), retptr)
        flat = [retptr]
        if call.seeded:
            seedptr = cgutils.alloca_once(builder, retty)
            builder.store(context.get_return_value(builder, ret_nb, args[n + n_dup]), seedptr)
            flat.append(seedptr)
        excinfoptr = cgutils.alloca_once(builder, ir.PointerType(excinfo_t), name="excinfo")
        flat.append(excinfoptr)
        outs = []  # per active argument: list of (alloca) per active piece
        si = 0
        for t, val, kinds, act in zip(call.argtypes, primals, call.piece_kinds, call.activities):
            pieces = context.get_arg_packer([t]).as_arguments(builder, [val])
            spieces = None
            if act == "dup":
                spieces = context.get_arg_packer([t]).as_arguments(builder, [shadows[si]])
                si += 1
            my_outs = []
            for j, (piece, k) in enumerate(zip(pieces, kinds)):
                flat.append(piece)
                if k == "dup":
                    flat.append(spieces[j])
                elif k == "active":
                    slot = cgutils.alloca_once(builder, piece.type)
                    builder.store(ir.Constant(piece.type, 0.0), slot)
                    flat.append(slot)
                    my_outs.append(slot)
            if act == "active":
                outs.append((t, my_outs))
        tape_bytes = cgutils.alloca_once(builder, I64)
        builder.store(ir.Constant(I64, 0), tape_bytes)
        flat.append(tape_bytes)
        code = builder.call(callee, flat)
        status = context.call_conv._get_return_status(builder, code, builder.load(excinfoptr))
        with cgutils.if_unlikely(builder, status.is_error):
            context.call_conv.return_status_propagate(builder, status)
        vals = []
        if ret_nb is types.none:
            vals.append(context.get_dummy_value())
        else:
            vals.append(context.get_returned_value(builder, ret_nb, builder.load(retptr)))
        for t, slots in outs:
            pieces = [builder.load(s) for s in slots]
            vals.append(context.get_arg_packer([t]).from_arguments(builder, pieces)[0])
        vals.append(builder.load(tape_bytes))
        return context.make_tuple(builder, out_type, vals)

    def typer(typingctx, *argtys):
        return out_type(*argtys), codegen

    arity = n + n_dup + (1 if call.seeded else 0)
    names = [f"a{i}" for i in range(arity)]
    ns: dict = {"_typer": typer}
    exec(f"def _deriv(typingctx, {', '.join(names)}):\n    return _typer(typingctx, {', '.join(names)})\n", ns)
    deriv = intrinsic(ns["_deriv"])
    ns2: dict = {"_deriv": deriv}
    exec(f"def trampoline({', '.join(names)}):\n    return _deriv({', '.join(names)})\n", ns2)
    return numba.njit(ns2["trampoline"]), deriv
