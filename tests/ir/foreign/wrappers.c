/*
 * Out-pointer wrappers around the C reference kernels that return a double
 * (csrc/reference.h), for differentiating them with llvm_passes: the result is
 * stored through `out`, whose shadow carries the output's tangent (forward) or
 * seeds its adjoint (reverse). `restrict` (LLVM `noalias`) tells the passes
 * that storing the result cannot change the inputs.
 */
#include "reference.h"

void sumsq_out(double *restrict out, const double *x, long n)
{
    *out = sumsq(x, n);
}

void rosenbrock_out(double *restrict out, const double *x, long n)
{
    *out = rosenbrock(x, n);
}

void stencil_loss_out(double *restrict out, double *u, long nx, long ny, double c, long steps)
{
    *out = stencil_loss(u, nx, ny, c, steps);
}
