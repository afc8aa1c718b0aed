"""ADBench's GMM and LSTM objectives, written loop-style for Numba (with Wishart prior).

Shapes follow ADBench: GMM alphas (K,), means (K, d), icf (K, d + d(d-1)/2),
x (n, d); LSTM main_params (l, 2, 4, h), extra_params (3, h), state (l, 2, h),
sequence (c, h).
"""

import math

import numba
import numpy as np


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


def gmm_inputs(d, K, n, seed=0):
    r = np.random.default_rng(seed)
    alphas = r.standard_normal(K)
    means = r.uniform(0, 1, (K, d))
    icf = r.uniform(0, 1, (K, d + d * (d - 1) // 2)) * 0.5
    x = r.standard_normal((n, d))
    return alphas, means, icf, x, 1.0, 0


@numba.njit
def _sigmoid(v):
    return 1.0 / (1.0 + math.exp(-v))


@numba.njit
def lstm_objective(main_params, extra_params, state0, sequence):
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


def lstm_inputs(layers, h, c, seed=0):
    r = np.random.default_rng(seed)
    return (r.uniform(-1, 1, (layers, 2, 4, h)), r.uniform(-1, 1, (3, h)), r.uniform(-1, 1, (layers, 2, h)),
            r.uniform(-1, 1, (c, h)))
