"""The parameter list of a derivative: each primal argument followed by what differentiates it.

Input: the primal's arguments, one kind per argument ('const', 'dup', or
'active') and the batch width W. Output: the derivative's parameters in
order: every argument, then W shadows of a 'dup' one (same type) or W
adjoint outputs of an 'active' one (pointers the adjoint is added into);
and, for a new function, which parameter is which.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import llvmlite.ir as ir

from ..analysis.activity import is_float
from ..ir.model import Argument, Value

PTR = ir.PointerType()


@dataclass
class Parameters:
    """Keyed by the primal's arguments (typed as values: they are looked up among all values)."""

    primal: dict[Value, ir.Value] = field(default_factory=dict)
    shadows: dict[Value, list[ir.Value]] = field(default_factory=dict)
    adjoint_outputs: dict[Value, list[ir.Value]] = field(default_factory=dict)
    rest: list[ir.Argument] = field(default_factory=list)  # parameters after the arguments' own


def parameter_types(types: Sequence[ir.Type], kinds: Sequence[str], width: int) -> list[ir.Type]:
    """The derivative's parameter types for primal parameters of `types` (a caller building the call uses
    the same list)."""
    out: list[ir.Type] = []
    for t, k in zip(types, kinds):
        out.append(t)
        if k == "dup":
            out += [t] * width
        elif k == "active":
            out += [PTR] * width
    return out


def forward_return_type(ty: ir.Type, width: int) -> ir.Type:
    """What a forward derivative returns for a primal returning `ty`: a float result comes back with
    its tangents, `{T, T}` (W = 1) or `{T, [W x T]}`; anything else (a status, void) as it is. A returned
    float or vector of floats (`is_float`) is a result; a returned aggregate holding floats is refused."""
    if not is_float(ty):
        return ty
    return ir.LiteralStructType([ty, ty if width == 1 else ir.ArrayType(ty, width)])


def bind(fn: ir.Function, args: Sequence[Argument], kinds: Sequence[str], width: int) -> Parameters:
    """Name `fn`'s parameters after the arguments and sort them by role."""
    out = Parameters()
    it = iter(fn.args)
    for a, k in zip(args, kinds):
        p = next(it)
        p.name = a.name
        out.primal[a] = p
        if k == "dup":
            out.shadows[a] = [next(it) for _ in range(width)]
            for j, s in enumerate(out.shadows[a]):
                s.name = f"{a.name}.shadow{j}"
        elif k == "active":
            out.adjoint_outputs[a] = [next(it) for _ in range(width)]
            for j, s in enumerate(out.adjoint_outputs[a]):
                s.name = f"{a.name}.adjoint{j}"
    out.rest = list(it)
    return out
