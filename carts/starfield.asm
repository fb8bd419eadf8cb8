; starfield.asm - stars drift past in three layers, with a scroller below.
;
; 48 stars: 12 far, 24 in the middle, 12 near. Far stars are dim dots that crawl, near stars
; are white and fast: that difference in speed is what looks like depth
; ("parallax"). A star's column is a 16-bit fixed-point number: the high byte
; is the column, the low byte a fraction, so a star can move a quarter of a
; column per frame. When one leaves on the left it comes back on the right
; at a random row (RANDOM gives a new byte every read).
;
; Each frame: rub out every star, move it, draw it again; then redraw the
; scroller on row 24, and WAIT for the next frame (60 per second).
;
; A star is 4 bytes: fraction, column (so LDD/STD see them as one word with
; the column in A), row, layer (0 far .. 2 near).

NSTARS  EQU 48
SKYROWS EQU 23                  ; stars live in rows 0-22

START:
 LDA #0
 STA BORDER
; ---- a line over the scroller ------------------------------------------------
 LDX #SCREEN+160*23
LINE:
 LDA #$C4                ; ─
 STA ,X
 INCX
 LDA #$01                ; dark blue
 STA ,X
 INCX
 CMPX #SCREEN+160*24
 JNE LINE

; ---- place the stars at random ---------------------------------------------------
 LDY #STARS
 LDB #0                  ; star number, for its layer
INIT:
 LDA RANDOM
 STA ,Y                  ; fraction
 INCY
 JSR RANDCOL
 STA ,Y                  ; column 0-79
 INCY
 JSR RANDROW
 STA ,Y                  ; row
 INCY
 TFR B,A                 ; layer = star number AND 3, with 3 made 2
 ANDA #3
 CMPA #3
 JNE INITLAYER
 LDA #1
INITLAYER:
 STA ,Y
 INCY
 INCB
 CMPB #NSTARS
 JNE INIT

; ---- every frame -------------------------------------------------------------
FRAMELOOP:
 LDY #STARS
STARLOOP:
 LDA ,Y                  ; copy the star out of the table
 STA FRAC
 INCY
 LDA ,Y
 STA COL
 INCY
 LDA ,Y
 STA ROW
 INCY
 LDA ,Y
 STA LAYER
 ADDY #-3                ; Y back at the star's start
; rub it out
 JSR CELL
 LDA #' '
 STA ,X
; move it left by its layer's speed
 LDA COL
 LDB FRAC                ; D = column.fraction
 LDA LAYER
 CMPA #0
 JEQ MOVE0
 CMPA #1
 JEQ MOVE1
 LDA COL
 SUBD #$0120             ; near: 1.125 columns a frame
 JMP MOVED
MOVE1:
 LDA COL
 SUBD #$0070             ; middle: 0.44
 JMP MOVED
MOVE0:
 LDA COL
 SUBD #$0030             ; far: 0.19
MOVED:
 JOC STILLON             ; no borrow: still on the screen
 JSR RANDROW             ; off the left edge: back at the right, new row
 STA ROW
 LDA #79
 LDB #$FF
STILLON:
 STA COL
 STB FRAC
; draw it: glyph and colour by layer (and near stars twinkle now and then)
 JSR CELL
 LDA LAYER
 CMPA #1
 JLT DRAW0
 JEQ DRAW1
 LDA RANDOM
 CMPA #16
 JLT TWINKLE
 LDA #'*'
 LDB #$0F                ; white
 JMP DRAW
TWINKLE:
 LDA #'+'
 LDB #$0E                ; a yellow flash
 JMP DRAW
DRAW1:
 LDA #$F9                ; ∙
 LDB #$07                ; light grey
 JMP DRAW
DRAW0:
 LDA #'.'
 LDB #$08                ; dark grey
DRAW:
 STA ,X
 INCX
 STB ,X
; store it back and go on to the next star
 LDA FRAC
 STA ,Y
 INCY
 LDA COL
 STA ,Y
 INCY
 LDA ROW
 STA ,Y
 INCY
 INCY
 CMPY #STARS+4*NSTARS
 JNE STARLOOP

 JSR SCROLLER
 WAIT
 JMP FRAMELOOP

; ---- CELL: X := the screen address of (ROW, COL) ----------------------------
CELL:
 LDA ROW
 LDB #160
 MUL
 TFR D,X
 ADDX #SCREEN
 LDB COL
 ABX
 ABX
 RTS

; ---- RANDROW: A := a random row 0..22;  RANDCOL: A := a random column 0..79
RANDROW:
 LDA RANDOM
 ANDA #31
 CMPA #SKYROWS
 JGE RANDROW             ; 23..31: try again
 RTS
RANDCOL:
 LDA RANDOM
 ANDA #127
 CMPA #80
 JGE RANDCOL
 RTS

; ---- SCROLLER: the message on row 24, one character further every 4 frames,
; in colours that ripple along the row.
SCROLLER:
 LDA FRAME               ; every 4th frame ...
 ANDA #3
 CMPA #0
 JNE SCROLLDRAW
 LDX SCROLLPOS           ; ... move on one character
 INCX
 LDA ,X
 CMPA #0
 JNE SCROLLSET
 LDX #MESSAGE            ; the end: start over
SCROLLSET:
 STX SCROLLPOS
SCROLLDRAW:
 LDY SCROLLPOS
 LDX #SCREEN+160*24
 LDA FRAME
 RORA                    ; the colour phase moves every 4 frames
 RORA
 ANDA #$3F
 STA PHASE
SCROLLCELL:
 LDA ,Y
 CMPA #0
 JNE SCROLLCHAR
 LDY #MESSAGE            ; wrap around the message
 LDA ,Y
SCROLLCHAR:
 STA ,X                  ; the character
 INCX
 INCY
 STX SCRX                ; X is needed for the colour lookup: park it
 LDA PHASE               ; colour := RIPPLE[PHASE AND 15], PHASE one more per cell
 INCA
 STA PHASE
 ANDA #15
 TFR A,B
 LDX #RIPPLE
 ABX
 LDA ,X
 LDX SCRX
 STA ,X                  ; the colour
 INCX
 CMPX #SCREEN+4000
 JNE SCROLLCELL
 RTS

FRAC:      DB 0
COL:       DB 0
ROW:       DB 0
LAYER:     DB 0
PHASE:     DB 0
SCRX:      DW 0
SCROLLPOS: DW MESSAGE
RIPPLE:    DB $09,$09,$0B,$0B,$0F,$0B,$0B,$09,$0D,$0D,$0C,$0E,$0F,$0E,$0C,$0D
MESSAGE:   DB "*** B32 STARFIELD ***   48 stars in three layers at 60 frames a second, "
           DB "a fixed-point column each, respawned with RANDOM ...   "
           DB "greetings to everyone who typed in the 2009 tutorial!      ",0
STARS:     DS 4*NSTARS

 TITLE "Starfield"
 DESCRIPTION "Parallax stars in three layers and a rippling scroller, at 60 fps."
 END START
