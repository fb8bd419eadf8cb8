; music.asm: a note table and a music sequencer for the sound chip; pulled in with
;     INCLUDE "lib/music.asm"
; after lib/sound.asm (it uses COPYB). The including cart defines MUSVAR: 96 bytes of RAM.
;
; A song is four voices' worth of:
;     DW track        ; the voice's notes
;     DB wave, vol, decay
; and a track is pairs of DB note, frames (frames 1-255): note 0 rests, N_C2..N_B7 play
; (see below); a note of $FF goes back to the start of the track, so a song loops.
; Voice n of the song plays on the chip's voice n. MUSIC starts a song; call MUSICF once a
; frame (before WAIT) and it plays on; MSTOP ends it. While it plays, MNOTES+16*n is the note
; voice n is playing (0 while it rests), for a cart that shows the notes.

MCHSIZE EQU 16          ; bytes of state per voice in MUSVAR
MNOTES  EQU MUSVAR+5    ; voice n's note: MNOTES+16*n
MCUR    EQU MUSVAR+64   ; the voice being worked on, copied out of and back into MUSVAR
MPTR    EQU MCUR        ;   the next event (word)
MSTART  EQU MCUR+2      ;   the track's start (word)
MLEFT   EQU MCUR+4      ;   frames the current event has left
MNOTE   EQU MCUR+5      ;   the note playing (0 = rest)
MWAVE   EQU MCUR+6      ;   the voice's wave, volume, decay
MVOL    EQU MCUR+7
MDECAY  EQU MCUR+8
MCH     EQU MUSVAR+80   ; voices left to do
MVOICE  EQU MUSVAR+81   ; the chip voice's address (word)
MSTP    EQU MUSVAR+83   ; the voice's state in MUSVAR (word)
MPLAY   EQU MUSVAR+85   ; 1 while a song plays

; MUSIC: start the song at X (keeps A, B, X, Y)
MUSIC   PUSH D
        PUSH X
        PUSH Y
        LDY #MUSVAR
        LDA #4
        STA MCH
MUINIT  LDB #2
        JSR COPYB       ; the next event: the track's start
        DECX
        DECX
        LDB #2
        JSR COPYB       ; the track's start, for looping
        LDA #1
        STA ,Y          ; 1 frame left: the first note starts at the next MUSICF
        INCY
        LDA #0
        STA ,Y          ; no note yet
        INCY
        LDB #3
        JSR COPYB       ; wave, volume, decay
        ADDY #MCHSIZE-9 ; the next voice's state
        LDA MCH
        DECA
        STA MCH
        CMPA #0
        JNE MUINIT
        LDA #1
        STA MPLAY
        POP Y
        POP X
        POP D
        RTS

; MSTOP: stop the song and silence its voices (keeps everything but A)
MSTOP   LDA #0
        STA MPLAY
        STA VOICE0+V_VOL
        STA VOICE1+V_VOL
        STA VOICE2+V_VOL
        STA VOICE3+V_VOL
        RTS

; MUSICF: once a frame: each voice whose event has run out starts its next one
; (keeps A, B, X, Y)
MUSICF  PUSH D
        PUSH X
        PUSH Y
        LDA MPLAY
        CMPA #0
        JEQ MFDONE
        LDX #MUSVAR
        STX MSTP
        LDX #VOICE0
        STX MVOICE
        LDA #4
        STA MCH
MFCHAN  LDX MSTP
        LDY #MCUR
        LDB #MCHSIZE
        JSR COPYB       ; the working copy
        LDA MLEFT
        DECA
        STA MLEFT
        CMPA #0
        JNE MFSAVE
        JSR MFNEXT
MFSAVE  LDX #MCUR
        LDY MSTP
        LDB #MCHSIZE
        JSR COPYB       ; and back
        LDX MSTP
        ADDX #MCHSIZE
        STX MSTP
        LDX MVOICE
        ADDX #8
        STX MVOICE
        LDA MCH
        DECA
        STA MCH
        CMPA #0
        JNE MFCHAN
MFDONE  POP Y
        POP X
        POP D
        RTS

; MFNEXT: the working voice's next event
MFNEXT  LDX MPTR
        LDA ,X
        CMPA #$FF
        JNE MFEVENT
        LDX MSTART      ; the track's end: from the start again
        LDA ,X
MFEVENT STA MNOTE
        INCX
        LDB ,X
        STB MLEFT
        INCX
        STX MPTR
        LDY MVOICE
        CMPA #0
        JNE MFSOUND
        ADDY #V_VOL     ; a rest: VOL 0
        STA ,Y
        RTS
MFSOUND JSR NOTEHZ      ; D = the note's frequency
        STB ,Y          ; FREQ, low byte first
        INCY
        STA ,Y
        INCY
        INCY            ; WAVE (VOL comes last)
        LDA MWAVE
        STA ,Y
        INCY            ; TIME: a frame shorter than the event, so repeated notes part
        LDA MLEFT
        CMPA #1
        JEQ MFTIME
        DECA
MFTIME  STA ,Y
        INCY            ; DECAY
        LDA MDECAY
        STA ,Y
        INCY            ; SWEEP: none
        LDA #0
        STA ,Y
        LDY MVOICE
        ADDY #V_VOL
        LDA MVOL
        STA ,Y          ; VOL: the note starts
        RTS

; NOTEHZ: D := the frequency in Hz of note number A (1-72; keeps X and Y)
NOTEHZ  PUSH X
        LDB #2
        MUL             ; D = 2 * note
        ADDD #NOTES
        TFR D,X
        LDB ,X          ; low byte
        INCX
        LDA ,X          ; high byte
        POP X
        RTS

; Note numbers for songs: N_C2 = 1 up to N_B7 = 72 (an S is a sharp: N_FS4 is F#4);
; middle C is N_C4 = 25 and N_A4 = 34 is 440 Hz. Note 0 is a rest.
N_C2    EQU 1
N_CS2   EQU 2
N_D2    EQU 3
N_DS2   EQU 4
N_E2    EQU 5
N_F2    EQU 6
N_FS2   EQU 7
N_G2    EQU 8
N_GS2   EQU 9
N_A2    EQU 10
N_AS2   EQU 11
N_B2    EQU 12
N_C3    EQU 13
N_CS3   EQU 14
N_D3    EQU 15
N_DS3   EQU 16
N_E3    EQU 17
N_F3    EQU 18
N_FS3   EQU 19
N_G3    EQU 20
N_GS3   EQU 21
N_A3    EQU 22
N_AS3   EQU 23
N_B3    EQU 24
N_C4    EQU 25
N_CS4   EQU 26
N_D4    EQU 27
N_DS4   EQU 28
N_E4    EQU 29
N_F4    EQU 30
N_FS4   EQU 31
N_G4    EQU 32
N_GS4   EQU 33
N_A4    EQU 34
N_AS4   EQU 35
N_B4    EQU 36
N_C5    EQU 37
N_CS5   EQU 38
N_D5    EQU 39
N_DS5   EQU 40
N_E5    EQU 41
N_F5    EQU 42
N_FS5   EQU 43
N_G5    EQU 44
N_GS5   EQU 45
N_A5    EQU 46
N_AS5   EQU 47
N_B5    EQU 48
N_C6    EQU 49
N_CS6   EQU 50
N_D6    EQU 51
N_DS6   EQU 52
N_E6    EQU 53
N_F6    EQU 54
N_FS6   EQU 55
N_G6    EQU 56
N_GS6   EQU 57
N_A6    EQU 58
N_AS6   EQU 59
N_B6    EQU 60
N_C7    EQU 61
N_CS7   EQU 62
N_D7    EQU 63
N_DS7   EQU 64
N_E7    EQU 65
N_F7    EQU 66
N_FS7   EQU 67
N_G7    EQU 68
N_GS7   EQU 69
N_A7    EQU 70
N_AS7   EQU 71
N_B7    EQU 72

; NOTES: the frequency in Hz of each note number (equal temperament, A4 = 440 Hz)
NOTES   DW 0
        DW 65, 69, 73, 78, 82, 87, 92, 98, 104, 110, 117, 123   ; octave 2
        DW 131, 139, 147, 156, 165, 175, 185, 196, 208, 220, 233, 247   ; octave 3
        DW 262, 277, 294, 311, 330, 349, 370, 392, 415, 440, 466, 494   ; octave 4
        DW 523, 554, 587, 622, 659, 698, 740, 784, 831, 880, 932, 988   ; octave 5
        DW 1047, 1109, 1175, 1245, 1319, 1397, 1480, 1568, 1661, 1760, 1865, 1976   ; octave 6
        DW 2093, 2217, 2349, 2489, 2637, 2794, 2960, 3136, 3322, 3520, 3729, 3951   ; octave 7
