; plasma.asm - a colour plasma, the demoscene classic, in text mode.
;
; Every cell gets a number v = W[column + wobble(row)] + R(row); v picks a
; shade from a 64-step colour gradient made of the block glyphs
; ░ ▒ ▓ █ ($B0-$B2, $DB) in foreground-over-background pairs. Everything
; moves because the sine indexes drift a little every frame.
;
;   W[k]      = SIN(T1 + 3k) + SIN(T2 + 7k)   112 values, made once a frame
;   wobble(r) = SIN(T5 + 8r) / 2              shifts each row sideways (0-31)
;   R(r)      = SIN(T3 + 9r) + T4             T4 counting up cycles the colours
;
; The sine is a table of 256 bytes (0..63, one full turn); it and the
; gradient were made with Python's math.sin and sit at the end of this file.
;
; Speed: the inner loop is 16 instructions, about 39 cycles, per cell; 2000
; cells are about 78,000 of the 100,000 cycles in a frame. Two tricks help:
;  * every table starts on a page ($xx00), so "LDA #page / LDB #index /
;    TFR D,Y" points Y at entry [index] without any adding;
;  * the stack pointer walks W: POP A reads a byte and steps S by one. (So no
;    JSR may happen while a row is drawn; S goes back to 0 afterwards.)

CHARPAGE EQU $3000              ; 256 glyphs, the gradient 4 times over
ATTRPAGE EQU $3100              ; their 256 attributes
SINPAGE  EQU $3200              ; the sine table
WBUF     EQU $3300              ; W[0..111]

START:
; ---- copy the tables to their pages -------------------------------------------
 LDX #SINE
 LDY #SINPAGE
COPYSIN:
 LDA ,X
 STA ,Y
 INCX
 INCY
 CMPY #SINPAGE+256
 JNE COPYSIN
 LDY #CHARPAGE           ; each gradient step 4 times: 64 x 4 = 256 entries
 LDX #GRADCHAR
COPYGRAD:
 LDB #4
COPY4:
 LDA ,X
 STA ,Y                  ; the glyph into CHARPAGE
 ADDX #64                ; GRADATTR follows GRADCHAR 64 bytes later
 ADDY #256
 LDA ,X
 STA ,Y                  ; its attribute into ATTRPAGE
 ADDX #-64
 ADDY #-255              ; back to CHARPAGE, one entry on
 DECB
 CMPB #0
 JNE COPY4
 INCX
 CMPX #GRADCHAR+64
 JNE COPYGRAD
 LDA #0
 STA BORDER

; ---- one frame -------------------------------------------------------------------
FRAMELOOP:
; W[k] for k = 0..111
 LDA T1
 STA I1
 LDA T2
 STA I2
 LDX #WBUF
MAKEW:
 LDA #SINPAGE/256
 LDB I1
 TFR D,Y
 LDA ,Y                  ; SIN(I1)
 STA TMP
 LDA #SINPAGE/256
 LDB I2
 TFR D,Y
 LDB ,Y                  ; SIN(I2)
 LDA TMP
 ADDAB                   ; B := the sum (A gets the carry, here always 0)
 STB ,X
 INCX
 LDA I1
 ADDA #3
 STA I1
 LDA I2
 ADDA #7
 STA I2
 CMPX #WBUF+112
 JNE MAKEW

; the rows
 LDA T3
 STA I3
 LDA T5
 STA I5
 LDX #SCREEN
ROWLOOP:
 LDA #SINPAGE/256        ; RV := SIN(I3) + T4
 LDB I3
 TFR D,Y
 LDA ,Y
 LDB T4
 ADDAB
 STB RV
 LDA #SINPAGE/256        ; S := WBUF + SIN(I5) / 2
 LDB I5
 TFR D,Y
 LDB ,Y
 RORB                    ; halve: shift right ...
 ANDB #$7F               ; ... and drop what the carry put in bit 7
 STX SCRPTR
 LDX #WBUF
 ABX
 TFR X,S
 LDX SCRPTR
 LDA #80
 STA COUNT
CELL:
 POP A                   ; A := W[...], S moves on by one
 LDB RV
 ADDAB                   ; B := v, the low byte of W + RV
 LDA #CHARPAGE/256
 TFR D,Y                 ; Y := CHARPAGE + v
 LDA ,Y
 STA ,X                  ; the glyph
 INCX
 ADDY #256               ; the same entry in ATTRPAGE
 LDA ,Y
 STA ,X                  ; its colours
 INCX
 LDA COUNT
 DECA
 STA COUNT
 CMPA #0
 JNE CELL
 LDA I3                  ; next row's indexes
 ADDA #9
 STA I3
 LDA I5
 ADDA #8
 STA I5
 CMPX #SCREEN+4000
 JNE ROWLOOP
 LDS #0                  ; the stack is a stack again

; time moves on
 LDA T1
 INCA
 STA T1
 LDA T2
 SUBA #2
 STA T2
 LDA T3
 ADDA #2
 STA T3
 LDA T4
 INCA
 STA T4
 LDA T5
 ADDA #3
 STA T5
 WAIT
 JMP FRAMELOOP

T1:     DB 0
T2:     DB 0
T3:     DB 0
T4:     DB 0
T5:     DB 0
I1:     DB 0
I2:     DB 0
I3:     DB 0
I5:     DB 0
TMP:    DB 0
RV:     DB 0
COUNT:  DB 0
SCRPTR: DW 0

; ---- tables ----------------------------------------------------------------------
; SIN(i) = round(31.5 + 31.5 * sin(2 pi i / 256))
SINE:     DB $20,$20,$21,$22,$23,$23,$24,$25,$26,$26,$27,$28,$29,$29,$2A,$2B
          DB $2C,$2C,$2D,$2E,$2E,$2F,$30,$30,$31,$32,$32,$33,$33,$34,$35,$35
          DB $36,$36,$37,$37,$38,$38,$39,$39,$3A,$3A,$3B,$3B,$3B,$3C,$3C,$3C
          DB $3D,$3D,$3D,$3D,$3E,$3E,$3E,$3E,$3E,$3F,$3F,$3F,$3F,$3F,$3F,$3F
          DB $3F,$3F,$3F,$3F,$3F,$3F,$3F,$3F,$3E,$3E,$3E,$3E,$3E,$3D,$3D,$3D
          DB $3D,$3C,$3C,$3C,$3B,$3B,$3B,$3A,$3A,$39,$39,$38,$38,$37,$37,$36
          DB $36,$35,$35,$34,$33,$33,$32,$32,$31,$30,$30,$2F,$2E,$2E,$2D,$2C
          DB $2C,$2B,$2A,$29,$29,$28,$27,$26,$26,$25,$24,$23,$23,$22,$21,$20
          DB $20,$1F,$1E,$1D,$1C,$1C,$1B,$1A,$19,$19,$18,$17,$16,$16,$15,$14
          DB $13,$13,$12,$11,$11,$10,$0F,$0F,$0E,$0D,$0D,$0C,$0C,$0B,$0A,$0A
          DB $09,$09,$08,$08,$07,$07,$06,$06,$05,$05,$04,$04,$04,$03,$03,$03
          DB $02,$02,$02,$02,$01,$01,$01,$01,$01,$00,$00,$00,$00,$00,$00,$00
          DB $00,$00,$00,$00,$00,$00,$00,$00,$01,$01,$01,$01,$01,$02,$02,$02
          DB $02,$03,$03,$03,$04,$04,$04,$05,$05,$06,$06,$07,$07,$08,$08,$09
          DB $09,$0A,$0A,$0B,$0C,$0C,$0D,$0D,$0E,$0F,$0F,$10,$11,$11,$12,$13
          DB $13,$14,$15,$16,$16,$17,$18,$19,$19,$1A,$1B,$1C,$1C,$1D,$1E,$1F

; the gradient: 16 colours in a ring (0 1 9 3 11 7 15 7 14 6 12 4 13 5 1 8), 4 steps
; between neighbours: a space or a full block, then ░ ▒ ▓ of one over the other.
GRADCHAR: DB $20,$B0,$B1,$B2,$20,$B0,$B1,$B2,$DB,$B2,$B1,$B0,$20,$B0,$B1,$B2
          DB $DB,$B2,$B1,$B0,$20,$B0,$B1,$B2,$DB,$B2,$B1,$B0,$20,$B0,$B1,$B2
          DB $DB,$B2,$B1,$B0,$20,$B0,$B1,$B2,$DB,$B2,$B1,$B0,$20,$B0,$B1,$B2
          DB $DB,$B2,$B1,$B0,$20,$B0,$B1,$B2,$20,$B0,$B1,$B2,$DB,$B2,$B1,$B0
GRADATTR: DB $01,$01,$01,$01,$19,$19,$19,$19,$39,$39,$39,$39,$3B,$3B,$3B,$3B
          DB $7B,$7B,$7B,$7B,$7F,$7F,$7F,$7F,$7F,$7F,$7F,$7F,$7E,$7E,$7E,$7E
          DB $6E,$6E,$6E,$6E,$6C,$6C,$6C,$6C,$4C,$4C,$4C,$4C,$4D,$4D,$4D,$4D
          DB $5D,$5D,$5D,$5D,$51,$51,$51,$51,$18,$18,$18,$18,$08,$08,$08,$08

 TITLE "Plasma"
 DESCRIPTION "A colour plasma from a sine table and the block glyphs, at 60 fps."
 END START
