; entry: _ZN8__main__10exceptionsB3v26B42c8tJTC_2fWQIouW1D06yigpSlUUYwUBJUGeh7M0gQAE5ArrayIdLi1E1C7mutable7alignedExd
; ModuleID = 'part0'
source_filename = "<string>"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

@_ZN08NumbaEnv8__main__10exceptionsB3v26B42c8tJTC_2fWQIouW1D06yigpSlUUYwUBJUGeh7M0gQAE5ArrayIdLi1E1C7mutable7alignedExd = common global ptr null
@.const.pickledata.09d0f1c015bb6715c508c00ea89884c11f918a8b = internal constant [119 x i8] c"\80\04\95l\00\00\00\00\00\00\00\8C\08builtins\94\8C\0AValueError\94\93\94\8C\10negative divisor\94\85\94\8C\0Aexceptions\94\8C&__________/tests/corpus/make_corpus.py\94K\9F\87\94\87\94."
@.const.pickledata.09d0f1c015bb6715c508c00ea89884c11f918a8b.sha1 = internal constant [20 x i8] c"\09\D0\F1\C0\15\BBg\15\C5\08\C0\0E\A8\98\84\C1\1F\91\8A\8B"
@.const.picklebuf.09d0f1c015bb6715c508c00ea89884c11f918a8b = internal constant { ptr, i32, ptr, ptr, i32 } { ptr @.const.pickledata.09d0f1c015bb6715c508c00ea89884c11f918a8b, i32 119, ptr @.const.pickledata.09d0f1c015bb6715c508c00ea89884c11f918a8b.sha1, ptr null, i32 0 }
@.const.pickledata.e211ee485dfdd77089134a6d3784290ed412ddcc = internal constant [68 x i8] c"\80\04\959\00\00\00\00\00\00\00\8C\08builtins\94\8C\0AIndexError\94\93\94\8C\16index is out of bounds\94\85\94N\87\94."
@.const.pickledata.e211ee485dfdd77089134a6d3784290ed412ddcc.sha1 = internal constant [20 x i8] c"\E2\11\EEH]\FD\D7p\89\13Jm7\84)\0E\D4\12\DD\CC"
@.const.picklebuf.e211ee485dfdd77089134a6d3784290ed412ddcc = internal constant { ptr, i32, ptr, ptr, i32 } { ptr @.const.pickledata.e211ee485dfdd77089134a6d3784290ed412ddcc, i32 68, ptr @.const.pickledata.e211ee485dfdd77089134a6d3784290ed412ddcc.sha1, ptr null, i32 0 }
@.const.pickledata.b28008a0f88bad5ff0f0243e84dab90cab19b366 = internal constant [69 x i8] c"\80\04\95:\00\00\00\00\00\00\00\8C\08builtins\94\8C\11ZeroDivisionError\94\93\94\8C\10division by zero\94\85\94N\87\94."
@.const.pickledata.b28008a0f88bad5ff0f0243e84dab90cab19b366.sha1 = internal constant [20 x i8] c"\B2\80\08\A0\F8\8B\AD_\F0\F0$>\84\DA\B9\0C\AB\19\B3f"
@.const.picklebuf.b28008a0f88bad5ff0f0243e84dab90cab19b366 = internal constant { ptr, i32, ptr, ptr, i32 } { ptr @.const.pickledata.b28008a0f88bad5ff0f0243e84dab90cab19b366, i32 69, ptr @.const.pickledata.b28008a0f88bad5ff0f0243e84dab90cab19b366.sha1, ptr null, i32 0 }
@.const.pickledata.cfcda1755dac289c72775312a52f917ef5cb4086 = internal constant [67 x i8] c"\80\04\958\00\00\00\00\00\00\00\8C\08builtins\94\8C\11ZeroDivisionError\94\93\94\8C\0Emodulo by zero\94\85\94N\87\94."
@.const.pickledata.cfcda1755dac289c72775312a52f917ef5cb4086.sha1 = internal constant [20 x i8] c"\CF\CD\A1u]\AC(\9CrwS\12\A5/\91~\F5\CB@\86"
@.const.picklebuf.cfcda1755dac289c72775312a52f917ef5cb4086 = internal constant { ptr, i32, ptr, ptr, i32 } { ptr @.const.pickledata.cfcda1755dac289c72775312a52f917ef5cb4086, i32 67, ptr @.const.pickledata.cfcda1755dac289c72775312a52f917ef5cb4086.sha1, ptr null, i32 0 }
@.const.pickledata.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c = internal constant [102 x i8] c"\80\04\95[\00\00\00\00\00\00\00\8C\08builtins\94\8C\0CRuntimeError\94\93\94\8C6numba jitted function aborted due to unresolved symbol\94\85\94N\87\94."
@.const.pickledata.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c.sha1 = internal constant [20 x i8] c"\97\BE\DC\DF\EC\8E\80\B7\09>P\CE%\EDV\F7r\0E\0C\9C"
@.const.picklebuf.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c = internal constant { ptr, i32, ptr, ptr, i32 } { ptr @.const.pickledata.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c, i32 102, ptr @.const.pickledata.97bedcdfec8e80b7093e50ce25ed56f7720e0c9c.sha1, ptr null, i32 0 }

; Function Attrs: alwaysinline
define range(i32 0, 2) i32 @_ZN8__main__10exceptionsB3v26B42c8tJTC_2fWQIouW1D06yigpSlUUYwUBJUGeh7M0gQAE5ArrayIdLi1E1C7mutable7alignedExd(ptr noalias captures(none) %retptr, ptr noalias captures(none) %excinfo, ptr %arg.x.0, ptr %arg.x.1, i64 %arg.x.2, i64 %arg.x.3, ptr %arg.x.4, i64 %arg.x.5.0, i64 %arg.x.6.0, i64 %arg.i, double %arg.d) #0 {
entry:
  %.25 = fcmp olt double %arg.d, 0.000000e+00
  br i1 %.25, label %B16, label %B46

common.ret:                                       ; preds = %entry.endif.i, %B46.endif.endif.endif.endif.if, %B46.endif.endif.endif.if, %B46.endif.endif.if, %B46.endif.if, %B46.if, %B16
  %common.ret.op = phi i32 [ 1, %B16 ], [ 1, %B46.if ], [ 1, %B46.endif.if ], [ 1, %B46.endif.endif.if ], [ 1, %B46.endif.endif.endif.if ], [ 1, %B46.endif.endif.endif.endif.if ], [ 0, %entry.endif.i ]
  ret i32 %common.ret.op

B16:                                              ; preds = %entry
  store ptr @.const.picklebuf.09d0f1c015bb6715c508c00ea89884c11f918a8b, ptr %excinfo, align 8, !numba_exception_output !0
  br label %common.ret

B46:                                              ; preds = %entry
  %.57 = icmp slt i64 %arg.i, 0
  %.58 = select i1 %.57, i64 %arg.x.5.0, i64 0
  %.59 = add i64 %arg.i, %.58
  %.60.not = icmp slt i64 %.59, %arg.x.5.0
  br i1 %.60.not, label %B46.endif, label %B46.if, !prof !1

B46.if:                                           ; preds = %B46
  store ptr @.const.picklebuf.e211ee485dfdd77089134a6d3784290ed412ddcc, ptr %excinfo, align 8, !numba_exception_output !0
  br label %common.ret

B46.endif:                                        ; preds = %B46
  %.67 = icmp slt i64 %.59, 0
  br i1 %.67, label %B46.endif.if, label %B46.endif.endif, !prof !2

B46.endif.if:                                     ; preds = %B46.endif
  store ptr @.const.picklebuf.e211ee485dfdd77089134a6d3784290ed412ddcc, ptr %excinfo, align 8, !numba_exception_output !0
  br label %common.ret

B46.endif.endif:                                  ; preds = %B46.endif
  %.89 = fcmp oeq double %arg.d, 0.000000e+00
  br i1 %.89, label %B46.endif.endif.if, label %B46.endif.endif.endif, !prof !2

B46.endif.endif.if:                               ; preds = %B46.endif.endif
  store ptr @.const.picklebuf.b28008a0f88bad5ff0f0243e84dab90cab19b366, ptr %excinfo, align 8, !numba_exception_output !0
  br label %common.ret

B46.endif.endif.endif:                            ; preds = %B46.endif.endif
  %.86 = getelementptr double, ptr %arg.x.4, i64 %.59
  %.87 = load double, ptr %.86, align 8
  %.98 = add nsw i64 %arg.i, 1
  %.114 = icmp slt i64 %arg.i, -1
  %.115 = select i1 %.114, i64 %arg.x.5.0, i64 0
  %.116 = add i64 %.98, %.115
  %.117.not = icmp slt i64 %.116, %arg.x.5.0
  br i1 %.117.not, label %B46.endif.endif.endif.endif, label %B46.endif.endif.endif.if, !prof !1

B46.endif.endif.endif.if:                         ; preds = %B46.endif.endif.endif
  store ptr @.const.picklebuf.e211ee485dfdd77089134a6d3784290ed412ddcc, ptr %excinfo, align 8, !numba_exception_output !0
  br label %common.ret

B46.endif.endif.endif.endif:                      ; preds = %B46.endif.endif.endif
  %.124 = icmp slt i64 %.116, 0
  br i1 %.124, label %B46.endif.endif.endif.endif.if, label %B46.endif.endif.endif.endif.endif, !prof !2

B46.endif.endif.endif.endif.if:                   ; preds = %B46.endif.endif.endif.endif
  store ptr @.const.picklebuf.e211ee485dfdd77089134a6d3784290ed412ddcc, ptr %excinfo, align 8, !numba_exception_output !0
  br label %common.ret

B46.endif.endif.endif.endif.endif:                ; preds = %B46.endif.endif.endif.endif
  %.143 = getelementptr double, ptr %arg.x.4, i64 %.116
  %.144 = load double, ptr %.143, align 8
  %.11.i = frem double %.144, %arg.d
  %.16.i = fcmp une double %.11.i, 0.000000e+00
  br i1 %.16.i, label %entry.if.i, label %entry.endif.i, !prof !1

entry.if.i:                                       ; preds = %B46.endif.endif.endif.endif.endif
  %.18.i = fcmp olt double %.11.i, 0.000000e+00
  %.24.i = fadd double %.11.i, %arg.d
  %.5.i.1 = select i1 %.18.i, double %.24.i, double %.11.i
  br label %entry.endif.i

entry.endif.i:                                    ; preds = %B46.endif.endif.endif.endif.endif, %entry.if.i
  %.5.i.0 = phi double [ %.5.i.1, %entry.if.i ], [ 0.000000e+00, %B46.endif.endif.endif.endif.endif ]
  %.96 = fdiv double %.87, %arg.d
  %.169 = fadd double %.96, %.5.i.0
  store double %.169, ptr %retptr, align 8
  br label %common.ret
}

; Function Attrs: nounwind memory(read)
declare double @floor(double) #1

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
  br i1 %.4, label %common.ret, label %.3.endif, !prof !2

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
  br i1 %.4, label %common.ret, label %.3.endif, !prof !2

common.ret:                                       ; preds = %.3.endif, %.3.endif.if, %.3
  ret void

.3.endif:                                         ; preds = %.3
  fence release
  %.4.i = atomicrmw sub ptr %.1, i64 1 monotonic, align 8
  %.10 = icmp eq i64 %.4.i, 1
  br i1 %.10, label %.3.endif.if, label %common.ret, !prof !2

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

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(argmem: readwrite)
declare void @llvm.lifetime.start.p0(ptr captures(none)) #3

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(argmem: readwrite)
declare void @llvm.lifetime.end.p0(ptr captures(none)) #3

; Function Attrs: nocallback nocreateundeforpoison nofree nosync nounwind speculatable willreturn memory(none)
declare double @llvm.floor.f64(double) #4

attributes #0 = { alwaysinline }
attributes #1 = { nounwind memory(read) }
attributes #2 = { noinline }
attributes #3 = { nocallback nofree nosync nounwind willreturn memory(argmem: readwrite) }
attributes #4 = { nocallback nocreateundeforpoison nofree nosync nounwind speculatable willreturn memory(none) }

!0 = !{i1 true}
!1 = !{!"branch_weights", i32 99, i32 1}
!2 = !{!"branch_weights", i32 1, i32 99}
