; sound.asm: waiting, a little tune on the beeper, and sound effects on the chip, shared by
; the games; pulled in with
;     INCLUDE "lib/sound.asm"
; The including cart defines WAITN (one scratch byte).

; PAUSE: wait A frames
PAUSE   STA WAITN
PAULOOP WAIT
        LDA WAITN
        DECA
        STA WAITN
        CMPA #0
        JNE PAULOOP
        RTS

; JINGLE: three rising notes starting at D Hz, 8 frames each
JINGLE  STD TONE
        LDA #8
        STA TONETIME
        PUSH D
        LDA #8
        JSR PAUSE
        POP D
        ADDD #136
        STD TONE
        LDA #8
        STA TONETIME
        PUSH D
        LDA #8
        JSR PAUSE
        POP D
        ADDD #130
        STD TONE
        LDA #16
        STA TONETIME
        LDA #40
        JSR PAUSE
        RTS

; ---- the sound chip (HARDWARE.md section 6) ---------------------------------
; A sound effect is 8 bytes laid out as a voice's registers, then the voice:
;     DW freq         ; Hz
;     DB vol, wave, time, decay, sweep, voice
; e.g.  FXEAT DW 880
;             DB 12, W_PULSE25, 6, 1, 40, 0   ; a rising chirp on voice 0
; Copying it to the voice starts it (writing VOL, TIME or FREQ starts a note).

; SFX: play the sound effect at address D (D is changed; X and Y are kept)
SFX     PUSH X
        PUSH Y
        TFR D,X         ; X = the effect
        ADDD #7
        TFR D,Y
        LDA ,Y          ; its voice, 0-3
        LDB #8          ; 8 bytes a voice
        MUL
        ADDD #VOICE0
        TFR D,Y         ; Y = the voice's FREQ
        LDB #7
        JSR COPYB       ; FREQ, VOL, WAVE, TIME, DECAY, SWEEP
        POP Y
        POP X
        RTS

; COPYB: copy B bytes (1-255) from X to Y; X and Y end after them, B at 0
COPYB   LDA ,X
        STA ,Y
        INCX
        INCY
        DECB
        CMPB #0
        JNE COPYB
        RTS
