"""Special functions needed by derivative rules that libm lacks (digamma).

Input: an emitter and a float type. Output: a private IR function in the
emitter's module, emitted once per module and type.
"""

from __future__ import annotations

import math

import llvmlite.ir as ir

from ..ir.emitter import Emitter


def digamma_function(emitter: Emitter, fty: ir.Type) -> ir.Function:
    """psi(x) = d/dx lgamma(x).

    For x < 0.5 the reflection psi(x) = psi(1 - x) - pi / tan(pi x); then the
    recurrence psi(x) = psi(x + 1) - 1/x up to x >= 10 and the asymptotic
    series psi(x) ~ log x - 1/(2x) - sum_k B_2k / (2k x^2k), k = 1..6
    (first dropped term ~1e-15 at x = 10).
    """
    name = f"pyenzyme.digamma.{fty}"
    existing = emitter.module.globals.get(name)
    if existing is not None:
        return existing
    fn = ir.Function(emitter.module, ir.FunctionType(fty, [fty]), name)
    fn.linkage = "internal"
    x = fn.args[0]
    c = lambda v: ir.Constant(fty, v)  # noqa: E731
    sfx = "f64" if str(fty) == "double" else "f32"
    log = emitter.intrinsic(f"llvm.log.{sfx}", fty, [fty])
    tan = emitter.intrinsic("tan" if sfx == "f64" else "tanf", fty, [fty])

    entry = fn.append_basic_block("entry")
    reflect = fn.append_basic_block("reflect")
    loop = fn.append_basic_block("loop")
    body = fn.append_basic_block("body")
    done = fn.append_basic_block("done")
    b = ir.IRBuilder(entry)
    is_small = b.fcmp_ordered("<", x, c(0.5))
    b.cbranch(is_small, reflect, loop)

    b.position_at_end(reflect)
    pix = b.fmul(c(math.pi), x)
    refl_shift = b.fneg(b.fdiv(c(math.pi), b.call(tan, [pix])))
    one_minus_x = b.fsub(c(1.0), x)
    b.branch(loop)

    b.position_at_end(loop)
    xv = b.phi(fty)
    acc = b.phi(fty)
    xv.add_incoming(x, entry)
    xv.add_incoming(one_minus_x, reflect)
    acc.add_incoming(c(0.0), entry)
    acc.add_incoming(refl_shift, reflect)
    big = b.fcmp_ordered(">=", xv, c(10.0))
    b.cbranch(big, done, body)

    b.position_at_end(body)
    acc_next = b.fsub(acc, b.fdiv(c(1.0), xv))
    x_next = b.fadd(xv, c(1.0))
    xv.add_incoming(x_next, body)
    acc.add_incoming(acc_next, body)
    b.branch(loop)

    b.position_at_end(done)
    inv = b.fdiv(c(1.0), xv)
    inv2 = b.fmul(inv, inv)
    # log x - 1/(2x) - sum_k B_2k/(2k) inv2^k, Horner in inv2; B_2k/(2k) for k = 1..6:
    coeffs = [1.0 / 12, -1.0 / 120, 1.0 / 252, -1.0 / 240, 1.0 / 132, -691.0 / 32760]
    series = c(coeffs[-1])
    for k in reversed(coeffs[:-1]):
        series = b.fadd(c(k), b.fmul(inv2, series))
    res = b.fsub(b.call(log, [xv]), b.fmul(c(0.5), inv))
    res = b.fsub(res, b.fmul(inv2, series))
    b.ret(b.fadd(res, acc))
    return fn
