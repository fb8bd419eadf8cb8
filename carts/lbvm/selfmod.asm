; selfmod.asm - self-modifying code: lbSB stores a byte anywhere in the 1 MiB, including
; into the program itself. The loop below rewrites the operand of one of its own
; instructions each time round, so the same "lbSET r2, ..." prints A, B, C ... Z.
;
; (The console runs LBVM code translated into Python blocks; a store onto translated code
; throws the translation away, so the changed instruction is the one that runs.)

%include "instructions.asm"

        lbSET r5, patch + 2     ; r5: the address of the word in "lbSET r2, ..." below
        lbSET r3, 'A'           ; r3: the letter to print next
        lbSET r1, 1
        lbSET r6, 'Z' + 1       ; r6: the first letter not to print
again:
        lbSB r5, r3             ; write r3's low byte into the instruction at patch
patch:
        lbSET r2, '?'           ; runs as lbSET r2, 'A', then 'B' ... (03 02 lo hi)
        lbOUT r2
        lbADD r3, r1
        lbCMP r3, r6
        lbJNZ again
        lbSET r2, 10
        lbOUT r2
