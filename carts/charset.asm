; charset.asm - all 256 characters of code page 437, in a labelled grid.
;
; The character in row R, column C of the grid is the byte R*16 + C, so the
; row label is its first hex digit and the column label its second: row 4,
; column 1 is $41, the letter A. Every byte is a glyph on the B32 screen - even
; 0, the control codes $01-$1F and $7F, which print as faces, arrows and suits.
;
; Layout: grid row R is screen row 4+R, grid column C is screen column 10+4*C.

GRIDTOP EQU SCREEN+160*4+2*10   ; the cell of character $00
BOXATTR EQU $1F                 ; white on blue
HEADATTR EQU $1E                ; yellow on blue

START:
 LDA #1
 STA BORDER

; ---- a blue box behind the grid: rows 2-21, columns 3-76 -----------------
 LDX #SCREEN+160*2+2*3
 LDY #20                 ; rows to paint
BOXROW:
 LDB #74                 ; cells per row
BOXCELL:
 LDA #' '
 STA ,X
 INCX
 LDA #BOXATTR
 STA ,X
 INCX
 DECB
 CMPB #0
 JNE BOXCELL
 ADDX #160-2*74          ; back to column 3, one row down
 DECY
 CMPY #0
 JNE BOXROW

; ---- the title and the footer ------------------------------------------
 LDY #TITLETEXT
 LDX #SCREEN+2*22
 LDB #$0F
 JSR PRINT
 LDY #FOOTTEXT
 LDX #SCREEN+160*23+2*9
 LDB #$07
 JSR PRINT

; ---- column headers: _0 .. _F on row 3 ----------------------------------
 LDX #SCREEN+160*3+2*9
 LDA #0
 STA COUNT
COLHEAD:
 LDA #'_'
 STA ,X
 INCX
 LDA #HEADATTR
 STA ,X
 INCX
 LDA COUNT
 JSR HEXDIGIT            ; A := '0'..'F'
 STA ,X
 INCX
 LDA #HEADATTR
 STA ,X
 ADDX #2*4-3             ; on to the next column, 4 cells right
 LDA COUNT
 INCA
 STA COUNT
 CMPA #16
 JNE COLHEAD

; ---- the grid, one row at a time ----------------------------------------
; COUNT is the character being drawn, 0..255; X walks the screen.
 LDA #0
 STA COUNT
 STA ROWNUM
 LDX #GRIDTOP
GRIDROW:
; the row label, e.g. "4_", 5 cells left of the row's first character
 PUSH X
 ADDX #-2*5              ; 5 cells to the left (the word wraps around)
 LDA ROWNUM              ; the row number, 0..15
 JSR HEXDIGIT
 STA ,X
 INCX
 LDA #HEADATTR
 STA ,X
 INCX
 LDA #'_'
 STA ,X
 INCX
 LDA #HEADATTR
 STA ,X
 POP X
GRIDCELL:
 LDA COUNT
 STA ,X                  ; the character itself
 INCX
 LDA #BOXATTR
 STA ,X
 ADDX #2*4-1             ; 4 cells right
 LDA COUNT
 INCA
 STA COUNT
 CMPA #0                 ; wrapped from 255 to 0: all done
 JEQ DONE
 ANDA #15                ; a new row every 16 characters
 CMPA #0
 JNE GRIDCELL
 ADDX #160-2*4*16        ; next screen row, back to column 10
 LDA ROWNUM
 INCA
 STA ROWNUM
 JMP GRIDROW

DONE:
 WAIT                    ; nothing more to do: show the screen forever
 JMP DONE

; ---- HEXDIGIT: A (0-15) -> the character '0'-'9' or 'A'-'F' --------------
HEXDIGIT:
 CMPA #10
 JLT DIGIT
 ADDA #'A'-10
 RTS
DIGIT:
 ADDA #'0'
 RTS

; ---- PRINT: the 0-terminated text at Y to the screen at X, colour B -------
PRINT:
 LDA ,Y
 CMPA #0
 JEQ PRINTED
 STA ,X
 INCX
 STB ,X
 INCX
 INCY
 JMP PRINT
PRINTED:
 RTS

COUNT:     DB 0
ROWNUM:    DB 0
TITLETEXT: DB "Code page 437: all 256 characters",0
FOOTTEXT:  DB "Row label = first hex digit, column = second: row 4, column 1 is $41 A",0

 TITLE "Character set"
 DESCRIPTION "All 256 code page 437 glyphs in a 16 x 16 grid with hex labels."
 END START
