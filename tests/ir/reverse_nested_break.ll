; REVERSE MODE. Nested loops left by a break out of both:
;   s = 0; for t < T: for i < n: { s = s/2 + x[i]*x[i]; if (s > lim) goto out }
; Leaving from the inner loop saves both induction variables; entering the
; loops backwards from %out restores both (or only the outer one, when the
; loops ended normally through the outer latch).
; RUN: python -m llvm_passes %s --fn brk --mode reverse --activity dup,dup,const,const,const --no-preprocess | filecheck %s
define i32 @brk(ptr noalias %retptr, ptr %x, i64 %n, i64 %T, double %lim) {
entry:
  br label %outer

outer:
  %t = phi i64 [ 0, %entry ], [ %t.next, %olatch ]
  %s0 = phi double [ 0.000000e+00, %entry ], [ %s.next, %olatch ]
  br label %inner

inner:
  %i = phi i64 [ 0, %outer ], [ %i.next, %ilatch ]
  %s = phi double [ %s0, %outer ], [ %s.next, %ilatch ]
  %p = getelementptr inbounds double, ptr %x, i64 %i
  %v = load double, ptr %p, align 8
  %h = fmul double %s, 5.000000e-01
  %sq = fmul double %v, %v
  %s.next = fadd double %h, %sq
  %big = fcmp ogt double %s.next, %lim
  br i1 %big, label %out, label %ilatch

ilatch:
  %i.next = add i64 %i, 1
  %idone = icmp eq i64 %i.next, %n
  br i1 %idone, label %olatch, label %inner

olatch:
  %t.next = add i64 %t, 1
  %odone = icmp eq i64 %t.next, %T
  br i1 %odone, label %out, label %outer

out:
  %r = phi double [ %s.next, %inner ], [ %s.next, %olatch ]
  store double %r, ptr %retptr, align 8
  ret i32 0
}

; CHECK-LABEL: define i32 @rev.brk(
; %inner exits both loops: it saves both induction variables
; CHECK:       inner:
; CHECK-DAG:     store i64 %i, ptr %i.last
; CHECK-DAG:     store i64 %t, ptr %t.last
; CHECK:         br i1 %big, label %out, label %ilatch
; CHECK:       rev.out:
; CHECK-DAG:     [[LI:%[-.a-z0-9]+]] = load i64, ptr %i.last
; CHECK-DAG:     [[LT:%[-.a-z0-9]+]] = load i64, ptr %t.last
; CHECK:       rev.out.to.inner:
; CHECK-DAG:     store i64 [[LI]], ptr %i.iv
; CHECK-DAG:     store i64 [[LT]], ptr %t.iv
; CHECK:         br label %rev.inner.pop
; CHECK:       rev.out.to.olatch:
; CHECK-NOT:     ptr %i.iv
; CHECK:         store i64 [[LT]], ptr %t.iv
; CHECK-NOT:     ptr %i.iv
; CHECK:         br label %rev.olatch.pop
