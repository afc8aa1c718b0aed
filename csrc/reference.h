/*
 * pyenzyme C reference kernels.
 *
 * Double-precision primal kernels together with hand-written reverse-mode
 * adjoints.  They serve as ground truth (values, gradients and timings) for
 * the derivatives that pyenzyme generates from Numba-jitted Python.
 *
 * All gradient routines OVERWRITE their output array.
 */
#ifndef PYENZYME_REFERENCE_H
#define PYENZYME_REFERENCE_H

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define PYENZYME_REF_API __declspec(dllexport)
#else
#define PYENZYME_REF_API __attribute__((visibility("default")))
#endif

/* f = sum_i x[i]^2 */
PYENZYME_REF_API double sumsq(const double *x, long n);
/* dx[i] = 2 x[i] */
PYENZYME_REF_API void sumsq_grad(const double *x, long n, double *dx);

/* f = sum_{i=0}^{n-2} 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2 */
PYENZYME_REF_API double rosenbrock(const double *x, long n);
/* dx[i] = -400 x[i] (x[i+1] - x[i]^2) - 2 (1 - x[i])  [i < n-1]  + 200 (x[i] - x[i-1]^2)  [i > 0] */
PYENZYME_REF_API void rosenbrock_grad(const double *x, long n, double *dx);

/* steps x, interior only: u[i,j] <- u[i,j] + c (u[i-1,j] + u[i+1,j] + u[i,j-1] + u[i,j+1] - 4 u[i,j]); tmp_unused is ignored */
PYENZYME_REF_API void stencil_step(double *u, const double *tmp_unused, long nx, long ny, double c, long steps);
/* L = sum_{i,j} (S^steps u)[i,j]^2, where S is one stencil_step; u is overwritten by S^steps u */
PYENZYME_REF_API double stencil_loss(double *u, long nx, long ny, double c, long steps);
/* du0 = (S^T)^steps (2 S^steps u0) = dL/du0; u0 is not modified */
PYENZYME_REF_API void stencil_loss_grad(const double *u0, long nx, long ny, double c, long steps, double *du0);

#ifdef __cplusplus
}
#endif

#endif /* PYENZYME_REFERENCE_H */
