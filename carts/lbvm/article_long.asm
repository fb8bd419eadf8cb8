; article_long.asm - the article's long program, as printed: the three lines that print
; one character, written out 13 times (the machine had no jumps yet), for "Hello World",
; a newline and the final NUL (byte 0 is drawn as a blank glyph on the teletype).
;
; The statements are the article's, unchanged: b32 asm and nasm -f bin give the same 125
; bytes. It ends on its data like the short one:  ended: unknown opcode $48 at $000070
; The article printed each character on its own line (Python's print); the console's teletype
; prints raw characters, so "Hello World" reads as one line.

%include "instructions.asm"

lbSET r4, data
lbSET r1, 1

lbLB r2, r4
lbOUT r2
lbADD r4, r1
lbLB r2, r4
lbOUT r2
lbADD r4, r1
lbLB r2, r4
lbOUT r2
lbADD r4, r1
lbLB r2, r4
lbOUT r2
lbADD r4, r1
lbLB r2, r4
lbOUT r2
lbADD r4, r1
lbLB r2, r4
lbOUT r2
lbADD r4, r1
lbLB r2, r4
lbOUT r2
lbADD r4, r1
lbLB r2, r4
lbOUT r2
lbADD r4, r1
lbLB r2, r4
lbOUT r2
lbADD r4, r1
lbLB r2, r4
lbOUT r2
lbADD r4, r1
lbLB r2, r4
lbOUT r2
lbADD r4, r1
lbLB r2, r4
lbOUT r2
lbADD r4, r1
lbLB r2, r4
lbOUT r2
lbADD r4, r1

data:
  db "Hello World", 0xa, 0
