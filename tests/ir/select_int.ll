; A select between active values, and integer code (sitofp of a constant
; integer argument) that stays inactive: no shadow is made for it.
; RUN: python -m llvm_passes %s --fn f --mode forward --activity dup,dup,const --no-preprocess | filecheck %s
define i32 @f(ptr %retptr, double %x, i64 %k) {
entry:
  %kk = mul i64 %k, 3
  %kf = sitofp i64 %kk to double
  %neg = fneg double %x
  %pos = fcmp oge double %x, 0.000000e+00
  %abs = select i1 %pos, double %x, double %neg
  %r = fmul double %abs, %kf
  store double %r, ptr %retptr, align 8
  ret i32 0
}

; CHECK-LABEL: define i32 @fwd.f(ptr %retptr, ptr %retptr.shadow0, double %x, double %x.shadow0, i64 %k)
; CHECK-NEXT:  entry:
; CHECK-NEXT:    %kk = mul i64 %k, 3
; integer code and its conversion get no shadow (the CHECK-NEXT chain leaves no room for one)
; CHECK-NEXT:    %kf = sitofp i64 %kk to double
; CHECK-NEXT:    %neg = fneg double %x
; CHECK-NEXT:    [[DNEG:%[-.a-z0-9]+]] = fneg double %x.shadow0
; CHECK-NEXT:    %pos = fcmp oge double %x, 0.000000e+00
; CHECK-NEXT:    %abs = select i1 %pos, double %x, double %neg
; CHECK-NEXT:    [[DABS:%[-.a-z0-9]+]] = select i1 %pos, double %x.shadow0, double [[DNEG]]
; only the active operand contributes: d (abs * kf) = kf dabs
; CHECK-NEXT:    %r = fmul double %abs, %kf
; CHECK-NEXT:    [[DR:%[-.a-z0-9]+]] = fmul double %kf, [[DABS]]
; CHECK-NEXT:    store double %r, ptr %retptr, align 8
; CHECK-NEXT:    store double [[DR]], ptr %retptr.shadow0, align 8
; CHECK-NEXT:    ret i32 0
