; entry: _ZN8__main__13boolean_logicB3v33B38c8tJTIeFIjxB2IKSgI4CrvQClQZ6FczSBAA_3dE5ArrayIdLi1E1C7mutable7alignedEddb
; ModuleID = 'part0'
source_filename = "<string>"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

@_ZN08NumbaEnv8__main__13boolean_logicB3v33B38c8tJTIeFIjxB2IKSgI4CrvQClQZ6FczSBAA_3dE5ArrayIdLi1E1C7mutable7alignedEddb = common global ptr null
@.const.pickledata.ca8efb3a72d614fe872032cce3ac326007a30727 = internal constant [76 x i8] c"\80\04\95A\00\00\00\00\00\00\00\8C\08builtins\94\8C\0AValueError\94\93\94\8C\1Erange() arg 3 must not be zero\94\85\94N\87\94."
@.const.pickledata.ca8efb3a72d614fe872032cce3ac326007a30727.sha1 = internal constant [20 x i8] c"\CA\8E\FB:r\D6\14\FE\87 2\CC\E3\AC2`\07\A3\07'"
@.const.picklebuf.ca8efb3a72d614fe872032cce3ac326007a30727 = internal constant { ptr, i32, ptr, ptr, i32 } { ptr @.const.pickledata.ca8efb3a72d614fe872032cce3ac326007a30727, i32 76, ptr @.const.pickledata.ca8efb3a72d614fe872032cce3ac326007a30727.sha1, ptr null, i32 0 }
@.const.pickledata.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c = internal constant [102 x i8] c"\80\04\95[\00\00\00\00\00\00\00\8C\08builtins\94\8C\0CRuntimeError\94\93\94\8C6numba jitted function aborted due to unresolved symbol\94\85\94N\87\94."
@.const.pickledata.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c.sha1 = internal constant [20 x i8] c"\97\BE\DC\DF\EC\8E\80\B7\09>P\CE%\EDV\F7r\0E\0C\9C"
@.const.picklebuf.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c = internal constant { ptr, i32, ptr, ptr, i32 } { ptr @.const.pickledata.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c, i32 102, ptr @.const.pickledata.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c.sha1, ptr null, i32 0 }

; Function Attrs: alwaysinline
define i32 @_ZN8__main__13boolean_logicB3v33B38c8tJTIeFIjxB2IKSgI4CrvQClQZ6FczSBAA_3dE5ArrayIdLi1E1C7mutable7alignedEddb(ptr noalias captures(none) %retptr, ptr noalias captures(none) %excinfo, ptr %arg.x.0, ptr %arg.x.1, i64 %arg.x.2, i64 %arg.x.3, ptr %arg.x.4, i64 %arg.x.5.0, i64 %arg.x.6.0, double %arg.lo, double %arg.hi, i8 %arg.flag) #0 {
entry:
  %.18 = icmp ne i8 %arg.flag, 0
  %.134139.not = icmp slt i64 %arg.x.5.0, 1
  br i1 %.134139.not, label %B212, label %B64.if

B156:                                             ; preds = %B64.if
  %.312 = add nsw i64 %count.2.0142, 1
  %.398 = fneg double %.205
  %"$phi204.2.2.2" = select i1 %"$phi114.1.2.1", double %.205, double %.398
  %.409 = fadd double %s.2.0143, %"$phi204.2.2.2"
  br label %B210

B210:                                             ; preds = %B64.if, %B156
  %count.3.2 = phi i64 [ %.312, %B156 ], [ %count.2.0142, %B64.if ]
  %s.3.2 = phi double [ %.409, %B156 ], [ %s.2.0143, %B64.if ]
  %.134 = icmp sgt i64 %.79.0141, 1
  br i1 %.134, label %B64.if, label %B64.B212_crit_edge

B64.B212_crit_edge:                               ; preds = %B210
  %i = sitofp i64 %count.3.2 to double
  %i145 = fadd double %s.3.2, %i
  br label %B212

B212:                                             ; preds = %B64.B212_crit_edge, %entry
  %s.2.0.lcssa = phi double [ %i145, %B64.B212_crit_edge ], [ 0.000000e+00, %entry ]
  store double %s.2.0.lcssa, ptr %retptr, align 8
  ret i32 0

B64.if:                                           ; preds = %entry, %B210
  %s.2.0143 = phi double [ %s.3.2, %B210 ], [ 0.000000e+00, %entry ]
  %count.2.0142 = phi i64 [ %count.3.2, %B210 ], [ 0, %entry ]
  %.79.0141 = phi i64 [ %.143, %B210 ], [ %arg.x.5.0, %entry ]
  %.76.0140 = phi i64 [ %.147, %B210 ], [ 0, %entry ]
  %.143 = add nsw i64 %.79.0141, -1
  %.147 = add i64 %.76.0140, 1
  %.189 = icmp slt i64 %.76.0140, 0
  %.190 = select i1 %.189, i64 %arg.x.5.0, i64 0
  %i146 = getelementptr double, ptr %arg.x.4, i64 %.76.0140
  %.204 = getelementptr double, ptr %i146, i64 %.190
  %.205 = load double, ptr %.204, align 8
  %.207 = fcmp ogt double %.205, %arg.lo
  %.244 = fcmp olt double %.205, %arg.hi
  %"$phi114.1.2.1" = select i1 %.207, i1 %.244, i1 false
  %.256 = xor i1 %"$phi114.1.2.1", %.18
  %.256.not = xor i1 %.256, true
  %.297 = fcmp une double %.205, 0.000000e+00
  %brmerge = select i1 %.297, i1 true, i1 %.18
  %or.cond = and i1 %.256.not, %brmerge
  br i1 %or.cond, label %B210, label %B156
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
define void @NRT_incref(ptr %.1) #1 {
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
define void @NRT_decref(ptr %.1) #1 {
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

; Function Attrs: nocallback nocreateundeforpoison nofree nosync nounwind speculatable willreturn memory(none)
declare i64 @llvm.smax.i64(i64, i64) #2

attributes #0 = { alwaysinline }
attributes #1 = { noinline }
attributes #2 = { nocallback nocreateundeforpoison nofree nosync nounwind speculatable willreturn memory(none) }

!0 = !{!"branch_weights", i32 1, i32 99}
!1 = !{i1 true}
