; entry: _ZN8__main__7stencilB3v36B38c8tJTIeFIjxB2IKSgI4CrvQClQZ6FczSBAA_3dE5ArrayIdLi2E1C7mutable7alignedEdx
; ModuleID = 'part0'
source_filename = "<string>"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

@_ZN08NumbaEnv8__main__7stencilB3v36B38c8tJTIeFIjxB2IKSgI4CrvQClQZ6FczSBAA_3dE5ArrayIdLi2E1C7mutable7alignedEdx = common global ptr null
@.const.pickledata.ca8efb3a72d614fe872032cce3ac326007a30727 = internal constant [76 x i8] c"\80\04\95A\00\00\00\00\00\00\00\8C\08builtins\94\8C\0AValueError\94\93\94\8C\1Erange() arg 3 must not be zero\94\85\94N\87\94."
@.const.pickledata.ca8efb3a72d614fe872032cce3ac326007a30727.sha1 = internal constant [20 x i8] c"\CA\8E\FB:r\D6\14\FE\87 2\CC\E3\AC2`\07\A3\07'"
@.const.picklebuf.ca8efb3a72d614fe872032cce3ac326007a30727 = internal constant { ptr, i32, ptr, ptr, i32 } { ptr @.const.pickledata.ca8efb3a72d614fe872032cce3ac326007a30727, i32 76, ptr @.const.pickledata.ca8efb3a72d614fe872032cce3ac326007a30727.sha1, ptr null, i32 0 }
@_ZN08NumbaEnv5numba2np8arrayobj16ol_np_empty_like12_3clocals_3e4implB3v37B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dE5ArrayIdLi2E1C7mutable7alignedE27omitted_28default_3dNone_29 = common global ptr null
@.const.pickledata.58e14eccb507b1e0206981740223e685cb8c3c57 = internal constant [137 x i8] c"\80\04\95~\00\00\00\00\00\00\00\8C\08builtins\94\8C\0AValueError\94\93\94\8C[array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum possible size.\94\85\94N\87\94."
@.const.pickledata.58e14eccb507b1e0206981740223e685cb8c3c57.sha1 = internal constant [20 x i8] c"X\E1N\CC\B5\07\B1\E0 i\81t\02#\E6\85\CB\8C<W"
@.const.picklebuf.58e14eccb507b1e0206981740223e685cb8c3c57 = internal constant { ptr, i32, ptr, ptr, i32 } { ptr @.const.pickledata.58e14eccb507b1e0206981740223e685cb8c3c57, i32 137, ptr @.const.pickledata.58e14eccb507b1e0206981740223e685cb8c3c57.sha1, ptr null, i32 0 }
@_ZN08NumbaEnv5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj = common global ptr null
@_ZN08NumbaEnv5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj = common global ptr null
@.const.pickledata.ba289d81f05c7020f3477c15734804df65abe209 = internal constant [86 x i8] c"\80\04\95K\00\00\00\00\00\00\00\8C\08builtins\94\8C\0BMemoryError\94\93\94\8C'Allocation failed (probably too large).\94\85\94N\87\94."
@.const.pickledata.ba289d81f05c7020f3477c15734804df65abe209.sha1 = internal constant [20 x i8] c"\BA(\9D\81\F0\\p \F3G|\15sH\04\DFe\AB\E2\09"
@.const.picklebuf.ba289d81f05c7020f3477c15734804df65abe209 = internal constant { ptr, i32, ptr, ptr, i32 } { ptr @.const.pickledata.ba289d81f05c7020f3477c15734804df65abe209, i32 86, ptr @.const.pickledata.ba289d81f05c7020f3477c15734804df65abe209.sha1, ptr null, i32 0 }
@.const.pickledata.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c = internal constant [102 x i8] c"\80\04\95[\00\00\00\00\00\00\00\8C\08builtins\94\8C\0CRuntimeError\94\93\94\8C6numba jitted function aborted due to unresolved symbol\94\85\94N\87\94."
@.const.pickledata.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c.sha1 = internal constant [20 x i8] c"\97\BE\DC\DF\EC\8E\80\B7\09>P\CE%\EDV\F7r\0E\0C\9C"
@.const.picklebuf.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c = internal constant { ptr, i32, ptr, ptr, i32 } { ptr @.const.pickledata.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c, i32 102, ptr @.const.pickledata.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c.sha1, ptr null, i32 0 }

; Function Attrs: alwaysinline
define range(i32 0, 2) i32 @_ZN8__main__7stencilB3v36B38c8tJTIeFIjxB2IKSgI4CrvQClQZ6FczSBAA_3dE5ArrayIdLi2E1C7mutable7alignedEdx(ptr noalias captures(none) %retptr, ptr noalias captures(none) %excinfo, ptr %arg.u.0, ptr %arg.u.1, i64 %arg.u.2, i64 %arg.u.3, ptr %arg.u.4, i64 %arg.u.5.0, i64 %arg.u.5.1, i64 %arg.u.6.0, i64 %arg.u.6.1, double %arg.c, i64 %arg.steps) #0 {
entry:
  call void @NRT_incref(ptr %arg.u.0)
  call void @NRT_incref(ptr %arg.u.0), !noalias !0
  %.42.i = call { i64, i1 } @llvm.smul.with.overflow.i64(i64 %arg.u.5.0, i64 %arg.u.5.1)
  %.43.i = extractvalue { i64, i1 } %.42.i, 0
  %.44.i = extractvalue { i64, i1 } %.42.i, 1
  %i = add i64 %.43.i, -1152921504606846976
  %.49.i = icmp ult i64 %i, -2305843009213693952
  %.50.i = or i1 %.44.i, %.49.i
  br i1 %.50.i, label %_ZN5numba2np8arrayobj16ol_np_empty_like12_3clocals_3e4implB3v37B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dE5ArrayIdLi2E1C7mutable7alignedE27omitted_28default_3dNone_29.exit, label %B0.endif.i, !prof !4

B0.endif.i:                                       ; preds = %entry
  %.48.i = shl i64 %.43.i, 3
  %.7.i23 = call ptr @NRT_MemInfo_alloc_aligned(i64 %.48.i, i32 32), !noalias !5
  %.8.i.not = icmp eq ptr %.7.i23, null
  br i1 %.8.i.not, label %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit, label %B0.endif.i24, !prof !4

B0.endif.i24:                                     ; preds = %B0.endif.i
  br label %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit

_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit: ; preds = %B0.endif.i, %B0.endif.i24
  %excinfo.1.i11.0 = phi ptr [ null, %B0.endif.i24 ], [ @.const.picklebuf.ba289d81f05c7020f3477c15734804df65abe209, %B0.endif.i ]
  %.7.i.0 = phi ptr [ %.7.i23, %B0.endif.i24 ], [ null, %B0.endif.i ]
  %.11.i29 = phi i32 [ 0, %B0.endif.i24 ], [ 1, %B0.endif.i ]
  br i1 %.8.i.not, label %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit, label %B0.endif.i17, !prof !4

B0.endif.i17:                                     ; preds = %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit
  br label %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit

_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit: ; preds = %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit, %B0.endif.i17
  %.59.i.0 = phi ptr [ %.7.i.0, %B0.endif.i17 ], [ null, %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit ]
  %excinfo.1.i.1 = phi ptr [ null, %B0.endif.i17 ], [ %excinfo.1.i11.0, %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit ]
  %.63.i21 = phi i32 [ 0, %B0.endif.i17 ], [ %.11.i29, %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit ]
  %.65.i.not = icmp eq i32 %.63.i21, 0
  br i1 %.65.i.not, label %B0.endif.endif.i, label %_ZN5numba2np8arrayobj16ol_np_empty_like12_3clocals_3e4implB3v37B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dE5ArrayIdLi2E1C7mutable7alignedE27omitted_28default_3dNone_29.exit, !prof !12

B0.endif.endif.i:                                 ; preds = %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit
  %.83.i = call ptr @NRT_MemInfo_data_fast(ptr %.59.i.0), !noalias !0
  call void @NRT_decref(ptr %arg.u.0), !noalias !0
  br label %_ZN5numba2np8arrayobj16ol_np_empty_like12_3clocals_3e4implB3v37B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dE5ArrayIdLi2E1C7mutable7alignedE27omitted_28default_3dNone_29.exit

_ZN5numba2np8arrayobj16ol_np_empty_like12_3clocals_3e4implB3v37B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dE5ArrayIdLi2E1C7mutable7alignedE27omitted_28default_3dNone_29.exit: ; preds = %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit, %entry, %B0.endif.endif.i
  %phiofops466 = phi i1 [ false, %entry ], [ false, %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit ], [ true, %B0.endif.endif.i ]
  %.55.sroa.24.0 = phi i64 [ 0, %entry ], [ 0, %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit ], [ %arg.u.5.1, %B0.endif.endif.i ]
  %.55.sroa.20.0 = phi i64 [ 0, %entry ], [ 0, %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit ], [ %arg.u.5.0, %B0.endif.endif.i ]
  %.55.sroa.16.0 = phi ptr [ null, %entry ], [ null, %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit ], [ %.83.i, %B0.endif.endif.i ]
  %.55.sroa.0.0 = phi ptr [ null, %entry ], [ null, %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit ], [ %.59.i.0, %B0.endif.endif.i ]
  %excinfo.1.1 = phi ptr [ @.const.picklebuf.58e14eccb507b1e0206981740223e685cb8c3c57, %entry ], [ %excinfo.1.i.1, %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit ], [ null, %B0.endif.endif.i ]
  br i1 %phiofops466, label %B0.endif, label %B0.if, !prof !12

B94.loopexit:                                     ; preds = %B400.loopexit, %B362
  %.187 = icmp sgt i64 %.134.0481, 1
  br i1 %.187, label %B94.if, label %B482

B136.loopexit:                                    ; preds = %B178.if, %B136.if
  %.306 = icmp sgt i64 %.253.0473, 1
  br i1 %.306, label %B136.if, label %B362

B362:                                             ; preds = %B136.loopexit, %B94.if
  %.956477.not = icmp slt i64 %.263, 1
  br i1 %.956477.not, label %B94.loopexit, label %B400.if

B400.loopexit:                                    ; preds = %B442.if, %B400.if
  %.956 = icmp sgt i64 %.903.0479, 1
  br i1 %.956, label %B400.if, label %B94.loopexit

common.ret:                                       ; preds = %B0.if, %B482
  %common.ret.op = phi i32 [ 0, %B482 ], [ 1, %B0.if ]
  ret i32 %common.ret.op

B482:                                             ; preds = %B94.loopexit, %B0.endif
  call void @NRT_decref(ptr %arg.u.0)
  call void @NRT_decref(ptr %.55.sroa.0.0)
  store ptr null, ptr %retptr, align 8
  br label %common.ret

B0.if:                                            ; preds = %_ZN5numba2np8arrayobj16ol_np_empty_like12_3clocals_3e4implB3v37B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dE5ArrayIdLi2E1C7mutable7alignedE27omitted_28default_3dNone_29.exit
  store ptr %excinfo.1.1, ptr %excinfo, align 8
  br label %common.ret

B0.endif:                                         ; preds = %_ZN5numba2np8arrayobj16ol_np_empty_like12_3clocals_3e4implB3v37B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dE5ArrayIdLi2E1C7mutable7alignedE27omitted_28default_3dNone_29.exit
  %.187480.not = icmp slt i64 %arg.steps, 1
  br i1 %.187480.not, label %B482, label %B94.if

B94.if:                                           ; preds = %B0.endif, %B94.loopexit
  %.134.0481 = phi i64 [ %.196, %B94.loopexit ], [ %arg.steps, %B0.endif ]
  %.196 = add nsw i64 %.134.0481, -1
  %.263 = add i64 %arg.u.5.0, -2
  %storemerge462 = call i64 @llvm.smax.i64(i64 %.263, i64 0)
  %.306470.not = icmp slt i64 %.263, 1
  br i1 %.306470.not, label %B362, label %B136.if

B136.if:                                          ; preds = %B94.if, %B136.loopexit
  %.253.0473 = phi i64 [ %.315, %B136.loopexit ], [ %storemerge462, %B94.if ]
  %.250.0472 = phi i64 [ %.319, %B136.loopexit ], [ 1, %B94.if ]
  %phiofops471 = phi i64 [ %.250.0472, %B136.loopexit ], [ 0, %B94.if ]
  %.315 = add nsw i64 %.253.0473, -1
  %.319 = add i64 %.250.0472, 1
  %.385 = add i64 %arg.u.5.1, -2
  %.428467.not = icmp slt i64 %.385, 1
  br i1 %.428467.not, label %B136.loopexit, label %B178.if

B178.if:                                          ; preds = %B136.if, %B178.if
  %.375.0469 = phi i64 [ %.437, %B178.if ], [ %.385, %B136.if ]
  %.372.0468 = phi i64 [ %.441, %B178.if ], [ 1, %B136.if ]
  %.437 = add nsw i64 %.375.0469, -1
  %.441 = add i64 %.372.0468, 1
  %.491 = icmp slt i64 %.250.0472, 0
  %.492 = select i1 %.491, i64 %arg.u.5.0, i64 0
  %.493 = add i64 %.250.0472, %.492
  %.494 = icmp slt i64 %.372.0468, 0
  %.495 = select i1 %.494, i64 %arg.u.5.1, i64 0
  %.513 = mul i64 %.493, %arg.u.5.1
  %i482 = getelementptr double, ptr %arg.u.4, i64 %.513
  %i483 = getelementptr double, ptr %i482, i64 %.372.0468
  %.517 = getelementptr double, ptr %i483, i64 %.495
  %.518 = load double, ptr %.517, align 8
  %.547.inv = icmp sgt i64 %.250.0472, 0
  %.548 = select i1 %.547.inv, i64 0, i64 %arg.u.5.0
  %.549 = add i64 %phiofops471, %.548
  %.569 = mul i64 %.549, %arg.u.5.1
  %i484 = getelementptr double, ptr %arg.u.4, i64 %.569
  %i485 = getelementptr double, ptr %i484, i64 %.372.0468
  %.573 = getelementptr double, ptr %i485, i64 %.495
  %.574 = load double, ptr %.573, align 8
  %.603 = icmp slt i64 %.250.0472, -1
  %.604 = select i1 %.603, i64 %arg.u.5.0, i64 0
  %.605 = add i64 %.319, %.604
  %.625 = mul i64 %.605, %arg.u.5.1
  %i486 = getelementptr double, ptr %arg.u.4, i64 %.625
  %i487 = getelementptr double, ptr %i486, i64 %.372.0468
  %.629 = getelementptr double, ptr %i487, i64 %.495
  %.630 = load double, ptr %.629, align 8
  %.633 = fadd double %.574, %.630
  %.663.inv = icmp sgt i64 %.372.0468, 0
  %.664 = select i1 %.663.inv, i64 0, i64 %arg.u.5.1
  %i488 = getelementptr i8, ptr %i483, i64 -8
  %.686 = getelementptr double, ptr %i488, i64 %.664
  %.687 = load double, ptr %.686, align 8
  %.690 = fadd double %.633, %.687
  %.720 = icmp slt i64 %.372.0468, -1
  %.721 = select i1 %.720, i64 %arg.u.5.1, i64 0
  %i489 = getelementptr i8, ptr %i483, i64 8
  %.743 = getelementptr double, ptr %i489, i64 %.721
  %.744 = load double, ptr %.743, align 8
  %.747 = fadd double %.690, %.744
  %.803 = fmul double %.518, 4.000000e+00
  %.804 = fsub double %.747, %.803
  %.806 = fmul double %arg.c, %.804
  %.807 = fadd double %.518, %.806
  %.834 = select i1 %.491, i64 %.55.sroa.20.0, i64 0
  %.835 = add i64 %.250.0472, %.834
  %.837 = select i1 %.494, i64 %.55.sroa.24.0, i64 0
  %.855 = mul i64 %.835, %.55.sroa.24.0
  %i490 = getelementptr double, ptr %.55.sroa.16.0, i64 %.855
  %i491 = getelementptr double, ptr %i490, i64 %.372.0468
  %.859 = getelementptr double, ptr %i491, i64 %.837
  store double %.807, ptr %.859, align 8
  %.428 = icmp sgt i64 %.375.0469, 1
  br i1 %.428, label %B178.if, label %B136.loopexit

B400.if:                                          ; preds = %B362, %B400.loopexit
  %.903.0479 = phi i64 [ %.965, %B400.loopexit ], [ %storemerge462, %B362 ]
  %.900.0478 = phi i64 [ %.969, %B400.loopexit ], [ 1, %B362 ]
  %.965 = add nsw i64 %.903.0479, -1
  %.969 = add i64 %.900.0478, 1
  %.1035 = add i64 %arg.u.5.1, -2
  %.1078474.not = icmp slt i64 %.1035, 1
  br i1 %.1078474.not, label %B400.loopexit, label %B442.if

B442.if:                                          ; preds = %B400.if, %B442.if
  %.1025.0476 = phi i64 [ %.1087, %B442.if ], [ %.1035, %B400.if ]
  %.1022.0475 = phi i64 [ %.1091, %B442.if ], [ 1, %B400.if ]
  %.1087 = add nsw i64 %.1025.0476, -1
  %.1091 = add i64 %.1022.0475, 1
  %.1141 = icmp slt i64 %.900.0478, 0
  %.1142 = select i1 %.1141, i64 %.55.sroa.20.0, i64 0
  %.1143 = add i64 %.900.0478, %.1142
  %.1144 = icmp slt i64 %.1022.0475, 0
  %.1145 = select i1 %.1144, i64 %.55.sroa.24.0, i64 0
  %.1163 = mul i64 %.1143, %.55.sroa.24.0
  %i492 = getelementptr double, ptr %.55.sroa.16.0, i64 %.1163
  %i493 = getelementptr double, ptr %i492, i64 %.1022.0475
  %.1167 = getelementptr double, ptr %i493, i64 %.1145
  %.1168 = load double, ptr %.1167, align 8
  %.1197 = select i1 %.1141, i64 %arg.u.5.0, i64 0
  %.1198 = add i64 %.900.0478, %.1197
  %.1200 = select i1 %.1144, i64 %arg.u.5.1, i64 0
  %.1218 = mul i64 %.1198, %arg.u.5.1
  %i494 = getelementptr double, ptr %arg.u.4, i64 %.1218
  %i495 = getelementptr double, ptr %i494, i64 %.1022.0475
  %.1222 = getelementptr double, ptr %i495, i64 %.1200
  store double %.1168, ptr %.1222, align 8
  %.1078 = icmp sgt i64 %.1025.0476, 1
  br i1 %.1078, label %B442.if, label %B400.loopexit
}

; Function Attrs: alwaysinline
define range(i32 0, 2) i32 @_ZN5numba2np8arrayobj16ol_np_empty_like12_3clocals_3e4implB3v37B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dE5ArrayIdLi2E1C7mutable7alignedE27omitted_28default_3dNone_29(ptr noalias captures(none) %retptr, ptr noalias captures(none) %excinfo, ptr %arg.arr.0, ptr %arg.arr.1, i64 %arg.arr.2, i64 %arg.arr.3, ptr %arg.arr.4, i64 %arg.arr.5.0, i64 %arg.arr.5.1, i64 %arg.arr.6.0, i64 %arg.arr.6.1) #0 {
entry:
  call void @NRT_incref(ptr %arg.arr.0)
  %.42 = call { i64, i1 } @llvm.smul.with.overflow.i64(i64 %arg.arr.5.0, i64 %arg.arr.5.1)
  %.43 = extractvalue { i64, i1 } %.42, 0
  %.44 = extractvalue { i64, i1 } %.42, 1
  %i = add i64 %.43, -1152921504606846976
  %.49 = icmp ult i64 %i, -2305843009213693952
  %.50 = or i1 %.44, %.49
  br i1 %.50, label %B0.if, label %B0.endif, !prof !4

common.ret:                                       ; preds = %B0.endif.if, %B0.endif.endif, %B0.if
  %common.ret.op = phi i32 [ 1, %B0.if ], [ 0, %B0.endif.endif ], [ 1, %B0.endif.if ]
  ret i32 %common.ret.op

B0.if:                                            ; preds = %entry
  store ptr @.const.picklebuf.58e14eccb507b1e0206981740223e685cb8c3c57, ptr %excinfo, align 8, !numba_exception_output !13
  br label %common.ret

B0.endif:                                         ; preds = %entry
  %.48 = shl i64 %.43, 3
  %.7.i3 = call ptr @NRT_MemInfo_alloc_aligned(i64 %.48, i32 32), !noalias !14
  %.8.i.not = icmp eq ptr %.7.i3, null
  br i1 %.8.i.not, label %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit, label %B0.endif.i4, !prof !4

B0.endif.i4:                                      ; preds = %B0.endif
  br label %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit

_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit: ; preds = %B0.endif, %B0.endif.i4
  %.7.i.0 = phi ptr [ %.7.i3, %B0.endif.i4 ], [ null, %B0.endif ]
  %excinfo.1.i.0 = phi ptr [ null, %B0.endif.i4 ], [ @.const.picklebuf.ba289d81f05c7020f3477c15734804df65abe209, %B0.endif ]
  %.11.i9 = phi i32 [ 0, %B0.endif.i4 ], [ 1, %B0.endif ]
  br i1 %.8.i.not, label %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit, label %B0.endif.i, !prof !4

B0.endif.i:                                       ; preds = %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit
  br label %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit

_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit: ; preds = %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit, %B0.endif.i
  %.59.0 = phi ptr [ %.7.i.0, %B0.endif.i ], [ null, %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit ]
  %excinfo.1.1 = phi ptr [ null, %B0.endif.i ], [ %excinfo.1.i.0, %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit ]
  %.631 = phi i32 [ 0, %B0.endif.i ], [ %.11.i9, %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit ]
  %.65.not = icmp eq i32 %.631, 0
  br i1 %.65.not, label %B0.endif.endif, label %B0.endif.if, !prof !12

B0.endif.if:                                      ; preds = %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit
  store ptr %excinfo.1.1, ptr %excinfo, align 8
  br label %common.ret

B0.endif.endif:                                   ; preds = %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit
  %.46 = shl i64 %arg.arr.5.1, 3
  %.83 = call ptr @NRT_MemInfo_data_fast(ptr %.59.0)
  store ptr %.59.0, ptr %retptr, align 8
  %retptr.repack29 = getelementptr inbounds nuw i8, ptr %retptr, i64 8
  store ptr null, ptr %retptr.repack29, align 8
  %retptr.repack31 = getelementptr inbounds nuw i8, ptr %retptr, i64 16
  store i64 %.43, ptr %retptr.repack31, align 8
  %retptr.repack33 = getelementptr inbounds nuw i8, ptr %retptr, i64 24
  store i64 8, ptr %retptr.repack33, align 8
  %retptr.repack35 = getelementptr inbounds nuw i8, ptr %retptr, i64 32
  store ptr %.83, ptr %retptr.repack35, align 8
  %retptr.repack37 = getelementptr inbounds nuw i8, ptr %retptr, i64 40
  store i64 %arg.arr.5.0, ptr %retptr.repack37, align 8
  %retptr.repack37.repack41 = getelementptr inbounds nuw i8, ptr %retptr, i64 48
  store i64 %arg.arr.5.1, ptr %retptr.repack37.repack41, align 8
  %retptr.repack39 = getelementptr inbounds nuw i8, ptr %retptr, i64 56
  store i64 %.46, ptr %retptr.repack39, align 8
  %retptr.repack39.repack43 = getelementptr inbounds nuw i8, ptr %retptr, i64 64
  store i64 8, ptr %retptr.repack39.repack43, align 8
  call void @NRT_decref(ptr %arg.arr.0)
  br label %common.ret
}

; Function Attrs: nocallback nocreateundeforpoison nofree nosync nounwind speculatable willreturn memory(none)
declare { i64, i1 } @llvm.smul.with.overflow.i64(i64, i64) #1

; Function Attrs: alwaysinline
define range(i32 0, 2) i32 @_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj(ptr noalias captures(none) %retptr, ptr noalias captures(none) %excinfo, ptr %arg.arrtype, i64 %arg.size, i32 %arg.align) #0 {
entry:
  %.7.i = call ptr @NRT_MemInfo_alloc_aligned(i64 %arg.size, i32 %arg.align), !noalias !21
  %.8.i.not = icmp eq ptr %.7.i, null
  br i1 %.8.i.not, label %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit, label %B0.endif.i, !prof !4

B0.endif.i:                                       ; preds = %entry
  br label %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit

_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit: ; preds = %entry, %B0.endif.i
  %.7.0 = phi ptr [ %.7.i, %B0.endif.i ], [ null, %entry ]
  %excinfo.1.0 = phi ptr [ null, %B0.endif.i ], [ @.const.picklebuf.ba289d81f05c7020f3477c15734804df65abe209, %entry ]
  %.111 = phi i32 [ 0, %B0.endif.i ], [ 1, %entry ]
  br i1 %.8.i.not, label %B0.if, label %B0.endif, !prof !4

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
  br i1 %.8, label %B0.if, label %B0.endif, !prof !4

common.ret:                                       ; preds = %B0.endif, %B0.if
  %common.ret.op = phi i32 [ 1, %B0.if ], [ 0, %B0.endif ]
  ret i32 %common.ret.op

B0.if:                                            ; preds = %entry
  store ptr @.const.picklebuf.ba289d81f05c7020f3477c15734804df65abe209, ptr %excinfo, align 8, !numba_exception_output !13
  br label %common.ret

B0.endif:                                         ; preds = %entry
  store ptr %.7, ptr %retptr, align 8
  br label %common.ret
}

declare noalias ptr @NRT_MemInfo_alloc_aligned(i64, i32)

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
  br i1 %.4, label %common.ret, label %.3.endif, !prof !4

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
  br i1 %.4, label %common.ret, label %.3.endif, !prof !4

common.ret:                                       ; preds = %.3.endif, %.3.endif.if, %.3
  ret void

.3.endif:                                         ; preds = %.3
  fence release
  %.4.i = atomicrmw sub ptr %.1, i64 1 monotonic, align 8
  %.10 = icmp eq i64 %.4.i, 1
  br i1 %.10, label %.3.endif.if, label %common.ret, !prof !4

.3.endif.if:                                      ; preds = %.3.endif
  fence acquire
  call void @NRT_MemInfo_call_dtor(ptr nonnull %.1)
  br label %common.ret
}

declare void @NRT_MemInfo_call_dtor(ptr)

; Function Attrs: alwaysinline
define i32 @nrt_unresolved_abort(ptr %.1, ptr %.2) #0 {
.4:
  store ptr @.const.picklebuf.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c, ptr %.2, align 8, !numba_exception_output !13
  ret i32 1
}

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

!0 = !{!1, !3}
!1 = distinct !{!1, !2, !"_ZN5numba2np8arrayobj16ol_np_empty_like12_3clocals_3e4implB3v37B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dE5ArrayIdLi2E1C7mutable7alignedE27omitted_28default_3dNone_29: %retptr"}
!2 = distinct !{!2, !"_ZN5numba2np8arrayobj16ol_np_empty_like12_3clocals_3e4implB3v37B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dE5ArrayIdLi2E1C7mutable7alignedE27omitted_28default_3dNone_29"}
!3 = distinct !{!3, !2, !"_ZN5numba2np8arrayobj16ol_np_empty_like12_3clocals_3e4implB3v37B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dE5ArrayIdLi2E1C7mutable7alignedE27omitted_28default_3dNone_29: %excinfo"}
!4 = !{!"branch_weights", i32 1, i32 99}
!5 = !{!6, !8, !9, !11, !1, !3}
!6 = distinct !{!6, !7, !"_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj: %retptr"}
!7 = distinct !{!7, !"_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj"}
!8 = distinct !{!8, !7, !"_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj: %excinfo"}
!9 = distinct !{!9, !10, !"_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj: %retptr"}
!10 = distinct !{!10, !"_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj"}
!11 = distinct !{!11, !10, !"_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj: %excinfo"}
!12 = !{!"branch_weights", i32 99, i32 1}
!13 = !{i1 true}
!14 = !{!15, !17, !18, !20}
!15 = distinct !{!15, !16, !"_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj: %retptr"}
!16 = distinct !{!16, !"_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj"}
!17 = distinct !{!17, !16, !"_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj: %excinfo"}
!18 = distinct !{!18, !19, !"_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj: %retptr"}
!19 = distinct !{!19, !"_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj"}
!20 = distinct !{!20, !19, !"_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj: %excinfo"}
!21 = !{!22, !24}
!22 = distinct !{!22, !23, !"_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj: %retptr"}
!23 = distinct !{!23, !"_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj"}
!24 = distinct !{!24, !23, !"_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj: %excinfo"}
