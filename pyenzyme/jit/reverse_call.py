"""Call compiled reverse-mode derivatives (combined, or the phases of split mode).

Input: the compiled derivative and, per argument, its Numba type and the
kind of each flattened piece ('const', 'dup', 'active'). Output: njit
trampolines:

- combined `f(*primals, *shadows[, seed])` -> `(primal, d_active..., tape_bytes)`
- forward  `f(*primals, *shadows)` -> `(state, primal, shadow_return, tape_bytes)`
- reverse  `f(*primals, *shadows[, seed], state)` -> `(d_active..., tape_bytes)`
- free     `f(state)` -> 0

Active arguments' adjoints come back as values of the argument's own type
(floats, complex, tuples of floats); Duplicated shadows are updated in place.
`state` is the address of the split-mode tape object, as an integer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import llvmlite.ir as ir
import numba
from numba.core import cgutils, types
from numba.core.callconv import excinfo_t
from numba.extending import intrinsic

from llvm_passes.differentiate.signature import parameter_types

from ..frontend.signature import flat_llvm_types

I64 = ir.IntType(64)
PTR = ir.PointerType()


@dataclass
class ReverseCall:
    library: Any  # numba.core.codegen.CodeLibrary
    symbol: str  # combined: the function; split: the prefix of .forward/.reverse/.free
    argtypes: tuple
    piece_kinds: list  # per argument: tuple of kinds of its flattened pieces
    activities: tuple  # per argument: 'const' | 'dup' | 'active'
    primal_type: object
    seeded: bool  # does the return have a shadow slot (Active seed, or Duplicated shadow)
    inline: bool = False
    split: bool = False
    return_shadow: bool = False  # split forward hands back the return's shadow (Duplicated return)
    width: int = 1  # batch lanes: W shadows per Duplicated argument, W seeds, W adjoints per Active one

    @property
    def active_positions(self) -> list[int]:
        return [i for i, a in enumerate(self.activities) if a == "active"]


def _fnty(call: ReverseCall, extra: list) -> ir.FunctionType:
    """Numba's (retptr, excinfo, flattened arguments) laid out as the pass lays out reverse mode's
    parameters, then the tape-bytes pointer and `extra` (the split phases' state reference)."""
    types = [PTR, PTR] + [lt for t in call.argtypes for lt in flat_llvm_types(t)]
    kinds = ["dup" if call.seeded else "const", "const"] + [k for kinds in call.piece_kinds for k in kinds]
    return ir.FunctionType(ir.IntType(32), parameter_types(types, kinds, call.width) + [PTR] + extra)


def _callee(context, builder, call: ReverseCall, symbol: str, fnty, addr):
    """Inline: declare and link the derivative; FFI: call the address passed as first argument."""
    if call.inline:
        context.active_code_library.add_linking_library(call.library)
        return cgutils.get_or_insert_function(builder.module, fnty, symbol)
    return builder.inttoptr(addr, fnty.as_pointer())


def _symbol(call: ReverseCall, phase: str) -> str:
    return call.symbol if phase == "combined" else f"{call.symbol}.{phase}"


def _ret_llvm_type(context, t):
    return context.get_value_type(t)  # None is a pointer-sized slot too


def _codegen(call: ReverseCall, phase: str, out_type):
    W = call.width
    n = len(call.argtypes)
    n_dup = sum(W for a in call.activities if a == "dup")
    ret_nb = call.primal_type
    symbol = _symbol(call, phase)

    def codegen(context, builder, sig, args):
        fnty = _fnty(call, [PTR] if phase != "combined" else [])
        callee = _callee(context, builder, call, symbol, fnty, args[0])
        args, sig = args[1:], sig.replace(args=sig.args[1:])
        primals = list(args[:n])
        shadows = list(args[n : n + n_dup])
        rest = list(zip(args[n + n_dup :], sig.args[n + n_dup :]))
        retty = _ret_llvm_type(context, ret_nb)
        retptr = cgutils.alloca_once(builder, retty)
        builder.store(cgutils.get_null_value(retty), retptr)
        flat = [retptr]
        sret = None
        if call.seeded:
            for _ in range(W):
                lane = cgutils.alloca_once(builder, retty)
                builder.store(cgutils.get_null_value(retty), lane)
                if phase in ("combined", "reverse") and not call.return_shadow:
                    seed, seed_type = rest.pop(0)
                    seed = context.cast(builder, seed, seed_type, ret_nb)  # e.g. a Python float for a float32 return
                    builder.store(context.get_return_value(builder, ret_nb, seed), lane)
                flat.append(lane)
                sret = sret or lane
        excinfoptr = cgutils.alloca_once(builder, ir.PointerType(excinfo_t), name="excinfo")
        flat.append(excinfoptr)
        outs = []
        si = 0
        for t, val, kinds, act in zip(call.argtypes, primals, call.piece_kinds, call.activities):
            pieces = context.get_arg_packer([t]).as_arguments(builder, [val])
            lanes = []
            if act == "dup":
                for k in range(W):
                    lanes.append(context.get_arg_packer([t]).as_arguments(builder, [shadows[si + k]]))
                si += W
            my_outs = [[] for _ in range(W)]
            for j, (piece, k) in enumerate(zip(pieces, kinds)):
                flat.append(piece)
                if k == "dup":
                    flat.extend(lane[j] for lane in lanes)
                elif k == "active":
                    for lane_outs in my_outs:
                        slot = cgutils.alloca_once(builder, piece.type)
                        builder.store(ir.Constant(piece.type, 0.0), slot)
                        flat.append(slot)
                        lane_outs.append(slot)
            if act == "active":
                outs.append((t, my_outs))
        tape_bytes = cgutils.alloca_once(builder, I64)
        builder.store(ir.Constant(I64, 0), tape_bytes)
        flat.append(tape_bytes)
        state_ref = None
        if phase != "combined":
            state_ref = cgutils.alloca_once(builder, PTR)
            if phase == "reverse":
                builder.store(builder.inttoptr(rest.pop(0)[0], PTR), state_ref)
            flat.append(state_ref)
        code = builder.call(callee, flat)
        status = context.call_conv._get_return_status(builder, code, builder.load(excinfoptr))
        with cgutils.if_unlikely(builder, status.is_error):
            context.call_conv.return_status_propagate(builder, status)
        vals = []
        if phase == "forward":
            vals.append(builder.ptrtoint(builder.load(state_ref), I64))
        if phase in ("combined", "forward"):
            vals.append(
                context.get_dummy_value()
                if ret_nb is types.none
                else context.get_returned_value(builder, ret_nb, builder.load(retptr))
            )
        if phase == "forward" and call.return_shadow:
            vals.append(context.get_returned_value(builder, ret_nb, builder.load(sret)))
        if phase in ("combined", "reverse"):
            for t, lanes in outs:
                for slots in lanes:
                    loaded = [builder.load(s) for s in slots]
                    vals.append(context.get_arg_packer([t]).from_arguments(builder, loaded)[0])
        vals.append(builder.load(tape_bytes))
        return context.make_tuple(builder, out_type, vals)

    return codegen


def _out_type(call: ReverseCall, phase: str):
    ret_nb = call.primal_type
    primal = ret_nb if ret_nb is not types.none else types.none
    parts = []
    if phase == "forward":
        parts.append(types.int64)
    if phase in ("combined", "forward"):
        parts.append(primal)
    if phase == "forward" and call.return_shadow:
        parts.append(ret_nb)
    if phase in ("combined", "reverse"):
        parts += [call.argtypes[i] for i in call.active_positions for _ in range(call.width)]
    parts.append(types.int64)
    return types.Tuple(parts)


def _arity(call: ReverseCall, phase: str) -> int:
    n = len(call.argtypes) + sum(call.width for a in call.activities if a == "dup")
    if phase in ("combined", "reverse") and call.seeded and not call.return_shadow:
        n += call.width
    if phase == "reverse":
        n += 1
    return n


def _njit_around(typer, arity: int):
    names = [f"a{i}" for i in range(arity + 1)]  # a0: the derivative's address
    ns: dict = {"_typer": typer}
    exec(f"def _deriv(typingctx, {', '.join(names)}):\n    return _typer(typingctx, {', '.join(names)})\n", ns)
    deriv = intrinsic(ns["_deriv"])
    ns2: dict = {"_deriv": deriv}
    exec(f"def trampoline({', '.join(names)}):\n    return _deriv({', '.join(names)})\n", ns2)
    return numba.njit(ns2["trampoline"]), deriv


_shared: dict = {}


def make_reverse_trampoline(call: ReverseCall, phase: str = "combined"):
    """(njit trampoline, intrinsic, address) for one phase: combined, forward or reverse.

    Called as `trampoline(address, ...)`; with the FFI ABI one compiled
    trampoline serves every derivative with the same calling layout.
    """
    addr = call.library.get_pointer_to_function(_symbol(call, phase))
    key = (
        None
        if call.inline
        else (
            call.argtypes,
            tuple(call.piece_kinds),
            call.activities,
            call.primal_type,
            call.seeded,
            call.return_shadow,
            call.width,
            phase,
        )
    )
    hit = _shared.get(key) if key is not None else None
    if hit is not None:
        return hit[0], hit[1], addr
    out_type = _out_type(call, phase)
    codegen = _codegen(call, phase, out_type)

    def typer(typingctx, *argtys):
        return out_type(*argtys), codegen

    made = _njit_around(typer, _arity(call, phase))
    if key is not None:
        _shared[key] = made
    return made[0], made[1], addr


def make_free_trampoline(call: ReverseCall):
    """(`free(address, state)`, intrinsic, address): release a split-mode tape no reverse consumed."""
    fnty = ir.FunctionType(ir.IntType(32), [PTR])
    addr = call.library.get_pointer_to_function(f"{call.symbol}.free")
    key = None if call.inline else "free"
    hit = _shared.get(key) if key is not None else None
    if hit is not None:
        return hit[0], hit[1], addr

    def codegen(context, builder, sig, args):
        callee = _callee(context, builder, call, f"{call.symbol}.free", fnty, args[0])
        ref = cgutils.alloca_once(builder, PTR)
        builder.store(builder.inttoptr(args[1], PTR), ref)
        builder.call(callee, [ref])
        return context.get_constant(types.int64, 0)

    def typer(typingctx, address, state):
        return types.int64(address, state), codegen

    made = _njit_around(typer, 1)
    if key is not None:
        _shared[key] = made
    return made[0], made[1], addr
