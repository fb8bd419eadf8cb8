; article_short.asm - the first program of "Your own Virtual Machine", as printed.
;
; The article's statements are kept exactly (the bytes are NASM's, byte for byte); only these
; comments are new. Build it either way:
;     b32 asm carts/lbvm/article_short.asm          (instructions.asm is built in)
;     nasm -f bin article_short.asm -o article_short.lbvm   (with instructions.asm beside it)
;
; What it does on the fixed machine (docs/LBVM-GUIDE.md): r4 points at the text, r1 is 1;
; lbLB loads the byte r4 points at ('H'), lbOUT prints it, lbADD moves r4 on. Then IP reaches
; the text itself: $48 ('H') is no opcode, so the program ends there:
;     ended: unknown opcode $48 at $000010
; (In the article, lbLB copied a register and lbOUT read memory; the two bugs cancelled out.)

%include "instructions.asm"

lbSET r4, data
lbSET r1, 1

lbLB r2, r4
lbOUT r2
lbADD r4, r1

data:
  db "Hello World", 0xa, 0
