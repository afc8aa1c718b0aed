"""Optional peers for ``pyenzyme bench``: the same kernels in JAX and in PyTorch.

Nothing here is imported unless the peer is used. Each ``jax_<kernel>`` /
``torch_<kernel>`` function takes the framework module(s) and the kernel's
NumPy inputs and returns ``(fn, wrt)``: a function of the differentiated
inputs (everything else closed over) and those inputs as NumPy arrays. For
the scalar losses ``fn`` returns the loss; for Lorenz-96 the new state; for
bundle adjustment ``fn`` is ``blocks(jac)``, which builds the function giving
every observation's (3 x 15) Jacobian block with ``jac`` (jacfwd or jacrev)
applied per observation under vmap. Both frameworks run in float64 on the CPU
with one thread, like the Numba and C code they are compared with.
"""

from __future__ import annotations

import importlib.util
import math
import os
import subprocess
import sys

import numpy as np

from . import kernels as K

_SINGLE_THREAD_XLA = "--xla_cpu_multi_thread_eigen=false"

PEER_MODULES = {"JAX": "jax", "PyTorch": "torch"}


def installed(label: str) -> bool:
    """Whether the peer's top-level module can be found (without importing it)."""
    return importlib.util.find_spec(PEER_MODULES[label]) is not None


def _xla_flag_ok(flags: str) -> bool:
    """Whether JAX starts with XLA_FLAGS=flags (XLA aborts the process on a flag it does not know)."""
    # the child sees the same packages as this process (sys.path may have been extended at run time)
    env = dict(os.environ, XLA_FLAGS=flags, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    try:
        r = subprocess.run(
            [sys.executable, "-c", "import jax.numpy as j; j.ones(2).sum().block_until_ready()"],
            env=env,
            capture_output=True,
            timeout=120,
        )
    except Exception:
        return False
    return r.returncode == 0


def load_jax():
    """(jax, jnp, note); raises ImportError (or whatever jax raises) when JAX cannot start.

    XLA's CPU client sizes its thread pool by the CPUs the process may use when the client starts, and
    runs a matrix product on all of them whatever --xla_cpu_multi_thread_eigen says (measured with JAX
    0.10.2: a 1000 x 1000 product took half the time on two cores). So the client starts while this
    thread may use one CPU, which its pool threads inherit; the thread gets all its CPUs back after."""
    os.environ.setdefault("JAX_PLATFORMS", "cpu")
    if "jax" not in sys.modules and "XLA_FLAGS" not in os.environ and _xla_flag_ok(_SINGLE_THREAD_XLA):
        os.environ["XLA_FLAGS"] = _SINGLE_THREAD_XLA
    pin = hasattr(os, "sched_setaffinity") and "jax" not in sys.modules
    cpus = os.sched_getaffinity(0) if pin else set()
    if pin:
        os.sched_setaffinity(0, {min(cpus)})
    try:
        import jax
        import jax.numpy as jnp

        jax.config.update("jax_enable_x64", True)
        jnp.ones(2).sum().block_until_ready()  # the CPU client starts here
    finally:
        if pin:
            os.sched_setaffinity(0, cpus)
    cores = "one core" if pin else "the cores its client started with"
    note = f"JAX {jax.__version__} on {jax.default_backend()} ({cores}), XLA_FLAGS={os.environ.get('XLA_FLAGS')!r}"
    return jax, jnp, note


def load_torch():
    """(torch, note); one intra-op thread (the other columns are single-threaded)."""
    import torch

    torch.set_num_threads(1)
    return torch, f"PyTorch {torch.__version__}, {torch.get_num_threads()} thread, torch.func transforms"


# ---------------------------------------------------------------------- JAX
def jax_sumsq(jax, jnp, x):
    return (lambda x: jnp.sum(x * x)), (x,)


def jax_rosenbrock(jax, jnp, x):
    def f(x):
        a, b = x[:-1], x[1:]
        return jnp.sum(100.0 * (b - a * a) ** 2 + (1.0 - a) ** 2)

    return f, (x,)


def jax_stencil(jax, jnp, u0, c, steps):
    def f(u):
        def step(_, u):
            inner = u[1:-1, 1:-1] + c * (u[:-2, 1:-1] + u[2:, 1:-1] + u[1:-1, :-2] + u[1:-1, 2:] - 4.0 * u[1:-1, 1:-1])
            return u.at[1:-1, 1:-1].set(inner)

        u = jax.lax.fori_loop(0, steps, step, u)
        return jnp.sum(u * u)

    return f, (u0,)


def _gmm_constants(x, gamma, m):
    n, d = x.shape
    rows = np.array([b for a in range(d) for b in range(a + 1, d)], dtype=np.int64)
    cols = np.array([a for a in range(d) for b in range(a + 1, d)], dtype=np.int64)
    nn = d + m + 1
    lgd = 0.25 * d * (d - 1) * math.log(math.pi) + sum(math.lgamma(0.5 * nn + 0.5 * (1 - j)) for j in range(1, d + 1))
    cst = nn * d * (math.log(gamma) - 0.5 * math.log(2.0)) - lgd
    return n, d, rows, cols, cst


def jax_gmm(jax, jnp, alphas, means, icf, x, gamma, m):
    """ADBench's vectorised GMM objective, same value as kernels.gmm_objective."""
    from jax.scipy.special import logsumexp

    n, d, rows, cols, cst = _gmm_constants(x, gamma, m)
    xj = jnp.asarray(x)

    def f(alphas, means, icf):
        K_ = alphas.shape[0]
        qdiag = icf[:, :d]
        sum_qs = jnp.sum(qdiag, axis=1)
        L = jnp.zeros((K_, d, d)).at[:, rows, cols].set(icf[:, d:])
        xc = xj[:, None, :] - means[None, :, :]  # (n, K, d)
        qx = jnp.exp(qdiag)[None] * xc + jnp.einsum("kba,nka->nkb", L, xc)
        main = alphas[None] + sum_qs[None] - 0.5 * jnp.sum(qx * qx, axis=2)
        slse = jnp.sum(logsumexp(main, axis=1))
        constant = -n * d * 0.5 * math.log(2 * math.pi)
        frob = jnp.sum(jnp.exp(qdiag) ** 2, axis=1) + jnp.sum(icf[:, d:] ** 2, axis=1)
        prior = jnp.sum(0.5 * gamma * gamma * frob - m * sum_qs) - K_ * cst
        return constant + slse - n * logsumexp(alphas) + prior

    return f, (alphas, means, icf)


def jax_lstm(jax, jnp, main_params, extra_params, state0, sequence):
    layers = main_params.shape[0]
    c, h = sequence.shape
    s0 = jnp.asarray(state0)
    seq = jnp.asarray(sequence)

    def sig(v):
        return 1.0 / (1.0 + jnp.exp(-v))

    def f(main, extra):
        def step(state, xs):
            x_t, x_next = xs
            x2 = x_t * extra[0]
            new = []
            for lay in range(layers):
                hid, cell = state[lay, 0], state[lay, 1]
                forget = sig(x2 * main[lay, 0, 0] + main[lay, 1, 0])
                ingate = sig(hid * main[lay, 0, 1] + main[lay, 1, 1])
                outgate = sig(x2 * main[lay, 0, 2] + main[lay, 1, 2])
                change = jnp.tanh(hid * main[lay, 0, 3] + main[lay, 1, 3])
                cell = cell * forget + ingate * change
                hid = outgate * jnp.tanh(cell)
                new.append(jnp.stack([hid, cell]))
                x2 = hid
            ypred = x2 * extra[1] + extra[2]
            lse = jnp.log(jnp.sum(jnp.exp(ypred)) + 2.0)
            return jnp.stack(new), jnp.sum(x_next * (ypred - lse))

        _, parts = jax.lax.scan(step, s0, (seq[:-1], seq[1:]))
        return -jnp.sum(parts) / ((c - 1) * h)

    return f, (main_params, extra_params)


def jax_brusselator(jax, jnp, u0, v0, forcing, alpha, dt, steps):
    F = jnp.asarray(forcing)
    A, B = K.BRUSS_A, K.BRUSS_B

    def lap(a):
        return jnp.roll(a, -1, 0) + jnp.roll(a, 1, 0) + jnp.roll(a, -1, 1) + jnp.roll(a, 1, 1) - 4.0 * a

    def f(u, v):
        def step(_, s):
            u, v = s
            uuv = u * u * v
            un = u + dt * (A + uuv - (B + 1.0) * u + alpha * lap(u) + F)
            vn = v + dt * (B * u - uuv + alpha * lap(v))
            return un, vn

        u, v = jax.lax.fori_loop(0, steps, step, (u, v))
        return jnp.sum(u * u + v * v)

    return f, (u0, v0)


def _ba_single(xp, p, feat):
    """One observation's 3 residuals from its 15 parameters, in array-API style (jnp or torch)."""
    where = xp.where
    rot, C, X = p[0:3], p[3:6], p[11:14]
    f, x0, kk, w = p[6], p[7:9], p[9:11], p[14]
    Y = X - C
    sq = (rot * rot).sum()
    nz = sq != 0.0
    theta = xp.sqrt(where(nz, sq, 1.0))
    cos, sin = xp.cos(theta), xp.sin(theta)
    om = rot / theta
    cr = xp.stack([om[1] * Y[2] - om[2] * Y[1], om[2] * Y[0] - om[0] * Y[2], om[0] * Y[1] - om[1] * Y[0]])
    tmp = (om * Y).sum() * (1.0 - cos)
    rotated = Y * cos + cr * sin + om * tmp
    small = Y + xp.stack([rot[1] * Y[2] - rot[2] * Y[1], rot[2] * Y[0] - rot[0] * Y[2], rot[0] * Y[1] - rot[1] * Y[0]])
    Xc = where(nz, rotated, small)
    pr = Xc[0:2] / Xc[2]
    rsq = (pr * pr).sum()
    L = 1.0 + kk[0] * rsq + kk[1] * rsq * rsq
    err = w * (pr * L * f + x0 - feat)
    return xp.concatenate([err, (1.0 - w * w).reshape(1)])


def jax_ba(jax, jnp, cams, X, w, feats, obs):
    """(jacobian_fn(forward: bool) -> function of (cams, X, w) giving the (p, 3, 15) blocks, wrt)."""
    ci, pi = jnp.asarray(obs[:, 0]), jnp.asarray(obs[:, 1])
    fj = jnp.asarray(feats)

    def single(p, feat):
        return _ba_single(jnp, p, feat)

    def blocks(jac):
        def fn(cams, X, w):
            P = jnp.concatenate([cams[ci], X[pi], w[:, None]], axis=1)
            return jax.vmap(jac(single))(P, fj)

        return fn

    return blocks, (cams, X, w)


def jax_lorenz96(jax, jnp, x):
    F, dt = K.L96_F, K.L96_DT

    def rhs(x):
        return (jnp.roll(x, -1) - jnp.roll(x, 2)) * jnp.roll(x, 1) - x + F

    def f(x):
        k1 = rhs(x)
        k2 = rhs(x + 0.5 * dt * k1)
        k3 = rhs(x + 0.5 * dt * k2)
        k4 = rhs(x + dt * k3)
        return x + dt / 6.0 * (k1 + 2.0 * k2 + 2.0 * k3 + k4)

    return f, (x,)


def jax_mlp(jax, jnp, X, labels, W1, b1, W2, b2):
    Xj, onehot = jnp.asarray(X), jnp.asarray(np.eye(W2.shape[1])[labels])

    def f(W1, b1, W2, b2):
        logits = jnp.tanh(Xj @ W1 + b1) @ W2 + b2
        return jnp.mean(jax.nn.logsumexp(logits, axis=1) - jnp.sum(logits * onehot, axis=1))

    return f, (W1, b1, W2, b2)


def jax_gp(jax, jnp, X, y, theta):
    yj = jnp.asarray(y)

    def f(X, theta):
        ell2, sf2, sn2 = jnp.exp(2.0 * theta[0]), jnp.exp(2.0 * theta[1]), jnp.exp(2.0 * theta[2])
        diff = X[:, None, :] - X[None, :, :]
        K = sf2 * jnp.exp(-0.5 * jnp.sum(diff * diff, axis=2) / ell2) + sn2 * jnp.eye(X.shape[0])
        L = jnp.linalg.cholesky(K)
        alpha = jnp.linalg.solve(L.T, jnp.linalg.solve(L, yj))
        _, logdet = jnp.linalg.slogdet(K)
        return 0.5 * jnp.dot(yj, alpha) + 0.5 * logdet + 0.5 * X.shape[0] * jnp.log(2.0 * jnp.pi)

    return f, (X, theta)


def jax_nbody(jax, jnp, pos, m):
    mj = jnp.asarray(m)
    self_terms = float(np.sum(m * m)) / math.sqrt(0.01)  # the i == j terms the loop skips: constants

    def f(pos):
        diff = pos[:, None, :] - pos[None, :, :]
        inv = 1.0 / jnp.sqrt(jnp.sum(diff * diff, axis=2) + 0.01)
        return -0.5 * (jnp.dot(mj, inv @ mj) - self_terms)

    return f, (pos,)


# ---------------------------------------------------------------------- PyTorch
def torch_sumsq(torch, x):
    return (lambda x: torch.sum(x * x)), (x,)


def torch_rosenbrock(torch, x):
    def f(x):
        a, b = x[:-1], x[1:]
        return torch.sum(100.0 * (b - a * a) ** 2 + (1.0 - a) ** 2)

    return f, (x,)


def torch_stencil(torch, u0, c, steps):
    def f(u):
        for _ in range(steps):
            inner = u[1:-1, 1:-1] + c * (u[:-2, 1:-1] + u[2:, 1:-1] + u[1:-1, :-2] + u[1:-1, 2:] - 4.0 * u[1:-1, 1:-1])
            u = u.clone()
            u[1:-1, 1:-1] = inner
        return torch.sum(u * u)

    return f, (u0,)


def torch_gmm(torch, alphas, means, icf, x, gamma, m):
    n, d, rows, cols, cst = _gmm_constants(x, gamma, m)
    xt = torch.from_numpy(np.ascontiguousarray(x))
    rows_t, cols_t = torch.from_numpy(rows), torch.from_numpy(cols)

    def f(alphas, means, icf):
        K_ = alphas.shape[0]
        qdiag = icf[:, :d]
        sum_qs = qdiag.sum(1)
        ks = torch.arange(K_).repeat_interleave(rows_t.numel())
        L = torch.zeros((K_, d, d), dtype=icf.dtype).index_put(
            (ks, rows_t.repeat(K_), cols_t.repeat(K_)), icf[:, d:].reshape(-1)
        )
        xc = xt[:, None, :] - means[None, :, :]
        qx = torch.exp(qdiag)[None] * xc + torch.einsum("kba,nka->nkb", L, xc)
        main = alphas[None] + sum_qs[None] - 0.5 * (qx * qx).sum(2)
        slse = torch.logsumexp(main, 1).sum()
        constant = -n * d * 0.5 * math.log(2 * math.pi)
        frob = (torch.exp(qdiag) ** 2).sum(1) + (icf[:, d:] ** 2).sum(1)
        prior = (0.5 * gamma * gamma * frob - m * sum_qs).sum() - K_ * cst
        return constant + slse - n * torch.logsumexp(alphas, 0) + prior

    return f, (alphas, means, icf)


def torch_lstm(torch, main_params, extra_params, state0, sequence):
    layers = main_params.shape[0]
    c, h = sequence.shape
    s0 = torch.from_numpy(np.ascontiguousarray(state0))
    seq = torch.from_numpy(np.ascontiguousarray(sequence))

    def f(main, extra):
        hid_c = [s0[lay, 0] for lay in range(layers)]
        cell_c = [s0[lay, 1] for lay in range(layers)]
        total = 0.0
        for t in range(c - 1):
            x2 = seq[t] * extra[0]
            for lay in range(layers):
                hid, cell = hid_c[lay], cell_c[lay]
                forget = torch.sigmoid(x2 * main[lay, 0, 0] + main[lay, 1, 0])
                ingate = torch.sigmoid(hid * main[lay, 0, 1] + main[lay, 1, 1])
                outgate = torch.sigmoid(x2 * main[lay, 0, 2] + main[lay, 1, 2])
                change = torch.tanh(hid * main[lay, 0, 3] + main[lay, 1, 3])
                cell = cell * forget + ingate * change
                hid = outgate * torch.tanh(cell)
                hid_c[lay], cell_c[lay] = hid, cell
                x2 = hid
            ypred = x2 * extra[1] + extra[2]
            lse = torch.log(torch.exp(ypred).sum() + 2.0)
            total = total + (seq[t + 1] * (ypred - lse)).sum()
        return -total / ((c - 1) * h)

    return f, (main_params, extra_params)


def torch_brusselator(torch, u0, v0, forcing, alpha, dt, steps):
    F = torch.from_numpy(np.ascontiguousarray(forcing))
    A, B = K.BRUSS_A, K.BRUSS_B

    def lap(a):
        return torch.roll(a, -1, 0) + torch.roll(a, 1, 0) + torch.roll(a, -1, 1) + torch.roll(a, 1, 1) - 4.0 * a

    def f(u, v):
        for _ in range(steps):
            uuv = u * u * v
            u, v = (u + dt * (A + uuv - (B + 1.0) * u + alpha * lap(u) + F), v + dt * (B * u - uuv + alpha * lap(v)))
        return (u * u + v * v).sum()

    return f, (u0, v0)


def torch_ba(torch, cams, X, w, feats, obs):
    ci = torch.from_numpy(np.ascontiguousarray(obs[:, 0]))
    pi = torch.from_numpy(np.ascontiguousarray(obs[:, 1]))
    ft = torch.from_numpy(np.ascontiguousarray(feats))

    def single(p, feat):
        return _ba_single(torch, p, feat)

    def blocks(jac):
        def fn(cams, X, w):
            P = torch.cat([cams[ci], X[pi], w[:, None]], dim=1)
            return torch.func.vmap(jac(single))(P, ft)

        return fn

    return blocks, (cams, X, w)


def torch_lorenz96(torch, x):
    F, dt = K.L96_F, K.L96_DT

    def rhs(x):
        return (torch.roll(x, -1) - torch.roll(x, 2)) * torch.roll(x, 1) - x + F

    def f(x):
        k1 = rhs(x)
        k2 = rhs(x + 0.5 * dt * k1)
        k3 = rhs(x + 0.5 * dt * k2)
        k4 = rhs(x + dt * k3)
        return x + dt / 6.0 * (k1 + 2.0 * k2 + 2.0 * k3 + k4)

    return f, (x,)


def torch_mlp(torch, X, labels, W1, b1, W2, b2):
    Xt, lt = torch.from_numpy(np.ascontiguousarray(X)), torch.from_numpy(labels.astype(np.int64))

    def f(W1, b1, W2, b2):
        logits = torch.tanh(Xt @ W1 + b1) @ W2 + b2
        return torch.nn.functional.cross_entropy(logits, lt)

    return f, (W1, b1, W2, b2)


def torch_gp(torch, X, y, theta):
    yt = torch.from_numpy(np.ascontiguousarray(y))

    def f(X, theta):
        ell2, sf2, sn2 = torch.exp(2.0 * theta[0]), torch.exp(2.0 * theta[1]), torch.exp(2.0 * theta[2])
        diff = X[:, None, :] - X[None, :, :]
        n = X.shape[0]
        K = sf2 * torch.exp(-0.5 * (diff * diff).sum(2) / ell2) + sn2 * torch.eye(n, dtype=X.dtype)
        L = torch.linalg.cholesky(K)
        alpha = torch.linalg.solve(L.T, torch.linalg.solve(L, yt))
        _, logdet = torch.linalg.slogdet(K)
        return 0.5 * torch.dot(yt, alpha) + 0.5 * logdet + 0.5 * n * math.log(2.0 * math.pi)

    return f, (X, theta)


def torch_nbody(torch, pos, m):
    mt = torch.from_numpy(np.ascontiguousarray(m))
    self_terms = float(np.sum(m * m)) / math.sqrt(0.01)

    def f(pos):
        diff = pos[:, None, :] - pos[None, :, :]
        inv = 1.0 / torch.sqrt((diff * diff).sum(2) + 0.01)
        return -0.5 * (torch.dot(mt, inv @ mt) - self_terms)

    return f, (pos,)
