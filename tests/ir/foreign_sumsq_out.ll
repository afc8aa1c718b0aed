; FOREIGN IR. Two clang modules linked: sumsq_out (foreign/wrappers.ll) calls sumsq,
; which only foreign/reference.ll defines. The pre-AD pipeline inlines the kernel
; into the wrapper; `double *restrict out` became `noalias`, so storing the result
; cannot change x and the reverse sweep reloads x[i]: no tape. sumsq itself returns
; its double: the reverse derivative takes that result's adjoint as a seed argument,
; the forward derivative returns {result, tangent}.
; RUN: python -m llvm_passes %S/foreign/reference.ll %S/foreign/wrappers.ll --fn sumsq_out \
; RUN:   --mode reverse --activity dup,dup,const | filecheck %s
; RUN: python -m llvm_passes %S/foreign/reference.ll %S/foreign/wrappers.ll --fn sumsq_out \
; RUN:   --print memory | filecheck %s --check-prefix=MEMORY
; RUN: python -m llvm_passes %S/foreign/reference.ll %S/foreign/wrappers.ll --fn sumsq_out \
; RUN:   --mode forward --activity dup,dup,const --width 2 | filecheck %s --check-prefix=FWD
; RUN: python -m llvm_passes %S/foreign/reference.ll --fn sumsq --mode reverse --activity dup,const \
; RUN:   | filecheck %s --check-prefix=RET
; RUN: python -m llvm_passes %S/foreign/reference.ll --fn sumsq --mode forward --activity dup,const \
; RUN:   | filecheck %s --check-prefix=RETFWD

; CHECK-LABEL: define void @rev.sumsq_out(ptr %arg, ptr %arg.shadow0, ptr %arg1, ptr %arg1.shadow0, i64 %arg2, ptr %tape.bytes)
; CHECK-NOT:     call double @sumsq
; CHECK-NOT:     pyenzyme.tape.reserve
; CHECK:         load double, ptr %arg.shadow0
; CHECK:         store double {{-?}}0.000000e+00, ptr %arg.shadow0

; MEMORY:      written: %arg
; MEMORY-NEXT: %{{[a-z0-9]+}}: invariant
; MEMORY-EMPTY:

; Batch width 2: two shadows per dup argument, two tangent lanes through the loop.
; FWD-LABEL:   define void @fwd.sumsq_out(ptr %arg, ptr %arg.shadow0, ptr %arg.shadow1, ptr %arg1, ptr %arg1.shadow0, ptr %arg1.shadow1, i64 %arg2)
; FWD-NOT:       call double @sumsq
; FWD:           store double {{%[-.a-z0-9]+}}, ptr %arg.shadow0, align 8
; FWD-NEXT:      store double {{%[-.a-z0-9]+}}, ptr %arg.shadow1, align 8

; RET-LABEL: define double @rev.sumsq(ptr %arg, ptr %arg.shadow0, i64 %arg1, double %return.seed0, ptr %tape.bytes)
; RET:         fadd double {{%[-.a-z0-9]+}}, %return.seed0
; RET:         ret double

; RETFWD-LABEL: define { double, double } @fwd.sumsq(ptr %arg, ptr %arg.shadow0, i64 %arg1)
; RETFWD:         ret { double, double }
