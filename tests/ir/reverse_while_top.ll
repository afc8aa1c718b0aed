; REVERSE MODE. A top-tested loop with step 2 (the header tests, the body is the latch),
; two returns and a non-zero status from one of them:
;   s = 0; for (i = 0; i < n; i += 2) s += x[i]*x[i]; *retptr = s; return s > lim ? 7 : 0
; The loop is left from the header in an iteration whose body did not run; the
; reverse header counts %i down by 2 until it is back at the start value 0.
; A status other than 0 (or -2) skips the reverse sweep.
; RUN: python -m llvm_passes %s --fn tw --mode reverse --activity dup,dup,const,const --no-preprocess | filecheck %s
define i32 @tw(ptr noalias %retptr, ptr %x, i64 %n, double %lim) {
entry:
  br label %header

header:
  %i = phi i64 [ 0, %entry ], [ %i.next, %body ]
  %s = phi double [ 0.000000e+00, %entry ], [ %s.next, %body ]
  %c = icmp slt i64 %i, %n
  br i1 %c, label %body, label %done

body:
  %p = getelementptr inbounds double, ptr %x, i64 %i
  %v = load double, ptr %p, align 8
  %sq = fmul double %v, %v
  %s.next = fadd double %s, %sq
  %i.next = add i64 %i, 2
  br label %header

done:
  store double %s, ptr %retptr, align 8
  %big = fcmp ogt double %s, %lim
  br i1 %big, label %fail, label %ok

fail:
  ret i32 7

ok:
  ret i32 0
}

; CHECK-LABEL: define i32 @rev.tw(
; the header is where the loop is left: it saves the induction variable
; CHECK:       header:
; CHECK:         store i64 %i, ptr %i.last
; CHECK-NEXT:    br i1 %c, label %body, label %done
; each return records the status and which return it was
; CHECK:       fail:
; CHECK-NEXT:    store i32 7, ptr %status
; CHECK-NEXT:    store i32 [[FAILIDX:[0-9]+]], ptr %ret.index
; CHECK:       ok:
; CHECK-NEXT:    store i32 0, ptr %status
; CHECK-NEXT:    store i32 [[OKIDX:[0-9]+]], ptr %ret.index
; CHECK:       rev.header:
; CHECK-NEXT:    [[I:%[-.a-z0-9]+]] = load i64, ptr %i.iv
; CHECK-NEXT:    [[FIRST:%[-.a-z0-9]+]] = icmp eq i64 [[I]], 0
; CHECK-NEXT:    [[DOWN:%[-.a-z0-9]+]] = sub i64 [[I]], 2
; CHECK-NEXT:    br i1 [[FIRST]], label %rev.header.to.entry, label %rev.header.to.body
; the reverse sweep starts at the reverse of the return that was taken
; CHECK:         [[RI:%[-.a-z0-9]+]] = load i32, ptr %ret.index
; CHECK-NEXT:    switch i32 [[RI]], label %rev.{{ok|fail}}.pop [
; CHECK-DAG:       i32 [[OKIDX]], label %rev.ok.pop
; CHECK-DAG:       i32 [[FAILIDX]], label %rev.fail.pop
; CHECK-NOT:     {{pyenzyme.tape.reserve|@realloc}}
