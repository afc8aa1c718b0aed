"""Unit tests for llvm_passes/ir/textlayer.py: facts read from instruction text."""

from __future__ import annotations

import llvmlite.ir as ir
import pytest

from llvm_passes.ir import textlayer as tl

D = ir.DoubleType()
F = ir.FloatType()
I1, I8, I32, I64 = (ir.IntType(n) for n in (1, 8, 32, 64))
PTR = ir.PointerType()


def is_opaque_ptr(ty, addrspace=0):
    return isinstance(ty, ir.PointerType) and ty.is_opaque and ty.addrspace == addrspace


# ----------------------------------------------------------------------------- parse_type
@pytest.mark.parametrize(
    "text, cls, printed",
    [
        ("i1", ir.IntType, "i1"),
        ("i8", ir.IntType, "i8"),
        ("i64", ir.IntType, "i64"),
        ("i128", ir.IntType, "i128"),
        ("half", ir.HalfType, "half"),
        ("float", ir.FloatType, "float"),
        ("double", ir.DoubleType, "double"),
        ("void", ir.VoidType, "void"),
        ("label", ir.LabelType, "label"),
        ("metadata", ir.MetaDataType, "metadata"),
        ("  double  ", ir.DoubleType, "double"),
    ],
)
def test_parse_type_scalars(text, cls, printed):
    ty = tl.parse_type(text)
    assert isinstance(ty, cls)
    assert str(ty) == printed


def test_parse_type_int_width():
    assert tl.parse_type("i37").width == 37


def test_parse_type_opaque_pointers():
    assert is_opaque_ptr(tl.parse_type("ptr"))
    ty = tl.parse_type("ptr addrspace(3)")
    assert is_opaque_ptr(ty, 3)
    assert str(ty) == "ptr addrspace(3)"


def test_parse_type_array_and_vector():
    a = tl.parse_type("[3 x [4 x double]]")
    assert isinstance(a, ir.ArrayType) and a.count == 3
    assert isinstance(a.element, ir.ArrayType) and a.element.count == 4 and a.element.element == D
    v = tl.parse_type("<4 x float>")
    assert isinstance(v, ir.VectorType) and v.count == 4 and v.element == F
    pv = tl.parse_type("<2 x ptr>")
    assert isinstance(pv, ir.VectorType) and is_opaque_ptr(pv.element)
    assert str(tl.parse_type("[0 x i8]")) == "[0 x i8]"


def test_parse_type_structs():
    s = tl.parse_type("{ ptr, ptr, i64, i64, ptr, [1 x i64], [1 x i64] }")  # a Numba 1-D array
    assert isinstance(s, ir.LiteralStructType) and not s.packed
    assert len(s.elements) == 7
    assert is_opaque_ptr(s.elements[0]) and s.elements[2] == I64
    assert s.elements[5] == ir.ArrayType(I64, 1)
    assert str(tl.parse_type("{}")) == "{}"
    assert tl.parse_type("{ i64, i1 }") == ir.LiteralStructType([I64, I1])


def test_parse_type_nested_structs():
    s = tl.parse_type("{ { double, [2 x i64] }, <4 x float>, { { i8 } } }")
    assert str(s) == "{{double, [2 x i64]}, <4 x float>, {{i8}}}"
    inner = s.elements[0]
    assert isinstance(inner, ir.LiteralStructType) and inner.elements[1] == ir.ArrayType(I64, 2)
    assert s.elements[2].elements[0].elements[0] == I8


def test_parse_type_packed_structs():
    s = tl.parse_type("<{ i8, i32 }>")
    assert isinstance(s, ir.LiteralStructType) and s.packed
    assert list(s.elements) == [I8, I32]
    assert str(s) == "<{i8, i32}>"
    nested = tl.parse_type("{ <{ i8, double }>, i8 }")
    assert not nested.packed and nested.elements[0].packed


def test_parse_type_no_space_spelling():
    """llvmlite prints `{double, i64}`; the parser accepts both spellings."""
    assert tl.parse_type("{double, i64}") == tl.parse_type("{ double, i64 }")
    assert tl.parse_type("[2 x {double}]") == ir.ArrayType(ir.LiteralStructType([D]), 2)


def test_parse_type_function_types():
    f = tl.parse_type("double (double, i64)")
    assert isinstance(f, ir.FunctionType)
    assert f.return_type == D and list(f.args) == [D, I64] and not f.var_arg
    v = tl.parse_type("i32 (ptr, ...)")
    assert v.var_arg and list(v.args) == [PTR]
    e = tl.parse_type("void ()")
    assert list(e.args) == [] and isinstance(e.return_type, ir.VoidType)
    s = tl.parse_type("{ double, double } (ptr)")
    assert s.return_type == ir.LiteralStructType([D, D])


@pytest.mark.parametrize(
    "text",
    ["double*", "double**", "i8*", "{ i64, double }*", "[2 x double]*", "void (i32)*", "<2 x double>*", "double *"],
)
def test_parse_type_typed_pointers_become_opaque(text):
    """Typed-pointer spellings (`double*`, NVVM) read as the opaque `ptr`."""
    assert is_opaque_ptr(tl.parse_type(text))


def test_parse_type_typed_pointer_inside_aggregate():
    s = tl.parse_type("{ double*, [2 x i64*] }")
    assert is_opaque_ptr(s.elements[0]) and is_opaque_ptr(s.elements[1].element)
    f = tl.parse_type("double (double*, i64)")
    assert is_opaque_ptr(f.args[0])


def test_parse_type_typed_pointer_with_addrspace():
    assert is_opaque_ptr(tl.parse_type("double addrspace(1)*"), 1)


def test_parse_type_named():
    t = ir.LiteralStructType([D, I64])
    named = {"struct.T": t, "quoted name": I8}
    assert tl.parse_type("%struct.T", named) is t
    assert tl.parse_type("{ %struct.T, ptr }", named).elements[0] is t
    assert is_opaque_ptr(tl.parse_type("%struct.T*", named))
    assert tl.parse_type('%"quoted"', {"quoted": I32}) == I32


@pytest.mark.parametrize(
    "text, msg",
    [
        ("x86_mmx", "unknown type"),
        ("i64 i64", "trailing text"),
        ("{ double, i64", "expected"),
        ("[x double]", "bad array"),
        ("[2 x double>", "expected"),
        ("%struct.U", "unknown named type"),
        ("", "cannot parse"),
    ],
)
def test_parse_type_errors(text, msg):
    with pytest.raises(tl.TextLayerError, match=msg):
        tl.parse_type(text)


def test_text_layer_error_is_value_error():
    assert issubclass(tl.TextLayerError, ValueError)


def test_split_type_prefix():
    ty, rest = tl.split_type_prefix("{ double, i64 } %a, 0")
    assert ty == ir.LiteralStructType([D, I64]) and rest == "%a, 0"
    ty, rest = tl.split_type_prefix("ptr @g")
    assert is_opaque_ptr(ty) and rest == "@g"
    ty, rest = tl.split_type_prefix("<2 x double> <double 1.0, double 2.0>")
    assert ty == ir.VectorType(D, 2) and rest == "<double 1.0, double 2.0>"
    ty, rest = tl.split_type_prefix("double")
    assert ty == D and rest == ""


# ----------------------------------------------------------------------------- splitting / bodies
def test_split_top_level():
    assert tl.split_top_level("a, {b, c}, [d, <e, f>], (g, h), <{i8, i8}>") == [
        "a",
        "{b, c}",
        "[d, <e, f>]",
        "(g, h)",
        "<{i8, i8}>",
    ]
    assert tl.split_top_level('c"x,y", z') == ['c"x,y"', "z"]
    assert tl.split_top_level('c"(", z') == ['c"("', "z"]  # brackets inside quotes do not nest
    assert tl.split_top_level("a | b|c", "|") == ["a", "b", "c"]
    assert tl.split_top_level("  lone  ") == ["lone"]
    assert tl.split_top_level("") == [""]


@pytest.mark.parametrize(
    "text, want",
    [
        ("%x = fadd double %a, %b", "fadd double %a, %b"),
        ("  %x.1 = fadd double %a, %b  ", "fadd double %a, %b"),
        ('%"a b" = fadd double %a, %b', "fadd double %a, %b"),
        ('%"x = y" = fadd double %a, %b', "fadd double %a, %b"),
        ("%.213 = fadd double %s.2.081, %.211", "fadd double %s.2.081, %.211"),
        ("store double %x, ptr %p, align 8", "store double %x, ptr %p, align 8"),
        ("%v = load double, ptr %p, align 8, !tbaa !3", "load double, ptr %p, align 8"),
        ("%v = load double, ptr %p, align 8, !tbaa !3, !noalias !12", "load double, ptr %p, align 8"),
        ("store ptr @g, ptr %e, align 8, !numba_exception_output !0", "store ptr @g, ptr %e, align 8"),
        ("br i1 %c, label %a, label %b, !prof !0", "br i1 %c, label %a, label %b"),
        ("%v = load i64, ptr %p, !range !{i64 0, i64 2}", "load i64, ptr %p"),
    ],
)
def test_body_strips_name_and_metadata(text, want):
    assert tl.body(text) == want


@pytest.mark.parametrize(
    "text, op, rest",
    [
        ("%r = call double @f(double %x)", "call", "double @f(double %x)"),
        (
            "%r = tail call fast double @llvm.exp.f64(double %x), !dbg !3",
            "call",
            "fast double @llvm.exp.f64(double %x)",
        ),
        ("%r = musttail call i32 @g()", "call", "i32 @g()"),
        ("notail call void @h()", "call", "void @h()"),
        ("ret void", "ret", "void"),
        ("unreachable", "unreachable", ""),
    ],
)
def test_opcode_rest(text, op, rest):
    assert tl.opcode_rest(text) == (op, rest)


def test_strip_flags():
    assert tl.strip_flags("nnan ninf olt double %a, %b", tl.FAST_MATH_FLAGS) == (["nnan", "ninf"], "olt double %a, %b")
    assert tl.strip_flags("inbounds nuw double, ptr %p", tl.GEP_FLAGS) == (["inbounds", "nuw"], "double, ptr %p")
    assert tl.strip_flags("double %a", tl.FAST_MATH_FLAGS) == ([], "double %a")
    assert tl.strip_flags("fast", tl.FAST_MATH_FLAGS) == (["fast"], "")


def test_flag_sets():
    assert {"fast", "nnan", "ninf", "nsz", "arcp", "contract", "afn", "reassoc"} <= tl.FAST_MATH_FLAGS
    assert {"inbounds", "nuw", "nusw"} == tl.GEP_FLAGS
    assert tl.FAST_MATH_FLAGS | {"samesign"} == tl.CMP_FLAGS


# ----------------------------------------------------------------------------- predicates and flags
@pytest.mark.parametrize(
    "text, pred",
    [
        ("%c = icmp slt i64 %a, %b", "slt"),
        ("%.11378.not = icmp slt i64 %arg.x.5.0, 1", "slt"),
        ("%c = icmp eq ptr %p, null", "eq"),
        ("%c = icmp samesign ult i64 %a, 10", "ult"),
        ("%c = icmp ne <2 x i64> %a, zeroinitializer", "ne"),
        ("%c = fcmp olt double %a, %b", "olt"),
        ("%c = fcmp fast olt double %a, %b", "olt"),
        ("%c = fcmp nnan ninf oge double %a, 0.000000e+00", "oge"),
        ("%c = fcmp reassoc nsz arcp contract afn uno double %a, %b", "uno"),
        ("%c = fcmp true double %a, %b", "true"),
        ("%c = fcmp une double %a, %b, !dbg !4", "une"),
    ],
)
def test_predicate(text, pred):
    assert tl.predicate(text) == pred


@pytest.mark.parametrize(
    "text, flags",
    [
        ("%r = fadd double %a, %b", []),
        ("%r = fadd fast double %a, %b", ["fast"]),
        ("%r = fmul nnan ninf nsz double %a, %b", ["nnan", "ninf", "nsz"]),
        ("%c = fcmp reassoc contract olt double %a, %b", ["reassoc", "contract"]),
        ("%r = tail call afn arcp double @llvm.sin.f64(double %x)", ["afn", "arcp"]),
        ("%r = fneg fast double %x, !dbg !1", ["fast"]),
        ("%c = icmp samesign ult i64 %a, %b", []),  # samesign is not a fast-math flag
    ],
)
def test_fast_math_flags(text, flags):
    assert tl.fast_math_flags(text) == flags


# ----------------------------------------------------------------------------- getelementptr / alloca
@pytest.mark.parametrize(
    "text, src, inbounds",
    [
        ("%i = getelementptr double, ptr %arg.x.4, i64 %.55.079", "double", False),
        ("%g = getelementptr inbounds double, ptr %p, i64 1", "double", True),
        ("%g = getelementptr inbounds nuw [4 x double], ptr %p, i64 0, i64 %n", "[4 x double]", True),
        ("%g = getelementptr nusw nuw { double, i64 }, ptr %p, i64 0, i32 1", "{double, i64}", False),
        ("%g = getelementptr nuw i8, ptr %p, i64 24", "i8", False),
        ("%g = getelementptr inbounds <{ i8, i32 }>, ptr %p, i64 0, i32 1, !dbg !9", "<{i8, i32}>", True),
        ("%g = getelementptr { ptr, [2 x i64] }, ptr @global, i64 0, i32 1, i64 1", "{ptr, [2 x i64]}", False),
    ],
)
def test_gep_info(text, src, inbounds):
    ty, ib = tl.gep_info(text)
    assert str(ty) == src
    assert ib is inbounds


def test_gep_info_named_source():
    t = ir.LiteralStructType([D, I64])
    ty, ib = tl.gep_info("%g = getelementptr inbounds %struct.T, ptr %p, i64 0, i32 1", {"struct.T": t})
    assert ty is t and ib


@pytest.mark.parametrize(
    "text, want",
    [
        ("%a = alloca double, align 8", "double"),
        ("%.188 = alloca { double, double }, align 8", "{double, double}"),
        ("%a = alloca [4 x i8], i64 %n, align 1", "[4 x i8]"),
        ("%a = alloca <{ i8, i32 }>", "<{i8, i32}>"),
        ("%a = alloca inalloca { i64, ptr }, align 8", "{i64, ptr}"),
        (
            "%a = alloca { ptr, ptr, i64, i64, ptr, [1 x i64], [1 x i64] }, align 8, !dbg !2",
            "{ptr, ptr, i64, i64, ptr, [1 x i64], [1 x i64]}",
        ),
        ("%a = alloca double, align 8, addrspace(5)", "double"),
    ],
)
def test_alloca_type(text, want):
    assert str(tl.alloca_type(text)) == want


# ----------------------------------------------------------------------------- aggregates
@pytest.mark.parametrize(
    "text, want",
    [
        ("%.43.i = extractvalue { i64, i1 } %.42.i, 0", [0]),
        ("%.44.i = extractvalue { i64, i1 } %.42.i, 1", [1]),
        ("%x = extractvalue { [2 x i64], double } %a, 0, 1", [0, 1]),
        ("%x = extractvalue { { double, { i64, i64 } } } %a, 0, 1, 1, !dbg !4", [0, 1, 1]),
        ("%b = insertvalue { double, i64 } %a, i64 %n, 1", [1]),
        ("%b = insertvalue { double, i64 } undef, i64 5, 1", [1]),
        ("%b = insertvalue [2 x { double, double }] %a, double 2.000000e+00, 1, 0", [1, 0]),
        ("%b = insertvalue { i64, i64 } { i64 1, i64 2 }, i64 3, 0", [0]),
    ],
)
def test_aggregate_indices(text, want):
    assert tl.aggregate_indices(text) == want


# ----------------------------------------------------------------------------- alignment
@pytest.mark.parametrize(
    "text, want",
    [
        ("%v = load double, ptr %p, align 8", 8),
        ("store double %x, ptr %p, align 16, !dbg !3", 16),
        ("%a = alloca [4 x double], align 32", 32),
        ("%v = load atomic i64, ptr %p acquire, align 8", 8),
        ("%v = load double, ptr %p", None),
        ("%v = load double, ptr %p, !tbaa !1", None),
        ("call void @f(ptr align 8 %p)", None),  # a parameter attribute is not the instruction's alignment
        ("call void @f(i64 %n, ptr align 8 %p)", None),
    ],
)
def test_alignment(text, want):
    assert tl.alignment(text) == want


# ----------------------------------------------------------------------------- switch
def test_switch_cases_multiline():
    text = """switch i32 %k, label %dflt [
    i32 0, label %zero
    i32 -3, label %neg3
    i32 7, label %B60.if
  ]"""
    assert tl.switch_cases(text) == [(0, "zero"), (-3, "neg3"), (7, "B60.if")]


def test_switch_cases_one_line_and_wide():
    assert tl.switch_cases("switch i64 %v, label %d [ i64 -9223372036854775808, label %lo i64 1, label %one ]") == [
        (-9223372036854775808, "lo"),
        (1, "one"),
    ]
    assert tl.switch_cases('switch i8 %v, label %d [ i8 2, label %"0abc" ], !prof !3') == [(2, "0abc")]


def test_switch_cases_empty():
    assert tl.switch_cases("switch i32 %k, label %dflt [\n  ]") == []


def test_switch_cases_quoted_label_with_space():
    assert tl.switch_cases('switch i32 %k, label %d [ i32 1, label %"a b" ]') == [(1, "a b")]


# ----------------------------------------------------------------------------- globals
@pytest.mark.parametrize(
    "text, want",
    [
        ("call void @NRT_decref(ptr %x)", ["NRT_decref"]),
        ("%r = call double @llvm.exp.f64(double %x)", ["llvm.exp.f64"]),
        ('store ptr @"quoted name", ptr %p', ["quoted name"]),
        (
            "store ptr @.const.picklebuf.97bedcdf, ptr %e, align 8, !numba_exception_output !1",
            [".const.picklebuf.97bedcdf"],
        ),
        ("{ ptr @a, i32 76, ptr @b.sha1, ptr null, i32 0 }", ["a", "b.sha1"]),
        ("ptr getelementptr inbounds (i8, ptr @g, i64 8)", ["g"]),
        ("i64 ptrtoint (ptr @_ZN08NumbaEnv8__main__1fB2v1E to i64)", ["_ZN08NumbaEnv8__main__1fB2v1E"]),
        ("%r = fadd double %a, %b", []),
    ],
)
def test_referenced_globals(text, want):
    assert tl.referenced_globals(text) == want


def test_referenced_globals_ignores_string_constants():
    assert tl.referenced_globals('@msg = internal constant [8 x i8] c"a@b.org\\00"') == ["msg"]
