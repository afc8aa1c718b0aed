"""Dominators and natural loops (llvm_passes/analysis/cfg.py).

Hand-written functions are checked against the exact printer output; the
corpus of Numba modules (tests/corpus) is checked for loop counts and nesting
depths, and every function is checked against brute-force definitions of
dominance and natural loops.
"""

from __future__ import annotations

import pathlib
import textwrap

import pytest

from llvm_passes.analysis.cfg import (
    dominates,
    emission_order,
    find_loops,
    immediate_dominators,
    print_dominators,
    print_loops,
    reverse_postorder,
)
from llvm_passes.ir.reader import read_function
from llvm_passes.preprocess import parse

CORPUS = pathlib.Path(__file__).parent / "corpus"


def read(src: str, name: str = "f"):
    return read_function(parse(src), name)


def corpus_function(stem: str):
    text = (CORPUS / f"{stem}.ll").read_text()
    entry = text.split("\n", 1)[0].removeprefix("; entry:").strip()
    return read_function(parse(text, stem), entry)


def blocks(func, *names):
    by = {b.name: b for b in func.blocks}
    return [by[n] for n in names]


def dedent(s: str) -> str:
    return textwrap.dedent(s).strip()


# ----------------------------------------------------------------------------- hand-written CFGs
DIAMOND = """
define i32 @f(i1 %c) {
entry:
  br i1 %c, label %then, label %else
then:
  br label %join
else:
  br label %join
join:
  %r = phi i32 [ 1, %then ], [ 2, %else ]
  ret i32 %r
}
"""

NESTED = """
define void @f(i1 %c, i1 %d) {
entry:
  br label %outer
outer:
  br label %inner
inner:
  br i1 %c, label %inner, label %outer.latch
outer.latch:
  br i1 %d, label %outer, label %exit
exit:
  ret void
}
"""

TWO_LATCHES = """
define i32 @f(i1 %c1, i1 %c2, i1 %c3) {
entry:
  br label %header
header:
  br i1 %c1, label %body, label %exit1
body:
  br i1 %c2, label %latch1, label %b2
b2:
  br i1 %c3, label %latch2, label %exit2
latch1:
  br label %header
latch2:
  br label %header
exit1:
  ret i32 0
exit2:
  ret i32 1
}
"""

UNREACHABLE = """
define i32 @f(i1 %c) {
entry:
  br i1 %c, label %loop, label %exit
loop:
  br i1 %c, label %loop, label %exit
dead:
  br label %dead2
dead2:
  br i1 %c, label %dead, label %loop
exit:
  ret i32 0
}
"""

WHILE = """
define double @f(double %a) {
entry:
  br label %cond
cond:
  %x = phi double [ %a, %entry ], [ %y, %body ]
  %c = fcmp ogt double %x, 1.000000e+00
  br i1 %c, label %body, label %exit
body:
  %y = fmul double %x, 5.000000e-01
  br label %cond
exit:
  ret double %x
}
"""

IRREDUCIBLE = """
define void @f(i1 %c) {
entry:
  br i1 %c, label %a, label %b
a:
  br i1 %c, label %b, label %exit
b:
  br i1 %c, label %a, label %exit
exit:
  ret void
}
"""

SWITCH = """
define i32 @f(i32 %k) {
entry:
  switch i32 %k, label %dflt [
    i32 0, label %zero
    i32 1, label %one
    i32 2, label %one
  ]
zero:
  br label %dflt
one:
  br label %end
dflt:
  br label %end
end:
  ret i32 %k
}
"""

SINGLE = """
define void @f() {
entry:
  ret void
}
"""

# Reverse post-order visits the first successor's subtree last, so `else` precedes `then`.
CASES = {
    "diamond": (
        DIAMOND,
        """
        entry: -
        else: entry
        then: entry
        join: entry
    """,
        "",
    ),
    "nested": (
        NESTED,
        """
        entry: -
        outer: entry
        inner: outer
        outer.latch: inner
        exit: outer.latch
    """,
        """
        loop outer depth=1 latches=[outer.latch] blocks=[outer, inner, outer.latch] exits=[exit]
        loop inner depth=2 latches=[inner] blocks=[inner] exits=[outer.latch]
    """,
    ),
    "two_latches_early_exit": (
        TWO_LATCHES,
        """
        entry: -
        header: entry
        exit1: header
        body: header
        b2: body
        exit2: b2
        latch2: b2
        latch1: body
    """,
        """
        loop header depth=1 latches=[latch2, latch1] blocks=[header, body, b2, latch1, latch2] exits=[exit1, exit2]
    """,
    ),
    # `dead` and `dead2` are unreachable: no dominator line, and their cycle and
    # their edge into `loop` do not make or change a loop.
    "unreachable": (
        UNREACHABLE,
        """
        entry: -
        loop: entry
        exit: entry
    """,
        """
        loop loop depth=1 latches=[loop] blocks=[loop] exits=[exit]
    """,
    ),
    "while": (
        WHILE,
        """
        entry: -
        cond: entry
        exit: cond
        body: cond
    """,
        """
        loop cond depth=1 latches=[body] blocks=[cond, body] exits=[exit]
    """,
    ),
    # a cycle with two entries has no header that dominates it: no natural loop
    "irreducible": (
        IRREDUCIBLE,
        """
        entry: -
        a: entry
        b: entry
        exit: entry
    """,
        "",
    ),
    "switch": (
        SWITCH,
        """
        entry: -
        one: entry
        zero: entry
        dflt: entry
        end: entry
    """,
        "",
    ),
    "single_block": (SINGLE, "entry: -", ""),
}


@pytest.mark.parametrize("name", CASES)
def test_print_dominators(name):
    src, doms, _ = CASES[name]
    assert print_dominators(read(src)) == dedent(doms)


@pytest.mark.parametrize("name", CASES)
def test_print_loops(name):
    src, _, loops = CASES[name]
    assert print_loops(read(src)) == dedent(loops)


def test_reverse_postorder_and_emission_order():
    f = read(UNREACHABLE)
    assert [b.name for b in reverse_postorder(f)] == ["entry", "loop", "exit"]
    # every block once: reachable ones in reverse post-order, then the unreachable ones in file order
    assert [b.name for b in emission_order(f)] == ["entry", "loop", "exit", "dead", "dead2"]
    f = read(DIAMOND)
    assert [b.name for b in reverse_postorder(f)] == ["entry", "else", "then", "join"]


def test_immediate_dominators_map():
    f = read(TWO_LATCHES)
    idom = immediate_dominators(f)
    entry, header, body, b2, latch1 = blocks(f, "entry", "header", "body", "b2", "latch1")
    assert idom[entry] is None
    assert idom[header] is entry and idom[body] is header and idom[b2] is body and idom[latch1] is body
    f = read(UNREACHABLE)
    assert {b.name for b in immediate_dominators(f)} == {"entry", "loop", "exit"}


def test_dominates():
    f = read(TWO_LATCHES)
    idom = immediate_dominators(f)
    entry, header, body, b2, latch1, latch2, exit1, exit2 = blocks(
        f, "entry", "header", "body", "b2", "latch1", "latch2", "exit1", "exit2"
    )
    assert dominates(idom, entry, exit2)
    assert dominates(idom, header, latch2)
    assert dominates(idom, body, latch2) and dominates(idom, body, latch1)
    assert dominates(idom, b2, exit2)
    assert dominates(idom, b2, b2)  # reflexive
    assert not dominates(idom, latch1, header)
    assert not dominates(idom, b2, latch1)
    assert not dominates(idom, exit1, exit2)
    d = read(DIAMOND)
    idom = immediate_dominators(d)
    then, join = blocks(d, "then", "join")
    assert not dominates(idom, then, join)


def test_loop_objects():
    f = read(NESTED)
    outer, inner = find_loops(f)
    assert outer.header.name == "outer" and inner.header.name == "inner"
    assert inner.parent is outer and outer.parent is None
    assert (outer.depth, inner.depth) == (1, 2)
    assert {b.name for b in outer.blocks} == {"outer", "inner", "outer.latch"}
    assert [b.name for b in inner.exits()] == ["outer.latch"]
    assert [b.name for b in outer.preheader_candidates] == ["entry"]
    assert [b.name for b in inner.preheader_candidates] == ["outer"]


def test_loop_with_two_latches_is_one_loop():
    (lp,) = find_loops(read(TWO_LATCHES))
    assert sorted(b.name for b in lp.latches) == ["latch1", "latch2"]
    assert sorted(b.name for b in lp.exits()) == ["exit1", "exit2"]


# ----------------------------------------------------------------------------- corpus functions
@pytest.mark.parametrize(
    "stem, loops",
    [
        ("sumsq", [1]),
        ("while_loop", [1]),
        ("matvec", [1, 2]),
        ("temporaries", [1, 1]),
        ("stencil", [1, 2, 3, 2, 3]),
        ("tuples", []),
        ("exceptions", []),
    ],
)
def test_corpus_loop_depths(stem, loops):
    f = corpus_function(stem)
    assert [lp.depth for lp in find_loops(f)] == loops
    assert len(print_loops(f).splitlines()) == len(loops)


def test_corpus_matvec_nest():
    outer, inner = find_loops(corpus_function("matvec"))
    assert inner.parent is outer
    assert inner.blocks < outer.blocks
    assert inner.header in outer.blocks and outer.header not in inner.blocks
    assert all(e in outer.blocks for e in inner.exits())


def test_corpus_stencil_nest():
    steps, n1, i1, n2, i2 = find_loops(corpus_function("stencil"))
    assert n1.parent is steps and n2.parent is steps
    assert i1.parent is n1 and i2.parent is n2
    assert not (n1.blocks & n2.blocks)


# ----------------------------------------------------------------------------- brute force
def _reachable(func, removed=None):
    seen, work = set(), [func.entry]
    while work:
        b = work.pop()
        if b in seen or b is removed:
            continue
        seen.add(b)
        work.extend(b.successors)
    return seen


def _check_against_definitions(func):
    reach = _reachable(func)
    idom = immediate_dominators(func)
    assert set(idom) == reach
    rpo = reverse_postorder(func)
    assert set(rpo) == reach and len(rpo) == len(reach) and rpo[0] is func.entry
    pos = {b: i for i, b in enumerate(rpo)}
    assert all(pos[idom[b]] < pos[b] for b in rpo[1:])  # every block after its dominators
    for a in reach:
        without_a = _reachable(func, removed=a) if a is not func.entry else set()
        for b in reach:
            # a dominates b iff b cannot be reached from the entry when a is removed
            assert dominates(idom, a, b) == (b not in without_a), (a.name, b.name)
    preds = func.predecessors()
    for lp in find_loops(func):
        # natural loop of header h: h plus every block that reaches a latch without passing through h
        body, work = {lp.header}, list(lp.latches)
        while work:
            b = work.pop()
            if b not in body:
                body.add(b)
                work.extend(p for p in preds[b] if p in reach)
        assert lp.blocks == body
        assert all(lp.header in lt.successors and dominates(idom, lp.header, lt) for lt in lp.latches)
        if lp.parent is not None:
            assert lp.blocks < lp.parent.blocks
    headers = [lp.header for lp in find_loops(func)]
    back_edge_targets = {s for b in reach for s in b.successors if dominates(idom, s, b)}
    assert set(headers) == back_edge_targets and len(headers) == len(set(headers))


CORPUS_STEMS = sorted(p.stem for p in CORPUS.glob("*.ll"))


@pytest.mark.parametrize("stem", CORPUS_STEMS)
def test_corpus_against_definitions(stem):
    _check_against_definitions(corpus_function(stem))


@pytest.mark.parametrize("name", CASES)
def test_hand_written_against_definitions(name):
    _check_against_definitions(read(CASES[name][0]))
