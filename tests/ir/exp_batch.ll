; llvm.exp.f64 and libm log, batch width 2: every tangent comes in two lanes.
; RUN: python -m llvm_passes %s --fn f --mode forward --activity dup,dup --width 2 --no-preprocess | filecheck %s
declare double @llvm.exp.f64(double)
declare double @log(double)

define i32 @f(ptr %retptr, double %x) {
entry:
  %e = call double @llvm.exp.f64(double %x)
  %l = call double @log(double %x)
  %r = fadd double %e, %l
  store double %r, ptr %retptr, align 8
  ret i32 0
}

; CHECK-LABEL: define i32 @fwd.f(ptr %retptr, ptr %retptr.shadow0, ptr %retptr.shadow1, double %x, double %x.shadow0, double %x.shadow1)
; CHECK-NEXT:  entry:
; d exp(x) = exp(x) dx, once per lane
; CHECK-NEXT:    %e = call double @llvm.exp.f64(double %x)
; CHECK-NEXT:    [[E0:%[-.a-z0-9]+]] = fmul double %e, %x.shadow0
; CHECK-NEXT:    [[E1:%[-.a-z0-9]+]] = fmul double %e, %x.shadow1
; d log(x) = dx / x, guarded so that a zero tangent stays (signed) zero (strong zero)
; CHECK-NEXT:    %l = call double @log(double %x)
; CHECK-NEXT:    [[INV:%[-.a-z0-9]+]] = fdiv double 1.000000e+00, %x
; CHECK-NEXT:    [[P0:%[-.a-z0-9]+]] = fmul double [[INV]], %x.shadow0
; CHECK-NEXT:    [[Z0:%[-.a-z0-9]+]] = fcmp oeq double %x.shadow0, 0.000000e+00
; CHECK-NEXT:    [[L0:%[-.a-z0-9]+]] = select i1 [[Z0]], double %x.shadow0, double [[P0]]
; CHECK-NEXT:    [[P1:%[-.a-z0-9]+]] = fmul double [[INV]], %x.shadow1
; CHECK-NEXT:    [[Z1:%[-.a-z0-9]+]] = fcmp oeq double %x.shadow1, 0.000000e+00
; CHECK-NEXT:    [[L1:%[-.a-z0-9]+]] = select i1 [[Z1]], double %x.shadow1, double [[P1]]
; CHECK-NEXT:    %r = fadd double %e, %l
; CHECK-NEXT:    [[R0:%[-.a-z0-9]+]] = fadd double [[E0]], [[L0]]
; CHECK-NEXT:    [[R1:%[-.a-z0-9]+]] = fadd double [[E1]], [[L1]]
; CHECK-NEXT:    store double %r, ptr %retptr, align 8
; CHECK-NEXT:    store double [[R0]], ptr %retptr.shadow0, align 8
; CHECK-NEXT:    store double [[R1]], ptr %retptr.shadow1, align 8
; CHECK-NEXT:    ret i32 0
; CHECK-NEXT:  }
; CHECK-DAG:   declare double @llvm.exp.f64(double)
; CHECK-DAG:   declare double @log(double)
