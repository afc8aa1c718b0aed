"""Benchmark kernels (@njit primals) and their HAND-WRITTEN reverse-mode adjoints.

The primals are copies of the kernels in ``tests/kernels.py`` and
``tests/kernels_adbench.py`` (the benchmarks do not import the test suite),
plus ``stencil_loss``, a scalar loss over the explicit heat stencil that
computes exactly what ``stencil_loss`` in ``csrc/reference.c`` computes.

Every ``*_adjoint`` is reverse-mode code written by hand in Numba, following
pyenzyme's convention for ``pe.autodiff(pe.Reverse, f, pe.Active,
pe.Duplicated(x, dx), ...)`` with the seed dL = 1: the gradient is ADDED into
the shadow arrays ``d*``. They mirror their primal's structure (same
operations in the same loop nests, intermediates kept where the reverse sweep
needs them) so that they measure what a careful programmer would write, not
a different algorithm.
"""

from __future__ import annotations

import math

import numba
import numpy as np

__all__ = [
    "sumsq", "sumsq_adjoint",
    "rosenbrock", "rosenbrock_adjoint",
    "stencil_loss", "stencil_loss_adjoint",
    "gmm_objective", "gmm_adjoint", "gmm_inputs",
]


# ------------------------------------------------------------------ sum of squares
@numba.njit
def sumsq(x):
    s = 0.0
    for i in range(x.shape[0]):
        s += x[i] * x[i]
    return s


@numba.njit
def sumsq_adjoint(x, dx):
    """dx += 2 x (the primal value is not needed by the reverse sweep)."""
    for i in range(x.shape[0]):
        dx[i] += 2.0 * x[i]


# ------------------------------------------------------------------ Rosenbrock
@numba.njit
def rosenbrock(x):
    s = 0.0
    for i in range(x.shape[0] - 1):
        s += 100.0 * (x[i + 1] - x[i] ** 2) ** 2 + (1.0 - x[i]) ** 2
    return s


@numba.njit
def rosenbrock_adjoint(x, dx):
    """dx += grad: term i contributes to x[i] and x[i+1]."""
    for i in range(x.shape[0] - 1):
        a = x[i + 1] - x[i] * x[i]
        b = 1.0 - x[i]
        dx[i] += -400.0 * x[i] * a - 2.0 * b
        dx[i + 1] += 200.0 * a


# ------------------------------------------------------------------ heat stencil, scalar loss
@numba.njit
def stencil_loss(u0, c, steps):
    """sum((S^steps u0)^2); S: one explicit heat step on the interior (as csrc/reference.c).

    u0 (2-D) is not modified: the steps run in place on a copy, through a scratch buffer.
    """
    u = u0.copy()
    nx, ny = u.shape
    tmp = np.empty_like(u)
    for _ in range(steps):
        for i in range(1, nx - 1):
            for j in range(1, ny - 1):
                tmp[i, j] = u[i, j] + c * (u[i - 1, j] + u[i + 1, j] + u[i, j - 1] + u[i, j + 1] - 4.0 * u[i, j])
        for i in range(1, nx - 1):
            for j in range(1, ny - 1):
                u[i, j] = tmp[i, j]
    s = 0.0
    for i in range(nx):
        for j in range(ny):
            s += u[i, j] * u[i, j]
    return s


@numba.njit
def stencil_loss_adjoint(u0, c, steps, du0):
    """du0 += (S^T)^steps (2 S^steps u0).

    S is linear, so the forward sweep keeps only the final state, no trajectory.
    """
    u = u0.copy()
    nx, ny = u.shape
    tmp = np.empty_like(u)
    for _ in range(steps):
        for i in range(1, nx - 1):
            for j in range(1, ny - 1):
                tmp[i, j] = u[i, j] + c * (u[i - 1, j] + u[i + 1, j] + u[i, j - 1] + u[i, j + 1] - 4.0 * u[i, j])
        for i in range(1, nx - 1):
            for j in range(1, ny - 1):
                u[i, j] = tmp[i, j]
    # seed: dL/du = 2 u; ub holds the adjoint of the current state
    ub = np.empty_like(u)
    for i in range(nx):
        for j in range(ny):
            ub[i, j] = 2.0 * u[i, j]
    for _ in range(steps):
        # adjoint of the copy-back u[int] = tmp[int]: the interior adjoint moves to tmp
        # adjoint of tmp[i,j] = u[i,j] + c (neighbours - 4 u[i,j]): scatter tb into ub
        for i in range(1, nx - 1):
            for j in range(1, ny - 1):
                tmp[i, j] = ub[i, j]
                ub[i, j] = 0.0
        for i in range(1, nx - 1):
            for j in range(1, ny - 1):
                tb = tmp[i, j]
                cb = c * tb
                ub[i, j] += tb - 4.0 * cb
                ub[i - 1, j] += cb
                ub[i + 1, j] += cb
                ub[i, j - 1] += cb
                ub[i, j + 1] += cb
    for i in range(nx):
        for j in range(ny):
            du0[i, j] += ub[i, j]


# ------------------------------------------------------------------ ADBench GMM (with Wishart prior)
@numba.njit
def _logsumexp(v):
    m = v[0]
    for i in range(1, v.shape[0]):
        if v[i] > m:
            m = v[i]
    s = 0.0
    for i in range(v.shape[0]):
        s += math.exp(v[i] - m)
    return math.log(s) + m


@numba.njit
def _log_gamma_distrib(a, p):
    out = 0.25 * p * (p - 1) * math.log(math.pi)
    for j in range(1, p + 1):
        out += math.lgamma(a + 0.5 * (1 - j))
    return out


@numba.njit
def gmm_objective(alphas, means, icf, x, wishart_gamma, wishart_m):
    n, d = x.shape
    K = alphas.shape[0]
    sum_qs = np.empty(K)
    for k in range(K):
        s = 0.0
        for j in range(d):
            s += icf[k, j]
        sum_qs[k] = s
    main_term = np.empty(K)
    xc = np.empty(d)
    qx = np.empty(d)
    slse = 0.0
    for i in range(n):
        for k in range(K):
            for j in range(d):
                xc[j] = x[i, j] - means[k, j]
            for j in range(d):
                qx[j] = math.exp(icf[k, j]) * xc[j]
            cur = d
            for a in range(d):
                for b in range(a + 1, d):
                    qx[b] += icf[k, cur] * xc[a]
                    cur += 1
            sq = 0.0
            for j in range(d):
                sq += qx[j] * qx[j]
            main_term[k] = alphas[k] + sum_qs[k] - 0.5 * sq
        slse += _logsumexp(main_term)
    constant = -n * d * 0.5 * math.log(2 * math.pi)
    lse_alphas = _logsumexp(alphas)
    # Wishart prior
    nn = d + wishart_m + 1
    prior = 0.0
    for k in range(K):
        frob = 0.0
        for j in range(d):
            e = math.exp(icf[k, j])
            frob += e * e
        for j in range(d, icf.shape[1]):
            frob += icf[k, j] * icf[k, j]
        prior += 0.5 * wishart_gamma * wishart_gamma * frob - wishart_m * sum_qs[k]
    c = nn * d * (math.log(wishart_gamma) - 0.5 * math.log(2.0)) - _log_gamma_distrib(0.5 * nn, d)
    prior -= K * c
    return constant + slse - n * lse_alphas + prior


@numba.njit
def gmm_adjoint(alphas, means, icf, x, wishart_gamma, wishart_m, dalphas, dmeans, dicf):
    """dalphas, dmeans, dicf += gradient of gmm_objective (x, wishart_* constant).

    Per data point: the forward part keeps xc, qx and exp(icf diagonal) of every
    component (K x d each), then the reverse part pushes the softmax weights back
    through the quadratic form. The log-gamma constant has no parameter dependence.
    """
    n, d = x.shape
    K = alphas.shape[0]
    sum_qs = np.empty(K)
    for k in range(K):
        s = 0.0
        for j in range(d):
            s += icf[k, j]
        sum_qs[k] = s
    dsum_qs = np.zeros(K)
    main_term = np.empty(K)
    xc = np.empty((K, d))
    qx = np.empty((K, d))
    ed = np.empty((K, d))
    dxc = np.empty(d)
    for i in range(n):
        # forward: main_term[k] = alphas[k] + sum_qs[k] - 0.5 |Q_k (x_i - mu_k)|^2
        for k in range(K):
            for j in range(d):
                xc[k, j] = x[i, j] - means[k, j]
            for j in range(d):
                e = math.exp(icf[k, j])
                ed[k, j] = e
                qx[k, j] = e * xc[k, j]
            cur = d
            for a in range(d):
                for b in range(a + 1, d):
                    qx[k, b] += icf[k, cur] * xc[k, a]
                    cur += 1
            sq = 0.0
            for j in range(d):
                sq += qx[k, j] * qx[k, j]
            main_term[k] = alphas[k] + sum_qs[k] - 0.5 * sq
        # reverse of logsumexp: weights = softmax(main_term)
        m = main_term[0]
        for k in range(1, K):
            if main_term[k] > m:
                m = main_term[k]
        tot = 0.0
        for k in range(K):
            main_term[k] = math.exp(main_term[k] - m)
            tot += main_term[k]
        for k in range(K):
            w = main_term[k] / tot
            dalphas[k] += w
            dsum_qs[k] += w
            # d sq = -0.5 w; d qx = 2 qx d sq
            for j in range(d):
                dxc[j] = 0.0
            cur = d
            for a in range(d):
                for b in range(a + 1, d):
                    dq = -w * qx[k, b]
                    dicf[k, cur] += dq * xc[k, a]
                    dxc[a] += dq * icf[k, cur]
                    cur += 1
            for j in range(d):
                dq = -w * qx[k, j]
                dicf[k, j] += dq * ed[k, j] * xc[k, j]
                dxc[j] += dq * ed[k, j]
                dmeans[k, j] -= dxc[j]
    # - n logsumexp(alphas)
    m = alphas[0]
    for k in range(1, K):
        if alphas[k] > m:
            m = alphas[k]
    tot = 0.0
    for k in range(K):
        tot += math.exp(alphas[k] - m)
    for k in range(K):
        dalphas[k] -= n * math.exp(alphas[k] - m) / tot
    # Wishart prior: 0.5 gamma^2 (sum exp(2 icf_diag) + sum icf_off^2) - m sum_qs
    g2 = wishart_gamma * wishart_gamma
    for k in range(K):
        for j in range(d):
            e = math.exp(icf[k, j])
            dicf[k, j] += g2 * e * e
        for j in range(d, icf.shape[1]):
            dicf[k, j] += g2 * icf[k, j]
        dsum_qs[k] -= wishart_m
        for j in range(d):
            dicf[k, j] += dsum_qs[k]


def gmm_inputs(d, K, n, seed=0):
    """ADBench-shaped GMM inputs: alphas (K,), means (K, d), icf (K, d + d(d-1)/2), x (n, d), gamma, m."""
    r = np.random.default_rng(seed)
    alphas = r.standard_normal(K)
    means = r.uniform(0, 1, (K, d))
    icf = r.uniform(0, 1, (K, d + d * (d - 1) // 2)) * 0.5
    x = r.standard_normal((n, d))
    return alphas, means, icf, x, 1.0, 0
