; palette.asm - every foreground on every background, and attribute bit 7.
;
; An attribute byte is:  bit 7 | background (bits 4-6) | foreground (bits 0-3)
; so $1E is yellow (14) on blue (1). Each cell of the top grid shows its own
; attribute in hex, drawn in that attribute: row = background, column = foreground.
;
; The bottom grid is the same with bit 7 set ($80-$FF). What bit 7 does is
; chosen by the VIDEOMODE register:
;   0  ignored, as on the original B32 (the bottom grid looks like the top one)
;   1  blink: the foreground blinks
;   2  bright background: backgrounds 8-15 (dark grey, light blue, ...)
; Press 0, 1 or 2 to pick a mode, or Space for the next one.

CELLW   EQU 4                   ; a grid cell is 4 characters wide: " 1E "
GRIDCOL EQU 9                   ; screen column of the grid's first cell
TOPGRID EQU SCREEN+160*3+2*GRIDCOL
LOWGRID EQU SCREEN+160*13+2*GRIDCOL

START:
; ---- headers ----------------------------------------------------------------
 LDY #TITLETEXT
 LDX #SCREEN
 LDB #$70                ; black on light grey: a title bar
 JSR PRINT
 JSR FGHEADER            ; "fg 0  1  2 ..." over the top grid
 LDX #SCREEN+160*12      ; and over the bottom grid
 JSR FGHEADERAT
 LDY #LOWTEXT
 LDX #SCREEN+160*11
 LDB #$07
 JSR PRINT
 LDY #HELPTEXT
 LDX #SCREEN+160*24
 LDB #$08                ; dark grey
 JSR PRINT

; ---- the two grids ----------------------------------------------------------
 LDA #$00                ; attributes $00-$7F
 LDX #TOPGRID
 JSR GRID
 LDA #$80                ; attributes $80-$FF
 LDX #LOWGRID
 JSR GRID

; ---- the main loop: read keys, set the mode, show it ------------------------
 LDA #0
 STA MODE
 JSR SHOWMODE
MAIN:
 WAIT
 LDA KEY
 CMPA #0
 JEQ MAIN                ; no key this frame
 CMPA #' '
 JEQ NEXTMODE
 CMPA #'0'
 JLT MAIN                ; below '0': not ours
 CMPA #'2'
 JGT MAIN                ; above '2': not ours
 SUBA #'0'               ; '0'..'2' -> 0..2
 JMP SETMODE
NEXTMODE:
 LDA MODE
 INCA
 CMPA #3
 JNE SETMODE
 LDA #0
SETMODE:
 STA MODE
 JSR SHOWMODE
 JMP MAIN

; ---- SHOWMODE: write MODE to VIDEOMODE and describe it on row 23 ------------
SHOWMODE:
 LDA MODE
 STA VIDEOMODE
 LDY #MODE0TEXT
 CMPA #1
 JLT SHOWIT
 LDY #MODE1TEXT
 JEQ SHOWIT
 LDY #MODE2TEXT
SHOWIT:
 LDX #SCREEN+160*22+2*2
 LDB #$0F
 JSR PRINT
 RTS

; ---- GRID: 8 rows of 16 cells, attributes A .. A+127, at screen address X ---
GRID:
 STA ATTR
GRIDROW:
; the row label "bg n" left of the row
 PUSH X
 ADDX #-2*7
 LDY #BGTEXT
 LDB #$07
 JSR PRINT               ; "bg "
 LDA ATTR
 ANDA #$70               ; the background bits ...
 RORA                    ; ... moved down to 0-7 (four rotates right;
 RORA                    ; bit 7 of A is 0 and C only lands in bit 7,
 RORA                    ; which the ANDA below clears)
 RORA
 ANDA #$07
 JSR HEXDIGIT
 STA ,X
 POP X
GRIDCELL:
 LDA #' '                ; " XY " in attribute XY
 JSR PUTCELL
 LDA ATTR
 RORA                    ; high digit: four rotates right ...
 RORA
 RORA
 RORA
 ANDA #$0F               ; ... and keep the low four bits
 JSR HEXDIGIT
 JSR PUTCELL
 LDA ATTR
 ANDA #$0F
 JSR HEXDIGIT
 JSR PUTCELL
 LDA #' '
 JSR PUTCELL
 LDA ATTR
 INCA
 STA ATTR
 ANDA #$0F
 CMPA #0                 ; 16 cells done?
 JNE GRIDCELL
 ADDX #160-2*CELLW*16    ; next row
 LDA ATTR
 ANDA #$7F
 CMPA #0                 ; 128 attributes done?
 JNE GRIDROW
 RTS

; PUTCELL: character A in attribute ATTR at X; X moves on one cell
PUTCELL:
 STA ,X
 INCX
 LDA ATTR
 STA ,X
 INCX
 RTS

; FGHEADER: the foreground numbers over a grid (FGHEADERAT: at row X)
FGHEADER:
 LDX #SCREEN+160*2
FGHEADERAT:
 PUSH X
 ADDX #2*2
 LDY #FGTEXT
 LDB #$07
 JSR PRINT
 POP X
 ADDX #2*(GRIDCOL+2)     ; over the low digit of the first cell
 LDA #0
FGLOOP:
 PUSH A
 JSR HEXDIGIT
 STA ,X
 POP A
 ADDX #2*CELLW
 INCA
 CMPA #16
 JNE FGLOOP
 RTS

; HEXDIGIT: A (0-15) -> '0'-'9', 'A'-'F'
HEXDIGIT:
 CMPA #10
 JLT DIGIT
 ADDA #'A'-10
 RTS
DIGIT:
 ADDA #'0'
 RTS

; PRINT: the 0-terminated text at Y to the screen at X in colour B
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

MODE:      DB 0
ATTR:      DB 0
TITLETEXT: DB " B32 PALETTE: 16 foregrounds x 8 backgrounds, attribute shown in hex          ",0
FGTEXT:    DB "fg",0
BGTEXT:    DB "bg ",0
LOWTEXT:   DB "  The same with attribute bit 7 set ($80-$FF):",0
MODE0TEXT: DB "VIDEOMODE 0: bit 7 is ignored (as on the original B32)   ",0
MODE1TEXT: DB "VIDEOMODE 1: bit 7 makes the foreground blink            ",0
MODE2TEXT: DB "VIDEOMODE 2: bit 7 gives bright backgrounds (colours 8-15)",0
HELPTEXT:  DB "  Press 0, 1 or 2 to choose VIDEOMODE, Space for the next one",0

 TITLE "Palette"
 DESCRIPTION "All 16 x 8 colour pairs; keys 0-2 switch bit 7 between blink and bright."
 END START
