; entry: _ZN8__main__11tuple_indexB3v23B38c8tJTIeFIjxB2IKSgI4CrvQClQZ6FczSBAA_3dE8UniTupleIdLi3EEx
; ModuleID = 'part0'
source_filename = "<string>"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

@_ZN08NumbaEnv8__main__11tuple_indexB3v23B38c8tJTIeFIjxB2IKSgI4CrvQClQZ6FczSBAA_3dE8UniTupleIdLi3EEx = common global ptr null
@.const.pickledata.a832a7f8175c2530692ab82e581e246bf5646a28 = internal constant [70 x i8] c"\80\04\95;\00\00\00\00\00\00\00\8C\08builtins\94\8C\0AIndexError\94\93\94\8C\18tuple index out of range\94\85\94N\87\94."
@.const.pickledata.a832a7f8175c2530692ab82e581e246bf5646a28.sha1 = internal constant [20 x i8] c"\A82\A7\F8\17\\%0i*\B8.X\1E$k\F5dj("
@.const.picklebuf.a832a7f8175c2530692ab82e581e246bf5646a28 = internal constant { ptr, i32, ptr, ptr, i32 } { ptr @.const.pickledata.a832a7f8175c2530692ab82e581e246bf5646a28, i32 70, ptr @.const.pickledata.a832a7f8175c2530692ab82e581e246bf5646a28.sha1, ptr null, i32 0 }
@.const.pickledata.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c = internal constant [102 x i8] c"\80\04\95[\00\00\00\00\00\00\00\8C\08builtins\94\8C\0CRuntimeError\94\93\94\8C6numba jitted function aborted due to unresolved symbol\94\85\94N\87\94."
@.const.pickledata.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c.sha1 = internal constant [20 x i8] c"\97\BE\DC\DF\EC\8E\80\B7\09>P\CE%\EDV\F7r\0E\0C\9C"
@.const.picklebuf.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c = internal constant { ptr, i32, ptr, ptr, i32 } { ptr @.const.pickledata.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c, i32 102, ptr @.const.pickledata.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c.sha1, ptr null, i32 0 }

; Function Attrs: alwaysinline
define range(i32 0, 2) i32 @_ZN8__main__11tuple_indexB3v23B38c8tJTIeFIjxB2IKSgI4CrvQClQZ6FczSBAA_3dE8UniTupleIdLi3EEx(ptr noalias captures(none) %retptr, ptr noalias captures(none) %excinfo, double %arg.t.0, double %arg.t.1, double %arg.t.2, i64 %arg.i) #0 {
entry:
  br label %NodeBlock9

NodeBlock9:                                       ; preds = %entry
  %Pivot10 = icmp slt i64 %arg.i, 0
  br i1 %Pivot10, label %NodeBlock1, label %NodeBlock7

NodeBlock7:                                       ; preds = %NodeBlock9
  %Pivot8 = icmp slt i64 %arg.i, 1
  br i1 %Pivot8, label %switch.end, label %NodeBlock5

NodeBlock5:                                       ; preds = %NodeBlock7
  %Pivot6 = icmp slt i64 %arg.i, 2
  br i1 %Pivot6, label %switch.1, label %LeafBlock3

LeafBlock3:                                       ; preds = %NodeBlock5
  %SwitchLeaf4 = icmp eq i64 %arg.i, 2
  br i1 %SwitchLeaf4, label %switch.2, label %switch.else

NodeBlock1:                                       ; preds = %NodeBlock9
  %Pivot2 = icmp slt i64 %arg.i, -2
  br i1 %Pivot2, label %LeafBlock, label %NodeBlock

NodeBlock:                                        ; preds = %NodeBlock1
  %Pivot = icmp slt i64 %arg.i, -1
  br i1 %Pivot, label %switch.1, label %switch.2

LeafBlock:                                        ; preds = %NodeBlock1
  %SwitchLeaf = icmp eq i64 %arg.i, -3
  br i1 %SwitchLeaf, label %switch.end, label %switch.else

common.ret:                                       ; preds = %switch.end, %switch.else
  %common.ret.op = phi i32 [ 1, %switch.else ], [ 0, %switch.end ]
  ret i32 %common.ret.op

switch.else:                                      ; preds = %LeafBlock3, %LeafBlock
  store ptr @.const.picklebuf.a832a7f8175c2530692ab82e581e246bf5646a28, ptr %excinfo, align 8, !numba_exception_output !0
  br label %common.ret

switch.end:                                       ; preds = %NodeBlock7, %LeafBlock, %switch.2, %switch.1
  %.22 = phi double [ %arg.t.2, %switch.2 ], [ %arg.t.1, %switch.1 ], [ %arg.t.0, %LeafBlock ], [ %arg.t.0, %NodeBlock7 ]
  %.32 = fmul double %.22, 2.000000e+00
  store double %.32, ptr %retptr, align 8
  br label %common.ret

switch.1:                                         ; preds = %NodeBlock5, %NodeBlock
  br label %switch.end

switch.2:                                         ; preds = %LeafBlock3, %NodeBlock
  br label %switch.end
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
  br i1 %.4, label %common.ret, label %.3.endif, !prof !1

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
  br i1 %.4, label %common.ret, label %.3.endif, !prof !1

common.ret:                                       ; preds = %.3.endif, %.3.endif.if, %.3
  ret void

.3.endif:                                         ; preds = %.3
  fence release
  %.4.i = atomicrmw sub ptr %.1, i64 1 monotonic, align 8
  %.10 = icmp eq i64 %.4.i, 1
  br i1 %.10, label %.3.endif.if, label %common.ret, !prof !1

.3.endif.if:                                      ; preds = %.3.endif
  fence acquire
  call void @NRT_MemInfo_call_dtor(ptr nonnull %.1)
  br label %common.ret
}

declare void @NRT_MemInfo_call_dtor(ptr)

; Function Attrs: alwaysinline
define i32 @nrt_unresolved_abort(ptr %.1, ptr %.2) #0 {
.4:
  store ptr @.const.picklebuf.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c, ptr %.2, align 8, !numba_exception_output !0
  ret i32 1
}

attributes #0 = { alwaysinline }
attributes #1 = { noinline }

!0 = !{i1 true}
!1 = !{!"branch_weights", i32 1, i32 99}
