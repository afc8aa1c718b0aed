; REVERSE MODE. A triangular nest, in place: the inner loop starts at the outer
; induction variable, so the reverse inner loop stops when %i is back at %t:
;   for t < n: for i = t .. n-1: x[i] = x[i] * x[t]
; RUN: python -m llvm_passes %s --fn tri --mode reverse --activity dup,const --no-preprocess | filecheck %s
; RUN: python -m llvm_passes %s --fn tri --mode reverse --activity dup,const --print cache --no-preprocess \
; RUN:   | filecheck %s --check-prefix=CACHE
define i32 @tri(ptr %x, i64 %n) {
entry:
  %e = icmp slt i64 %n, 1
  br i1 %e, label %exit, label %outer

outer:
  %t = phi i64 [ 0, %entry ], [ %t.next, %olatch ]
  %pt = getelementptr inbounds double, ptr %x, i64 %t
  br label %inner

inner:
  %i = phi i64 [ %t, %outer ], [ %i.next, %inner ]
  %pi = getelementptr inbounds double, ptr %x, i64 %i
  %a = load double, ptr %pi, align 8
  %b = load double, ptr %pt, align 8
  %c = fmul double %a, %b
  store double %c, ptr %pi, align 8
  %i.next = add i64 %i, 1
  %idone = icmp eq i64 %i.next, %n
  br i1 %idone, label %olatch, label %inner

olatch:
  %t.next = add i64 %t, 1
  %odone = icmp eq i64 %t.next, %n
  br i1 %odone, label %exit, label %outer

exit:
  ret i32 0
}

; CHECK-LABEL: define i32 @rev.tri(ptr %x, ptr %x.shadow{{0?}}, i64 %n, ptr %tape.bytes)
; both loaded values may have been overwritten (at i == t, x[t] itself): both are pushed
; CHECK:       inner:
; CHECK:         call void @pyenzyme.tape.reserve
; CHECK-DAG:     store double %a, ptr {{%[-.a-z0-9]+}}, align 8
; CHECK-DAG:     store double %b, ptr {{%[-.a-z0-9]+}}, align 8
; CHECK:         br i1 %idone, label %olatch, label %inner
; CHECK:       rev.inner:
; CHECK:         [[I:%[-.a-z0-9]+]] = load i64, ptr %i.iv
; CHECK:         [[T:%[-.a-z0-9]+]] = load i64, ptr %t.iv
; CHECK:         [[FIRST:%[-.a-z0-9]+]] = icmp eq i64 [[I]], [[T]]
; CHECK-NEXT:    sub i64 [[I]], 1
; CHECK-NEXT:    br i1 [[FIRST]], label %rev.inner.to.outer, label %rev.inner.to.inner

; Cache plan: both loaded values are taped in the inner loop; the outer induction
; variable is rebuilt from its own counter in both loops.
; CACHE:       %a in inner: tape (pushed on the tape each time its block runs)
; CACHE-NEXT:  %b in inner: tape (pushed on the tape each time its block runs)
; CACHE-NEXT:  %i in inner: iv (rebuilt from the loop's reverse counter)
; CACHE-NEXT:  %t in inner: iv (rebuilt from the loop's reverse counter)
; CACHE-NEXT:  %t in outer: iv (rebuilt from the loop's reverse counter)
