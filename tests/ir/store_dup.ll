; Stores through a duplicated pointer: an active value stores its tangent, a
; constant stores 0.0 into the shadow; %c and %i are constants.
; RUN: python -m llvm_passes %s --fn scale --mode forward --activity dup,dup,const,const --no-preprocess | filecheck %s
; RUN: python -m llvm_passes %s --fn scale --print types --no-preprocess | filecheck %s --check-prefix=TYPES
define void @scale(ptr %out, ptr %in, double %c, i64 %i) {
entry:
  %src = getelementptr inbounds double, ptr %in, i64 %i
  %v = load double, ptr %src, align 8
  %w = fmul double %v, %c
  %dst = getelementptr inbounds double, ptr %out, i64 %i
  store double %w, ptr %dst, align 8
  %next = getelementptr inbounds i8, ptr %dst, i64 8
  store double 1.000000e+00, ptr %next, align 8
  ret void
}

; CHECK-LABEL: define void @fwd.scale(ptr %out, ptr %out.shadow0, ptr %in, ptr %in.shadow0, double %c, i64 %i)
; CHECK-NEXT:  entry:
; CHECK-NEXT:    %src = getelementptr inbounds double, ptr %in, i64 %i
; CHECK-NEXT:    %src.shadow0 = getelementptr inbounds double, ptr %in.shadow0, i64 %i
; CHECK-NEXT:    %v = load double, ptr %src, align 8
; CHECK-NEXT:    %v.shadow0 = load double, ptr %src.shadow0, align 8
; CHECK-NEXT:    %w = fmul double %v, %c
; CHECK-NEXT:    [[DW:%[-.a-z0-9]+]] = fmul double %c, %v.shadow0
; CHECK-NEXT:    %dst = getelementptr inbounds double, ptr %out, i64 %i
; CHECK-NEXT:    %dst.shadow0 = getelementptr inbounds double, ptr %out.shadow0, i64 %i
; CHECK-NEXT:    store double %w, ptr %dst, align 8
; CHECK-NEXT:    store double [[DW]], ptr %dst.shadow0, align 8
; CHECK-NEXT:    %next = getelementptr inbounds i8, ptr %dst, i64 8
; CHECK-NEXT:    %next.shadow0 = getelementptr inbounds i8, ptr %dst.shadow0, i64 8
; CHECK-NEXT:    store double 1.000000e+00, ptr %next, align 8
; CHECK-NEXT:    store double 0.000000e+00, ptr %next.shadow0, align 8
; CHECK-NEXT:    ret void

; Type analysis (print_types): loads and stores of doubles make every pointer derived
; from %in and %out (also %next, an i8 GEP 8 bytes on) a pointer to doubles.
; TYPES:       %out: {[-1]:Pointer, [-1,-1]:Float@double}
; TYPES-NEXT:  %in: {[-1]:Pointer, [-1,-1]:Float@double}
; TYPES-NEXT:  %c: {[-1]:Float@double}
; TYPES-NEXT:  %i: {[-1]:Integer}
; TYPES-NEXT:  %src: {[-1]:Pointer, [-1,-1]:Float@double}
; TYPES-NEXT:  %v: {[-1]:Float@double}
; TYPES-NEXT:  %w: {[-1]:Float@double}
; TYPES-NEXT:  %dst: {[-1]:Pointer, [-1,-1]:Float@double}
; TYPES-NEXT:  %next: {[-1]:Pointer, [-1,-1]:Float@double}
; TYPES-EMPTY:
