"""What Numba's runtime and helpers do, told to llvm_passes' callee registry.

Input: nothing; importing this module registers the facts. Output: entries
for NRT (allocation through meminfos, reference counting, frees, data
pointers), Numba's helpers that move no derivative (GIL, exception
building, reshape bookkeeping, print's boxing into Python objects), and derivative rules for Numba's math
helpers (gamma, ldexp, frexp); Numba's BLAS wrappers are in `blas.py`.
`KEEP_CALLS`: the runtime calls the pre-AD pipeline must leave as calls, so
that the registry sees them.
"""

from __future__ import annotations

import llvmlite.ir as ir

from llvm_passes.analysis.activity import carries_float
from llvm_passes.analysis.memory import roots
from llvm_passes.callees import register, register_inactive
from llvm_passes.derivatives.table import INACTIVE, rule

KEEP_CALLS = ("NRT_incref", "NRT_decref", "NRT_MemInfo_data_fast")

# -- NRT: memory behind meminfos ---------------------------------------------------------------------
for _alloc in (
    "NRT_MemInfo_alloc_aligned",
    "NRT_MemInfo_alloc_safe_aligned",
    "NRT_MemInfo_alloc",
    "NRT_MemInfo_alloc_safe",
    "NRT_MemInfo_new_varsize",
    "NRT_MemInfo_new_varsize_dtor",
):
    register(_alloc, allocates=True, data="NRT_MemInfo_data_fast", reads_only=True)
for _alloc in ("NRT_Allocate", "NRT_Allocate_External"):
    register(_alloc, allocates=True, reads_only=True)


def _varsize_realloc(pass_, builder, inst, primal) -> None:
    """NRT_MemInfo_varsize_realloc(mi, size), a list growing or shrinking: the shadow's memory grows the
    same way, and the part the growth adds is zeroed (the reverse sweep adds adjoints into it); it never
    shrinks, because the reverse sweep reaches the items a list had before it shrank through the list's
    last memory. The old size is the shadow meminfo's own record of it."""
    lanes = pass_.lanes(inst.operands[0])
    if lanes is None:
        return
    fn = pass_.emitter.function_ref(inst.attrs["callee_ref"])
    size = pass_.get(inst.operands[1])
    memset = pass_.emitter.intrinsic("llvm.memset.p0.i64", ir.VoidType(), [_PTR, ir.IntType(8), _I64, ir.IntType(1)])
    out = []
    for k, mi in enumerate(lanes):
        old = builder.load(builder.gep(mi, [ir.Constant(_I64, _MEMINFO_SIZE)], source_etype=ir.IntType(8)), typ=_I64)
        grows = builder.icmp_unsigned(">", size, old)
        data = builder.call(fn, [mi, builder.select(grows, size, old)], name=f"{inst.name}.shadow{k}")
        count = builder.select(grows, builder.sub(size, old), ir.Constant(_I64, 0))
        tail = builder.gep(data, [old], source_etype=ir.IntType(8))
        builder.call(memset, [tail, ir.Constant(ir.IntType(8), 0), count, ir.Constant(ir.IntType(1), 0)])
        out.append(data)
    pass_.shadow[inst] = out


_PTR, _I64 = ir.PointerType(), ir.IntType(64)
_MEMINFO_SIZE = 32  # offset of `size` in NRT's MemInfo {refct, dtor, dtor_info, data, size, ...}
register(
    "NRT_MemInfo_varsize_realloc",
    allocates=True,
    size_arg=1,
    keeps=0,
    moves_data=True,
    reads_only=True,
    forward=_varsize_realloc,
)
register("NRT_MemInfo_data_fast", passthrough=True, reads_only=True)
register("NRT_MemInfo_data", passthrough=True, reads_only=True)
register("NRT_incref", mirror=True, reads_only=True)
register("NRT_MemInfo_release", mirror=True)
register("NRT_decref", frees=True, reads_only=True)
register("NRT_Free", frees=True, reads_only=True)

# -- helpers that only read or write integers (shapes, strides), locks or streams --------------------------
register_inactive(
    "numba_attempt_nocopy_reshape",
    "numba_gil_ensure",
    "numba_gil_release",
    "numba_get_np_random_state",
    "numba_unpickle",
    "numba_do_raise",
    "numba_runtime_build_excinfo_struct",
    "PySys_WriteStdout",
    "PyErr_WriteUnraisable",
)
# What print() of values lowers to: boxing into Python objects, then str(), writing, releasing. The
# boxed object stays active: only these consumers may take it; a call into the interpreter that could
# bring a value back (objmode) has no entry here and is refused.
for _box in (
    "PyFloat_FromDouble",
    "PyLong_FromLongLong",
    "PyLong_FromUnsignedLongLong",
    "PyLong_FromSsize_t",
    "PyBool_FromLong",
    "PyComplex_FromDoubles",
    "NRT_adapt_ndarray_to_python_acqref",
):
    register(_box, escapes=True)
register_inactive(
    "PySys_FormatStdout", "PyObject_Str", "PyUnicode_AsUTF8", "PyUnicode_FromString", "Py_DecRef", "Py_IncRef"
)


# -- numba.typed.Dict: keys and values copied as bytes behind an opaque handle ----------------------------
# A derivative cannot follow a value through the dict: a call given a slot that holds an active float is
# refused (diagnose.py names the dict and the line); the others move no derivative. A float the dict
# writes into a slot the code then reads is a constant: its shadow is zeroed (forward) or its adjoint
# dropped (reverse).
def _float_slots(inst):
    """The allocas holding floats that the call's pointer operands point into."""
    out = []
    for o in inst.operands:
        if isinstance(o.type, ir.PointerType):
            for r in roots(o) or ():
                if getattr(r, "opcode", None) == "alloca" and carries_float(r.attrs["alloca_type"]):
                    out.append((o, r))
    return out


def _refuse_active_floats(pass_, inst) -> None:
    if any(pass_.activity.holds_active(r) for _, r in _float_slots(inst)):
        raise pass_.error(
            inst,
            "a dict (numba.typed.Dict) cannot be differentiated: a float that carries a derivative goes "
            "into it; keep the values to differentiate in arrays",
        )


def _dict_forward(pass_, builder, inst, primal) -> None:
    _refuse_active_floats(pass_, inst)
    for o, r in _float_slots(inst):
        for lane in pass_.lanes(o) or ():
            builder.store(ir.Constant(r.attrs["alloca_type"], None), lane)


def _dict_reverse(rev, b, inst, lane) -> None:
    _refuse_active_floats(rev, inst)
    for o, r in _float_slots(inst):
        if rev.active(o):
            b.store(ir.Constant(r.attrs["alloca_type"], None), rev.shadow(b, o, lane))


for _name in (
    "numba_dict_new_sized",
    "numba_dict_set_method_table",
    "numba_dict_insert",
    "numba_dict_lookup",
    "numba_dict_delitem",
    "numba_dict_popitem",
    "numba_dict_length",
    "numba_dict_free",
):
    register(_name, forward=_dict_forward, reverse=_dict_reverse)


# -- Numba's math helpers (math.gamma, math.ldexp, math.frexp): derivative rules ------------------------
@rule("numba_gamma", "numba_gammaf", libm=False)
def _gamma(d, x):
    return (d.fmul(d.result, d.digamma(x)),)  # Gamma' = Gamma psi


@rule("numba_ldexp", "numba_ldexpf", libm=False)
def _ldexp(d, x, e):
    return d.call("exp2", d.sitofp(e)), INACTIVE  # x 2^e: exact for every int exponent


@rule("numba_frexp", "numba_frexpf", libm=False)
def _frexp(d, x, exponent):
    # the mantissa m = x 2^-e: dm/dx = 2^-e = m / x exactly; at x = 0 (e = 0) it is 1
    zero = d.const(0.0)
    return d.select(d.fcmp("oeq", x, zero), d.const(1.0), d.fdiv(d.result, x)), INACTIVE
