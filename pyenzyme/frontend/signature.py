"""Numba's calling convention <-> the activity signature the AD pass needs.

Input: the Numba argument types, one activity per argument and the return
activity. Output: for every LLVM argument of the compiled function
(`retptr, excinfo, <flattened args>`), whether it gets shadows; for the
caller, how many LLVM values each Numba argument flattens into.
An array flattens into meminfo, parent, nitems, itemsize, data, shape...,
strides...: its pointers get shadows, its integers are shared with the primal.
"""

from __future__ import annotations

from dataclasses import dataclass

import llvmlite.ir as ir
from numba.core.registry import cpu_target


def _context():
    return cpu_target.target_context


def flat_llvm_types(nbtype) -> list[ir.Type]:
    """The LLVM argument types `nbtype` flattens into under Numba's convention."""
    packer = _context().get_arg_packer([nbtype])
    return list(packer.argument_types)


def _is_shadowable(ty: ir.Type) -> bool:
    return isinstance(ty, (ir.DoubleType, ir.FloatType, ir.HalfType, ir.PointerType))


@dataclass(frozen=True)
class ArgLayout:
    nbtype: object
    shadowed: bool  # the argument as a whole is Duplicated (or an active scalar in forward mode)
    flat: tuple  # LLVM types of its flattened pieces
    shadow_mask: tuple  # per piece: does it get W shadow arguments

    @property
    def n_shadow_pieces(self) -> int:
        return sum(self.shadow_mask)


def arg_layout(nbtype, shadowed: bool) -> ArgLayout:
    flat = tuple(flat_llvm_types(nbtype))
    mask = tuple(shadowed and _is_shadowable(t) for t in flat)
    return ArgLayout(nbtype, shadowed, flat, mask)


def reverse_kinds(nbtype, activity: str) -> tuple[str, ...]:
    """Per flattened piece, for reverse mode: 'const', 'dup' (pointer with shadow) or 'active' (float)."""
    flat = flat_llvm_types(nbtype)
    if activity == "dup":
        return tuple("dup" if isinstance(t, ir.PointerType) else "const" for t in flat)
    if activity == "active":
        return tuple("active" if _is_shadowable(t) and not isinstance(t, ir.PointerType) else "const" for t in flat)
    return ("const",) * len(flat)


def shadow_flags(layouts: list[ArgLayout], return_shadowed: bool) -> list[bool]:
    """Per LLVM argument of the Numba function: does it get shadows?"""
    flags = [return_shadowed, False]  # retptr, excinfo
    for lay in layouts:
        flags.extend(lay.shadow_mask)
    return flags
