/*
 * pyenzyme C reference kernels: primal functions and hand-written adjoints.
 * See reference.h.  Built with -ffp-contract=off so that no FMA contraction
 * changes the rounding relative to a straightforward evaluation.
 */
#include "reference.h"

#include <stdlib.h>
#include <string.h>

/* f = sum_i x[i]^2 */
double sumsq(const double *x, long n)
{
    double s = 0.0;
    for (long i = 0; i < n; ++i)
        s += x[i] * x[i];
    return s;
}

/* dx[i] = 2 x[i] */
void sumsq_grad(const double *x, long n, double *dx)
{
    for (long i = 0; i < n; ++i)
        dx[i] = 2.0 * x[i];
}

/* f = sum_{i=0}^{n-2} 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2 */
double rosenbrock(const double *x, long n)
{
    double s = 0.0;
    for (long i = 0; i + 1 < n; ++i) {
        double a = x[i + 1] - x[i] * x[i];
        double b = 1.0 - x[i];
        s += 100.0 * a * a + b * b;
    }
    return s;
}

/* dx[i] = -400 x[i] (x[i+1] - x[i]^2) - 2 (1 - x[i])  [i < n-1]  + 200 (x[i] - x[i-1]^2)  [i > 0] */
void rosenbrock_grad(const double *x, long n, double *dx)
{
    for (long i = 0; i < n; ++i)
        dx[i] = 0.0;
    for (long i = 0; i + 1 < n; ++i) {
        double a = x[i + 1] - x[i] * x[i];
        double b = 1.0 - x[i];
        dx[i] += -400.0 * x[i] * a - 2.0 * b;
        dx[i + 1] += 200.0 * a;
    }
}

/* one step, interior only: out[i,j] = u[i,j] + c (u[i-1,j] + u[i+1,j] + u[i,j-1] + u[i,j+1] - 4 u[i,j]) */
static void stencil_apply(const double *u, double *out, long nx, long ny, double c)
{
    for (long i = 1; i < nx - 1; ++i)
        for (long j = 1; j < ny - 1; ++j) {
            long k = i * ny + j;
            out[k] = u[k] + c * (u[k - ny] + u[k + ny] + u[k - 1] + u[k + 1] - 4.0 * u[k]);
        }
}

/* transposed step: g[q] = w(q) ub[q] + c sum_{p interior, p ~ q} ub[p], w = 1 - 4c inside, 1 on the boundary */
static void stencil_apply_adjoint(const double *ub, double *g, long nx, long ny, double c)
{
    memcpy(g, ub, (size_t)(nx * ny) * sizeof(double));
    for (long i = 1; i < nx - 1; ++i)
        for (long j = 1; j < ny - 1; ++j) {
            long k = i * ny + j;
            double cb = c * ub[k];
            g[k] -= 4.0 * cb;
            g[k - ny] += cb;
            g[k + ny] += cb;
            g[k - 1] += cb;
            g[k + 1] += cb;
        }
}

/* steps x, interior only: u[i,j] <- u[i,j] + c (u[i-1,j] + u[i+1,j] + u[i,j-1] + u[i,j+1] - 4 u[i,j]); tmp_unused is ignored */
void stencil_step(double *u, const double *tmp_unused, long nx, long ny, double c, long steps)
{
    (void)tmp_unused;
    if (nx < 3 || ny < 3 || steps <= 0)
        return;
    double *scratch = (double *)malloc((size_t)(nx * ny) * sizeof(double));
    if (scratch == NULL)
        abort();
    for (long s = 0; s < steps; ++s) {
        stencil_apply(u, scratch, nx, ny, c);
        for (long i = 1; i < nx - 1; ++i)
            memcpy(u + i * ny + 1, scratch + i * ny + 1, (size_t)(ny - 2) * sizeof(double));
    }
    free(scratch);
}

/* L = sum_{i,j} (S^steps u)[i,j]^2, where S is one stencil_step; u is overwritten by S^steps u */
double stencil_loss(double *u, long nx, long ny, double c, long steps)
{
    stencil_step(u, NULL, nx, ny, c, steps);
    return sumsq(u, nx * ny);
}

/* du0 = (S^T)^steps (2 S^steps u0) = dL/du0; u0 is not modified */
void stencil_loss_grad(const double *u0, long nx, long ny, double c, long steps, double *du0)
{
    long n = nx * ny;
    if (n <= 0)
        return;
    double *u = (double *)malloc((size_t)n * sizeof(double));
    double *g = (double *)malloc((size_t)n * sizeof(double));
    if (u == NULL || g == NULL)
        abort();
    /* forward sweep (S is linear, so no trajectory needs to be stored) */
    memcpy(u, u0, (size_t)n * sizeof(double));
    stencil_step(u, NULL, nx, ny, c, steps);
    /* seed: dL/du_T = 2 u_T */
    sumsq_grad(u, n, du0);
    /* reverse sweep: apply S^T once per step, last step first */
    if (nx >= 3 && ny >= 3) {
        for (long s = steps - 1; s >= 0; --s) {
            stencil_apply_adjoint(du0, g, nx, ny, c);
            memcpy(du0, g, (size_t)n * sizeof(double));
        }
    }
    free(g);
    free(u);
}
