"""The one place new IR is written: an llvmlite.ir module plus a dialect.

Input: model values (to clone primal instructions) and requests for new
instructions from the differentiation passes. Output: LLVM text that parses
and verifies under the chosen dialect. The CPU dialect uses opaque pointers
(LLVM 22); a typed-pointer dialect for NVVM plugs in as another `Dialect`.
"""

from __future__ import annotations

from collections.abc import Callable

import llvmlite.ir as ir

from .model import Constant, GlobalRef, Instruction, Value


class EmitError(ValueError):
    pass


class Dialect:
    """How pointers are spelled. Opaque: every pointer is `ptr`."""

    name = "opaque"

    def pointer(self, pointee: ir.Type | None = None, addrspace: int = 0) -> ir.Type:
        return ir.PointerType(addrspace=addrspace)


OPAQUE = Dialect()

INT_BINOPS = ("add", "sub", "mul", "sdiv", "udiv", "srem", "urem", "shl", "lshr", "ashr", "and", "or", "xor")
FP_BINOPS = ("fadd", "fsub", "fmul", "fdiv", "frem")
CASTS = (
    "trunc",
    "zext",
    "sext",
    "fptrunc",
    "fpext",
    "fptosi",
    "fptoui",
    "uitofp",
    "sitofp",
    "ptrtoint",
    "inttoptr",
    "bitcast",
    "addrspacecast",
)


class _Plain(ir.Instruction):
    """An instruction llvmlite.ir has no builder method for (`freeze`)."""


def _builder_method(opcode: str) -> str:
    return {"and": "and_", "or": "or_"}.get(opcode, opcode)


Getter = Callable[[Value], ir.Value]


def _clone_binop(e, b, inst, ops, name):
    return getattr(b, _builder_method(inst.opcode))(ops[0], ops[1], name=name)


def _clone_cast(e, b, inst, ops, name):
    return getattr(b, inst.opcode)(ops[0], inst.type, name=name)


def _clone_cmp(e, b, inst, ops, name):
    cls = ir.instructions.ICMPInstr if inst.opcode == "icmp" else ir.instructions.FCMPInstr
    instr = cls(b.block, inst.attrs["predicate"], ops[0], ops[1], name=name)
    b._insert(instr)
    return instr


def _clone_gep(e, b, inst, ops, name):
    return b.gep(
        ops[0], ops[1:], inbounds=inst.attrs.get("inbounds", False), name=name, source_etype=inst.attrs["source_type"]
    )


def _clone_load(e, b, inst, ops, name):
    return b.load(ops[0], name=name, align=inst.attrs.get("align"), typ=inst.type)


def _clone_store(e, b, inst, ops, name):
    return b.store(ops[0], ops[1], align=inst.attrs.get("align"))


def _clone_alloca(e, b, inst, ops, name):
    size = ops[0] if ops and not (isinstance(inst.operands[0], Constant) and inst.operands[0].value == 1) else None
    return opaque_alloca(b, inst.attrs["alloca_type"], size, name)


def opaque_alloca(b: ir.IRBuilder, ty: ir.Type, size=None, name: str = ""):
    """An alloca whose result is an opaque `ptr` (llvmlite would make it a typed pointer)."""
    instr = b.alloca(ty, size=size, name=name)
    instr.type = ir.PointerType()
    return instr


def element_loop(b: ir.IRBuilder, count: ir.Value, body: Callable[[ir.IRBuilder, ir.Value], None], name: str) -> None:
    """`for k in range(count): body(b, k)` at the builder's position; `b` continues after the loop."""
    pre = b.block
    loop = b.append_basic_block(name)
    done = b.append_basic_block(f"{name}.done")
    zero = ir.Constant(count.type, 0)
    b.cbranch(b.icmp_signed("<=", count, zero), done, loop)
    b.position_at_end(loop)
    k = b.phi(count.type)
    k.add_incoming(zero, pre)
    body(b, k)
    k1 = b.add(k, ir.Constant(count.type, 1))
    k.add_incoming(k1, b.block)
    b.cbranch(b.icmp_signed("<", k1, count), loop, done)
    b.position_at_end(done)


def _clone_call(e, b, inst, ops, name):
    fn = e.function_ref(inst.attrs["callee_ref"])
    return b.call(fn, ops, name=name if not isinstance(inst.type, ir.VoidType) else "")


def _clone_extractvalue(e, b, inst, ops, name):
    return b.extract_value(ops[0], inst.attrs["indices"], name=name)


def _clone_insertvalue(e, b, inst, ops, name):
    return b.insert_value(ops[0], ops[1], inst.attrs["indices"], name=name)


def _clone_plain(e, b, inst, ops, name):
    instr = _Plain(b.block, inst.type, inst.opcode, ops, name=name)
    b._insert(instr)
    return instr


CLONE: dict[str, Callable] = {
    **{op: _clone_binop for op in INT_BINOPS + FP_BINOPS},
    **{op: _clone_cast for op in CASTS},
    "icmp": _clone_cmp,
    "fcmp": _clone_cmp,
    "fneg": lambda e, b, inst, ops, name: b.fneg(ops[0], name=name),
    "select": lambda e, b, inst, ops, name: b.select(ops[0], ops[1], ops[2], name=name),
    "getelementptr": _clone_gep,
    "load": _clone_load,
    "store": _clone_store,
    "alloca": _clone_alloca,
    "call": _clone_call,
    "extractvalue": _clone_extractvalue,
    "insertvalue": _clone_insertvalue,
    "extractelement": lambda e, b, inst, ops, name: b.extract_element(ops[0], ops[1], name=name),
    "insertelement": lambda e, b, inst, ops, name: b.insert_element(ops[0], ops[1], ops[2], name=name),
    "freeze": _clone_plain,
    "atomicrmw": lambda e, b, inst, ops, name: b.atomic_rmw(
        inst.attrs["rmw"], ops[0], ops[1], inst.attrs["ordering"], name=name
    ),
    "unreachable": lambda e, b, inst, ops, name: b.unreachable(),
}


class Emitter:
    """Builds one llvmlite.ir module; knows globals, intrinsics and constants."""

    def __init__(self, name: str = "pyenzyme", dialect: Dialect = OPAQUE, triple: str = "", data_layout: str = ""):
        self.module = ir.Module(name=name)
        if triple:
            self.module.triple = triple
        if data_layout:
            self.module.data_layout = data_layout
        self.dialect = dialect
        self._functions: dict[str, ir.Function] = {}
        self._raw_globals: dict[str, str] = {}
        self._counter = 0
        # what a front end's handlers need linked with this module (compiled custom rules), opaque here
        self.libraries: list = []

    # -- globals -----------------------------------------------------------------
    def function_ref(self, g: GlobalRef) -> ir.Function:
        fn = self._functions.get(g.name)
        if fn is None:
            fn = self.declare(g.name, g.value_type)
        return fn

    def declare(self, name: str, fnty: ir.FunctionType) -> ir.Function:
        fn = self._functions.get(name)
        if fn is None:
            existing = self.module.globals.get(name)
            fn = existing if existing is not None else ir.Function(self.module, fnty, name)
            self._functions[name] = fn
        return fn

    def intrinsic(self, name: str, ret: ir.Type, args: list[ir.Type]) -> ir.Function:
        return self.declare(name, ir.FunctionType(ret, args))

    def global_value(self, g: GlobalRef, pool: dict[str, GlobalRef]) -> ir.Value:
        if g.is_function:
            return self.function_ref(g)
        self._add_raw_global(g, pool)
        return ir.FormattedConstant(self.dialect.pointer(), _global_ref(g.name))

    def _add_raw_global(self, g: GlobalRef, pool: dict[str, GlobalRef]) -> None:
        if g.name in self._raw_globals:
            return
        self._raw_globals[g.name] = g.declaration
        from .textlayer import referenced_globals

        for ref in referenced_globals(g.declaration.split("=", 1)[-1]):
            sub = pool.get(ref)
            if sub is not None and ref != g.name:
                if sub.is_function:
                    self.function_ref(sub)
                else:
                    self._add_raw_global(sub, pool)

    def constant(self, c: Constant, pool: dict[str, GlobalRef]) -> ir.Value:
        from .textlayer import referenced_globals

        for ref in referenced_globals(c.text):
            if ref in pool:
                self.global_value(pool[ref], pool)
        return ir.FormattedConstant(c.type, c.text)

    def fresh_name(self, stem: str) -> str:
        self._counter += 1
        return f"{stem}.{self._counter}"

    # -- instructions --------------------------------------------------------------
    def clone(self, builder: ir.IRBuilder, inst: Instruction, ops: list[ir.Value], name: str | None = None):
        """Re-emit a primal instruction with mapped operands."""
        rule = CLONE.get(inst.opcode)
        if rule is None:
            raise EmitError(f"cannot re-emit instruction `{inst.text}` (opcode {inst.opcode!r})")
        return rule(self, builder, inst, ops, inst.name if name is None else name)

    def text(self) -> str:
        body = str(self.module)
        raw = "\n".join(self._raw_globals.values())
        return body + "\n" + raw + "\n"


def _global_ref(name: str) -> str:
    import re

    return f"@{name}" if re.fullmatch(r"[-A-Za-z_.$][-A-Za-z0-9_.$]*", name) else f'@"{name}"'
