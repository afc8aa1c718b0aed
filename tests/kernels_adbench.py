"""ADBench's GMM (with Wishart prior) and LSTM objectives, loop-style for Numba.

The tests use the same kernels as `pyenzyme bench`, so they live in
`pyenzyme.bench.kernels`; shapes follow ADBench: GMM alphas (K,), means (K, d),
icf (K, d + d(d-1)/2), x (n, d); LSTM main_params (l, 2, 4, h),
extra_params (3, h), state (l, 2, h), sequence (c, h).
"""

from pyenzyme.bench.kernels import gmm_inputs, gmm_objective, lstm_inputs, lstm_objective

__all__ = ["gmm_inputs", "gmm_objective", "lstm_inputs", "lstm_objective"]
