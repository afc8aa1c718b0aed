"""Real kernels shared by the derivative tests (sum of squares and Rosenbrock are the benchmark's)."""

import math

import numba
import numpy as np

from pyenzyme.bench.kernels import rosenbrock, sumsq  # noqa: F401  (re-exported for the tests)


@numba.njit
def stencil_step(u, c, steps):
    """Explicit heat-equation steps updating u (2-D) in place; returns None."""
    nx, ny = u.shape
    tmp = np.empty_like(u)
    for _ in range(steps):
        for i in range(1, nx - 1):
            for j in range(1, ny - 1):
                tmp[i, j] = u[i, j] + c * (u[i - 1, j] + u[i + 1, j] + u[i, j - 1] + u[i, j + 1] - 4.0 * u[i, j])
        for i in range(1, nx - 1):
            for j in range(1, ny - 1):
                u[i, j] = tmp[i, j] * (1.0 + 0.1 * math.sin(tmp[i, j]))


@numba.njit
def newton_sqrt(a):
    """sqrt(a) by Newton's method: a while loop with a data-dependent trip count."""
    x = a if a > 1.0 else 1.0
    while abs(x * x - a) > 1e-14 * a:
        x = 0.5 * (x + a / x)
    return x


@numba.njit
def _softplus(v):
    return math.log1p(math.exp(v))


@numba.njit
def _weighted(v, w):
    return w * _softplus(v) + math.tanh(v)


@numba.njit
def with_helpers(x, w):
    s = 0.0
    for i in range(x.shape[0]):
        s += _weighted(x[i], w)
    return s


@numba.njit
def with_temporary(x):
    t = np.zeros(x.shape[0])
    for i in range(x.shape[0]):
        t[i] = math.exp(x[i]) * x[i]
    e = np.empty_like(x)
    e[:] = t * 2.0
    return np.sum(e * e) + t[-1]


@numba.njit
def branches_early_return(x, y):
    if x > 2.0:
        return x * y
    s = 0.0
    for i in range(5):
        if s > 10.0:
            return s * y
        s += math.exp(x) * i
    return s + y


@numba.njit
def write_outputs(y, x):
    """Returns None; writes y = f(x)."""
    for i in range(x.shape[0]):
        y[i] = math.sin(x[i]) * x[i] + math.sqrt(x[i] * x[i] + 1.0)


@numba.njit
def tuple_out(x, y):
    return x * y, math.atan2(y, x)


@numba.njit
def mutate_in_place(x):
    for i in range(x.shape[0]):
        x[i] = x[i] * x[i] + math.cos(x[i])
    return x.sum()


@numba.njit
def lorenz96_rhs(x, forcing, out):
    n = x.shape[0]
    for i in range(n):
        out[i] = (x[(i + 1) % n] - x[i - 2]) * x[i - 1] - x[i] + forcing


@numba.njit
def lorenz96_rk4(x, dt=0.01, forcing=8.0):
    """One classical Runge-Kutta step of the Lorenz-96 system; returns the new state."""
    n = x.shape[0]
    k1 = np.empty(n)
    k2 = np.empty(n)
    k3 = np.empty(n)
    k4 = np.empty(n)
    tmp = np.empty(n)
    lorenz96_rhs(x, forcing, k1)
    for i in range(n):
        tmp[i] = x[i] + 0.5 * dt * k1[i]
    lorenz96_rhs(tmp, forcing, k2)
    for i in range(n):
        tmp[i] = x[i] + 0.5 * dt * k2[i]
    lorenz96_rhs(tmp, forcing, k3)
    for i in range(n):
        tmp[i] = x[i] + dt * k3[i]
    lorenz96_rhs(tmp, forcing, k4)
    out = np.empty(n)
    for i in range(n):
        out[i] = x[i] + dt / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i])
    return out
