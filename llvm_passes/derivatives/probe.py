"""Which primal values a derivative rule reads, found by running it on symbols.

Input: a rule from the table and its operand count. Output: for each partial,
the set of operand indices (and whether the primal result) it depends on.
Reverse mode looks up (and so caches) only what the partials of the active
operands need: the adjoint of `a + b` needs no primal value at all.
"""

from __future__ import annotations

from functools import cache

from .table import Rule


class Sym:
    __slots__ = ("deps",)

    def __init__(self, deps=frozenset()):
        self.deps = frozenset(deps)


def _join(*xs) -> Sym:
    deps: set = set()
    for x in xs:
        if isinstance(x, Sym):
            deps |= x.deps
    return Sym(deps)


class ProbeBuilder:
    """Mirrors DerivativeBuilder's methods, returning symbols instead of IR."""

    def __init__(self):
        self.result = Sym({"result"})

    def const(self, x):
        return Sym()

    def __getattr__(self, name):
        return lambda *args: _join(*args)


@cache
def partial_dependencies(rule: Rule, n_operands: int) -> tuple[frozenset, ...]:
    partials = rule.partials(ProbeBuilder(), *[Sym({i}) for i in range(n_operands)])
    return tuple(p.deps if isinstance(p, Sym) else frozenset() for p in partials)
