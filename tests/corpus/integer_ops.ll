; entry: _ZN8__main__11integer_opsB3v20B38c8tJTIeFIjxB2IKSgI4CrvQClQZ6FczSBAA_3dExxy
; ModuleID = 'part0'
source_filename = "<string>"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

@_ZN08NumbaEnv8__main__11integer_opsB3v20B38c8tJTIeFIjxB2IKSgI4CrvQClQZ6FczSBAA_3dExxy = common global ptr null
@.const.pickledata.4b35ba8af2682dbaf044af47e894dd2cb1385034 = internal constant [77 x i8] c"\80\04\95B\00\00\00\00\00\00\00\8C\08builtins\94\8C\11ZeroDivisionError\94\93\94\8C\18integer division by zero\94\85\94N\87\94."
@.const.pickledata.4b35ba8af2682dbaf044af47e894dd2cb1385034.sha1 = internal constant [20 x i8] c"K5\BA\8A\F2h-\BA\F0D\AFG\E8\94\DD,\B18P4"
@.const.picklebuf.4b35ba8af2682dbaf044af47e894dd2cb1385034 = internal constant { ptr, i32, ptr, ptr, i32 } { ptr @.const.pickledata.4b35ba8af2682dbaf044af47e894dd2cb1385034, i32 77, ptr @.const.pickledata.4b35ba8af2682dbaf044af47e894dd2cb1385034.sha1, ptr null, i32 0 }
@.const.pickledata.ffb24196e71d4d5274d7295bceca009ea25a5f9d = internal constant [75 x i8] c"\80\04\95@\00\00\00\00\00\00\00\8C\08builtins\94\8C\11ZeroDivisionError\94\93\94\8C\16integer modulo by zero\94\85\94N\87\94."
@.const.pickledata.ffb24196e71d4d5274d7295bceca009ea25a5f9d.sha1 = internal constant [20 x i8] c"\FF\B2A\96\E7\1DMRt\D7)[\CE\CA\00\9E\A2Z_\9D"
@.const.picklebuf.ffb24196e71d4d5274d7295bceca009ea25a5f9d = internal constant { ptr, i32, ptr, ptr, i32 } { ptr @.const.pickledata.ffb24196e71d4d5274d7295bceca009ea25a5f9d, i32 75, ptr @.const.pickledata.ffb24196e71d4d5274d7295bceca009ea25a5f9d.sha1, ptr null, i32 0 }
@.const.pickledata.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c = internal constant [102 x i8] c"\80\04\95[\00\00\00\00\00\00\00\8C\08builtins\94\8C\0CRuntimeError\94\93\94\8C6numba jitted function aborted due to unresolved symbol\94\85\94N\87\94."
@.const.pickledata.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c.sha1 = internal constant [20 x i8] c"\97\BE\DC\DF\EC\8E\80\B7\09>P\CE%\EDV\F7r\0E\0C\9C"
@.const.picklebuf.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c = internal constant { ptr, i32, ptr, ptr, i32 } { ptr @.const.pickledata.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c, i32 102, ptr @.const.pickledata.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c.sha1, ptr null, i32 0 }

; Function Attrs: alwaysinline
define range(i32 0, 2) i32 @_ZN8__main__11integer_opsB3v20B38c8tJTIeFIjxB2IKSgI4CrvQClQZ6FczSBAA_3dExxy(ptr noalias captures(none) %retptr, ptr noalias captures(none) %excinfo, i64 %arg.a, i64 %arg.b, i64 %arg.c) #0 {
entry:
  %.9 = icmp eq i64 %arg.b, 0
  br i1 %.9, label %B0.if, label %B0.else, !prof !0

common.ret:                                       ; preds = %B0.endif.else.endif, %B0.if
  %common.ret.op = phi i32 [ 1, %B0.if ], [ 0, %B0.endif.else.endif ]
  ret i32 %common.ret.op

B0.if:                                            ; preds = %entry
  store ptr @.const.picklebuf.4b35ba8af2682dbaf044af47e894dd2cb1385034, ptr %excinfo, align 8, !numba_exception_output !1
  br label %common.ret

B0.else:                                          ; preds = %entry
  %.24 = icmp ne i64 %arg.a, -9223372036854775808
  %.25 = icmp ne i64 %arg.b, -1
  %.26.not = or i1 %.24, %.25
  br i1 %.26.not, label %B0.else.if, label %B0.endif.else, !prof !2

B0.else.if:                                       ; preds = %B0.else
  %.29 = sdiv i64 %arg.a, %arg.b
  %.30 = srem i64 %arg.a, %arg.b
  %.31 = xor i64 %arg.b, %.30
  %.32 = icmp slt i64 %.31, 0
  %.33 = icmp ne i64 %.30, 0
  %.34 = and i1 %.33, %.32
  %.39 = sext i1 %.34 to i64
  %.18.1 = add i64 %.29, %.39
  br label %B0.endif.else

B0.endif.else:                                    ; preds = %B0.else, %B0.else.if
  %.18.0 = phi i64 [ %.18.1, %B0.else.if ], [ 0, %B0.else ]
  br i1 %.26.not, label %B0.endif.else.if, label %B0.endif.else.endif, !prof !2

B0.endif.else.if:                                 ; preds = %B0.endif.else
  %.72 = srem i64 %arg.a, %arg.b
  %.73 = xor i64 %arg.b, %.72
  %.74 = icmp slt i64 %.73, 0
  %.75 = icmp ne i64 %.72, 0
  %.76 = and i1 %.75, %.74
  %.83 = select i1 %.76, i64 %arg.b, i64 0
  %.63.1 = add i64 %.72, %.83
  br label %B0.endif.else.endif

B0.endif.else.endif:                              ; preds = %B0.endif.else.if, %B0.endif.else
  %.63.0 = phi i64 [ %.63.1, %B0.endif.else.if ], [ 0, %B0.endif.else ]
  %.93 = shl i64 %arg.a, 3
  %.94 = ashr i64 %arg.b, 2
  %.95 = xor i64 %.93, %.94
  %.96 = and i64 %arg.a, 255
  %.97 = and i64 %arg.b, 3840
  %.98 = or disjoint i64 %.96, %.97
  %.99 = lshr i64 %arg.c, 5
  %.101 = add nsw i64 %.18.0, %.63.0
  %.102 = add nsw i64 %.101, %.95
  %.103 = add nsw i64 %.102, %.98
  %.104 = add nsw i64 %.103, %.99
  %sext = shl i64 %arg.a, 32
  %.105 = ashr exact i64 %sext, 32
  %.106 = mul nsw i64 %.105, 7
  %.107 = add nsw i64 %.104, %.106
  store i64 %.107, ptr %retptr, align 8
  br label %common.ret
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

attributes #0 = { alwaysinline }
attributes #1 = { noinline }

!0 = !{!"branch_weights", i32 1, i32 99}
!1 = !{i1 true}
!2 = !{!"branch_weights", i32 99, i32 1}
