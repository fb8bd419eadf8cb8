; tutorial.asm - the classic programs of the 2009 B32 tutorial, in its own syntax.
;
; Everything below the comments is written the way the original B32 assembler
; wanted it: labels in column 0 ending in ':', instructions indented by one
; space, '#' before every number, 'STA ,X', and 'END START' as the last line.
; Only the original 35 instructions ($01-$23) are used, so these bytes run on
; the 2009 machine too. (The ';' comment lines are the one thing the 2009
; assembler would not take; delete them and it makes the same bytes. TITLE and
; DESCRIPTION at the end are console extensions for the cart browser.)
;
; The original has no instruction that reads memory into a register and no
; subroutines, so text is written one character at a time: LDA the character,
; STA it at X, step X by two (character byte, attribute byte).
;
; What you see when it runs:
;   row 0   A                  program 1: the letter A in the corner
;   row 2   HELLO WORLD        program 2: a string, character by character, in colour
;   row 4    HIJKL             program 3: count up while A is LESS than 'M'  (JLT)
;   row 5    LKJIH             program 4: count down while A is GREATER than 'G' (JGT)
;   row 6    5=5 5<6 6>5       program 5: each sign picked by JEQ / JLT / JGT
;   row 7   ACEGIKMO           program 6: ADDA #2 (a two-byte instruction)
;   row 9   10110101           program 7: 181 in binary (ROLB + ADCA)
;   row 10  00101010           program 7 again: 42 in binary
;
; The 2009 code had JGT and JLT swapped (HARDWARE.md 5.3); with that bug
; row 4 would read " H" and row 5 " L". The console runs the intended meaning.

START:
; ---- program 1: the A in the corner ----
 LDA #65
 LDX #$A000
 STA ,X

; ---- program 2: HELLO WORLD, each letter with its own colour ----
; Row 2 starts at $A000 + 2*80*2 = $A140. Attribute byte after each letter.
 LDX #$A140
 LDA #72
 STA ,X
 INCX
 LDA #12
 STA ,X
 INCX
 LDA #69
 STA ,X
 INCX
 LDA #14
 STA ,X
 INCX
 LDA #76
 STA ,X
 INCX
 LDA #10
 STA ,X
 INCX
 LDA #76
 STA ,X
 INCX
 LDA #11
 STA ,X
 INCX
 LDA #79
 STA ,X
 INCX
 LDA #9
 STA ,X
 INCX
 INCX
 INCX
 LDA #87
 STA ,X
 INCX
 LDA #13
 STA ,X
 INCX
 LDA #79
 STA ,X
 INCX
 LDA #12
 STA ,X
 INCX
 LDA #82
 STA ,X
 INCX
 LDA #14
 STA ,X
 INCX
 LDA #76
 STA ,X
 INCX
 LDA #10
 STA ,X
 INCX
 LDA #68
 STA ,X
 INCX
 LDA #11
 STA ,X

; ---- program 3: the comparator, counting up ----
; A space, then letters from 'H' while A is less than 'M' (77).
; Row 4 = $A000 + 2*80*4 = $A280.
 LDX #$A280
 LDA #32
 STA ,X
 INCX
 INCX
 LDA #72
UPLOOP:
 STA ,X
 INCX
 INCX
 INCA
 CMPA #77
 JLT UPLOOP

; ---- program 4: the comparator, counting down ----
; A space, then letters from 'L' down while A is greater than 'G' (71).
; Row 5 = $A320.
 LDX #$A320
 LDA #32
 STA ,X
 INCX
 INCX
 LDA #76
DOWNLOOP:
 STA ,X
 INCX
 INCX
 DECA
 CMPA #71
 JGT DOWNLOOP

; ---- program 5: which way did the compare go? ----
; Row 6 = $A3C0. Prints " 5=5 5<6 6>5": each sign is written by the branch
; that the jump chose; the wrong branch would write '?'.
 LDX #$A3C0
 INCX
 INCX
; 5 against 5: equal
 LDA #53
 STA ,X
 INCX
 INCX
 CMPA #53
 JEQ ISEQUAL
 LDA #63
 JMP SHOWEQ
ISEQUAL:
 LDA #61
SHOWEQ:
 STA ,X
 INCX
 INCX
 LDA #53
 STA ,X
 INCX
 INCX
 INCX
 INCX
; 5 against 6: less
 LDA #53
 STA ,X
 INCX
 INCX
 CMPA #54
 JLT ISLESS
 LDA #63
 JMP SHOWLT
ISLESS:
 LDA #60
SHOWLT:
 STA ,X
 INCX
 INCX
 LDA #54
 STA ,X
 INCX
 INCX
 INCX
 INCX
; 6 against 5: greater (B is compared this time, with CMPB)
 LDA #54
 STA ,X
 INCX
 INCX
 LDB #54
 CMPB #53
 JGT ISGREATER
 LDA #63
 JMP SHOWGT
ISGREATER:
 LDA #62
SHOWGT:
 STA ,X
 INCX
 INCX
 LDA #53
 STA ,X

; ---- program 6: every second letter with ADDA ----
; Row 7 = $A460. ADDA #2 steps A from 'A' (65) to 'O' (79).
 LDX #$A460
 LDA #65
SKIPLOOP:
 STA ,X
 INCX
 INCX
 ADDA #2
 CMPA #81
 JNE SKIPLOOP

; ---- program 7: a number in binary ----
; The number is in B. ROLB moves B's top bit into the carry C. Then
; LDA #48 ('0') and ADCA (add the carry to A) make '0' or '1'. Y counts 8 bits.
; LDA #0 and ROLA first clear the carry (ROLA moves A's top bit, 0, into C).
; Row 9 = $A5A0.
 LDX #$A5A0
 LDB #181
 LDA #0
 ROLA
 LDY #8
BITLOOP:
 ROLB
 LDA #48
 ADCA
 STA ,X
 INCX
 INCX
 DECY
 CMPY #0
 JNE BITLOOP

; The same for 42, on row 10 = $A640.
 LDX #$A640
 LDB #42
 LDA #0
 ROLA
 LDY #8
BITLOOP2:
 ROLB
 LDA #48
 ADCA
 STA ,X
 INCX
 INCX
 DECY
 CMPY #0
 JNE BITLOOP2

 TITLE "Tutorial"
 DESCRIPTION "The 2009 B32 tutorial's programs, unchanged: text, compares, binary."
 END START
