; ===========================================================================
; INVADERS for the B32 console
;
; Left and right arrows move your cannon, Space (or Z) fires. Shoot down the
; 50 invaders before they land; hide under the shields from their bombs. Each
; wave starts lower and marches faster. Three lives.
;
; How it works, in short:
;   * The invaders are a 5 x 10 grid (ALIVE: one byte each) drawn from its
;     top-left corner GROW, GCOL; invader (r, c) sits at row GROW + 2r,
;     column GCOL + 5c. The grid steps sideways on a timer that gets shorter
;     as fewer invaders are left; at the screen's edge it drops a row.
;   * Shots and bombs look at the cell they move into. The row and column of a
;     hit lead back to the invader: r = (row - GROW) / 2, c = (col - GCOL) / 5;
;     dividing by 5 is "multiply by 52, keep the high byte" (exact below 50).
;   * Shields are shade characters that wear down: $B2 -> $B1 -> $B0 -> gone.
; ===========================================================================

        TITLE "Invaders"
        DESCRIPTION "Stop the marching invaders before they land. Arrows move, Space fires."

; ---- characters, colours, places ---------------------------------------------
SHOTCH  EQU '|'
SHOTAT  EQU $0E         ; yellow
BOMBCH  EQU '!'
BOMBAT  EQU $0C         ; light red
PLAYAT  EQU $0F         ; white
SHIELDAT EQU $02        ; green
EMPTYAT EQU $07
BARAT   EQU $1F         ; status bar: white on blue
PROW    EQU 22          ; the player's row
GROUND  EQU 23
SHIELDR EQU 18          ; shields on rows 18 and 19
NBOMBS  EQU 3           ; bombs falling at once, at most

BTNLEFT EQU 4
BTNRIGHT EQU 8
BTNFIRE EQU $10         ; A (Space or Z)
BTNGO   EQU $50         ; START or A

; ---- variables ------------------------------------------------------------------
PX      EQU $0300       ; player's leftmost column (3 wide)
SHR     EQU $0301       ; shot row (0 = no shot), column
SHC     EQU $0302
GROW    EQU $0303       ; grid's top-left row, column
GCOL    EQU $0304
GDIR    EQU $0305       ; 1 right, $FF left
ANIM    EQU $0306       ; 0/1: which picture the invaders show
MTIME   EQU $0307       ; frames to the next march step
ALIVEN  EQU $0308       ; invaders left
LIVES   EQU $0309
WAVE    EQU $030A       ; '1'..'9'
DEAD    EQU $030B       ; set when a bomb hit the player
LANDED  EQU $030C       ; set when the invaders reached the player's row
BOMBT   EQU $030D       ; frames to the next bomb step
CTMP    EQU $030E
TROW    EQU $030F       ; scratch
TCOL    EQU $0310
TR      EQU $0311
TC      EQU $0312
WAITN   EQU $0313
BI      EQU $0314       ; bomb loop index
MSOUND  EQU $0315       ; march sound toggle
START0  EQU $0316       ; first row of the wave
SCORE   EQU $0320
HISCORE EQU $0328
BXR     EQU $0330
BXC     EQU $0331
BXH     EQU $0332
BXW     EQU $0333
BXA     EQU $0334
BXN     EQU $0335
BXL     EQU $0336
BOMBR   EQU $0340       ; bomb rows (0 = free slot)
BOMBC   EQU $0344       ; bomb columns
ALIVE   EQU $0400       ; 50 bytes, row by row

; ===========================================================================
START   LDS #$0000
        LDA #10
        STA VOLUME
        JSR HILOAD      ; the high score kept from the last run, or 00000

; ---- title screen -----------------------------------------------------------------
TITLESCR LDA #0
        STA BORDER
        LDA #' '
        LDB #EMPTYAT
        JSR CLS
        LDY #TITLETX
        JSR TEXTS
TITLOOP WAIT
        LDA FRAME
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

; ---- a new game -----------------------------------------------------------------
NEWGAME LDX #SCORE
        JSR ZERO5
        LDA #3
        STA LIVES
        LDA #'1'
        STA WAVE
        LDA #3
        STA START0
        LDA #' '
        LDB #EMPTYAT
        JSR CLS
        LDX #SCREEN     ; status bar
        LDY #80
        LDA #' '
        LDB #BARAT
        JSR FILL
        LDY #BARTX
        JSR TEXTS
        LDX #SCREEN+2*80*GROUND   ; the ground
        LDY #80
        LDA #$C4
        LDB #$02
        JSR FILL
        JSR SHIELDS
NEWWAVE LDX #ALIVE      ; all 50 alive
        LDA #1
        LDB #50
NWFILL  STA ,X
        INCX
        DECB
        CMPB #0
        JNE NWFILL
        LDA #50
        STA ALIVEN
        LDA START0
        STA GROW
        LDA #15
        STA GCOL
        LDA #1
        STA GDIR
        LDA #0
        STA ANIM
        STA LANDED
        LDA #30
        STA MTIME
        JSR DRAWGRID
NEWLIFE LDA #0
        STA DEAD
        JSR CLRBOMBS
        JSR CLRSHOT
        LDA #38
        STA PX
        LDX #SCREEN+2*80*PROW    ; clear the player's row
        LDY #80
        LDA #' '
        LDB #EMPTYAT
        JSR FILL
        JSR SHOWSTAT

; ---- the game loop -------------------------------------------------------------------
PLAY    WAIT
        JSR PLAYER
        JSR SHOT
        JSR BOMBS
        JSR MARCH
        LDA DEAD
        CMPA #0
        JNE HIT
        LDA LANDED
        CMPA #0
        JNE GAMEOVER
        LDA ALIVEN
        CMPA #0
        JNE PLAY

; ---- wave cleared: the next one starts a row lower ---------------------------------
        LDY #CLEARTX
        JSR TEXTS
        LDD #523
        JSR JINGLE
        LDX #SCREEN+2*80*12
        LDY #80
        LDA #' '
        LDB #EMPTYAT
        JSR FILL
        LDA WAVE
        CMPA #'9'
        JEQ NWSAME
        INCA
        STA WAVE
NWSAME  LDA START0
        CMPA #7
        JEQ NWLOW
        INCA
        STA START0
NWLOW   JMP NEWWAVE

; ---- the player was hit ---------------------------------------------------------------
HIT     LDD #FXBOOM     ; the cannon explodes
        JSR SFX
        LDA #4
        STA BORDER
        LDA #PROW       ; the cannon bursts
        LDB PX
        JSR CELLAD
        LDY #3
        LDA #'*'
        LDB #$0C
        JSR FILL
        LDA #60
        JSR PAUSE
        LDA #0
        STA BORDER
        LDA LIVES
        DECA
        STA LIVES
        CMPA #0
        JEQ GAMEOVER
        JMP NEWLIFE

; ---- game over --------------------------------------------------------------------------
GAMEOVER JSR CLRBOMBS
        JSR CLRSHOT
        LDD #FXOVER     ; a long slide down
        JSR SFX
        LDA #4
        STA BORDER
        JSR HISCHK
        JSR SHOWSTAT
        LDA #8
        STA BXR
        LDA #24
        STA BXC
        LDA #7
        STA BXH
        LDA #30
        STA BXW
        LDA #$4F
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
        LDA #40
        JSR PAUSE
        LDY #AGAINTX
        JSR TEXTS
OVLOOP  WAIT
        LDA PRESSED
        ANDA #BTNGO
        CMPA #0
        JEQ OVLOOP
        LDA #0
        STA BORDER
        JMP NEWGAME

; ===========================================================================
; PLAYER: move with the held arrows, fire with A, draw the cannon
PLAYER  LDA BUTTONS
        ANDA #BTNLEFT
        CMPA #0
        JEQ PLR
        LDA PX
        CMPA #1
        JEQ PLR
        DECA
        STA PX
PLR     LDA BUTTONS
        ANDA #BTNRIGHT
        CMPA #0
        JEQ PLFIRE
        LDA PX
        CMPA #76
        JEQ PLFIRE
        INCA
        STA PX
PLFIRE  LDA PRESSED
        ANDA #BTNFIRE
        CMPA #0
        JEQ PLDRAW
        LDA SHR         ; one shot at a time
        CMPA #0
        JNE PLDRAW
        LDA #PROW
        STA SHR
        LDA PX
        INCA
        STA SHC
        LDD #FXSHOT     ; a zap
        JSR SFX
PLDRAW  LDA #PROW       ; the row is redrawn: spaces, then the cannon
        LDB PX
        DECB
        JSR CELLAD
        LDA #' '
        STA ,X
        INCX
        INCX
        LDA #$DC        ; lower half block, full block, lower half block
        LDB #PLAYAT
        STA ,X
        INCX
        STB ,X
        INCX
        LDA #$DB
        STA ,X
        INCX
        STB ,X
        INCX
        LDA #$DC
        STA ,X
        INCX
        STB ,X
        INCX
        LDA #' '
        STA ,X
        RTS

; ===========================================================================
; SHOT: the player's shot climbs one row a frame
SHOT    LDA SHR
        CMPA #0
        JNE SHMOVE
        RTS
SHMOVE  LDB SHC         ; take it off its old cell (if it is still there)
        JSR CELLAD
        LDA ,X
        CMPA #SHOTCH
        JNE SHNEXT
        LDA #' '
        STA ,X
SHNEXT  LDA SHR
        DECA
        STA SHR
        CMPA #1         ; the top: gone
        JEQ SHGONE
        LDB SHC
        JSR CELLAD
        LDA ,X
        CMPA #' '
        JEQ SHDRAW
        CMPA #BOMBCH    ; shot meets bomb: both go
        JEQ SHGONE
        CMPA #$B0       ; a shield ($B0-$B2) wears down
        JLT SHINV
        CMPA #$B3
        JGE SHINV
        JSR WEAR
        JMP SHGONE
SHINV   JSR HITINV      ; anything else: an invader
SHGONE  LDA #0
        STA SHR
        RTS
SHDRAW  LDA #SHOTCH
        STA ,X
        INCX
        LDA #SHOTAT
        STA ,X
        RTS

; CLRSHOT: take a shot in the air off the screen
CLRSHOT LDA SHR
        CMPA #0
        JEQ CSDONE
        LDB SHC
        JSR CELLAD
        LDA ,X
        CMPA #SHOTCH
        JNE CSGONE
        LDA #' '
        STA ,X
CSGONE  LDA #0
        STA SHR
CSDONE  RTS

; WEAR: the shield cell at X (character A) loses a layer
WEAR    DECA            ; $B2 -> $B1 -> $B0
        CMPA #$AF
        JNE WEPUT
        LDA #' '
WEPUT   STA ,X
        LDD #FXCHIP     ; a bit of shield crumbles
        JSR SFX
        RTS

; HITINV: the shot hit row SHR, column SHC: find the invader and remove it
HITINV  LDA SHR         ; row - GROW: negative or odd is not an invader
        LDB GROW
        JSR SUBAB
        CMPA #0
        JEQ HIDONE
        TFR B,A
        ANDA #1
        CMPA #0
        JNE HIDONE
        TFR B,A         ; r = (row - GROW) / 2
        RORA
        ANDA #$7F
        CMPA #5
        JGE HIDONE
        STA TR
        LDA SHC         ; col - GCOL
        LDB GCOL
        JSR SUBAB
        CMPA #0
        JEQ HIDONE
        TFR B,A         ; c = (col - GCOL) * 52 / 256 = (col - GCOL) / 5
        LDB #52
        MUL
        CMPA #10
        JGE HIDONE
        STA TC
        LDA TR          ; ALIVE[r*10 + c]
        LDB #10
        MUL
        TFR B,A
        LDB TC
        ADDAB           ; B = r*10 + c
        LDX #ALIVE
        ABX
        LDA ,X
        CMPA #0
        JEQ HIDONE
        LDA #0          ; dead
        STA ,X
        LDA ALIVEN
        DECA
        STA ALIVEN
        LDA TR          ; wipe its 3 cells: row GROW + 2r, column GCOL + 5c
        TFR A,B
        ADDAB           ; B = 2r
        LDA GROW
        ADDAB
        STB TROW
        LDA TC
        LDB #5
        MUL
        LDA GCOL
        ADDAB           ; B = GCOL + 5c
        LDA TROW
        JSR CELLAD
        LDY #3
        LDA #' '
        LDB #EMPTYAT
        JSR FILL
        LDX #ROWPTS     ; score: 30, 20 or 10 by row
        LDB TR
        ABX
        LDA ,X
        STA TCOL
HIPTS   LDX #SCORE+3
        JSR INCDIG
        LDA TCOL
        DECA
        STA TCOL
        CMPA #0
        JNE HIPTS
        JSR SHOWSTAT
        LDD #FXHIT      ; an invader bursts
        JSR SFX
HIDONE  RTS

; ===========================================================================
; BOMBS: maybe drop a new bomb, and every 3rd frame move them all down
BOMBS   LDA RANDOM      ; a new bomb with chance (5 + 3 x wave) / 256
        STA TCOL
        LDA WAVE
        SUBA #'0'
        LDB #3
        MUL
        TFR B,A
        ADDA #4
        LDB TCOL
        JSR SUBAB       ; A = 1 if the chance >= the random byte
        CMPA #0
        JEQ BMOVE
        JSR NEWBOMB
BMOVE   LDA BOMBT
        INCA
        STA BOMBT
        CMPA #3
        JEQ BMGO
        RTS
BMGO    LDA #0
        STA BOMBT
        STA BI
BMLOOP  LDX #BOMBR
        LDB BI
        ABX
        LDA ,X
        CMPA #0
        JEQ BMNEXT
        JSR BOMBSTEP
BMNEXT  LDA BI
        INCA
        STA BI
        CMPA #NBOMBS
        JNE BMLOOP
        RTS

; BOMBSTEP: move bomb BI (row in A) one row down
BOMBSTEP STA TROW
        LDX #BOMBC
        LDB BI
        ABX
        LDA ,X
        STA TCOL
        LDA TROW        ; off the old cell, if still there
        LDB TCOL
        JSR CELLAD
        LDA ,X
        CMPA #BOMBCH
        JNE BSNEXT
        LDA #' '
        STA ,X
BSNEXT  LDA TROW
        INCA
        STA TROW
        CMPA #GROUND
        JEQ BSGONE
        LDB TCOL
        JSR CELLAD
        LDA TROW
        CMPA #PROW
        JNE BSNOTP
        LDA ,X          ; on the player's row: anything there is the cannon
        CMPA #' '
        JEQ BSDRAW
        LDA #1
        STA DEAD
        JMP BSGONE
BSNOTP  LDA ,X
        CMPA #' '
        JEQ BSDRAW
        CMPA #SHOTCH    ; bomb meets shot: both go
        JEQ BSSHOT
        CMPA #$B0
        JLT BSDRAW      ; passing an invader: draw over it (it is redrawn)
        CMPA #$B3
        JGE BSDRAW
        JSR WEAR
        JMP BSGONE
BSSHOT  LDA #' '
        STA ,X
        LDA #0
        STA SHR
        JMP BSGONE
BSDRAW  LDA #BOMBCH
        STA ,X
        INCX
        LDA #BOMBAT
        STA ,X
        LDX #BOMBR
        LDB BI
        ABX
        LDA TROW
        STA ,X
        RTS
BSGONE  LDX #BOMBR
        LDB BI
        ABX
        LDA #0
        STA ,X
        RTS

; NEWBOMB: a free slot, a random column, its lowest invader drops a bomb
NEWBOMB LDX #BOMBR
        LDB #NBOMBS
NBSLOT  LDA ,X
        CMPA #0
        JEQ NBFREE
        INCX
        DECB
        CMPB #0
        JNE NBSLOT
        RTS             ; all in the air
NBFREE  STX TROW        ; (TROW/TCOL as a word: the slot's address)
        LDB #10
        JSR RNDN
        STA TC
        LDA #4          ; from the bottom row up
        STA TR
NBFIND  LDA TR
        LDB #10
        MUL
        TFR B,A
        LDB TC
        ADDAB
        LDX #ALIVE
        ABX
        LDA ,X
        CMPA #0
        JNE NBDROP
        LDA TR
        CMPA #0
        JEQ NBNONE
        DECA
        STA TR
        JMP NBFIND
NBNONE  RTS
NBDROP  LDA TR          ; row GROW + 2r + 1, column GCOL + 5c + 1
        TFR A,B
        ADDAB
        LDA GROW
        ADDAB
        INCB
        LDX TROW
        STB ,X          ; the bomb's row
        ADDX #BOMBC-BOMBR
        LDA TC
        LDB #5
        MUL
        LDA GCOL
        ADDAB
        INCB
        STB ,X          ; its column
        RTS

; CLRBOMBS: take every bomb off the screen
CLRBOMBS LDA #0
        STA BI
CBLOOP  LDX #BOMBR
        LDB BI
        ABX
        LDA ,X
        CMPA #0
        JEQ CBNEXT
        STA TROW
        LDA #0
        STA ,X
        LDX #BOMBC
        LDB BI
        ABX
        LDB ,X
        LDA TROW
        JSR CELLAD
        LDA ,X
        CMPA #BOMBCH
        JNE CBNEXT
        LDA #' '
        STA ,X
CBNEXT  LDA BI
        INCA
        STA BI
        CMPA #NBOMBS
        JNE CBLOOP
        RTS

; ===========================================================================
; MARCH: on its timer, step the grid sideways (or down at an edge) and redraw
MARCH   LDA MTIME
        DECA
        STA MTIME
        CMPA #0
        JEQ MAGO
        RTS
MAGO    LDA ALIVEN      ; next step in 2 + ALIVEN*80/256 frames: faster when few
        LDB #80
        MUL
        ADDA #2
        STA MTIME
        LDA ANIM        ; the other picture
        EORA #1
        STA ANIM
        LDA TONETIME    ; a march thump, when nothing else is sounding
        CMPA #0
        JNE MANOSND
        LDA MSOUND
        EORA #1
        STA MSOUND
        CMPA #0
        JEQ MALOW
        LDD #110
        JMP MASND
MALOW   LDD #82
MASND   STD TONE
        LDA #3
        STA TONETIME
MANOSND LDA GDIR        ; at an edge? look for invader cells in column 78 or 1
        CMPA #1
        JNE MALEFT
        LDB #78
        JMP MAEDGE
MALEFT  LDB #1
MAEDGE  JSR EDGEHIT
        CMPA #0
        JNE MADOWN
        LDA GCOL        ; sideways
        LDB GDIR
        ADDAB
        STB GCOL
        JMP DRAWGRID
MADOWN  LDA GDIR        ; down a row, turn around
        EORA #$FE       ; 1 <-> $FF
        STA GDIR
        LDA GROW
        INCA
        STA GROW
        JSR DRAWGRID
        LDX #SCREEN+2*80*(PROW-1)  ; landed: invaders on the row above the cannon
        LDY #80
MALAND  LDA ,X
        CMPA #' '
        JEQ MALNEXT
        CMPA #BOMBCH
        JEQ MALNEXT
        CMPA #SHOTCH
        JEQ MALNEXT
        LDA #1
        STA LANDED
MALNEXT INCX
        INCX
        DECY
        CMPY #0
        JNE MALAND
        RTS

; EDGEHIT: A := 1 if an invader cell is in column B on one of the grid rows
EDGEHIT STB TCOL
        LDA GROW
        STA TROW
        LDA #5
        STA TR
EHLOOP  LDA TROW
        LDB TCOL
        JSR CELLAD
        LDA ,X
        CMPA #' '
        JEQ EHNEXT
        CMPA #BOMBCH
        JEQ EHNEXT
        CMPA #SHOTCH
        JEQ EHNEXT
        LDA #1
        RTS
EHNEXT  LDA TROW
        ADDA #2
        STA TROW
        LDA TR
        DECA
        STA TR
        CMPA #0
        JNE EHLOOP
        LDA #0
        RTS

; DRAWGRID: clear the grid's rows (and the one above), draw the living invaders
DRAWGRID LDA #23       ; rows GROW-1 .. GROW+8, but none below row 21
        LDB GROW
        JSR SUBAB       ; B = 23 - GROW = rows from GROW-1 to 21
        CMPB #10
        JLE DGCOUNT
        LDB #10
DGCOUNT LDA #80
        MUL
        TFR D,Y         ; Y = cells to clear
        LDA GROW
        DECA
        LDB #0
        JSR CELLAD
        LDA #' '
        LDB #EMPTYAT
        JSR FILL
        LDA #0
        STA TR
DGROW   LDA #0
        STA TC
DGCELL  LDA TR          ; alive?
        LDB #10
        MUL
        TFR B,A
        LDB TC
        ADDAB
        LDX #ALIVE
        ABX
        LDA ,X
        CMPA #0
        JEQ DGNEXT
        LDA TR          ; the picture: GLYPHS + 8*type + 4*ANIM
        LDX #ROWTYPE
        TFR A,B
        ABX
        LDB ,X          ; B = 8 * type
        LDA ANIM
        CMPA #0
        JEQ DGPIC
        ADDB #4
DGPIC   LDX #GLYPHS
        ABX
        TFR X,Y         ; Y = 3 characters and an attribute
        LDA TR          ; where: row GROW + 2r, column GCOL + 5c
        TFR A,B
        ADDAB
        LDA GROW
        ADDAB
        STB TROW
        LDA TC
        LDB #5
        MUL
        LDA GCOL
        ADDAB
        LDA TROW
        JSR CELLAD
        INCY            ; the attribute is the 4th byte
        INCY
        INCY
        LDB ,Y
        DECY
        DECY
        DECY
        LDA ,Y
        STA ,X
        INCX
        STB ,X
        INCX
        INCY
        LDA ,Y
        STA ,X
        INCX
        STB ,X
        INCX
        INCY
        LDA ,Y
        STA ,X
        INCX
        STB ,X
DGNEXT  LDA TC
        INCA
        STA TC
        CMPA #10
        JNE DGCELL
        LDA TR
        INCA
        STA TR
        CMPA #5
        JNE DGROW
        RTS

; SHIELDS: four shields of shade blocks
SHIELDS LDB #11
SHLOOP  PUSH B
        LDA #SHIELDR
        JSR CELLAD
        LDY #6
        LDA #$B2
        LDB #SHIELDAT
        JSR FILL
        ADDX #160-12    ; the row below: two, a gap of two, two
        LDY #2
        JSR FILL
        ADDX #4
        LDY #2
        JSR FILL
        POP B
        ADDB #18
        CMPB #83
        JNE SHLOOP
        RTS

; ===========================================================================
; PAUSE (wait A frames), JINGLE (three rising notes from D Hz) and SFX (a
; sound effect on the sound chip):
        INCLUDE "lib/sound.asm"

; the sound effects: FREQ, then VOL, WAVE, TIME, DECAY, SWEEP, voice
FXSHOT  DW 1400
        DB 10, W_SQUARE, 8, 1, -100, 0
FXHIT   DW 1800
        DB 15, W_NOISE, 14, 1, -90, 1
FXCHIP  DW 3000
        DB 8, W_NOISE, 3, 0, 0, 1
FXBOOM  DW 900
        DB 15, W_NOISE, 45, 3, -12, 2
FXOVER  DW 330
        DB 15, W_SAW, 60, 4, -3, 3

; SHOWSTAT: score, high score, wave, lives in the status bar
SHOWSTAT LDX #SCREEN+2*8
        LDY #SCORE
        LDB #BARAT
        JSR PRINT
        LDX #SCREEN+2*26
        LDY #HISCORE
        LDB #BARAT
        JSR PRINT
        LDX #SCREEN+2*45
        LDA WAVE
        STA ,X
        LDX #SCREEN+2*62   ; a small cannon per life: up to 4
        LDY #12
        LDA #' '
        LDB #BARAT
        JSR FILL
        LDX #SCREEN+2*62
        LDB LIVES
SSLIFE  CMPB #0
        JEQ SSDONE
        LDA #$DC
        STA ,X
        INCX
        LDA #$1A
        STA ,X
        INCX
        LDA #$DB
        STA ,X
        INCX
        LDA #$1A
        STA ,X
        INCX
        LDA #$DC
        STA ,X
        INCX
        LDA #$1A
        STA ,X
        INCX
        INCX
        INCX
        DECB
        JMP SSLIFE
SSDONE  RTS

; HISCHK, CELLAD, FILL, CLS, PRINT and the other shared routines:
        INCLUDE "lib/gamelib.asm"


; ===========================================================================
; Tables

ROWTYPE DB 0, 8, 8, 16, 16        ; picture offset in GLYPHS for each grid row
ROWPTS  DB 3, 2, 2, 1, 1          ; tens of points for each grid row
GLYPHS  DB $2F, $02, $5C, $0D     ; 30 points: arms up,
        DB $5C, $02, $2F, $0D     ;   arms down (light magenta)
        DB $D6, $DB, $B7, $0B     ; 20 points: legs up,
        DB $D3, $DB, $BD, $0B     ;   legs down (light cyan)
        DB $AE, $FE, $AF, $0A     ; 10 points: claws in,
        DB $AF, $FE, $AE, $0A     ;   claws out (light green)

; Texts: row, column, attribute, "text", 0 ... $FF
TITLETX DB 2, 20, $0A, "### #  # #   #  ##  ###  #### ###   ###", 0
        DB 3, 20, $0A, " #  ## # #   # #  # #  # #    #  # #", 0
        DB 4, 20, $02, " #  # ## #   # #### #  # ###  ###   ##", 0
        DB 5, 20, $02, " #  #  #  # #  #  # #  # #    # #     #", 0
        DB 6, 20, $02, "### #  #   #   #  # ###  #### #  # ###", 0
        DB 9, 30, $0D, $2F, $02, $5C, 0
        DB 9, 36, $07, "= 30 points", 0
        DB 10, 30, $0B, $D6, $DB, $B7, 0
        DB 10, 36, $07, "= 20 points", 0
        DB 11, 30, $0A, $AE, $FE, $AF, 0
        DB 11, 36, $07, "= 10 points", 0
        DB 14, 24, $0F, $1B, " ", $1A, 0
        DB 14, 28, $07, "move the cannon", 0
        DB 14, 45, $0F, "SPACE", 0
        DB 14, 51, $07, "fire", 0
        DB 16, 17, $07, "Hide under the shields ", 0
        DB 16, 40, $02, $B2, $B2, 0
        DB 16, 43, $07, "and don't let them land!", 0
        DB 18, 38, $0F, $DC, $DB, $DC, 0
        DB 17, 39, $0E, "|", 0
        DB 21, 27, $0F, "PRESS START (ENTER/SPACE)", 0
        DB 23, 30, $08, "a B32 console cart", 0
        DB $FF

BARTX   DB 0, 2, BARAT, "SCORE", 0
        DB 0, 23, BARAT, "HI", 0
        DB 0, 40, BARAT, "WAVE", 0
        DB 0, 56, BARAT, "LIVES", 0
        DB 24, 2, $08, $1B, " ", $1A, " move   SPACE fire", 0
        DB 24, 62, $08, "B32 INVADERS", 0
        DB $FF

CLEARTX DB 12, 30, $0E, "WAVE CLEARED!", 0
        DB $FF

OVERTX  DB 10, 31, $4E, "G A M E   O V E R", 0
        DB 12, 30, $4F, "Your score", 0
        DB 13, 30, $4F, "High score", 0
        DB $FF

AGAINTX DB 15, 27, $4F, "START or SPACE: play again", 0
        DB $FF

        END START
