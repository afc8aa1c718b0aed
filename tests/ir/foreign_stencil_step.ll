; FOREIGN IR. stencil_step of csrc/reference.c as clang 14 -O1 compiles it
; (foreign/reference.ll, typed pointers): a malloc'd scratch grid filled by a
; doubly nested loop over the interior, copied back into u row by row (memcpy),
; then freed. This file holds only checks; the IR comes from foreign/.
; RUN: python -m llvm_passes %S/foreign/reference.ll --fn stencil_step --print types \
; RUN:   | filecheck %s --check-prefix=TYPES
; RUN: python -m llvm_passes %S/foreign/reference.ll --fn stencil_step --print memory \
; RUN:   | filecheck %s --check-prefix=MEMORY
; RUN: python -m llvm_passes %S/foreign/reference.ll --fn stencil_step --print activity \
; RUN:   --activity dup,const,const,const,const,const | filecheck %s --check-prefix=ACTIVITY
; RUN: python -m llvm_passes %S/foreign/reference.ll --fn stencil_step --mode forward \
; RUN:   --activity dup,const,const,const,const,const | filecheck %s --check-prefix=FWD
; RUN: python -m llvm_passes %S/foreign/reference.ll --fn stencil_step --mode reverse \
; RUN:   --activity dup,const,const,const,const,const | filecheck %s --check-prefix=REV

; Type analysis: `double* %0` seeds u (and the unused tmp) as pointers to doubles;
; the scratch grid from malloc learns it from the stores into it.
; TYPES:       %arg: {[-1]:Pointer, [-1,-1]:Float@double}
; TYPES-NEXT:  %arg12: {[-1]:Pointer, [-1,-1]:Float@double}
; TYPES-NEXT:  %arg13: {[-1]:Integer}
; TYPES:       %i24: {[-1]:Pointer, [-1,-1]:Float@double}
; TYPES:       %i62: {[-1]:Float@double}

; u and the scratch are written; every load of u may see a later step's values.
; MEMORY:      written: %arg, %i24
; MEMORY-NEXT: %i46: may change
; MEMORY-NEXT: %i49: may change
; MEMORY-NEXT: %i51: may change
; MEMORY-NEXT: %i54: may change
; MEMORY-NEXT: %i57: may change
; MEMORY-EMPTY:

; The scratch holds active values; loop counters, sizes and abort() are constant.
; ACTIVITY:      %arg: active
; ACTIVITY-NEXT: %arg12: constant
; ACTIVITY:      %i23: constant
; ACTIVITY-NEXT: %i24: active
; ACTIVITY:      call void @abort() #{{[0-9]+}}: constant
; ACTIVITY:      store double %i62, ptr %i63, align 8: active
; ACTIVITY:      call void @llvm.memcpy.p0.p0.i64({{.*}}): active

; Forward: the scratch gets a zeroed twin, freed with it; the row copies are repeated on the shadows.
; FWD-LABEL:   define void @fwd.stencil_step(ptr %arg, ptr %arg.shadow0, ptr %arg12, i64 %arg13, i64 %arg14, double %arg15, i64 %arg16)
; FWD:           %i24 = call ptr @malloc(i64 %i23)
; FWD-NEXT:      %i24.shadow0 = call ptr @malloc(i64 %i23)
; FWD-NEXT:      call void @llvm.memset.p0.i64(ptr %i24.shadow0, i8 0, i64 %i23, i1 false)
; FWD:           call void @free(ptr %i24)
; FWD-NEXT:      call void @free(ptr %i24.shadow0)
; FWD:           call void @llvm.memcpy.p0.p0.i64(ptr %i73, ptr %i74, i64 %i29, i1 false)
; FWD-NEXT:      call void @llvm.memcpy.p0.p0.i64(ptr %i73.shadow0, ptr %i74.shadow0, i64 %i29, i1 false)

; Reverse: the same zeroed twin; free(scratch) waits until the reverse sweep, which
; reads the twin, is done; the reverse of a row copy moves the adjoint back, element by element.
; REV-LABEL:   define void @rev.stencil_step(ptr %arg, ptr %arg.shadow0, ptr %arg12, i64 %arg13, i64 %arg14, double %arg15, i64 %arg16, ptr %tape.bytes)
; REV:         bb21:
; REV:           %i24.shadow0 = call ptr @malloc(i64 %i23)
; REV:           call void @llvm.memset.p0.i64(ptr %i24.shadow0, i8 0, i64 %i23, i1 false)
; REV:         bb33:
; REV-NOT:       call void @free
; REV:           store ptr %i24, ptr
; REV-NOT:       call void @free
; REV:           store ptr %i24.shadow0, ptr
; REV:         memcpy.adj:
; REV:           [[D:%[-.a-z0-9]+]] = load double, ptr [[DST:%[-.a-z0-9]+]], align 8
; REV-NEXT:      store double 0.000000e+00, ptr [[DST]], align 8
; REV:           [[S:%[-.a-z0-9]+]] = load double, ptr [[SRC:%[-.a-z0-9]+]], align 8
; REV-NEXT:      [[SUM:%[-.a-z0-9]+]] = fadd double [[S]], [[D]]
; REV-NEXT:      store double [[SUM]], ptr [[SRC]], align 8
; REV:           call void @free(ptr
