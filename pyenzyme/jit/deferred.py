"""`pe.autodiff_deferred` inside `@numba.njit` code: derivatives made when the caller is compiled.

Input: a call `pe.autodiff_deferred(mode, f, [RetActivity,] *annotated_args)`
in jitted code, with the annotations built there (`pe.Duplicated(x, dx)`,
`pe.Active(a)`, ...). Output: at the caller's typing, the same plan a call
from Python builds, with the Inline ABI: the derivative's IR is linked into
the caller's library (LLVM may inline it) and the call is an ordinary jitted
call of the plan's trampoline, with no Python object touched per call. The
result has the shape the same call from Python returns (a Numba tuple).

This module also gives the annotations and modes their Numba types: an
annotation value is a struct of `val` (and `dval`), an annotation class or a
mode is a compile-time constant.
"""

from __future__ import annotations

import types as pytypes

from numba.core import cgutils, types
from numba.core.errors import TypingError
from numba.core.imputils import impl_ret_borrowed, lower_builtin, lower_constant
from numba.core.typing.context import BaseContext
from numba.core.typing.templates import AbstractTemplate
from numba.extending import make_attribute_wrapper, models, overload, register_model, type_callable, typeof_impl

from ..annotations import (
    Active,
    BatchDuplicated,
    BatchDuplicatedNoNeed,
    Const,
    Duplicated,
    DuplicatedNoNeed,
    _AnnotationMeta,
)
from ..errors import EnzymeError
from ..frontend.capture import as_dispatcher
from ..frontend.plans import cached_plan, plan_table
from ..modes import ForwardMode, Mode, ReverseMode

ONE_VALUE = (Const, Active)
WITH_SHADOW = (Duplicated, DuplicatedNoNeed)
WITH_SHADOWS = (BatchDuplicated, BatchDuplicatedNoNeed)


# -- annotation values -------------------------------------------------------------------------
class AnnotationType(types.Type):
    """`pe.Duplicated(x, dx)` and the others in jitted code: the annotation class and its fields' types."""

    def __init__(self, annotation: type, val: types.Type, dval: types.Type | None = None):
        self.annotation, self.val, self.dval = annotation, val, dval
        fields = f"{val}" if dval is None else f"{val}, {dval}"
        super().__init__(name=f"pe.{annotation.__name__}({fields})")

    @property
    def key(self):
        return self.annotation, self.val, self.dval


@register_model(AnnotationType)
class _AnnotationModel(models.StructModel):
    def __init__(self, dmm, fe_type):
        members = [("val", fe_type.val)]
        if fe_type.dval is not None:
            members.append(("dval", fe_type.dval))
        super().__init__(dmm, fe_type, members)


make_attribute_wrapper(AnnotationType, "val", "val")
make_attribute_wrapper(AnnotationType, "dval", "dval")


def _annotation_type(cls: type, val: types.Type, dval: types.Type | None) -> AnnotationType:
    """The type of `cls(val[, dval])`, with pyenzyme's message when the shadow does not fit."""
    val = types.unliteral(val)
    if cls in ONE_VALUE:
        return AnnotationType(cls, val)
    dval = types.unliteral(dval)
    if cls in WITH_SHADOW and dval != val:
        raise TypingError(
            f"pe.{cls.__name__}(val, dval): the shadow must have the type of the value: {val}, got {dval}"
        )
    if cls in WITH_SHADOWS:
        if not isinstance(dval, types.BaseTuple) or not dval.types or any(t != val for t in dval.types):
            raise TypingError(
                f"pe.{cls.__name__}(val, dval): dval must be a non-empty tuple of shadows of type {val}, got {dval}"
            )
        dval = types.UniTuple(val, len(dval.types))
    return AnnotationType(cls, val, dval)


def _register_constructor(cls: type) -> None:
    one = cls in ONE_VALUE

    @type_callable(cls)
    def typer(context):
        if one:

            def of_value(val):
                return _annotation_type(cls, val, None)

            return of_value

        def of_value_and_shadow(val, dval):
            return _annotation_type(cls, val, dval)

        return of_value_and_shadow

    @lower_builtin(cls, *([types.Any] * (1 if one else 2)))
    def construct(context, builder, sig, args):
        typ = sig.return_type
        s = cgutils.create_struct_proxy(typ)(context, builder)
        s.val = context.cast(builder, args[0], sig.args[0], typ.val)
        if not one:
            s.dval = context.cast(builder, args[1], sig.args[1], typ.dval)
        return impl_ret_borrowed(context, builder, typ, s._getvalue())


for _cls in (Const, Active, Duplicated, DuplicatedNoNeed, BatchDuplicated, BatchDuplicatedNoNeed):
    _register_constructor(_cls)


# -- modes -------------------------------------------------------------------------------------------
class ModeType(types.Dummy):
    """`pe.Forward`, `pe.Reverse`, ... in jitted code: a compile-time constant."""

    def __init__(self, mode: Mode):
        self.mode = mode
        super().__init__(name=f"pe.{mode!r}")

    @property
    def key(self):
        return self.mode


register_model(ModeType)(models.OpaqueModel)


@typeof_impl.register(Mode)
def _typeof_mode(val, c):
    return ModeType(val)


@lower_constant(ModeType)
def _mode_constant(context, builder, ty, pyval):
    return context.get_dummy_value()


# -- plain Python functions --------------------------------------------------------------------------
# Numba types a global or closure variable holding a plain Python function only if the function has a
# registered implementation; otherwise typing stops with "Untyped global name". pyenzyme extends that
# last step: an unregistered plain function gets a function type whose calls fail with a clear message,
# so that it can be passed to pe.autodiff_deferred (which jit-compiles it, as a call from Python does).
_python_functions: dict = {}


def python_function_type(fn: pytypes.FunctionType) -> types.Function:
    """The Numba type of the plain Python function `fn` used as a value in jitted code."""
    ty = _python_functions.get(fn)
    if ty is None:

        class PlainFunctionCall(AbstractTemplate):
            key = fn

            def generic(self, args, kws):
                raise TypingError(
                    f"{fn.__qualname__} is a plain Python function: jitted code cannot call it; decorate it "
                    "with @numba.njit (pe.autodiff_deferred and the other pyenzyme functions accept it as it is)"
                )

        ty = _python_functions[fn] = types.Function(PlainFunctionCall)
    return ty


_numba_global_type = BaseContext._get_global_type


def _global_type(self, gv):
    ty = _numba_global_type(self, gv)
    if ty is None and isinstance(gv, pytypes.FunctionType):
        return python_function_type(gv)
    return ty


BaseContext._get_global_type = _global_type


def jitted_target(t, what: str):
    """The dispatcher of the function a jitted call passes as `what`: an @njit function, a plain Python
    function (jit-compiled here, once) or `pe.Const` of either; a TypingError for anything else."""
    if isinstance(t, AnnotationType) and t.annotation is Const:  # pe.Const(f): the function itself
        t = t.val
    if isinstance(t, types.Dispatcher):
        return t.dispatcher
    key = getattr(t, "typing_key", None)
    if isinstance(t, types.Function) and _python_functions.get(key) is t:
        return as_dispatcher(key)
    raise TypingError(f"{what}: expected a @numba.njit function or a plain Python function, got {t}")


# -- the call -----------------------------------------------------------------------------------------
def _annotation_class(t) -> type | None:
    """The annotation class a Numba type of a global like `pe.Active` stands for, else None."""
    key = getattr(t, "typing_key", None)
    return key if isinstance(t, types.Function) and isinstance(key, _AnnotationMeta) else None


def _arguments(arg_types) -> tuple[type | None, list]:
    """(return activity or None, [(annotation class, value type, annotation type or None)])."""
    arg_types = list(arg_types)
    ret_act = _annotation_class(arg_types[0]) if arg_types else None
    if ret_act is not None:
        arg_types = arg_types[1:]
    out: list[tuple[type, types.Type, AnnotationType | None]] = []
    for pos, t in enumerate(arg_types, 1):
        if _annotation_class(t) is not None:
            raise TypingError(
                f"argument {pos}: pe.{t.typing_key.__name__} is a class: annotate a value, e.g. pe.Const(x)"
            )
        if isinstance(t, AnnotationType):
            out.append((t.annotation, t.val, t))
        else:
            out.append((Const, types.unliteral(t), None))
    return ret_act, out


def _value_expressions(args, first: int, active_as_float: bool) -> tuple[list[str], list[str], int]:
    """Jitted expressions of the primal values and the shadows in call order, and the batch width.
    `first`: where the annotated arguments start in the implementation's `args` (after a return activity)."""
    primals, shadows, width = [], [], 1
    for i, (cls, val, ann) in enumerate(args):
        a = f"args[{first + i}]"
        v = a if ann is None else f"{a}.val"
        if cls is Active and active_as_float and isinstance(val, (types.Integer, types.Boolean)):
            v = f"float({v})"
        primals.append(v)
        if cls in WITH_SHADOW:
            shadows.append(f"{a}.dval")
        elif cls in WITH_SHADOWS:
            w = len(ann.dval.types)
            if width > 1 and w != width:
                raise TypingError(
                    f"argument {i + 1}: batch width {w} differs from the width {width} of an earlier argument"
                )
            width = w
            shadows.extend(f"{a}.dval[{k}]" for k in range(w))
    return primals, shadows, width


def _impl(call: str, result: str, ns: dict):
    src = f"def impl(mode, f, *args):\n    r = {call}\n    return {result}\n"
    exec(src, ns)
    return ns["impl"]


def _forward(disp, ret_act, args):
    from ..forward import ForwardPlan

    primals, shadows, width = _value_expressions(args, int(ret_act is not None), active_as_float=False)
    argtypes = tuple(val for _, val, _ in args)
    acts = tuple(cls for cls, _, _ in args)
    plan = ForwardPlan(disp, argtypes, acts, ret_act, width, inline=True)
    call = f"_tramp({', '.join(['_addr', *primals, *shadows])})"
    return plan, _impl(call, "r", {"_tramp": plan.tramp, "_addr": plan.addr})


def _reverse(mode, disp, ret_act, args):
    from ..reverse import ReversePlan, active_array_error

    for pos, (cls, val, _) in enumerate(args, 1):
        if cls is Active and isinstance(val, types.Array):
            raise active_array_error(pos)
    primals, shadows, width = _value_expressions(args, int(ret_act is not None), active_as_float=True)
    argtypes = tuple(
        types.float64 if cls is Active and isinstance(val, (types.Integer, types.Boolean)) else val
        for cls, val, _ in args
    )
    acts = tuple(cls for cls, _, _ in args)
    if width > 1 and any(a in WITH_SHADOW for a in acts):
        raise TypingError("batch mode: every shadowed argument must be pe.BatchDuplicated with the same width")
    plan = ReversePlan(disp, argtypes, acts, ret_act, mode.return_primal, inline=True, width=width)
    seeds = ["_seed"] * width if plan.seed is not None else []
    call = f"_tramp({', '.join(['_addr', *primals, *shadows, *seeds])})"
    return plan, _impl(call, plan._result(), {"_tramp": plan.tramp, "_addr": plan.addr, "_seed": plan.seed})


_built: dict = plan_table()


def overload_autodiff_deferred(autodiff_deferred) -> None:
    """Register the jitted implementation of `autodiff_deferred` (the Python function itself)."""

    @overload(autodiff_deferred, prefer_literal=False)
    def _typed(mode, f, *args):
        if not isinstance(mode, ModeType):
            raise TypingError(f"mode: expected pe.Forward, pe.Reverse or pe.ReverseWithPrimal, got {mode}")
        disp = jitted_target(f, "f")
        if len(args) == 1 and isinstance(args[0], types.StarArgTuple):
            args = tuple(args[0].types)
        ret_act, annotated = _arguments(args)
        if type(mode.mode) not in (ForwardMode, ReverseMode):
            raise TypingError(
                f"mode: pe.autodiff_deferred takes pe.Forward, pe.Reverse or pe.ReverseWithPrimal, got {mode}"
            )
        # one derivative per function, mode, return activity and argument types, whichever caller asks
        key = (disp, mode.mode, ret_act, tuple(annotated))
        try:
            if type(mode.mode) is ForwardMode:
                impl = cached_plan(_built, key, lambda: _forward(disp, ret_act, annotated)[1])
            else:
                impl = cached_plan(_built, key, lambda: _reverse(mode.mode, disp, ret_act, annotated)[1])
        except (EnzymeError, TypeError, ValueError) as exc:
            if isinstance(exc, TypingError):
                raise
            raise TypingError(f"pe.autodiff_deferred: {exc}") from None
        return impl
