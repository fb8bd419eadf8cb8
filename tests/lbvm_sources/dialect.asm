%include "instructions.asm"
%define COUNT 5
org 0
start:
  lbSET r1, COUNT
  lbSET r2, 1
.loop:
  lbOUT r1
  lbCMP r1, r0
  lbJNZ .loop
  lbCALL sub
  lbJMP start
  lbSET IP, $
  lbSET r3, $ + 2
  lbJZ 0x10 + 3
sub: lbPOP IP
x equ 3*4+1
  db 'ab', "c", `\n\x41`, -1, 255, x, 1Fh, $1F, 0b101, 101b, 'c', 0o17, 17q
  dw 'abc', 1, -2, $ - $$, 7 / 2, 7 // 2, -7 // 2, 100 % 7, ~0 & 0xFF, 1 << 4 >> 2
  dd 0xdeadbeef, 'abcde'
  times 3 db 1, 2
  times 2 dw $
lonely
  db lonely
