"""Read one function of an llvmlite.binding module into the IR model.

Input: a parsed `llvmlite.binding.ModuleRef` (after `instnamer`, so every value
has a name) and a function name. Output: a `model.Function` whose operands are
model objects, plus the declarations of every global the body uses.
"""

from __future__ import annotations

import llvmlite.binding as llvm
import llvmlite.ir as ir

from . import textlayer as tl
from .model import Argument, Block, Constant, Function, GlobalRef, Instruction, Value


class ReadError(ValueError):
    pass


def to_ir_type(typeref: llvm.TypeRef) -> ir.Type:
    """Convert a binding TypeRef to an llvmlite.ir type (via its text)."""
    return tl.parse_type(str(typeref))


class _Reader:
    def __init__(self, module: llvm.ModuleRef, fn: llvm.ValueRef):
        self.module = module
        self.fn = fn
        self.values: dict[llvm.ValueRef, Value] = {}
        self.blocks: dict[str, Block] = {}
        self.globals: dict[str, GlobalRef] = {}
        self._type_cache: dict[str, ir.Type] = {}
        self._module_globals = {g.name: g for g in module.global_variables}
        self._module_functions = {f.name: f for f in module.functions}

    def type_of(self, typeref) -> ir.Type:
        key = str(typeref)
        ty = self._type_cache.get(key)
        if ty is None:
            ty = self._type_cache[key] = tl.parse_type(key)
        return ty

    def read(self) -> Function:
        fnty = self.fn.global_value_type
        ret = self.type_of(fnty.get_function_return())
        args = []
        for i, a in enumerate(self.fn.arguments):
            arg = Argument(self.type_of(a.type), a.name, index=i, noalias=b"noalias" in list(a.attributes))
            self.values[a] = arg
            args.append(arg)
        func = Function(self.fn.name, ret, args)
        for b in self.fn.blocks:
            blk = Block(b.name, function=func)
            self.blocks[b.name] = blk
            self.values[b] = blk  # type: ignore[assignment]
            func.blocks.append(blk)
        pending = []
        refs = [(self.blocks[b.name], inst) for b in self.fn.blocks for inst in b.instructions]
        texts = _instruction_lines(str(self.fn))
        if len(texts) != len(refs):  # printed differently than expected: print one by one
            texts = [str(inst).strip() for _, inst in refs]
        for (blk, inst), text in zip(refs, texts):
            mi = Instruction(self.type_of(inst.type), inst.name, opcode=inst.opcode, block=blk, text=text)
            self.values[inst] = mi
            blk.instructions.append(mi)
            pending.append((inst, mi))
        for inst, mi in pending:
            self._fill(inst, mi)
        func.globals = self.globals
        return func

    def operand(self, op: llvm.ValueRef) -> Value:
        v = self.values.get(op)
        if v is not None:
            return v
        kind = op.value_kind.name
        if kind in ("function", "global_variable", "global_alias"):
            return self.global_ref(op)
        if kind == "basic_block":
            return self.blocks[op.name]  # type: ignore[return-value]
        if kind == "metadata_as_value":
            raise ReadError(f"metadata operand not supported: {op}")
        ty = self.type_of(op.type)
        text = str(op).strip()
        prefix = str(op.type)
        if text.startswith(prefix):
            text = text[len(prefix) :].strip()
        else:
            _, text = tl.split_type_prefix(text)
        value = None
        if kind in ("constant_int", "constant_fp"):
            value = op.get_constant_value()
        c = Constant(ty, "", text=text, value=value)
        for name in tl.referenced_globals(text):
            self.global_by_name(name)
        self.values[op] = c  # LLVM uniques constants: read each once
        return c

    def global_by_name(self, name: str) -> GlobalRef:
        ref = self._module_functions.get(name) or self._module_globals.get(name)
        if ref is None:
            raise ReadError(f"reference to unknown global @{name}")
        return self.global_ref(ref)

    def global_ref(self, op: llvm.ValueRef) -> GlobalRef:
        name = op.name
        g = self.globals.get(name)
        if g is not None:
            return g
        op = self._module_functions.get(name) or self._module_globals.get(name) or op
        is_fn = op.value_kind.name == "function"
        if is_fn:
            text = _declaration_of(op)
        else:
            text = str(op).strip()
        g = GlobalRef(ir.PointerType(), name, is_function=is_fn, declaration=text)
        if is_fn:
            g.value_type = self.type_of(op.global_value_type)
        self.globals[name] = g
        if not is_fn:
            for ref in tl.referenced_globals(text.split("=", 1)[1] if "=" in text else ""):
                if ref != name:
                    self.global_by_name(ref)
        return g

    def _fill(self, inst: llvm.ValueRef, mi: Instruction) -> None:
        ops = list(inst.operands)
        op = mi.opcode
        text = mi.text
        if op == "br":
            if len(ops) == 1:
                mi.operands = []
                mi.attrs["targets"] = [self.blocks[ops[0].name]]
            else:  # operands are [cond, false, true]
                mi.operands = [self.operand(ops[0])]
                mi.attrs["targets"] = [self.blocks[ops[2].name], self.blocks[ops[1].name]]
            return
        if op == "switch":
            mi.operands = [self.operand(ops[0])]
            default = self.blocks[ops[1].name]
            cases = tl.switch_cases(text)
            mi.attrs["cases"] = [(v, self.blocks[lbl]) for v, lbl in cases]
            mi.attrs["default"] = default
            mi.attrs["targets"] = [default] + [self.blocks[lbl] for _, lbl in cases]
            return
        if op == "phi":
            mi.operands = [self.operand(o) for o in ops]
            mi.attrs["incoming"] = [self.blocks[b.name] for b in inst.incoming_blocks]
            return
        if op == "call":
            callee = ops[-1]
            if callee.value_kind.name != "function":
                raise ReadError(f"indirect call is not supported: {text}")
            g = self.global_by_name(callee.name)
            mi.operands = [self.operand(o) for o in ops[:-1]]
            mi.attrs["callee"] = callee.name
            mi.attrs["callee_ref"] = g
            mi.attrs["fnty"] = g.value_type
            return
        mi.operands = [self.operand(o) for o in ops]
        if op in ("icmp", "fcmp"):
            mi.attrs["predicate"] = tl.predicate(text)
        elif op == "getelementptr":
            src, inbounds = tl.gep_info(text)
            mi.attrs["source_type"] = src
            mi.attrs["inbounds"] = inbounds
        elif op == "alloca":
            mi.attrs["alloca_type"] = tl.alloca_type(text)
        elif op in ("extractvalue", "insertvalue"):
            mi.attrs["indices"] = tl.aggregate_indices(text)
        elif op in ("load", "store"):
            mi.attrs["align"] = tl.alignment(text)
        elif op == "atomicrmw":
            mi.attrs["rmw"], mi.attrs["ordering"] = tl.atomicrmw_info(text)


def _instruction_lines(function_text: str) -> list[str]:
    """The instructions of a printed function, one per line, in order (labels, comments and debug
    records left out). Printing the function once costs what printing one instruction costs: LLVM
    numbers the whole function for either."""
    out = []
    for line in function_text.splitlines():
        if line.startswith("  ") and not line.lstrip().startswith((";", "#dbg_")):
            out.append(line.strip())
    return out


def _declaration_of(fn: llvm.ValueRef) -> str:
    """`declare` text for a function (its body, if any, is left to the linker)."""
    lines = [ln for ln in str(fn).strip().splitlines() if not ln.lstrip().startswith(";")]
    text = "\n".join(lines)
    if fn.is_declaration:
        return text
    head = text.split("{", 1)[0].strip()
    head = "declare" + head[len("define") :]
    for word in (" internal ", " private ", " linkonce_odr ", " linkonce ", " weak_odr ", " available_externally "):
        head = head.replace(word, " ")
    return head


def read_function(module: llvm.ModuleRef, name: str) -> Function:
    """Read function `name` of a binding module into the model."""
    fn = module.get_function(name)
    if fn.is_declaration:
        raise ReadError(f"{name} is only declared in this module")
    return _Reader(module, fn).read()
