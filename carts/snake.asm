; ===========================================================================
; SNAKE for the B32 console
;
; Steer the snake with the arrow keys (or a gamepad's d-pad). Eat the hearts
; to grow and score; every few hearts the snake gets faster. Running into the
; wall or into yourself ends the game. START (Enter) or A (Space/Z) starts and
; restarts.
;
; How it works, in short:
;   * The screen itself is the play field: before moving, the snake looks at
;     the character in the cell it is about to enter. A space is free, a heart
;     is food, anything else (wall, body) is a crash.
;   * The body is kept in a ring buffer of 256 rows and 256 columns
;     (BODYR/BODYC). HEAD and TAIL are byte indexes, so they wrap by
;     themselves after 255.
;   * The game runs one frame per WAIT (60 per second). The snake moves every
;     SPEED frames; SPEED drops as the snake eats.
; ===========================================================================

        TITLE "Snake"
        DESCRIPTION "Eat the hearts, grow longer, don't bite yourself. Arrows steer."

; ---- characters and colours -----------------------------------------------
HEADCH  EQU $02         ; smiling face
BODYCH  EQU $DB         ; full block
FOODCH  EQU $03         ; heart
HEADAT  EQU $0E         ; yellow on black
BODYAT  EQU $0A         ; light green on black
FOODAT  EQU $0C         ; light red on black
WALLAT  EQU $03         ; cyan on black
BARAT   EQU $1F         ; white on blue: the status bar
EMPTYAT EQU $07         ; light grey on black

; ---- the play field (inside the wall) -------------------------------------
TOPROW  EQU 2           ; first free row
ROWS    EQU 22          ; free rows: 2..23
LEFTCOL EQU 1
COLS    EQU 78          ; free columns: 1..78

; ---- button bits (BUTTONS / PRESSED) ---------------------------------------
BTNUP   EQU 1
BTNDOWN EQU 2
BTNLEFT EQU 4
BTNRIGHT EQU 8
BTNGO   EQU $50         ; START or A

; ---- variables (RAM below the cart) ----------------------------------------
HROW    EQU $0300       ; head position
HCOL    EQU $0301
DIR     EQU $0302       ; 0 up, 1 down, 2 left, 3 right
Q1      EQU $0303       ; up to two queued turns ($FF = none), so quick
Q2      EQU $0304       ;   "up, left" presses between two moves both count
HEAD    EQU $0305       ; ring index of the head
TAIL    EQU $0306       ; ring index of the tail
GROW    EQU $0307       ; segments still to add
MOVET   EQU $0308       ; frames left until the next move
SPEED   EQU $0309       ; frames per move
EATEN   EQU $030A       ; hearts eaten since the last speed-up
CTMP    EQU $030B       ; scratch for CELLAD
PRS     EQU $030C       ; this frame's PRESSED
NROW    EQU $030D       ; where the head goes next
NCOL    EQU $030E
NEWD    EQU $030F       ; scratch for QDIR
TROW    EQU $0310       ; scratch
WAITN   EQU $0311       ; frame counter for pauses
LEVEL   EQU $0312       ; level digit ('1'..)
FOODY   EQU $0313       ; scratch for PLACEFOOD
SCORE   EQU $0320       ; 5 ASCII digits and a 0
HISCORE EQU $0328       ; 5 ASCII digits and a 0
BXR     EQU $0330       ; BOX parameters: top-left row, column,
BXC     EQU $0331
BXH     EQU $0332       ;   inside height and width,
BXW     EQU $0333
BXA     EQU $0334       ;   attribute
BXN     EQU $0335       ;   (scratch)
BXL     EQU $0336
BODYR   EQU $0400       ; ring buffer: rows of the body, tail to head
BODYC   EQU $0500       ; ring buffer: columns

; ===========================================================================
START   LDS #$0000      ; the stack grows down from the top of memory
        LDA #10
        STA VOLUME
        JSR HILOAD      ; the high score kept from the last run, or 00000

; ---- title screen ----------------------------------------------------------
TITLESCR LDA #1
        STA BORDER
        LDA #' '
        LDB #EMPTYAT
        JSR CLS
        LDY #TITLETX
        JSR TEXTS
TITLOOP WAIT
        ; blink "PRESS START": bit 5 of FRAME switches every 32 frames
        LDA FRAME
        ANDA #$20
        CMPA #0
        JEQ TITDIM
        LDA #$0F
        JMP TITSET
TITDIM  LDA #$08
TITSET  LDX #SCREEN+2*(80*20+28)
        LDB #25
        JSR SETATTR
        LDA PRESSED
        ANDA #BTNGO
        CMPA #0
        JEQ TITLOOP

; ---- a new game ------------------------------------------------------------
NEWGAME LDA #0
        STA BORDER
        LDA #' '
        LDB #EMPTYAT
        JSR CLS
        ; the status bar on row 0
        LDX #SCREEN
        LDY #80
        LDA #' '
        LDB #BARAT
        JSR FILL
        LDY #BARTX
        JSR TEXTS
        ; the wall: a box around rows 1..24
        LDA #1
        STA BXR
        LDA #0
        STA BXC
        LDA #ROWS
        STA BXH
        LDA #COLS
        STA BXW
        LDA #WALLAT
        STA BXA
        JSR BOX
        ; score, speed
        LDX #SCORE
        JSR ZERO5
        LDA #'1'
        STA LEVEL
        LDA #8
        STA SPEED
        STA MOVET
        LDA #0
        STA EATEN
        STA GROW
        LDA #$FF
        STA Q1
        STA Q2
        LDA #3          ; heading right
        STA DIR
        ; a snake of 4 on row 12, columns 10..13
        LDA #0
        STA TAIL
        LDX #BODYR
        LDY #BODYC
        LDB #10
NEWBODY LDA #12
        STA ,X
        STB ,Y
        INCX
        INCY
        INCB
        CMPB #14
        JNE NEWBODY
        LDA #3
        STA HEAD
        LDA #12
        STA HROW
        LDA #13
        STA HCOL
        ; draw it: three body squares and the head
        LDA #12
        LDB #10
        JSR CELLAD
        LDA #BODYCH
        LDB #BODYAT
        LDY #3
        JSR FILL
        LDA #HEADCH
        STA ,X
        INCX
        LDA #HEADAT
        STA ,X
        JSR PLACEFOOD
        JSR SHOWSTAT

; ---- the game loop: one pass per frame -------------------------------------
PLAY    WAIT
        JSR INPUT
        LDA MOVET
        DECA
        STA MOVET
        CMPA #0
        JNE PLAY
        LDA SPEED
        STA MOVET
        JSR STEP        ; A = 1 when the snake crashed
        CMPA #0
        JEQ PLAY

; ---- game over ---------------------------------------------------------------
        LDD #FXCRASH    ; a falling growl
        JSR SFX
        LDA #4          ; red border
        STA BORDER
        LDA HROW        ; mark the crash with a red X
        LDB HCOL
        JSR CELLAD
        LDA #'X'
        STA ,X
        INCX
        LDA #$4F
        STA ,X
        JSR HISCHK
        ; the message box
        LDA #8
        STA BXR
        LDA #24
        STA BXC
        LDA #7
        STA BXH
        LDA #30
        STA BXW
        LDA #$4F        ; white on red
        STA BXA
        JSR BOX
        LDY #OVERTX
        JSR TEXTS
        LDX #SCREEN+2*(80*12+42)
        LDY #SCORE
        LDB #$4E
        JSR PRINT
        LDX #SCREEN+2*(80*13+42)
        LDY #HISCORE
        LDB #$4E
        JSR PRINT
        JSR SHOWSTAT
        ; ignore the keys for a moment so a held arrow doesn't skip the box
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
; INPUT: turn the arrows pressed this frame into queued turns
INPUT   LDA PRESSED
        STA PRS
        ANDA #BTNUP
        CMPA #0
        JEQ IN1
        LDA #0
        JSR QDIR
IN1     LDA PRS
        ANDA #BTNDOWN
        CMPA #0
        JEQ IN2
        LDA #1
        JSR QDIR
IN2     LDA PRS
        ANDA #BTNLEFT
        CMPA #0
        JEQ IN3
        LDA #2
        JSR QDIR
IN3     LDA PRS
        ANDA #BTNRIGHT
        CMPA #0
        JEQ IN4
        LDA #3
        JSR QDIR
IN4     RTS

; QDIR: queue turn A unless it is along the same axis as the last queued
; direction (no reversing into yourself, no useless repeats). Bit 1 of a
; direction is its axis: 0 = vertical (up/down), 2 = horizontal.
QDIR    STA NEWD
        LDA Q2
        CMPA #$FF
        JNE QDX         ; queue full
        LDA Q1
        CMPA #$FF
        JNE QDREF       ; compare with the queued turn...
        LDA DIR         ; ...or with the way we are going
QDREF   ANDA #2
        TFR A,B         ; B = axis of the reference
        LDA NEWD
        ANDA #2         ; A = axis of the new turn
        CMPB #0
        JEQ QDVERT
        CMPA #0         ; going sideways: only up/down may turn
        JNE QDX
        JMP QDPUT
QDVERT  CMPA #0         ; going up/down: only left/right may turn
        JEQ QDX
QDPUT   LDA Q1
        CMPA #$FF
        JNE QDP2
        LDA NEWD
        STA Q1
        RTS
QDP2    LDA NEWD
        STA Q2
QDX     RTS

; ===========================================================================
; STEP: move the snake one cell. Returns A = 0 (alive) or 1 (crashed).
STEP    LDA Q1          ; take the next queued turn
        CMPA #$FF
        JEQ ST1
        STA DIR
        LDA Q2
        STA Q1
        LDA #$FF
        STA Q2
ST1     LDA HROW
        STA NROW
        LDA HCOL
        STA NCOL
        LDA DIR
        CMPA #0
        JNE ST2
        LDA NROW        ; up
        DECA
        STA NROW
        JMP ST5
ST2     CMPA #1
        JNE ST3
        LDA NROW        ; down
        INCA
        STA NROW
        JMP ST5
ST3     CMPA #2
        JNE ST4
        LDA NCOL        ; left
        DECA
        STA NCOL
        JMP ST5
ST4     LDA NCOL        ; right
        INCA
        STA NCOL
ST5     LDA NROW        ; what is in the cell ahead?
        LDB NCOL
        JSR CELLAD
        LDA ,X
        CMPA #FOODCH
        JNE STNOFOOD
        JSR EAT
        JMP STHEAD      ; growing: the tail stays
STNOFOOD JSR MOVETAIL   ; first let the tail go (you may follow it closely)
        LDA NROW
        LDB NCOL
        JSR CELLAD
        LDA ,X
        CMPA #' '
        JEQ STHEAD
        LDA #1          ; wall or body: crash
        RTS
STHEAD  LDA HROW        ; the old head becomes body
        LDB HCOL
        JSR CELLAD
        LDA #BODYCH
        STA ,X
        INCX
        LDA #BODYAT
        STA ,X
        LDA HEAD        ; the new head goes into the ring
        INCA
        STA HEAD
        TFR A,B
        LDX #BODYR
        ABX
        LDA NROW
        STA ,X
        STA HROW
        LDX #BODYC
        ABX
        LDA NCOL
        STA ,X
        STA HCOL
        LDA NROW        ; and onto the screen
        LDB NCOL
        JSR CELLAD
        LDA #HEADCH
        STA ,X
        INCX
        LDA #HEADAT
        STA ,X
        LDA #0
        RTS

; MOVETAIL: unless still growing, erase the tail cell and drop it from the ring
MOVETAIL LDA GROW
        CMPA #0
        JEQ MTERASE
        DECA
        STA GROW
        RTS
MTERASE LDX #BODYR
        LDB TAIL
        ABX
        LDA ,X
        STA TROW
        LDX #BODYC
        ABX
        LDB ,X
        LDA TROW
        JSR CELLAD
        LDA #' '
        STA ,X
        INCX
        LDA #EMPTYAT
        STA ,X
        LDA TAIL
        INCA
        STA TAIL
        RTS

; EAT: score 10, grow 3, beep, maybe speed up, new heart
EAT     LDX #SCORE+3    ; the tens digit
        JSR INCDIG
        LDD #FXEAT      ; a short rising chirp
        JSR SFX
        LDA HEAD        ; length - 1 = HEAD - TAIL; stop growing near 256
        LDB TAIL
        JSR SUBAB
        CMPB #240
        JGT EATFAST
        LDA GROW
        ADDA #3
        STA GROW
EATFAST LDA EATEN
        INCA
        STA EATEN
        CMPA #4         ; every 4 hearts: one frame per move less
        JNE EATDONE
        LDA #0
        STA EATEN
        LDA SPEED
        CMPA #3
        JEQ EATDONE
        DECA
        STA SPEED
        LDA LEVEL
        INCA
        STA LEVEL
        LDD #FXLEVEL    ; a bright sweep up for the new level
        JSR SFX
EATDONE JSR PLACEFOOD
        JSR SHOWSTAT
        RTS

; PLACEFOOD: put a heart on a random free cell
PLACEFOOD LDB #ROWS
        JSR RNDN
        ADDA #TOPROW
        STA FOODY
        LDB #COLS
        JSR RNDN
        ADDA #LEFTCOL
        TFR A,B
        LDA FOODY
        JSR CELLAD
        LDA ,X
        CMPA #' '
        JNE PLACEFOOD   ; taken: try another
        LDA #FOODCH
        STA ,X
        INCX
        LDA #FOODAT
        STA ,X
        RTS

; SHOWSTAT: score, high score and level in the status bar
SHOWSTAT LDX #SCREEN+2*(80*0+36)
        LDY #SCORE
        LDB #BARAT
        JSR PRINT
        LDX #SCREEN+2*(80*0+53)
        LDY #HISCORE
        LDB #BARAT
        JSR PRINT
        LDX #SCREEN+2*(80*0+74)
        LDA LEVEL
        STA ,X
        RTS

; HISCHK, CELLAD, FILL, CLS, PRINT and the other shared routines:
        INCLUDE "lib/gamelib.asm"
; PAUSE (wait A frames), JINGLE (three rising notes from D Hz) and SFX (play
; a sound effect on the sound chip):
        INCLUDE "lib/sound.asm"

; the sound effects: FREQ, then VOL, WAVE, TIME, DECAY, SWEEP, voice
FXEAT   DW 880
        DB 12, W_PULSE25, 6, 1, 60, 0
FXLEVEL DW 660
        DB 12, W_TRIANGLE, 20, 2, 40, 1
FXCRASH DW 220
        DB 15, W_SAW, 45, 3, -4, 2

; ===========================================================================
; Texts: row, column, attribute, "text", 0 ... $FF

TITLETX DB 3, 22, $0A, " ####  #   #  ###  #   # #####", 0
        DB 4, 22, $0A, "#      ##  # #   # #  #  #", 0
        DB 5, 22, $02, " ###   # # # ##### ###   ####", 0
        DB 6, 22, $02, "    #  #  ## #   # #  #  #", 0
        DB 7, 22, $02, "####   #   # #   # #   # #####", 0
        DB 7, 53, $0C, 3, 0
        DB 7, 13, $0A, $FE, $FE, $FE, $FE, $FE, $FE, 2, 0
        DB 10, 26, $07, "Arrow keys  ", $1A, " steer the snake", 0
        DB 12, 26, $07, "Eat the hearts ", 3, " to grow", 0
        DB 13, 26, $07, "Don't hit the wall or yourself!", 0
        DB 14, 26, $07, "Every 4 hearts it gets faster.", 0
        DB 20, 28, $0F, "PRESS START (ENTER/SPACE)", 0
        DB 23, 30, $08, "a B32 console cart", 0
        DB $FF

BARTX   DB 0, 2, $1E, "SNAKE", 0
        DB 0, 30, BARAT, "SCORE", 0
        DB 0, 50, BARAT, "HI", 0
        DB 0, 68, BARAT, "LEVEL", 0
        DB $FF

OVERTX  DB 10, 31, $4E, "G A M E   O V E R", 0
        DB 12, 30, $4F, "Your score", 0
        DB 13, 30, $4F, "High score", 0
        DB $FF

AGAINTX DB 15, 27, $4F, "START or SPACE: play again", 0
        DB $FF

        END START
