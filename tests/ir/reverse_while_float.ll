; REVERSE MODE. A while loop with a data-dependent trip count and no integer counter:
;   p = a; while (p < lim) p = p * a;   so p = a^k with k decided at run time.
; The loop header has no canonical induction variable, so each iteration records
; its predecessor index (on the tape, since it is inside a loop) together with %p.
; RUN: python -m llvm_passes %s --fn powgrow --mode reverse --activity dup,active,const --no-preprocess | filecheck %s
; RUN: python -m llvm_passes %s --fn powgrow --mode reverse --activity dup,active,const --print cache --no-preprocess \
; RUN:   | filecheck %s --check-prefix=CACHE
define i32 @powgrow(ptr noalias %retptr, double %a, double %lim) {
entry:
  %go = fcmp olt double %a, %lim
  br i1 %go, label %body, label %exit

body:
  %p = phi double [ %a, %entry ], [ %p.next, %body ]
  %p.next = fmul double %p, %a
  %more = fcmp olt double %p.next, %lim
  br i1 %more, label %body, label %exit

exit:
  %r = phi double [ %a, %entry ], [ %p.next, %body ]
  store double %r, ptr %retptr, align 8
  ret i32 0
}

; CHECK-LABEL: define i32 @rev.powgrow(ptr {{(noalias )?}}%retptr, ptr {{(noalias )?}}%retptr.shadow{{0?}}, double %a, ptr %a.adjoint{{0?}}, double %lim, ptr %tape.bytes)
; forward: %body records where it was entered from; %p and that index are pushed together
; CHECK:       body:
; CHECK-NEXT:    %body.from = phi i32 [ 0, %entry ], [ 1, %body ]
; CHECK:         call void @pyenzyme.tape.reserve
; CHECK:         store double %p, ptr {{%[-.a-z0-9]+}}, align 8
; CHECK:         store i32 %body.from, ptr {{%[-.a-z0-9]+}}, align 8
; CHECK:         br i1 %more, label %body, label %exit
; reverse of the body: d(p*a) = a dp + p da, then back to the recorded predecessor
; CHECK:       rev.body.pop:
; CHECK:         [[POPP:%[-.a-z0-9]+]] = load double, ptr {{%[-.a-z0-9]+}}, align 8
; CHECK:         [[POPI:%[-.a-z0-9]+]] = load i32, ptr {{%[-.a-z0-9]+}}, align 8
; CHECK:         store double [[POPP]], ptr [[RP:%reload[.0-9]*]]
; CHECK-NEXT:    store i32 [[POPI]], ptr [[RI:%reload[.0-9]*]]
; CHECK:       rev.body:
; CHECK:         [[P:%[-.a-z0-9]+]] = load double, ptr [[RP]]
; CHECK-DAG:     fmul double %a, {{%[-.a-z0-9]+}}
; CHECK-DAG:     fmul double [[P]], {{%[-.a-z0-9]+}}
; CHECK:         [[FROM:%[-.a-z0-9]+]] = load i32, ptr [[RI]]
; CHECK-NEXT:    switch i32 [[FROM]], label %rev.body.to.entry [
; CHECK-NEXT:      i32 0, label %rev.body.to.entry
; CHECK-NEXT:      i32 1, label %rev.body.to.body
; CHECK-NEXT:    ]
; entering the body from %entry: the phi adjoint goes to %a; around the back edge to %p.next
; CHECK:       rev.body.to.entry:
; CHECK-NEXT:    [[D0:%[-.a-z0-9]+]] = load double, ptr %p.adj
; CHECK:         load double, ptr %a.adj
; CHECK:         br label %rev.entry.pop
; CHECK:       rev.body.to.body:
; CHECK-NEXT:    [[D1:%[-.a-z0-9]+]] = load double, ptr %p.adj
; CHECK:         load double, ptr %p.next.adj
; CHECK:         br label %rev.body.pop

; Cache plan: no counter, so %p and the predecessor index go on the tape each iteration.
; CACHE:       %p in body: tape (pushed on the tape each time its block runs)
; CACHE-NEXT:  pred(body) in body: tape (pushed on the tape each time its block runs)
