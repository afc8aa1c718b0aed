; REVERSE MODE. A loop with a counter but a data-dependent exit:
;   s = 0; i = 0; do { s += x[i]*x[i]; i++ } while (s < lim && i < n)
; It leaves from two blocks; %i is still a canonical induction variable, so
; the reverse sweep counts it down from the value saved at whichever exit was
; taken, and x[i] is reloaded (the function writes only the noalias %retptr):
; no tape.
; RUN: python -m llvm_passes %s --fn partial --mode reverse --activity dup,dup,const,const --no-preprocess | filecheck %s
; RUN: python -m llvm_passes %s --fn partial --mode reverse --activity dup,dup,const,const -O 2 --no-preprocess \
; RUN:   | filecheck %s --check-prefix=OPT
define i32 @partial(ptr noalias %retptr, ptr %x, i64 %n, double %lim) {
entry:
  %empty = icmp slt i64 %n, 1
  br i1 %empty, label %exit, label %body

body:
  %i = phi i64 [ 0, %entry ], [ %i.next, %latch ]
  %s = phi double [ 0.000000e+00, %entry ], [ %s.next, %latch ]
  %p = getelementptr inbounds double, ptr %x, i64 %i
  %v = load double, ptr %p, align 8
  %sq = fmul double %v, %v
  %s.next = fadd double %s, %sq
  %i.next = add i64 %i, 1
  %small = fcmp olt double %s.next, %lim
  br i1 %small, label %latch, label %exit

latch:
  %more = icmp slt i64 %i.next, %n
  br i1 %more, label %body, label %exit

exit:
  %r = phi double [ 0.000000e+00, %entry ], [ %s.next, %body ], [ %s.next, %latch ]
  store double %r, ptr %retptr, align 8
  ret i32 0
}

; CHECK-LABEL: define i32 @rev.partial(
; both exiting blocks save the induction variable
; CHECK:       body:
; CHECK:         store i64 %i, ptr %i.last
; CHECK-NEXT:    br i1 %small, label %latch, label %exit
; CHECK:       latch:
; CHECK:         store i64 %i, ptr %i.last
; CHECK-NEXT:    br i1 %more, label %body, label %exit
; CHECK:       exit:
; CHECK-NEXT:    %exit.from = phi i32 [ 0, %entry ], [ 1, %body ], [ 2, %latch ]
; the reverse of the body counts %i down
; CHECK:       rev.body:
; CHECK:         [[IV:%[-.a-z0-9]+]] = load i64, ptr %i.iv
; CHECK:         [[FIRST:%[-.a-z0-9]+]] = icmp eq i64 [[IV]], 0
; CHECK-NEXT:    [[DOWN:%[-.a-z0-9]+]] = sub i64 [[IV]], 1
; CHECK-NEXT:    br i1 [[FIRST]], label %rev.body.to.entry, label %rev.body.to.latch
; CHECK:       rev.exit:
; CHECK:         switch i32 {{%[-.a-z0-9]+}}, label %rev.exit.to.entry [
; CHECK-NEXT:      i32 0, label %rev.exit.to.entry
; CHECK-NEXT:      i32 1, label %rev.exit.to.body
; CHECK-NEXT:      i32 2, label %rev.exit.to.latch
; CHECK-NEXT:    ]
; CHECK-NOT:     {{pyenzyme.tape.reserve|@realloc}}

; OPT-LABEL:   define {{.*}}i32 @rev.partial(
; OPT:           store i64 0, ptr %tape.bytes
