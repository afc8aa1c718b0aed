"""What Numba's runtime and helpers do, told to llvm_passes' callee registry.

Input: nothing; importing this module registers the facts. Output: entries
for NRT (allocation through meminfos, reference counting, frees, data
pointers), Numba's helpers that move no derivative (GIL, exception
building, reshape bookkeeping, print's boxing into Python objects) and
Numba's BLAS dot product with its forward and reverse derivatives.
`KEEP_CALLS`: the runtime calls the pre-AD pipeline must leave as calls, so
that the registry sees them.
"""

from __future__ import annotations

import llvmlite.ir as ir

from llvm_passes.analysis.memory import roots
from llvm_passes.callees import register, register_inactive
from llvm_passes.ir.emitter import element_loop

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

# -- BLAS: numba_xxdot(kind, conjugate, n, x, y, result) ------------------------------------------------
_DOT_TYPES = {100: ir.DoubleType(), 115: ir.FloatType()}  # BLAS kinds 'd' and 's'


def _dot_type(pass_, inst):
    """The float type of a real dot product; complex kinds are refused."""
    fty = _DOT_TYPES.get(getattr(inst.operands[0], "value", None))
    if fty is None:
        raise pass_.error(
            inst, "only real float32/float64 dot products are differentiable (complex BLAS kinds are not)"
        )
    return fty


def forward_dot(pass_, builder, inst, primal):
    """d(x . y) = dx . y + x . dy, each term one more dot call on the shadows."""
    fty = _dot_type(pass_, inst)
    out = pass_.lanes(inst.operands[5])
    if out is None:
        return
    fn = pass_.emitter.function_ref(inst.attrs["callee_ref"])
    args = [pass_.get(o) for o in inst.operands]
    for k in range(pass_.width):
        acc = ir.Constant(fty, 0.0)
        for pos in (3, 4):
            lanes = pass_.lanes(inst.operands[pos])
            if lanes is None:
                continue
            tmp = pass_.entry_alloca(fty, builder)
            call_args = list(args)
            call_args[pos] = lanes[k]
            call_args[5] = tmp
            builder.call(fn, call_args)
            acc = builder.fadd(acc, builder.load(tmp))
        builder.store(acc, out[k])


def reverse_dot(rev, b, inst, lane):
    """*result = x . y: x' += d y, y' += d x, with d the result's adjoint (then zeroed)."""
    fty = _dot_type(rev, inst)
    _, _, n, x, y, res = inst.operands
    if not rev.active(res):
        return
    for ptr in (x, y):
        r = roots(ptr)
        if r is None or any(rev.memory.may_be_written(obj) for obj in r):
            raise rev.error(
                inst,
                "reverse mode differentiates np.dot only of memory the function never writes "
                "(it would need the values as they were at the call)",
            )
    rs = rev.shadow(b, res, lane)
    d = b.load(rs, typ=fty)
    b.store(ir.Constant(fty, None), rs)
    count = rev.primal(b, n)
    xs, ys = rev.primal(b, x), rev.primal(b, y)
    sx = rev.shadow(b, x, lane) if rev.active(x) else None
    sy = rev.shadow(b, y, lane) if rev.active(y) else None

    def accumulate(b, i):
        for shadow, other in ((sx, ys), (sy, xs)):
            if shadow is not None:
                sp = b.gep(shadow, [i], source_etype=fty)
                term = b.fmul(d, b.load(b.gep(other, [i], source_etype=fty), typ=fty))
                b.store(b.fadd(b.load(sp, typ=fty), term), sp)

    element_loop(b, count, accumulate, "dot.adj")


register("numba_xxdot", writes=(5,), outputs=((5, (3, 4)),), forward=forward_dot, reverse=reverse_dot)
