"""Custom derivative rules (`pe.rules`): tell pyenzyme how to differentiate a call.

Input: registrations on a target function (an `@numba.njit` function, or a
plain Python function, jitted on registration). Output: wherever the target is
called inside code pyenzyme differentiates, at any depth, the call is not
differentiated but replaced by the rule: a forward rule in forward mode, an
augmented primal and a reverse rule in reverse mode (combined and split).

Rules are plain Python functions; pyenzyme compiles them with Numba for each
set of argument types and annotation classes it meets. They see the same
annotations as `pe.autodiff` users (`.val`, `.dval`); `RT` is the annotation
class of the call's result, tested with `is`:

    @pe.rules.forward(f)
    def f_forward(func, RT, x):
        y = func.val(x.val)
        dy = 3.0 * x.val * x.val * x.dval
        if RT is pe.Const:
            return y
        return pe.Duplicated(y, dy)

    @pe.rules.augmented_primal(f)
    def f_augmented(config, func, RT, x):
        return pe.rules.AugmentedReturn(func.val(x.val), None, x.val)  # the tape: x

    @pe.rules.reverse(f)
    def f_reverse(config, func, dret, tape, x):
        return (3.0 * tape * tape * dret.val,)  # one entry per argument

`pe.rules.inactive(g)` says a call of g moves no derivative (its result is a
constant). A registration replaces an earlier one for the same target and
throws away every derivative pyenzyme built before it (they are built again
when next asked for), except those already compiled into jitted callers.
"""

from __future__ import annotations

import threading
from collections import namedtuple

import numba
from numba.extending import register_jitable

Config = namedtuple("Config", "needs_primal needs_shadow width overwritten")
Config.__doc__ = """What a reverse-mode rule is asked for: `needs_primal` (the result is used), `needs_shadow`
(the result is a shadowed value), `width` (1 outside batch mode) and `overwritten` (per argument: may
its memory change before the reverse rule runs, so that the augmented primal must keep what it needs)."""

AugmentedReturn = namedtuple("AugmentedReturn", "primal shadow tape")
AugmentedReturn.__doc__ = """What an augmented-primal rule returns: the primal result (None for a function
returning nothing), its shadow (None unless needs_shadow) and the tape, any value Numba can type (None for
no tape), which the reverse rule receives."""


@register_jitable
def needs_primal(config):
    return config.needs_primal


@register_jitable
def needs_shadow(config):
    return config.needs_shadow


@register_jitable
def width(config):
    return config.width


@register_jitable
def overwritten(config):
    return config.overwritten


class TargetRules:
    """The rules registered for one target: a jitted function (a Numba dispatcher), or a C function
    Numba calls through a pointer (cffi, ctypes: `extern`)."""

    __slots__ = ("augmented_primal", "extern", "forward", "inactive", "reverse", "target")

    def __init__(self, target, extern: bool = False):
        self.target = target
        self.extern = extern
        self.forward = self.augmented_primal = self.reverse = None
        self.inactive = False

    def has_rule(self) -> bool:
        return self.inactive or self.forward is not None or self.reverse is not None


_lock = threading.RLock()
_targets: dict = {}  # dispatcher, or ("C function", address) -> TargetRules
inactive_types: list = []  # Numba types whose values are never differentiated
generation = 0  # bumped by every registration: part of the keys of derivatives built from rules


def _target(target, what: str):
    """(the target as rules know it, is it a C function)."""
    from numba.core import types

    from .frontend.capture import as_dispatcher

    try:
        return as_dispatcher(target), False
    except TypeError:
        pass
    try:
        ty = numba.typeof(target)
    except (ValueError, TypeError):
        ty = None
    if isinstance(ty, types.ExternalFunctionPointer):
        return target, True  # (ctypes function objects do not hash: the table is keyed by address)
    if helper_of(target) is not None:
        return target, True  # a Python function Numba lowers to one of its own C helpers
    raise TypeError(
        f"{what}: expected an @numba.njit function, a plain Python function, a C function Numba can call "
        f"(cffi, ctypes with argtypes and restype) or one of {', '.join(sorted(_HELPER_NAMES))}, got {target!r}"
    )


def helper_of(target):
    """(the C helper Numba calls for the Python function `target`, its Numba signature), or None."""
    import math

    from numba.core import types

    table = {
        math.gamma: ("numba_gamma", types.float64(types.float64)),
        math.ldexp: ("numba_ldexp", types.float64(types.float64, types.int32)),
    }
    try:
        return table.get(target)
    except TypeError:  # unhashable
        return None


_HELPER_NAMES = ("math.gamma", "math.ldexp")


def _key(target, extern: bool):
    """Where a target's rules are kept: a dispatcher by itself, a C function by its helper name or its
    address (ctypes function objects do not hash)."""
    if not extern:
        return target
    helper = helper_of(target)
    return ("C helper", helper[0]) if helper is not None else ("C function", numba.typeof(target).get_pointer(target))


def _register(target, kind: str, value, what: str) -> TargetRules:
    global generation
    target, extern = _target(target, what)
    key = _key(target, extern)
    with _lock:
        entry = _targets.get(key)
        if entry is None:
            entry = _targets[key] = TargetRules(target, extern)
        setattr(entry, kind, value)
        generation += 1
        _invalidate()
    return entry


def _invalidate() -> None:
    """Forget the derivatives built so far: they may contain the call a new rule now replaces. Jitted
    callers holding such derivatives compile again at their next call."""
    from .frontend import plans
    from .jit import invalidate

    plans.forget_all()
    invalidate.jitted_callers()


def _rule_decorator(kind: str, what: str):
    def register_for(target):
        def register(rule):
            if not callable(rule):
                raise TypeError(f"{what}: the rule must be a function, got {rule!r}")
            # kept as Python: compiled per use, with the annotation classes it tests bound as constants
            py = rule.py_func if isinstance(rule, numba.core.dispatcher.Dispatcher) else rule
            _register(target, kind, py, what)
            return rule

        return register

    return register_for


forward = _rule_decorator("forward", "pe.rules.forward")
forward.__doc__ = """`@pe.rules.forward(target)`: the rule `(func, RT, *annotated_args)` replaces calls of target
in forward mode. It returns the primal (RT is pe.Const), `pe.Duplicated(primal, shadow)` (RT is pe.Duplicated) or
`pe.BatchDuplicated(primal, (shadow_1, ..., shadow_W))` (batch mode). Array shadows are written in place."""

augmented_primal = _rule_decorator("augmented_primal", "pe.rules.augmented_primal")
augmented_primal.__doc__ = """`@pe.rules.augmented_primal(target)`: the rule `(config, func, RT, *annotated_args)`
runs in the forward sweep of reverse mode in place of the call and returns `pe.rules.AugmentedReturn`."""

reverse = _rule_decorator("reverse", "pe.rules.reverse")
reverse.__doc__ = """`@pe.rules.reverse(target)`: the rule `(config, func, dret, tape, *annotated_args)` runs in the
reverse sweep. `dret` is `pe.Active(adjoint of the result)`, or the class pe.Const when the result carries no
derivative; it returns a tuple with one entry per argument: the derivative of a pe.Active argument, None for
the others (whose shadows, pe.Duplicated, it accumulates into in place)."""


def _withdraw(target) -> None:
    """Remove every rule registered for `target` (tests restore the registry with it); derivatives built
    with them are built again."""
    global generation
    key = _key(*_target(target, "target"))
    with _lock:
        _targets.pop(key, None)
        generation += 1
        _invalidate()


def inactive(target) -> None:
    """Calls of `target` move no derivative: its result is a constant and it writes no shadow."""
    _register(target, "inactive", True, "pe.rules.inactive")


def inactive_noinl(target) -> None:
    """As `inactive` (pyenzyme never inlines a call it has a rule for before differentiating it)."""
    _register(target, "inactive", True, "pe.rules.inactive_noinl")


def inactive_type(t) -> None:
    """Values of Numba type `t` (a Numba type, a jitclass, or float/int/bool/complex) are constants: an
    argument of that type must be passed as pe.Const (another annotation is an ActivityError)."""
    global generation
    from numba.core import types

    if isinstance(t, type) and t in (float, int, bool, complex):
        t = numba.typeof(t())
    elif isinstance(t, type) and hasattr(t, "class_type"):  # a jitclass
        t = t.class_type.instance_type
    if not isinstance(t, types.Type):
        raise TypeError(
            f"pe.rules.inactive_type: expected a Numba type, a jitclass or float/int/bool/complex, got {t!r}"
        )
    with _lock:
        if t not in inactive_types:
            inactive_types.append(t)
        generation += 1
        _invalidate()


def is_inactive_type(t) -> bool:
    return any(t == it for it in inactive_types)


def registered() -> list[TargetRules]:
    with _lock:
        return [e for e in _targets.values() if e.has_rule()]


__all__ = [
    "AugmentedReturn",
    "Config",
    "augmented_primal",
    "forward",
    "inactive",
    "inactive_noinl",
    "inactive_type",
    "needs_primal",
    "needs_shadow",
    "overwritten",
    "reverse",
    "width",
]
