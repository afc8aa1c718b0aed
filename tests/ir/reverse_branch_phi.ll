; REVERSE MODE. A diamond on a float comparison joined by a phi of floats.
; The join records which predecessor it was entered from (%join.from, kept in a
; stack slot since no loop is involved); the reverse of the join switches on it
; and moves the phi's adjoint to the incoming value of that predecessor only.
; RUN: python -m llvm_passes %s --fn f --mode reverse --activity dup,active,active --no-preprocess | filecheck %s
; RUN: python -m llvm_passes %s --fn f --mode reverse --activity dup,active,active -O 2 --no-preprocess \
; RUN:   | filecheck %s --check-prefix=OPT
declare double @llvm.sin.f64(double)

define i32 @f(ptr noalias %retptr, double %x, double %y) {
entry:
  %c = fcmp ogt double %x, 0.000000e+00
  br i1 %c, label %then, label %else

then:
  %a = call double @llvm.sin.f64(double %x)
  br label %join

else:
  %b = fmul double %y, %x
  br label %join

join:
  %r = phi double [ %a, %then ], [ %b, %else ]
  store double %r, ptr %retptr, align 8
  ret i32 0
}

; CHECK-LABEL: define i32 @rev.f(ptr {{(noalias )?}}%retptr, ptr {{(noalias )?}}%retptr.shadow{{0?}}, double %x, ptr %x.adjoint{{0?}}, double %y, ptr %y.adjoint{{0?}}, ptr %tape.bytes)
; CHECK:       join:
; CHECK-NEXT:    %join.from = phi i32 [ 0, %then ], [ 1, %else ]
; CHECK-NEXT:    %r = phi double [ %a, %then ], [ %b, %else ]
; CHECK-NEXT:    store i32 %join.from, ptr [[FROMSLOT:%[-.a-z0-9]+]]
; reverse of %else: d(y*x) = x dy + y dx
; CHECK:       rev.else:
; CHECK-NEXT:    [[DB:%[-.a-z0-9]+]] = load double, ptr %b.adj
; CHECK-NEXT:    store double -0.000000e+00, ptr %b.adj
; CHECK-DAG:     [[TY:%[-.a-z0-9]+]] = fmul double %x, [[DB]]
; CHECK-DAG:     [[TX:%[-.a-z0-9]+]] = fmul double %y, [[DB]]
; CHECK-DAG:     fadd double {{%[-.a-z0-9]+}}, [[TY]]
; CHECK-DAG:     fadd double {{%[-.a-z0-9]+}}, [[TX]]
; CHECK:         br label %rev.else.to.entry
; reverse of %then: d sin(x) = cos(x) dx
; CHECK:       rev.then:
; CHECK-NEXT:    [[DA:%[-.a-z0-9]+]] = load double, ptr %a.adj
; CHECK-NEXT:    store double -0.000000e+00, ptr %a.adj
; CHECK-NEXT:    [[COS:%[-.a-z0-9]+]] = call double @llvm.cos.f64(double %x)
; CHECK-NEXT:    fmul double [[COS]], [[DA]]
; CHECK:         br label %rev.then.to.entry
; reverse of %join: seed from the shadow of %retptr, then switch on the recorded predecessor
; CHECK:       rev.join:
; CHECK-NEXT:    [[SEED:%[-.a-z0-9]+]] = load double, ptr %retptr.shadow{{0?}}
; CHECK-NEXT:    [[R0:%[-.a-z0-9]+]] = load double, ptr %r.adj
; CHECK-NEXT:    [[R1:%[-.a-z0-9]+]] = fadd double [[R0]], [[SEED]]
; CHECK-NEXT:    store double [[R1]], ptr %r.adj
; CHECK-NEXT:    store double {{-?}}0.000000e+00, ptr %retptr.shadow{{0?}}
; CHECK-NEXT:    [[FROM:%[-.a-z0-9]+]] = load i32, ptr [[FROMSLOT]]
; CHECK-NEXT:    switch i32 [[FROM]], label %rev.join.to.then [
; CHECK-NEXT:      i32 0, label %rev.join.to.then
; CHECK-NEXT:      i32 1, label %rev.join.to.else
; CHECK-NEXT:    ]
; the active arguments' adjoints are added into their out pointers at the end
; CHECK:       rev.done:
; CHECK-NEXT:    [[AX:%[-.a-z0-9]+]] = load double, ptr %x.adj
; CHECK-NEXT:    [[OX:%[-.a-z0-9]+]] = load double, ptr %x.adjoint{{0?}}
; CHECK-NEXT:    [[SX:%[-.a-z0-9]+]] = fadd double [[OX]], [[AX]]
; CHECK-NEXT:    store double [[SX]], ptr %x.adjoint{{0?}}
; CHECK-NEXT:    [[AY:%[-.a-z0-9]+]] = load double, ptr %y.adj
; CHECK-NEXT:    [[OY:%[-.a-z0-9]+]] = load double, ptr %y.adjoint{{0?}}
; CHECK-NEXT:    [[SY:%[-.a-z0-9]+]] = fadd double [[OY]], [[AY]]
; CHECK-NEXT:    store double [[SY]], ptr %y.adjoint{{0?}}
; edge join -> then: the phi adjoint goes to %a only
; CHECK:       rev.join.to.then:
; CHECK-NEXT:    [[D:%[-.a-z0-9]+]] = load double, ptr %r.adj
; CHECK-NEXT:    store double -0.000000e+00, ptr %r.adj
; CHECK-NEXT:    [[A0:%[-.a-z0-9]+]] = load double, ptr %a.adj
; CHECK-NEXT:    [[A1:%[-.a-z0-9]+]] = fadd double [[A0]], [[D]]
; CHECK-NEXT:    store double [[A1]], ptr %a.adj
; CHECK-NEXT:    br label %rev.then.pop
; edge join -> else: the phi adjoint goes to %b only
; CHECK:       rev.join.to.else:
; CHECK-NEXT:    [[E:%[-.a-z0-9]+]] = load double, ptr %r.adj
; CHECK-NEXT:    store double -0.000000e+00, ptr %r.adj
; CHECK-NEXT:    [[B0:%[-.a-z0-9]+]] = load double, ptr %b.adj
; CHECK-NEXT:    [[B1:%[-.a-z0-9]+]] = fadd double [[B0]], [[E]]
; CHECK-NEXT:    store double [[B1]], ptr %b.adj
; CHECK-NEXT:    br label %rev.else.pop
; no loop: nothing goes on the tape
; CHECK-NOT:     {{pyenzyme.tape.reserve|@realloc}}

; OPT-LABEL:   define {{.*}}i32 @rev.f(
; OPT:           store i64 0, ptr %tape.bytes
