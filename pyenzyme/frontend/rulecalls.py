"""Custom rules (`pyenzyme.rules`) as entries of llvm_passes' callee registry.

Input: the registered rules. Output: `sync()` registers, under the mangled
name of every compiled overload of a rule's target, a `custom` callee entry
whose handlers replace the call with a call of a jitted wrapper of the rule,
and returns the names the pre-AD pipeline must keep as calls.

A wrapper takes the target's arguments as the call passes them (Numba's
flattened calling convention, so the call's operands are passed on as they
are), then the shadows of the active ones, builds the annotations, calls the
rule and returns what the handler stores: the primal and shadows of a float
result (forward), the primal (augmented primal), the derivatives of the
Active arguments (reverse). A reverse-mode rule's tape goes through memory:
the augmented wrapper stores it (with a reference of its own) at a pointer,
the handler pushes those bytes on the reverse pass's side tape, and the
reverse wrapper loads it back from them (taking that reference over).
Wrappers are compiled once per overload, activity pattern and width.
"""

from __future__ import annotations

import itertools
import operator
import re

import numba
import numpy as np
from llvmlite import ir
from numba.core import ir as nir
from numba.core import types
from numba.core.compiler import CompilerBase, DefaultPassBuilder
from numba.core.compiler_machinery import FunctionPass, register_pass
from numba.core.errors import TypingError
from numba.core.ir_utils import build_definitions, get_definition, guard
from numba.core.registry import cpu_target
from numba.core.untyped_passes import IRProcessing
from numba.extending import intrinsic

from llvm_passes.callees import register, unregister

from .. import rules
from ..annotations import Active, BatchDuplicated, Const, Duplicated, _AnnotationMeta
from ..errors import EnzymeError

PTR = ir.PointerType()
I32 = ir.IntType(32)
I64 = ir.IntType(64)
_FLOATS = {types.float64: ir.DoubleType(), types.float32: ir.FloatType()}
OK, NONE = 0, -2  # Numba's status codes for a normal return and a return of None


class RuleError(EnzymeError):
    """A custom rule that cannot be compiled for a call (wrong result, wrong arguments)."""


# -- compiling a rule: the activity classes it tests are compile-time constants ---------------------------
_ids = itertools.count()


def specialise(rule, bindings: tuple) -> numba.core.dispatcher.Dispatcher:
    """`rule` jitted so that `RT is pe.Const` (and the like) is decided when it is compiled.

    `bindings`: (argument index, value, is_instance). A constant argument (`RT`, `dret` when it is the
    class pe.Const, the `config`) becomes that value; for an annotation value (is_instance, `value` its
    class) `x is <class>` is False and `isinstance(x, pe.BatchDuplicated)` is known. Comparisons of
    such constants (`RT is pe.Const`, `pe.rules.width(config) == 1`) are decided, and Numba prunes the
    branches not taken before typing, so each may return a different type (as Enzyme's rules do)."""
    key = (rule, bindings)
    disp = _specialised.get(key)
    if disp is None:
        disp = _specialised[key] = numba.njit(rule, pipeline_class=_pipeline(bindings))
    return disp


_specialised: dict = {}


def _pipeline(bindings: tuple):
    @register_pass(mutates_CFG=True, analysis_only=False)
    class BindActivityClasses(FunctionPass):
        _name = f"pyenzyme_bind_activity_classes_{next(_ids)}"

        def __init__(self):
            FunctionPass.__init__(self)

        def run_pass(self, state):
            return _bind(state.func_ir, bindings)

    class RulePipeline(CompilerBase):
        def define_pipelines(self):
            pm = DefaultPassBuilder.define_nopython_pipeline(self.state)
            pm.add_pass_after(BindActivityClasses, IRProcessing)
            pm.finalize()
            return [pm]

    return RulePipeline


def _bind(func_ir, bindings: tuple) -> bool:
    constants = {i: value for i, value, instance in bindings if not instance}
    instances = {i: cls for i, cls, instance in bindings if instance}
    changed = False
    instance_vars: dict = {}  # variable -> the annotation class of the value it holds
    for block in func_ir.blocks.values():
        for stmt in block.body:
            if isinstance(stmt, nir.Assign) and isinstance(stmt.value, nir.Arg):
                if stmt.value.index in constants:
                    stmt.value = nir.Global(stmt.value.name, constants[stmt.value.index], stmt.value.loc)
                    changed = True
                elif stmt.value.index in instances:
                    instance_vars[stmt.target.name] = instances[stmt.value.index]
    func_ir._definitions = build_definitions(func_ir.blocks)
    for block in func_ir.blocks.values():
        for stmt in block.body:
            if not (isinstance(stmt, nir.Assign) and isinstance(stmt.value, nir.Expr)):
                continue
            e = stmt.value
            if e.op == "call" and _constant(func_ir, e.func) is isinstance and len(e.args) == 2:
                known, of = instance_vars.get(e.args[0].name), _constant(func_ir, e.args[1])
                if known is not None and isinstance(of, (type, tuple)):
                    stmt.value = nir.Const(issubclass(known, of), e.loc)  # isinstance(x, pe.BatchDuplicated)
                    changed = True
                continue
            if e.op != "binop" or e.fn not in _COMPARISONS:
                continue
            left, right = _constant(func_ir, e.lhs), _constant(func_ir, e.rhs)
            if _plain(left) and _plain(right):
                result = e.fn(left, right)  # RT is pe.Const, pe.rules.width(config) == 1, ...
            elif e.fn in (operator.is_, operator.is_not) and (
                (e.lhs.name in instance_vars and isinstance(right, _AnnotationMeta))
                or (e.rhs.name in instance_vars and isinstance(left, _AnnotationMeta))
            ):
                result = e.fn is operator.is_not  # an annotation value is never a class
            else:
                continue
            stmt.value = nir.Const(result, e.loc)
            changed = True
    if changed:
        func_ir._definitions = build_definitions(func_ir.blocks)
    return changed


_UNKNOWN = object()
_COMPARISONS = (
    operator.is_,
    operator.is_not,
    operator.eq,
    operator.ne,
    operator.lt,
    operator.le,
    operator.gt,
    operator.ge,
)
_GETTERS = (rules.needs_primal, rules.needs_shadow, rules.width, rules.overwritten)


def _plain(v) -> bool:
    """A compile-time value a comparison may be decided on: a number, a bool, None or an annotation class."""
    return v is None or isinstance(v, (bool, int, float, _AnnotationMeta))


def _constant(func_ir, var):
    """What `var` is when the rule is compiled (a bound argument, a global, a getter of the config), or
    _UNKNOWN."""
    d = guard(get_definition, func_ir, var)
    if isinstance(d, (nir.Global, nir.FreeVar, nir.Const)):
        return d.value
    if isinstance(d, nir.Expr) and d.op == "getattr":
        base = _constant(func_ir, d.value)
        if base is not _UNKNOWN:
            return getattr(base, d.attr, _UNKNOWN)
    if isinstance(d, nir.Expr) and d.op == "call" and len(d.args) == 1 and not d.kws:
        fn = _constant(func_ir, d.func)
        if any(fn is g for g in _GETTERS):
            config = _constant(func_ir, d.args[0])
            if isinstance(config, rules.Config):
                return fn(config)
    return _UNKNOWN


def _flat_count(t) -> int:
    return len(cpu_target.target_context.get_arg_packer((t,)).argument_types)


def _is_pointer(t) -> bool:
    return isinstance(t, ir.PointerType)


class RuleCall:
    """One compiled overload of a target: how its call passes each argument, and its wrappers.

    `cabi`: the target is a C function (cffi, ctypes): its call passes each argument as one value and
    returns its result, where a jitted target takes a result slot and an exception slot first."""

    def __init__(self, entry: rules.TargetRules, sig, cabi: bool = False):
        self.entry = entry
        self.cabi = cabi
        self.first = 0 if cabi else 2
        self.args = tuple(sig.args)
        self.result = sig.return_type
        self.counts = [1 if cabi else _flat_count(t) for t in self.args]
        self.float_result = _FLOATS.get(self.result)
        self.unsupported: str | None = None
        if self.result not in (types.none, *_FLOATS):
            self.unsupported = (
                f"a custom rule's target must return a float or nothing, {self.name_for_messages} returns {self.result}"
            )
        self._wrappers: dict = {}

    @property
    def name_for_messages(self) -> str:
        t = self.entry.target
        return getattr(getattr(t, "py_func", t), "__qualname__", None) or getattr(t, "__name__", None) or repr(t)

    def groups(self, operands) -> list[list]:
        """The call's argument operands (after retptr and excinfo) grouped per Python argument."""
        out, i = [], self.first
        for c in self.counts:
            out.append(list(operands[i : i + c]))
            i += c
        return out

    # -- wrappers ----------------------------------------------------------------------------------------
    def wrapper(self, kind: str, acts: tuple, width: int):
        key = (kind, acts, width)
        w = self._wrappers.get(key)
        if w is None:
            w = self._wrappers[key] = _compile(self, kind, acts, width)
        return w


class Wrapper:
    """A compiled wrapper: its native name and library; for an augmented primal, its tape's type and size;
    for a reverse rule, the positions of the Active arguments whose derivatives it returns."""

    def __init__(self, name: str, library, adjoints: tuple = ()):
        self.name, self.library, self.adjoints = name, library, adjoints
        self.tape_type = types.none
        self.tape_size = 0


def _instances(first: int, acts: tuple, width: int) -> tuple:
    """Bindings of the annotated arguments, from position `first`: their classes are known."""
    cls = {"dup": BatchDuplicated if width > 1 else Duplicated, "active": Active, "const": Const}
    return tuple((first + i, cls[a], True) for i, a in enumerate(acts))


def _ann(cls_name: str, a: str, shadows: list[str]) -> str:
    if cls_name == "BatchDuplicated":
        return f"_BatchDuplicated({a}, ({', '.join(shadows)},))"
    if cls_name == "Duplicated":
        return f"_Duplicated({a}, {shadows[0]})"
    return f"_{cls_name}({a})"


def _compile(call: RuleCall, kind: str, acts: tuple, width: int) -> Wrapper:
    """Generate, compile and check the wrapper of `kind` ('forward', 'augmented', 'reverse')."""
    entry, n = call.entry, len(call.args)
    rule = {"forward": entry.forward, "augmented": entry.augmented_primal, "reverse": entry.reverse}[kind]
    params = [f"a{i}" for i in range(n)]
    sig = list(call.args)
    anns = []
    for i, act in enumerate(acts):
        if act == "dup":
            shadows = [f"s{i}_{k}" for k in range(width)]
            params += shadows
            sig += [call.args[i]] * width
            anns.append(_ann("BatchDuplicated" if width > 1 else "Duplicated", f"a{i}", shadows))
        else:
            anns.append(_ann("Active" if act == "active" else "Const", f"a{i}", []))
    ns = {
        "_target": entry.target,
        "_Const": Const,
        "_Active": Active,
        "_Duplicated": Duplicated,
        "_BatchDuplicated": BatchDuplicated,
        "_Config": rules.Config,
        "_T": np.float32 if call.result == types.float32 else np.float64,
    }
    returns_float = call.float_result is not None and any(a != "const" for a in acts)
    overwritten = ", ".join("True" if isinstance(t, types.Array) else "False" for t in call.args)
    config = f"_Config(True, False, {width}, ({overwritten}{',' if n == 1 else ''}))"
    config_value = rules.Config(True, False, width, tuple(isinstance(t, types.Array) for t in call.args))
    lines = []
    adjoints: tuple = ()
    if kind == "forward":
        ns["_RT"] = (BatchDuplicated if width > 1 else Duplicated) if returns_float else Const
        ns["_rule"] = specialise(rule, ((1, ns["_RT"], False), *_instances(2, acts, width)))
        lines.append(f"r = _rule(_Const(_target), _RT, {', '.join(anns)})")
        if returns_float and width > 1:
            lines.append(f"return (_T(r.val), ({', '.join(f'_T(r.dval[{k}])' for k in range(width))},))")
        elif returns_float:
            lines.append("return (_T(r.val), _T(r.dval))")
        else:
            lines.append("return None")
    elif kind == "augmented":
        ns["_RT"] = Active if returns_float else Const
        ns["_rule"] = specialise(rule, ((0, config_value, False), (2, ns["_RT"], False), *_instances(3, acts, width)))
        params.append("_tape_at")
        sig.append(types.voidptr)
        ns["_store"] = _store_tape
        lines.append(f"r = _rule({config}, _Const(_target), _RT, {', '.join(anns)})")
        lines.append("_store(_tape_at, r.tape)")
        lines.append("return _T(r.primal)" if call.float_result is not None else "return None")
    else:
        tape_type = call.wrapper("augmented", acts, width).tape_type
        drets = [f"_dret{k}" for k in range(width)]
        params += [*drets, "_tape_at"]
        sig += [call.result if call.float_result is not None else types.float64] * width + [types.voidptr]
        ns["_load"] = _tape_loader(tape_type)
        # batch mode: one call for every lane, dret.val and each derivative returned being W-tuples
        dret = (f"_Active(({', '.join(drets)},))" if width > 1 else "_Active(_dret0)") if returns_float else "_Const"
        dret_binding = (2, Active, True) if returns_float else (2, Const, False)
        ns["_rule"] = specialise(rule, ((0, config_value, False), dret_binding, *_instances(4, acts, width)))
        lines.append("tape = _load(_tape_at)")
        lines.append(f"r = _rule({config}, _Const(_target), {dret}, tape, {', '.join(anns)})")
        adjoints = tuple(i for i, a in enumerate(acts) if a == "active")
        if adjoints and width > 1:
            lines.append(f"return ({', '.join(f'_T(r[{i}][{k}])' for i in adjoints for k in range(width))},)")
        elif adjoints:
            lines.append(f"return ({', '.join(f'_T(r[{i}])' for i in adjoints)},)")
        else:
            lines.append("return None")
    src = f"def wrapper({', '.join(params)}):\n" + "".join(f"    {ln}\n" for ln in lines)
    exec(src, ns)
    disp = numba.njit(ns["wrapper"])
    try:
        disp.compile(tuple(sig))
    except TypingError as exc:
        raise RuleError(_explain(call, kind, acts, width, exc)) from None
    cres = disp.overloads[tuple(sig)]
    w = Wrapper(cres.fndesc.mangled_name, cres.library, adjoints=adjoints)
    if kind == "augmented":
        r_type = cres.fndesc.typemap["r"]
        if not (isinstance(r_type, types.BaseNamedTuple) and r_type.instance_class is rules.AugmentedReturn):
            raise RuleError(
                f"pe.rules.augmented_primal rule for {call.name_for_messages} must return "
                f"pe.rules.AugmentedReturn(primal, shadow, tape), got {r_type}"
            )
        w.tape_type = r_type[2]
        ctx = cpu_target.target_context
        w.tape_size = 0 if w.tape_type == types.none else ctx.get_abi_sizeof(ctx.get_value_type(w.tape_type))
    return w


def _explain(call: RuleCall, kind: str, acts: tuple, width: int, exc: Exception) -> str:
    what = {"forward": "forward", "augmented": "augmented_primal", "reverse": "reverse"}[kind]
    anns = ", ".join(
        {"dup": "BatchDuplicated" if width > 1 else "Duplicated", "active": "Active"}.get(a, "Const") for a in acts
    )
    expect = {
        "forward": "pe.Duplicated(primal, shadow) (pe.BatchDuplicated in batch mode) when RT is not pe.Const, "
        "else the primal",
        "augmented": "pe.rules.AugmentedReturn(primal, shadow, tape)",
        "reverse": "a tuple with one entry per argument (the derivative of each pe.Active one, None for the others)",
    }[kind]
    first = str(exc).strip().splitlines()
    detail = next((ln.strip() for ln in first if ln.strip() and not ln.startswith("Failed in")), "")
    return (
        f"pe.rules.{what} rule for {call.name_for_messages} cannot be compiled for arguments ({anns}) of types "
        f"({', '.join(map(str, call.args))}): it must return {expect}. Numba says: {detail}"
    )


@intrinsic
def _store_tape(typingctx, at, value):
    """*at = value, holding a reference of its own (nothing for a None tape)."""

    def codegen(context, builder, sig, args):
        if value == types.none:
            return context.get_dummy_value()
        llty = context.get_value_type(value)
        builder.store(args[1], builder.bitcast(args[0], llty.as_pointer()))
        if context.enable_nrt:
            context.nrt.incref(builder, value, args[1])
        return context.get_dummy_value()

    return types.none(at, value), codegen


def _tape_loader(tape_type):
    @intrinsic
    def load(typingctx, at):
        """The tape stored at `at`, taking over the reference stored with it."""

        def codegen(context, builder, sig, args):
            if tape_type == types.none:
                return context.get_dummy_value()
            llty = context.get_value_type(tape_type)
            return builder.load(builder.bitcast(args[0], llty.as_pointer()))

        return tape_type(at), codegen

    return load


# -- the handlers ----------------------------------------------------------------------------------------
def _acts_forward(pass_, groups) -> tuple:
    return tuple("dup" if any(o in pass_.activity for o in g) else "const" for g in groups)


def _acts_reverse(active, call: RuleCall, groups) -> tuple:
    out = []
    for g in groups:
        if not any(active(o) for o in g):
            out.append("const")
        elif len(g) == 1 and not _is_pointer(g[0].type):
            out.append("active")  # a scalar passed by value: its derivative comes back from the rule
        else:
            out.append("dup")
    return tuple(out)


def _status(builder, status, call: RuleCall):
    return builder.select(_raised(builder, status), status, ir.Constant(I32, NONE if call.float_result is None else OK))


def _raised(builder, status):
    """Did the rule raise? (Its exception cannot leave a C function's call, nor a reverse sweep: what the
    call returns is then NaN rather than whatever the rule left unwritten.)"""
    ok = builder.or_(
        builder.icmp_signed("==", status, ir.Constant(I32, OK)),
        builder.icmp_signed("==", status, ir.Constant(I32, NONE)),
    )
    return builder.not_(ok)


def _nan_if(builder, raised, value):
    return builder.select(raised, ir.Constant(value.type, float("nan")), value)


def _declare(emitter, w: Wrapper, arg_types: list) -> ir.Function:
    if w.library not in emitter.libraries:
        emitter.libraries.append(w.library)
    return emitter.declare(w.name, ir.FunctionType(I32, [PTR, PTR, *arg_types]))


def _refuse(pass_, inst, call: RuleCall):
    if call.unsupported:
        raise pass_.error(inst, call.unsupported)


def forward_handler(call: RuleCall):
    def handle(pass_, builder, inst, primal):
        groups = call.groups(inst.operands)
        acts = _acts_forward(pass_, groups)
        if all(a == "const" for a in acts):
            return None
        _refuse(pass_, inst, call)
        if call.entry.forward is None:
            raise pass_.error(inst, f"{call.name_for_messages} has reverse-mode rules but no pe.rules.forward rule")
        w = _wrapper(pass_, inst, call, "forward", acts, pass_.width)
        flat = [o for g in groups for o in g]
        args = [pass_.get(o) for o in flat]
        types_ = [o.type for o in flat]
        for g, act in zip(groups, acts):
            if act == "dup":
                for k in range(pass_.width):
                    args += [pass_.shadow_or_default(builder, o, k) for o in g]
                    types_ += [o.type for o in g]
        fty = call.float_result
        W = pass_.width
        ret_ty = ir.LiteralStructType([fty, fty if W == 1 else ir.ArrayType(fty, W)]) if fty else I64
        out = pass_.entry_alloca(ret_ty, builder)
        excinfo = pass_.entry_alloca(PTR, builder) if call.cabi else pass_.get(inst.operands[1])
        status = builder.call(_declare(pass_.emitter, w, types_), [out, excinfo, *args])
        if fty is None:
            return status if call.cabi else _status(builder, status, call)
        res = builder.load(out, typ=ret_ty)
        primal, shadow = builder.extract_value(res, 0), builder.extract_value(res, 1)
        shadows = [shadow] if W == 1 else [builder.extract_value(shadow, k) for k in range(W)]
        if call.cabi:  # the call's own value, and its tangents
            raised = _raised(builder, status)
            pass_.shadow[inst] = [_nan_if(builder, raised, v) for v in shadows]
            return _nan_if(builder, raised, primal)
        builder.store(primal, pass_.get(inst.operands[0]))
        for lane, value in zip(pass_.lanes(inst.operands[0]) or (), shadows):
            builder.store(value, lane)
        return _status(builder, status, call)

    return handle


def augmented_handler(call: RuleCall):
    def handle(sweep, builder, inst):
        rev = sweep.owner
        groups = call.groups(inst.operands)
        acts = _acts_reverse(rev.active, call, groups)
        if all(a == "const" for a in acts):
            return None
        _refuse(sweep, inst, call)
        if call.entry.augmented_primal is None or call.entry.reverse is None:
            raise sweep.error(
                inst,
                f"reverse mode needs both pe.rules.augmented_primal and pe.rules.reverse for {call.name_for_messages}",
            )
        W = sweep.width
        w = _wrapper(sweep, inst, call, "augmented", acts, W)
        flat = [o for g in groups for o in g]
        args = [sweep.get(o) for o in flat]
        types_ = [o.type for o in flat]
        for g, act in zip(groups, acts):
            if act == "dup":
                for k in range(W):
                    args += [sweep.shadow_or_default(builder, o, k) for o in g]
                    types_ += [o.type for o in g]
        words = max(1, (w.tape_size + 7) // 8)
        tape_ty = ir.ArrayType(I64, words)
        at = sweep.entry_alloca(tape_ty, builder)
        fty = call.float_result
        out = sweep.entry_alloca(fty or I64, builder)
        fn = _declare(sweep.emitter, w, [*types_, PTR])
        excinfo = sweep.entry_alloca(PTR, builder) if call.cabi else sweep.get(inst.operands[1])
        status = builder.call(fn, [out, excinfo, *args, at])
        if w.tape_size:
            rev.side_tape().push(builder, [builder.load(at, typ=tape_ty)])
        if call.cabi:
            if fty is None:
                return status
            return _nan_if(builder, _raised(builder, status), builder.load(out, typ=fty))
        if fty is not None:
            builder.store(builder.load(out, typ=fty), sweep.get(inst.operands[0]))
        return _status(builder, status, call)

    return handle


def reverse_handler(call: RuleCall):
    def handle(rev, b, inst, lane):
        groups = call.groups(inst.operands)
        acts = _acts_reverse(rev.active, call, groups)
        if lane > 0 or all(a == "const" for a in acts):
            return  # in batch mode one call of the rule serves every lane
        W = rev.width
        aug = call.wrapper("augmented", acts, W)
        w = _wrapper(rev, inst, call, "reverse", acts, W)
        from llvm_passes.ir.emitter import opaque_alloca

        words = max(1, (aug.tape_size + 7) // 8)
        tape_ty = ir.ArrayType(I64, words)
        at = opaque_alloca(rev.setup, tape_ty)
        if aug.tape_size:
            (value,) = rev.side_tape().pop(b, [tape_ty])
            b.store(value, at)
        fty = call.float_result or ir.DoubleType()
        drets = [ir.Constant(fty, 0.0)] * W
        if call.cabi and call.float_result is not None and rev.adjoints.has(inst):
            drets = [rev.adjoints.take(b, inst, k) for k in range(W)]  # of the call's own value
        elif not call.cabi and call.float_result is not None and rev.active(inst.operands[0]):
            for k in range(W):  # of the value it left in its result slot
                sp = rev.shadow(b, inst.operands[0], k)
                drets[k] = b.load(sp, typ=fty)
                b.store(ir.Constant(fty, 0.0), sp)
        flat = [o for g in groups for o in g]
        args = [rev.primal(b, o) for o in flat]
        types_ = [o.type for o in flat]
        for g, act in zip(groups, acts):
            if act == "dup":
                for k in range(W):
                    for o in g:
                        if _is_pointer(o.type):
                            args.append(rev.shadow(b, o, k) if rev.active(o) else ir.Constant(PTR, None))
                        else:
                            args.append(rev.primal(b, o))
                        types_.append(o.type)
        adj_ty = [_FLOATS.get(call.args[i], ir.DoubleType()) for i in w.adjoints for _ in range(W)]
        out_ty = ir.LiteralStructType(adj_ty) if adj_ty else I64
        out = opaque_alloca(rev.setup, out_ty)
        fn = _declare(rev.emitter, w, [*types_, *[fty] * W, PTR])
        excinfo = opaque_alloca(rev.setup, PTR) if call.cabi else rev.primal(b, inst.operands[1])
        raised = _raised(b, b.call(fn, [out, excinfo, *args, *drets, at]))
        if adj_ty:
            res = b.load(out, typ=out_ty)
            for j, i in enumerate(w.adjoints):
                (o,) = groups[i]
                if rev.adjoints.has(o):
                    for k in range(W):
                        rev.adjoints.add(b, o, _nan_if(b, raised, b.extract_value(res, j * W + k)), k)

    return handle


def _wrapper(pass_, inst, call: RuleCall, kind: str, acts: tuple, width: int) -> Wrapper:
    try:
        return call.wrapper(kind, acts, width)
    except RuleError as exc:
        raise pass_.error(inst, str(exc)) from None


def _zero_result(pass_, builder, inst, primal):
    """An inactive target's float result: its shadow is zero."""
    for lane in pass_.lanes(inst.operands[0]) or ():
        t = _result_type(inst)
        if t is not None:
            builder.store(ir.Constant(t, 0.0), lane)


def _drop_result_adjoint(rev, b, inst, lane):
    t = _result_type(inst)
    if t is not None and rev.active(inst.operands[0]):
        b.store(ir.Constant(t, 0.0), rev.shadow(b, inst.operands[0], lane))


_result_types: dict = {}  # mangled name -> LLVM float type of the result (inactive targets)


def _result_type(inst):
    return _result_types.get(inst.callee)


# -- registration ----------------------------------------------------------------------------------------
_calls: dict = {}  # mangled name -> (generation, RuleCall)


def sync() -> tuple[str, ...]:
    """Register every compiled overload of every rule's target; the names to keep as calls."""
    keep = []
    current = set()
    for entry in rules.registered():
        if entry.extern:
            current.add(_sync_extern(entry))
            continue
        for cres in list(entry.target.overloads.values()):
            name = cres.fndesc.mangled_name
            keep.append(name)
            current.add(name)
            known = _calls.get(name)
            if known is not None and known[0] == rules.generation:
                continue
            call = RuleCall(entry, cres.signature)
            _calls[name] = (rules.generation, call)
            if entry.inactive:
                _result_types[name] = call.float_result
                register(name, inactive=True, custom=False, forward=_zero_result, reverse=_drop_result_adjoint)
                continue
            flat = cpu_target.target_context.get_arg_packer(call.args).argument_types
            register(
                name,
                custom=True,
                inactive=False,
                # the result comes from every argument (which memory it writes: `note_writes`)
                outputs=((0, tuple(range(2, 2 + len(flat)))),),
                writes=tuple(2 + j for j, t in enumerate(flat) if _is_pointer(t)),
                forward=forward_handler(call),
                augmented=augmented_handler(call),
                reverse=reverse_handler(call),
            )
    for name in [n for n in _calls if n not in current]:  # rules withdrawn since
        unregister(name)
        del _calls[name]
        for address, (declared, _) in list(_externs.items()):
            if declared == name:
                del _externs[address]
    return tuple(keep)


_writes_noted: set = set()


def note_writes(module) -> None:
    """Tell the registry which arguments each rule target present in `module` writes (from its own IR,
    callees inlined): their memory is then an output of the call, made from all its arguments, so
    that activity analysis gives it a shadow when an active value goes in (a mutating `f!(y, x)`)."""
    from llvm_passes.analysis.memory import MemoryFacts
    from llvm_passes.callees import callee
    from llvm_passes.ir.model import Argument
    from llvm_passes.ir.reader import read_function

    for name, (gen, call) in list(_calls.items()):
        if (name, gen) in _writes_noted or call.entry.inactive:
            continue
        try:
            fn = module.get_function(name)
        except NameError:
            continue
        if fn.is_declaration:
            continue
        facts = MemoryFacts(read_function(module, name))
        info = callee(name)
        if info is None:
            continue
        ins = info.outputs[0][1]
        written = sorted(r.index for r in facts.written if isinstance(r, Argument) and r.index >= 2)
        register(name, outputs=((0, ins), *((k, ins) for k in written)))
        _writes_noted.add((name, gen))


# -- C functions (cffi, ctypes) ----------------------------------------------------------------------------
# Numba calls them through an address it keeps in a global named after it; the captured IR is rewritten so
# that the call names a declared function instead (the address is given to LLVM under that name), which
# the callee registry then knows.
_externs: dict = {}  # address -> (declared name, LLVM declaration)
_LLVM_TYPES = {types.float64: "double", types.float32: "float", types.none: "void", types.voidptr: "ptr"}


def _llvm_type(t) -> str:
    if t in _LLVM_TYPES:
        return _LLVM_TYPES[t]
    if isinstance(t, types.CPointer):
        return "ptr"
    if isinstance(t, types.Integer):
        return f"i{t.bitwidth}"
    raise RuleError(f"a C function's argument or result of type {t} is not supported by custom rules")


def _sync_extern(entry) -> str:
    import llvmlite.binding as llvm

    from llvm_passes.callees import register

    helper = rules.helper_of(entry.target)
    if helper is not None:  # Numba's own helper, called by its name: nothing to rename
        name, sig = helper
    else:
        fty = numba.typeof(entry.target)
        address = fty.get_pointer(entry.target)
        name, sig = f"pyenzyme.extern.{address:x}", fty.sig
    known = _calls.get(name)
    if known is not None and known[0] == rules.generation:
        return name
    if helper is None:
        decl = f'declare {_llvm_type(sig.return_type)} @"{name}"({", ".join(_llvm_type(t) for t in sig.args)})'
        llvm.add_symbol(name, address)
        _externs[address] = (name, decl)
    call = RuleCall(entry, sig, cabi=True)
    _calls[name] = (rules.generation, call)
    if entry.inactive:
        register(name, inactive=True, custom=False)
        return name
    register(
        name,
        custom=True,
        inactive=False,
        writes=tuple(i for i, t in enumerate(sig.args) if isinstance(t, (types.CPointer, types.RawPointer))),
        forward=forward_handler(call),
        augmented=augmented_handler(call),
        reverse=reverse_handler(call),
    )
    return name


def rewrite_externs(texts: list[str]) -> list[str]:
    """The captured IR texts with each call of a C function that has rules naming its declaration."""
    if not _externs:
        return texts
    out = []
    for text in texts:
        decls = []
        for address, (name, decl) in _externs.items():
            g = f'@"numba.dynamic.globals.{address:x}"'
            pattern = re.compile(
                re.escape(g) + rf" = linkonce global (?:i8\*|ptr) inttoptr \(i64 {address} to (?:i8\*|ptr)\)"
            )
            text, n = pattern.subn(f'{g} = internal constant ptr @"{name}"', text)  # folded into the calls
            if n:
                decls.append(decl)
        out.append(text + "\n" + "\n".join(decls) + "\n" if decls else text)
    return out
