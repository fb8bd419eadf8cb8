; ===========================================================================
; BREAKOUT for the B32 console
;
; Move the paddle with the left and right arrows, serve with Space (or Z, or
; START). Knock out all 60 bricks to reach the next, faster level; clear
; level 3 to win. Miss the ball three times and the game is over.
;
; How it works, in short:
;   * The screen is the map: before the ball moves it looks at the cells
;     beside it, above/below it and diagonally ahead. A wall or the paddle
;     turns it around; a brick turns it around and disappears.
;   * Bricks are 4 cells wide and start on a column that is a multiple of 4,
;     so "column AND $FC" is the first cell of the brick that was hit.
;   * Directions are +1 or -1 ($FF): adding $FF to a byte is subtracting 1.
; ===========================================================================

        TITLE "Breakout"
        DESCRIPTION "Knock out the wall of bricks with a ball and a paddle. Arrows move, Space serves."

; ---- characters and colours -----------------------------------------------
BALLCH  EQU $FE         ; small square
BALLAT  EQU $0F         ; white
PADCH   EQU $DF         ; upper half block
PADAT   EQU $0B         ; light cyan
WALLAT  EQU $08         ; dark grey
EMPTYAT EQU $07

; ---- the field --------------------------------------------------------------
TOPWALL EQU 1           ; row of the top wall
LWALL   EQU 19          ; columns of the side walls
RWALL   EQU 60
FIRSTC  EQU 20          ; free columns 20..59
BRICK1  EQU 4           ; bricks on rows 4..9
BRICK6  EQU 9
PADROW  EQU 23
LOSTROW EQU 24          ; a ball that gets here is lost
PADW    EQU 7           ; paddle width
PADMAX  EQU 53          ; rightmost start column of the paddle (53+6 = 59)

BTNLEFT EQU 4
BTNRIGHT EQU 8
BTNGO   EQU $50         ; START or A

; ---- variables ---------------------------------------------------------------
BR      EQU $0300       ; ball row, column
BC      EQU $0301
DR      EQU $0302       ; ball direction: 1 or $FF (-1)
DC      EQU $0303
PADC    EQU $0304       ; paddle's leftmost column
SERVE   EQU $0305       ; 1 while the ball sits on the paddle
BSPD    EQU $0306       ; frames per ball step
BTIME   EQU $0307       ; frames to the next step
LIVES   EQU $0308
LEVEL   EQU $0309       ; '1'..'3'
BRICKS  EQU $030A       ; bricks left
HIT     EQU $030B       ; what the probes found this step
CTMP    EQU $030C
PROW    EQU $030D       ; scratch for PROBE
PCOL    EQU $030E
WAITN   EQU $030F
NROW    EQU $0310
NCOL    EQU $0311
PTS     EQU $0312
SCORE   EQU $0320       ; 5 ASCII digits and a 0
HISCORE EQU $0328
BXR     EQU $0330       ; BOX parameters
BXC     EQU $0331
BXH     EQU $0332
BXW     EQU $0333
BXA     EQU $0334
BXN     EQU $0335
BXL     EQU $0336

; ===========================================================================
START   LDS #$0000
        LDA #10
        STA VOLUME
        JSR HILOAD      ; the high score kept from the last run, or 00000

; ---- title screen -------------------------------------------------------------
TITLESCR LDA #1
        STA BORDER
        LDA #' '
        LDB #EMPTYAT
        JSR CLS
        JSR BRICKS6     ; a wall of bricks as a backdrop
        LDY #TITLETX
        JSR TEXTS
TITLOOP WAIT
        LDA FRAME       ; blink the prompt
        ANDA #$20
        CMPA #0
        JEQ TITDIM
        LDA #$0F
        JMP TITSET
TITDIM  LDA #$08
TITSET  LDX #SCREEN+2*(80*21+27)
        LDB #25
        JSR SETATTR
        LDA PRESSED
        ANDA #BTNGO
        CMPA #0
        JEQ TITLOOP

; ---- a new game -------------------------------------------------------------
NEWGAME LDA #0
        STA BORDER
        LDX #SCORE
        JSR ZERO5
        LDA #3
        STA LIVES
        LDA #'1'
        STA LEVEL
        LDA #4
        STA BSPD
NEWLEVEL LDA #' '
        LDB #EMPTYAT
        JSR CLS
        LDY #FRAMETX    ; walls, side panels
        JSR TEXTS
        LDA #TOPWALL    ; the walls: a box that is open at the bottom
        STA BXR
        LDA #LWALL
        STA BXC
        LDA #22         ; rows 2-23 inside; the bottom side (row 24) is cleared below
        STA BXH         ; (23 drew it on a row 25 that is not there: the I/O page)
        LDA #40
        STA BXW
        LDA #WALLAT
        STA BXA
        JSR BOX
        LDX #SCREEN+2*(80*LOSTROW+LWALL)  ; no bottom wall: the ball falls out
        LDY #42
        LDA #' '
        LDB #EMPTYAT
        JSR FILL
        JSR BRICKS6
        LDA #60
        STA BRICKS
        LDA #28
        STA PADC
        JSR SHOWSTAT
        JSR NEWSERVE

; ---- the game loop ------------------------------------------------------------
PLAY    WAIT
        JSR PADDLE
        LDA SERVE
        CMPA #0
        JEQ PLMOVE
        JSR ONPADDLE    ; waiting to serve: the ball rides on the paddle
        LDA PRESSED
        ANDA #BTNGO
        CMPA #0
        JEQ PLAY
        LDA #0          ; serve: up, left or right at random
        STA SERVE
        LDA #$FF
        STA DR
        STA DC
        LDA RANDOM
        ANDA #1
        CMPA #0
        JEQ PLSLOW
        LDA #1
        STA DC
PLSLOW  LDA BSPD
        STA BTIME
        JMP PLAY
PLMOVE  LDA BTIME
        DECA
        STA BTIME
        CMPA #0
        JNE PLAY
        LDA BSPD
        STA BTIME
        JSR BSTEP
        LDA BR
        CMPA #LOSTROW
        JEQ LOST
        LDA BRICKS
        CMPA #0
        JNE PLAY

; ---- all bricks gone: next level, or the end ---------------------------------
        LDY #CLEARTX
        JSR TEXTS
        LDD #523
        JSR JINGLE
        LDA LEVEL
        CMPA #'3'
        JEQ WON
        INCA
        STA LEVEL
        LDA BSPD
        DECA
        STA BSPD
        JMP NEWLEVEL

; ---- a ball got past the paddle -------------------------------------------------
LOST    LDD #FXLOST     ; a falling groan
        JSR SFX
        LDA #4
        STA BORDER
        LDA #30
        JSR PAUSE
        LDA #0
        STA BORDER
        LDA LIVES
        DECA
        STA LIVES
        JSR SHOWSTAT
        LDA LIVES
        CMPA #0
        JEQ GAMEOVER
        JSR NEWSERVE
        JMP PLAY

GAMEOVER LDD #FXOVER   ; a long low slide down
        JSR SFX
        LDY #OVERTX
        JMP ENDBOX
WON     LDY #WONTX
ENDBOX  PUSH Y
        JSR HISCHK
        JSR SHOWSTAT
        LDA #8          ; a box over the middle of the field
        STA BXR
        LDA #24
        STA BXC
        LDA #7
        STA BXH
        LDA #30
        STA BXW
        LDA #$1F
        STA BXA
        JSR BOX
        POP Y
        JSR TEXTS       ; the headline
        LDY #SCORETX
        JSR TEXTS
        LDX #SCREEN+2*(80*12+42)
        LDY #SCORE
        LDB #$1E
        JSR PRINT
        LDA #40
        JSR PAUSE
        LDY #AGAINTX
        JSR TEXTS
OVLOOP  WAIT
        LDA PRESSED
        ANDA #BTNGO
        CMPA #0
        JEQ OVLOOP
        JMP NEWGAME

; ===========================================================================
; PAUSE (wait A frames), JINGLE (three rising notes from D Hz) and SFX (a
; sound effect on the sound chip):
        INCLUDE "lib/sound.asm"

; NEWSERVE: the ball waits on the paddle
NEWSERVE LDA #1
        STA SERVE
        LDA #PADROW-1
        STA BR
        LDA PADC
        ADDA #3
        STA BC
        JSR DRAWBALL
        RTS

; ONPADDLE: while serving, keep the ball above the paddle's middle
ONPADDLE JSR ERASEBALL
        LDA PADC
        ADDA #3
        STA BC
        JSR DRAWBALL
        RTS

; PADDLE: move with the held arrows (one cell a frame) and redraw the row
PADDLE  LDA BUTTONS
        ANDA #BTNLEFT
        CMPA #0
        JEQ PADR
        LDA PADC
        CMPA #FIRSTC
        JEQ PADR
        DECA
        STA PADC
PADR    LDA BUTTONS
        ANDA #BTNRIGHT
        CMPA #0
        JEQ PADDRAW
        LDA PADC
        CMPA #PADMAX
        JEQ PADDRAW
        INCA
        STA PADC
PADDRAW LDX #SCREEN+2*(80*PADROW+FIRSTC)
        LDY #40
        LDA #' '
        LDB #EMPTYAT
        JSR FILL
        LDA #PADROW
        LDB PADC
        JSR CELLAD
        LDY #PADW
        LDA #PADCH
        LDB #PADAT
        JSR FILL
        LDA BR          ; a ball beside the paddle stays visible
        CMPA #PADROW
        JNE PADDONE
        JSR DRAWBALL
PADDONE RTS

; DRAWBALL / ERASEBALL: the ball at BR, BC
DRAWBALL LDA BR
        LDB BC
        JSR CELLAD
        LDA #BALLCH
        STA ,X
        INCX
        LDA #BALLAT
        STA ,X
        RTS
ERASEBALL LDA BR
        LDB BC
        JSR CELLAD
        LDA #' '
        STA ,X
        INCX
        LDA #EMPTYAT
        STA ,X
        RTS

; ===========================================================================
; BSTEP: move the ball one cell, bouncing off what is next to it.
BSTEP   JSR ERASEBALL
        LDA #0
        STA HIT
        LDA BC          ; sideways: (BR, BC+DC)
        LDB DC
        ADDAB           ; B = BC + DC
        LDA BR
        JSR PROBE
        CMPA #0
        JEQ BSVERT
        LDA #1
        STA HIT
        LDA DC          ; turn around: DC := -DC
        EORA #$FF
        INCA
        STA DC
BSVERT  LDA BR          ; up/down: (BR+DR, BC)
        LDB DR
        ADDAB
        TFR B,A
        LDB BC
        JSR PROBE
        CMPA #0
        JEQ BSDIAG
        LDA #1
        STA HIT
        JSR BOUNCEV
BSDIAG  LDA HIT         ; nothing beside or above: try the diagonal
        CMPA #0
        JNE BSMOVE
        LDA BR
        LDB DR
        ADDAB
        STB NROW
        LDA BC
        LDB DC
        ADDAB
        LDA NROW
        JSR PROBE
        CMPA #0
        JEQ BSMOVE
        JSR BOUNCEV
        LDA DC
        EORA #$FF
        INCA
        STA DC
BSMOVE  LDA BR          ; go on, if the cell ahead is free now
        LDB DR
        ADDAB
        STB NROW
        LDA BC
        LDB DC
        ADDAB
        STB NCOL
        LDA NROW
        CMPA #LOSTROW
        JEQ BSGO
        LDB NCOL
        JSR CELLAD
        LDA ,X
        CMPA #' '
        JNE BSDRAW      ; boxed in (a corner): stay this step
BSGO    LDA NROW
        STA BR
        LDA NCOL
        STA BC
BSDRAW  LDA BR
        CMPA #LOSTROW
        JEQ BSDONE
        JSR DRAWBALL
BSDONE  RTS

; BOUNCEV: turn the ball around vertically. Off the paddle (PROBE said 2),
; it always goes up, and where it hit decides left or right.
BOUNCEV CMPA #2
        JEQ BVPAD
        LDA DR
        EORA #$FF
        INCA
        STA DR
        RTS
BVPAD   LDA #$FF
        STA DR
        LDA PCOL        ; offset = hit column - paddle column: 0..6
        LDB PADC
        JSR SUBAB
        CMPB #3
        JEQ BVDONE      ; the middle: keep going the same way
        JLT BVLEFT
        LDA #1
        STA DC
        RTS
BVLEFT  LDA #$FF
        STA DC
BVDONE  RTS

; PROBE: what is at row A, column B? Returns A = 0 free, 1 wall or brick
; (a brick is knocked out), 2 the paddle. Beeps on a hit.
PROBE   STA PROW
        STB PCOL
        CMPA #LOSTROW
        JEQ PRFREE      ; below the paddle: nothing
        JSR CELLAD
        LDA ,X
        CMPA #' '
        JEQ PRFREE
        CMPA #BALLCH
        JEQ PRFREE
        CMPA #PADCH
        JNE PRNOPAD
        LDD #660        ; the paddle
        JSR BOUNCE
        LDA #2
        RTS
PRNOPAD LDA PROW        ; rows 4..9 between the walls are bricks
        CMPA #BRICK1
        JLT PRWALL
        CMPA #BRICK6+1
        JGE PRWALL
        LDA PCOL
        CMPA #LWALL
        JEQ PRWALL
        CMPA #RWALL
        JEQ PRWALL
        JSR KNOCK
        LDA #1
        RTS
PRWALL  LDD #330        ; a wall
        JSR BOUNCE
        LDA #1
        RTS
PRFREE  LDA #0
        RTS

; KNOCK: remove the brick at PROW, PCOL; score by row; beep higher up high
KNOCK   LDA PCOL
        ANDA #$FC       ; the brick's first column
        TFR A,B
        LDA PROW
        JSR CELLAD
        LDY #4
        LDA #' '
        LDB #EMPTYAT
        JSR FILL
        LDA BRICKS
        DECA
        STA BRICKS
        LDX #ROWPTS-BRICK1   ; points for this row
        LDB PROW
        ABX
        LDA ,X
        STA PTS
KNPTS   LDX #SCORE+4
        JSR INCDIG
        LDA PTS
        DECA
        STA PTS
        CMPA #0
        JNE KNPTS
        LDX #ROWHZ-2*BRICK1  ; a pitch for this row
        LDB PROW
        ABX
        ABX
        LDA ,X          ; low byte of the word
        TFR A,B
        INCX
        LDA ,X          ; high byte
        JSR BRICKFX
        JSR SHOWSTAT
        RTS

; BOUNCE: a short triangle blip of D Hz (the paddle, a wall) on voice 0
BOUNCE  PUSH D
        LDD #FXBOUNCE
        JSR SFX
        POP D
        STD VOICE0+V_FREQ       ; at D Hz instead of the effect's own
        RTS

; BRICKFX: a bright, quickly fading pulse of D Hz (a brick, pitched by its row) on voice 1
BRICKFX PUSH D
        LDD #FXBRICK
        JSR SFX
        POP D
        STD VOICE1+V_FREQ
        RTS

; the sound effects: FREQ, then VOL, WAVE, TIME, DECAY, SWEEP, voice
FXBOUNCE DW 440
        DB 13, W_TRIANGLE, 4, 0, 0, 0
FXBRICK DW 440
        DB 11, W_PULSE12, 10, 1, 0, 1
FXLOST  DW 300
        DB 15, W_SAW, 25, 2, -8, 2
FXOVER  DW 196
        DB 15, W_SQUARE, 60, 4, -2, 3

; BRICKS6: draw the 6 rows of 10 bricks
BRICKS6 LDY #ROWAT      ; colours, one per row
        LDA #BRICK1
BK6ROW  PUSH A
        LDB #FIRSTC
        JSR CELLAD      ; X = the row's first cell
        LDB #10
BK6ONE  PUSH B
        LDB ,Y          ; this row's colour
        LDA #$DB        ; a brick: three full blocks and a left half
        STA ,X
        INCX
        STB ,X
        INCX
        STA ,X
        INCX
        STB ,X
        INCX
        STA ,X
        INCX
        STB ,X
        INCX
        LDA #$DD
        STA ,X
        INCX
        STB ,X
        INCX
        POP B
        DECB
        CMPB #0
        JNE BK6ONE
        INCY
        POP A
        INCA
        CMPA #BRICK6+1
        JNE BK6ROW
        RTS

; SHOWSTAT: the right-hand panel
SHOWSTAT LDX #SCREEN+2*(80*4+64)
        LDY #SCORE
        LDB #$0F
        JSR PRINT
        LDX #SCREEN+2*(80*7+64)
        LDY #HISCORE
        LDB #$07
        JSR PRINT
        LDX #SCREEN+2*(80*10+64)
        LDA LEVEL
        STA ,X
        LDX #SCREEN+2*(80*13+64)   ; one heart per ball left
        LDB #0
SSLIVES PUSH B
        LDA #' '
        STA ,X
        INCX
        INCX
        POP B
        PUSH B
        TFR B,A
        LDB LIVES
        JSR SUBAB       ; A = 1 if this heart's number >= lives: empty
        DECX
        DECX
        CMPA #1
        JEQ SSNEXT
        LDA #3
        STA ,X
SSNEXT  INCX
        LDA #$0C
        STA ,X
        INCX
        INCX
        INCX
        POP B
        INCB
        CMPB #5
        JNE SSLIVES
        RTS

; HISCHK, CELLAD, FILL, CLS, PRINT and the other shared routines:
        INCLUDE "lib/gamelib.asm"

; ===========================================================================
; Tables

ROWAT   DB $0C, $04, $06, $0E, $0A, $0B   ; brick colours, top row first
ROWPTS  DB 7, 7, 4, 4, 1, 1               ; points per brick, by row
ROWHZ   DW 1047, 988, 880, 784, 698, 659  ; beep per row

; Texts: row, column, attribute, "text", 0 ... $FF
TITLETX DB 13, 20, $0F, "###  ###  ####  ##  #  #  ##  #  # #####", 0
        DB 14, 20, $0F, "#  # #  # #    #  # # #  #  # #  #   #", 0
        DB 15, 20, $07, "###  ###  ###  #### ##   #  # #  #   #", 0
        DB 16, 20, $07, "#  # # #  #    #  # # #  #  # #  #   #", 0
        DB 17, 20, $08, "###  #  # #### #  # #  #  ##   ##    #", 0
        DB 19, 18, $07, $1B, " ", $1A, " move the paddle   SPACE serve the ball", 0
        DB 21, 27, $0F, "PRESS START (ENTER/SPACE)", 0
        DB 23, 26, $08, "clear 3 walls to win the game", 0
        DB $FF

FRAMETX DB 0, 33, $0B, "B R E A K O U T", 0
        DB 3, 64, $0B, "SCORE", 0
        DB 6, 64, $03, "HIGH", 0
        DB 9, 64, $0B, "LEVEL", 0
        DB 12, 64, $0B, "BALLS", 0
        DB 4, 3, $0B, "KEYS", 0
        DB 6, 3, $07, $1B, " ", $1A, "  move", 0
        DB 7, 3, $07, "SPACE serve", 0
        DB 10, 3, $0B, "POINTS", 0
        DB 12, 3, $0C, $DB, $DB, $DB, $DD, "  7", 0
        DB 13, 3, $06, $DB, $DB, $DB, $DD, "  4", 0
        DB 14, 3, $0A, $DB, $DB, $DB, $DD, "  1", 0
        DB $FF

CLEARTX DB 16, 31, $0E, "WALL CLEARED!", 0
        DB $FF

OVERTX  DB 10, 34, $1E, "GAME  OVER", 0
        DB $FF
WONTX   DB 10, 30, $1E, "YOU WIN!  WELL PLAYED", 0
        DB $FF
SCORETX DB 12, 30, $1F, "Your score", 0
        DB $FF
AGAINTX DB 14, 27, $1F, "START or SPACE: play again", 0
        DB $FF

        END START
