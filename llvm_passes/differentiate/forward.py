"""Forward (tangent) mode.

Input: a preprocessed model function, which arguments get shadows, and a
batch width W. Output: a new function in the emitter's module whose argument
list is the primal one with W shadow arguments after each shadowed argument.
It computes the primal and, for every active value, W tangent lanes (floats)
or W shadow pointers; stores of active values also store their tangents
through the shadow pointers, so duplicated outputs receive their tangents.
Every derivative comes from the rule table in `derivatives/table.py`.
"""

from __future__ import annotations

from collections.abc import Sequence

import llvmlite.ir as ir

from ..analysis.activity import Activity, holds_active_data, is_float
from ..analysis.memory import roots
from ..callees import callee
from ..derivatives.builder import DerivativeBuilder
from ..derivatives.table import INACTIVE, LINEAR, ZERO, lookup
from ..ir.clone import FunctionCloner
from ..ir.emitter import Emitter, opaque_alloca
from ..ir.model import Argument, Constant, Function, Instruction, Value
from .calls import forward_call
from .errors import NotDifferentiableError, check_return, check_store_target
from .signature import bind, forward_return_type, parameter_types
from .tape import define_tape_helpers


class ForwardPass(FunctionCloner):
    sweep_of_reverse = False  # True for the forward sweep of reverse mode (AugmentedSweep)

    def __init__(
        self,
        func: Function,
        emitter: Emitter,
        shadow_args: Sequence[bool],
        width: int = 1,
        module=None,
        memo: dict | None = None,
    ):
        super().__init__(func, emitter)
        check_return(func)
        self.module = module  # the binding module, to differentiate callees that were not inlined
        self.memo = {} if memo is None else memo
        if len(shadow_args) != len(func.args):
            raise ValueError(f"{func.name}: {len(shadow_args)} activities for {len(func.args)} arguments")
        self.width = width
        self.shadow_args = list(shadow_args)
        self.activity = Activity(func, {a for a, s in zip(func.args, shadow_args) if s})
        self.shadow: dict[Value, list[ir.Value]] = {}
        self._shadow_phis: list[tuple[Instruction, list[ir.PhiInstr]]] = []
        self._handler_arrays: set | None = None

    # -- signature ---------------------------------------------------------------
    def new_function(self, name: str) -> ir.Function:
        kinds = ["dup" if s else "const" for s in self.shadow_args]
        fnty = ir.FunctionType(
            forward_return_type(self.func.return_type, self.width),
            parameter_types([a.type for a in self.func.args], kinds, self.width),
        )
        fn = ir.Function(self.emitter.module, fnty, name)
        params = bind(fn, self.func.args, kinds, self.width)
        self.value_map.update(params.primal)
        self.shadow.update(params.shadows)
        return fn

    # -- shadows -------------------------------------------------------------------
    def lanes(self, v: Value) -> list[ir.Value] | None:
        """W shadow lanes of `v`, or None when `v` is inactive (zero tangent)."""
        return self.shadow.get(v) if v in self.activity else None

    def shadow_or_default(self, builder: ir.IRBuilder, v: Value, k: int, user: Instruction | None = None) -> ir.Value:
        """Lane k of v's shadow; for an inactive v, the value a shadow of it holds.

        Floats: 0. Integers: the primal bits (shapes, strides). Pointers: null.
        Aggregates: the primal with float fields zeroed and pointer fields null.
        `user`, when given, puts the shadow where active code may read through
        it (a store into shadow memory, a select): a pointer without a shadow
        is then refused rather than replaced by null.
        """
        lanes = self.lanes(v)
        if lanes is not None:
            return lanes[k]
        if user is not None:
            self.check_pointer_has_shadow(v, user)
        return self.default_shadow(builder, self.get(v), v.type, v)

    def check_pointer_has_shadow(self, v: Value, user: Instruction) -> None:
        """Refuse a constant argument's memory that `user` hands to code expecting a shadow.

        Memory the function allocates gets a shadow from activity analysis when
        it is merged with or stored into active memory. A constant argument's
        memory has none: reading it through the shadow would read through null.
        """
        if not isinstance(v.type, ir.PointerType) or v in self.activity:
            return
        if user.opcode == "store" and self._handler_array(user.operands[1]):
            return
        args = [r for r in roots(v) or () if isinstance(r, Argument) and r not in self.activity]
        if args:
            raise self.error(
                user,
                f"mismatched activity: the memory of %{args[0].name} (a constant argument) "
                f"is {'stored into' if user.opcode == 'store' else 'merged with'} memory that "
                "has a shadow, so code reading it there needs a shadow of it too; make the "
                "argument active (an array as pe.Duplicated with a zero shadow)",
            )

    def _handler_array(self, ptr: Value) -> bool:
        """Is `ptr` in a stack array that only a callee with `primal_pointer_arrays` reads?"""
        if self._handler_arrays is None:
            self._handler_arrays = {
                o
                for inst in self.func.instructions()
                if inst.opcode == "call" and getattr(callee(inst.callee), "primal_pointer_arrays", False)
                for o in inst.operands
                if getattr(o, "opcode", None) == "alloca"
            }
        return bool(self._handler_arrays) and any(r in self._handler_arrays for r in roots(ptr) or ())

    def default_shadow(self, builder, primal: ir.Value, ty: ir.Type, v: Value | None = None) -> ir.Value:
        if is_float(ty):
            return ir.Constant(ty, None)
        if isinstance(ty, ir.PointerType):
            return ir.Constant(ty, None)
        if not holds_active_data(ty):
            return primal
        if isinstance(v, Constant) and v.text in ("zeroinitializer", "undef", "poison"):
            return primal
        elems = ty.elements if isinstance(ty, ir.LiteralStructType) else [ty.element] * ty.count
        out = primal
        for i, et in enumerate(elems):
            if holds_active_data(et):
                part = builder.extract_value(primal, i)
                out = builder.insert_value(out, self.default_shadow(builder, part, et), i)
        return out

    # -- calls to functions that stayed calls (recursion) -------------------------------
    def differentiable_callee(self, inst: Instruction) -> bool:
        g = inst.attrs.get("callee_ref")
        if self.module is None or g is None or callee(g.name) or lookup(g.name):
            return False
        if not any(o in self.activity for o in inst.operands) and inst not in self.activity:
            return False
        try:
            return not self.module.get_function(g.name).is_declaration
        except NameError:
            return False

    def clone_instruction(self, builder, inst):
        if inst.opcode == "call":
            info = callee(inst.callee)
            if info is not None and info.custom and info.forward is not None:  # the rule makes the call
                out = info.forward(self, builder, inst, None)
                if out is not None:
                    self.value_map[inst] = out
                    return out
            elif self.differentiable_callee(inst):
                return self.call_forward_callee(builder, inst)
        return super().clone_instruction(builder, inst)

    def forward_callee(self, name: str, flags: tuple[bool, ...]) -> ir.Function:
        """The forward derivative of the module's function `name` for these shadowed arguments (made once)."""
        from ..ir.reader import read_function

        key = (name, flags, self.width)
        fn = self.memo.get(key)
        if fn is None:
            sub_func = read_function(self.module, name)
            sub_func.locations.update(self.func.locations)
            sub = ForwardPass(sub_func, self.emitter, flags, self.width, self.module, self.memo)
            fn = sub.new_function(self.emitter.fresh_name(f"fwd.{name}"))
            self.memo[key] = fn
            sub.fn = fn
            sub.emit_body()
        return fn

    def call_forward_callee(self, builder, inst: Instruction):
        """Call the forward derivative of a callee (made once per shadow pattern, recursion allowed)."""
        fn = self.forward_callee(inst.callee or "", tuple(o in self.activity for o in inst.operands))
        args = []
        for o in inst.operands:
            args.append(self.get(o))
            lanes = self.lanes(o)
            if lanes is not None:
                args.extend(lanes)
        out = builder.call(fn, args, name=inst.name)
        if is_float(inst.type):  # {primal, tangents}: see forward_return_type
            lanes = builder.extract_value(out, 1)
            self.shadow[inst] = (
                [lanes] if self.width == 1 else [builder.extract_value(lanes, k) for k in range(self.width)]
            )
            out = builder.extract_value(out, 0, name=inst.name)
        self.value_map[inst] = out
        return out

    def emit_terminator(self, builder, inst: Instruction) -> None:
        """A returned float comes back with its W tangents (zero where it is inactive)."""
        if inst.opcode != "ret" or not inst.operands or not is_float(inst.operands[0].type):
            return super().emit_terminator(builder, inst)
        v = inst.operands[0]
        ty = forward_return_type(v.type, self.width)
        tangents = [self.shadow_or_default(builder, v, k, inst) for k in range(self.width)]
        lanes = tangents[0]
        if self.width > 1:
            lanes = ir.Constant(ty.elements[1], ir.Undefined)
            for k, t in enumerate(tangents):
                lanes = builder.insert_value(lanes, t, k)
        out = builder.insert_value(ir.Constant(ty, ir.Undefined), self.get(v), 0)
        builder.ret(builder.insert_value(out, lanes, 1))

    # -- visiting ------------------------------------------------------------------
    def after_instruction(self, builder: ir.IRBuilder, inst: Instruction, primal) -> None:
        op = inst.opcode
        if op == "phi":
            if inst in self.activity:
                phis = [builder.phi(inst.type, name=f"{inst.name}.shadow{k}") for k in range(self.width)]
                self.shadow[inst] = list(phis)
                self._shadow_phis.append((inst, phis))
            return
        if op == "call":
            self.visit_call(builder, inst, primal)
            return
        if op == "store":
            self.visit_store(builder, inst)
            return
        if inst not in self.activity:
            return
        visitor = VISITORS.get(op)
        if visitor is not None:
            visitor(self, builder, inst, primal)
            return
        r = lookup(op)
        if r is None:
            raise self.error(inst, f"no derivative rule for instruction `{op}`")
        self.apply_rule(builder, inst, r, primal)

    def apply_rule(self, builder, inst: Instruction, r, primal, operands=None) -> None:
        operands = inst.operands if operands is None else operands
        d = DerivativeBuilder(self.emitter, builder, inst.type, primal)
        partials = r.partials(d, *[self.get(o) for o in operands])
        lanes = []
        for k in range(self.width):
            acc = None
            for o, p in zip(operands, partials):
                if p is ZERO or p is INACTIVE:
                    continue
                t = self.lanes(o)
                if t is None:
                    continue
                term = d.scale(p, t[k], r.strong_zero)
                acc = term if acc is None else builder.fadd(acc, term)
            lanes.append(acc if acc is not None else ir.Constant(inst.type, None))
        self.shadow[inst] = lanes

    def same_op_on_shadow(self, builder, inst: Instruction, primal) -> None:
        """Shadow = the same instruction applied to the shadow operands (gep, casts, extract...)."""
        shadows = [self.lanes(o) for o in inst.operands]
        lanes = []
        for k in range(self.width):
            ops = [s[k] if s is not None else self.get(o) for o, s in zip(inst.operands, shadows)]
            lanes.append(self.emitter.clone(builder, inst, ops, name=f"{inst.name}.shadow{k}"))
        self.shadow[inst] = lanes

    def visit_load(self, builder, inst, primal) -> None:
        ptrs = self.shadow[inst.operands[0]]  # an active load reads through an active pointer
        self.shadow[inst] = [
            builder.load(p, name=f"{inst.name}.shadow{k}", typ=inst.type, align=inst.attrs.get("align"))
            for k, p in enumerate(ptrs)
        ]

    def visit_store(self, builder, inst: Instruction) -> None:
        val, ptr = inst.operands
        ptrs = self.lanes(ptr)
        if ptrs is None:
            check_store_target(self, inst)
            return
        for k, p in enumerate(ptrs):
            builder.store(self.shadow_or_default(builder, val, k, inst), p, align=inst.attrs.get("align"))

    def visit_linear(self, builder, inst: Instruction, primal) -> None:
        """A move of floats (or of shadow pointers): the linear rule applied to the operands' shadows."""
        rule = LINEAR[inst.opcode]
        primals = {i: self.get(inst.operands[i]) for i in rule.reads}
        d = DerivativeBuilder(self.emitter, builder, inst.type, primal)
        self.shadow[inst] = [
            rule.tangent(d, inst, primals, [self.shadow_or_default(builder, o, k, inst) for o in inst.operands])
            for k in range(self.width)
        ]

    def visit_alloca(self, builder, inst, primal) -> None:
        size = self.get(inst.operands[0]) if inst.operands and not isinstance(inst.operands[0], Constant) else None
        self.shadow[inst] = [
            opaque_alloca(builder, inst.attrs["alloca_type"], size, f"{inst.name}.shadow{k}") for k in range(self.width)
        ]

    def visit_call(self, builder, inst: Instruction, primal) -> None:
        name = inst.callee or ""
        if self.differentiable_callee(inst):
            return  # the derivative call replaced the primal one
        info = callee(name)
        if info is not None and info.custom:
            return  # replaced in clone_instruction
        if info is not None and forward_call(self, builder, inst, primal, info):
            return
        r = lookup(name)
        if r is not None:
            if inst in self.activity:
                self.apply_rule(builder, inst, r, primal)
            return
        active_ptrs = [o for o in inst.operands if o in self.activity and isinstance(o.type, ir.PointerType)]
        if active_ptrs or inst in self.activity:
            raise self.error(
                inst,
                f"cannot differentiate call to `{name}`: no derivative rule, "
                "and it is not inlined (add a custom rule or mark it inactive)",
            )

    def finish_phis(self) -> None:
        for inst, phis in self._shadow_phis:
            for val, blk in zip(inst.operands, inst.attrs["incoming"]):
                pred = self.incoming_block(blk)
                for k, phi in enumerate(phis):
                    lanes = self.lanes(val)
                    if lanes is not None:
                        phi.add_incoming(lanes[k], pred)
                    else:
                        phi.add_incoming(self.phi_default(val, inst), pred)
        super().finish_phis()

    def phi_default(self, val: Value, phi: Instruction) -> ir.Value:
        ty = val.type
        self.check_pointer_has_shadow(val, phi)
        if is_float(ty) or isinstance(ty, ir.PointerType):
            return ir.Constant(ty, None)
        if not holds_active_data(ty):
            return self.get(val)
        if isinstance(val, Constant) and val.text in ("zeroinitializer", "undef", "poison"):
            return self.get(val)
        raise self.error(phi, "phi of an aggregate mixing active and constant incoming values")

    def error(self, inst: Instruction, msg: str) -> NotDifferentiableError:
        return NotDifferentiableError(msg, inst, self.func)


# pointers and integer copies: the shadow is the same instruction on the operands' shadows
_POINTER_OPS = ("getelementptr", "bitcast", "addrspacecast", "ptrtoint", "inttoptr", "add", "sub")
VISITORS = {
    "load": ForwardPass.visit_load,
    "alloca": ForwardPass.visit_alloca,
    **{op: ForwardPass.same_op_on_shadow for op in _POINTER_OPS},
    **{op: ForwardPass.visit_linear for op in LINEAR},
}

__all__ = ["ForwardPass", "differentiate_forward"]


def differentiate_forward(
    func: Function, emitter: Emitter, shadow_args: Sequence[bool], name: str, width: int = 1, module=None
) -> ir.Function:
    """Emit the forward-mode derivative of `func` as `name` into `emitter`'s module."""
    made = ForwardPass(func, emitter, shadow_args, width, module).run(name)
    define_tape_helpers(emitter)  # the tangents' tapes, when func is itself a reverse-mode derivative
    return made
