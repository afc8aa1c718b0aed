; REVERSE MODE. s = sum x[i]*x[i] over a counted loop; %x is duplicated, %n constant.
; %retptr is `noalias` (as Numba emits it), so the loads from %x read memory the
; function never writes: the reverse sweep reloads x[i] instead of taping it, and
; rebuilds %i by counting a slot down from its last value. No tape at all.
; RUN: python -m llvm_passes %s --fn sumsq --mode reverse --activity dup,dup,const --no-preprocess | filecheck %s
; RUN: python -m llvm_passes %s --fn sumsq --mode reverse --activity dup,dup,const -O 2 --no-preprocess \
; RUN:   | filecheck %s --check-prefix=OPT
; RUN: python -m llvm_passes %s --fn sumsq --print memory --no-preprocess | filecheck %s --check-prefix=MEMORY
; RUN: python -m llvm_passes %s --fn sumsq --mode reverse --activity dup,dup,const --print cache --no-preprocess \
; RUN:   | filecheck %s --check-prefix=CACHE
define i32 @sumsq(ptr noalias %retptr, ptr %x, i64 %n) {
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

; CHECK-LABEL: define i32 @rev.sumsq(ptr {{(noalias )?}}%retptr, ptr {{(noalias )?}}%retptr.shadow{{0?}}, ptr %x, ptr %x.shadow{{0?}}, i64 %n, ptr %tape.bytes)
; The forward loop records the induction variable of each exiting iteration and pushes nothing.
; CHECK:       loop:
; CHECK-NEXT:    %i = phi i64 [ 0, %entry ], [ %i.next, %loop ]
; CHECK:         %v = load double, ptr %p, align 8
; CHECK-NOT:     pyenzyme.tape.reserve
; CHECK:         store i64 %i, ptr %i.last
; CHECK-NEXT:    br i1 %done, label %exit, label %loop
; The exit block was entered from %entry or %loop: a recorded predecessor index (outside any loop: a slot).
; CHECK:       exit:
; CHECK-NEXT:    %exit.from = phi i32 [ 0, %entry ], [ 1, %loop ]
; Reverse of the loop body: no pop, x[i] is reloaded at the counted-down index.
; CHECK:       rev.loop.pop:
; CHECK-NEXT:    br label %rev.loop
; CHECK:       rev.loop:
; CHECK:         [[IV:%[-.a-z0-9]+]] = load i64, ptr %i.iv
; CHECK-NEXT:    [[P:%[-.a-z0-9]+]] = getelementptr inbounds double, ptr %x, i64 [[IV]]
; CHECK-NEXT:    [[V:%[-.a-z0-9]+]] = load double, ptr [[P]]
; d(v*v) = v ds + v ds, both terms from the reloaded value
; CHECK-NEXT:    {{%[-.a-z0-9]+}} = fmul double [[V]], [[DSQ:%[-.a-z0-9]+]]
; CHECK:         {{%[-.a-z0-9]+}} = fmul double [[V]], [[DSQ]]
; the adjoint of the load is added into the shadow of x at the same index
; CHECK:         [[SP:%[-.a-z0-9]+]] = getelementptr inbounds double, ptr %x.shadow{{0?}}, i64 [[IV]]
; CHECK-NEXT:    [[OLD:%[-.a-z0-9]+]] = load double, ptr [[SP]]
; CHECK-NEXT:    [[NEW:%[-.a-z0-9]+]] = fadd double [[OLD]]
; CHECK-NEXT:    store double [[NEW]], ptr [[SP]]
; first iteration reached (i == start 0)? else step i down by 1
; CHECK-NEXT:    [[FIRST:%[-.a-z0-9]+]] = icmp eq i64 [[IV]], 0
; CHECK-NEXT:    [[DOWN:%[-.a-z0-9]+]] = sub i64 [[IV]], 1
; CHECK-NEXT:    br i1 [[FIRST]], label %rev.loop.to.entry, label %rev.loop.to.loop
; The return value's adjoint is read from (and cleared in) the shadow of %retptr.
; CHECK:       rev.exit:
; CHECK-NEXT:    [[SEED:%[-.a-z0-9]+]] = load double, ptr %retptr.shadow{{0?}}
; CHECK:         store double {{-?}}0.000000e+00, ptr %retptr.shadow{{0?}}
; CHECK:         [[LAST:%[-.a-z0-9]+]] = load i64, ptr %i.last
; CHECK:         [[FROM:%[-.a-z0-9]+]] = load i32, ptr %cache
; CHECK-NEXT:    switch i32 [[FROM]], label %rev.exit.to.entry [
; CHECK-NEXT:      i32 0, label %rev.exit.to.entry
; CHECK-NEXT:      i32 1, label %rev.exit.to.loop
; CHECK-NEXT:    ]
; CHECK:       rev.loop.to.loop:
; CHECK-NEXT:    store i64 [[DOWN]], ptr %i.iv
; the adjoint of %s flows along the back edge into %s.next
; CHECK-NEXT:    [[DS:%[-.a-z0-9]+]] = load double, ptr %s.adj
; CHECK:         load double, ptr %s.next.adj
; CHECK:         br label %rev.loop.pop
; Entering the loop backwards from the exit starts the counter at the last value.
; CHECK:       rev.exit.to.loop:
; CHECK-NEXT:    store i64 [[LAST]], ptr %i.iv
; CHECK:         br label %rev.loop.pop
; The tape is never pushed in this function: no reserve helper, no realloc.
; CHECK-NOT:     {{pyenzyme.tape.reserve|@realloc}}
; CHECK:       declare void @free(ptr)
; CHECK-NOT:     {{pyenzyme.tape.reserve|@realloc}}

; After O2 the tape size written out is the constant 0:
; OPT-LABEL:   define {{.*}}i32 @rev.sumsq(
; OPT:           store i64 0, ptr %tape.bytes

; Why there is no tape (print_memory): only %retptr is written, so x[i] cannot change
; before the reverse sweep reads it again.
; MEMORY:      written: %retptr
; MEMORY-NEXT: %v: invariant
; MEMORY-EMPTY:

; The cache plan (print_cache_plan): x[i] and its address are recomputed from the
; counted-down %i; nothing is pushed on the tape.
; CACHE-NOT:   : tape (
; CACHE:       %i in loop: iv (rebuilt from the loop's reverse counter)
; CACHE-NEXT:  %p in loop: recompute (recomputed from values that need no tape)
; CACHE-NEXT:  %v in loop: recompute (recomputed from values that need no tape)
; CACHE:       last(%i) in -: lastiv (the loop counter's last value, saved at the loop exit)
; CACHE-NOT:   : tape (
