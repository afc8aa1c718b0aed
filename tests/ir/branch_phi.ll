; A branch on a float comparison and a phi joining two active values.
; RUN: python -m llvm_passes %s --fn f --mode forward --activity dup,dup,const --no-preprocess | filecheck %s
declare double @llvm.sin.f64(double)

define i32 @f(ptr %retptr, double %x, double %y) {
entry:
  %c = fcmp ogt double %x, 0.000000e+00
  br i1 %c, label %then, label %else

then:
  %a = call double @llvm.sin.f64(double %x)
  br label %join

else:
  %b = fdiv double %y, %x
  br label %join

join:
  %r = phi double [ %a, %then ], [ %b, %else ]
  store double %r, ptr %retptr, align 8
  ret i32 0
}

; CHECK-LABEL: define i32 @fwd.f(ptr %retptr, ptr %retptr.shadow0, double %x, double %x.shadow0, double %y)
; CHECK:       entry:
; CHECK-NEXT:    %c = fcmp ogt double %x, 0.000000e+00
; CHECK-NEXT:    br i1 %c, label %then, label %else
; d sin(x) = cos(x) dx
; CHECK:       then:
; CHECK-NEXT:    %a = call double @llvm.sin.f64(double %x)
; CHECK-NEXT:    [[COS:%[-.a-z0-9]+]] = call double @llvm.cos.f64(double %x)
; CHECK-NEXT:    [[DA:%[-.a-z0-9]+]] = fmul double [[COS]], %x.shadow0
; CHECK-NEXT:    br label %join
; d (y/x) = -(y/x) (1/x) dx, with %y constant
; CHECK:       else:
; CHECK-NEXT:    %b = fdiv double %y, %x
; CHECK-NEXT:    [[INV:%[-.a-z0-9]+]] = fdiv double 1.000000e+00, %x
; CHECK-NEXT:    [[Q:%[-.a-z0-9]+]] = fmul double %b, [[INV]]
; CHECK-NEXT:    [[NQ:%[-.a-z0-9]+]] = fneg double [[Q]]
; CHECK-NEXT:    [[DB:%[-.a-z0-9]+]] = fmul double [[NQ]], %x.shadow0
; CHECK-NEXT:    br label %join
; CHECK:       join:
; CHECK-NEXT:    %r = phi double [ %a, %then ], [ %b, %else ]
; CHECK-NEXT:    %r.shadow0 = phi double [ [[DA]], %then ], [ [[DB]], %else ]
; CHECK-NEXT:    store double %r, ptr %retptr, align 8
; CHECK-NEXT:    store double %r.shadow0, ptr %retptr.shadow0, align 8
; CHECK-NEXT:    ret i32 0
; CHECK:       declare double @llvm.cos.f64(double)
