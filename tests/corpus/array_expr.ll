; entry: _ZN8__main__10array_exprB3v11B38c8tJTIeFIjxB2IKSgI4CrvQClQZ6FczSBAA_3dE5ArrayIdLi1E1C7mutable7alignedE5ArrayIdLi1E1C7mutable7alignedE
; ModuleID = 'part0'
source_filename = "<string>"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

@_ZN08NumbaEnv8__main__10array_exprB3v11B38c8tJTIeFIjxB2IKSgI4CrvQClQZ6FczSBAA_3dE5ArrayIdLi1E1C7mutable7alignedE5ArrayIdLi1E1C7mutable7alignedE = common global ptr null
@.const.pickledata.d1ab33c9bc006c47f211b83dfebcfdba2b4b4936 = internal constant [177 x i8] c"\80\04\95\A6\00\00\00\00\00\00\00\8C\08builtins\94\8C\0AValueError\94\93\94\8C\83unable to broadcast argument 0 to output array\0AFile \22__________/.venv/lib/python3.11/site-packages/numba/np/npyimpl.py\22, line 373, \94\85\94N\87\94."
@.const.pickledata.d1ab33c9bc006c47f211b83dfebcfdba2b4b4936.sha1 = internal constant [20 x i8] c"\D1\AB3\C9\BC\00lG\F2\11\B8=\FE\BC\FD\BA+KI6"
@.const.picklebuf.d1ab33c9bc006c47f211b83dfebcfdba2b4b4936 = internal constant { ptr, i32, ptr, ptr, i32 } { ptr @.const.pickledata.d1ab33c9bc006c47f211b83dfebcfdba2b4b4936, i32 177, ptr @.const.pickledata.d1ab33c9bc006c47f211b83dfebcfdba2b4b4936.sha1, ptr null, i32 0 }
@.const.pickledata.ff1364b1ebe3889fc9c84dd5ffac8fa83f17ba18 = internal constant [177 x i8] c"\80\04\95\A6\00\00\00\00\00\00\00\8C\08builtins\94\8C\0AValueError\94\93\94\8C\83unable to broadcast argument 1 to output array\0AFile \22__________/.venv/lib/python3.11/site-packages/numba/np/npyimpl.py\22, line 373, \94\85\94N\87\94."
@.const.pickledata.ff1364b1ebe3889fc9c84dd5ffac8fa83f17ba18.sha1 = internal constant [20 x i8] c"\FF\13d\B1\EB\E3\88\9F\C9\C8M\D5\FF\AC\8F\A8?\17\BA\18"
@.const.picklebuf.ff1364b1ebe3889fc9c84dd5ffac8fa83f17ba18 = internal constant { ptr, i32, ptr, ptr, i32 } { ptr @.const.pickledata.ff1364b1ebe3889fc9c84dd5ffac8fa83f17ba18, i32 177, ptr @.const.pickledata.ff1364b1ebe3889fc9c84dd5ffac8fa83f17ba18.sha1, ptr null, i32 0 }
@.const.pickledata.58e14eccb507b1e0206981740223e685cb8c3c57 = internal constant [137 x i8] c"\80\04\95~\00\00\00\00\00\00\00\8C\08builtins\94\8C\0AValueError\94\93\94\8C[array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum possible size.\94\85\94N\87\94."
@.const.pickledata.58e14eccb507b1e0206981740223e685cb8c3c57.sha1 = internal constant [20 x i8] c"X\E1N\CC\B5\07\B1\E0 i\81t\02#\E6\85\CB\8C<W"
@.const.picklebuf.58e14eccb507b1e0206981740223e685cb8c3c57 = internal constant { ptr, i32, ptr, ptr, i32 } { ptr @.const.pickledata.58e14eccb507b1e0206981740223e685cb8c3c57, i32 137, ptr @.const.pickledata.58e14eccb507b1e0206981740223e685cb8c3c57.sha1, ptr null, i32 0 }
@.const.pickledata.ca8efb3a72d614fe872032cce3ac326007a30727 = internal constant [76 x i8] c"\80\04\95A\00\00\00\00\00\00\00\8C\08builtins\94\8C\0AValueError\94\93\94\8C\1Erange() arg 3 must not be zero\94\85\94N\87\94."
@.const.pickledata.ca8efb3a72d614fe872032cce3ac326007a30727.sha1 = internal constant [20 x i8] c"\CA\8E\FB:r\D6\14\FE\87 2\CC\E3\AC2`\07\A3\07'"
@.const.picklebuf.ca8efb3a72d614fe872032cce3ac326007a30727 = internal constant { ptr, i32, ptr, ptr, i32 } { ptr @.const.pickledata.ca8efb3a72d614fe872032cce3ac326007a30727, i32 76, ptr @.const.pickledata.ca8efb3a72d614fe872032cce3ac326007a30727.sha1, ptr null, i32 0 }
@_ZN08NumbaEnv13_3cdynamic_3e33__numba_array_expr_0x7f6c4afe4ad0B3v12B72c8tJTIeFIjxB2IKSgI4CrvQCk0Z4yRYcWsBAQ4s_2fqEpEUkESQI1_2bmEQRxHRNAA_3d_3dEdd = common global ptr null
@.const.pickledata.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c = internal constant [102 x i8] c"\80\04\95[\00\00\00\00\00\00\00\8C\08builtins\94\8C\0CRuntimeError\94\93\94\8C6numba jitted function aborted due to unresolved symbol\94\85\94N\87\94."
@.const.pickledata.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c.sha1 = internal constant [20 x i8] c"\97\BE\DC\DF\EC\8E\80\B7\09>P\CE%\EDV\F7r\0E\0C\9C"
@.const.picklebuf.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c = internal constant { ptr, i32, ptr, ptr, i32 } { ptr @.const.pickledata.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c, i32 102, ptr @.const.pickledata.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c.sha1, ptr null, i32 0 }
@_ZN08NumbaEnv5numba2np7npyimpl15_broadcast_ontoB3v13B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEx8int64_2ax8int64_2a = common global ptr null
@_ZN08NumbaEnv5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj = common global ptr null
@_ZN08NumbaEnv5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj = common global ptr null
@.const.pickledata.ba289d81f05c7020f3477c15734804df65abe209 = internal constant [86 x i8] c"\80\04\95K\00\00\00\00\00\00\00\8C\08builtins\94\8C\0BMemoryError\94\93\94\8C'Allocation failed (probably too large).\94\85\94N\87\94."
@.const.pickledata.ba289d81f05c7020f3477c15734804df65abe209.sha1 = internal constant [20 x i8] c"\BA(\9D\81\F0\\p \F3G|\15sH\04\DFe\AB\E2\09"
@.const.picklebuf.ba289d81f05c7020f3477c15734804df65abe209 = internal constant { ptr, i32, ptr, ptr, i32 } { ptr @.const.pickledata.ba289d81f05c7020f3477c15734804df65abe209, i32 86, ptr @.const.pickledata.ba289d81f05c7020f3477c15734804df65abe209.sha1, ptr null, i32 0 }

; Function Attrs: alwaysinline
define range(i32 0, 2) i32 @_ZN8__main__10array_exprB3v11B38c8tJTIeFIjxB2IKSgI4CrvQClQZ6FczSBAA_3dE5ArrayIdLi1E1C7mutable7alignedE5ArrayIdLi1E1C7mutable7alignedE(ptr noalias captures(none) %retptr, ptr noalias captures(none) %excinfo, ptr %arg.x.0, ptr %arg.x.1, i64 %arg.x.2, i64 %arg.x.3, ptr %arg.x.4, i64 %arg.x.5.0, i64 %arg.x.6.0, ptr %arg.y.0, ptr %arg.y.1, i64 %arg.y.2, i64 %arg.y.3, ptr %arg.y.4, i64 %arg.y.5.0, i64 %arg.y.6.0) #0 {
entry:
  call void @NRT_incref(ptr %arg.x.0)
  call void @NRT_incref(ptr %arg.y.0)
  %.101.i52.not = icmp eq i64 %arg.x.5.0, 1
  %dest_shape.1 = select i1 %.101.i52.not, i64 1, i64 %arg.x.5.0
  br i1 %.101.i52.not, label %B128.i, label %B90.i

common.ret:                                       ; preds = %B0.endif.endif.endif.endif.endif.if, %B0.endif.endif.endif.endif.if, %B0.endif.endif.endif.if, %B122
  %common.ret.op = phi i32 [ 0, %B122 ], [ 1, %B0.endif.endif.endif.endif.endif.if ], [ 1, %B0.endif.endif.endif.if ], [ 1, %B0.endif.endif.endif.endif.if ]
  ret i32 %common.ret.op

B122:                                             ; preds = %B94.if, %for.end
  %s.2.0.lcssa = phi double [ 0.000000e+00, %for.end ], [ %.432, %B94.if ]
  call void @NRT_decref(ptr %.146.0)
  store double %s.2.0.lcssa, ptr %retptr, align 8
  br label %common.ret

B90.i:                                            ; preds = %entry
  %.71.i.not = icmp eq i64 %arg.y.5.0, %dest_shape.1
  %.76.i.not = icmp eq i64 %arg.y.5.0, 1
  %or.cond289 = or i1 %.71.i.not, %.76.i.not
  br i1 %or.cond289, label %B182.i, label %B0.endif.endif.endif.if

B128.i:                                           ; preds = %entry
  %.101.i.not = icmp eq i64 %arg.y.5.0, 1
  %spec.select301 = select i1 %.101.i.not, i64 1, i64 %arg.y.5.0
  br label %B182.i

B182.i:                                           ; preds = %B128.i, %B90.i
  %dest_shape.0 = phi i64 [ %spec.select301, %B128.i ], [ %dest_shape.1, %B90.i ]
  %i = add i64 %dest_shape.0, -1152921504606846976
  %.138 = icmp ult i64 %i, -2305843009213693952
  br i1 %.138, label %B0.endif.endif.endif.endif.if, label %B0.endif.endif.endif.endif.endif, !prof !0

B0.endif.endif.endif.if:                          ; preds = %B90.i
  store ptr @.const.picklebuf.ff1364b1ebe3889fc9c84dd5ffac8fa83f17ba18, ptr %excinfo, align 8, !numba_exception_output !1
  br label %common.ret

B0.endif.endif.endif.endif.if:                    ; preds = %B182.i
  store ptr @.const.picklebuf.58e14eccb507b1e0206981740223e685cb8c3c57, ptr %excinfo, align 8, !numba_exception_output !1
  br label %common.ret

B0.endif.endif.endif.endif.endif:                 ; preds = %B182.i
  %.137 = shl i64 %dest_shape.0, 3
  %.7.i109 = call ptr @NRT_MemInfo_alloc_aligned(i64 %.137, i32 32), !noalias !2
  %.8.i110.not = icmp eq ptr %.7.i109, null
  br i1 %.8.i110.not, label %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit, label %B0.endif.i111, !prof !0

B0.endif.i111:                                    ; preds = %B0.endif.endif.endif.endif.endif
  br label %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit

_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit: ; preds = %B0.endif.endif.endif.endif.endif, %B0.endif.i111
  %excinfo.1.i.0 = phi ptr [ null, %B0.endif.i111 ], [ @.const.picklebuf.ba289d81f05c7020f3477c15734804df65abe209, %B0.endif.endif.endif.endif.endif ]
  %.7.i99.0 = phi ptr [ %.7.i109, %B0.endif.i111 ], [ null, %B0.endif.endif.endif.endif.endif ]
  %.11.i116 = phi i32 [ 0, %B0.endif.i111 ], [ 1, %B0.endif.endif.endif.endif.endif ]
  br i1 %.8.i110.not, label %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit, label %B0.endif.i, !prof !0

B0.endif.i:                                       ; preds = %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit
  br label %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit

_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit: ; preds = %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit, %B0.endif.i
  %.146.0 = phi ptr [ %.7.i99.0, %B0.endif.i ], [ null, %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit ]
  %excinfo.3.1 = phi ptr [ null, %B0.endif.i ], [ %excinfo.1.i.0, %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit ]
  %.150107 = phi i32 [ 0, %B0.endif.i ], [ %.11.i116, %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit ]
  %.152.not = icmp eq i32 %.150107, 0
  br i1 %.152.not, label %B0.endif.endif.endif.endif.endif.endif, label %B0.endif.endif.endif.endif.endif.if, !prof !9

B0.endif.endif.endif.endif.endif.if:              ; preds = %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit
  store ptr %excinfo.3.1, ptr %excinfo, align 8
  br label %common.ret

B0.endif.endif.endif.endif.endif.endif:           ; preds = %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit
  %.170 = call ptr @NRT_MemInfo_data_fast(ptr %.146.0)
  %.208293 = icmp sgt i64 %dest_shape.0, 0
  br i1 %.208293, label %for.body, label %for.end

for.body:                                         ; preds = %B0.endif.endif.endif.endif.endif.endif, %for.body
  %loop.index296 = phi i64 [ %.256, %for.body ], [ 0, %B0.endif.endif.endif.endif.endif.endif ]
  %.204.0295 = phi i64 [ %.204.1, %for.body ], [ 0, %B0.endif.endif.endif.endif.endif.endif ]
  %.201.0294 = phi i64 [ %spec.select, %for.body ], [ 0, %B0.endif.endif.endif.endif.endif.endif ]
  %.210 = icmp ugt i64 %arg.x.5.0, 1
  %spec.select = select i1 %.210, i64 %loop.index296, i64 %.201.0294
  %.217 = getelementptr double, ptr %arg.x.4, i64 %spec.select
  %.218 = load double, ptr %.217, align 8
  %.219 = icmp ugt i64 %arg.y.5.0, 1
  %.204.1 = select i1 %.219, i64 %loop.index296, i64 %.204.0295
  %.226 = getelementptr double, ptr %arg.y.4, i64 %.204.1
  %.227 = load double, ptr %.226, align 8
  %.6.i = fmul double %.218, %.227
  %.7.i = fmul double %.218, 2.000000e+00
  %.8.i = fadd double %.6.i, %.7.i
  %.12.i = fdiv double %.227, 3.000000e+00
  %.13.i = fsub double %.8.i, %.12.i
  %.254 = getelementptr double, ptr %.170, i64 %loop.index296
  store double %.13.i, ptr %.254, align 8
  %.256 = add nuw nsw i64 %loop.index296, 1
  %.208 = icmp slt i64 %.256, %dest_shape.0
  br i1 %.208, label %for.body, label %for.end

for.end:                                          ; preds = %for.body, %B0.endif.endif.endif.endif.endif.endif
  call void @NRT_decref(ptr %arg.y.0)
  call void @NRT_decref(ptr %arg.x.0)
  %.363297.not = icmp slt i64 %dest_shape.0, 1
  br i1 %.363297.not, label %B122, label %B94.if

B94.if:                                           ; preds = %for.end, %B94.if
  %s.2.0300 = phi double [ %.432, %B94.if ], [ 0.000000e+00, %for.end ]
  %.310.0299 = phi i64 [ %.372, %B94.if ], [ %dest_shape.0, %for.end ]
  %.307.0298 = phi i64 [ %.376, %B94.if ], [ 0, %for.end ]
  %.372 = add nsw i64 %.310.0299, -1
  %.376 = add i64 %.307.0298, 1
  %.414 = icmp slt i64 %.307.0298, 0
  %.415 = select i1 %.414, i64 %dest_shape.0, i64 0
  %i302 = getelementptr double, ptr %.170, i64 %.307.0298
  %.429 = getelementptr double, ptr %i302, i64 %.415
  %.430 = load double, ptr %.429, align 8
  %.432 = fadd double %s.2.0300, %.430
  %.363 = icmp sgt i64 %.310.0299, 1
  br i1 %.363, label %B94.if, label %B122
}

; Function Attrs: nocallback nocreateundeforpoison nofree nosync nounwind speculatable willreturn memory(none)
declare { i64, i1 } @llvm.smul.with.overflow.i64(i64, i64) #1

; Function Attrs: alwaysinline
define i32 @_ZN13_3cdynamic_3e33__numba_array_expr_0x7f6c4afe4ad0B3v12B72c8tJTIeFIjxB2IKSgI4CrvQCk0Z4yRYcWsBAQ4s_2fqEpEUkESQI1_2bmEQRxHRNAA_3d_3dEdd(ptr noalias captures(none) %retptr, ptr noalias captures(none) %excinfo, double %arg.x_1, double %arg.y_1) #0 {
entry:
  %.6 = fmul double %arg.x_1, %arg.y_1
  %.7 = fmul double %arg.x_1, 2.000000e+00
  %.8 = fadd double %.6, %.7
  %.12 = fdiv double %arg.y_1, 3.000000e+00
  %.13 = fsub double %.8, %.12
  store double %.13, ptr %retptr, align 8
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
  store ptr @.const.picklebuf.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c, ptr %.2, align 8, !numba_exception_output !1
  ret i32 1
}

; Function Attrs: alwaysinline
define i32 @_ZN5numba2np7npyimpl15_broadcast_ontoB3v13B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEx8int64_2ax8int64_2a(ptr noalias captures(none) %retptr, ptr noalias captures(none) %excinfo, i64 %arg.src_ndim, ptr %arg.src_shape, i64 %arg.dest_ndim, ptr %arg.dest_shape) #0 {
entry:
  %.18 = icmp sgt i64 %arg.src_ndim, %arg.dest_ndim
  br i1 %.18, label %B16, label %B20

common.ret:                                       ; preds = %B182, %B114, %B16
  ret i32 0

B16:                                              ; preds = %entry
  store i64 0, ptr %retptr, align 8
  br label %common.ret

B20:                                              ; preds = %entry
  %.35 = sub nsw i64 %arg.dest_ndim, %arg.src_ndim
  %.45 = icmp sgt i64 %arg.src_ndim, 0
  br i1 %.45, label %B46, label %B182

B46:                                              ; preds = %B20, %B150
  %src_index.2.0 = phi i64 [ %.114, %B150 ], [ 0, %B20 ]
  %dest_index.2.0 = phi i64 [ %.118, %B150 ], [ %.35, %B20 ]
  %.54 = getelementptr i64, ptr %arg.src_shape, i64 %src_index.2.0
  %.55 = load i64, ptr %.54, align 8
  %.61 = getelementptr i64, ptr %arg.dest_shape, i64 %dest_index.2.0
  %.62 = load i64, ptr %.61, align 8
  %.67.not = icmp eq i64 %.62, 1
  br i1 %.67.not, label %B128, label %B90

B90:                                              ; preds = %B46
  %.71.not = icmp eq i64 %.55, %.62
  %.76.not = icmp eq i64 %.55, 1
  %or.cond = or i1 %.71.not, %.76.not
  br i1 %or.cond, label %B150, label %B114

B114:                                             ; preds = %B90
  %.92 = xor i64 %dest_index.2.0, -1
  store i64 %.92, ptr %retptr, align 8
  br label %common.ret

B128:                                             ; preds = %B46
  %.101.not = icmp eq i64 %.55, 1
  br i1 %.101.not, label %B150, label %B140

B140:                                             ; preds = %B128
  store i64 %.55, ptr %.61, align 8
  br label %B150

B150:                                             ; preds = %B90, %B140, %B128
  %.114 = add nuw nsw i64 %src_index.2.0, 1
  %.118 = add nuw nsw i64 %dest_index.2.0, 1
  %.124 = icmp slt i64 %.114, %arg.src_ndim
  br i1 %.124, label %B46, label %B182

B182:                                             ; preds = %B150, %B20
  %dest_index.3.1 = phi i64 [ %.35, %B20 ], [ %.118, %B150 ]
  store i64 %dest_index.3.1, ptr %retptr, align 8
  br label %common.ret
}

; Function Attrs: alwaysinline
define range(i32 0, 2) i32 @_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj(ptr noalias captures(none) %retptr, ptr noalias captures(none) %excinfo, ptr %arg.arrtype, i64 %arg.size, i32 %arg.align) #0 {
entry:
  %.7.i = call ptr @NRT_MemInfo_alloc_aligned(i64 %arg.size, i32 %arg.align), !noalias !10
  %.8.i.not = icmp eq ptr %.7.i, null
  br i1 %.8.i.not, label %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit, label %B0.endif.i, !prof !0

B0.endif.i:                                       ; preds = %entry
  br label %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit

_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit: ; preds = %entry, %B0.endif.i
  %.7.0 = phi ptr [ %.7.i, %B0.endif.i ], [ null, %entry ]
  %excinfo.1.0 = phi ptr [ null, %B0.endif.i ], [ @.const.picklebuf.ba289d81f05c7020f3477c15734804df65abe209, %entry ]
  %.111 = phi i32 [ 0, %B0.endif.i ], [ 1, %entry ]
  br i1 %.8.i.not, label %B0.if, label %B0.endif, !prof !0

B0.if:                                            ; preds = %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit
  store ptr %excinfo.1.0, ptr %excinfo, align 8
  br label %common.ret

common.ret:                                       ; preds = %B0.if, %B0.endif
  %common.ret.op = phi i32 [ 0, %B0.endif ], [ %.111, %B0.if ]
  ret i32 %common.ret.op

B0.endif:                                         ; preds = %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit
  store ptr %.7.0, ptr %retptr, align 8
  br label %common.ret
}

; Function Attrs: alwaysinline
define range(i32 0, 2) i32 @_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj(ptr noalias captures(none) %retptr, ptr noalias captures(none) %excinfo, ptr %arg.cls, i64 %arg.allocsize, i32 %arg.align) #0 {
entry:
  %.7 = call ptr @NRT_MemInfo_alloc_aligned(i64 %arg.allocsize, i32 %arg.align)
  %.8 = icmp eq ptr %.7, null
  br i1 %.8, label %B0.if, label %B0.endif, !prof !0

common.ret:                                       ; preds = %B0.endif, %B0.if
  %common.ret.op = phi i32 [ 1, %B0.if ], [ 0, %B0.endif ]
  ret i32 %common.ret.op

B0.if:                                            ; preds = %entry
  store ptr @.const.picklebuf.ba289d81f05c7020f3477c15734804df65abe209, ptr %excinfo, align 8, !numba_exception_output !1
  br label %common.ret

B0.endif:                                         ; preds = %entry
  store ptr %.7, ptr %retptr, align 8
  br label %common.ret
}

declare noalias ptr @NRT_MemInfo_alloc_aligned(i64, i32)

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(inaccessiblemem: readwrite)
declare void @llvm.experimental.noalias.scope.decl(metadata) #3

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(argmem: readwrite)
declare void @llvm.lifetime.start.p0(ptr captures(none)) #4

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(argmem: readwrite)
declare void @llvm.lifetime.end.p0(ptr captures(none)) #4

; Function Attrs: nocallback nocreateundeforpoison nofree nosync nounwind speculatable willreturn memory(none)
declare i64 @llvm.smax.i64(i64, i64) #1

attributes #0 = { alwaysinline }
attributes #1 = { nocallback nocreateundeforpoison nofree nosync nounwind speculatable willreturn memory(none) }
attributes #2 = { noinline }
attributes #3 = { nocallback nofree nosync nounwind willreturn memory(inaccessiblemem: readwrite) }
attributes #4 = { nocallback nofree nosync nounwind willreturn memory(argmem: readwrite) }

!0 = !{!"branch_weights", i32 1, i32 99}
!1 = !{i1 true}
!2 = !{!3, !5, !6, !8}
!3 = distinct !{!3, !4, !"_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj: %retptr"}
!4 = distinct !{!4, !"_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj"}
!5 = distinct !{!5, !4, !"_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj: %excinfo"}
!6 = distinct !{!6, !7, !"_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj: %retptr"}
!7 = distinct !{!7, !"_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj"}
!8 = distinct !{!8, !7, !"_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj: %excinfo"}
!9 = !{!"branch_weights", i32 99, i32 1}
!10 = !{!11, !13}
!11 = distinct !{!11, !12, !"_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj: %retptr"}
!12 = distinct !{!12, !"_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj"}
!13 = distinct !{!13, !12, !"_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj: %excinfo"}
