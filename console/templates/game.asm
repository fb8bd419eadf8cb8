; __NAME__.asm - a game to grow: move the @ around with the arrows,
; press Space to beep. Add walls, things to collect, a score...
;
; Run it and keep it running while you edit:   b32 watch __NAME__.asm
; (every time you save, the console reassembles it and restarts it;
; with --keep-ram small changes go in without a restart).
;
; Things to know:
;   * A label starts in column 1; instructions are indented.
;   * The screen is 80 x 25 cells at SCREEN ($A000), two bytes each:
;     the character, then its colour (background*16 + foreground).
;     Row r, column c is at SCREEN + 2*(80*r + c); one row down is +160.
;   * BUTTONS holds the buttons that are down, one bit each:
;     $01 up, $02 down, $04 left, $08 right, $10 A (Space, Z), $20 B (X),
;     $40 START (Enter), $80 SELECT (Tab). PRESSED holds those that went
;     down since the last frame.
;   * WAIT ends the frame; the console comes back 1/60 s later.

START:
 LDA #1
 STA BORDER              ; a blue border
 LDA #15
 STA VOLUME              ; sound at full volume (0-15)

; Paint every cell: a space, light grey on blue.
 LDX #SCREEN
CLEAR:
 LDA #' '
 STA ,X
 INCX
 LDA #$17
 STA ,X
 INCX
 CMPX #SCREEN+2*80*25    ; past the last cell?
 JLT CLEAR

; The title on row 0.
 LDY #TITLETEXT
 LDX #SCREEN+2*(80*0+2)
 LDB #$1E                ; yellow on blue
 JSR PRINT
 LDY #HELPTEXT
 LDX #SCREEN+2*(80*24+2)
 LDB #$1B                ; light cyan on blue
 JSR PRINT

 LDX #SCREEN+2*(80*12+40)
 STX PLAYER              ; the player starts in the middle

; ---- The main loop: once per frame --------------------------------------
MAIN:
 WAIT
 LDX PLAYER
 LDA #' '
 STA ,X                  ; rub the player out where it was

 LDA FRAME               ; the frame counter (low byte)
 ANDA #3
 CMPA #0
 JNE DRAW                ; move only every 4th frame: 15 steps a second
 LDA BUTTONS
 STA HELD                ; keep this frame's buttons

 ANDA #$01               ; up?
 CMPA #0
 JEQ NOTUP
 CMPX #SCREEN+2*80*2     ; rows 0 and 1 belong to the title
 JLT NOTUP
 ADDX #-160              ; one row up
NOTUP:
 LDA HELD
 ANDA #$02               ; down?
 CMPA #0
 JEQ NOTDOWN
 CMPX #SCREEN+2*80*23    ; row 24 holds the help line
 JGE NOTDOWN
 ADDX #160               ; one row down
NOTDOWN:
 LDA HELD
 ANDA #$04               ; left?
 CMPA #0
 JEQ NOTLEFT
 CMPX #SCREEN+2*80*2+2
 JLT NOTLEFT
 ADDX #-2                ; one cell left
NOTLEFT:
 LDA HELD
 ANDA #$08               ; right?
 CMPA #0
 JEQ DRAW
 CMPX #SCREEN+2*80*24-2
 JGE DRAW
 ADDX #2                 ; one cell right

DRAW:
 STX PLAYER
 LDA #'@'
 STA ,X
 INCX
 LDA #$1F                ; white on blue
 STA ,X

 LDA PRESSED             ; went down since the last frame?
 ANDA #$10               ; A: Space or Z
 CMPA #0
 JEQ MAIN
 LDD #880                ; a beep: 880 Hz ...
 STD TONE
 LDA #6                  ; ... for 6 frames
 STA TONETIME
 JMP MAIN

; ---- PRINT: the 0-terminated text at Y to the screen at X, colour B -----
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

; ---- Texts and variables (the cart's own bytes, in RAM while it runs) ---
TITLETEXT: DB "__NAME__",0
HELPTEXT:  DB "Arrows move   Space beeps",0
PLAYER:    DW 0                  ; the player's cell address
HELD:      DB 0                  ; the buttons of this frame

 TITLE "__NAME__"
 DESCRIPTION "A game to grow: move the @ with the arrows"
 END START
