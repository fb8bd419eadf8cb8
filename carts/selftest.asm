; selftest.asm - the console's acceptance test: every opcode, checked.
;
; Each group below runs instructions and compares what they did with what
; HARDWARE.md says they must do (values, D = A:B, the OF and C flag rules,
; the compare flag, wrap-arounds, little-endian words). Any wrong result jumps
; to FAIL; a group that gets to its end jumps to PASS. Either one writes the
; verdict on the group's line, WAITs (so each group starts a fresh frame) and
; goes on with the next group. At the end a summary line is printed and END
; halts the machine - END is the last opcode exercised.
;
; How a group knows where to go next: it stores the next group's address in
; NEXT. PASS and FAIL put that address on the stack and "return" to it (RTS).
; FAIL may be reached from anywhere, even with a messy stack, so both first
; reset S to 0 (its value at reset).
;
; Helpers that make the checks short:
;   set OF:  LDA #$FF / INCA        clear OF:  DECA (DEC always clears OF)
;   set C:   LDA #$80 / ROLA        clear C:   LDA #0 / ROLA

START:
; ---- what must hold at reset, recorded before anything else runs ----------
 LDD FRAME
 STD FRAME0              ; FRAME is 0 during the first frame
 TFR S,X
 STX S0                  ; S is 0 at reset
 LDD #$1234
 PUSH D                  ; the first push stores at $FFFE-$FFFF
 TFR S,X
 STX S1
 LDA $FFFE
 STA P0
 LDA $FFFF
 STA P1
 POP D

; ---- the title ------------------------------------------------------------
 LDY #TTITLE
 LDX #SCREEN
 LDB #$1F
 JSR PRINT
 LDY #TSUB
 LDX #SCREEN+160
 LDB #$07
 JSR PRINT
 LDX #SCREEN+3*160
 STX ROW
 JMP G1

; ===========================================================================
G1: ; loads and stores: $01 $02 $03 $22 $23 $24-$35
 LDX #G2
 STX NEXT
 LDY #N1
 JSR BEGIN
 LDA #$5A
 CMPA #$5A
 JNE FAIL
 LDB #$A5
 CMPB #$A5
 JNE FAIL
 CMPD #$5AA5             ; D is A:B, A the high byte
 JNE FAIL
 LDX #$1234
 CMPX #$1234
 JNE FAIL
 LDY #$4321
 CMPY #$4321
 JNE FAIL
 LDD #$BEEF              ; writing D writes A and B
 CMPA #$BE
 JNE FAIL
 CMPB #$EF
 JNE FAIL
; indexed by X and Y
 LDX #BUF
 LDA #$11
 STA ,X
 LDA #0
 LDA ,X
 CMPA #$11
 JNE FAIL
 LDB #$22
 STB ,X
 LDB #0
 LDB ,X
 CMPB #$22
 JNE FAIL
 LDY #BUF+1
 LDA #$33
 STA ,Y
 LDB ,Y
 CMPB #$33
 JNE FAIL
 LDB #$44
 STB ,Y
 LDA ,Y
 CMPA #$44
 JNE FAIL
 LDA BUF                 ; what STB ,X left at BUF
 CMPA #$22
 JNE FAIL
; absolute addresses, 8 bits
 LDA #$66
 STA VAR
 LDB VAR
 CMPB #$66
 JNE FAIL
 LDB #$77
 STB VAR
 LDA VAR
 CMPA #$77
 JNE FAIL
; 16-bit words are little-endian
 LDD #$1234
 STD WVAR
 LDA WVAR
 CMPA #$34
 JNE FAIL
 LDA WVAR+1
 CMPA #$12
 JNE FAIL
 LDX WVAR
 CMPX #$1234
 JNE FAIL
 LDY WVAR
 CMPY #$1234
 JNE FAIL
 LDX #$ABCD
 STX WVAR
 LDD WVAR
 CMPD #$ABCD
 JNE FAIL
 LDY #$5678
 STY WVAR
 LDB WVAR
 CMPB #$78
 JNE FAIL
; a word at $FFFF takes its high byte from $0000
 LDD #$C3A5
 STD $FFFF
 LDA $FFFF
 CMPA #$A5
 JNE FAIL
 LDA $0000
 CMPA #$C3
 JNE FAIL
 LDX $FFFF
 CMPX #$C3A5
 JNE FAIL
 LDA #0
 STA $0000
; the screen is plain RAM
 LDX #SCREEN+3999
 LDA #$5C
 STA ,X
 LDB ,X
 CMPB #$5C
 JNE FAIL
 LDA #$07
 STA ,X
 JMP PASS

; ===========================================================================
G2: ; compares and jumps: $05-$0E $48 $49
 LDX #G3
 STX NEXT
 LDY #N2
 JSR BEGIN
 LDA #$40
 CMPA #$40               ; equal
 JNE FAIL
 JGT FAIL
 JLT FAIL
 JEQ C1
 JMP FAIL
C1: JGE C2
 JMP FAIL
C2: JLE C3
 JMP FAIL
C3: CMPA #$41            ; A is less
 JEQ FAIL
 JGT FAIL
 JGE FAIL
 JLT C4
 JMP FAIL
C4: JNE C5
 JMP FAIL
C5: JLE C6
 JMP FAIL
C6: CMPA #$3F            ; A is greater
 JEQ FAIL
 JLT FAIL
 JLE FAIL
 JGT C7
 JMP FAIL
C7: JGE C8
 JMP FAIL
C8: LDA #$7F             ; compares are unsigned
 CMPA #$80
 JGT FAIL
 LDA #$FF
 CMPA #$01
 JLT FAIL
 LDB #$10
 CMPB #$20
 JGE FAIL
 CMPB #$10
 JNE FAIL
 CMPB #$0F
 JLE FAIL
 LDX #$1000
 CMPX #$0FFF
 JLE FAIL
 CMPX #$1001
 JGE FAIL
 CMPX #$1000
 JNE FAIL
 LDX #$0100
 CMPX #$00FF
 JLE FAIL
 LDY #$8000
 CMPY #$7FFF
 JLE FAIL
 CMPY #$8001
 JGE FAIL
 CMPY #$8000
 JNE FAIL
 LDA #$12                ; CMPD with B not 0 (the original computed D wrongly)
 LDB #$34
 CMPD #$1234
 JNE FAIL
 CMPD #$1235
 JGE FAIL
 CMPD #$1134
 JLE FAIL
; only CMPx changes CF: loads, stores, adds and rotates leave it
 LDA #1
 CMPA #1
 LDA #5
 INCA
 ADDA #3
 ROLA
 LDX #0
 STA VAR
 JNE FAIL
 JMP C9
 JMP FAIL
C9: JMP PASS

; ===========================================================================
G3: ; increments and decrements: $0F-$18
 LDX #G4
 STX NEXT
 LDY #N3
 JSR BEGIN
 LDA #5
 INCA
 JOS FAIL                ; not the maximum: OF clear
 CMPA #6
 JNE FAIL
 LDA #$FF
 INCA
 JOC FAIL                ; was the maximum: OF set
 CMPA #0
 JNE FAIL
 LDB #7
 INCB
 JOS FAIL
 CMPB #8
 JNE FAIL
 LDB #$FF
 INCB
 JOC FAIL
 CMPB #0
 JNE FAIL
 LDX #$00FF
 INCX
 JOS FAIL
 CMPX #$0100
 JNE FAIL
 LDX #$FFFF
 INCX
 JOC FAIL
 CMPX #0
 JNE FAIL
 LDY #$00FF
 INCY
 JOS FAIL
 CMPY #$0100
 JNE FAIL
 LDY #$FFFF
 INCY
 JOC FAIL
 CMPY #0
 JNE FAIL
 LDD #$00FF
 INCD
 JOS FAIL
 CMPD #$0100
 JNE FAIL
 CMPA #1
 JNE FAIL
 LDD #$1234
 INCD
 CMPD #$1235
 JNE FAIL
 LDD #$FFFF
 INCD
 JOC FAIL
 CMPD #0
 JNE FAIL
; DEC always clears OF
 LDA #$FF
 INCA                    ; OF set
 LDA #0
 DECA
 JOS FAIL
 CMPA #$FF
 JNE FAIL
 LDA #$FF
 INCA
 LDB #5
 DECB
 JOS FAIL
 CMPB #4
 JNE FAIL
 LDB #0
 DECB
 CMPB #$FF
 JNE FAIL
 LDA #$FF
 INCA
 LDX #$0100
 DECX
 JOS FAIL
 CMPX #$00FF
 JNE FAIL
 LDX #0
 DECX
 CMPX #$FFFF
 JNE FAIL
 LDA #$FF
 INCA
 LDY #0
 DECY
 JOS FAIL
 CMPY #$FFFF
 JNE FAIL
 LDA #$FF
 INCA
 LDD #$0100
 DECD
 JOS FAIL
 CMPD #$00FF
 JNE FAIL
 LDD #0
 DECD
 CMPD #$FFFF
 JNE FAIL
 LDA #$80                ; DECD leaves C alone (the original cleared it)
 ROLA
 LDD #5
 DECD
 JCC FAIL
 JMP PASS

; ===========================================================================
G4: ; rotates and add-with-carry: $19-$1E
 LDX #G5
 STX NEXT
 LDY #N4
 JSR BEGIN
 LDA #0
 ROLA                    ; bit 7 (0) into C; the old C into bit 0
 JCS FAIL
 LDA #0
 ROLA                    ; C is 0 now, so A stays 0
 JCS FAIL
 CMPA #0
 JNE FAIL
 LDA #$81
 ROLA                    ; C := 1, A := $02 | old C (0)
 JCC FAIL
 CMPA #$02
 JNE FAIL
 ROLA                    ; C := 0, A := $04 | 1
 JCS FAIL
 CMPA #$05
 JNE FAIL
 LDA #$01
 RORA                    ; C := 1, A := 0 | old C (0) << 7
 JCC FAIL
 CMPA #$00
 JNE FAIL
 RORA                    ; C := 0, A := $80
 JCS FAIL
 CMPA #$80
 JNE FAIL
 LDA #$B5                ; nine rotates of a 9-bit ring give it back
 ROLA
 ROLA
 ROLA
 ROLA
 ROLA
 ROLA
 ROLA
 ROLA
 ROLA
 JCS FAIL
 CMPA #$B5
 JNE FAIL
 LDB #$C0
 ROLB
 JCC FAIL
 CMPB #$80
 JNE FAIL
 ROLB
 JCC FAIL
 CMPB #$01
 JNE FAIL
 LDB #$02                ; C is 1 here
 RORB
 JCS FAIL
 CMPB #$81
 JNE FAIL
 RORB
 JCC FAIL
 CMPB #$40
 JNE FAIL
; rotates leave OF alone
 LDA #$FF
 INCA
 ROLA
 RORB
 JOC FAIL
 DECA
 ROLA
 RORB
 JOS FAIL
; ADCA / ADCB
 LDA #$FF
 INCA                    ; OF set
 LDA #$80
 ROLA                    ; C set
 LDA #$41
 ADCA                    ; C = 1: A + 1, OF := (A was $FF) = 0
 JOS FAIL
 CMPA #$42
 JNE FAIL
 LDA #$80
 ROLA
 LDA #$FF
 ADCA
 JOC FAIL
 CMPA #0
 JNE FAIL
 LDA #$FF
 INCA                    ; OF set
 LDA #0
 ROLA                    ; C clear
 LDA #$10
 ADCA                    ; C = 0: nothing at all
 JOC FAIL
 CMPA #$10
 JNE FAIL
 LDA #$80
 ROLA
 LDB #$41
 ADCB
 JOS FAIL
 CMPB #$42
 JNE FAIL
 LDB #$FF
 ADCB
 JOC FAIL
 CMPB #0
 JNE FAIL
 LDA #0
 ROLA
 LDB #$20
 ADCB
 CMPB #$20
 JNE FAIL
 JMP PASS

; ===========================================================================
G5: ; adds and subtracts: $1F $20 $21 $36 $37
 LDX #G6
 STX NEXT
 LDY #N5
 JSR BEGIN
 LDA #5
 ADDA #1
 JOS FAIL
 CMPA #6
 JNE FAIL
 LDA #$F8
 ADDA #$10
 JOC FAIL
 CMPA #$08
 JNE FAIL
 LDA #$80
 ADDA #$7F               ; 255 is not above 255
 JOS FAIL
 CMPA #$FF
 JNE FAIL
 LDA #$01
 ADDA #$FF
 JOC FAIL
 CMPA #0
 JNE FAIL
 LDB #$20
 ADDB #$30
 JOS FAIL
 CMPB #$50
 JNE FAIL
 LDB #$C0
 ADDB #$41
 JOC FAIL
 CMPB #$01
 JNE FAIL
; ADDAB: D := A + B
 LDA #$F0
 LDB #$20
 ADDAB
 JOC FAIL
 CMPD #$0110
 JNE FAIL
 LDA #3
 LDB #4
 ADDAB
 JOS FAIL
 CMPD #$0007
 JNE FAIL
 LDA #$FF
 LDB #0
 ADDAB
 JOS FAIL
 CMPD #$00FF
 JNE FAIL
 LDA #$80
 LDB #$80
 ADDAB
 JOC FAIL
 CMPD #$0100
 JNE FAIL
; SUBA / SUBB: OF is the borrow
 LDA #5
 SUBA #3
 JOS FAIL
 CMPA #2
 JNE FAIL
 LDA #5
 SUBA #$10
 JOC FAIL
 CMPA #$F5
 JNE FAIL
 LDA #7
 SUBA #7
 JOS FAIL
 CMPA #0
 JNE FAIL
 LDB #$80
 SUBB #$01
 JOS FAIL
 CMPB #$7F
 JNE FAIL
 LDB #0
 SUBB #1
 JOC FAIL
 CMPB #$FF
 JNE FAIL
; adds leave C and CF alone
 LDA #$80
 ROLA
 LDA #1
 CMPA #1
 ADDA #1
 SUBB #1
 ADDAB
 JCC FAIL
 JNE FAIL
 JMP PASS

; ===========================================================================
G6: ; and, or, exclusive or: $38-$3D
 LDX #G7
 STX NEXT
 LDY #N6
 JSR BEGIN
 LDA #$F0
 ANDA #$3C
 CMPA #$30
 JNE FAIL
 LDB #$0F
 ANDB #$3C
 CMPB #$0C
 JNE FAIL
 LDA #$F0
 ORA #$0F
 CMPA #$FF
 JNE FAIL
 LDB #$40
 ORB #$02
 CMPB #$42
 JNE FAIL
 LDA #$FF
 EORA #$5A
 CMPA #$A5
 JNE FAIL
 LDB #$5A
 EORB #$5A
 CMPB #0
 JNE FAIL
; they leave OF and C alone
 LDA #$FF
 INCA
 LDA #$80
 ROLA
 ANDA #0
 ORA #1
 EORA #1
 ANDB #0
 ORB #0
 EORB #1
 JOC FAIL
 JCC FAIL
 DECA
 LDA #0
 ROLA
 ORA #$FF
 ANDA #$FF
 EORA #$FF
 JOS FAIL
 JCS FAIL
 JMP PASS

; ===========================================================================
G7: ; 16-bit arithmetic: $3E-$42
 LDX #G8
 STX NEXT
 LDY #N7
 JSR BEGIN
 LDD #$00FF
 ADDD #1
 JOS FAIL
 CMPD #$0100
 JNE FAIL
 LDD #$9000
 ADDD #$8000
 JOC FAIL
 CMPD #$1000
 JNE FAIL
 LDD #$FFFF
 ADDD #1
 JOC FAIL
 CMPD #0
 JNE FAIL
 LDD #1
 SUBD #2
 JOC FAIL
 CMPD #$FFFF
 JNE FAIL
 LDD #$1234
 SUBD #$0234
 JOS FAIL
 CMPD #$1000
 JNE FAIL
 LDX #$A000
 ADDX #160
 JOS FAIL
 CMPX #$A0A0
 JNE FAIL
 LDX #$FFF0
 ADDX #$20
 JOC FAIL
 CMPX #$0010
 JNE FAIL
 LDY #$1000
 ADDY #$0234
 JOS FAIL
 CMPY #$1234
 JNE FAIL
 LDY #$8000
 ADDY #$8001
 JOC FAIL
 CMPY #$0001
 JNE FAIL
; ABX: X := X + B, unsigned, wrapping, OF left alone
 LDA #$FF
 INCA
 LDX #$10FF
 LDB #2
 ABX
 JOC FAIL
 CMPX #$1101
 JNE FAIL
 DECA
 LDX #$FFFF
 LDB #2
 ABX
 JOS FAIL
 CMPX #$0001
 JNE FAIL
 LDX #0
 LDB #$FF
 ABX
 CMPX #$00FF
 JNE FAIL
 JMP PASS

; ===========================================================================
G8: ; register transfers: $43
 LDX #G9
 STX NEXT
 LDY #N8
 JSR BEGIN
 LDA #$AB
 LDX #$FFFF
 TFR A,X                 ; 8 to 16 bits: zero-extended
 CMPX #$00AB
 JNE FAIL
 LDB #$CD
 TFR B,Y
 CMPY #$00CD
 JNE FAIL
 LDX #$1234
 TFR X,A                 ; 16 to 8 bits: the low byte
 CMPA #$34
 JNE FAIL
 TFR X,B
 CMPB #$34
 JNE FAIL
 TFR X,D
 CMPD #$1234
 JNE FAIL
 LDY #$5678
 TFR Y,D
 CMPD #$5678
 JNE FAIL
 TFR D,X
 CMPX #$5678
 JNE FAIL
 LDD #$9ABC
 TFR D,Y
 CMPY #$9ABC
 JNE FAIL
 TFR Y,X
 LDY #0
 TFR X,Y
 CMPY #$9ABC
 JNE FAIL
 LDA #$11
 LDB #$22
 TFR A,B
 CMPB #$11
 JNE FAIL
 LDB #$33
 TFR B,A
 CMPA #$33
 JNE FAIL
 LDA #$80
 TFR A,D                 ; D := $0080, so A becomes 0
 CMPD #$0080
 JNE FAIL
 TFR D,B
 CMPB #$80
 JNE FAIL
 TFR D,A
 CMPA #$80
 JNE FAIL
 TFR S,X
 STX SAVES
 LDX #$C000
 TFR X,S
 TFR S,Y
 CMPY #$C000
 JNE FAIL
 LDD #$C123
 TFR D,S
 TFR S,D
 CMPD #$C123
 JNE FAIL
 LDY SAVES
 TFR Y,S
 LDA #7                  ; TFR leaves CF alone
 CMPA #7
 TFR A,X
 JNE FAIL
 JMP PASS

; ===========================================================================
G9: ; the stack: $44 $45 $51
 LDX #G10
 STX NEXT
 LDY #N9
 JSR BEGIN
 LDX S0                  ; recorded at reset
 CMPX #0
 JNE FAIL
 LDX S1
 CMPX #$FFFE
 JNE FAIL
 LDA P0
 CMPA #$34
 JNE FAIL
 LDA P1
 CMPA #$12
 JNE FAIL
 LDS #$C000
 TFR S,X
 CMPX #$C000
 JNE FAIL
 LDA #$5A
 PUSH A                  ; one byte
 TFR S,X
 CMPX #$BFFF
 JNE FAIL
 LDA $BFFF
 CMPA #$5A
 JNE FAIL
 LDD #$1234
 PUSH D                  ; two bytes, low first
 TFR S,X
 CMPX #$BFFD
 JNE FAIL
 LDA $BFFD
 CMPA #$34
 JNE FAIL
 LDA $BFFE
 CMPA #$12
 JNE FAIL
 LDB #$77
 PUSH B
 LDX #$BEEF
 PUSH X
 LDY #$CAFE
 PUSH Y
 POP X                   ; last in, first out
 CMPX #$CAFE
 JNE FAIL
 POP Y
 CMPY #$BEEF
 JNE FAIL
 POP A
 CMPA #$77
 JNE FAIL
 POP D
 CMPD #$1234
 JNE FAIL
 POP B
 CMPB #$5A
 JNE FAIL
 TFR S,X
 CMPX #$C000
 JNE FAIL
 PUSH S                  ; pushes S as it was before the push
 TFR S,X
 CMPX #$BFFE
 JNE FAIL
 LDX $BFFE
 CMPX #$C000
 JNE FAIL
 LDD #$D000
 PUSH D
 POP S                   ; S := the popped word
 TFR S,X
 CMPX #$D000
 JNE FAIL
 LDS #0
 JMP PASS

; ===========================================================================
G10: ; subroutines: $46 $47
 LDX #G11
 STX NEXT
 LDY #N10
 JSR BEGIN
 LDA #0
 STA VAR
 JSR SUB1
RET1:
 LDA VAR
 CMPA #1
 JNE FAIL
 TFR S,X                 ; RTS popped the return address again
 CMPX #0
 JNE FAIL
 LDA #0
 STA VAR
 JSR SUB2
 LDA VAR
 CMPA #3
 JNE FAIL
 TFR S,X
 CMPX #0
 JNE FAIL
 JMP PASS
SUB1:                    ; the return address RET1 sits at S, low byte first
 TFR S,Y
 CMPY #$FFFE
 JNE FAIL
 LDA ,Y
 CMPA #RET1-RET1/256*256
 JNE FAIL
 INCY
 LDA ,Y
 CMPA #RET1/256
 JNE FAIL
 LDA #1
 STA VAR
 RTS
SUB2:                    ; nested calls
 JSR SUB3
 JSR SUB3
 LDA VAR
 INCA
 STA VAR
 RTS
SUB3:
 TFR S,X
 CMPX #$FFFC
 JNE FAIL
 LDA VAR
 INCA
 STA VAR
 RTS

; ===========================================================================
G11: ; multiply: $4E
 LDX #G12
 STX NEXT
 LDY #N11
 JSR BEGIN
 LDA #12
 LDB #13
 MUL
 CMPD #156
 JNE FAIL
 LDA #$FF
 LDB #$FF
 MUL
 CMPD #$FE01
 JNE FAIL
 LDA #16
 LDB #16
 MUL
 CMPD #$0100
 JNE FAIL
 LDA #0
 LDB #$99
 MUL
 CMPD #0
 JNE FAIL
 LDA #$FF                ; MUL leaves OF and C alone
 INCA
 LDA #$80
 ROLA
 LDA #200
 LDB #2
 MUL
 JOC FAIL
 JCC FAIL
 CMPD #400
 JNE FAIL
 JMP PASS

; ===========================================================================
G12: ; flag jumps: $4A-$4D
 LDX #G13
 STX NEXT
 LDY #N12
 JSR BEGIN
 LDA #$80
 ROLA                    ; C set
 JCC FAIL
 JCS F1
 JMP FAIL
F1: LDA #0
 ROLA                    ; C clear
 JCS FAIL
 JCC F2
 JMP FAIL
F2: LDA #$FF
 INCA                    ; OF set
 JOC FAIL
 JOS F3
 JMP FAIL
F3: DECA                 ; OF clear
 JOS FAIL
 JOC F4
 JMP FAIL
F4: LDA #$80             ; C and OF are separate bits
 ROLA
 DECA
 JCC FAIL
 JOS FAIL
 LDA #0
 ROLA
 LDA #$FF
 INCA
 JCS FAIL
 JOC FAIL
 CMPA #0                 ; CMPx leaves them alone
 JOC FAIL
 JCS FAIL
 JMP PASS

; ===========================================================================
G13: ; NOP, WAIT and the frame: $4F $50
 LDX #G14
 STX NEXT
 LDY #N13
 JSR BEGIN
 NOP
 NOP
 LDA #3
 CMPA #3
 NOP                     ; NOP changes nothing
 JNE FAIL
 CMPA #3
 JNE FAIL
 LDA FRAME
 STA VAR
 WAIT                    ; the next instruction runs next frame
 LDA VAR
 INCA
 LDB FRAME
 JSR EQAB                ; FRAME must be exactly one more
 JNE FAIL
 JMP PASS

; ===========================================================================
G14: ; the I/O page ($AFA0-$AFFF)
 LDX #G15
 STX NEXT
 LDY #N14
 JSR BEGIN
 LDD FRAME0              ; FRAME read 0 in the first frame
 CMPD #0
 JNE FAIL
 LDD FRAME               ; a little-endian word: now 1..255
 CMPA #0
 JNE FAIL
 CMPB #0
 JEQ FAIL
 STA KEY                 ; writing KEY clears the queue
 LDA KEYCOUNT
 CMPA #0
 JNE FAIL
 LDA KEY                 ; empty queue reads 0
 CMPA #0
 JNE FAIL
 LDA #$55                ; KEYCOUNT is read-only
 STA KEYCOUNT
 LDA KEYCOUNT
 CMPA #0
 JNE FAIL
 LDA #$42                ; the same seed gives the same sequence
 STA RANDOM
 LDA RANDOM
 STA VAR
 LDA #$42
 STA RANDOM
 LDB RANDOM
 LDA VAR
 JSR EQAB
 JNE FAIL
 LDY #16                 ; and the bytes are not all the same
RNDLOOP:
 LDA VAR
 LDB RANDOM
 JSR EQAB
 JNE RNDOK
 DECY
 CMPY #0
 JNE RNDLOOP
 JMP FAIL
RNDOK:
 LDA #1                  ; writable registers read back what was written
 STA CURSOR
 LDA CURSOR
 CMPA #1
 JNE FAIL
 LDA #0
 STA CURSOR
 LDX #1999
 STX CURSORPOS
 LDX CURSORPOS
 CMPX #1999
 JNE FAIL
 LDA CURSORPOS           ; low byte first
 CMPA #$CF
 JNE FAIL
 LDX #0
 STX CURSORPOS
 LDA #9
 STA BORDER
 LDA BORDER
 CMPA #9
 JNE FAIL
 LDA #0
 STA BORDER
 LDA #2
 STA VIDEOMODE
 LDA VIDEOMODE
 CMPA #2
 JNE FAIL
 LDA #0
 STA VIDEOMODE
 LDA VOLUME
 STA VAR                 ; keep the volume to put it back
 LDA #0
 STA VOLUME              ; silent while we test the tone registers
 LDA VOLUME
 CMPA #0
 JNE FAIL
 LDX #440
 STX TONE
 LDX TONE
 CMPX #440
 JNE FAIL
 LDA #3
 STA TONETIME
 LDA TONETIME
 CMPA #3
 JNE FAIL
 WAIT                    ; TONETIME counts down once per frame
 LDA TONETIME
 CMPA #2
 JNE FAIL
 LDX #0
 STX TONE
 LDA VAR
 STA VOLUME
 LDA $AFA7               ; unused addresses read 0 and ignore writes
 CMPA #0
 JNE FAIL
 LDA #$77
 STA $AFA7
 LDA $AFA7
 CMPA #0
 JNE FAIL
 STA $AFFF
 LDA $AFFF
 CMPA #0
 JNE FAIL
 JMP PASS

; ===========================================================================
G15: ; the summary, then END ($04)
 LDX ROW
 ADDX #160+4
 LDA FAILS
 CMPA #0
 JNE SOMEFAIL
 LDY #TALLPASS
 LDB #$0A
 JSR PRINT
 JMP HALT
SOMEFAIL:
 LDY #TSOMEFAIL
 LDB #$0C
 JSR PRINT
 JMP HALT

; ===========================================================================
; PASS / FAIL: write the verdict, wait a frame, go to the group in NEXT
PASS:
 LDS #0
 LDY #TPASS
 LDB #$0A                ; light green
 JMP VERDICT
FAIL:
 LDS #0
 LDA FAILS
 INCA
 STA FAILS
 LDY #TFAIL
 LDB #$4F                ; white on red
VERDICT:
 LDX RESPOS
 JSR PRINT
 WAIT
 LDX NEXT
 PUSH X
 RTS                     ; "returns" to the address just pushed

; BEGIN: write the group's name (at Y) on the next line, note where the
; verdict goes, and move ROW down a line.
BEGIN:
 LDX ROW
 ADDX #4
 LDB #$07
 JSR PRINT
 LDX ROW
 ADDX #2*46
 STX RESPOS
 LDX ROW
 ADDX #160
 STX ROW
 RTS

; PRINT: the 0-terminated text at Y to the screen at X in colour B.
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

; EQAB: compare A with B; JEQ / JNE afterwards. B := B - A, A is lost.
; (B + not A + 1 = B - A: there is no register-to-register compare.)
EQAB:
 EORA #$FF
 ADDAB                   ; B := B + not A (low byte)
 INCB
 CMPB #0
 RTS

; ---- data -----------------------------------------------------------------
TTITLE:    DB " B32 SELF TEST: every opcode against HARDWARE.md ",0
TSUB:      DB "  group                                       result",0
N1:        DB "01 loads and stores        $01-$03 $22-$35",0
N2:        DB "02 compares and jumps      $05-$0E $48 $49",0
N3:        DB "03 increments, decrements  $0F-$18",0
N4:        DB "04 rotates, add carry      $19-$1E",0
N5:        DB "05 adds and subtracts      $1F-$21 $36 $37",0
N6:        DB "06 and, or, eor            $38-$3D",0
N7:        DB "07 16-bit arithmetic       $3E-$42",0
N8:        DB "08 transfers               $43",0
N9:        DB "09 the stack               $44 $45 $51",0
N10:       DB "10 subroutines             $46 $47",0
N11:       DB "11 multiply                $4E",0
N12:       DB "12 flag jumps              $4A-$4D",0
N13:       DB "13 nop, wait, frame        $4F $50",0
N14:       DB "14 the I/O page            $AFA0-$AFFF",0
TPASS:     DB "PASS",0
TFAIL:     DB "FAIL",0
TALLPASS:  DB "ALL GROUPS PASS",0
TSOMEFAIL: DB "SOME GROUPS FAIL",0

ROW:       DW 0
RESPOS:    DW 0
NEXT:      DW 0
FAILS:     DB 0
FRAME0:    DW 0
S0:        DW 0
S1:        DW 0
P0:        DB 0
P1:        DB 0
SAVES:     DW 0
VAR:       DB 0
WVAR:      DW 0
BUF:       DS 4

 TITLE "Self test"
 DESCRIPTION "Runs every opcode and the I/O page, checks them against HARDWARE.md."

; END START both names the entry point and assembles the END opcode here:
; the summary jumps to HALT, and the machine stops.
HALT:
 END START
