; Product rule on a Numba-style function: the result is stored through %retptr,
; so its tangent is stored through the shadow of %retptr.
; RUN: python -m llvm_passes %s --fn f --mode forward --activity dup,dup,dup --no-preprocess | filecheck %s
define i32 @f(ptr %retptr, double %x, double %y) {
entry:
  %m = fmul double %x, %y
  store double %m, ptr %retptr, align 8
  ret i32 0
}

; CHECK-LABEL: define i32 @fwd.f(ptr %retptr, ptr %retptr.shadow0, double %x, double %x.shadow0, double %y, double %y.shadow0)
; CHECK-NEXT:  entry:
; CHECK-NEXT:    %m = fmul double %x, %y
; CHECK-NEXT:    [[DX:%[-.a-z0-9]+]] = fmul double %y, %x.shadow0
; CHECK-NEXT:    [[DY:%[-.a-z0-9]+]] = fmul double %x, %y.shadow0
; CHECK-NEXT:    [[DM:%[-.a-z0-9]+]] = fadd double [[DX]], [[DY]]
; CHECK-NEXT:    store double %m, ptr %retptr, align 8
; CHECK-NEXT:    store double [[DM]], ptr %retptr.shadow0, align 8
; CHECK-NEXT:    ret i32 0
; CHECK-NEXT:  }
