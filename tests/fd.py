"""Central finite differences for the numeric derivative tests."""

import numpy as np


def fd_directional(f, args, i, direction, h=1e-6):
    """d/dt f(args with args[i] + t*direction) at t=0, 4th-order central difference.

    f returns a float, a tuple of floats or None (then the *mutated* float arrays
    in args are the outputs); the result is flattened to one 1-D array.
    """

    def run(t):
        a = [x.copy() if isinstance(x, np.ndarray) else x for x in args]
        a[i] = a[i] + t * direction
        out = f(*a)
        if out is None:
            return np.concatenate([np.ravel(x) for x in a if isinstance(x, np.ndarray) and x.dtype.kind == "f"])
        return np.ravel(np.asarray(out, dtype=float))

    return (-run(2 * h) + 8 * run(h) - 8 * run(-h) + run(-2 * h)) / (12 * h)
