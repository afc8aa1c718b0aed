; REVERSE MODE. A loop counting down from an argument, with an early return:
;   if (k < 1) { *retptr = 1; return 0 }  s = 1; for (i = k; i > 0; i--) s = s*x[i-1] + x[i-1]
; The reverse sweep counts %i back *up* (step -1) until it equals its start %k.
; %s is carried around the loop and needed by d(s*v)/dv: it goes on the tape.
; RUN: python -m llvm_passes %s --fn down --mode reverse --activity dup,dup,const --no-preprocess | filecheck %s
define i32 @down(ptr noalias %retptr, ptr %x, i64 %k) {
entry:
  %e = icmp slt i64 %k, 1
  br i1 %e, label %early, label %loop

early:
  store double 1.000000e+00, ptr %retptr, align 8
  ret i32 0

loop:
  %i = phi i64 [ %k, %entry ], [ %i.next, %loop ]
  %s = phi double [ 1.000000e+00, %entry ], [ %s.next, %loop ]
  %i.next = add i64 %i, -1
  %p = getelementptr inbounds double, ptr %x, i64 %i.next
  %v = load double, ptr %p, align 8
  %m = fmul double %s, %v
  %s.next = fadd double %m, %v
  %more = icmp sgt i64 %i.next, 0
  br i1 %more, label %loop, label %exit

exit:
  store double %s.next, ptr %retptr, align 8
  ret i32 0
}

; CHECK-LABEL: define i32 @rev.down(
; CHECK:       loop:
; CHECK:         call void @pyenzyme.tape.reserve
; CHECK:         store double %s, ptr {{%[-.a-z0-9]+}}, align 8
; CHECK:       rev.loop:
; CHECK:         [[I:%[-.a-z0-9]+]] = load i64, ptr %i.iv
; CHECK:         [[FIRST:%[-.a-z0-9]+]] = icmp eq i64 [[I]], %k
; CHECK-NEXT:    [[UP:%[-.a-z0-9]+]] = sub i64 [[I]], -1
; CHECK-NEXT:    br i1 [[FIRST]], label %rev.loop.to.entry, label %rev.loop.to.loop
