"""realloc in forward mode, its refusal in reverse mode, and stores into memory no analysis can trace.

A tape made with reuse=False is plain realloc'd memory like this; the kept
tapes of pyenzyme's derivatives grow through registered functions that a pass
differentiating them again treats the same way (tests/test_deferred.py).
"""

from __future__ import annotations

import ctypes
import re

import llvmlite.binding as llb
import pytest

from llvm_passes import driver
from llvm_passes.differentiate.errors import NotDifferentiableError
from tests.llvm_helpers import mcjit

GROW = """
declare ptr @realloc(ptr, i64)
declare void @free(ptr)

define void @grow(ptr %x, ptr %out) {
entry:
  %p = call ptr @realloc(ptr null, i64 16)
  %v = load double, ptr %x
  %sq = fmul double %v, %v
  store double %sq, ptr %p
  %q = call ptr @realloc(ptr %p, i64 4096)
  %w = load double, ptr %q
  %y = fmul double %w, %v
  store double %y, ptr %out
  call void @free(ptr %q)
  ret void
}
"""

UNTRACED = """
@slot = internal global ptr null

define void @hide(ptr %x) {
entry:
  %p = atomicrmw xchg ptr @slot, ptr null acq_rel
  %v = load double, ptr %x
  %sq = fmul double %v, %v
  store double %sq, ptr %p
  ret void
}
"""


def _jit(text: str):
    llb.initialize_native_target()
    llb.initialize_native_asmprinter()
    layout = str(llb.Target.from_default_triple().create_target_machine().target_data)
    return mcjit(re.sub(r'^target datalayout = ".*"$', f'target datalayout = "{layout}"', text, flags=re.M))


def test_realloc_forward_moves_the_tangents_with_the_values():
    text = driver.differentiate(GROW, "grow", "forward", "dup,dup", run_pre_ad=False)
    assert text.count("@realloc(") >= 4  # each realloc repeated on the shadow
    engine = _jit(text)
    P = ctypes.c_void_p
    fwd = ctypes.CFUNCTYPE(None, P, P, P, P)(engine.get_function_address("fwd.grow"))
    x, dx, out, dout = ctypes.c_double(1.5), ctypes.c_double(2.0), ctypes.c_double(), ctypes.c_double()
    fwd(*(ctypes.addressof(v) for v in (x, dx, out, dout)))
    assert out.value == 1.5**3
    assert dout.value == pytest.approx(3 * 1.5**2 * 2.0, rel=1e-15)


def test_realloc_of_active_memory_is_refused_in_reverse_mode():
    with pytest.raises(NotDifferentiableError, match="reverse mode cannot differentiate `realloc`"):
        driver.differentiate(GROW, "grow", "reverse", "dup,dup", run_pre_ad=False)


@pytest.mark.parametrize("mode", ["forward", "reverse"])
def test_store_into_untraceable_memory_is_refused(mode):
    with pytest.raises(NotDifferentiableError, match="cannot be traced to an allocation or an argument") as info:
        driver.differentiate(UNTRACED, "hide", mode, "dup", run_pre_ad=False)
    assert "store double %sq, ptr %p" in str(info.value)
