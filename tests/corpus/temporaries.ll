; entry: _ZN8__main__11temporariesB2v4B38c8tJTIeFIjxB2IKSgI4CrvQClQZ6FczSBAA_3dE5ArrayIdLi1E1C7mutable7alignedE
; ModuleID = 'part0'
source_filename = "<string>"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

@_ZN08NumbaEnv8__main__11temporariesB2v4B38c8tJTIeFIjxB2IKSgI4CrvQClQZ6FczSBAA_3dE5ArrayIdLi1E1C7mutable7alignedE = common global ptr null
@.const.pickledata.ca8efb3a72d614fe872032cce3ac326007a30727 = internal constant [76 x i8] c"\80\04\95A\00\00\00\00\00\00\00\8C\08builtins\94\8C\0AValueError\94\93\94\8C\1Erange() arg 3 must not be zero\94\85\94N\87\94."
@.const.pickledata.ca8efb3a72d614fe872032cce3ac326007a30727.sha1 = internal constant [20 x i8] c"\CA\8E\FB:r\D6\14\FE\87 2\CC\E3\AC2`\07\A3\07'"
@.const.picklebuf.ca8efb3a72d614fe872032cce3ac326007a30727 = internal constant { ptr, i32, ptr, ptr, i32 } { ptr @.const.pickledata.ca8efb3a72d614fe872032cce3ac326007a30727, i32 76, ptr @.const.pickledata.ca8efb3a72d614fe872032cce3ac326007a30727.sha1, ptr null, i32 0 }
@_ZN08NumbaEnv5numba2np8arrayobj11ol_np_zeros12_3clocals_3e4implB2v5B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEx48omitted_28default_3d_3cclass_20_27float_27_3e_29 = common global ptr null
@_ZN08NumbaEnv5numba2np8arrayobj11ol_np_empty12_3clocals_3e4implB2v6B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEx39Function_28_3cclass_20_27float_27_3e_29 = common global ptr null
@.const.pickledata.4dd0a51753c7dc7385b275d952bd52d8a239c2ff = internal constant [81 x i8] c"\80\04\95F\00\00\00\00\00\00\00\8C\08builtins\94\8C\0AValueError\94\93\94\8C#Cannot safely convert value to intp\94\85\94N\87\94."
@.const.pickledata.4dd0a51753c7dc7385b275d952bd52d8a239c2ff.sha1 = internal constant [20 x i8] c"M\D0\A5\17S\C7\DCs\85\B2u\D9R\BDR\D8\A29\C2\FF"
@.const.picklebuf.4dd0a51753c7dc7385b275d952bd52d8a239c2ff = internal constant { ptr, i32, ptr, ptr, i32 } { ptr @.const.pickledata.4dd0a51753c7dc7385b275d952bd52d8a239c2ff, i32 81, ptr @.const.pickledata.4dd0a51753c7dc7385b275d952bd52d8a239c2ff.sha1, ptr null, i32 0 }
@.const.pickledata.331b8563bdb9dac81b38422273052c486fc1706b = internal constant [77 x i8] c"\80\04\95B\00\00\00\00\00\00\00\8C\08builtins\94\8C\0AValueError\94\93\94\8C\1Fnegative dimensions not allowed\94\85\94N\87\94."
@.const.pickledata.331b8563bdb9dac81b38422273052c486fc1706b.sha1 = internal constant [20 x i8] c"3\1B\85c\BD\B9\DA\C8\1B8B\22s\05,Ho\C1pk"
@.const.picklebuf.331b8563bdb9dac81b38422273052c486fc1706b = internal constant { ptr, i32, ptr, ptr, i32 } { ptr @.const.pickledata.331b8563bdb9dac81b38422273052c486fc1706b, i32 77, ptr @.const.pickledata.331b8563bdb9dac81b38422273052c486fc1706b.sha1, ptr null, i32 0 }
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
@_ZN08NumbaEnv5numba2np8arrayobj18ol_array_zero_fill12_3clocals_3e4implB2v9B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dE5ArrayIdLi1E1C7mutable7alignedE = common global ptr null
@_ZN08NumbaEnv5numba2np8arrayobj11ol_np_empty12_3clocals_3e4implB3v10B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEx48omitted_28default_3d_3cclass_20_27float_27_3e_29 = common global ptr null
@.const.pickledata.4dd0a51753c7dc7385b275d952bd52d8a239c2ff.26 = internal constant [81 x i8] c"\80\04\95F\00\00\00\00\00\00\00\8C\08builtins\94\8C\0AValueError\94\93\94\8C#Cannot safely convert value to intp\94\85\94N\87\94."
@.const.pickledata.4dd0a51753c7dc7385b275d952bd52d8a239c2ff.sha1.27 = internal constant [20 x i8] c"M\D0\A5\17S\C7\DCs\85\B2u\D9R\BDR\D8\A29\C2\FF"
@.const.picklebuf.4dd0a51753c7dc7385b275d952bd52d8a239c2ff.19 = internal constant { ptr, i32, ptr, ptr, i32 } { ptr @.const.pickledata.4dd0a51753c7dc7385b275d952bd52d8a239c2ff.26, i32 81, ptr @.const.pickledata.4dd0a51753c7dc7385b275d952bd52d8a239c2ff.sha1.27, ptr null, i32 0 }
@.const.pickledata.331b8563bdb9dac81b38422273052c486fc1706b.24 = internal constant [77 x i8] c"\80\04\95B\00\00\00\00\00\00\00\8C\08builtins\94\8C\0AValueError\94\93\94\8C\1Fnegative dimensions not allowed\94\85\94N\87\94."
@.const.pickledata.331b8563bdb9dac81b38422273052c486fc1706b.sha1.25 = internal constant [20 x i8] c"3\1B\85c\BD\B9\DA\C8\1B8B\22s\05,Ho\C1pk"
@.const.picklebuf.331b8563bdb9dac81b38422273052c486fc1706b.20 = internal constant { ptr, i32, ptr, ptr, i32 } { ptr @.const.pickledata.331b8563bdb9dac81b38422273052c486fc1706b.24, i32 77, ptr @.const.pickledata.331b8563bdb9dac81b38422273052c486fc1706b.sha1.25, ptr null, i32 0 }
@.const.pickledata.58e14eccb507b1e0206981740223e685cb8c3c57.22 = internal constant [137 x i8] c"\80\04\95~\00\00\00\00\00\00\00\8C\08builtins\94\8C\0AValueError\94\93\94\8C[array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum possible size.\94\85\94N\87\94."
@.const.pickledata.58e14eccb507b1e0206981740223e685cb8c3c57.sha1.23 = internal constant [20 x i8] c"X\E1N\CC\B5\07\B1\E0 i\81t\02#\E6\85\CB\8C<W"
@.const.picklebuf.58e14eccb507b1e0206981740223e685cb8c3c57.21 = internal constant { ptr, i32, ptr, ptr, i32 } { ptr @.const.pickledata.58e14eccb507b1e0206981740223e685cb8c3c57.22, i32 137, ptr @.const.pickledata.58e14eccb507b1e0206981740223e685cb8c3c57.sha1.23, ptr null, i32 0 }

; Function Attrs: alwaysinline
define range(i32 0, 2) i32 @_ZN8__main__11temporariesB2v4B38c8tJTIeFIjxB2IKSgI4CrvQClQZ6FczSBAA_3dE5ArrayIdLi1E1C7mutable7alignedE(ptr noalias captures(none) %retptr, ptr noalias captures(none) %excinfo, ptr %arg.x.0, ptr %arg.x.1, i64 %arg.x.2, i64 %arg.x.3, ptr %arg.x.4, i64 %arg.x.5.0, i64 %arg.x.6.0) #0 {
entry:
  call void @NRT_incref(ptr %arg.x.0)
  %.15.i8 = icmp slt i64 %arg.x.5.0, 0
  br i1 %.15.i8, label %_ZN5numba2np8arrayobj11ol_np_empty12_3clocals_3e4implB2v6B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEx39Function_28_3cclass_20_27float_27_3e_29.exit, label %B0.endif.endif.i9, !prof !0

B0.endif.endif.i9:                                ; preds = %entry
  %.31.i = icmp ugt i64 %arg.x.5.0, 1152921504606846975
  br i1 %.31.i, label %_ZN5numba2np8arrayobj11ol_np_empty12_3clocals_3e4implB2v6B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEx39Function_28_3cclass_20_27float_27_3e_29.exit, label %B0.endif.endif.endif.i, !prof !0

B0.endif.endif.endif.i:                           ; preds = %B0.endif.endif.i9
  %.30.i15 = shl nuw nsw i64 %arg.x.5.0, 3
  %.7.i68 = call ptr @NRT_MemInfo_alloc_aligned(i64 %.30.i15, i32 32), !noalias !1
  %.8.i.not = icmp eq ptr %.7.i68, null
  br i1 %.8.i.not, label %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit, label %B0.endif.i69, !prof !0

B0.endif.i69:                                     ; preds = %B0.endif.endif.endif.i
  br label %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit

_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit: ; preds = %B0.endif.endif.endif.i, %B0.endif.i69
  %.7.i.0 = phi ptr [ %.7.i68, %B0.endif.i69 ], [ null, %B0.endif.endif.endif.i ]
  %excinfo.1.i45.0 = phi ptr [ null, %B0.endif.i69 ], [ @.const.picklebuf.ba289d81f05c7020f3477c15734804df65abe209, %B0.endif.endif.endif.i ]
  %.11.i4774 = phi i32 [ 0, %B0.endif.i69 ], [ 1, %B0.endif.endif.endif.i ]
  br i1 %.8.i.not, label %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit, label %B0.endif.i58, !prof !0

B0.endif.i58:                                     ; preds = %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit
  br label %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit

_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit: ; preds = %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit, %B0.endif.i58
  %.39.i.0 = phi ptr [ %.7.i.0, %B0.endif.i58 ], [ null, %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit ]
  %excinfo.1.i6.1 = phi ptr [ null, %B0.endif.i58 ], [ %excinfo.1.i45.0, %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit ]
  %.43.i66 = phi i32 [ 0, %B0.endif.i58 ], [ %.11.i4774, %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit ]
  %.45.i16.not = icmp eq i32 %.43.i66, 0
  br i1 %.45.i16.not, label %B0.endif.endif.endif.endif.i, label %_ZN5numba2np8arrayobj11ol_np_empty12_3clocals_3e4implB2v6B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEx39Function_28_3cclass_20_27float_27_3e_29.exit, !prof !14

B0.endif.endif.endif.endif.i:                     ; preds = %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit
  %.63.i20 = call ptr @NRT_MemInfo_data_fast(ptr %.39.i.0), !noalias !15
  br label %_ZN5numba2np8arrayobj11ol_np_empty12_3clocals_3e4implB2v6B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEx39Function_28_3cclass_20_27float_27_3e_29.exit

_ZN5numba2np8arrayobj11ol_np_empty12_3clocals_3e4implB2v6B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEx39Function_28_3cclass_20_27float_27_3e_29.exit: ; preds = %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit, %B0.endif.endif.i9, %entry, %B0.endif.endif.endif.endif.i
  %phiofops439 = phi i1 [ false, %entry ], [ false, %B0.endif.endif.i9 ], [ false, %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit ], [ true, %B0.endif.endif.endif.endif.i ]
  %.5.i.sroa.20.0 = phi ptr [ null, %entry ], [ null, %B0.endif.endif.i9 ], [ null, %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit ], [ %.63.i20, %B0.endif.endif.endif.endif.i ]
  %.5.i.sroa.16.0 = phi i64 [ 0, %entry ], [ 0, %B0.endif.endif.i9 ], [ 0, %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit ], [ %.30.i15, %B0.endif.endif.endif.endif.i ]
  %.5.i.sroa.12.0 = phi i64 [ 0, %entry ], [ 0, %B0.endif.endif.i9 ], [ 0, %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit ], [ %arg.x.5.0, %B0.endif.endif.endif.endif.i ]
  %.5.i.sroa.0.0 = phi ptr [ null, %entry ], [ null, %B0.endif.endif.i9 ], [ null, %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit ], [ %.39.i.0, %B0.endif.endif.endif.endif.i ]
  %excinfo.1.i.1 = phi ptr [ @.const.picklebuf.331b8563bdb9dac81b38422273052c486fc1706b, %entry ], [ @.const.picklebuf.58e14eccb507b1e0206981740223e685cb8c3c57, %B0.endif.endif.i9 ], [ %excinfo.1.i6.1, %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit ], [ null, %B0.endif.endif.endif.endif.i ]
  br i1 %phiofops439, label %B0.endif.i, label %_ZN5numba2np8arrayobj11ol_np_zeros12_3clocals_3e4implB2v5B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEx48omitted_28default_3d_3cclass_20_27float_27_3e_29.exit, !prof !14

B0.endif.i:                                       ; preds = %_ZN5numba2np8arrayobj11ol_np_empty12_3clocals_3e4implB2v6B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEx39Function_28_3cclass_20_27float_27_3e_29.exit
  call void @llvm.memset.p0.i64(ptr align 1 %.5.i.sroa.20.0, i8 0, i64 %.5.i.sroa.16.0, i1 false), !noalias !16
  br label %_ZN5numba2np8arrayobj11ol_np_zeros12_3clocals_3e4implB2v5B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEx48omitted_28default_3d_3cclass_20_27float_27_3e_29.exit

_ZN5numba2np8arrayobj11ol_np_zeros12_3clocals_3e4implB2v5B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEx48omitted_28default_3d_3cclass_20_27float_27_3e_29.exit: ; preds = %_ZN5numba2np8arrayobj11ol_np_empty12_3clocals_3e4implB2v6B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEx39Function_28_3cclass_20_27float_27_3e_29.exit, %B0.endif.i
  %.33.sroa.16.0 = phi ptr [ null, %_ZN5numba2np8arrayobj11ol_np_empty12_3clocals_3e4implB2v6B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEx39Function_28_3cclass_20_27float_27_3e_29.exit ], [ %.5.i.sroa.20.0, %B0.endif.i ]
  %.33.sroa.8.0 = phi i64 [ 0, %_ZN5numba2np8arrayobj11ol_np_empty12_3clocals_3e4implB2v6B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEx39Function_28_3cclass_20_27float_27_3e_29.exit ], [ %.5.i.sroa.12.0, %B0.endif.i ]
  %.33.sroa.0.0 = phi ptr [ null, %_ZN5numba2np8arrayobj11ol_np_empty12_3clocals_3e4implB2v6B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEx39Function_28_3cclass_20_27float_27_3e_29.exit ], [ %.5.i.sroa.0.0, %B0.endif.i ]
  %excinfo.1.2 = phi ptr [ %excinfo.1.i.1, %_ZN5numba2np8arrayobj11ol_np_empty12_3clocals_3e4implB2v6B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEx39Function_28_3cclass_20_27float_27_3e_29.exit ], [ null, %B0.endif.i ]
  br i1 %phiofops439, label %B0.endif, label %B0.if, !prof !19

B202:                                             ; preds = %B140.if, %B0.endif.endif
  call void @NRT_decref(ptr %arg.x.0)
  %.453443.not = icmp slt i64 %arg.x.5.0, 1
  br i1 %.453443.not, label %B282, label %B236.if

common.ret:                                       ; preds = %B0.endif.if, %B0.if, %B282
  %common.ret.op = phi i32 [ 0, %B282 ], [ 1, %B0.if ], [ 1, %B0.endif.if ]
  ret i32 %common.ret.op

B282:                                             ; preds = %B236.if, %B202
  %s.2.0.lcssa = phi double [ 0.000000e+00, %B202 ], [ %.553, %B236.if ]
  call void @NRT_decref(ptr %.33.sroa.0.0)
  call void @NRT_decref(ptr %.77.sroa.0.0)
  store double %s.2.0.lcssa, ptr %retptr, align 8
  br label %common.ret

B0.if:                                            ; preds = %_ZN5numba2np8arrayobj11ol_np_zeros12_3clocals_3e4implB2v5B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEx48omitted_28default_3d_3cclass_20_27float_27_3e_29.exit
  store ptr %excinfo.1.2, ptr %excinfo, align 8
  br label %common.ret

B0.endif:                                         ; preds = %_ZN5numba2np8arrayobj11ol_np_zeros12_3clocals_3e4implB2v5B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEx48omitted_28default_3d_3cclass_20_27float_27_3e_29.exit
  br i1 %.15.i8, label %_ZN5numba2np8arrayobj11ol_np_empty12_3clocals_3e4implB3v10B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEx48omitted_28default_3d_3cclass_20_27float_27_3e_29.exit, label %B0.endif.endif.i118, !prof !0

B0.endif.endif.i118:                              ; preds = %B0.endif
  %.30.i125 = icmp ugt i64 %arg.x.5.0, 1152921504606846975
  br i1 %.30.i125, label %_ZN5numba2np8arrayobj11ol_np_empty12_3clocals_3e4implB3v10B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEx48omitted_28default_3d_3cclass_20_27float_27_3e_29.exit, label %B0.endif.endif.endif.i127, !prof !0

B0.endif.endif.endif.i127:                        ; preds = %B0.endif.endif.i118
  %.29.i124 = shl nuw nsw i64 %arg.x.5.0, 3
  %.7.i3.i = call ptr @NRT_MemInfo_alloc_aligned(i64 %.29.i124, i32 32), !noalias !20
  %.8.i.i.not = icmp eq ptr %.7.i3.i, null
  br i1 %.8.i.i.not, label %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit.i, label %B0.endif.i4.i, !prof !0

B0.endif.i4.i:                                    ; preds = %B0.endif.endif.endif.i127
  br label %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit.i

_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit.i: ; preds = %B0.endif.endif.endif.i127, %B0.endif.i4.i
  %excinfo.1.i.i.0 = phi ptr [ null, %B0.endif.i4.i ], [ @.const.picklebuf.ba289d81f05c7020f3477c15734804df65abe209, %B0.endif.endif.endif.i127 ]
  %.7.i.i.0 = phi ptr [ %.7.i3.i, %B0.endif.i4.i ], [ null, %B0.endif.endif.endif.i127 ]
  %.11.i9.i = phi i32 [ 0, %B0.endif.i4.i ], [ 1, %B0.endif.endif.endif.i127 ]
  br i1 %.8.i.i.not, label %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit.i, label %B0.endif.i.i, !prof !0

B0.endif.i.i:                                     ; preds = %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit.i
  br label %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit.i

_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit.i: ; preds = %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit.i, %B0.endif.i.i
  %.38.i113.0 = phi ptr [ %.7.i.i.0, %B0.endif.i.i ], [ null, %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit.i ]
  %excinfo.1.i114.1 = phi ptr [ null, %B0.endif.i.i ], [ %excinfo.1.i.i.0, %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit.i ]
  %.421.i = phi i32 [ 0, %B0.endif.i.i ], [ %.11.i9.i, %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit.i ]
  %.44.i128.not = icmp eq i32 %.421.i, 0
  br i1 %.44.i128.not, label %B0.endif.endif.endif.endif.i136, label %_ZN5numba2np8arrayobj11ol_np_empty12_3clocals_3e4implB3v10B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEx48omitted_28default_3d_3cclass_20_27float_27_3e_29.exit, !prof !14

B0.endif.endif.endif.endif.i136:                  ; preds = %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit.i
  %.62.i = call ptr @NRT_MemInfo_data_fast(ptr %.38.i113.0), !noalias !30
  br label %_ZN5numba2np8arrayobj11ol_np_empty12_3clocals_3e4implB3v10B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEx48omitted_28default_3d_3cclass_20_27float_27_3e_29.exit

_ZN5numba2np8arrayobj11ol_np_empty12_3clocals_3e4implB3v10B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEx48omitted_28default_3d_3cclass_20_27float_27_3e_29.exit: ; preds = %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit.i, %B0.endif.endif.i118, %B0.endif, %B0.endif.endif.endif.endif.i136
  %phiofops = phi i1 [ false, %B0.endif ], [ false, %B0.endif.endif.i118 ], [ false, %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit.i ], [ true, %B0.endif.endif.endif.endif.i136 ]
  %.77.sroa.16.0 = phi ptr [ null, %B0.endif ], [ null, %B0.endif.endif.i118 ], [ null, %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit.i ], [ %.62.i, %B0.endif.endif.endif.endif.i136 ]
  %.77.sroa.8.0 = phi i64 [ 0, %B0.endif ], [ 0, %B0.endif.endif.i118 ], [ 0, %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit.i ], [ %arg.x.5.0, %B0.endif.endif.endif.endif.i136 ]
  %.77.sroa.0.0 = phi ptr [ null, %B0.endif ], [ null, %B0.endif.endif.i118 ], [ null, %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit.i ], [ %.38.i113.0, %B0.endif.endif.endif.endif.i136 ]
  %excinfo.2.1 = phi ptr [ @.const.picklebuf.331b8563bdb9dac81b38422273052c486fc1706b.20, %B0.endif ], [ @.const.picklebuf.58e14eccb507b1e0206981740223e685cb8c3c57.21, %B0.endif.endif.i118 ], [ %excinfo.1.i114.1, %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit.i ], [ null, %B0.endif.endif.endif.endif.i136 ]
  br i1 %phiofops, label %B0.endif.endif, label %B0.endif.if, !prof !14

B0.endif.if:                                      ; preds = %_ZN5numba2np8arrayobj11ol_np_empty12_3clocals_3e4implB3v10B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEx48omitted_28default_3d_3cclass_20_27float_27_3e_29.exit
  store ptr %excinfo.2.1, ptr %excinfo, align 8
  br label %common.ret

B0.endif.endif:                                   ; preds = %_ZN5numba2np8arrayobj11ol_np_empty12_3clocals_3e4implB3v10B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEx48omitted_28default_3d_3cclass_20_27float_27_3e_29.exit
  %storemerge = call i64 @llvm.smax.i64(i64 %arg.x.5.0, i64 0)
  %.198440.not = icmp slt i64 %arg.x.5.0, 1
  br i1 %.198440.not, label %B202, label %B140.if

B140.if:                                          ; preds = %B0.endif.endif, %B140.if
  %.145.0442 = phi i64 [ %.207, %B140.if ], [ %storemerge, %B0.endif.endif ]
  %.142.0441 = phi i64 [ %.211, %B140.if ], [ 0, %B0.endif.endif ]
  %.207 = add nsw i64 %.145.0442, -1
  %.211 = add i64 %.142.0441, 1
  %.249 = icmp slt i64 %.142.0441, 0
  %.250 = select i1 %.249, i64 %arg.x.5.0, i64 0
  %i = getelementptr double, ptr %arg.x.4, i64 %.142.0441
  %.264 = getelementptr double, ptr %i, i64 %.250
  %.265 = load double, ptr %.264, align 8
  %.266 = fmul double %.265, 2.000000e+00
  %.281 = select i1 %.249, i64 %.33.sroa.8.0, i64 0
  %i447 = getelementptr double, ptr %.33.sroa.16.0, i64 %.142.0441
  %.295 = getelementptr double, ptr %i447, i64 %.281
  store double %.266, ptr %.295, align 8
  %.327 = fadd double %.266, 1.000000e+00
  %.342 = select i1 %.249, i64 %.77.sroa.8.0, i64 0
  %i448 = getelementptr double, ptr %.77.sroa.16.0, i64 %.142.0441
  %.356 = getelementptr double, ptr %i448, i64 %.342
  store double %.327, ptr %.356, align 8
  %.198 = icmp sgt i64 %.145.0442, 1
  br i1 %.198, label %B140.if, label %B202

B236.if:                                          ; preds = %B202, %B236.if
  %s.2.0446 = phi double [ %.553, %B236.if ], [ 0.000000e+00, %B202 ]
  %.400.0445 = phi i64 [ %.462, %B236.if ], [ %storemerge, %B202 ]
  %.397.0444 = phi i64 [ %.466, %B236.if ], [ 0, %B202 ]
  %.462 = add nsw i64 %.400.0445, -1
  %.466 = add i64 %.397.0444, 1
  %.504 = icmp slt i64 %.397.0444, 0
  %.505 = select i1 %.504, i64 %.77.sroa.8.0, i64 0
  %i449 = getelementptr double, ptr %.77.sroa.16.0, i64 %.397.0444
  %.519 = getelementptr double, ptr %i449, i64 %.505
  %.520 = load double, ptr %.519, align 8
  %.535 = select i1 %.504, i64 %.33.sroa.8.0, i64 0
  %i450 = getelementptr double, ptr %.33.sroa.16.0, i64 %.397.0444
  %.549 = getelementptr double, ptr %i450, i64 %.535
  %.550 = load double, ptr %.549, align 8
  %.551 = fmul double %.520, %.550
  %.553 = fadd double %s.2.0446, %.551
  %.453 = icmp sgt i64 %.400.0445, 1
  br i1 %.453, label %B236.if, label %B282
}

; Function Attrs: alwaysinline
define range(i32 0, 2) i32 @_ZN5numba2np8arrayobj11ol_np_zeros12_3clocals_3e4implB2v5B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEx48omitted_28default_3d_3cclass_20_27float_27_3e_29(ptr noalias captures(none) %retptr, ptr noalias captures(none) %excinfo, i64 %arg.shape) #0 {
entry:
  %.15.i = icmp slt i64 %arg.shape, 0
  br i1 %.15.i, label %_ZN5numba2np8arrayobj11ol_np_empty12_3clocals_3e4implB2v6B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEx39Function_28_3cclass_20_27float_27_3e_29.exit, label %B0.endif.endif.i, !prof !0

B0.endif.endif.i:                                 ; preds = %entry
  %.31.i = icmp ugt i64 %arg.shape, 1152921504606846975
  br i1 %.31.i, label %_ZN5numba2np8arrayobj11ol_np_empty12_3clocals_3e4implB2v6B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEx39Function_28_3cclass_20_27float_27_3e_29.exit, label %B0.endif.endif.endif.i, !prof !0

B0.endif.endif.endif.i:                           ; preds = %B0.endif.endif.i
  %.30.i = shl nuw nsw i64 %arg.shape, 3
  %.7.i14 = call ptr @NRT_MemInfo_alloc_aligned(i64 %.30.i, i32 32), !noalias !31
  %.8.i.not = icmp eq ptr %.7.i14, null
  br i1 %.8.i.not, label %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit, label %B0.endif.i15, !prof !0

B0.endif.i15:                                     ; preds = %B0.endif.endif.endif.i
  br label %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit

_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit: ; preds = %B0.endif.endif.endif.i, %B0.endif.i15
  %excinfo.1.i2.0 = phi ptr [ null, %B0.endif.i15 ], [ @.const.picklebuf.ba289d81f05c7020f3477c15734804df65abe209, %B0.endif.endif.endif.i ]
  %.7.i.0 = phi ptr [ %.7.i14, %B0.endif.i15 ], [ null, %B0.endif.endif.endif.i ]
  %.11.i20 = phi i32 [ 0, %B0.endif.i15 ], [ 1, %B0.endif.endif.endif.i ]
  br i1 %.8.i.not, label %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit, label %B0.endif.i, !prof !0

B0.endif.i:                                       ; preds = %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit
  br label %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit

_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit: ; preds = %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit, %B0.endif.i
  %.39.i.0 = phi ptr [ %.7.i.0, %B0.endif.i ], [ null, %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit ]
  %excinfo.1.i.1 = phi ptr [ null, %B0.endif.i ], [ %excinfo.1.i2.0, %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit ]
  %.43.i12 = phi i32 [ 0, %B0.endif.i ], [ %.11.i20, %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit ]
  %.45.i.not = icmp eq i32 %.43.i12, 0
  br i1 %.45.i.not, label %B0.endif.endif.endif.endif.i, label %_ZN5numba2np8arrayobj11ol_np_empty12_3clocals_3e4implB2v6B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEx39Function_28_3cclass_20_27float_27_3e_29.exit, !prof !14

B0.endif.endif.endif.endif.i:                     ; preds = %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit
  %.63.i = call ptr @NRT_MemInfo_data_fast(ptr %.39.i.0), !noalias !41
  br label %_ZN5numba2np8arrayobj11ol_np_empty12_3clocals_3e4implB2v6B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEx39Function_28_3cclass_20_27float_27_3e_29.exit

_ZN5numba2np8arrayobj11ol_np_empty12_3clocals_3e4implB2v6B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEx39Function_28_3cclass_20_27float_27_3e_29.exit: ; preds = %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit, %B0.endif.endif.i, %entry, %B0.endif.endif.endif.endif.i
  %phiofops = phi i1 [ false, %entry ], [ false, %B0.endif.endif.i ], [ false, %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit ], [ true, %B0.endif.endif.endif.endif.i ]
  %.5.sroa.16.0 = phi ptr [ null, %entry ], [ null, %B0.endif.endif.i ], [ null, %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit ], [ %.63.i, %B0.endif.endif.endif.endif.i ]
  %.5.sroa.12.0 = phi i64 [ 0, %entry ], [ 0, %B0.endif.endif.i ], [ 0, %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit ], [ 8, %B0.endif.endif.endif.endif.i ]
  %.5.sroa.8.0 = phi i64 [ 0, %entry ], [ 0, %B0.endif.endif.i ], [ 0, %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit ], [ %arg.shape, %B0.endif.endif.endif.endif.i ]
  %.5.sroa.0.0 = phi ptr [ null, %entry ], [ null, %B0.endif.endif.i ], [ null, %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit ], [ %.39.i.0, %B0.endif.endif.endif.endif.i ]
  %excinfo.1.1 = phi ptr [ @.const.picklebuf.331b8563bdb9dac81b38422273052c486fc1706b, %entry ], [ @.const.picklebuf.58e14eccb507b1e0206981740223e685cb8c3c57, %B0.endif.endif.i ], [ %excinfo.1.i.1, %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit ], [ null, %B0.endif.endif.endif.endif.i ]
  br i1 %phiofops, label %B0.endif, label %B0.if, !prof !14

B0.if:                                            ; preds = %_ZN5numba2np8arrayobj11ol_np_empty12_3clocals_3e4implB2v6B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEx39Function_28_3cclass_20_27float_27_3e_29.exit
  store ptr %excinfo.1.1, ptr %excinfo, align 8
  br label %common.ret

B0.endif:                                         ; preds = %_ZN5numba2np8arrayobj11ol_np_empty12_3clocals_3e4implB2v6B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEx39Function_28_3cclass_20_27float_27_3e_29.exit
  %.26.i36 = mul nuw nsw i64 %.5.sroa.12.0, %.5.sroa.8.0
  call void @llvm.memset.p0.i64(ptr align 1 %.5.sroa.16.0, i8 0, i64 %.26.i36, i1 false), !noalias !42
  store ptr %.5.sroa.0.0, ptr %retptr, align 8
  %retptr.repack72 = getelementptr inbounds nuw i8, ptr %retptr, i64 8
  store ptr null, ptr %retptr.repack72, align 8
  %retptr.repack74 = getelementptr inbounds nuw i8, ptr %retptr, i64 16
  store i64 %.5.sroa.8.0, ptr %retptr.repack74, align 8
  %retptr.repack76 = getelementptr inbounds nuw i8, ptr %retptr, i64 24
  store i64 %.5.sroa.12.0, ptr %retptr.repack76, align 8
  %retptr.repack78 = getelementptr inbounds nuw i8, ptr %retptr, i64 32
  store ptr %.5.sroa.16.0, ptr %retptr.repack78, align 8
  %retptr.repack80 = getelementptr inbounds nuw i8, ptr %retptr, i64 40
  store i64 %.5.sroa.8.0, ptr %retptr.repack80, align 8
  %retptr.repack82 = getelementptr inbounds nuw i8, ptr %retptr, i64 48
  store i64 %.5.sroa.12.0, ptr %retptr.repack82, align 8
  br label %common.ret

common.ret:                                       ; preds = %B0.endif, %B0.if
  %common.ret.op = phi i32 [ 1, %B0.if ], [ 0, %B0.endif ]
  ret i32 %common.ret.op
}

; Function Attrs: alwaysinline
define range(i32 0, 2) i32 @_ZN5numba2np8arrayobj11ol_np_empty12_3clocals_3e4implB2v6B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEx39Function_28_3cclass_20_27float_27_3e_29(ptr noalias captures(none) %retptr, ptr noalias captures(none) %excinfo, i64 %arg.shape, ptr %arg.dtype) #0 {
entry:
  %.15 = icmp slt i64 %arg.shape, 0
  br i1 %.15, label %B0.endif.if, label %B0.endif.endif, !prof !0

common.ret:                                       ; preds = %B0.endif.endif.endif.if, %B0.endif.endif.endif.endif, %B0.endif.endif.if, %B0.endif.if
  %common.ret.op = phi i32 [ 1, %B0.endif.if ], [ 1, %B0.endif.endif.if ], [ 0, %B0.endif.endif.endif.endif ], [ 1, %B0.endif.endif.endif.if ]
  ret i32 %common.ret.op

B0.endif.if:                                      ; preds = %entry
  store ptr @.const.picklebuf.331b8563bdb9dac81b38422273052c486fc1706b, ptr %excinfo, align 8, !numba_exception_output !45
  br label %common.ret

B0.endif.endif:                                   ; preds = %entry
  %.31 = icmp ugt i64 %arg.shape, 1152921504606846975
  br i1 %.31, label %B0.endif.endif.if, label %B0.endif.endif.endif, !prof !0

B0.endif.endif.if:                                ; preds = %B0.endif.endif
  store ptr @.const.picklebuf.58e14eccb507b1e0206981740223e685cb8c3c57, ptr %excinfo, align 8, !numba_exception_output !45
  br label %common.ret

B0.endif.endif.endif:                             ; preds = %B0.endif.endif
  %.30 = shl nuw nsw i64 %arg.shape, 3
  %.7.i3 = call ptr @NRT_MemInfo_alloc_aligned(i64 %.30, i32 32), !noalias !46
  %.8.i.not = icmp eq ptr %.7.i3, null
  br i1 %.8.i.not, label %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit, label %B0.endif.i4, !prof !0

B0.endif.i4:                                      ; preds = %B0.endif.endif.endif
  br label %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit

_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit: ; preds = %B0.endif.endif.endif, %B0.endif.i4
  %.7.i.0 = phi ptr [ %.7.i3, %B0.endif.i4 ], [ null, %B0.endif.endif.endif ]
  %excinfo.1.i.0 = phi ptr [ null, %B0.endif.i4 ], [ @.const.picklebuf.ba289d81f05c7020f3477c15734804df65abe209, %B0.endif.endif.endif ]
  %.11.i9 = phi i32 [ 0, %B0.endif.i4 ], [ 1, %B0.endif.endif.endif ]
  br i1 %.8.i.not, label %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit, label %B0.endif.i, !prof !0

B0.endif.i:                                       ; preds = %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit
  br label %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit

_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit: ; preds = %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit, %B0.endif.i
  %.39.0 = phi ptr [ %.7.i.0, %B0.endif.i ], [ null, %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit ]
  %excinfo.1.1 = phi ptr [ null, %B0.endif.i ], [ %excinfo.1.i.0, %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit ]
  %.431 = phi i32 [ 0, %B0.endif.i ], [ %.11.i9, %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit ]
  %.45.not = icmp eq i32 %.431, 0
  br i1 %.45.not, label %B0.endif.endif.endif.endif, label %B0.endif.endif.endif.if, !prof !14

B0.endif.endif.endif.if:                          ; preds = %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit
  store ptr %excinfo.1.1, ptr %excinfo, align 8
  br label %common.ret

B0.endif.endif.endif.endif:                       ; preds = %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit
  %.63 = call ptr @NRT_MemInfo_data_fast(ptr %.39.0)
  store ptr %.39.0, ptr %retptr, align 8
  %retptr.repack20 = getelementptr inbounds nuw i8, ptr %retptr, i64 8
  store ptr null, ptr %retptr.repack20, align 8
  %retptr.repack22 = getelementptr inbounds nuw i8, ptr %retptr, i64 16
  store i64 %arg.shape, ptr %retptr.repack22, align 8
  %retptr.repack24 = getelementptr inbounds nuw i8, ptr %retptr, i64 24
  store i64 8, ptr %retptr.repack24, align 8
  %retptr.repack26 = getelementptr inbounds nuw i8, ptr %retptr, i64 32
  store ptr %.63, ptr %retptr.repack26, align 8
  %retptr.repack28 = getelementptr inbounds nuw i8, ptr %retptr, i64 40
  store i64 %arg.shape, ptr %retptr.repack28, align 8
  %retptr.repack30 = getelementptr inbounds nuw i8, ptr %retptr, i64 48
  store i64 8, ptr %retptr.repack30, align 8
  br label %common.ret
}

; Function Attrs: nocallback nocreateundeforpoison nofree nosync nounwind speculatable willreturn memory(none)
declare { i64, i1 } @llvm.smul.with.overflow.i64(i64, i64) #1

; Function Attrs: alwaysinline
define range(i32 0, 2) i32 @_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj(ptr noalias captures(none) %retptr, ptr noalias captures(none) %excinfo, ptr %arg.arrtype, i64 %arg.size, i32 %arg.align) #0 {
entry:
  %.7.i = call ptr @NRT_MemInfo_alloc_aligned(i64 %arg.size, i32 %arg.align), !noalias !53
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
  store ptr @.const.picklebuf.ba289d81f05c7020f3477c15734804df65abe209, ptr %excinfo, align 8, !numba_exception_output !45
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
  store ptr @.const.picklebuf.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c, ptr %.2, align 8, !numba_exception_output !45
  ret i32 1
}

; Function Attrs: alwaysinline
define i32 @_ZN5numba2np8arrayobj18ol_array_zero_fill12_3clocals_3e4implB2v9B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dE5ArrayIdLi1E1C7mutable7alignedE(ptr noalias captures(none) %retptr, ptr noalias captures(none) %excinfo, ptr %arg.self.0, ptr %arg.self.1, i64 %arg.self.2, i64 %arg.self.3, ptr %arg.self.4, i64 %arg.self.5.0, i64 %arg.self.6.0) #0 {
entry:
  %.26 = mul i64 %arg.self.3, %arg.self.2
  call void @llvm.memset.p0.i64(ptr align 1 %arg.self.4, i8 0, i64 %.26, i1 false)
  store ptr null, ptr %retptr, align 8
  ret i32 0
}

; Function Attrs: nocallback nofree nounwind willreturn memory(argmem: write)
declare void @llvm.memset.p0.i64(ptr writeonly captures(none), i8, i64, i1 immarg) #3

; Function Attrs: alwaysinline
define range(i32 0, 2) i32 @_ZN5numba2np8arrayobj11ol_np_empty12_3clocals_3e4implB3v10B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEx48omitted_28default_3d_3cclass_20_27float_27_3e_29(ptr noalias captures(none) %retptr, ptr noalias captures(none) %excinfo, i64 %arg.shape) #0 {
entry:
  %.14 = icmp slt i64 %arg.shape, 0
  br i1 %.14, label %B0.endif.if, label %B0.endif.endif, !prof !0

common.ret:                                       ; preds = %B0.endif.endif.endif.if, %B0.endif.endif.endif.endif, %B0.endif.endif.if, %B0.endif.if
  %common.ret.op = phi i32 [ 1, %B0.endif.if ], [ 1, %B0.endif.endif.if ], [ 0, %B0.endif.endif.endif.endif ], [ 1, %B0.endif.endif.endif.if ]
  ret i32 %common.ret.op

B0.endif.if:                                      ; preds = %entry
  store ptr @.const.picklebuf.331b8563bdb9dac81b38422273052c486fc1706b.20, ptr %excinfo, align 8, !numba_exception_output !45
  br label %common.ret

B0.endif.endif:                                   ; preds = %entry
  %.30 = icmp ugt i64 %arg.shape, 1152921504606846975
  br i1 %.30, label %B0.endif.endif.if, label %B0.endif.endif.endif, !prof !0

B0.endif.endif.if:                                ; preds = %B0.endif.endif
  store ptr @.const.picklebuf.58e14eccb507b1e0206981740223e685cb8c3c57.21, ptr %excinfo, align 8, !numba_exception_output !45
  br label %common.ret

B0.endif.endif.endif:                             ; preds = %B0.endif.endif
  %.29 = shl nuw nsw i64 %arg.shape, 3
  %.7.i3 = call ptr @NRT_MemInfo_alloc_aligned(i64 %.29, i32 32), !noalias !57
  %.8.i.not = icmp eq ptr %.7.i3, null
  br i1 %.8.i.not, label %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit, label %B0.endif.i4, !prof !0

B0.endif.i4:                                      ; preds = %B0.endif.endif.endif
  br label %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit

_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit: ; preds = %B0.endif.endif.endif, %B0.endif.i4
  %.7.i.0 = phi ptr [ %.7.i3, %B0.endif.i4 ], [ null, %B0.endif.endif.endif ]
  %excinfo.1.i.0 = phi ptr [ null, %B0.endif.i4 ], [ @.const.picklebuf.ba289d81f05c7020f3477c15734804df65abe209, %B0.endif.endif.endif ]
  %.11.i9 = phi i32 [ 0, %B0.endif.i4 ], [ 1, %B0.endif.endif.endif ]
  br i1 %.8.i.not, label %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit, label %B0.endif.i, !prof !0

B0.endif.i:                                       ; preds = %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit
  br label %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit

_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit: ; preds = %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit, %B0.endif.i
  %.38.0 = phi ptr [ %.7.i.0, %B0.endif.i ], [ null, %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit ]
  %excinfo.1.1 = phi ptr [ null, %B0.endif.i ], [ %excinfo.1.i.0, %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit ]
  %.421 = phi i32 [ 0, %B0.endif.i ], [ %.11.i9, %_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit ]
  %.44.not = icmp eq i32 %.421, 0
  br i1 %.44.not, label %B0.endif.endif.endif.endif, label %B0.endif.endif.endif.if, !prof !14

B0.endif.endif.endif.if:                          ; preds = %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit
  store ptr %excinfo.1.1, ptr %excinfo, align 8
  br label %common.ret

B0.endif.endif.endif.endif:                       ; preds = %_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj.exit
  %.62 = call ptr @NRT_MemInfo_data_fast(ptr %.38.0)
  store ptr %.38.0, ptr %retptr, align 8
  %retptr.repack20 = getelementptr inbounds nuw i8, ptr %retptr, i64 8
  store ptr null, ptr %retptr.repack20, align 8
  %retptr.repack22 = getelementptr inbounds nuw i8, ptr %retptr, i64 16
  store i64 %arg.shape, ptr %retptr.repack22, align 8
  %retptr.repack24 = getelementptr inbounds nuw i8, ptr %retptr, i64 24
  store i64 8, ptr %retptr.repack24, align 8
  %retptr.repack26 = getelementptr inbounds nuw i8, ptr %retptr, i64 32
  store ptr %.62, ptr %retptr.repack26, align 8
  %retptr.repack28 = getelementptr inbounds nuw i8, ptr %retptr, i64 40
  store i64 %arg.shape, ptr %retptr.repack28, align 8
  %retptr.repack30 = getelementptr inbounds nuw i8, ptr %retptr, i64 48
  store i64 8, ptr %retptr.repack30, align 8
  br label %common.ret
}

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(inaccessiblemem: readwrite)
declare void @llvm.experimental.noalias.scope.decl(metadata) #4

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(argmem: readwrite)
declare void @llvm.lifetime.start.p0(ptr captures(none)) #5

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(argmem: readwrite)
declare void @llvm.lifetime.end.p0(ptr captures(none)) #5

; Function Attrs: nocallback nocreateundeforpoison nofree nosync nounwind speculatable willreturn memory(none)
declare i64 @llvm.smax.i64(i64, i64) #1

attributes #0 = { alwaysinline }
attributes #1 = { nocallback nocreateundeforpoison nofree nosync nounwind speculatable willreturn memory(none) }
attributes #2 = { noinline }
attributes #3 = { nocallback nofree nounwind willreturn memory(argmem: write) }
attributes #4 = { nocallback nofree nosync nounwind willreturn memory(inaccessiblemem: readwrite) }
attributes #5 = { nocallback nofree nosync nounwind willreturn memory(argmem: readwrite) }

!0 = !{!"branch_weights", i32 1, i32 99}
!1 = !{!2, !4, !5, !7, !8, !10, !11, !13}
!2 = distinct !{!2, !3, !"_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj: %retptr"}
!3 = distinct !{!3, !"_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj"}
!4 = distinct !{!4, !3, !"_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj: %excinfo"}
!5 = distinct !{!5, !6, !"_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj: %retptr"}
!6 = distinct !{!6, !"_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj"}
!7 = distinct !{!7, !6, !"_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj: %excinfo"}
!8 = distinct !{!8, !9, !"_ZN5numba2np8arrayobj11ol_np_empty12_3clocals_3e4implB2v6B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEx39Function_28_3cclass_20_27float_27_3e_29: %retptr"}
!9 = distinct !{!9, !"_ZN5numba2np8arrayobj11ol_np_empty12_3clocals_3e4implB2v6B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEx39Function_28_3cclass_20_27float_27_3e_29"}
!10 = distinct !{!10, !9, !"_ZN5numba2np8arrayobj11ol_np_empty12_3clocals_3e4implB2v6B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEx39Function_28_3cclass_20_27float_27_3e_29: %excinfo"}
!11 = distinct !{!11, !12, !"_ZN5numba2np8arrayobj11ol_np_zeros12_3clocals_3e4implB2v5B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEx48omitted_28default_3d_3cclass_20_27float_27_3e_29: %retptr"}
!12 = distinct !{!12, !"_ZN5numba2np8arrayobj11ol_np_zeros12_3clocals_3e4implB2v5B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEx48omitted_28default_3d_3cclass_20_27float_27_3e_29"}
!13 = distinct !{!13, !12, !"_ZN5numba2np8arrayobj11ol_np_zeros12_3clocals_3e4implB2v5B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEx48omitted_28default_3d_3cclass_20_27float_27_3e_29: %excinfo"}
!14 = !{!"branch_weights", i32 99, i32 1}
!15 = !{!8, !10, !11, !13}
!16 = !{!17, !11, !13}
!17 = distinct !{!17, !18, !"_ZN5numba2np8arrayobj18ol_array_zero_fill12_3clocals_3e4implB2v9B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dE5ArrayIdLi1E1C7mutable7alignedE: %retptr"}
!18 = distinct !{!18, !"_ZN5numba2np8arrayobj18ol_array_zero_fill12_3clocals_3e4implB2v9B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dE5ArrayIdLi1E1C7mutable7alignedE"}
!19 = !{!"branch_weights", i32 49, i32 1}
!20 = !{!21, !23, !24, !26, !27, !29}
!21 = distinct !{!21, !22, !"_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj: %retptr"}
!22 = distinct !{!22, !"_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj"}
!23 = distinct !{!23, !22, !"_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj: %excinfo"}
!24 = distinct !{!24, !25, !"_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj: %retptr"}
!25 = distinct !{!25, !"_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj"}
!26 = distinct !{!26, !25, !"_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj: %excinfo"}
!27 = distinct !{!27, !28, !"_ZN5numba2np8arrayobj11ol_np_empty12_3clocals_3e4implB3v10B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEx48omitted_28default_3d_3cclass_20_27float_27_3e_29: %retptr"}
!28 = distinct !{!28, !"_ZN5numba2np8arrayobj11ol_np_empty12_3clocals_3e4implB3v10B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEx48omitted_28default_3d_3cclass_20_27float_27_3e_29"}
!29 = distinct !{!29, !28, !"_ZN5numba2np8arrayobj11ol_np_empty12_3clocals_3e4implB3v10B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEx48omitted_28default_3d_3cclass_20_27float_27_3e_29: %excinfo"}
!30 = !{!27, !29}
!31 = !{!32, !34, !35, !37, !38, !40}
!32 = distinct !{!32, !33, !"_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj: %retptr"}
!33 = distinct !{!33, !"_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj"}
!34 = distinct !{!34, !33, !"_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj: %excinfo"}
!35 = distinct !{!35, !36, !"_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj: %retptr"}
!36 = distinct !{!36, !"_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj"}
!37 = distinct !{!37, !36, !"_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj: %excinfo"}
!38 = distinct !{!38, !39, !"_ZN5numba2np8arrayobj11ol_np_empty12_3clocals_3e4implB2v6B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEx39Function_28_3cclass_20_27float_27_3e_29: %retptr"}
!39 = distinct !{!39, !"_ZN5numba2np8arrayobj11ol_np_empty12_3clocals_3e4implB2v6B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEx39Function_28_3cclass_20_27float_27_3e_29"}
!40 = distinct !{!40, !39, !"_ZN5numba2np8arrayobj11ol_np_empty12_3clocals_3e4implB2v6B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEx39Function_28_3cclass_20_27float_27_3e_29: %excinfo"}
!41 = !{!38, !40}
!42 = !{!43}
!43 = distinct !{!43, !44, !"_ZN5numba2np8arrayobj18ol_array_zero_fill12_3clocals_3e4implB2v9B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dE5ArrayIdLi1E1C7mutable7alignedE: %retptr"}
!44 = distinct !{!44, !"_ZN5numba2np8arrayobj18ol_array_zero_fill12_3clocals_3e4implB2v9B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dE5ArrayIdLi1E1C7mutable7alignedE"}
!45 = !{i1 true}
!46 = !{!47, !49, !50, !52}
!47 = distinct !{!47, !48, !"_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj: %retptr"}
!48 = distinct !{!48, !"_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj"}
!49 = distinct !{!49, !48, !"_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj: %excinfo"}
!50 = distinct !{!50, !51, !"_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj: %retptr"}
!51 = distinct !{!51, !"_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj"}
!52 = distinct !{!52, !51, !"_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj: %excinfo"}
!53 = !{!54, !56}
!54 = distinct !{!54, !55, !"_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj: %retptr"}
!55 = distinct !{!55, !"_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj"}
!56 = distinct !{!56, !55, !"_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj: %excinfo"}
!57 = !{!58, !60, !61, !63}
!58 = distinct !{!58, !59, !"_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj: %retptr"}
!59 = distinct !{!59, !"_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj"}
!60 = distinct !{!60, !59, !"_ZN5numba2np8arrayobj18_ol_array_allocate12_3clocals_3e4implB2v8B42c8tJTIeFIjxB2IKSgI4CrvQClcaMQ5hEEUSJJgA_3dEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj: %excinfo"}
!61 = distinct !{!61, !62, !"_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj: %retptr"}
!62 = distinct !{!62, !"_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj"}
!63 = distinct !{!63, !62, !"_ZN5numba2np8arrayobj15_call_allocatorB2v7B42c8tJTC_2fWQA93W1AaAIYBPIqRBFCjDSZRVAJmaQIAEN29typeref_5b_3cclass_20_27numba4core5types8npytypes14Array_27_3e_5dExj: %excinfo"}
