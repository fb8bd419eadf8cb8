; sound.asm: waiting and a little tune, shared by the games; pulled in with
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
