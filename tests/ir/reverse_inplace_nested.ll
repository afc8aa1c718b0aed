; REVERSE MODE. Nested loops, in place: for t < T: for i < n: x[i] = x[i]*x[i],
; so x[i] ends as x0[i]^(2^T). Every inner iteration pushes the value it
; overwrites; the inner induction variable restarts at 0 in each outer
; iteration and is counted down from its last value when the reverse sweep
; re-enters the inner loop.
; RUN: python -m llvm_passes %s --fn repeat_square --mode reverse --activity dup,const,const --no-preprocess | filecheck %s
define i32 @repeat_square(ptr %x, i64 %n, i64 %T) {
entry:
  %no.t = icmp slt i64 %T, 1
  %no.n = icmp slt i64 %n, 1
  %skip = or i1 %no.t, %no.n
  br i1 %skip, label %exit, label %outer

outer:
  %t = phi i64 [ 0, %entry ], [ %t.next, %outer.latch ]
  br label %inner

inner:
  %i = phi i64 [ 0, %outer ], [ %i.next, %inner ]
  %p = getelementptr inbounds double, ptr %x, i64 %i
  %v = load double, ptr %p, align 8
  %sq = fmul double %v, %v
  store double %sq, ptr %p, align 8
  %i.next = add i64 %i, 1
  %inner.done = icmp eq i64 %i.next, %n
  br i1 %inner.done, label %outer.latch, label %inner

outer.latch:
  %t.next = add i64 %t, 1
  %outer.done = icmp eq i64 %t.next, %T
  br i1 %outer.done, label %exit, label %outer

exit:
  ret i32 0
}

; CHECK-LABEL: define i32 @rev.repeat_square(ptr %x, ptr %x.shadow{{0?}}, i64 %n, i64 %T, ptr %tape.bytes)
; the inner loop pushes the overwritten value
; CHECK:       inner:
; CHECK:         call void @pyenzyme.tape.reserve
; CHECK:         store double %v, ptr {{%[-.a-z0-9]+}}, align 8
; CHECK:         br i1 %inner.done, label %outer.latch, label %inner
; both induction variables are counted down in the reverse sweep
; CHECK:       rev.outer:
; CHECK:         [[T:%[-.a-z0-9]+]] = load i64, ptr %t.iv
; CHECK:         icmp eq i64 [[T]], 0
; CHECK:         sub i64 [[T]], 1
; CHECK:       rev.inner:
; CHECK:         [[I:%[-.a-z0-9]+]] = load i64, ptr %i.iv
; CHECK:         icmp eq i64 [[I]], 0
; CHECK:         sub i64 [[I]], 1
; going back into the inner loop from the outer latch starts at the saved last value
; CHECK:       rev.outer.latch.to.inner:
; CHECK-NEXT:    store i64 {{%[-.a-z0-9]+}}, ptr %i.iv
