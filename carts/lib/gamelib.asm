; gamelib.asm: small routines the game carts share, pulled in with
;     INCLUDE "lib/gamelib.asm"
; The including cart defines the names these use: SCORE and HISCORE (digit
; strings ending in 0) and CTMP (one scratch byte).

; ---- the high score between runs ------------------------------------------
; The console keeps each cart's save page ($9F00-$9FFF) when the cart writes
; 1 to SAVE, and puts it back at the next start, when SAVE reads 1
; (HARDWARE.md section 6). The games keep "HI" and the 5 digits there.
SAVEHI  EQU $9F00

; HILOAD: HISCORE := the saved high score, or 00000 without a good save
HILOAD  LDX #HISCORE
        JSR ZERO5
        LDA SAVE        ; 1: the page holds this cart's save
        CMPA #1
        JNE HLDONE
        LDA SAVEHI      ; written by HISAVE? (starts with "HI")
        CMPA #'H'
        JNE HLDONE
        LDA SAVEHI+1
        CMPA #'I'
        JNE HLDONE
        LDX #SAVEHI+2   ; five digits, or it is not ours
        LDB #5
HLCHECK LDA ,X
        CMPA #'0'
        JLT HLDONE
        CMPA #'9'
        JGT HLDONE
        INCX
        DECB
        CMPB #0
        JNE HLCHECK
        LDX #SAVEHI+2
        LDY #HISCORE
        LDB #5
HLCOPY  LDA ,X
        STA ,Y
        INCX
        INCY
        DECB
        CMPB #0
        JNE HLCOPY
HLDONE  RTS

; HISAVE: "HI" and HISCORE into the save page, kept as this cart's save
HISAVE  LDA #'H'
        STA SAVEHI
        LDA #'I'
        STA SAVEHI+1
        LDX #HISCORE
        LDY #SAVEHI+2
HSCOPY  LDA ,X          ; the digits and their 0
        STA ,Y
        INCX
        INCY
        CMPA #0
        JNE HSCOPY
        LDA #1          ; the console writes it to disk (at most once a second)
        STA SAVE
        RTS

; HISCHK: copy SCORE to HISCORE when it is higher (compare digit by digit),
; and keep the new high score with HISAVE
HISCHK  LDX #SCORE
        LDY #HISCORE
HCLOOP  LDA ,X
        CMPA #0
        JEQ HCDONE      ; all digits equal
        LDB ,Y
        JSR SUBAB       ; A = 1 if score digit >= high digit, B = difference
        CMPB #0
        JNE HCDIFF
        INCX
        INCY
        JMP HCLOOP
HCDIFF  CMPA #1
        JNE HCDONE      ; lower: keep the high score
        LDX #SCORE
        LDY #HISCORE
HCCOPY  LDA ,X
        STA ,Y
        INCX
        INCY
        CMPA #0
        JNE HCCOPY
        JMP HISAVE      ; a new high score: keep it (HISAVE returns for us)
HCDONE  RTS

; CELLAD: X := screen address of row A, column B (A, B changed)
CELLAD  STB CTMP
        LDB #160        ; 80 cells x 2 bytes per row
        MUL             ; D = row * 160
        TFR D,X
        ADDX #SCREEN
        LDB CTMP
        ABX             ; + 2 * column
        ABX
        RTS

; FILL: Y cells from X with character A, attribute B (X ends after them)
FILL    STA ,X
        INCX
        STB ,X
        INCX
        DECY
        CMPY #0
        JNE FILL
        RTS

; CLS: whole screen to character A, attribute B
CLS     LDX #SCREEN
        LDY #2000
        JMP FILL

; SETATTR: B cells from X get attribute A (characters stay)
SETATTR INCX
        STA ,X
        INCX
        DECB
        CMPB #0
        JNE SETATTR
        RTS

; PRINT: the 0-terminated string at Y to the screen at X, attribute B.
; A '#' prints as a full block ($DB), for big letters. Y ends on the 0.
PRINT   LDA ,Y
        CMPA #0
        JEQ PRDONE
        CMPA #'#'
        JNE PRPUT
        LDA #$DB
PRPUT   STA ,X
        INCX
        STB ,X
        INCX
        INCY
        JMP PRINT
PRDONE  RTS

; TEXTS: print a list of texts. Each is: row, column, attribute, "text", 0.
; The list ends with $FF.
TEXTS   LDA ,Y
        CMPA #$FF
        JEQ TXDONE
        INCY
        LDB ,Y
        INCY
        JSR CELLAD
        LDB ,Y
        INCY
        JSR PRINT
        INCY
        JMP TEXTS
TXDONE  RTS

; BOX: a box of line characters at row BXR, column BXC with BXH x BXW free
; cells inside (BXH at least 1), all in attribute BXA; the inside is cleared.
BOX     LDA BXR
        LDB BXC
        JSR CELLAD
        LDA #$DA        ; top: corner, line, corner
        LDB #$C4
        JSR BOXROW
        LDA BXH
        STA BXN
        LDA BXR
BOXMID  INCA
        PUSH A
        LDB BXC
        JSR CELLAD
        LDA #$B3        ; a middle row: side, spaces, side
        LDB #' '
        JSR BOXROW
        POP A
        LDB BXN
        DECB
        STB BXN
        CMPB #0
        JNE BOXMID
        INCA
        LDB BXC
        JSR CELLAD
        LDA #$C0        ; bottom
        LDB #$C4
        JSR BOXROW
        RTS
; BOXROW: at X, the left character A, BXW times the filler B, then the
; matching right character ($DA -> $BF, $C0 -> $D9, a side stays a side)
BOXROW  STA BXL         ; remember the left character
        STA ,X
        INCX
        LDA BXA
        STA ,X
        INCX
        TFR B,A         ; the filler
        LDB BXW
        TFR B,Y
        LDB BXA
        JSR FILL
        LDA BXL         ; the right character matches the left one
        CMPA #$DA
        JNE BRNOTTOP
        LDA #$BF
        JMP BRPUT
BRNOTTOP CMPA #$C0
        JNE BRPUT       ; a side stays a side
        LDA #$D9
BRPUT   STA ,X
        INCX
        LDB BXA
        STB ,X
        RTS

; ZERO5: the 5 bytes at X := "00000", then a 0
ZERO5   LDA #'0'
        LDB #5
Z5LOOP  STA ,X
        INCX
        DECB
        CMPB #0
        JNE Z5LOOP
        LDA #0
        STA ,X
        RTS

; INCDIG: add 1 to the ASCII digit at X, carrying to the left
INCDIG  LDA ,X
        INCA
        CMPA #'9'+1
        JNE IDDONE
        LDA #'0'
        STA ,X
        DECX
        JMP INCDIG      ; (5 digits: 99990 + 10 wraps around, nobody gets there)
IDDONE  STA ,X
        RTS

; SUBAB: B := A - B; A := 1 if A >= B (no borrow) else 0.
; A + (255 - B) + 1 = A - B + 256: the high byte is the "no borrow" bit.
SUBAB   EORB #$FF
        ADDAB
        INCD
        RTS

; RNDN: A := a random number 0..B-1 (the high byte of RANDOM * B)
RNDN    LDA RANDOM
        MUL
        RTS
