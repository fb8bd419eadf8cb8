; __NAME__.asm - a blank cart: the smallest program that shows a title,
; runs a main loop and answers a button with a beep. Grow it from here.
;
; Run it and keep it running while you edit:   b32 watch __NAME__.asm
; (every time you save, the console reassembles it and restarts it).
;
; Things to know:
;   * A label starts in column 1; instructions are indented.
;   * The screen is 80 x 25 cells at SCREEN ($A000), two bytes each:
;     the character, then its colour (background*16 + foreground).
;   * WAIT ends the frame: the console shows the screen and comes back
;     1/60 s later. A main loop WAITs once per turn.

START:
 LDA #1
 STA BORDER              ; a blue border
 LDA #15
 STA VOLUME              ; sound at full volume (0-15)

; Write the title on row 0, from column 2, yellow on black.
 LDY #TITLETEXT          ; Y: the text
 LDX #SCREEN+2*(80*0+2)  ; X: the cell
PRINT:
 LDA ,Y                  ; the next character
 CMPA #0
 JEQ MAIN                ; a 0 byte ends the text
 STA ,X                  ; the character ...
 INCX
 LDA #$0E                ; ... and its colour
 STA ,X
 INCX
 INCY
 JMP PRINT

; The main loop: once per frame.
MAIN:
 WAIT                    ; the frame ends here
 LDA BUTTONS             ; the buttons held now, one bit each
 ANDA #$10               ; $10 is A (Space or Z)
 CMPA #0
 JEQ MAIN                ; not held: next frame
 LDD #440                ; held: a 440 Hz beep ...
 STD TONE
 LDA #2                  ; ... for 2 frames (holding it keeps it going)
 STA TONETIME
 JMP MAIN

TITLETEXT: DB "__NAME__ - hold Space to beep",0

 TITLE "__NAME__"
 DESCRIPTION "A blank cart"
 END START
