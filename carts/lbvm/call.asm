; call.asm - a subroutine: lbCALL pushes the address of the next instruction and jumps;
; "lbPOP IP" pops it back into the instruction pointer, which returns.
;
; IP is register 9 and SP register 10 (the macro file's numbering), so any instruction can
; write them: lbSET IP, label is an absolute jump, lbPOP IP a return. The stack starts at
; 500000 and grows down in 4-byte cells.

%include "instructions.asm"

        lbSET r0, 0             ; r0: always 0, to compare with
        lbSET r1, 1             ; r1: always 1, to step a pointer
        lbSET r4, hello         ; r4: the text to print
        lbCALL print            ; push the return address, jump to print
        lbSET r4, bye
        lbCALL print            ; the same subroutine again
        lbSET IP, done          ; jump to the end: the program ends there

; print: the NUL-terminated text at r4. Uses r2; leaves r4 on the NUL.
print:
        lbLB r2, r4             ; r2 := the byte at r4
        lbCMP r2, r0            ; the NUL?
        lbJZ .return
        lbOUT r2
        lbADD r4, r1
        lbCMP r0, r0            ; always equal: with lbJZ, a jump that is always taken
        lbJZ print
.return:
        lbPOP IP                ; return to the instruction after the lbCALL

hello:  db "Hello from a subroutine,", 10, 0
bye:    db "called twice.", 10, 0
done:                           ; the program's end: IP here ends it
