"""Split reverse mode from Python: the forward and reverse thunks and the tape object.

Input: `autodiff_thunk(ReverseModeSplit..., Const[typeof(f)], RetActivity,
*argtypes)`. Output: `(forward, reverse)`:

    tape, primal, shadow = forward(fa, *args)
    ((d_args...),) = reverse(fa, *args, dret, tape)

`dret` is the return's adjoint: a number for an Active return (omitted for
Const), an array added into the return's shadow for a Duplicated return.
The tape owns native memory: the reverse call consumes it, garbage
collection frees an unused one; reusing it, or handing it to another
function's reverse or to arguments of other shapes, raises a clear error.
"""

from __future__ import annotations

import weakref

import numpy as np
from numba.core import types

from .annotations import Active, Annotation, Const
from .errors import ActivityError, EnzymeError
from .frontend.arguments import check_shadow
from .frontend.build import build_split
from .frontend.callplan import ACTIVITY, DUP, default_return, is_inline
from .frontend.capture import as_dispatcher, compiled
from .frontend.kinds import has_float_data
from .jit.reverse_call import make_free_trampoline, make_reverse_trampoline
from .reverse import ReversePlan


class TapeError(EnzymeError, ValueError):
    """A tape used twice, with another function's reverse, or with other arguments."""


class Tape:
    """The forward sweep's record for one reverse call (owns native memory)."""

    __slots__ = ("__weakref__", "_finalizer", "_plan", "_shapes", "_state", "nbytes", "shadow")

    def __init__(self, state: int, plan, shapes, nbytes: int, shadow):
        self._state = state
        self._plan = plan
        self._shapes = shapes
        self.nbytes = int(nbytes)
        self.shadow = shadow
        self._finalizer = weakref.finalize(self, plan.free, state)

    @property
    def consumed(self) -> bool:
        return self._state == 0

    def take(self, plan, shapes) -> int:
        if self._state == 0:
            raise TapeError("tape: this tape was already consumed by a reverse call; run the forward again")
        if plan is not self._plan:
            raise TapeError(
                f"tape: made by the forward of {self._plan.name}, not by the forward paired with "
                f"this reverse ({plan.name})"
            )
        for i, (a, b) in enumerate(zip(self._shapes, shapes)):
            if a != b:
                raise TapeError(f"tape: argument {i + 1} is {b} but the tape was made with {a}")
        state, self._state = self._state, 0
        self._finalizer.detach()
        return state

    def __repr__(self):
        return f"<pyenzyme Tape {self.nbytes} bytes{' (consumed)' if self._state == 0 else ''}>"


def _shape_of(v):
    return (v.shape, v.dtype.str) if isinstance(v, np.ndarray) else type(v).__name__


class SplitPlan:
    def __init__(self, disp, argtypes, acts, ret_act, mode):
        argtypes, cres = compiled(disp, argtypes)
        rettype = cres.signature.return_type
        self.name = getattr(disp, "__name__", str(disp))
        if ret_act is None:
            ret_act = default_return("split", rettype)
        if ret_act in DUP:
            if not isinstance(rettype, types.Array) or not has_float_data(rettype):
                raise ActivityError(
                    f"return: pe.{ret_act.__name__} needs a function returning a float array, "
                    f"this one returns {rettype}"
                )
            ret_kind = "dup"
        else:
            ReversePlan._check(argtypes, acts, ret_act, rettype)
            ret_kind = "active" if ret_act is Active else "const"
        modified = mode.modified_between
        if isinstance(modified, bool):
            modified = (modified,) * len(argtypes)
        if len(modified) != len(argtypes):
            raise ValueError(f"modified_between: {len(modified)} flags for {len(argtypes)} arguments")
        self.cap, self.call = build_split(
            disp,
            argtypes,
            tuple(ACTIVITY[a] for a in acts),
            ret_kind,
            tuple(bool(m) for m in modified),
            is_inline(mode),
        )
        self.fwd_tramp, _, self.fwd_addr = make_reverse_trampoline(self.call, "forward")
        self.rev_tramp, _, self.rev_addr = make_reverse_trampoline(self.call, "reverse")
        self.free_tramp, _, self.free_addr = make_free_trampoline(self.call)
        self.argtypes, self.acts, self.ret_act, self.rettype = argtypes, acts, ret_act, rettype
        self.return_primal = mode.return_primal
        self.return_shadow = mode.return_shadow

    def free(self, state: int) -> None:
        if state:
            self.free_tramp(self.free_addr, state)

    def unwrap(self, args):
        if len(args) != len(self.acts):
            raise TypeError(f"expected {len(self.acts)} arguments after the function, got {len(args)}")
        primals, shadows = [], []
        for i, (a, cls) in enumerate(zip(args, self.acts)):
            if cls is Const and not isinstance(a, Annotation):
                primals.append(a)
                continue
            if type(a) is not cls:
                raise ActivityError(f"argument {i + 1}: expected pe.{cls.__name__}, got {type(a).__name__}")
            primals.append(float(a.val) if cls is Active and isinstance(a.val, int) else a.val)
            if cls in DUP:
                check_shadow(i + 1, a.val, self.argtypes[i], a.dval)
                shadows.append(a.dval)
        return primals, shadows

    def forward(self, fa, *args):
        primals, shadows = self.unwrap(args)
        r = self.fwd_tramp(self.fwd_addr, *primals, *shadows)
        state, primal = r[0], r[1]
        shadow = r[2] if self.call.return_shadow else None
        tape = Tape(state, self, [_shape_of(p) for p in primals], r[-1], shadow)
        return tape, (primal if self.return_primal else None), (shadow if self.return_shadow else None)

    def reverse(self, fa, *args):
        if self.ret_act is Const:
            *args, tape = args
            dret = None
        else:
            *args, dret, tape = args
        if not isinstance(tape, Tape):
            raise TapeError(f"tape: expected the Tape returned by the forward thunk, got {type(tape).__name__}")
        primals, shadows = self.unwrap(args)
        state = tape.take(self, [_shape_of(p) for p in primals])
        extra = []
        if self.ret_act is Active:
            extra.append(float(dret) if isinstance(dret, (int, float)) else dret)
        elif self.call.return_shadow and dret is not None:
            tape.shadow += dret  # the return's adjoint seeds its shadow
        r = self.rev_tramp(self.rev_addr, *primals, *shadows, *extra, state)
        derivs = [None] * len(self.acts)
        for k, i in enumerate(self.call.active_positions):
            derivs[i] = r[k]
        return (tuple(derivs),)


def split_thunks(mode, disp, ret_act, acts, nbtypes):
    plan = SplitPlan(as_dispatcher(disp), nbtypes, acts, ret_act, mode)
    return plan.forward, plan.reverse
