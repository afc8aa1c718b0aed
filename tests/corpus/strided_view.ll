; entry: _ZN8__main__12strided_viewB2v3B38c8tJTIeFIjxB2IKSgI4CrvQClQZ6FczSBAA_3dE5ArrayIdLi1E1A7mutable7alignedE
; ModuleID = 'part0'
source_filename = "<string>"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

@_ZN08NumbaEnv8__main__12strided_viewB2v3B38c8tJTIeFIjxB2IKSgI4CrvQClQZ6FczSBAA_3dE5ArrayIdLi1E1A7mutable7alignedE = common global ptr null
@.const.pickledata.7c6d3677ac0a21fdc37c7342558fee1364bf459c = internal constant [71 x i8] c"\80\04\95<\00\00\00\00\00\00\00\8C\08builtins\94\8C\0AValueError\94\93\94\8C\19slice step cannot be zero\94\85\94N\87\94."
@.const.pickledata.7c6d3677ac0a21fdc37c7342558fee1364bf459c.sha1 = internal constant [20 x i8] c"|m6w\AC\0A!\FD\C3|sBU\8F\EE\13d\BFE\9C"
@.const.picklebuf.7c6d3677ac0a21fdc37c7342558fee1364bf459c = internal constant { ptr, i32, ptr, ptr, i32 } { ptr @.const.pickledata.7c6d3677ac0a21fdc37c7342558fee1364bf459c, i32 71, ptr @.const.pickledata.7c6d3677ac0a21fdc37c7342558fee1364bf459c.sha1, ptr null, i32 0 }
@.const.pickledata.ca8efb3a72d614fe872032cce3ac326007a30727 = internal constant [76 x i8] c"\80\04\95A\00\00\00\00\00\00\00\8C\08builtins\94\8C\0AValueError\94\93\94\8C\1Erange() arg 3 must not be zero\94\85\94N\87\94."
@.const.pickledata.ca8efb3a72d614fe872032cce3ac326007a30727.sha1 = internal constant [20 x i8] c"\CA\8E\FB:r\D6\14\FE\87 2\CC\E3\AC2`\07\A3\07'"
@.const.picklebuf.ca8efb3a72d614fe872032cce3ac326007a30727 = internal constant { ptr, i32, ptr, ptr, i32 } { ptr @.const.pickledata.ca8efb3a72d614fe872032cce3ac326007a30727, i32 76, ptr @.const.pickledata.ca8efb3a72d614fe872032cce3ac326007a30727.sha1, ptr null, i32 0 }
@.const.pickledata.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c = internal constant [102 x i8] c"\80\04\95[\00\00\00\00\00\00\00\8C\08builtins\94\8C\0CRuntimeError\94\93\94\8C6numba jitted function aborted due to unresolved symbol\94\85\94N\87\94."
@.const.pickledata.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c.sha1 = internal constant [20 x i8] c"\97\BE\DC\DF\EC\8E\80\B7\09>P\CE%\EDV\F7r\0E\0C\9C"
@.const.picklebuf.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c = internal constant { ptr, i32, ptr, ptr, i32 } { ptr @.const.pickledata.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c, i32 102, ptr @.const.pickledata.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c.sha1, ptr null, i32 0 }

; Function Attrs: alwaysinline
define i32 @_ZN8__main__12strided_viewB2v3B38c8tJTIeFIjxB2IKSgI4CrvQClQZ6FczSBAA_3dE5ArrayIdLi1E1A7mutable7alignedE(ptr noalias captures(none) %retptr, ptr noalias captures(none) %excinfo, ptr %arg.x.0, ptr %arg.x.1, i64 %arg.x.2, i64 %arg.x.3, ptr %arg.x.4, i64 %arg.x.5.0, i64 %arg.x.6.0) #0 {
entry:
  %.72 = icmp slt i64 %arg.x.5.0, 2
  br i1 %.72, label %B0.endif.else.endif.if, label %B0.endif.else.endif.endif.endif.endif, !prof !0

B134:                                             ; preds = %B82.if, %B0.endif.else.endif.endif.endif.endif
  %s.2.0.lcssa = phi double [ 0.000000e+00, %B0.endif.else.endif.endif.endif.endif ], [ %.403, %B82.if ]
  store double %s.2.0.lcssa, ptr %retptr, align 8
  ret i32 0

B0.endif.else.endif.if:                           ; preds = %entry
  br label %B0.endif.else.endif.endif.endif.endif

B0.endif.else.endif.endif.endif.endif:            ; preds = %entry, %B0.endif.else.endif.if
  %.41.sroa.0.3 = phi i64 [ %arg.x.5.0, %B0.endif.else.endif.if ], [ 1, %entry ]
  %.140 = sub i64 %arg.x.5.0, %.41.sroa.0.3
  %.141 = add i64 %.140, -1
  %.144 = sdiv i64 %.141, 2
  %.145 = add nsw i64 %.144, 1
  %.147.inv = icmp sgt i64 %.140, 0
  %.149 = select i1 %.147.inv, i64 %.145, i64 0
  %.152 = shl i64 %arg.x.6.0, 1
  %.163 = mul i64 %arg.x.6.0, %.41.sroa.0.3
  %.165 = getelementptr i8, ptr %arg.x.4, i64 %.163
  %.300113.not = icmp slt i64 %.149, 1
  br i1 %.300113.not, label %B134, label %B82.if

B82.if:                                           ; preds = %B0.endif.else.endif.endif.endif.endif, %B82.if
  %s.2.0116 = phi double [ %.403, %B82.if ], [ 0.000000e+00, %B0.endif.else.endif.endif.endif.endif ]
  %.247.0115 = phi i64 [ %.309, %B82.if ], [ %.149, %B0.endif.else.endif.endif.endif.endif ]
  %.244.0114 = phi i64 [ %.313, %B82.if ], [ 0, %B0.endif.else.endif.endif.endif.endif ]
  %.309 = add nsw i64 %.247.0115, -1
  %.313 = add i64 %.244.0114, 1
  %.351 = icmp slt i64 %.244.0114, 0
  %.352 = select i1 %.351, i64 %.149, i64 0
  %.353 = add i64 %.244.0114, %.352
  %.364 = mul i64 %.152, %.353
  %.366 = getelementptr i8, ptr %.165, i64 %.364
  %.368 = load double, ptr %.366, align 8
  %.400 = fmul double %.368, 5.000000e-01
  %.401 = fsub double %.368, %.400
  %.403 = fadd double %s.2.0116, %.401
  %.300 = icmp sgt i64 %.247.0115, 1
  br i1 %.300, label %B82.if, label %B134
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
