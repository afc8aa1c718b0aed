"""Exact output of the analysis printers (`print_activity`, `print_types`) on small hand-written IR.

`print_types` shows every argument and named value as `%v: {[-1]:Kind, [-1,-1]:PointeeKind}`;
`print_activity` shows every argument and non-terminator instruction as `active|constant`
(instructions without a name by their text).
"""

from __future__ import annotations

import textwrap

import llvmlite.ir as ir

from llvm_passes.analysis.activity import Activity, print_activity
from llvm_passes.analysis.types import ANYTHING, TypeAnalysis, print_types
from llvm_passes.ir.reader import read_function
from llvm_passes.preprocess import parse


def function(src: str, name: str):
    return read_function(parse(src, name), name)


def expect(text: str) -> str:
    return textwrap.dedent(text).strip("\n")


def activity_of(func, active_indices, **kw) -> str:
    return print_activity(func, Activity(func, {func.args[i] for i in active_indices}), **kw)


# -- 1. a hinted pointer, loads/stores, an integer index, memcpy between allocas of doubles ----------
HINTED = r"""
declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)

define double @g(ptr %a, ptr %h, ptr %q, i64 %i, double %s) {
entry:
  %buf = alloca [4 x double], align 8
  %tmp = alloca [4 x double], align 8
  %tmp2 = alloca [4 x double], align 8
  %j = add i64 %i, 1
  %pa = getelementptr inbounds double, ptr %a, i64 %j
  %v = load double, ptr %pa, align 8
  %w = fmul double %v, %s
  %pb = getelementptr inbounds [4 x double], ptr %buf, i64 0, i64 %i
  store double %w, ptr %pb, align 8
  call void @llvm.memcpy.p0.p0.i64(ptr %tmp2, ptr %tmp, i64 32, i1 false)
  call void @llvm.memcpy.p0.p0.i64(ptr %tmp, ptr %buf, i64 32, i1 false)
  %off = mul i64 %j, 8
  %ph = getelementptr inbounds i8, ptr %h, i64 %off
  ret double %w
}
"""


def test_types_hinted_pointer_and_memcpy():
    """%h is never loaded or stored: only the hint says it points to doubles. %tmp2 learns its
    contents from %buf through two memcpys listed in the opposite order (a fixed point)."""
    f = function(HINTED, "g")
    out = print_types(f, TypeAnalysis(f, {0: ir.DoubleType(), 1: ir.DoubleType()}))
    assert out == expect("""
        %a: {[-1]:Pointer, [-1,-1]:Float@double}
        %h: {[-1]:Pointer, [-1,-1]:Float@double}
        %q: {[-1]:Pointer}
        %i: {[-1]:Integer}
        %s: {[-1]:Float@double}
        %buf: {[-1]:Pointer, [-1,-1]:Float@double}
        %tmp: {[-1]:Pointer, [-1,-1]:Float@double}
        %tmp2: {[-1]:Pointer, [-1,-1]:Float@double}
        %j: {[-1]:Integer}
        %pa: {[-1]:Pointer, [-1,-1]:Float@double}
        %v: {[-1]:Float@double}
        %w: {[-1]:Float@double}
        %pb: {[-1]:Pointer, [-1,-1]:Float@double}
        %off: {[-1]:Integer}
        %ph: {[-1]:Pointer, [-1,-1]:Float@double}
    """)


def test_types_without_hints():
    """Without hints, %a is still known from its load; %h and what is derived from it are not."""
    f = function(HINTED, "g")
    lines = dict(line.split(": ", 1) for line in print_types(f, TypeAnalysis(f)).splitlines())
    assert lines["%a"] == "{[-1]:Pointer, [-1,-1]:Float@double}"
    assert lines["%h"] == "{[-1]:Pointer}"
    assert lines["%ph"] == "{[-1]:Pointer}"
    assert lines["%tmp2"] == "{[-1]:Pointer, [-1,-1]:Float@double}"


def test_activity_hinted_pointer_and_memcpy():
    """%a duplicated, %s active: the float allocas and the copies between them are active; the
    integer index arithmetic and the pointer derived from the constant %h are not."""
    f = function(HINTED, "g")
    assert activity_of(f, [0, 4]) == expect("""
        %a: active
        %h: constant
        %q: constant
        %i: constant
        %s: active
        %buf: active
        %tmp: active
        %tmp2: active
        %j: constant
        %pa: active
        %v: active
        %w: active
        %pb: active
        store double %w, ptr %pb, align 8: active
        call void @llvm.memcpy.p0.p0.i64(ptr %tmp2, ptr %tmp, i64 32, i1 false): active
        call void @llvm.memcpy.p0.p0.i64(ptr %tmp, ptr %buf, i64 32, i1 false): active
        %off: constant
        %ph: constant
    """)


# -- 2. conflicting kinds in the same memory --------------------------------------------------------
MIXED = r"""
declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)

define void @mixed(ptr %a, ptr %b, i64 %n, double %x) {
entry:
  %u = alloca i64, align 8
  %d = alloca double, align 8
  %e = alloca double, align 8
  store i64 %n, ptr %u, align 8
  store double %x, ptr %u, align 8
  call void @llvm.memcpy.p0.p0.i64(ptr %d, ptr %u, i64 8, i1 false)
  store double %x, ptr %e, align 8
  %l = load double, ptr %a, align 8
  %m = load i64, ptr %b, align 8
  ret void
}
"""


def test_types_conflicts_become_anything():
    """An integer and a double stored to %u: Anything, spread by memcpy to %d; a hint (i64) that a
    load (double) contradicts: Anything; a hint that a load agrees with stays Integer."""
    f = function(MIXED, "mixed")
    ta = TypeAnalysis(f, {0: ir.IntType(64), 1: ir.IntType(64)})
    assert print_types(f, ta) == expect("""
        %a: {[-1]:Pointer, [-1,-1]:Anything}
        %b: {[-1]:Pointer, [-1,-1]:Integer}
        %n: {[-1]:Integer}
        %x: {[-1]:Float@double}
        %u: {[-1]:Pointer, [-1,-1]:Anything}
        %d: {[-1]:Pointer, [-1,-1]:Anything}
        %e: {[-1]:Pointer, [-1,-1]:Float@double}
        %l: {[-1]:Float@double}
        %m: {[-1]:Integer}
    """)
    assert ta.pointee_kind(f.args[0]) == ANYTHING


# -- 3. integer-only computation ------------------------------------------------------------------
INTS = r"""
define i64 @ints(double %x, i64 %a, i64 %b, ptr %p) {
entry:
  %cnt = alloca i64, align 8
  %c = mul i64 %a, %b
  %d = add i64 %c, 7
  %e = icmp sgt i64 %d, 0
  %f = select i1 %e, i64 %d, i64 0
  %g = getelementptr inbounds i64, ptr %p, i64 %f
  %h = load i64, ptr %g, align 8
  store i64 %h, ptr %cnt, align 8
  %k = xor i64 %h, %c
  %t = trunc i64 %k to i32
  %z = zext i32 %t to i64
  ret i64 %z
}
"""


def test_integer_only_is_constant_and_integer():
    """An active float argument that the integer computation never uses changes nothing."""
    f = function(INTS, "ints")
    assert print_types(f, TypeAnalysis(f)) == expect("""
        %x: {[-1]:Float@double}
        %a: {[-1]:Integer}
        %b: {[-1]:Integer}
        %p: {[-1]:Pointer, [-1,-1]:Integer}
        %cnt: {[-1]:Pointer, [-1,-1]:Integer}
        %c: {[-1]:Integer}
        %d: {[-1]:Integer}
        %e: {[-1]:Integer}
        %f: {[-1]:Integer}
        %g: {[-1]:Pointer, [-1,-1]:Integer}
        %h: {[-1]:Integer}
        %k: {[-1]:Integer}
        %t: {[-1]:Integer}
        %z: {[-1]:Integer}
    """)
    assert activity_of(f, [0]) == expect("""
        %x: active
        %a: constant
        %b: constant
        %p: constant
        %cnt: constant
        %c: constant
        %d: constant
        %e: constant
        %f: constant
        %g: constant
        %h: constant
        store i64 %h, ptr %cnt, align 8: constant
        %k: constant
        %t: constant
        %z: constant
    """)


# -- 4. NRT reference counting, a float feeding only an integer conversion -------------------------
NRT = r"""
declare void @NRT_incref(ptr)
declare void @NRT_decref(ptr)
declare ptr @NRT_MemInfo_data_fast(ptr)
declare void @trace(ptr)

define i64 @nrt(ptr %meminfo, double %x) {
entry:
  call void @NRT_incref(ptr %meminfo)
  %data = call ptr @NRT_MemInfo_data_fast(ptr %meminfo)
  %sq = fmul double %x, %x
  %sh = fadd double %sq, 5.000000e-01
  %k = fptosi double %sh to i64
  %p = getelementptr inbounds double, ptr %data, i64 %k
  %v = load double, ptr %p, align 8
  %w = fmul double %v, %x
  store double %w, ptr %p, align 8
  call void @trace(ptr %p)
  call void @NRT_decref(ptr %meminfo)
  ret i64 %k
}
"""


def test_activity_nrt_refcounts_and_float_to_int():
    """%meminfo duplicated, %x active. The refcount calls take an active pointer yet move no
    derivative: constant. The data pointer read from the meminfo is active (it has a shadow).
    fptosi ends the float chain: %k and the index are constant. (%sq and %sh depend on %x and are
    reported active: the analysis is forward-only, it does not ask whether a value reaches an
    active output.)"""
    f = function(NRT, "nrt")
    assert activity_of(f, [0, 1]) == expect("""
        %meminfo: active
        %x: active
        call void @NRT_incref(ptr %meminfo): constant
        %data: active
        %sq: active
        %sh: active
        %k: constant
        %p: active
        %v: active
        %w: active
        store double %w, ptr %p, align 8: active
        call void @trace(ptr %p): active
        call void @NRT_decref(ptr %meminfo): constant
    """)
    act = Activity(f, set(f.args))
    calls = {i.callee: i for i in f.instructions() if i.opcode == "call"}
    assert not act.instruction_is_active(calls["NRT_incref"])
    assert not act.instruction_is_active(calls["NRT_decref"])
    assert act.instruction_is_active(calls["trace"])
    k = next(i for i in f.instructions() if i.name == "k")
    assert k not in act


def test_activity_inactive_calls_argument():
    """Calls the caller declares inactive print as constant, like the NRT bookkeeping."""
    f = function(NRT, "nrt")
    out = activity_of(f, [0, 1], inactive_calls=frozenset({"trace"}))
    assert "call void @trace(ptr %p): constant" in out.splitlines()


def test_types_nrt():
    f = function(NRT, "nrt")
    assert print_types(f, TypeAnalysis(f)) == expect("""
        %meminfo: {[-1]:Pointer, [-1,-1]:Float@double}
        %x: {[-1]:Float@double}
        %data: {[-1]:Pointer, [-1,-1]:Float@double}
        %sq: {[-1]:Float@double}
        %sh: {[-1]:Float@double}
        %k: {[-1]:Integer}
        %p: {[-1]:Pointer, [-1,-1]:Float@double}
        %v: {[-1]:Float@double}
        %w: {[-1]:Float@double}
    """)


# -- known gaps -------------------------------------------------------------------------------------
PUNNED = r"""
define i32 @f(ptr noalias %retptr, double %x) {
entry:
  %buf = alloca [8 x i8], align 8
  store double %x, ptr %buf, align 8
  %v = load double, ptr %buf, align 8
  %y = fmul double %v, %v
  store double %y, ptr %retptr, align 8
  ret i32 0
}
"""


def test_activity_type_punned_alloca():
    """An active double stored into byte-typed stack memory makes that memory active."""
    f = function(PUNNED, "f")
    lines = activity_of(f, [0, 1]).splitlines()
    assert "%buf: active" in lines
    assert "%v: active" in lines
    assert "%y: active" in lines
