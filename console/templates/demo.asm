; __NAME__.asm - a demo to grow: colour bars that roll down the screen,
; a title on top; hold Space to roll them faster, press Enter to beep.
;
; Run it and keep it running while you edit:   b32 watch __NAME__.asm
; (every time you save, the console reassembles it and restarts it;
; with --keep-ram, changing a colour or a number goes in without a
; restart).
;
; Things to know:
;   * A label starts in column 1; instructions are indented.
;   * The screen is 80 x 25 cells at SCREEN ($A000), two bytes each:
;     the character, then its colour (background*16 + foreground).
;   * BUTTONS holds the buttons that are down ($10 = A: Space or Z,
;     $40 = START: Enter); PRESSED those that went down this frame.
;   * WAIT ends the frame; the console comes back 1/60 s later.

START:
 LDA #0
 STA BORDER              ; a black border
 LDA #15
 STA VOLUME

; ---- The main loop: once per frame --------------------------------------
MAIN:
 WAIT
 LDA BUTTONS
 ANDA #$10               ; Space held?
 CMPA #0
 JEQ SLOW
 LDA SHIFT
 ADDA #3                 ; fast: three colours a frame
 STA SHIFT
 JMP PAINT
SLOW:
 LDA FRAME
 ANDA #3
 CMPA #0
 JNE PAINT               ; slow: one colour every 4th frame
 LDA SHIFT
 INCA
 STA SHIFT

; Paint the 24 rows under the title: row r gets colour (r + SHIFT) / 2.
PAINT:
 LDX #SCREEN+2*80        ; row 1, column 0
 LDA SHIFT
 STA COLOUR
ROW:
 LDA COLOUR
 RORA                    ; two rows per colour (RORA rotates through C:
 ANDA #$07               ;  mask the bit it brought in)
 ADDA #1                 ; colours 1-8, never black
 STA BAR
 LDB #80                 ; 80 cells in a row
CELL:
 LDA #$DB                ; a full block, coloured ...
 STA ,X
 INCX
 LDA BAR                 ; ... in the bar's colour
 STA ,X
 INCX
 DECB
 CMPB #0
 JNE CELL
 LDA COLOUR
 INCA
 STA COLOUR
 CMPX #SCREEN+2*80*25    ; past the last row?
 JLT ROW

; The title on row 0, redrawn each frame over a black bar.
 LDY #TITLETEXT
 LDX #SCREEN+2*2
TITLE_LOOP:
 LDA ,Y
 CMPA #0
 JEQ BEEP
 STA ,X
 INCX
 LDA #$0F                ; white on black
 STA ,X
 INCX
 INCY
 JMP TITLE_LOOP

BEEP:
 LDA PRESSED
 ANDA #$40               ; START (Enter) went down?
 CMPA #0
 JEQ MAIN
 LDD #523                ; a C, for 10 frames
 STD TONE
 LDA #10
 STA TONETIME
 JMP MAIN

TITLETEXT: DB "__NAME__ - Space: faster   Enter: beep",0
SHIFT:     DB 0          ; how far the bars have rolled
COLOUR:    DB 0          ; the row being painted, plus SHIFT
BAR:       DB 0          ; this row's colour

 TITLE "__NAME__"
 DESCRIPTION "A demo to grow: rolling colour bars"
 END START
