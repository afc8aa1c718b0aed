"""Benchmark kernels (@njit primals), their HAND-WRITTEN Numba derivatives and input generators.

Every kernel here is a plain loop-style Numba function of the kind pyenzyme is
meant to differentiate; every ``*_adjoint`` / ``*_hand`` function is
reverse-mode code written by hand, mirroring its primal's loop structure (same
operations, intermediates kept where the reverse sweep needs them), so that it
measures what a careful programmer would write rather than a different
algorithm. The tests check each of them against central finite differences.

Scalar losses (gradient with the seed dL = 1 ADDED into the shadow arrays
``d*``, pyenzyme's convention for ``pe.autodiff(pe.Reverse, f, pe.Active,
pe.Duplicated(x, dx), ...)``):

* ``sumsq(x)``, ``rosenbrock(x)``: 1-D vectors.
* ``stencil_loss(u0, c, steps)``: explicit 2-D heat steps, then sum u^2 (what
  ``stencil_loss`` in ``csrc/reference.c`` computes).
* ``gmm_objective(alphas, means, icf, x, wishart_gamma, wishart_m)``: ADBench's
  Gaussian mixture model objective with the Wishart prior.
* ``lstm_objective(main_params, extra_params, state, sequence)``: ADBench's
  LSTM objective; gradient with respect to main_params and extra_params.
* ``mlp_loss(X, labels, W1, b1, W2, b2)``: a two-layer perceptron with
  softmax cross-entropy, its products through BLAS (``@``); gradient with
  respect to the weights and biases.
* ``gp_nll(X, y, theta)``: a Gaussian-process negative log marginal
  likelihood through LAPACK (Cholesky, solves, slogdet); gradient with
  respect to the inputs X and the log hyperparameters theta.
* ``brusselator_loss(u0, v0, forcing, alpha, dt, steps)``: 2-D Brusselator
  reaction-diffusion on a periodic grid, explicit Euler steps, loss = sum of
  squares of the final state; gradient with respect to the initial state.

Jacobians:

* ``ba_objective(cams, X, w, feats, obs, reproj_err, w_err)``: ADBench bundle
  adjustment (Rodrigues rotation, projection, radial distortion, weighted
  residual, weight error). Its Jacobian is block sparse: observation i's
  three residuals depend on the 11 parameters of one camera, the 3 of one
  point and its weight. ``ba_jacobian_hand`` computes all (3 x 15) blocks by
  hand in reverse mode. ``ba_objective_gathered(P, feats, err)`` is the same
  residual function on the per-observation parameter rows P[i] = (camera,
  point, weight), which per-block reverse mode differentiates.
* ``lorenz96_rk4(x)``: one classical RK4 step of the Lorenz-96 system
  dx_i/dt = (x_{i+1} - x_{i-2}) x_{i-1} - x_i + F (periodic); ``lorenz96_rk4_adjoint``
  is its hand-written vector-Jacobian product and ``lorenz96_jacobian_hand``
  builds the full Jacobian row by row from it.
"""

from __future__ import annotations

import math

import numba
import numpy as np

from ..annotations import Const, Duplicated
from ..api import autodiff_deferred
from ..modes import Forward

__all__ = [
    "BA_BLOCK_COLS",
    "BA_BLOCK_ROWS",
    "L96_DT",
    "L96_F",
    "ba_gather",
    "ba_inputs",
    "ba_jacobian_hand",
    "ba_objective",
    "ba_objective_gathered",
    "ba_seeds",
    "brusselator_adjoint",
    "brusselator_inputs",
    "brusselator_loss",
    "gmm_adjoint",
    "gmm_inputs",
    "gmm_objective",
    "gp_inputs",
    "gp_nll",
    "gp_nll_adjoint",
    "lorenz96_inputs",
    "lorenz96_jacobian_hand",
    "lorenz96_rk4",
    "lorenz96_rk4_adjoint",
    "lstm_adjoint",
    "lstm_inputs",
    "lstm_objective",
    "mlp_adjoint",
    "mlp_inputs",
    "mlp_loss",
    "rosenbrock",
    "rosenbrock_adjoint",
    "stencil_loss",
    "stencil_loss_adjoint",
    "sumsq",
    "sumsq_adjoint",
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


def stencil_inputs(nx, seed=0):
    """(u0, c, steps-independent): a random nx x nx initial grid and the diffusion number 0.1."""
    r = np.random.default_rng(seed)
    return r.standard_normal((nx, nx)), 0.1


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


# ------------------------------------------------------------------ ADBench LSTM
@numba.njit
def _sigmoid(v):
    return 1.0 / (1.0 + math.exp(-v))


@numba.njit
def lstm_objective(main_params, extra_params, state0, sequence):
    """ADBench's LSTM loss: l layers of (elementwise) LSTM cells over a sequence of c steps of h values."""
    layers = main_params.shape[0]
    h = sequence.shape[1]
    state = state0.copy()
    x2 = np.empty(h)
    ypred = np.empty(h)
    total = 0.0
    count = 0
    for t in range(sequence.shape[0] - 1):
        for j in range(h):
            x2[j] = sequence[t, j] * extra_params[0, j]
        for lay in range(layers):
            for j in range(h):
                hid = state[lay, 0, j]
                cell = state[lay, 1, j]
                forget = _sigmoid(x2[j] * main_params[lay, 0, 0, j] + main_params[lay, 1, 0, j])
                ingate = _sigmoid(hid * main_params[lay, 0, 1, j] + main_params[lay, 1, 1, j])
                outgate = _sigmoid(x2[j] * main_params[lay, 0, 2, j] + main_params[lay, 1, 2, j])
                change = math.tanh(hid * main_params[lay, 0, 3, j] + main_params[lay, 1, 3, j])
                cell = cell * forget + ingate * change
                hid = outgate * math.tanh(cell)
                state[lay, 0, j] = hid
                state[lay, 1, j] = cell
                x2[j] = hid
        lse = 0.0
        for j in range(h):
            ypred[j] = x2[j] * extra_params[1, j] + extra_params[2, j]
            lse += math.exp(ypred[j])
        lse = math.log(lse + 2.0)
        for j in range(h):
            total += sequence[t + 1, j] * (ypred[j] - lse)
        count += h
    return -total / count


@numba.njit
def lstm_adjoint(main_params, extra_params, state0, sequence, dmain, dextra):
    """dmain, dextra += gradient of lstm_objective (state0 and sequence constant).

    The forward sweep keeps, per time step, layer and unit, the cell's inputs and
    gate values (8 doubles) and the top layer's output; the reverse sweep walks
    time and layers backwards carrying the adjoints of the hidden and cell state.
    """
    layers = main_params.shape[0]
    h = sequence.shape[1]
    T = sequence.shape[0] - 1
    if T <= 0:
        return
    # per (t, layer, j): x-input, hidden in, cell in, forget, ingate, outgate, change, tanh(cell out)
    keep = np.empty((T, layers, 8, h))
    top = np.empty((T, h))
    state = state0.copy()
    x2 = np.empty(h)
    for t in range(T):
        for j in range(h):
            x2[j] = sequence[t, j] * extra_params[0, j]
        for lay in range(layers):
            for j in range(h):
                hid = state[lay, 0, j]
                cell = state[lay, 1, j]
                xin = x2[j]
                forget = _sigmoid(xin * main_params[lay, 0, 0, j] + main_params[lay, 1, 0, j])
                ingate = _sigmoid(hid * main_params[lay, 0, 1, j] + main_params[lay, 1, 1, j])
                outgate = _sigmoid(xin * main_params[lay, 0, 2, j] + main_params[lay, 1, 2, j])
                change = math.tanh(hid * main_params[lay, 0, 3, j] + main_params[lay, 1, 3, j])
                cell2 = cell * forget + ingate * change
                tc = math.tanh(cell2)
                hid2 = outgate * tc
                keep[t, lay, 0, j] = xin
                keep[t, lay, 1, j] = hid
                keep[t, lay, 2, j] = cell
                keep[t, lay, 3, j] = forget
                keep[t, lay, 4, j] = ingate
                keep[t, lay, 5, j] = outgate
                keep[t, lay, 6, j] = change
                keep[t, lay, 7, j] = tc
                state[lay, 0, j] = hid2
                state[lay, 1, j] = cell2
                x2[j] = hid2
        for j in range(h):
            top[t, j] = x2[j]
    dtotal = -1.0 / (T * h)
    dhs = np.zeros((layers, h))  # adjoint of state[lay, 0, :] (hidden)
    dcs = np.zeros((layers, h))  # adjoint of state[lay, 1, :] (cell)
    ey = np.empty(h)
    dx = np.empty(h)
    for t in range(T - 1, -1, -1):
        # total += sum_j s_j (y_j - lse),  lse = log(sum_j exp(y_j) + 2)
        ssum = 0.0
        esum = 0.0
        for j in range(h):
            y = top[t, j] * extra_params[1, j] + extra_params[2, j]
            ey[j] = math.exp(y)
            esum += ey[j]
            ssum += sequence[t + 1, j]
        dlse = -dtotal * ssum
        for j in range(h):
            dy = dtotal * sequence[t + 1, j] + dlse * ey[j] / (esum + 2.0)
            dextra[1, j] += dy * top[t, j]
            dextra[2, j] += dy
            dx[j] = dy * extra_params[1, j]
        for lay in range(layers - 1, -1, -1):
            for j in range(h):
                xin = keep[t, lay, 0, j]
                hid = keep[t, lay, 1, j]
                cell = keep[t, lay, 2, j]
                forget = keep[t, lay, 3, j]
                ingate = keep[t, lay, 4, j]
                outgate = keep[t, lay, 5, j]
                change = keep[t, lay, 6, j]
                tc = keep[t, lay, 7, j]
                dhid2 = dhs[lay, j] + dx[j]
                dcell2 = dcs[lay, j] + dhid2 * outgate * (1.0 - tc * tc)
                dout = dhid2 * tc
                dcell = dcell2 * forget
                dzf = dcell2 * cell * forget * (1.0 - forget)
                dzi = dcell2 * change * ingate * (1.0 - ingate)
                dzg = dcell2 * ingate * (1.0 - change * change)
                dzo = dout * outgate * (1.0 - outgate)
                dmain[lay, 0, 0, j] += dzf * xin
                dmain[lay, 1, 0, j] += dzf
                dmain[lay, 0, 1, j] += dzi * hid
                dmain[lay, 1, 1, j] += dzi
                dmain[lay, 0, 2, j] += dzo * xin
                dmain[lay, 1, 2, j] += dzo
                dmain[lay, 0, 3, j] += dzg * hid
                dmain[lay, 1, 3, j] += dzg
                dhs[lay, j] = dzi * main_params[lay, 0, 1, j] + dzg * main_params[lay, 0, 3, j]
                dcs[lay, j] = dcell
                dx[j] = dzf * main_params[lay, 0, 0, j] + dzo * main_params[lay, 0, 2, j]
        for j in range(h):
            dextra[0, j] += dx[j] * sequence[t, j]


def lstm_inputs(layers, h, c, seed=0):
    """ADBench-shaped LSTM inputs: main_params (l, 2, 4, h), extra_params (3, h), state (l, 2, h), sequence (c, h)."""
    r = np.random.default_rng(seed)
    return (
        r.uniform(-1, 1, (layers, 2, 4, h)),
        r.uniform(-1, 1, (3, h)),
        r.uniform(-1, 1, (layers, 2, h)),
        r.uniform(-1, 1, (c, h)),
    )


# ------------------------------------------------------------------ 2-D Brusselator reaction-diffusion
# du/dt = 1 + u^2 v - 4.4 u + alpha lap(u) + forcing,  dv/dt = 3.4 u - u^2 v + alpha lap(v)
BRUSS_A = 1.0
BRUSS_B = 3.4


@numba.njit
def brusselator_loss(u0, v0, forcing, alpha, dt, steps):
    """sum(u^2 + v^2) after `steps` explicit Euler steps of the periodic 2-D Brusselator from (u0, v0).

    `alpha` is the diffusion coefficient over the squared grid spacing; u0 and v0
    are not modified (the state lives in two pairs of buffers that swap roles).
    """
    n = u0.shape[0]
    u = u0.copy()
    v = v0.copy()
    un = np.empty_like(u)
    vn = np.empty_like(v)
    for _ in range(steps):
        for i in range(n):
            ip = i + 1 if i < n - 1 else 0
            im = i - 1 if i > 0 else n - 1
            for j in range(n):
                jp = j + 1 if j < n - 1 else 0
                jm = j - 1 if j > 0 else n - 1
                uc = u[i, j]
                vc = v[i, j]
                lu = u[ip, j] + u[im, j] + u[i, jp] + u[i, jm] - 4.0 * uc
                lv = v[ip, j] + v[im, j] + v[i, jp] + v[i, jm] - 4.0 * vc
                uuv = uc * uc * vc
                un[i, j] = uc + dt * (BRUSS_A + uuv - (BRUSS_B + 1.0) * uc + alpha * lu + forcing[i, j])
                vn[i, j] = vc + dt * (BRUSS_B * uc - uuv + alpha * lv)
        for i in range(n):
            for j in range(n):
                u[i, j] = un[i, j]
                v[i, j] = vn[i, j]
    s = 0.0
    for i in range(n):
        for j in range(n):
            s += u[i, j] * u[i, j] + v[i, j] * v[i, j]
    return s


@numba.njit
def brusselator_adjoint(u0, v0, forcing, alpha, dt, steps, du0, dv0):
    """du0, dv0 += gradient of brusselator_loss: forward sweep keeps every state, reverse sweep gathers.

    The Laplacian is symmetric on the periodic grid, so the adjoint of the
    diffusion term is the same 5-point stencil applied to the adjoint state.
    """
    n = u0.shape[0]
    us = np.empty((steps + 1, n, n))
    vs = np.empty((steps + 1, n, n))
    for i in range(n):
        for j in range(n):
            us[0, i, j] = u0[i, j]
            vs[0, i, j] = v0[i, j]
    for s in range(steps):
        for i in range(n):
            ip = i + 1 if i < n - 1 else 0
            im = i - 1 if i > 0 else n - 1
            for j in range(n):
                jp = j + 1 if j < n - 1 else 0
                jm = j - 1 if j > 0 else n - 1
                uc = us[s, i, j]
                vc = vs[s, i, j]
                lu = us[s, ip, j] + us[s, im, j] + us[s, i, jp] + us[s, i, jm] - 4.0 * uc
                lv = vs[s, ip, j] + vs[s, im, j] + vs[s, i, jp] + vs[s, i, jm] - 4.0 * vc
                uuv = uc * uc * vc
                us[s + 1, i, j] = uc + dt * (BRUSS_A + uuv - (BRUSS_B + 1.0) * uc + alpha * lu + forcing[i, j])
                vs[s + 1, i, j] = vc + dt * (BRUSS_B * uc - uuv + alpha * lv)
    ub = np.empty((n, n))
    vb = np.empty((n, n))
    for i in range(n):
        for j in range(n):
            ub[i, j] = 2.0 * us[steps, i, j]
            vb[i, j] = 2.0 * vs[steps, i, j]
    ua = np.empty((n, n))
    va = np.empty((n, n))
    da = dt * alpha
    for s in range(steps - 1, -1, -1):
        for i in range(n):
            ip = i + 1 if i < n - 1 else 0
            im = i - 1 if i > 0 else n - 1
            for j in range(n):
                jp = j + 1 if j < n - 1 else 0
                jm = j - 1 if j > 0 else n - 1
                uc = us[s, i, j]
                vc = vs[s, i, j]
                a = ub[i, j]
                b = vb[i, j]
                uv2 = 2.0 * uc * vc
                u2 = uc * uc
                ua[i, j] = (
                    a * (1.0 + dt * (uv2 - (BRUSS_B + 1.0)) - 4.0 * da)
                    + b * dt * (BRUSS_B - uv2)
                    + da * (ub[ip, j] + ub[im, j] + ub[i, jp] + ub[i, jm])
                )
                va[i, j] = (
                    a * dt * u2 + b * (1.0 - dt * u2 - 4.0 * da) + da * (vb[ip, j] + vb[im, j] + vb[i, jp] + vb[i, jm])
                )
        for i in range(n):
            for j in range(n):
                ub[i, j] = ua[i, j]
                vb[i, j] = va[i, j]
    for i in range(n):
        for j in range(n):
            du0[i, j] += ub[i, j]
            dv0[i, j] += vb[i, j]


def brusselator_inputs(n):
    """(u0, v0, forcing, alpha, dt) on an n x n grid over [0, 1)^2 (deterministic, as in DiffEq's benchmark).

    u0 = 22 (y (1 - y))^1.5, v0 = 27 (x (1 - x))^1.5, forcing 5 inside the disc of radius 0.1 around
    (0.3, 0.6); diffusion 10 / dx^2 with dt chosen so that explicit Euler is stable (dt alpha = 0.1).
    """
    xs = np.arange(n) / n
    X, Y = np.meshgrid(xs, xs, indexing="ij")
    u0 = 22.0 * (Y * (1.0 - Y)) ** 1.5
    v0 = 27.0 * (X * (1.0 - X)) ** 1.5
    forcing = np.where((X - 0.3) ** 2 + (Y - 0.6) ** 2 <= 0.01, 5.0, 0.0)
    alpha = 10.0 * n * n
    dt = 0.1 / alpha
    return np.ascontiguousarray(u0), np.ascontiguousarray(v0), forcing, alpha, dt


# ------------------------------------------------------------------ ADBench bundle adjustment
# camera layout (ADBench): rotation (Rodrigues, 3), center (3), focal (1), principal point (2), radial (2)
BA_N_CAM = 11
BA_BLOCK_COLS = 15  # 11 camera + 3 point + 1 weight parameters per observation
BA_BLOCK_ROWS = 3  # 2 reprojection residuals + 1 weight residual


@numba.njit
def ba_objective(cams, X, w, feats, obs, reproj_err, w_err):
    """ADBench BA: reproj_err[i] = w[i] (project(cams[c_i], X[p_i]) - feats[i]), w_err[i] = 1 - w[i]^2."""
    for i in range(obs.shape[0]):
        ci = obs[i, 0]
        pi = obs[i, 1]
        # Y = X - C
        y0 = X[pi, 0] - cams[ci, 3]
        y1 = X[pi, 1] - cams[ci, 4]
        y2 = X[pi, 2] - cams[ci, 5]
        r0 = cams[ci, 0]
        r1 = cams[ci, 1]
        r2 = cams[ci, 2]
        sqtheta = r0 * r0 + r1 * r1 + r2 * r2
        if sqtheta != 0.0:
            theta = math.sqrt(sqtheta)
            costheta = math.cos(theta)
            sintheta = math.sin(theta)
            theta_inverse = 1.0 / theta
            w0 = r0 * theta_inverse
            w1 = r1 * theta_inverse
            w2 = r2 * theta_inverse
            tmp = (w0 * y0 + w1 * y1 + w2 * y2) * (1.0 - costheta)
            xc0 = y0 * costheta + (w1 * y2 - w2 * y1) * sintheta + w0 * tmp
            xc1 = y1 * costheta + (w2 * y0 - w0 * y2) * sintheta + w1 * tmp
            xc2 = y2 * costheta + (w0 * y1 - w1 * y0) * sintheta + w2 * tmp
        else:
            xc0 = y0 + (r1 * y2 - r2 * y1)
            xc1 = y1 + (r2 * y0 - r0 * y2)
            xc2 = y2 + (r0 * y1 - r1 * y0)
        p0 = xc0 / xc2
        p1 = xc1 / xc2
        rsq = p0 * p0 + p1 * p1
        L = 1.0 + cams[ci, 9] * rsq + cams[ci, 10] * rsq * rsq
        f = cams[ci, 6]
        reproj_err[i, 0] = w[i] * (p0 * L * f + cams[ci, 7] - feats[i, 0])
        reproj_err[i, 1] = w[i] * (p1 * L * f + cams[ci, 8] - feats[i, 1])
    for i in range(w.shape[0]):
        w_err[i] = 1.0 - w[i] * w[i]


@numba.njit
def ba_objective_gathered(P, feats, err):
    """ba_objective on per-observation rows P[i] = (camera 0..10, point 11..13, weight 14).

    err[i] = (reprojection residual x, y, weight residual). Row i of err depends
    on row i of P only, so one reverse sweep seeded with column r of every row
    gives row r of every observation's (3 x 15) Jacobian block.
    """
    for i in range(P.shape[0]):
        y0 = P[i, 11] - P[i, 3]
        y1 = P[i, 12] - P[i, 4]
        y2 = P[i, 13] - P[i, 5]
        r0 = P[i, 0]
        r1 = P[i, 1]
        r2 = P[i, 2]
        sqtheta = r0 * r0 + r1 * r1 + r2 * r2
        if sqtheta != 0.0:
            theta = math.sqrt(sqtheta)
            costheta = math.cos(theta)
            sintheta = math.sin(theta)
            theta_inverse = 1.0 / theta
            w0 = r0 * theta_inverse
            w1 = r1 * theta_inverse
            w2 = r2 * theta_inverse
            tmp = (w0 * y0 + w1 * y1 + w2 * y2) * (1.0 - costheta)
            xc0 = y0 * costheta + (w1 * y2 - w2 * y1) * sintheta + w0 * tmp
            xc1 = y1 * costheta + (w2 * y0 - w0 * y2) * sintheta + w1 * tmp
            xc2 = y2 * costheta + (w0 * y1 - w1 * y0) * sintheta + w2 * tmp
        else:
            xc0 = y0 + (r1 * y2 - r2 * y1)
            xc1 = y1 + (r2 * y0 - r0 * y2)
            xc2 = y2 + (r0 * y1 - r1 * y0)
        p0 = xc0 / xc2
        p1 = xc1 / xc2
        rsq = p0 * p0 + p1 * p1
        L = 1.0 + P[i, 9] * rsq + P[i, 10] * rsq * rsq
        f = P[i, 6]
        wi = P[i, 14]
        err[i, 0] = wi * (p0 * L * f + P[i, 7] - feats[i, 0])
        err[i, 1] = wi * (p1 * L * f + P[i, 8] - feats[i, 1])
        err[i, 2] = 1.0 - wi * wi


@numba.njit
def ba_gather(cams, X, w, obs, P):
    """P[i] = (cams[obs[i, 0]], X[obs[i, 1]], w[i])."""
    for i in range(obs.shape[0]):
        ci = obs[i, 0]
        pi = obs[i, 1]
        for k in range(BA_N_CAM):
            P[i, k] = cams[ci, k]
        for k in range(3):
            P[i, BA_N_CAM + k] = X[pi, k]
        P[i, 14] = w[i]


@numba.njit
def ba_jacobian_hand(cams, X, w, feats, obs, J):
    """J[i] = the (3 x 15) Jacobian block of observation i, by hand in reverse mode.

    Columns: camera rotation (3), center (3), focal, principal point (2), radial
    distortion (2), point (3), weight; rows: the two reprojection residuals and
    the weight residual. Per observation: one forward sweep keeping the
    intermediates, then one reverse sweep per reprojection residual.
    """
    for i in range(obs.shape[0]):
        ci = obs[i, 0]
        pi = obs[i, 1]
        y0 = X[pi, 0] - cams[ci, 3]
        y1 = X[pi, 1] - cams[ci, 4]
        y2 = X[pi, 2] - cams[ci, 5]
        r0 = cams[ci, 0]
        r1 = cams[ci, 1]
        r2 = cams[ci, 2]
        sqtheta = r0 * r0 + r1 * r1 + r2 * r2
        nonzero = sqtheta != 0.0
        theta = costheta = sintheta = theta_inverse = w0 = w1 = w2 = tmp = dot = 0.0
        cr0 = cr1 = cr2 = 0.0
        if nonzero:
            theta = math.sqrt(sqtheta)
            costheta = math.cos(theta)
            sintheta = math.sin(theta)
            theta_inverse = 1.0 / theta
            w0 = r0 * theta_inverse
            w1 = r1 * theta_inverse
            w2 = r2 * theta_inverse
            dot = w0 * y0 + w1 * y1 + w2 * y2
            tmp = dot * (1.0 - costheta)
            cr0 = w1 * y2 - w2 * y1
            cr1 = w2 * y0 - w0 * y2
            cr2 = w0 * y1 - w1 * y0
            xc0 = y0 * costheta + cr0 * sintheta + w0 * tmp
            xc1 = y1 * costheta + cr1 * sintheta + w1 * tmp
            xc2 = y2 * costheta + cr2 * sintheta + w2 * tmp
        else:
            xc0 = y0 + (r1 * y2 - r2 * y1)
            xc1 = y1 + (r2 * y0 - r0 * y2)
            xc2 = y2 + (r0 * y1 - r1 * y0)
        p0 = xc0 / xc2
        p1 = xc1 / xc2
        k1 = cams[ci, 9]
        k2 = cams[ci, 10]
        rsq = p0 * p0 + p1 * p1
        L = 1.0 + k1 * rsq + k2 * rsq * rsq
        f = cams[ci, 6]
        wi = w[i]
        for row in range(2):
            for col in range(BA_BLOCK_COLS):
                J[i, row, col] = 0.0
            # err_row = wi (p_row L f + x0_row - feat_row)
            if row == 0:
                J[i, 0, 14] = p0 * L * f + cams[ci, 7] - feats[i, 0]
                J[i, 0, 7] = wi
                dp0 = wi * L * f
                dp1 = 0.0
                dL = wi * p0 * f
                J[i, 0, 6] = wi * p0 * L
            else:
                J[i, 1, 14] = p1 * L * f + cams[ci, 8] - feats[i, 1]
                J[i, 1, 8] = wi
                dp0 = 0.0
                dp1 = wi * L * f
                dL = wi * p1 * f
                J[i, 1, 6] = wi * p1 * L
            J[i, row, 9] = dL * rsq
            J[i, row, 10] = dL * rsq * rsq
            drsq = dL * (k1 + 2.0 * k2 * rsq)
            dp0 += 2.0 * p0 * drsq
            dp1 += 2.0 * p1 * drsq
            # p = xc[:2] / xc2
            dxc0 = dp0 / xc2
            dxc1 = dp1 / xc2
            dxc2 = -(dp0 * p0 + dp1 * p1) / xc2
            if nonzero:
                # xc = y cos + cr sin + w tmp
                dy0 = dxc0 * costheta
                dy1 = dxc1 * costheta
                dy2 = dxc2 * costheta
                dcos = dxc0 * y0 + dxc1 * y1 + dxc2 * y2
                dsin = dxc0 * cr0 + dxc1 * cr1 + dxc2 * cr2
                dcr0 = dxc0 * sintheta
                dcr1 = dxc1 * sintheta
                dcr2 = dxc2 * sintheta
                dw0 = dxc0 * tmp
                dw1 = dxc1 * tmp
                dw2 = dxc2 * tmp
                dtmp = dxc0 * w0 + dxc1 * w1 + dxc2 * w2
                # tmp = dot (1 - cos)
                ddot = dtmp * (1.0 - costheta)
                dcos -= dtmp * dot
                # dot = w . y
                dw0 += ddot * y0
                dw1 += ddot * y1
                dw2 += ddot * y2
                dy0 += ddot * w0
                dy1 += ddot * w1
                dy2 += ddot * w2
                # cr = w x y:  dw += y x dcr,  dy += dcr x w
                dw0 += y1 * dcr2 - y2 * dcr1
                dw1 += y2 * dcr0 - y0 * dcr2
                dw2 += y0 * dcr1 - y1 * dcr0
                dy0 += dcr1 * w2 - dcr2 * w1
                dy1 += dcr2 * w0 - dcr0 * w2
                dy2 += dcr0 * w1 - dcr1 * w0
                # w = r / theta
                dr0 = dw0 * theta_inverse
                dr1 = dw1 * theta_inverse
                dr2 = dw2 * theta_inverse
                dinv = dw0 * r0 + dw1 * r1 + dw2 * r2
                dtheta = -dinv * theta_inverse * theta_inverse - dcos * sintheta + dsin * costheta
                dsq = dtheta / (2.0 * theta)
                dr0 += 2.0 * r0 * dsq
                dr1 += 2.0 * r1 * dsq
                dr2 += 2.0 * r2 * dsq
            else:
                # xc = y + r x y:  dy = dxc + dxc x r,  dr = y x dxc
                dy0 = dxc0 + (dxc1 * r2 - dxc2 * r1)
                dy1 = dxc1 + (dxc2 * r0 - dxc0 * r2)
                dy2 = dxc2 + (dxc0 * r1 - dxc1 * r0)
                dr0 = y1 * dxc2 - y2 * dxc1
                dr1 = y2 * dxc0 - y0 * dxc2
                dr2 = y0 * dxc1 - y1 * dxc0
            J[i, row, 0] = dr0
            J[i, row, 1] = dr1
            J[i, row, 2] = dr2
            # y = X - C
            J[i, row, 3] = -dy0
            J[i, row, 4] = -dy1
            J[i, row, 5] = -dy2
            J[i, row, 11] = dy0
            J[i, row, 12] = dy1
            J[i, row, 13] = dy2
        for col in range(BA_BLOCK_COLS - 1):
            J[i, 2, col] = 0.0
        J[i, 2, 14] = -2.0 * wi


def ba_inputs(n_cams, n_points, n_obs, seed=0):
    """ADBench-shaped BA inputs: cams (n, 11), X (m, 3), w (p,), feats (p, 2), obs (p, 2) int64.

    Observation i sees camera i mod n and point i mod m (ADBench's generator).
    Cameras look down +z from z = -10 with small rotations, so every point is in
    front of every camera; the features are the noisy projections.
    """
    r = np.random.default_rng(seed)
    cams = np.empty((n_cams, BA_N_CAM))
    cams[:, 0:3] = r.uniform(-0.1, 0.1, (n_cams, 3))
    cams[:, 3:5] = r.uniform(-0.5, 0.5, (n_cams, 2))
    cams[:, 5] = -10.0 + r.uniform(-0.5, 0.5, n_cams)
    cams[:, 6] = r.uniform(0.8, 1.2, n_cams)
    cams[:, 7:9] = r.uniform(-0.05, 0.05, (n_cams, 2))
    cams[:, 9:11] = r.uniform(-0.1, 0.1, (n_cams, 2))
    X = r.uniform(-1.0, 1.0, (n_points, 3))
    w = r.uniform(0.5, 1.5, n_obs)
    obs = np.empty((n_obs, 2), dtype=np.int64)
    obs[:, 0] = np.arange(n_obs) % n_cams
    obs[:, 1] = np.arange(n_obs) % n_points
    feats = r.uniform(-0.1, 0.1, (n_obs, 2))
    return cams, X, w, feats, obs


def ba_seeds(cams, X, w):
    """The 15 compressed forward directions: lane k seeds parameter k of EVERY camera, point or weight.

    Each residual depends on one camera, one point and one weight only, so lane k
    of the tangent of residual i is entry k of observation i's Jacobian block.
    """
    cam_s = tuple(np.zeros_like(cams) for _ in range(BA_BLOCK_COLS))
    pt_s = tuple(np.zeros_like(X) for _ in range(BA_BLOCK_COLS))
    w_s = tuple(np.zeros_like(w) for _ in range(BA_BLOCK_COLS))
    for k in range(BA_N_CAM):
        cam_s[k][:, k] = 1.0
    for k in range(3):
        pt_s[BA_N_CAM + k][:, k] = 1.0
    w_s[14][:] = 1.0
    return cam_s, pt_s, w_s


# ------------------------------------------------------------------ Lorenz-96, one RK4 step
L96_F = 8.0
L96_DT = 0.01


@numba.njit
def _l96_rhs(x, out):
    n = x.shape[0]
    for i in range(n):
        ip = i + 1 if i < n - 1 else 0
        im = i - 1 if i > 0 else n - 1
        im2 = i - 2 if i > 1 else i - 2 + n
        out[i] = (x[ip] - x[im2]) * x[im] - x[i] + L96_F


@numba.njit
def lorenz96_rk4(x):
    """x + dt/6 (k1 + 2 k2 + 2 k3 + k4): one classical Runge-Kutta step (F = 8, dt = 0.01)."""
    n = x.shape[0]
    k1 = np.empty(n)
    k2 = np.empty(n)
    k3 = np.empty(n)
    k4 = np.empty(n)
    tmp = np.empty(n)
    _l96_rhs(x, k1)
    for i in range(n):
        tmp[i] = x[i] + 0.5 * L96_DT * k1[i]
    _l96_rhs(tmp, k2)
    for i in range(n):
        tmp[i] = x[i] + 0.5 * L96_DT * k2[i]
    _l96_rhs(tmp, k3)
    for i in range(n):
        tmp[i] = x[i] + L96_DT * k3[i]
    _l96_rhs(tmp, k4)
    out = np.empty(n)
    for i in range(n):
        out[i] = x[i] + L96_DT / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i])
    return out


@numba.njit
def _l96_rhs_adjoint(x, kb, xb):
    """xb += (d rhs / dx)^T kb."""
    n = x.shape[0]
    for i in range(n):
        ip = i + 1 if i < n - 1 else 0
        im = i - 1 if i > 0 else n - 1
        im2 = i - 2 if i > 1 else i - 2 + n
        b = kb[i]
        xb[ip] += b * x[im]
        xb[im2] -= b * x[im]
        xb[im] += b * (x[ip] - x[im2])
        xb[i] -= b


@numba.njit
def lorenz96_rk4_adjoint(x, yb, xb):
    """xb += J^T yb for J the Jacobian of lorenz96_rk4 at x (the RK4 stages are recomputed)."""
    n = x.shape[0]
    k1 = np.empty(n)
    k2 = np.empty(n)
    k3 = np.empty(n)
    x2 = np.empty(n)
    x3 = np.empty(n)
    x4 = np.empty(n)
    _l96_rhs(x, k1)
    for i in range(n):
        x2[i] = x[i] + 0.5 * L96_DT * k1[i]
    _l96_rhs(x2, k2)
    for i in range(n):
        x3[i] = x[i] + 0.5 * L96_DT * k2[i]
    _l96_rhs(x3, k3)
    for i in range(n):
        x4[i] = x[i] + L96_DT * k3[i]
    # y = x + dt/6 (k1 + 2 k2 + 2 k3 + k4)
    c = L96_DT / 6.0
    kb = np.empty(n)
    acc = np.zeros(n)  # adjoint of the stage input being processed
    k1b = np.empty(n)
    k2b = np.empty(n)
    k3b = np.empty(n)
    for i in range(n):
        xb[i] += yb[i]
        kb[i] = c * yb[i]
    # k4 = rhs(x4), x4 = x + dt k3
    _l96_rhs_adjoint(x4, kb, acc)
    for i in range(n):
        xb[i] += acc[i]
        k3b[i] = 2.0 * c * yb[i] + L96_DT * acc[i]
        acc[i] = 0.0
    # k3 = rhs(x3), x3 = x + dt/2 k2
    _l96_rhs_adjoint(x3, k3b, acc)
    for i in range(n):
        xb[i] += acc[i]
        k2b[i] = 2.0 * c * yb[i] + 0.5 * L96_DT * acc[i]
        acc[i] = 0.0
    # k2 = rhs(x2), x2 = x + dt/2 k1
    _l96_rhs_adjoint(x2, k2b, acc)
    for i in range(n):
        xb[i] += acc[i]
        k1b[i] = c * yb[i] + 0.5 * L96_DT * acc[i]
        acc[i] = 0.0
    # k1 = rhs(x)
    _l96_rhs_adjoint(x, k1b, xb)


@numba.njit
def lorenz96_jacobian_hand(x, J):
    """J[:] = the Jacobian of lorenz96_rk4 at x, one hand-written adjoint sweep per row."""
    n = x.shape[0]
    yb = np.zeros(n)
    for r in range(n):
        for c in range(n):
            J[r, c] = 0.0
        yb[r] = 1.0
        lorenz96_rk4_adjoint(x, yb, J[r])
        yb[r] = 0.0


def lorenz96_inputs(n, seed=0):
    """A state near the attractor: F plus a small random perturbation."""
    r = np.random.default_rng(seed)
    return L96_F + r.uniform(-1.0, 1.0, n)


# ------------------------------------------------------------------ two-layer perceptron (BLAS)
@numba.njit
def _row_max(a, i):
    m = a[i, 0]
    for j in range(1, a.shape[1]):
        m = max(m, a[i, j])
    return m


@numba.njit
def mlp_loss(X, labels, W1, b1, W2, b2):
    """Softmax cross-entropy of tanh(X W1 + b1) W2 + b2, averaged over the batch rows of X."""
    h = np.tanh(X @ W1 + b1)
    logits = h @ W2 + b2
    n, k = logits.shape
    loss = 0.0
    for i in range(n):
        m = _row_max(logits, i)
        s = 0.0
        for j in range(k):
            s += math.exp(logits[i, j] - m)
        loss += m + math.log(s) - logits[i, labels[i]]
    return loss / n


@numba.njit
def mlp_adjoint(X, labels, W1, b1, W2, b2, dW1, db1, dW2, db2):
    """The gradient by hand, with the same BLAS products the primal uses."""
    h = np.tanh(X @ W1 + b1)
    logits = h @ W2 + b2
    n, k = logits.shape
    p = np.empty_like(logits)
    for i in range(n):
        m = _row_max(logits, i)
        s = 0.0
        for j in range(k):
            p[i, j] = math.exp(logits[i, j] - m)
            s += p[i, j]
        for j in range(k):
            p[i, j] = p[i, j] / (s * n)
        p[i, labels[i]] -= 1.0 / n
    dW2 += h.T @ p
    db2 += p.sum(axis=0)
    dz = (p @ W2.T) * (1.0 - h * h)
    dW1 += X.T @ dz
    db1 += dz.sum(axis=0)


def mlp_inputs(batch, n_in, hidden, n_out, seed=0):
    r = np.random.default_rng(seed)
    X = r.uniform(0.0, 1.0, (batch, n_in))
    labels = r.integers(0, n_out, batch)
    W1 = r.standard_normal((n_in, hidden)) / math.sqrt(n_in)
    W2 = r.standard_normal((hidden, n_out)) / math.sqrt(hidden)
    return X, labels, W1, r.standard_normal(hidden) * 0.1, W2, r.standard_normal(n_out) * 0.1


# ------------------------------------------------------------------ Gaussian-process likelihood (LAPACK)
@numba.njit
def _gp_kernel(X, theta):
    n, d = X.shape
    ell2, sf2 = math.exp(2.0 * theta[0]), math.exp(2.0 * theta[1])
    K = np.empty((n, n))
    for i in range(n):
        for j in range(n):
            r2 = 0.0
            for k in range(d):
                t = X[i, k] - X[j, k]
                r2 += t * t
            K[i, j] = sf2 * math.exp(-0.5 * r2 / ell2)
    return K


@numba.njit
def gp_nll(X, y, theta):
    """Negative log marginal likelihood of a GP with a squared-exponential kernel; theta = log(lengthscale,
    signal sd, noise sd). Cholesky, two triangular solves and slogdet."""
    n = X.shape[0]
    K = _gp_kernel(X, theta)
    sn2 = math.exp(2.0 * theta[2])
    for i in range(n):
        K[i, i] += sn2
    L = np.linalg.cholesky(K)
    alpha = np.linalg.solve(L.T, np.linalg.solve(L, y))
    _, logdet = np.linalg.slogdet(K)
    return 0.5 * np.dot(y, alpha) + 0.5 * logdet + 0.5 * n * math.log(2.0 * math.pi)


@numba.njit
def gp_nll_adjoint(X, y, theta, dX, dtheta):
    """The gradient by hand: d nll = 0.5 tr((K^-1 - alpha alpha^T) dK), K^-1 from the Cholesky factor."""
    n, d = X.shape
    Kf = _gp_kernel(X, theta)
    ell2, sn2 = math.exp(2.0 * theta[0]), math.exp(2.0 * theta[2])
    K = Kf.copy()
    for i in range(n):
        K[i, i] += sn2
    L = np.linalg.cholesky(K)
    inv = np.linalg.solve(L.T, np.linalg.solve(L, np.eye(n)))
    alpha = inv @ y
    g_ell = g_sf = g_sn = 0.0
    for i in range(n):
        g_sn += 2.0 * sn2 * 0.5 * (inv[i, i] - alpha[i] * alpha[i])
        for j in range(n):
            w = 0.5 * (inv[i, j] - alpha[i] * alpha[j])
            r2 = 0.0
            for k in range(d):
                t = X[i, k] - X[j, k]
                r2 += t * t
            g_ell += w * Kf[i, j] * r2 / ell2
            g_sf += 2.0 * w * Kf[i, j]
            g = 2.0 * w * Kf[i, j] / ell2  # W is symmetric: W_ij + W_ji
            for k in range(d):
                dX[i, k] -= g * (X[i, k] - X[j, k])
    dtheta[0] += g_ell
    dtheta[1] += g_sf
    dtheta[2] += g_sn


def gp_inputs(n, d=3, seed=0):
    r = np.random.default_rng(seed)
    X = r.uniform(-3.0, 3.0, (n, d))
    y = np.sin(X.sum(axis=1)) + 0.1 * r.standard_normal(n)
    return X, y, np.array([math.log(1.5), math.log(1.0), math.log(0.3)])


# ------------------------------------------------------------------ implicit Euler with Newton (derivatives inside)
@numba.njit
def reaction_diffusion_residual(u, u_old, k, dt, out):
    """F(u) = u - u_old - dt (D u'' + k u (1 - u)) on a 1-D grid with zero boundary values (Fisher-KPP)."""
    n = u.shape[0]
    h2 = (n + 1) * (n + 1)
    for i in range(n):
        left = u[i - 1] if i > 0 else 0.0
        right = u[i + 1] if i < n - 1 else 0.0
        out[i] = u[i] - u_old[i] - dt * (0.002 * (left - 2.0 * u[i] + right) * h2 + k * u[i] * (1.0 - u[i]))


@numba.njit
def gauss_solve(A, b):
    """b <- A^-1 b by Gaussian elimination without pivoting (A is diagonally dominant here); A is overwritten."""
    n = b.shape[0]
    for c in range(n):
        for r in range(c + 1, n):
            m = A[r, c] / A[c, c]
            for j in range(c, n):
                A[r, j] -= m * A[c, j]
            b[r] -= m * b[c]
    for r in range(n - 1, -1, -1):
        s = b[r]
        for j in range(r + 1, n):
            s -= A[r, j] * b[j]
        b[r] = s / A[r, r]


@numba.njit
def implicit_euler_step(u_old, k, dt, newton):
    n = u_old.shape[0]
    u = u_old.copy()
    F, J, e, col = np.zeros(n), np.zeros((n, n)), np.zeros(n), np.zeros(n)
    for _ in range(newton):
        for j in range(n):  # column j of dF/du by one forward-mode call
            e[j] = 1.0
            autodiff_deferred(
                Forward,
                reaction_diffusion_residual,
                Const,
                Duplicated(u, e),
                Const(u_old),
                Const(k),
                Const(dt),
                Duplicated(F, col),
            )
            J[:, j] = col
            e[j] = 0.0
        reaction_diffusion_residual(u, u_old, k, dt, F)
        F[:] = -F
        gauss_solve(J, F)
        u += F
    return u


@numba.njit
def simulation_loss(u0, k, dt, steps, newton):
    u = u0.copy()
    for _ in range(steps):
        u = implicit_euler_step(u, k, dt, newton)
    return np.sum(u * u)
