; entry: _ZN8__main__12raw_pointersB3v24B38c8tJTIeFIjxB2IKSgI4CrvQClQZ6FczSBAA_3dE5ArrayIdLi1E1C7mutable7alignedEyx
; ModuleID = 'part0'
source_filename = "<string>"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

@_ZN08NumbaEnv8__main__12raw_pointersB3v24B38c8tJTIeFIjxB2IKSgI4CrvQClQZ6FczSBAA_3dE5ArrayIdLi1E1C7mutable7alignedEyx = common global ptr null
@.const.pickledata.ca8efb3a72d614fe872032cce3ac326007a30727 = internal constant [76 x i8] c"\80\04\95A\00\00\00\00\00\00\00\8C\08builtins\94\8C\0AValueError\94\93\94\8C\1Erange() arg 3 must not be zero\94\85\94N\87\94."
@.const.pickledata.ca8efb3a72d614fe872032cce3ac326007a30727.sha1 = internal constant [20 x i8] c"\CA\8E\FB:r\D6\14\FE\87 2\CC\E3\AC2`\07\A3\07'"
@.const.picklebuf.ca8efb3a72d614fe872032cce3ac326007a30727 = internal constant { ptr, i32, ptr, ptr, i32 } { ptr @.const.pickledata.ca8efb3a72d614fe872032cce3ac326007a30727, i32 76, ptr @.const.pickledata.ca8efb3a72d614fe872032cce3ac326007a30727.sha1, ptr null, i32 0 }
@_ZN08NumbaEnv5numba2np8arrayobj11impl_carray12_3clocals_3e4implB3v25B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dE10float64_2ax27omitted_28default_3dNone_29 = common global ptr null
@.const.pickledata.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c = internal constant [102 x i8] c"\80\04\95[\00\00\00\00\00\00\00\8C\08builtins\94\8C\0CRuntimeError\94\93\94\8C6numba jitted function aborted due to unresolved symbol\94\85\94N\87\94."
@.const.pickledata.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c.sha1 = internal constant [20 x i8] c"\97\BE\DC\DF\EC\8E\80\B7\09>P\CE%\EDV\F7r\0E\0C\9C"
@.const.picklebuf.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c = internal constant { ptr, i32, ptr, ptr, i32 } { ptr @.const.pickledata.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c, i32 102, ptr @.const.pickledata.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c.sha1, ptr null, i32 0 }

; Function Attrs: alwaysinline
define i32 @_ZN8__main__12raw_pointersB3v24B38c8tJTIeFIjxB2IKSgI4CrvQClQZ6FczSBAA_3dE5ArrayIdLi1E1C7mutable7alignedEyx(ptr noalias captures(none) %retptr, ptr noalias captures(none) %excinfo, ptr %arg.x.0, ptr %arg.x.1, i64 %arg.x.2, i64 %arg.x.3, ptr %arg.x.4, i64 %arg.x.5.0, i64 %arg.x.6.0, i64 %arg.addr, i64 %arg.n) #0 {
entry:
  %.20 = inttoptr i64 %arg.addr to ptr
  %.14696.not = icmp slt i64 %arg.n, 1
  br i1 %.14696.not, label %B134, label %B106.if

B134:                                             ; preds = %B106.if, %entry
  %s.2.0.lcssa = phi double [ 0.000000e+00, %entry ], [ %.215, %B106.if ]
  %.257 = ptrtoint ptr %arg.x.4 to i64
  %.259 = and i64 %.257, 7
  %.261 = uitofp nneg i64 %.259 to double
  %.262 = fadd double %s.2.0.lcssa, %.261
  store double %.262, ptr %retptr, align 8
  ret i32 0

B106.if:                                          ; preds = %entry, %B106.if
  %s.2.099 = phi double [ %.215, %B106.if ], [ 0.000000e+00, %entry ]
  %.93.098 = phi i64 [ %.155, %B106.if ], [ %arg.n, %entry ]
  %.90.097 = phi i64 [ %.159, %B106.if ], [ 0, %entry ]
  %.155 = add nsw i64 %.93.098, -1
  %.159 = add i64 %.90.097, 1
  %.197 = icmp slt i64 %.90.097, 0
  %.198 = select i1 %.197, i64 %arg.n, i64 0
  %i = getelementptr double, ptr %.20, i64 %.90.097
  %.212 = getelementptr double, ptr %i, i64 %.198
  %.213 = load double, ptr %.212, align 8
  %.215 = fadd double %s.2.099, %.213
  %.146 = icmp sgt i64 %.93.098, 1
  br i1 %.146, label %B106.if, label %B134
}

; Function Attrs: alwaysinline
define i32 @_ZN5numba2np8arrayobj11impl_carray12_3clocals_3e4implB3v25B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dE10float64_2ax27omitted_28default_3dNone_29(ptr noalias captures(none) %retptr, ptr noalias captures(none) %excinfo, ptr %arg.ptr, i64 %arg.shape) #0 {
entry:
  store ptr null, ptr %retptr, align 8
  %retptr.repack8 = getelementptr inbounds nuw i8, ptr %retptr, i64 8
  store ptr null, ptr %retptr.repack8, align 8
  %retptr.repack10 = getelementptr inbounds nuw i8, ptr %retptr, i64 16
  store i64 %arg.shape, ptr %retptr.repack10, align 8
  %retptr.repack12 = getelementptr inbounds nuw i8, ptr %retptr, i64 24
  store i64 8, ptr %retptr.repack12, align 8
  %retptr.repack14 = getelementptr inbounds nuw i8, ptr %retptr, i64 32
  store ptr %arg.ptr, ptr %retptr.repack14, align 8
  %retptr.repack16 = getelementptr inbounds nuw i8, ptr %retptr, i64 40
  store i64 %arg.shape, ptr %retptr.repack16, align 8
  %retptr.repack18 = getelementptr inbounds nuw i8, ptr %retptr, i64 48
  store i64 8, ptr %retptr.repack18, align 8
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

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(inaccessiblemem: readwrite)
declare void @llvm.experimental.noalias.scope.decl(metadata) #2

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(argmem: readwrite)
declare void @llvm.lifetime.start.p0(ptr captures(none)) #3

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(argmem: readwrite)
declare void @llvm.lifetime.end.p0(ptr captures(none)) #3

; Function Attrs: nocallback nocreateundeforpoison nofree nosync nounwind speculatable willreturn memory(none)
declare i64 @llvm.smax.i64(i64, i64) #4

attributes #0 = { alwaysinline }
attributes #1 = { noinline }
attributes #2 = { nocallback nofree nosync nounwind willreturn memory(inaccessiblemem: readwrite) }
attributes #3 = { nocallback nofree nosync nounwind willreturn memory(argmem: readwrite) }
attributes #4 = { nocallback nocreateundeforpoison nofree nosync nounwind speculatable willreturn memory(none) }

!0 = !{!"branch_weights", i32 1, i32 99}
!1 = !{i1 true}
