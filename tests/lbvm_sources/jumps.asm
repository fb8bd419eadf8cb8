; every macro, local labels, equ, %define, org and the stack
%include "instructions.asm"
%define STEP 2
[org 0]
LIMIT equ 10 * STEP
start:
        lbSET r1, 0
        lbSET r2, STEP
        lbSET r3, LIMIT
.loop:  lbADD r1, r2
        lbCMP r1, r3
        lbJNZ .loop
        lbJZ .on
.on:    lbPUSH r1
        lbPOP r5
        lbMOV r6, r5
        lbSB r6, r2
        lbLB r7, r6
        lbCALL sub
        lbSET IP, finish
sub:    lbOUT r1
        lbPOP IP
finish:
        times 4 dd finish - start
        dw start, -1, 0xFFFF
        db `tab\there`, 0
