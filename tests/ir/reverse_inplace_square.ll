; REVERSE MODE. x[i] = x[i]*x[i] in place over a counted loop: each loaded value
; is overwritten by the store in the same iteration, so the reverse sweep cannot
; reload it. It is pushed on the tape at the end of each forward iteration and
; popped when the reverse of that iteration starts (LIFO).
; RUN: python -m llvm_passes %s --fn square_all --mode reverse --activity dup,const --no-preprocess | filecheck %s
; RUN: python -m llvm_passes %s --fn square_all --mode reverse --activity dup,const -O 2 --no-preprocess \
; RUN:   | filecheck %s --check-prefix=OPT
; RUN: python -m llvm_passes %s --fn square_all --print memory --no-preprocess | filecheck %s --check-prefix=MEMORY
; RUN: python -m llvm_passes %s --fn square_all --mode reverse --activity dup,const --print cache --no-preprocess \
; RUN:   | filecheck %s --check-prefix=CACHE
define i32 @square_all(ptr %x, i64 %n) {
entry:
  %empty = icmp slt i64 %n, 1
  br i1 %empty, label %exit, label %loop

loop:
  %i = phi i64 [ 0, %entry ], [ %i.next, %loop ]
  %p = getelementptr inbounds double, ptr %x, i64 %i
  %v = load double, ptr %p, align 8
  %sq = fmul double %v, %v
  store double %sq, ptr %p, align 8
  %i.next = add i64 %i, 1
  %done = icmp eq i64 %i.next, %n
  br i1 %done, label %exit, label %loop

exit:
  ret i32 0
}

; CHECK-LABEL: define i32 @rev.square_all(ptr %x, ptr %x.shadow{{0?}}, i64 %n, ptr %tape.bytes)
; CHECK:       setup:
; CHECK:         [[RELOAD:%reload[.0-9]*]] = alloca double
; forward: the old x[i] is pushed, one 8-byte slot per iteration
; CHECK:       loop:
; CHECK:         %v = load double, ptr %p, align 8
; CHECK-NEXT:    %sq = fmul double %v, %v
; CHECK-NEXT:    store double %sq, ptr %p, align 8
; CHECK:         [[TOP:%[-.a-z0-9]+]] = load i64, ptr %tape.top
; CHECK-NEXT:    [[NEED:%[-.a-z0-9]+]] = add i64 [[TOP]], 8
; CHECK-NEXT:    call void @pyenzyme.tape.reserve{{[.0-9]*}}(ptr %tape.base, ptr %tape.cap, i64 [[NEED]])
; CHECK-NEXT:    [[BASE:%[-.a-z0-9]+]] = load ptr, ptr %tape.base
; CHECK-NEXT:    [[AT:%[-.a-z0-9]+]] = getelementptr i8, ptr [[BASE]], i64 [[TOP]]
; CHECK-NEXT:    store double %v, ptr [[AT]], align 8
; CHECK:         store i64 [[NEED]], ptr %tape.top
; CHECK-NEXT:    br i1 %done, label %exit, label %loop
; reverse: pop the value back (top -= 8) before the body's reverse
; CHECK:       rev.loop.pop:
; CHECK-NEXT:    [[T1:%[-.a-z0-9]+]] = load i64, ptr %tape.top
; CHECK-NEXT:    [[T0:%[-.a-z0-9]+]] = sub i64 [[T1]], 8
; CHECK-NEXT:    [[B2:%[-.a-z0-9]+]] = load ptr, ptr %tape.base
; CHECK-NEXT:    [[AT2:%[-.a-z0-9]+]] = getelementptr i8, ptr [[B2]], i64 [[T0]]
; CHECK-NEXT:    [[OLD:%[-.a-z0-9]+]] = load double, ptr [[AT2]], align 8
; CHECK:         store i64 [[T0]], ptr %tape.top
; CHECK-NEXT:    store double [[OLD]], ptr [[RELOAD]]
; CHECK-NEXT:    br label %rev.loop
; CHECK:       rev.loop:
; CHECK-NEXT:    [[IV:%[-.a-z0-9]+]] = load i64, ptr %i.iv
; reverse of the store: x'[i] is taken as the adjoint of %sq and cleared
; CHECK-NEXT:    [[SP:%[-.a-z0-9]+]] = getelementptr inbounds double, ptr %x.shadow{{0?}}, i64 [[IV]]
; CHECK-NEXT:    [[DSTORE:%[-.a-z0-9]+]] = load double, ptr [[SP]]
; CHECK:         store double 0.000000e+00, ptr [[SP]]
; reverse of v*v uses the popped value, not a reload of x[i]
; CHECK-NOT:     load double, ptr %p
; CHECK:         [[V:%[-.a-z0-9]+]] = load double, ptr [[RELOAD]]
; CHECK-NEXT:    fmul double [[V]], {{%[-.a-z0-9]+}}
; CHECK:         fmul double [[V]], {{%[-.a-z0-9]+}}
; reverse of the load: x'[i] += v'
; CHECK:         [[OLDS:%[-.a-z0-9]+]] = load double, ptr [[SP]]
; CHECK-NEXT:    [[NEWS:%[-.a-z0-9]+]] = fadd double [[OLDS]], {{%[-.a-z0-9]+}}
; CHECK-NEXT:    store double [[NEWS]], ptr [[SP]]
; CHECK-NEXT:    [[FIRST:%[-.a-z0-9]+]] = icmp eq i64 [[IV]], 0
; CHECK-NEXT:    [[DOWN:%[-.a-z0-9]+]] = sub i64 [[IV]], 1
; CHECK-NEXT:    br i1 [[FIRST]], label %rev.loop.to.entry, label %rev.loop.to.loop
; the tape is released before returning: kept for the next call (up to eight buffers per tape)
; CHECK:         [[TB:%[-.a-z0-9]+]] = load ptr, ptr %tape.base
; CHECK-NEXT:    call void @[[KEEP:pyenzyme.tape.keep.pyenzyme.tape.spare[.0-9]*]](ptr [[TB]])
; the reserve calls the buffer's grow function (which may adopt the kept buffer) only when it is full
; CHECK:       define internal void @pyenzyme.tape.reserve
; CHECK:         call ptr @pyenzyme.tape.grow.pyenzyme.tape.spare{{[.0-9]*}}(ptr {{%[-.a-z0-9]+}}, i64 {{%[-.a-z0-9]+}}, i64 256)
; both are kept as calls, for a pass that differentiates this derivative again
; CHECK:       define linkonce_odr ptr @pyenzyme.tape.grow.pyenzyme.tape.spare{{[.0-9]*}}(ptr {{.*}} [[ATTRS:#[0-9]+]]
; a fresh tape takes the first buffer kept in the tape's eight slots
; CHECK:         [[S0:%[-.a-z0-9]+]] = getelementptr [8 x ptr], ptr @pyenzyme.tape.spare{{[.0-9]*}}, i64 0, i64 0
; CHECK-NEXT:    atomicrmw xchg ptr [[S0]], ptr null acq_rel
; CHECK:         call ptr @realloc(
; CHECK:       define linkonce_odr void @[[KEEP]](ptr [[KB:%[-.a-z0-9]+]]) [[ATTRS]]
; CHECK:         cmpxchg ptr {{%[-.a-z0-9]+}}, ptr null, ptr [[KB]] acq_rel monotonic
; with every slot taken, a released buffer replaces the last slot's, which is freed
; CHECK:         [[S7:%[-.a-z0-9]+]] = getelementptr [8 x ptr], ptr @pyenzyme.tape.spare{{[.0-9]*}}, i64 0, i64 7
; CHECK-NEXT:    [[OLD:%[-.a-z0-9]+]] = atomicrmw xchg ptr [[S7]], ptr [[KB]] acq_rel
; CHECK-NEXT:    call void @free(ptr [[OLD]])
; CHECK:       declare ptr @realloc(ptr, i64)
; CHECK:       attributes [[ATTRS]] = { noinline nounwind }

; After O2 the tape size written out is what the loop pushed (not a constant):
; OPT-LABEL:   define {{.*}}i32 @rev.square_all(
; OPT-NOT:       store i64 0, ptr %tape.bytes
; OPT:           store i64 {{%[-.a-z0-9]+}}, ptr %tape.bytes

; The store overwrites what %v loaded (print_memory), so the reverse sweep cannot
; load it again: the cache plan pushes it on the tape; the address is recomputed.
; MEMORY:      written: %x
; MEMORY-NEXT: %v: may change
; MEMORY-EMPTY:
; CACHE:       %i in loop: iv (rebuilt from the loop's reverse counter)
; CACHE-NEXT:  %v in loop: tape (pushed on the tape each time its block runs)
; CACHE:       shadow(%p) in loop: recompute (recomputed from values that need no tape)
