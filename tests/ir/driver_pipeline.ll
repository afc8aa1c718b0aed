; The driver with the pre-AD pipeline (no --no-preprocess): the helper @cube is
; inlined into @f and the stack slot it writes through is promoted to a register,
; so the passes see straight-line code. Also split mode, and usage errors.
; RUN: python -m llvm_passes %s --fn f --print primal | filecheck %s --check-prefix=PRIMAL
; RUN: python -m llvm_passes %s --fn f --mode forward --activity dup,dup | filecheck %s --check-prefix=FWD
; RUN: python -m llvm_passes %s --fn f --mode split --activity dup,active | filecheck %s --check-prefix=SPLIT
; RUN: python -m llvm_passes %s --fn f --mode reverse --activity dup,active --name df -O 3 \
; RUN:   | filecheck %s --check-prefix=OPT
; RUN: not python -m llvm_passes %s --fn g --mode forward --activity dup 2>&1 | filecheck %s --check-prefix=ERR-FN
; RUN: not python -m llvm_passes %s --fn f --mode reverse --activity dup 2>&1 | filecheck %s --check-prefix=ERR-COUNT
; RUN: not python -m llvm_passes %s --fn f --mode reverse --activity dup,dup 2>&1 | filecheck %s --check-prefix=ERR-KIND
define internal void @cube(ptr %out, double %x) {
entry:
  %x2 = fmul double %x, %x
  %x3 = fmul double %x2, %x
  store double %x3, ptr %out, align 8
  ret void
}

define i32 @f(ptr noalias %retptr, double %x) {
entry:
  %slot = alloca double, align 8
  call void @cube(ptr %slot, double %x)
  %c = load double, ptr %slot, align 8
  %r = fadd double %c, 1.000000e+00
  store double %r, ptr %retptr, align 8
  ret i32 0
}

; PRIMAL-LABEL: define i32 @f(ptr noalias %retptr, double %x)
; PRIMAL-NOT:     alloca
; PRIMAL-NOT:     call
; PRIMAL:         %x2.i = fmul double %x, %x
; PRIMAL-NEXT:    %x3.i = fmul double %x2.i, %x
; PRIMAL-NEXT:    %r = fadd double %x3.i, 1.000000e+00
; PRIMAL-NEXT:    store double %r, ptr %retptr, align 8
; PRIMAL-NEXT:    ret i32 0

; Forward mode on the inlined body: d(x*x) = 2 x dx, then the product rule once more;
; the constant 1.0 adds nothing, so %r's tangent is that of %x3.i.
; FWD-LABEL:   define i32 @fwd.f(ptr %retptr, ptr %retptr.shadow0, double %x, double %x.shadow0)
; FWD-NEXT:    entry:
; FWD-NEXT:      %x2.i = fmul double %x, %x
; FWD-NEXT:      [[A:%[-.a-z0-9]+]] = fmul double %x, %x.shadow0
; FWD-NEXT:      [[B:%[-.a-z0-9]+]] = fmul double %x, %x.shadow0
; FWD-NEXT:      [[D2:%[-.a-z0-9]+]] = fadd double [[A]], [[B]]
; FWD-NEXT:      %x3.i = fmul double %x2.i, %x
; FWD-NEXT:      [[C:%[-.a-z0-9]+]] = fmul double %x, [[D2]]
; FWD-NEXT:      [[E:%[-.a-z0-9]+]] = fmul double %x2.i, %x.shadow0
; FWD-NEXT:      [[D3:%[-.a-z0-9]+]] = fadd double [[C]], [[E]]
; FWD-NEXT:      %r = fadd double %x3.i, 1.000000e+00
; FWD-NEXT:      store double %r, ptr %retptr, align 8
; FWD-NEXT:      store double [[D3]], ptr %retptr.shadow0, align 8
; FWD-NEXT:      ret i32 0

; SPLIT-DAG:   define internal i32 @rev.f.phases(
; SPLIT-DAG:   define i32 @rev.f.forward(ptr %{{[.0-9"]+}}, ptr %{{[.0-9"]+}}, double %{{[.0-9"]+}}, ptr %{{[.0-9"]+}}, ptr %{{[.0-9"]+}}, ptr %{{[.0-9"]+}})
; SPLIT-DAG:   define i32 @rev.f.reverse(
; SPLIT-DAG:   define i32 @rev.f.free(ptr

; After O3, d(x^3 + 1) = 3 x^2: only products of %x and the seed are left.
; OPT-LABEL:   define {{.*}}i32 @df(ptr {{.*}}%retptr, ptr {{.*}}%retptr.shadow0, double %x, ptr {{.*}}%x.adjoint0, ptr {{.*}}%tape.bytes)
; OPT-NOT:       call
; OPT:           fmul
; OPT:           ret i32 0

; ERR-FN:      error: function @g is not defined in {{.*}}driver_pipeline.ll (functions defined: cube, f)
; ERR-COUNT:   error: @f has 2 arguments (ptr %retptr, double %x) but --activity gives 1
; ERR-KIND:    error: %x (double) cannot be dup: only pointers have shadows in reverse mode
