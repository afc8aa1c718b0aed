"""A small, mutable model of one LLVM function, read from llvmlite.binding.

Input: nothing (the reader fills it). Output: plain Python objects that the
analyses walk and the differentiation passes re-emit through `emitter.py`.
Types are llvmlite.ir types, so reading and emitting share one type system.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import llvmlite.ir as ir


@dataclass(eq=False)
class Value:
    """Anything an instruction can use as an operand."""

    type: ir.Type
    name: str = ""

    def ref(self) -> str:
        return f"%{self.name}"


@dataclass(eq=False)
class Argument(Value):
    index: int = 0
    noalias: bool = False


@dataclass(eq=False)
class Constant(Value):
    """A constant written as LLVM text (`1.0`, `null`, `zeroinitializer`, a constant expression).

    `value` holds the Python number for int/fp constants, else None.
    """

    text: str = ""
    value: Any = None

    def ref(self) -> str:
        return self.text


@dataclass(eq=False)
class GlobalRef(Value):
    """A global variable or function, referenced by name."""

    is_function: bool = False
    declaration: str = ""  # LLVM text that declares/defines it in a new module
    value_type: ir.Type | None = None  # the function type, for functions

    def ref(self) -> str:
        return f"@{self.name}"


@dataclass(eq=False)
class Instruction(Value):
    opcode: str = ""
    operands: list[Value] = field(default_factory=list)
    block: Block | None = None
    # opcode-specific facts the binding API does not expose, filled from the text layer:
    # predicate, source_type, alloca_type, indices, callee, incoming (phi blocks),
    # targets (branch blocks), inbounds.
    attrs: dict[str, Any] = field(default_factory=dict)
    text: str = ""  # the instruction as LLVM printed it (for messages)

    @property
    def callee(self) -> str | None:
        return self.attrs.get("callee")

    @property
    def is_terminator(self) -> bool:
        return self.opcode in TERMINATORS

    def __repr__(self) -> str:
        return f"<{self.opcode} %{self.name}>" if self.name else f"<{self.opcode}>"


TERMINATORS = frozenset({"br", "ret", "unreachable", "switch", "resume", "indirectbr"})


@dataclass(eq=False)
class Block:
    name: str
    instructions: list[Instruction] = field(default_factory=list)
    function: Function | None = None

    @property
    def terminator(self) -> Instruction:
        return self.instructions[-1]

    @property
    def successors(self) -> list[Block]:
        return list(self.terminator.attrs.get("targets", ()))

    @property
    def phis(self) -> list[Instruction]:
        return [i for i in self.instructions if i.opcode == "phi"]

    def __repr__(self) -> str:
        return f"<block {self.name}>"


@dataclass(eq=False)
class Function:
    name: str
    return_type: ir.Type
    args: list[Argument]
    blocks: list[Block] = field(default_factory=list)
    # Declarations/definitions of every global the body refers to, by name.
    globals: dict[str, GlobalRef] = field(default_factory=dict)
    # Source locations known for instructions (name -> "file:line"), if any.
    locations: dict[str, str] = field(default_factory=dict)

    @property
    def entry(self) -> Block:
        return self.blocks[0]

    def instructions(self):
        for block in self.blocks:
            yield from block.instructions

    def predecessors(self) -> dict[Block, list[Block]]:
        preds: dict[Block, list[Block]] = {b: [] for b in self.blocks}
        for block in self.blocks:
            for succ in block.successors:
                if block not in preds[succ]:
                    preds[succ].append(block)
        return preds
