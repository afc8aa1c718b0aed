; entry: _ZN8__main__10math_callsB3v27B38c8tJTIeFIjxB2IKSgI4CrvQClQZ6FczSBAA_3dEdd
; ModuleID = 'part0'
source_filename = "<string>"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

@_ZN08NumbaEnv8__main__10math_callsB3v27B38c8tJTIeFIjxB2IKSgI4CrvQClQZ6FczSBAA_3dEdd = common global ptr null
@.const.pickledata.cfcda1755dac289c72775312a52f917ef5cb4086 = internal constant [67 x i8] c"\80\04\958\00\00\00\00\00\00\00\8C\08builtins\94\8C\11ZeroDivisionError\94\93\94\8C\0Emodulo by zero\94\85\94N\87\94."
@.const.pickledata.cfcda1755dac289c72775312a52f917ef5cb4086.sha1 = internal constant [20 x i8] c"\CF\CD\A1u]\AC(\9CrwS\12\A5/\91~\F5\CB@\86"
@.const.picklebuf.cfcda1755dac289c72775312a52f917ef5cb4086 = internal constant { ptr, i32, ptr, ptr, i32 } { ptr @.const.pickledata.cfcda1755dac289c72775312a52f917ef5cb4086, i32 67, ptr @.const.pickledata.cfcda1755dac289c72775312a52f917ef5cb4086.sha1, ptr null, i32 0 }
@_ZN08NumbaEnv5numba7cpython8builtins6ol_int12_3clocals_3e4implB3v28B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEd = common global ptr null
@.const.pickledata.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c = internal constant [102 x i8] c"\80\04\95[\00\00\00\00\00\00\00\8C\08builtins\94\8C\0CRuntimeError\94\93\94\8C6numba jitted function aborted due to unresolved symbol\94\85\94N\87\94."
@.const.pickledata.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c.sha1 = internal constant [20 x i8] c"\97\BE\DC\DF\EC\8E\80\B7\09>P\CE%\EDV\F7r\0E\0C\9C"
@.const.picklebuf.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c = internal constant { ptr, i32, ptr, ptr, i32 } { ptr @.const.pickledata.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c, i32 102, ptr @.const.pickledata.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c.sha1, ptr null, i32 0 }

; Function Attrs: alwaysinline
define range(i32 0, 2) i32 @_ZN8__main__10math_callsB3v27B38c8tJTIeFIjxB2IKSgI4CrvQClQZ6FczSBAA_3dEdd(ptr noalias captures(none) %retptr, ptr noalias captures(none) %excinfo, double %arg.x, double %arg.y) #0 {
entry:
  %.13 = fmul double %arg.x, %arg.x
  %.14 = fmul double %arg.y, %arg.y
  %.15 = fadd double %.13, %.14
  %.16 = call double @sqrt(double %.15)
  %.19 = call double @tanh(double %arg.x)
  %.21 = call double @atan2(double %arg.y, double %arg.x)
  %.31 = fcmp oeq double %arg.y, 0.000000e+00
  br i1 %.31, label %B0.if, label %B0.else, !prof !0

common.ret:                                       ; preds = %entry.endif.i, %B0.if
  %common.ret.op = phi i32 [ 1, %B0.if ], [ 0, %entry.endif.i ]
  ret i32 %common.ret.op

B0.if:                                            ; preds = %entry
  store ptr @.const.picklebuf.cfcda1755dac289c72775312a52f917ef5cb4086, ptr %excinfo, align 8, !numba_exception_output !1
  br label %common.ret

B0.else:                                          ; preds = %entry
  %.11.i = frem double %arg.x, %arg.y
  %.16.i = fcmp une double %.11.i, 0.000000e+00
  %.17.i = fcmp olt double %arg.y, 0.000000e+00
  br i1 %.16.i, label %entry.if.i, label %entry.else.i, !prof !2

entry.if.i:                                       ; preds = %B0.else
  %.18.i = fcmp olt double %.11.i, 0.000000e+00
  %.20.i = xor i1 %.17.i, %.18.i
  %.24.i = fadd double %.11.i, %arg.y
  %.5.i.1 = select i1 %.20.i, double %.24.i, double %.11.i
  br label %entry.endif.i

entry.else.i:                                     ; preds = %B0.else
  %.28.i = select i1 %.17.i, double -0.000000e+00, double 0.000000e+00
  br label %entry.endif.i

entry.endif.i:                                    ; preds = %entry.if.i, %entry.else.i
  %.5.i.0 = phi double [ %.5.i.1, %entry.if.i ], [ %.28.i, %entry.else.i ]
  %.5.i1 = fptosi double %arg.x to i64
  %.22 = fsub double %arg.x, %arg.y
  %.23 = call double @llvm.fabs.f64(double %.22)
  %.24 = fadd double %.21, %.23
  %.25 = call double @llvm.floor.f64(double %arg.x)
  %.26 = fptosi double %.25 to i64
  %.27 = sitofp i64 %.26 to double
  %.28 = fadd double %.24, %.27
  %.47 = fadd double %.28, %.5.i.0
  %.17 = call double @llvm.pow.f64(double %arg.x, double %arg.y)
  %.18 = fadd double %.16, %.17
  %.20 = fadd double %.18, %.19
  %.6 = call double @llvm.exp.f64(double %arg.x)
  %.7 = call double @llvm.log.f64(double %arg.y)
  %.8 = fadd double %.6, %.7
  %.9 = call double @llvm.sin.f64(double %arg.x)
  %.10 = call double @llvm.cos.f64(double %arg.y)
  %.11 = fmul double %.9, %.10
  %.12 = fadd double %.8, %.11
  %.72 = fadd double %.12, %.20
  %.73 = fadd double %.72, %.47
  %.74 = sitofp i64 %.5.i1 to double
  %.75 = fadd double %.73, %.74
  store double %.75, ptr %retptr, align 8
  br label %common.ret
}

; Function Attrs: nocallback nocreateundeforpoison nofree nosync nounwind speculatable willreturn memory(none)
declare double @llvm.exp.f64(double) #1

; Function Attrs: nocallback nocreateundeforpoison nofree nosync nounwind speculatable willreturn memory(none)
declare double @llvm.log.f64(double) #1

; Function Attrs: nocallback nocreateundeforpoison nofree nosync nounwind speculatable willreturn memory(none)
declare double @llvm.sin.f64(double) #1

; Function Attrs: nocallback nocreateundeforpoison nofree nosync nounwind speculatable willreturn memory(none)
declare double @llvm.cos.f64(double) #1

; Function Attrs: nounwind memory(read)
declare double @sqrt(double) #2

; Function Attrs: nocallback nocreateundeforpoison nofree nosync nounwind speculatable willreturn memory(none)
declare double @llvm.pow.f64(double, double) #1

; Function Attrs: nounwind memory(read)
declare double @tanh(double) #2

; Function Attrs: nounwind memory(read)
declare double @atan2(double, double) #2

; Function Attrs: nocallback nocreateundeforpoison nofree nosync nounwind speculatable willreturn memory(none)
declare double @llvm.fabs.f64(double) #1

; Function Attrs: nounwind memory(read)
declare double @floor(double) #2

; Function Attrs: alwaysinline
define i32 @_ZN5numba7cpython8builtins6ol_int12_3clocals_3e4implB3v28B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEd(ptr noalias captures(none) %retptr, ptr noalias captures(none) %excinfo, double %arg.x) #0 {
entry:
  %.5 = fptosi double %arg.x to i64
  store i64 %.5, ptr %retptr, align 8
  ret i32 0
}

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
define void @NRT_incref(ptr %.1) #3 {
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
define void @NRT_decref(ptr %.1) #3 {
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
  store ptr @.const.picklebuf.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c, ptr %.2, align 8, !numba_exception_output !1
  ret i32 1
}

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(argmem: readwrite)
declare void @llvm.lifetime.start.p0(ptr captures(none)) #4

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(argmem: readwrite)
declare void @llvm.lifetime.end.p0(ptr captures(none)) #4

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(inaccessiblemem: readwrite)
declare void @llvm.experimental.noalias.scope.decl(metadata) #5

; Function Attrs: nocallback nocreateundeforpoison nofree nosync nounwind speculatable willreturn memory(none)
declare double @llvm.floor.f64(double) #1

attributes #0 = { alwaysinline }
attributes #1 = { nocallback nocreateundeforpoison nofree nosync nounwind speculatable willreturn memory(none) }
attributes #2 = { nounwind memory(read) }
attributes #3 = { noinline }
attributes #4 = { nocallback nofree nosync nounwind willreturn memory(argmem: readwrite) }
attributes #5 = { nocallback nofree nosync nounwind willreturn memory(inaccessiblemem: readwrite) }

!0 = !{!"branch_weights", i32 1, i32 99}
!1 = !{i1 true}
!2 = !{!"branch_weights", i32 99, i32 1}
