; music.asm - a music box: a tune in three voices and a drum line on the sound chip.
;
; The song below is data for the sequencer in lib/music.asm: for each of the
; chip's four voices a track of (note, frames) pairs, and the voice's wave,
; volume and decay. Once a frame the cart calls MUSICF, which starts each
; voice's next note when the last one has run its frames, and then draws what
; every voice is playing: the note's name and a mark on a keyboard-wide line.
;
; Keys: Space stops and starts the tune, Enter plays it from the start.

        TITLE "Music box"
        DESCRIPTION "A tune in three voices and a drum line on the sound chip, notes on screen."

; ---- RAM ---------------------------------------------------------------
MUSVAR  EQU $0200       ; 96 bytes for the sequencer
CTMP    EQU $0280       ; scratch for CELLAD (lib/gamelib.asm)
WAITN   EQU $0281       ; scratch for PAUSE (lib/sound.asm)
VIDX    EQU $0282       ; the voice being drawn, 0-3
VROW    EQU $0283       ; its keyboard line's row
VNOTE   EQU $0284       ; its note
PLAYING EQU $0285       ; 1 while the tune plays
SCORE   EQU $0290       ; (gamelib's HISCHK wants these; unused here)
HISCORE EQU $0298
BXR     EQU $02A0       ; (and BOX these)
BXC     EQU $02A1
BXH     EQU $02A2
BXW     EQU $02A3
BXA     EQU $02A4
BXN     EQU $02A5
BXL     EQU $02A6

; ---- lengths, in frames: 12 frames an eighth note (150 quarter notes a minute)
T8      EQU 12
T4      EQU 24
T4D     EQU 36
T2      EQU 48

; ---- drums: noise at three rates (the note picks how fast the LFSR steps)
KICK    EQU N_E3
SNARE   EQU N_E6
HAT     EQU N_B7

ROW0    EQU 7           ; the first voice's keyboard line; the others every 4 rows
ROLLCOL EQU 4           ; the line's first column: note 1 is drawn at column 4
NAMECOL EQU 66          ; where the note's name goes, on the row above the line

; ===========================================================================
START   LDS #$0000
        LDA #' '
        LDB #$17        ; light grey on blue
        JSR CLS
        LDA #1
        STA BORDER
        LDY #SCREENTX
        JSR TEXTS
        JSR PLAY

MAIN    JSR MUSICF      ; the song's next frame (it plays while PLAYING)
        JSR SHOWALL     ; and what every voice is playing now
        LDA PRESSED
        ANDA #$40       ; START (Enter): from the start
        CMPA #0
        JEQ MAINA
        JSR PLAY
MAINA   LDA PRESSED
        ANDA #$10       ; A (Space): stop or go on
        CMPA #0
        JEQ MAINW
        LDA PLAYING
        CMPA #0
        JEQ MAINGO
        JSR MSTOP       ; silent; the song stays where it was
        LDA #0
        STA PLAYING
        JMP MAINW
MAINGO  LDA #1
        STA MPLAY
        STA PLAYING
MAINW   WAIT
        JMP MAIN

; PLAY: the song from the start
PLAY    LDX #SONG
        JSR MUSIC
        LDA #1
        STA PLAYING
        RTS

; SHOWALL: for each voice, its note's name and a mark on its keyboard line
SHOWALL LDA #0
        STA VIDX
SHVOICE LDA VIDX
        LDB #4
        MUL             ; D = 4 * voice (A = 0)
        TFR B,A
        ADDA #ROW0
        STA VROW
        LDA VIDX
        LDB #MCHSIZE
        MUL
        ADDD #MNOTES    ; the sequencer's note for this voice
        TFR D,X
        LDA ,X
        STA VNOTE
        LDA VROW        ; the line: a dot for every note 1-72
        LDB #ROLLCOL
        JSR CELLAD
        LDY #72
        LDA #$FA        ; a small dot
        LDB #$19        ; light blue on blue
        JSR FILL
        LDA VNOTE
        CMPA #0
        JEQ SHNAME      ; a rest: no mark
        ADDA #ROLLCOL-1
        TFR A,B
        LDA VROW
        JSR CELLAD
        LDA #$0E        ; a double note
        STA ,X
        INCX
        JSR SHATTR      ; in the voice's colour
        STA ,X
SHNAME  LDA VNOTE       ; the name: 4 characters at NAMES + 4 * note
        LDB #4
        MUL
        ADDD #NAMES
        TFR D,Y
        LDA VROW
        DECA
        LDB #NAMECOL
        JSR CELLAD
        LDB #4
SHCHAR  LDA ,Y
        STA ,X
        INCX
        INCX            ; characters only: the attributes stay
        INCY
        DECB
        CMPB #0
        JNE SHCHAR
        LDA VIDX
        INCA
        STA VIDX
        CMPA #4
        JNE SHVOICE
        RTS

; SHATTR: A := the mark's colour for voice VIDX (keeps X)
SHATTR  PUSH X
        LDX #MARKAT
        LDB VIDX
        ABX
        LDA ,X
        POP X
        RTS

MARKAT  DB $1E, $1A, $1D, $1C   ; yellow, green, magenta, red on blue

SCREENTX DB 1, 31, $1E, 14, " B32 MUSIC BOX ", 14, 0
        DB 3, 12, $17, "A tune in three voices and a drum line on the sound chip.", 0
        DB ROW0-1, 4, $1F, "VOICE 0  melody   pulse 25%", 0
        DB ROW0+3, 4, $1F, "VOICE 1  bass     triangle", 0
        DB ROW0+7, 4, $1F, "VOICE 2  chords   sawtooth", 0
        DB ROW0+11, 4, $1F, "VOICE 3  drums    noise", 0
        DB ROW0-1, 56, $17, "playing:", 0
        DB ROW0+3, 56, $17, "playing:", 0
        DB ROW0+7, 56, $17, "playing:", 0
        DB ROW0+11, 56, $17, "playing:", 0
        DB 23, 18, $13, "SPACE stops and starts   ENTER from the start", 0
        DB $FF

; ---- the song: A minor, F, C, G, twice, with a new tune the second time ----
SONG    DW MELODY
        DB W_PULSE25, 11, 0
        DW BASS
        DB W_TRIANGLE, 15, 0
        DW CHORDS
        DB W_SAW, 6, 3
        DW DRUMS
        DB W_NOISE, 10, 1

MELODY  DB N_E5, T4, N_A5, T8, N_G5, T8, N_E5, T4, N_C5, T4
        DB N_D5, T8, N_C5, T8, N_A4, T4, N_C5, T4, N_F5, T4
        DB N_E5, T4, N_G5, T8, N_E5, T8, N_C5, T4, N_E5, T4
        DB N_D5, T4D, N_B4, T8, N_D5, T4, N_G5, T4
        DB N_E5, T4, N_A5, T8, N_B5, T8, N_C6, T4, N_B5, T8, N_A5, T8
        DB N_A5, T4, N_G5, T8, N_F5, T8, N_A5, T2
        DB N_G5, T4, N_E5, T8, N_C5, T8, N_E5, T4, N_G5, T4
        DB N_B4, T4, N_D5, T4, N_G4, T4, 0, T4
        DB $FF

BASS    DB N_A2, T4, N_A3, T4, N_A2, T4, N_A3, T4
        DB N_F2, T4, N_F3, T4, N_F2, T4, N_F3, T4
        DB N_C3, T4, N_C4, T4, N_C3, T4, N_G2, T4
        DB N_G2, T4, N_G3, T4, N_G2, T4, N_B2, T4
        DB $FF

CHORDS  DB N_A3, T8, N_C4, T8, N_E4, T8, N_C4, T8, N_A3, T8, N_C4, T8, N_E4, T8, N_C4, T8
        DB N_F3, T8, N_A3, T8, N_C4, T8, N_A3, T8, N_F3, T8, N_A3, T8, N_C4, T8, N_A3, T8
        DB N_C4, T8, N_E4, T8, N_G4, T8, N_E4, T8, N_C4, T8, N_E4, T8, N_G4, T8, N_E4, T8
        DB N_G3, T8, N_B3, T8, N_D4, T8, N_B3, T8, N_G3, T8, N_B3, T8, N_D4, T8, N_B3, T8
        DB $FF

DRUMS   DB KICK, T8, HAT, T8, SNARE, T8, HAT, T8, KICK, T8, KICK, T8, SNARE, T8, HAT, T8
        DB $FF

        INCLUDE "lib/gamelib.asm"
        INCLUDE "lib/sound.asm"
        INCLUDE "lib/music.asm"
; NAMES: four characters per note number, for the screen (note 0, a rest, is ---)
NAMES   DB "--- ", "C-2 ", "C#2 ", "D-2 ", "D#2 ", "E-2 ", "F-2 ", "F#2 ", "G-2 ", "G#2 ", "A-2 ", "A#2 "
        DB "B-2 ", "C-3 ", "C#3 ", "D-3 ", "D#3 ", "E-3 ", "F-3 ", "F#3 ", "G-3 ", "G#3 ", "A-3 ", "A#3 "
        DB "B-3 ", "C-4 ", "C#4 ", "D-4 ", "D#4 ", "E-4 ", "F-4 ", "F#4 ", "G-4 ", "G#4 ", "A-4 ", "A#4 "
        DB "B-4 ", "C-5 ", "C#5 ", "D-5 ", "D#5 ", "E-5 ", "F-5 ", "F#5 ", "G-5 ", "G#5 ", "A-5 ", "A#5 "
        DB "B-5 ", "C-6 ", "C#6 ", "D-6 ", "D#6 ", "E-6 ", "F-6 ", "F#6 ", "G-6 ", "G#6 ", "A-6 ", "A#6 "
        DB "B-6 ", "C-7 ", "C#7 ", "D-7 ", "D#7 ", "E-7 ", "F-7 ", "F#7 ", "G-7 ", "G#7 ", "A-7 ", "A#7 "
        DB "B-7 "
        END START
