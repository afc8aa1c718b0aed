; entry: _ZN8__main__7helpersB3v30B38c8tJTIeFIjxB2IKSgI4CrvQClQZ6FczSBAA_3dE5ArrayIdLi1E1C7mutable7alignedEd
; ModuleID = 'part0'
source_filename = "<string>"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

@_ZN08NumbaEnv8__main__7helpersB3v30B38c8tJTIeFIjxB2IKSgI4CrvQClQZ6FczSBAA_3dE5ArrayIdLi1E1C7mutable7alignedEd = common global ptr null
@.const.pickledata.ca8efb3a72d614fe872032cce3ac326007a30727 = internal constant [76 x i8] c"\80\04\95A\00\00\00\00\00\00\00\8C\08builtins\94\8C\0AValueError\94\93\94\8C\1Erange() arg 3 must not be zero\94\85\94N\87\94."
@.const.pickledata.ca8efb3a72d614fe872032cce3ac326007a30727.sha1 = internal constant [20 x i8] c"\CA\8E\FB:r\D6\14\FE\87 2\CC\E3\AC2`\07\A3\07'"
@.const.picklebuf.ca8efb3a72d614fe872032cce3ac326007a30727 = internal constant { ptr, i32, ptr, ptr, i32 } { ptr @.const.pickledata.ca8efb3a72d614fe872032cce3ac326007a30727, i32 76, ptr @.const.pickledata.ca8efb3a72d614fe872032cce3ac326007a30727.sha1, ptr null, i32 0 }
@numba.dynamic.globals.7f6c4bd54550 = linkonce global ptr inttoptr (i64 140103105463632 to ptr)
@_ZN08NumbaEnv8__main__9_weightedB3v31B38c8tJTIeFIjxB2IKSgI4CrvQClQZ6FczSBAA_3dEdd = common global ptr null
@numba.dynamic.globals.7f6c4bd54410 = linkonce global ptr inttoptr (i64 140103105463312 to ptr)
@_ZN08NumbaEnv8__main__9_softplusB3v32B38c8tJTIeFIjxB2IKSgI4CrvQClQZ6FczSBAA_3dEd = common global ptr null
@.const.pickledata.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c = internal constant [102 x i8] c"\80\04\95[\00\00\00\00\00\00\00\8C\08builtins\94\8C\0CRuntimeError\94\93\94\8C6numba jitted function aborted due to unresolved symbol\94\85\94N\87\94."
@.const.pickledata.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c.sha1 = internal constant [20 x i8] c"\97\BE\DC\DF\EC\8E\80\B7\09>P\CE%\EDV\F7r\0E\0C\9C"
@.const.picklebuf.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c = internal constant { ptr, i32, ptr, ptr, i32 } { ptr @.const.pickledata.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c, i32 102, ptr @.const.pickledata.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c.sha1, ptr null, i32 0 }

; Function Attrs: alwaysinline
define i32 @_ZN8__main__7helpersB3v30B38c8tJTIeFIjxB2IKSgI4CrvQClQZ6FczSBAA_3dE5ArrayIdLi1E1C7mutable7alignedEd(ptr noalias captures(none) %retptr, ptr noalias captures(none) %excinfo, ptr %arg.x.0, ptr %arg.x.1, i64 %arg.x.2, i64 %arg.x.3, ptr %arg.x.4, i64 %arg.x.5.0, i64 %arg.x.6.0, double %arg.w) #0 {
entry:
  %.11668.not = icmp slt i64 %arg.x.5.0, 1
  br i1 %.11668.not, label %B116, label %B60.if

B116:                                             ; preds = %B60.if, %entry
  %s.2.0.lcssa = phi double [ 0.000000e+00, %entry ], [ %.211, %B60.if ]
  store double %s.2.0.lcssa, ptr %retptr, align 8
  ret i32 0

B60.if:                                           ; preds = %entry, %B60.if
  %s.2.071 = phi double [ %.211, %B60.if ], [ 0.000000e+00, %entry ]
  %.61.070 = phi i64 [ %.125, %B60.if ], [ %arg.x.5.0, %entry ]
  %.58.069 = phi i64 [ %.129, %B60.if ], [ 0, %entry ]
  %.125 = add nsw i64 %.61.070, -1
  %.129 = add i64 %.58.069, 1
  %.168 = icmp slt i64 %.58.069, 0
  %.169 = select i1 %.168, i64 %arg.x.5.0, i64 0
  %i = getelementptr double, ptr %arg.x.4, i64 %.58.069
  %.183 = getelementptr double, ptr %i, i64 %.169
  %.184 = load double, ptr %.183, align 8
  %.5.i = call double @llvm.exp.f64(double %.184)
  %.6.i2 = call double @log1p(double %.5.i), !noalias !0
  %.33.i = fmul double %arg.w, %.6.i2
  %.34.i = call double @tanh(double %.184), !noalias !6
  %.35.i = fadd double %.33.i, %.34.i
  %.211 = fadd double %s.2.071, %.35.i
  %.116 = icmp sgt i64 %.61.070, 1
  br i1 %.116, label %B60.if, label %B116
}

; Function Attrs: alwaysinline
define i32 @_ZN8__main__9_weightedB3v31B38c8tJTIeFIjxB2IKSgI4CrvQClQZ6FczSBAA_3dEdd(ptr noalias captures(none) %retptr, ptr noalias captures(none) %excinfo, double %arg.v, double %arg.w) #0 {
entry:
  %.5.i = call double @llvm.exp.f64(double %arg.v)
  %.6.i = call double @log1p(double %.5.i), !noalias !7
  %.33 = fmul double %arg.w, %.6.i
  %.34 = call double @tanh(double %arg.v)
  %.35 = fadd double %.33, %.34
  store double %.35, ptr %retptr, align 8
  ret i32 0
}

; Function Attrs: nounwind memory(read)
declare double @tanh(double) #1

; Function Attrs: alwaysinline
define i32 @_ZN8__main__9_softplusB3v32B38c8tJTIeFIjxB2IKSgI4CrvQClQZ6FczSBAA_3dEd(ptr noalias captures(none) %retptr, ptr noalias captures(none) %excinfo, double %arg.v) #0 {
entry:
  %.5 = call double @llvm.exp.f64(double %arg.v)
  %.6 = call double @log1p(double %.5)
  store double %.6, ptr %retptr, align 8
  ret i32 0
}

; Function Attrs: nocallback nocreateundeforpoison nofree nosync nounwind speculatable willreturn memory(none)
declare double @llvm.exp.f64(double) #2

; Function Attrs: nounwind memory(read)
declare double @log1p(double) #1

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
  br i1 %.4, label %common.ret, label %.3.endif, !prof !10

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
  br i1 %.4, label %common.ret, label %.3.endif, !prof !10

common.ret:                                       ; preds = %.3.endif, %.3.endif.if, %.3
  ret void

.3.endif:                                         ; preds = %.3
  fence release
  %.4.i = atomicrmw sub ptr %.1, i64 1 monotonic, align 8
  %.10 = icmp eq i64 %.4.i, 1
  br i1 %.10, label %.3.endif.if, label %common.ret, !prof !10

.3.endif.if:                                      ; preds = %.3.endif
  fence acquire
  call void @NRT_MemInfo_call_dtor(ptr nonnull %.1)
  br label %common.ret
}

declare void @NRT_MemInfo_call_dtor(ptr)

; Function Attrs: alwaysinline
define i32 @nrt_unresolved_abort(ptr %.1, ptr %.2) #0 {
.4:
  store ptr @.const.picklebuf.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c, ptr %.2, align 8, !numba_exception_output !11
  ret i32 1
}

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(inaccessiblemem: readwrite)
declare void @llvm.experimental.noalias.scope.decl(metadata) #4

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(argmem: readwrite)
declare void @llvm.lifetime.start.p0(ptr captures(none)) #5

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(argmem: readwrite)
declare void @llvm.lifetime.end.p0(ptr captures(none)) #5

; Function Attrs: nocallback nocreateundeforpoison nofree nosync nounwind speculatable willreturn memory(none)
declare i64 @llvm.smax.i64(i64, i64) #2

attributes #0 = { alwaysinline }
attributes #1 = { nounwind memory(read) }
attributes #2 = { nocallback nocreateundeforpoison nofree nosync nounwind speculatable willreturn memory(none) }
attributes #3 = { noinline }
attributes #4 = { nocallback nofree nosync nounwind willreturn memory(inaccessiblemem: readwrite) }
attributes #5 = { nocallback nofree nosync nounwind willreturn memory(argmem: readwrite) }

!0 = !{!1, !3, !5}
!1 = distinct !{!1, !2, !"_ZN8__main__9_softplusB3v32B38c8tJTIeFIjxB2IKSgI4CrvQClQZ6FczSBAA_3dEd: %retptr"}
!2 = distinct !{!2, !"_ZN8__main__9_softplusB3v32B38c8tJTIeFIjxB2IKSgI4CrvQClQZ6FczSBAA_3dEd"}
!3 = distinct !{!3, !4, !"_ZN8__main__9_weightedB3v31B38c8tJTIeFIjxB2IKSgI4CrvQClQZ6FczSBAA_3dEdd: %retptr"}
!4 = distinct !{!4, !"_ZN8__main__9_weightedB3v31B38c8tJTIeFIjxB2IKSgI4CrvQClQZ6FczSBAA_3dEdd"}
!5 = distinct !{!5, !4, !"_ZN8__main__9_weightedB3v31B38c8tJTIeFIjxB2IKSgI4CrvQClQZ6FczSBAA_3dEdd: %excinfo"}
!6 = !{!3, !5}
!7 = !{!8}
!8 = distinct !{!8, !9, !"_ZN8__main__9_softplusB3v32B38c8tJTIeFIjxB2IKSgI4CrvQClQZ6FczSBAA_3dEd: %retptr"}
!9 = distinct !{!9, !"_ZN8__main__9_softplusB3v32B38c8tJTIeFIjxB2IKSgI4CrvQClQZ6FczSBAA_3dEd"}
!10 = !{!"branch_weights", i32 1, i32 99}
!11 = !{i1 true}
