"""Forward, augmented and reverse differentiation of the IR model (see each module)."""

from . import (
    memcalls,  # noqa: F401  (registers the memory intrinsics' derivatives with the callee registry)
    tape,  # noqa: F401  (registers the tape's buffer functions, for derivatives differentiated again)
)
