"""Which activities a test runs: argument specs, their combinations and compatibility.

Input: the return activity and the arguments given to `test_forward` /
`test_reverse`. Each argument is a plain value (Const), `(value, Activity)`,
`(value, (Activity, Activity, ...))` to try several, or an annotation
instance such as `pe.Duplicated(x, dx)` whose shadow is used as given.
Output: `ArgSpec`s and the activity combinations to check, in order.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from ..annotations import Annotation, BatchDuplicated, Const

_NO_SHADOW = object()
DEFAULT_BATCH_WIDTH = 2


def _is_activity(c) -> bool:
    return isinstance(c, type) and issubclass(c, Annotation)


def _activity_options(spec) -> tuple | None:
    """The activity classes `spec` names (one class or a non-empty tuple of them), else None."""
    if _is_activity(spec):
        return (spec,)
    if isinstance(spec, tuple) and spec and all(_is_activity(c) for c in spec):
        return spec
    return None


def are_activities_compatible(Tret, *activities) -> bool:
    """Whether a return activity and argument activities can be used together.

    Batch annotations (`BatchDuplicated`, `BatchDuplicatedNoNeed`) carry several
    shadows per value, the others one or none, so the two kinds cannot be
    mixed; `Const` goes with either. Use it to skip combinations when looping
    over activities.

    >>> import pyenzyme as pe
    >>> from pyenzyme.testing import are_activities_compatible
    >>> are_activities_compatible(pe.Duplicated, pe.Duplicated, pe.Const)
    True
    >>> are_activities_compatible(pe.BatchDuplicated, pe.BatchDuplicated, pe.Const)
    True
    >>> are_activities_compatible(pe.BatchDuplicated, pe.Duplicated)
    False
    >>> are_activities_compatible(pe.Active, pe.BatchDuplicated)
    False
    """
    acts = (Tret, *activities)
    for a in acts:
        if not _is_activity(a):
            raise TypeError(f"are_activities_compatible: expected annotation classes such as pe.Const, got {a!r}")
    if not any(issubclass(a, BatchDuplicated) for a in acts):
        return True
    return all(issubclass(a, (BatchDuplicated, Const)) for a in acts)


@dataclass
class ArgSpec:
    """One argument of the function under test."""

    value: object
    options: tuple  # activity classes to try
    shadow: object = _NO_SHADOW  # shadow(s) given by an annotation instance

    @property
    def has_shadow(self) -> bool:
        return self.shadow is not _NO_SHADOW


def parse_arg(pos: int, a) -> ArgSpec:
    if isinstance(a, Annotation):
        return ArgSpec(a.val, (type(a),), getattr(a, "dval", _NO_SHADOW))
    if _is_activity(a):
        raise TypeError(
            f"argument {pos}: got the class {a.__name__} without a value; pass (value, pe.{a.__name__}) "
            f"or an instance such as pe.{a.__name__}(value, ...)"
        )
    if isinstance(a, tuple) and len(a) == 2:
        options = _activity_options(a[1])
        if options is not None:
            if isinstance(a[0], Annotation):
                raise TypeError(f"argument {pos}: give either an annotation instance or (value, Activity), not both")
            return ArgSpec(a[0], options)
    return ArgSpec(a, (Const,))


def return_options(Activity) -> tuple:
    options = _activity_options(Activity)
    if options is None:
        raise TypeError(
            f"Activity: expected an annotation class such as pe.Duplicated (or a tuple of them), got {Activity!r}"
        )
    return options


def combinations(ret_options: tuple, specs: list[ArgSpec]):
    """Every (return activity, argument activities) to check; incompatible ones are skipped.

    When none is compatible that is an error rather than a skip, so that a
    test never passes by checking nothing.
    """
    all_combos = [(r, acts) for r in ret_options for acts in itertools.product(*(s.options for s in specs))]
    combos = [(r, acts) for r, acts in all_combos if are_activities_compatible(r, *acts)]
    if not combos:
        what = describe(*all_combos[0]) if len(all_combos) == 1 else "all of the given combinations"
        raise ValueError(f"activities: {what} mix batch and non-batch annotations; see are_activities_compatible")
    return combos


def describe(ret_act, acts) -> str:
    """'return Duplicated, arguments (Duplicated, Const)'."""
    names = ", ".join(a.__name__ for a in acts)
    return f"return {ret_act.__name__}, arguments ({names}{',' if len(acts) == 1 else ''})"


def batch_width(acts, specs) -> int:
    """The number of shadows per batch argument: as given, else 2; 1 without batch arguments."""
    batch = [(a, s) for a, s in zip(acts, specs) if issubclass(a, BatchDuplicated)]
    widths = {len(s.shadow) for a, s in batch if s.has_shadow}
    if len(widths) > 1:
        raise ValueError(f"arguments: batch shadows of different widths {sorted(widths)}")
    if not batch:
        return 1
    return widths.pop() if widths else DEFAULT_BATCH_WIDTH


def as_active_value(v):
    """The value pyenzyme differentiates for an Active argument: integers become floats."""
    if isinstance(v, tuple):
        return tuple(as_active_value(e) for e in v)
    if isinstance(v, (bool, int, np.integer, np.bool_)):
        return float(v)
    return v
