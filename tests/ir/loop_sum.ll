; A loop summing squares of a ptr array argument that has a shadow; %n stays constant.
; RUN: python -m llvm_passes %s --fn sumsq --mode forward --activity dup,dup,const --no-preprocess | filecheck %s
; RUN: python -m llvm_passes %s --fn sumsq --print activity --activity dup,dup,const --no-preprocess \
; RUN:   | filecheck %s --check-prefix=ACTIVITY
define i32 @sumsq(ptr %retptr, ptr %x, i64 %n) {
entry:
  %empty = icmp slt i64 %n, 1
  br i1 %empty, label %exit, label %loop

loop:
  %i = phi i64 [ 0, %entry ], [ %i.next, %loop ]
  %s = phi double [ 0.000000e+00, %entry ], [ %s.next, %loop ]
  %p = getelementptr inbounds double, ptr %x, i64 %i
  %v = load double, ptr %p, align 8
  %sq = fmul double %v, %v
  %s.next = fadd double %s, %sq
  %i.next = add i64 %i, 1
  %done = icmp eq i64 %i.next, %n
  br i1 %done, label %exit, label %loop

exit:
  %r = phi double [ 0.000000e+00, %entry ], [ %s.next, %loop ]
  store double %r, ptr %retptr, align 8
  ret i32 0
}

; CHECK-LABEL: define i32 @fwd.sumsq(ptr %retptr, ptr %retptr.shadow0, ptr %x, ptr %x.shadow0, i64 %n)
; CHECK:       loop:
; CHECK-NEXT:    %i = phi i64 [ 0, %entry ], [ %i.next, %loop ]
; CHECK-NEXT:    %s = phi double [ 0.000000e+00, %entry ], [ %s.next, %loop ]
; CHECK-NEXT:    %s.shadow0 = phi double [ 0.000000e+00, %entry ], [ [[DS:%[-.a-z0-9]+]], %loop ]
; CHECK-NEXT:    %p = getelementptr inbounds double, ptr %x, i64 %i
; CHECK-NEXT:    %p.shadow0 = getelementptr inbounds double, ptr %x.shadow0, i64 %i
; CHECK-NEXT:    %v = load double, ptr %p, align 8
; CHECK-NEXT:    %v.shadow0 = load double, ptr %p.shadow0, align 8
; CHECK-NEXT:    %sq = fmul double %v, %v
; CHECK-NEXT:    [[A:%[-.a-z0-9]+]] = fmul double %v, %v.shadow0
; CHECK-NEXT:    [[B:%[-.a-z0-9]+]] = fmul double %v, %v.shadow0
; CHECK-NEXT:    [[DSQ:%[-.a-z0-9]+]] = fadd double [[A]], [[B]]
; CHECK-NEXT:    %s.next = fadd double %s, %sq
; CHECK-NEXT:    [[DS]] = fadd double %s.shadow0, [[DSQ]]
; the integer induction variable has no shadow
; CHECK-NOT:     {{(i\.next|done)\.shadow}}
; CHECK:       exit:
; CHECK-NEXT:    %r = phi double [ 0.000000e+00, %entry ], [ %s.next, %loop ]
; CHECK-NEXT:    %r.shadow0 = phi double [ 0.000000e+00, %entry ], [ [[DS]], %loop ]
; CHECK-NEXT:    store double %r, ptr %retptr, align 8
; CHECK-NEXT:    store double %r.shadow0, ptr %retptr.shadow0, align 8
; CHECK-NEXT:    ret i32 0

; Activity of the primal function (print_activity), one line per named value:
; ACTIVITY:      %retptr: active
; ACTIVITY-NEXT: %x: active
; ACTIVITY-NEXT: %n: constant
; ACTIVITY-NEXT: %empty: constant
; ACTIVITY-NEXT: %i: constant
; ACTIVITY-NEXT: %s: active
; ACTIVITY-NEXT: %p: active
; ACTIVITY-NEXT: %v: active
; ACTIVITY-NEXT: %sq: active
; ACTIVITY-NEXT: %s.next: active
; ACTIVITY-NEXT: %i.next: constant
; ACTIVITY-NEXT: %done: constant
; ACTIVITY-NEXT: %r: active
; ACTIVITY-NEXT: store double %r, ptr %retptr, align 8: active
; ACTIVITY-EMPTY:
