; entry: _ZN8__main__12complex_mathB3v15B38c8tJTIeFIjxB2IKSgI4CrvQClQZ6FczSBAA_3dEdd
; ModuleID = 'part0'
source_filename = "<string>"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

@_ZN08NumbaEnv8__main__12complex_mathB3v15B38c8tJTIeFIjxB2IKSgI4CrvQClQZ6FczSBAA_3dEdd = common global ptr null
@_ZN08NumbaEnv5numba7cpython7numbers16complex_mul_impl12_3clocals_3e11complex_mulB3v16B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAE10complex12810complex128 = common global ptr null
@.const.pickledata.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c = internal constant [102 x i8] c"\80\04\95[\00\00\00\00\00\00\00\8C\08builtins\94\8C\0CRuntimeError\94\93\94\8C6numba jitted function aborted due to unresolved symbol\94\85\94N\87\94."
@.const.pickledata.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c.sha1 = internal constant [20 x i8] c"\97\BE\DC\DF\EC\8E\80\B7\09>P\CE%\EDV\F7r\0E\0C\9C"
@.const.picklebuf.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c = internal constant { ptr, i32, ptr, ptr, i32 } { ptr @.const.pickledata.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c, i32 102, ptr @.const.pickledata.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c.sha1, ptr null, i32 0 }
@_ZN08NumbaEnv5numba7cpython7numbers16complex_div_impl12_3clocals_3e11complex_divB3v17B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAE10complex12810complex128 = common global ptr null
@.const.pickledata.a98815b67ce1d46003e4b8e4822baea1eb37712b = internal constant [168 x i8] c"\80\04\95\9D\00\00\00\00\00\00\00\8C\08builtins\94\8C\11ZeroDivisionError\94\93\94\8C\18complex division by zero\94\85\94\8C\0Bcomplex_div\94\8CF__________/.venv/lib/python3.11/site-packages/numba/cpython/numbers.py\94Mw\04\87\94\87\94."
@.const.pickledata.a98815b67ce1d46003e4b8e4822baea1eb37712b.sha1 = internal constant [20 x i8] c"\A9\88\15\B6|\E1\D4`\03\E4\B8\E4\82+\AE\A1\EB7q+"
@.const.picklebuf.a98815b67ce1d46003e4b8e4822baea1eb37712b = internal constant { ptr, i32, ptr, ptr, i32 } { ptr @.const.pickledata.a98815b67ce1d46003e4b8e4822baea1eb37712b, i32 168, ptr @.const.pickledata.a98815b67ce1d46003e4b8e4822baea1eb37712b.sha1, ptr null, i32 0 }
@.const.pickledata.b28008a0f88bad5ff0f0243e84dab90cab19b366 = internal constant [69 x i8] c"\80\04\95:\00\00\00\00\00\00\00\8C\08builtins\94\8C\11ZeroDivisionError\94\93\94\8C\10division by zero\94\85\94N\87\94."
@.const.pickledata.b28008a0f88bad5ff0f0243e84dab90cab19b366.sha1 = internal constant [20 x i8] c"\B2\80\08\A0\F8\8B\AD_\F0\F0$>\84\DA\B9\0C\AB\19\B3f"
@.const.picklebuf.b28008a0f88bad5ff0f0243e84dab90cab19b366 = internal constant { ptr, i32, ptr, ptr, i32 } { ptr @.const.pickledata.b28008a0f88bad5ff0f0243e84dab90cab19b366, i32 69, ptr @.const.pickledata.b28008a0f88bad5ff0f0243e84dab90cab19b366.sha1, ptr null, i32 0 }
@_ZN08NumbaEnv5numba7cpython7numbers16complex_abs_impl12_3clocals_3e11complex_absB3v18B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAE10complex128 = common global ptr null
@_ZN08NumbaEnv5numba7cpython8mathimpl16hypot_float_impl12_3clocals_3e10hypot_implB3v19B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEdd = common global ptr null

; Function Attrs: alwaysinline
define range(i32 0, 2) i32 @_ZN8__main__12complex_mathB3v15B38c8tJTIeFIjxB2IKSgI4CrvQClQZ6FczSBAA_3dEdd(ptr noalias captures(none) %retptr, ptr noalias captures(none) %excinfo, double %arg.x, double %arg.y) #0 {
entry:
  %.188 = alloca { double, double }, align 8
  store double 0.000000e+00, ptr %.188, align 8
  %.fca.1.gep1204 = getelementptr inbounds nuw i8, ptr %.188, i64 8
  store double 0.000000e+00, ptr %.fca.1.gep1204, align 8
  %.192 = alloca { double, double }, align 8
  store double 0.000000e+00, ptr %.192, align 8
  %.fca.1.gep1200 = getelementptr inbounds nuw i8, ptr %.192, i64 8
  store double 0.000000e+00, ptr %.fca.1.gep1200, align 8
  %.196 = alloca { double, double }, align 8
  store double 0.000000e+00, ptr %.196, align 8
  %.fca.1.gep = getelementptr inbounds nuw i8, ptr %.196, i64 8
  store double 0.000000e+00, ptr %.fca.1.gep, align 8
  %.46.i576 = fmul double %arg.x, %arg.x
  %.52.i580 = fmul double %arg.y, %arg.y
  %.58.i584 = fmul double %arg.x, %arg.y
  %.70.i592 = fsub double %.46.i576, %.52.i580
  %.80.i598 = fadd double %.58.i584, %.58.i584
  %.46.i71 = fmul double %arg.x, 0.000000e+00
  %.58.i79 = fmul double %arg.y, 0.000000e+00
  %.70.i87 = fsub double %.46.i71, %arg.y
  %.80.i93 = fadd double %.58.i79, %arg.x
  %.87 = fadd double %.70.i592, %.70.i87
  %.90 = fadd double %.80.i598, %.80.i93
  %.121 = fadd double %arg.x, 2.000000e+00
  %.124 = fadd double %arg.y, 0.000000e+00
  %.45.i1031 = call double @llvm.fabs.f64(double %.121)
  %.50.i1032 = call double @llvm.fabs.f64(double %.124)
  %.56.i1035 = fcmp ult double %.45.i1031, %.50.i1032
  br i1 %.56.i1035, label %B270.i, label %B132.i

B132.i:                                           ; preds = %entry
  %.59.i = fcmp oeq double %.121, 0.000000e+00
  br i1 %.59.i, label %_ZN5numba7cpython7numbers16complex_div_impl12_3clocals_3e11complex_divB3v17B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAE10complex12810complex128.exit, label %B174.endif.i

B270.i:                                           ; preds = %entry
  %.132.i1037 = fcmp ult double %.50.i1032, %.45.i1031
  br i1 %.132.i1037, label %B1434.i, label %B282.i1135

B282.i1135:                                       ; preds = %B270.i
  %.136.i1137 = fcmp oeq double %arg.y, 0.000000e+00
  br i1 %.136.i1137, label %_ZN5numba7cpython7numbers16complex_div_impl12_3clocals_3e11complex_divB3v17B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAE10complex12810complex128.exit, label %B282.endif.i, !prof !0

B1434.i:                                          ; preds = %B174.endif.endif.i, %B282.endif.endif.i, %B270.i
  %res.5.i.sroa.0.0 = phi double [ %.105.i, %B174.endif.endif.i ], [ %.159.i1144, %B282.endif.endif.i ], [ 0x7FF8000000000000, %B270.i ]
  %res.5.i.sroa.28.0 = phi double [ %.117.i, %B174.endif.endif.i ], [ %.171.i1147, %B282.endif.endif.i ], [ 0x7FF8000000000000, %B270.i ]
  %i = fadd double %res.5.i.sroa.0.0, %res.5.i.sroa.28.0
  br label %_ZN5numba7cpython7numbers16complex_div_impl12_3clocals_3e11complex_divB3v17B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAE10complex12810complex128.exit

B174.endif.i:                                     ; preds = %B132.i
  %.89.i = fdiv double %.124, %.121
  %.91.i = fmul double %.124, %.89.i
  %.93.i = fadd double %.121, %.91.i
  %.98.i = fcmp oeq double %.93.i, 0.000000e+00
  br i1 %.98.i, label %_ZN5numba7cpython7numbers16complex_div_impl12_3clocals_3e11complex_divB3v17B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAE10complex12810complex128.exit, label %B174.endif.endif.i, !prof !0

B174.endif.endif.i:                               ; preds = %B174.endif.i
  %.95.i = fmul double %.90, %.89.i
  %.97.i = fadd double %.87, %.95.i
  %.105.i = fdiv double %.97.i, %.93.i
  %.107.i = fmul double %.87, %.89.i
  %.109.i = fsub double %.90, %.107.i
  %.117.i = fdiv double %.109.i, %.93.i
  br label %B1434.i

B282.endif.i:                                     ; preds = %B282.i1135
  %.143.i1138 = fdiv double %.121, %.124
  %.145.i = fmul double %.121, %.143.i1138
  %.147.i = fadd double %.145.i, %.124
  %.152.i = fcmp oeq double %.147.i, 0.000000e+00
  br i1 %.152.i, label %_ZN5numba7cpython7numbers16complex_div_impl12_3clocals_3e11complex_divB3v17B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAE10complex12810complex128.exit, label %B282.endif.endif.i, !prof !0

B282.endif.endif.i:                               ; preds = %B282.endif.i
  %.149.i1141 = fmul double %.87, %.143.i1138
  %.151.i1143 = fadd double %.149.i1141, %.90
  %.159.i1144 = fdiv double %.151.i1143, %.147.i
  %.161.i1145 = fmul double %.90, %.143.i1138
  %.163.i1146 = fsub double %.161.i1145, %.87
  %.171.i1147 = fdiv double %.163.i1146, %.147.i
  br label %B1434.i

_ZN5numba7cpython7numbers16complex_div_impl12_3clocals_3e11complex_divB3v17B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAE10complex12810complex128.exit: ; preds = %B282.endif.i, %B282.i1135, %B174.endif.i, %B132.i, %B1434.i
  %.128.sroa.0.0 = phi double [ 0.000000e+00, %B174.endif.i ], [ 0.000000e+00, %B282.i1135 ], [ 0.000000e+00, %B132.i ], [ %i, %B1434.i ], [ 0.000000e+00, %B282.endif.i ]
  %excinfo.3.0 = phi ptr [ @.const.picklebuf.b28008a0f88bad5ff0f0243e84dab90cab19b366, %B174.endif.i ], [ @.const.picklebuf.b28008a0f88bad5ff0f0243e84dab90cab19b366, %B282.i1135 ], [ @.const.picklebuf.a98815b67ce1d46003e4b8e4822baea1eb37712b, %B132.i ], [ null, %B1434.i ], [ @.const.picklebuf.b28008a0f88bad5ff0f0243e84dab90cab19b366, %B282.endif.i ]
  %.139 = phi i1 [ true, %B174.endif.i ], [ true, %B282.i1135 ], [ true, %B132.i ], [ false, %B1434.i ], [ true, %B282.endif.i ]
  %.1321173 = phi i32 [ 1, %B174.endif.i ], [ 1, %B282.i1135 ], [ 1, %B132.i ], [ 0, %B1434.i ], [ 1, %B282.endif.i ]
  br i1 %.139, label %B0.endif.endif.if, label %B0.endif.endif.endif, !prof !0

B0.endif.endif.if:                                ; preds = %_ZN5numba7cpython7numbers16complex_div_impl12_3clocals_3e11complex_divB3v17B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAE10complex12810complex128.exit
  store ptr %excinfo.3.0, ptr %excinfo, align 8
  br label %common.ret

B0.endif.endif.endif:                             ; preds = %_ZN5numba7cpython7numbers16complex_div_impl12_3clocals_3e11complex_divB3v17B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAE10complex12810complex128.exit
  %.181 = fadd double %arg.x, 1.000000e+00
  store double 0.000000e+00, ptr %.188, align 8
  store double 0.000000e+00, ptr %.fca.1.gep1204, align 8
  store double %arg.x, ptr %.188, align 8
  store double %arg.y, ptr %.fca.1.gep1204, align 8
  store double 0.000000e+00, ptr %.192, align 8
  store double 0.000000e+00, ptr %.fca.1.gep1200, align 8
  store double %.181, ptr %.192, align 8
  store double %.124, ptr %.fca.1.gep1200, align 8
  store double 0.000000e+00, ptr %.196, align 8
  store double 0.000000e+00, ptr %.fca.1.gep, align 8
  %.201 = fcmp oeq double %.181, 2.000000e+00
  %.204 = fcmp oeq double %arg.y, 0.000000e+00
  %.205 = and i1 %.201, %.204
  br i1 %.205, label %B0.endif.endif.endif.if, label %B0.endif.endif.endif.else

common.ret:                                       ; preds = %B0.endif.endif.endif.endif, %B0.endif.endif.if
  %common.ret.op = phi i32 [ %.1321173, %B0.endif.endif.if ], [ 0, %B0.endif.endif.endif.endif ]
  ret i32 %common.ret.op

B0.endif.endif.endif.if:                          ; preds = %B0.endif.endif.endif
  store double %.70.i592, ptr %.196, align 8
  store double %.80.i598, ptr %.fca.1.gep, align 8
  br label %B0.endif.endif.endif.endif

B0.endif.endif.endif.else:                        ; preds = %B0.endif.endif.endif
  call void @numba_cpow(ptr nonnull %.188, ptr nonnull %.192, ptr nonnull %.196)
  br label %B0.endif.endif.endif.endif

B0.endif.endif.endif.endif:                       ; preds = %B0.endif.endif.endif.if, %B0.endif.endif.endif.else
  %.248.fca.0.load = load double, ptr %.196, align 8
  %.6.i1184 = call double @hypot(double %.87, double %.90), !noalias !1
  %.286 = fadd double %.128.sroa.0.0, %.6.i1184
  %.293 = fadd double %.286, %.248.fca.0.load
  store double %.293, ptr %retptr, align 8
  br label %common.ret
}

declare void @numba_cpow(ptr, ptr, ptr)

; Function Attrs: alwaysinline
define i32 @_ZN5numba7cpython7numbers16complex_mul_impl12_3clocals_3e11complex_mulB3v16B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAE10complex12810complex128(ptr noalias captures(none) %retptr, ptr noalias captures(none) %excinfo, double %arg.z.0, double %arg.z.1, double %arg.w.0, double %arg.w.1) #0 {
entry:
  %.58 = fmul double %arg.z.0, %arg.w.1
  %.64 = fmul double %arg.z.1, %arg.w.0
  %.80 = fadd double %.58, %.64
  %.46 = fmul double %arg.z.0, %arg.w.0
  %.52 = fmul double %arg.z.1, %arg.w.1
  %.70 = fsub double %.46, %.52
  store double %.70, ptr %retptr, align 8
  %retptr.repack19 = getelementptr inbounds nuw i8, ptr %retptr, i64 8
  store double %.80, ptr %retptr.repack19, align 8
  ret i32 0
}

; Function Attrs: nocallback nocreateundeforpoison nofree nosync nounwind speculatable willreturn memory(none)
declare double @llvm.copysign.f64(double, double) #1

; Function Attrs: alwaysinline
define i64 @nrt_atomic_add(ptr %.1) #0 {
.3:
  %.4 = atomicrmw add ptr %.1, i64 1 monotonic, align 8
  %.5 = add i64 %.4, 1
  ret i64 %.5
}

; Function Attrs: alwaysinline
define i64 @nrt_atomic_sub(ptr %.1) #0 {
.3:
  %.4 = atomicrmw sub ptr %.1, i64 1 monotonic, align 8
  %.5 = add i64 %.4, -1
  ret i64 %.5
}

; Function Attrs: alwaysinline
define range(i32 0, 2) i32 @nrt_atomic_cas(ptr %.1, i64 %.2, i64 %.3, ptr %.4) #0 {
.6:
  %.7 = cmpxchg ptr %.1, i64 %.2, i64 %.3 monotonic monotonic, align 8
  %.8 = extractvalue { i64, i1 } %.7, 0
  %.9 = extractvalue { i64, i1 } %.7, 1
  store i64 %.8, ptr %.4, align 8
  %.11 = zext i1 %.9 to i32
  ret i32 %.11
}

define ptr @NRT_MemInfo_data_fast(ptr %.1) {
.3:
  %.5 = getelementptr i8, ptr %.1, i64 24
  %.6 = load ptr, ptr %.5, align 8
  ret ptr %.6
}

; Function Attrs: noinline
define void @NRT_incref(ptr %.1) #2 {
.3:
  %.4 = icmp eq ptr %.1, null
  br i1 %.4, label %common.ret, label %.3.endif, !prof !0

common.ret:                                       ; preds = %.3, %.3.endif
  ret void

.3.endif:                                         ; preds = %.3
  %.4.i = atomicrmw add ptr %.1, i64 1 monotonic, align 8
  br label %common.ret
}

; Function Attrs: noinline
define void @NRT_decref(ptr %.1) #2 {
.3:
  %.4 = icmp eq ptr %.1, null
  br i1 %.4, label %common.ret, label %.3.endif, !prof !0

common.ret:                                       ; preds = %.3.endif, %.3.endif.if, %.3
  ret void

.3.endif:                                         ; preds = %.3
  fence release
  %.4.i = atomicrmw sub ptr %.1, i64 1 monotonic, align 8
  %.10 = icmp eq i64 %.4.i, 1
  br i1 %.10, label %.3.endif.if, label %common.ret, !prof !0

.3.endif.if:                                      ; preds = %.3.endif
  fence acquire
  call void @NRT_MemInfo_call_dtor(ptr nonnull %.1)
  br label %common.ret
}

declare void @NRT_MemInfo_call_dtor(ptr)

; Function Attrs: alwaysinline
define i32 @nrt_unresolved_abort(ptr %.1, ptr %.2) #0 {
.4:
  store ptr @.const.picklebuf.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c, ptr %.2, align 8, !numba_exception_output !7
  ret i32 1
}

; Function Attrs: alwaysinline
define range(i32 0, 2) i32 @_ZN5numba7cpython7numbers16complex_div_impl12_3clocals_3e11complex_divB3v17B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAE10complex12810complex128(ptr noalias captures(none) %retptr, ptr noalias captures(none) %excinfo, double %arg.a.0, double %arg.a.1, double %arg.b.0, double %arg.b.1) #0 {
entry:
  %.45 = call double @llvm.fabs.f64(double %arg.b.0)
  %.50 = call double @llvm.fabs.f64(double %arg.b.1)
  %.56 = fcmp ult double %.45, %.50
  br i1 %.56, label %B270, label %B132

B132:                                             ; preds = %entry
  %.59 = fcmp oeq double %arg.b.0, 0.000000e+00
  br i1 %.59, label %B144, label %B174.endif

common.ret:                                       ; preds = %B282.endif.if, %B282.if, %B174.endif.if, %B430.endif.if, %B144
  %common.ret.op = phi i32 [ 1, %B144 ], [ 0, %B430.endif.if ], [ 1, %B174.endif.if ], [ 1, %B282.if ], [ 1, %B282.endif.if ]
  ret i32 %common.ret.op

B144:                                             ; preds = %B132
  store ptr @.const.picklebuf.a98815b67ce1d46003e4b8e4822baea1eb37712b, ptr %excinfo, align 8, !numba_exception_output !7
  br label %common.ret

B270:                                             ; preds = %entry
  %.132 = fcmp ult double %.50, %.45
  br i1 %.132, label %B430.endif.if, label %B282

B282:                                             ; preds = %B270
  %.136 = fcmp oeq double %arg.b.1, 0.000000e+00
  br i1 %.136, label %B282.if, label %B282.endif, !prof !0

B174.endif:                                       ; preds = %B132
  %.89 = fdiv double %arg.b.1, %arg.b.0
  %.91 = fmul double %arg.b.1, %.89
  %.93 = fadd double %arg.b.0, %.91
  %.98 = fcmp oeq double %.93, 0.000000e+00
  br i1 %.98, label %B174.endif.if, label %B174.endif.endif.endif, !prof !0

B174.endif.if:                                    ; preds = %B174.endif
  store ptr @.const.picklebuf.b28008a0f88bad5ff0f0243e84dab90cab19b366, ptr %excinfo, align 8, !numba_exception_output !7
  br label %common.ret

B174.endif.endif.endif:                           ; preds = %B174.endif
  %.107 = fmul double %arg.a.0, %.89
  %.109 = fsub double %arg.a.1, %.107
  %.95 = fmul double %arg.a.1, %.89
  %.97 = fadd double %arg.a.0, %.95
  %.105 = fdiv double %.97, %.93
  %.117 = fdiv double %.109, %.93
  br label %B430.endif.if

B282.if:                                          ; preds = %B282
  store ptr @.const.picklebuf.b28008a0f88bad5ff0f0243e84dab90cab19b366, ptr %excinfo, align 8, !numba_exception_output !7
  br label %common.ret

B282.endif:                                       ; preds = %B282
  %.143 = fdiv double %arg.b.0, %arg.b.1
  %.145 = fmul double %arg.b.0, %.143
  %.147 = fadd double %.145, %arg.b.1
  %.152 = fcmp oeq double %.147, 0.000000e+00
  br i1 %.152, label %B282.endif.if, label %B282.endif.endif.endif, !prof !0

B282.endif.if:                                    ; preds = %B282.endif
  store ptr @.const.picklebuf.b28008a0f88bad5ff0f0243e84dab90cab19b366, ptr %excinfo, align 8, !numba_exception_output !7
  br label %common.ret

B282.endif.endif.endif:                           ; preds = %B282.endif
  %.161 = fmul double %arg.a.1, %.143
  %.163 = fsub double %.161, %arg.a.0
  %.149 = fmul double %arg.a.0, %.143
  %.151 = fadd double %.149, %arg.a.1
  %.159 = fdiv double %.151, %.147
  %.171 = fdiv double %.163, %.147
  br label %B430.endif.if

B430.endif.if:                                    ; preds = %B270, %B282.endif.endif.endif, %B174.endif.endif.endif
  %res.5.sroa.21.0 = phi double [ %.117, %B174.endif.endif.endif ], [ %.171, %B282.endif.endif.endif ], [ 0x7FF8000000000000, %B270 ]
  %res.5.sroa.0.0 = phi double [ %.105, %B174.endif.endif.endif ], [ %.159, %B282.endif.endif.endif ], [ 0x7FF8000000000000, %B270 ]
  store double %res.5.sroa.0.0, ptr %retptr, align 8
  %retptr.repack45 = getelementptr inbounds nuw i8, ptr %retptr, i64 8
  store double %res.5.sroa.21.0, ptr %retptr.repack45, align 8
  br label %common.ret
}

; Function Attrs: nocallback nocreateundeforpoison nofree nosync nounwind speculatable willreturn memory(none)
declare double @llvm.fabs.f64(double) #1

; Function Attrs: alwaysinline
define i32 @_ZN5numba7cpython7numbers16complex_abs_impl12_3clocals_3e11complex_absB3v18B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAE10complex128(ptr noalias captures(none) %retptr, ptr noalias captures(none) %excinfo, double %arg.z.0, double %arg.z.1) #0 {
entry:
  %.6.i = call double @hypot(double %arg.z.0, double %arg.z.1), !noalias !8
  store double %.6.i, ptr %retptr, align 8
  ret i32 0
}

; Function Attrs: alwaysinline
define i32 @_ZN5numba7cpython8mathimpl16hypot_float_impl12_3clocals_3e10hypot_implB3v19B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEdd(ptr noalias captures(none) %retptr, ptr noalias captures(none) %excinfo, double %arg.x, double %arg.y) #0 {
entry:
  %.6 = call double @hypot(double %arg.x, double %arg.y)
  store double %.6, ptr %retptr, align 8
  ret i32 0
}

declare double @hypot(double, double)

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(inaccessiblemem: readwrite)
declare void @llvm.experimental.noalias.scope.decl(metadata) #3

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(argmem: readwrite)
declare void @llvm.lifetime.start.p0(ptr captures(none)) #4

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(argmem: readwrite)
declare void @llvm.lifetime.end.p0(ptr captures(none)) #4

attributes #0 = { alwaysinline }
attributes #1 = { nocallback nocreateundeforpoison nofree nosync nounwind speculatable willreturn memory(none) }
attributes #2 = { noinline }
attributes #3 = { nocallback nofree nosync nounwind willreturn memory(inaccessiblemem: readwrite) }
attributes #4 = { nocallback nofree nosync nounwind willreturn memory(argmem: readwrite) }

!0 = !{!"branch_weights", i32 1, i32 99}
!1 = !{!2, !4, !6}
!2 = distinct !{!2, !3, !"_ZN5numba7cpython8mathimpl16hypot_float_impl12_3clocals_3e10hypot_implB3v19B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEdd: %retptr"}
!3 = distinct !{!3, !"_ZN5numba7cpython8mathimpl16hypot_float_impl12_3clocals_3e10hypot_implB3v19B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEdd"}
!4 = distinct !{!4, !5, !"_ZN5numba7cpython7numbers16complex_abs_impl12_3clocals_3e11complex_absB3v18B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAE10complex128: %retptr"}
!5 = distinct !{!5, !"_ZN5numba7cpython7numbers16complex_abs_impl12_3clocals_3e11complex_absB3v18B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAE10complex128"}
!6 = distinct !{!6, !5, !"_ZN5numba7cpython7numbers16complex_abs_impl12_3clocals_3e11complex_absB3v18B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAE10complex128: %excinfo"}
!7 = !{i1 true}
!8 = !{!9}
!9 = distinct !{!9, !10, !"_ZN5numba7cpython8mathimpl16hypot_float_impl12_3clocals_3e10hypot_implB3v19B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEdd: %retptr"}
!10 = distinct !{!10, !"_ZN5numba7cpython8mathimpl16hypot_float_impl12_3clocals_3e10hypot_implB3v19B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEdd"}
