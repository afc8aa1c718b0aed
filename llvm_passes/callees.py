"""What the passes know about called functions: one registry, filled by whoever knows the callee.

Input: registrations (`register`, `register_prefix`). Output: `callee(name)`,
the `Callee` facts for a call target: does it allocate, free, return a
pointer into its argument, write or only read memory, move no derivative at
all; and optionally how forward and reverse mode handle it. The analyses and
passes decide by these facts, never by names. `llvm_passes` registers only
what C and LLVM define (malloc and friends, memory intrinsics, hints); a
front end registers its runtime (pyenzyme: Numba's NRT and helpers) and
custom derivatives in the same way.

A forward handler is called as `forward(pass_, builder, inst, primal)` after
the primal call is emitted; a reverse handler as `reverse(rev, builder, inst,
lane)` in the call's reverse block, once per batch lane; a `save` handler as
`save(sweep, builder, inst)` after the call in reverse mode's forward sweep,
to keep on the side tape what the reverse handler will read. A `custom` entry (a
custom derivative rule) replaces the call instead: its forward handler, and
its `augmented` handler in the forward sweep of reverse mode, emit the call.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Callee:
    name: str
    allocates: bool = False  # returns fresh memory of `size_arg` bytes; its shadow is a zeroed twin
    size_arg: int = 0
    keeps: int | None = None  # an allocator returning memory that holds argument `keeps`'s contents (realloc)
    # reallocates the memory behind the handle argument `keeps` in place of the old (the handle stays
    # valid, pointers into the old memory do not): the reverse sweep reaches that memory through the handle
    moves_data: bool = False
    zeroed: bool = False  # an allocator whose memory starts zeroed (calloc): no memset of the shadow
    data: str | None = None  # an allocator returning a handle: `data(handle)` is the memory
    frees: bool = False  # releases argument 0: repeated on the shadow, deferred past the reverse sweep
    passthrough: bool = False  # returns a pointer into the object argument 0 points into
    mirror: bool = False  # bookkeeping on argument 0 (a reference count): repeated on its shadow
    reads_only: bool = False  # writes no memory the function reads
    inactive: bool = False  # moves no derivative information (streams, locks, hints)
    # hands its argument to the outside (boxing a value to print it): nothing to differentiate here, but
    # the result stays active, so a call that could bring the value back (into Python and out) is refused
    escapes: bool = False
    writes: tuple[int, ...] = ()  # pointer arguments whose memory it writes
    copies: tuple[int, int] | None = None  # (destination, source): memory copied from one to the other
    outputs: tuple[tuple[int, tuple[int, ...]], ...] = ()  # (out, ins) pairs: writes argument out from ins
    forward: Callable | None = None
    reverse: Callable | None = None
    # `save(sweep, builder, inst)`, after the call in the forward sweep of reverse mode: keeps what the
    # reverse handler needs (the values of operands the function overwrites later) on the side tape
    save: Callable | None = None
    # a custom derivative rule: the call itself is replaced. `forward(pass_, builder, inst, None)` and
    # `augmented(sweep, builder, inst)` emit the call's primal work with its derivative and return the
    # value standing for the call's result, or None to have the call made as it is (nothing active)
    custom: bool = False
    augmented: Callable | None = None
    # the pointers stored in stack arrays passed to it are read as primal values only: its handlers find
    # their shadows themselves (a parallel launch's argument array), so a constant one needs no shadow there
    primal_pointer_arrays: bool = False
    # for such a callee: `array_writes(module, inst)` gives the slots of argument 0's pointer array whose
    # memory the call may write (None: any of them); `module` is the binding module holding the code
    array_writes: Callable | None = None

    @property
    def bookkeeping(self) -> bool:
        """No derivative flows through the call itself (only, perhaps, its effect on a shadow)."""
        return self.inactive or self.escapes or self.mirror or self.frees or self.passthrough or self.allocates


_by_name: dict[str, Callee] = {}
_by_prefix: dict[str, Callee] = {}  # names starting with the key, e.g. `llvm.memcpy.`


def register(name: str, **facts) -> Callee:
    """Register (or extend: facts are merged into an existing entry) what a callee does."""
    entry = _by_name.get(name)
    entry = replace(entry, **facts) if entry is not None else Callee(name, **facts)
    _by_name[name] = entry
    return entry


def register_prefix(prefix: str, **facts) -> Callee:
    """Facts for every callee whose name starts with `prefix` (an intrinsic family: `llvm.memset.`)."""
    entry = _by_prefix.get(prefix)
    entry = replace(entry, **facts) if entry is not None else Callee(prefix, **facts)
    _by_prefix[prefix] = entry
    return entry


def unregister(name: str) -> None:
    """Forget what was registered for `name` (a custom rule withdrawn)."""
    _by_name.pop(name, None)


def register_inactive(*names: str) -> None:
    """Callees that move no derivative information (they touch only integers, locks or streams)."""
    for name in names:
        register(name, inactive=True)


def callee(name: str | None) -> Callee | None:
    if not name:
        return None
    entry = _by_name.get(name)
    if entry is not None:
        return entry
    for prefix, entry in _by_prefix.items():
        if name.startswith(prefix):
            return entry
    return None


def freeing_callees() -> list[str]:
    """Names of the registered functions that release memory, in a fixed order (a tag each)."""
    return sorted(n for n, c in _by_name.items() if c.frees)


# -- what C and LLVM define ------------------------------------------------------------------
register("malloc", allocates=True, reads_only=True)
register("calloc", allocates=True, zeroed=True, reads_only=True)
register("realloc", allocates=True, size_arg=1, keeps=0, reads_only=True)
register("free", frees=True, reads_only=True)
register_inactive("printf", "puts", "putchar")
for _hint in ("llvm.lifetime.", "llvm.assume", "llvm.expect", "llvm.prefetch", "llvm.dbg.", "llvm.invariant."):
    register_prefix(_hint, inactive=True, reads_only=True)
register_prefix("llvm.memset.", writes=(0,))
register_prefix("llvm.memcpy.", writes=(0,), copies=(0, 1))
register_prefix("llvm.memmove.", writes=(0,), copies=(0, 1))
