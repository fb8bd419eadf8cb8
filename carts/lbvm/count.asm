; count.asm - a loop: the thing the article's machine could not do yet.
;
; The article wrote its "Hello World" out character by character because there were no
; jumps. The fixed machine runs lbCMP and lbJNZ, so a loop is four instructions. This one
; prints 0123456789, a new line, and runs off its own end ("ended: ran off the program").

%include "instructions.asm"

        lbSET r1, '0'           ; r1: the character to print next
        lbSET r2, 1             ; r2: 1, to step r1
        lbSET r3, '9' + 1       ; r3: the first character not to print
loop:
        lbOUT r1                ; print r1 (lbOUT prints a register, not memory)
        lbADD r1, r2            ; next character
        lbCMP r1, r3            ; ZF := r1 = r3
        lbJNZ loop              ; not there yet: round again (the word is relative to the
                                ; next instruction, as in the article's lbJZ macro)
        lbSET r4, 10            ; a new line
        lbOUT r4
; No halt instruction: running past the last byte ends the program.
