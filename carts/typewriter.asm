; typewriter.asm - type on the screen like an old editor.
;
; Keys arrive in the KEY queue as code page 437 bytes. This cart takes each
; one and acts on it:
;   a printable character ($20 and up, not $7F)  put it at the cursor, move right
;   Enter ($0D)      start the next line
;   Backspace ($08)  move left (to the end of the line above at column 0) and rub out
;   Tab ($09)        on to the next column that is a multiple of 8
;   arrows ($11-$14) move the cursor;  Delete ($7F) rubs out under the cursor
;   Escape ($1B)     clear the page
; Text runs on to the next line at column 80; below the last line the page
; scrolls up. The blinking hardware cursor (CURSOR, CURSORPOS) shows where the
; next character goes, and the status line shows the row, column and last key.
;
; The page is rows 1-23; row 0 is a title bar and row 24 the status line.

FIRSTROW EQU 1
LASTROW  EQU 23
PAGEATTR EQU $1F                ; white on blue
BARATTR  EQU $30                ; black on cyan

START:
 LDA #1
 STA BORDER
 LDY #TITLETEXT
 LDX #SCREEN
 LDB #BARATTR
 JSR PRINT
 JSR CLEARPAGE
 LDA #1
 STA CURSOR              ; show the hardware cursor

MAIN:
 LDA KEY                 ; the oldest key typed, or 0
 CMPA #0
 JEQ IDLE
 STA LASTKEY
 JSR HANDLE
 JMP MAIN                ; handle every queued key before the frame ends
IDLE:
 JSR PLACE               ; move the hardware cursor
 JSR STATUS              ; redraw the status line
 WAIT
 JMP MAIN

; ---- HANDLE: act on the key in A ---------------------------------------------
HANDLE:
 CMPA #$0D
 JEQ NEWLINE
 CMPA #$08
 JEQ BACKSPACE
 CMPA #$09
 JEQ TAB
 CMPA #$1B
 JEQ CLEARPAGE
 CMPA #$7F
 JEQ RUBOUT
 CMPA #$11
 JEQ UP
 CMPA #$12
 JEQ DOWN
 CMPA #$13
 JEQ LEFT
 CMPA #$14
 JEQ RIGHT
 CMPA #$20
 JLT IGNORE              ; other control codes: nothing
; a character: put it in the cell at the cursor, then move right
 PUSH A
 JSR CELL                ; X := the cursor's cell
 POP A
 STA ,X
 INCX
 LDA #PAGEATTR
 STA ,X
 JMP RIGHT
IGNORE:
 RTS

; move right; past column 79 on to the next line
RIGHT:
 LDA COL
 INCA
 STA COL
 CMPA #80
 JEQ NEWLINE
 RTS

; column 0 of the next line; below the last line, scroll the page up
NEWLINE:
 LDA #0
 STA COL
 LDA ROW
 CMPA #LASTROW
 JEQ SCROLL
 INCA
 STA ROW
 RTS

; rub out the character left of the cursor
BACKSPACE:
 JSR LEFT
RUBOUT:
 JSR CELL
 LDA #' '
 STA ,X
 RTS

; move left; from column 0 to the end of the line above
LEFT:
 LDA COL
 CMPA #0
 JEQ LEFTUP
 DECA
 STA COL
 RTS
LEFTUP:
 LDA ROW
 CMPA #FIRSTROW
 JEQ LEFTDONE            ; top-left corner: nowhere to go
 DECA
 STA ROW
 LDA #79
 STA COL
LEFTDONE:
 RTS

UP:
 LDA ROW
 CMPA #FIRSTROW
 JEQ UPDONE
 DECA
 STA ROW
UPDONE:
 RTS

DOWN:
 LDA ROW
 CMPA #LASTROW
 JEQ DOWNDONE
 INCA
 STA ROW
DOWNDONE:
 RTS

; on to the next multiple of 8: COL := (COL + 8) AND $F8
TAB:
 LDA COL
 ADDA #8
 ANDA #$F8
 STA COL
 CMPA #80
 JEQ NEWLINE
 RTS

; ---- SCROLL: rows 2-23 move up one; row 23 becomes empty -----------------
SCROLL:
 LDX #SCREEN+160*FIRSTROW        ; to
 LDY #SCREEN+160*(FIRSTROW+1)    ; from
SCROLLLOOP:
 LDA ,Y
 STA ,X
 INCX
 INCY
 CMPY #SCREEN+160*(LASTROW+1)
 JNE SCROLLLOOP
 LDX #SCREEN+160*LASTROW
 JSR CLEARROW
 RTS

; ---- CLEARPAGE: blank rows 1-23 and put the cursor top left --------------
CLEARPAGE:
 LDX #SCREEN+160*FIRSTROW
CLEARLOOP:
 JSR CLEARROW
 CMPX #SCREEN+160*(LASTROW+1)
 JNE CLEARLOOP
 LDA #FIRSTROW
 STA ROW
 LDA #0
 STA COL
 RTS

; CLEARROW: 80 blank cells from X; X ends one row further
CLEARROW:
 LDB #80
CLEARCELL:
 LDA #' '
 STA ,X
 INCX
 LDA #PAGEATTR
 STA ,X
 INCX
 DECB
 CMPB #0
 JNE CLEARCELL
 RTS

; ---- CELL: X := the screen address of (ROW, COL) = SCREEN + 160*ROW + 2*COL
CELL:
 LDA ROW
 LDB #160
 MUL                     ; D := ROW * 160
 TFR D,X
 ADDX #SCREEN
 LDB COL
 ABX                     ; + COL ...
 ABX                     ; ... twice
 RTS

; ---- PLACE: CURSORPOS := 80*ROW + COL -------------------------------------
PLACE:
 LDA ROW
 LDB #80
 MUL
 TFR D,X
 LDB COL
 ABX
 STX CURSORPOS
 RTS

; ---- STATUS: " Row 01  Col 01  Key $41 A" on row 24 --------------------
STATUS:
 LDX #SCREEN+160*24
 LDY #STATUSROW
 LDB #BARATTR
 JSR PRINT
 LDA ROW                 ; rows 1-23 count from 1 already
 LDX #SCREEN+160*24+2*5
 JSR DECIMAL
 LDA COL
 INCA                    ; columns count from 1 for people
 LDX #SCREEN+160*24+2*13
 JSR DECIMAL
 LDX #SCREEN+160*24+2*22
 LDA LASTKEY
 RORA                    ; high hex digit: four rotates right
 RORA
 RORA
 RORA
 ANDA #$0F
 JSR HEXDIGIT
 STA ,X
 INCX
 INCX
 LDA LASTKEY
 ANDA #$0F
 JSR HEXDIGIT
 STA ,X
 INCX
 INCX
 INCX
 INCX
 LDA LASTKEY             ; and the key's glyph itself
 STA ,X
 RTS

; DECIMAL: A (0-99) as two digits at X
DECIMAL:
 LDB #'0'                ; the tens digit, counted up
TENS:
 CMPA #10
 JLT UNITS
 SUBA #10
 INCB
 JMP TENS
UNITS:
 STB ,X
 INCX
 INCX
 ADDA #'0'
 STA ,X
 RTS

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

ROW:       DB 0
COL:       DB 0
LASTKEY:   DB ' '
TITLETEXT: DB " B32 TYPEWRITER    Enter new line  Backspace rub out  Tab  arrows  Esc clears   ",0
STATUSROW: DB " Row 00  Col 00  Key $00                                                        ",0

 TITLE "Typewriter"
 DESCRIPTION "Type on the screen: echo, Backspace, Enter, Tab, arrows, scrolling."
 END START
