;; SIMD kernel for floatToInt16 in pcm.ts (same algorithm as floatToInt16Js, bit for bit).
;; Rebuild: wat2wasm pcm.wat -o /dev/stdout | base64 -w0   → paste into PCM_WASM in pcm.ts
;; Memory layout: [0,32) eight xorshift32 lane states; [64, 64 + 4·CHUNK) f32 input;
;; [OUT, OUT + 2·CHUNK) int16 output, with CHUNK = 16384 samples and OUT = 65600.
;; Eight samples per step from two independent 4-lane states: the xorshift chain is serial,
;; so two of them in flight nearly halve the time per sample.
(module
  (memory (export "mem") 2)

  ;; sample i uses lane i mod 8; every lane steps once per group of eight
  (func (export "floatToInt16") (param $n i32)
    (local $a v128) (local $b v128) (local $src i32) (local $dst i32) (local $end i32)
    (local.set $a (v128.load (i32.const 0)))
    (local.set $b (v128.load (i32.const 16)))
    (local.set $src (i32.const 64))
    (local.set $dst (i32.const 65600))
    (local.set $end (i32.add (i32.const 64) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        ;; xorshift32 (13, 17, 5), four lanes per state
        (local.set $a (v128.xor (local.get $a) (i32x4.shl (local.get $a) (i32.const 13))))
        (local.set $a (v128.xor (local.get $a) (i32x4.shr_u (local.get $a) (i32.const 17))))
        (local.set $a (v128.xor (local.get $a) (i32x4.shl (local.get $a) (i32.const 5))))
        (local.set $b (v128.xor (local.get $b) (i32x4.shl (local.get $b) (i32.const 13))))
        (local.set $b (v128.xor (local.get $b) (i32x4.shr_u (local.get $b) (i32.const 17))))
        (local.set $b (v128.xor (local.get $b) (i32x4.shl (local.get $b) (i32.const 5))))
        ;; x·32768 + TPDF d, where d = (lo16 + hi16) / 65536 − 65535/65536 is exact in f32;
        ;; floor(v + 0.5) rounds half up; trunc_sat clips to int32 (NaN → 0), narrow to int16
        (v128.store (local.get $dst)
          (i16x8.narrow_i32x4_s
            (i32x4.trunc_sat_f32x4_s
              (f32x4.floor
                (f32x4.add
                  (f32x4.add
                    (f32x4.mul (v128.load (local.get $src)) (v128.const f32x4 32768 32768 32768 32768))
                    (f32x4.sub
                      (f32x4.mul
                        (f32x4.convert_i32x4_s
                          (i32x4.add
                            (v128.and (local.get $a) (v128.const i32x4 0xffff 0xffff 0xffff 0xffff))
                            (i32x4.shr_u (local.get $a) (i32.const 16))))
                        (v128.const f32x4 0x1p-16 0x1p-16 0x1p-16 0x1p-16))
                      (v128.const f32x4 0x0.ffffp0 0x0.ffffp0 0x0.ffffp0 0x0.ffffp0)))
                  (v128.const f32x4 0.5 0.5 0.5 0.5))))
            (i32x4.trunc_sat_f32x4_s
              (f32x4.floor
                (f32x4.add
                  (f32x4.add
                    (f32x4.mul (v128.load offset=16 (local.get $src)) (v128.const f32x4 32768 32768 32768 32768))
                    (f32x4.sub
                      (f32x4.mul
                        (f32x4.convert_i32x4_s
                          (i32x4.add
                            (v128.and (local.get $b) (v128.const i32x4 0xffff 0xffff 0xffff 0xffff))
                            (i32x4.shr_u (local.get $b) (i32.const 16))))
                        (v128.const f32x4 0x1p-16 0x1p-16 0x1p-16 0x1p-16))
                      (v128.const f32x4 0x0.ffffp0 0x0.ffffp0 0x0.ffffp0 0x0.ffffp0)))
                  (v128.const f32x4 0.5 0.5 0.5 0.5))))))
        (local.set $src (i32.add (local.get $src) (i32.const 32)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (br $next)))
    (v128.store (i32.const 0) (local.get $a))
    (v128.store (i32.const 16) (local.get $b))))
