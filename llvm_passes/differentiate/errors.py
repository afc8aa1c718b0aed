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
