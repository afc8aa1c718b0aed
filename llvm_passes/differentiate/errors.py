"""Errors raised when IR cannot be differentiated.

Input: the offending instruction and function. Output: an exception whose
message names the instruction, the function and, where the front end
recorded it, the source location.
"""

from __future__ import annotations

from ..ir.model import Function, Instruction


class NotDifferentiableError(ValueError):
    def __init__(self, msg: str, inst: Instruction | None = None, func: Function | None = None):
        where = ""
        if func is not None:
            loc = func.locations.get(inst.name, "") if inst is not None else ""
            loc = loc or func.locations.get("", "")
            where = f" in {func.locations.get('@name', func.name)}" + (f" ({loc})" if loc else "")
        text = f"{msg}{where}"
        if inst is not None:
            text += f"\n  instruction: {inst.text}"
        super().__init__(text)
        self.instruction = inst
        self.function = func


def check_return(func: Function) -> None:
    """A returned aggregate holding floats has no derivative convention here: refuse it rather than
    treat it as a status code."""
    from ..analysis.activity import carries_float, is_float

    ty = func.return_type
    if carries_float(ty) and not is_float(ty):
        raise NotDifferentiableError(
            f"the returned {ty} is an aggregate holding floats, which has no derivative here; "
            "return one float, or store the results through pointer arguments",
            None,
            func,
        )


def check_store_target(pass_, inst: Instruction) -> None:
    """An active float stored into memory that has no shadow would lose its derivative silently.

    When that memory was allocated inside the function (not a Const argument the
    caller chose), the allocation is one the pass does not understand: refuse it.
    """
    from ..analysis.activity import is_float
    from ..analysis.memory import roots
    from ..ir.model import Instruction as Inst

    val, ptr = inst.operands
    if val not in pass_.activity or not is_float(val.type):
        return
    found = roots(ptr)
    if found is None:
        raise NotDifferentiableError(
            "an active value is stored into memory that cannot be traced to an allocation or an "
            "argument, so it has no shadow; its derivative would be lost",
            inst,
            pass_.func,
        )
    for r in found:
        if isinstance(r, Inst) and r.opcode in ("call", "alloca"):
            what = f"the call to `{r.callee}`" if r.opcode == "call" else "a stack slot"
            raise NotDifferentiableError(
                f"an active value is stored into memory allocated by {what}, which has no shadow; "
                "its derivative would be lost (allocate with np.empty/np.zeros, or mark the value constant)",
                inst,
                pass_.func,
            )
