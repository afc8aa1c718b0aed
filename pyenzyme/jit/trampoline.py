"""Call a compiled derivative from Python (FFI ABI) or from jitted code (Inline ABI).

Input: a compiled derivative (library, symbol, argument layouts, width and
what it returns). Output: a Numba `@intrinsic` that calls it with Numba's
calling convention, so exceptions raised by the primal propagate, and a small
`@njit` trampoline around it that Python calls through Numba's C dispatcher
(cheap per call). FFI calls the symbol through its address; Inline declares
it and links the library so LLVM may inline it into the caller.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import llvmlite.ir as ir
import numba
from numba.core import cgutils, types
from numba.core.callconv import excinfo_t
from numba.extending import intrinsic

from llvm_passes.differentiate.signature import parameter_types

from ..frontend.signature import ArgLayout, shadow_flags


@dataclass
class DerivativeCall:
    """Everything needed to call one generated derivative function."""

    library: Any  # numba.core.codegen.CodeLibrary
    symbol: str
    layouts: list[ArgLayout]
    width: int
    primal_type: object  # Numba return type of the primal
    return_shadows: bool  # does the derivative write W return shadows
    inline: bool = False
    extra_outputs: list = field(default_factory=list)

    @property
    def n_user_args(self) -> int:
        return len(self.layouts) + sum(self.width for lay in self.layouts if lay.n_shadow_pieces)


def _llvm_fnty(call: DerivativeCall) -> ir.FunctionType:
    """The derivative's type: Numba's (retptr, excinfo, flattened arguments), shadowed pieces doubled W times."""
    ptr = ir.PointerType()
    types = [ptr, ptr] + [t for lay in call.layouts for t in lay.flat]
    kinds = ["dup" if s else "const" for s in shadow_flags(call.layouts, call.return_shadows)]
    return ir.FunctionType(ir.IntType(32), parameter_types(types, kinds, call.width))


def make_intrinsic(call: DerivativeCall):
    """An intrinsic `f(*primals, *shadows)` returning `(primal, shadow_1..W)`."""
    W = call.width
    ret_nb = call.primal_type
    n_lanes = W if call.return_shadows else 0
    out_type = types.Tuple([ret_nb] + [ret_nb] * n_lanes) if ret_nb is not types.none else types.Tuple([])

    def codegen(context, builder, sig, args):
        fnty = _llvm_fnty(call)
        if call.inline:
            context.active_code_library.add_linking_library(call.library)
            callee = cgutils.get_or_insert_function(builder.module, fnty, call.symbol)
        else:  # FFI: the first argument is the derivative's address, so one trampoline serves a whole signature
            callee = builder.inttoptr(args[0], fnty.as_pointer())
        args, sig = args[1:], sig.replace(args=sig.args[1:])
        n = len(call.layouts)
        primals, shadows = list(args[:n]), list(args[n:])
        retty = context.get_value_type(ret_nb)  # None is a pointer-sized slot too
        retptr = cgutils.alloca_once(builder, retty)
        builder.store(cgutils.get_null_value(retty), retptr)
        sretptrs = []
        for _ in range(n_lanes):
            p = cgutils.alloca_once(builder, retty)
            builder.store(cgutils.get_null_value(retty), p)
            sretptrs.append(p)
        excinfoptr = cgutils.alloca_once(builder, ir.PointerType(excinfo_t), name="excinfo")
        flat = [retptr] + sretptrs + [excinfoptr]
        si = 0
        for lay, val, nbt in zip(call.layouts, primals, sig.args[:n]):
            pieces = context.get_arg_packer([nbt]).as_arguments(builder, [val])
            lane_pieces = []
            if lay.n_shadow_pieces:
                for k in range(W):
                    lane_pieces.append(context.get_arg_packer([nbt]).as_arguments(builder, [shadows[si + k]]))
                si += W
            for j, (piece, m) in enumerate(zip(pieces, lay.shadow_mask)):
                flat.append(piece)
                if m:
                    flat.extend(lp[j] for lp in lane_pieces)
        code = builder.call(callee, flat)
        status = context.call_conv._get_return_status(builder, code, builder.load(excinfoptr))
        with cgutils.if_unlikely(builder, status.is_error):
            context.call_conv.return_status_propagate(builder, status)
        if ret_nb is types.none:
            return context.make_tuple(builder, out_type, [])
        vals = [context.get_returned_value(builder, ret_nb, builder.load(p)) for p in [retptr] + sretptrs]
        return context.make_tuple(builder, out_type, vals)

    def typer(typingctx, *argtys):
        return out_type(*argtys), codegen

    return typer, out_type


_shared: dict = {}


def make_trampoline(call: DerivativeCall, arity: int, body_returns: str):
    """(njit trampoline, its intrinsic, address): call as `trampoline(address, *primals, *shadows)`.

    `body_returns` is a Python expression over `r` (the intrinsic's tuple) that
    shapes the result as the public API promises. With the FFI ABI the
    derivative's address is an argument, so derivatives of functions with the
    same calling layout share one compiled trampoline; the Inline ABI links the
    derivative into its own trampoline (the address argument is then unused).
    """
    addr = call.library.get_pointer_to_function(call.symbol)
    key = (
        None
        if call.inline
        else (
            tuple((lay.nbtype, lay.shadow_mask) for lay in call.layouts),
            call.width,
            call.primal_type,
            call.return_shadows,
            arity,
            body_returns,
        )
    )
    hit = _shared.get(key) if key is not None else None
    if hit is not None:
        return hit[0], hit[1], addr
    typer, _ = make_intrinsic(call)
    names = [f"a{i}" for i in range(arity + 1)]
    src_intr = f"def _deriv(typingctx, {', '.join(names)}):\n    return _typer(typingctx, {', '.join(names)})\n"
    ns: dict = {"_typer": typer}
    exec(src_intr, ns)
    deriv = intrinsic(ns["_deriv"])
    src = f"def trampoline({', '.join(names)}):\n    r = _deriv({', '.join(names)})\n    return {body_returns}\n"
    ns2: dict = {"_deriv": deriv}
    exec(src, ns2)
    made = numba.njit(ns2["trampoline"]), deriv
    if key is not None:
        _shared[key] = made
    return made[0], made[1], addr
