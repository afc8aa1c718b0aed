"""AD modes and ABIs (values, not classes to instantiate).

Input: nothing. Output: `Forward`, `Reverse`, ... and the `ABI` choices.
A mode is an immutable value; `with_abi` returns a copy with another ABI.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


class ABI:
    """How derivative code is called."""


class FFIABI(ABI):
    """JIT-compile and call through a function pointer."""


class InlineABI(ABI):
    """Link the derivative into the calling jitted code so LLVM may inline it."""


@dataclass(frozen=True)
class Mode:
    abi: type = FFIABI

    def with_abi(self, abi: type) -> Mode:
        if not (isinstance(abi, type) and issubclass(abi, ABI)):
            raise TypeError(f"abi: expected pe.FFIABI or pe.InlineABI, got {abi!r}")
        return replace(self, abi=abi)


@dataclass(frozen=True)
class ForwardMode(Mode):
    return_primal: bool = False

    def __repr__(self):
        return "Forward"


@dataclass(frozen=True)
class ReverseMode(Mode):
    return_primal: bool = False

    def __repr__(self):
        return "ReverseWithPrimal" if self.return_primal else "Reverse"


@dataclass(frozen=True)
class ReverseModeSplit(Mode):
    return_primal: bool = True
    return_shadow: bool = True
    width: int = 0
    modified_between: bool | tuple = True

    def __repr__(self):
        name = "ReverseSplitWithPrimal" if self.return_primal else "ReverseSplitNoPrimal"
        options = [
            f"{k}={getattr(self, k)!r}"
            for k, d in (("return_shadow", True), ("width", 0), ("modified_between", True), ("abi", FFIABI))
            if getattr(self, k) != d
        ]
        return f"{name}({', '.join(options)})" if options else name


Forward = ForwardMode()
Reverse = ReverseMode()
ReverseWithPrimal = ReverseMode(return_primal=True)
ReverseSplitWithPrimal = ReverseModeSplit(return_primal=True)
ReverseSplitNoPrimal = ReverseModeSplit(return_primal=False)
