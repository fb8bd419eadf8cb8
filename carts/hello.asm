; hello.asm - your first B32 program.
;
; Read this file from top to bottom: every line says what it does.
; It paints the screen blue, writes a greeting in colour, then waits for you
; to press a key and shows which key it was.
;
; Things to know first:
;   * The screen is 80 columns x 25 rows. Each cell is two bytes in memory:
;     the character, then its colour ("attribute"). Row r, column c lives at
;     SCREEN + 2*(80*r + c). SCREEN is a name the assembler knows ($A000).
;   * An attribute byte is background*16 + foreground. $1F = white (15) on
;     blue (1); $1E = yellow (14) on blue.
;   * '#' means "this very number" (an immediate), so LDA #65 puts 65 in A.
;   * ',X' means "the memory address held in X", so STA ,X stores A there.
;   * A label starts in column 0; instructions are indented.

START:
 LDA #1
 STA BORDER              ; the border around the screen: blue

; ---- 1. Paint every cell: a space, white on blue --------------------------
 LDX #SCREEN             ; X points at the first cell
CLEAR:
 LDA #' '                ; the character: a space
 STA ,X                  ; store it in the cell ...
 INCX                    ; ... and step to the cell's attribute byte
 LDA #$1F                ; white on blue
 STA ,X
 INCX                    ; the next cell
 CMPX #SCREEN+2*80*25    ; past the last cell yet?
 JLT CLEAR               ; no: keep going

; ---- 2. Write the greeting, row 10, column 30 -----------------------------
; PRINT (further down) copies a text that ends with a 0 byte to the screen.
; It wants: Y = where the text is, X = the screen cell, B = the colour.
 LDY #GREETING
 LDX #SCREEN+2*(80*10+30)
 LDB #$1E                ; yellow on blue
 JSR PRINT               ; JSR jumps to PRINT and comes back here after RTS

 LDY #PROMPT
 LDX #SCREEN+2*(80*13+27)
 LDB #$1B                ; light cyan on blue
 JSR PRINT

; ---- 3. A rainbow bar under the greeting: one cell of each colour ---------
 LDX #SCREEN+2*(80*11+32)
 LDA #$10                ; start with blue-on-blue: foreground 0 of row $1x
RAINBOW:
 LDB #$DB                ; character $DB is a full block
 STB ,X                  ; char
 INCX
 STA ,X                  ; colour: A = $10, $11, ... $1F
 INCX
 INCA
 CMPA #$20               ; done all 16 foregrounds?
 JNE RAINBOW

; ---- 4. Wait for a key --------------------------------------------------
; Keys you type are queued. Reading KEY takes the oldest one (0 = none yet).
; WAIT ends this frame: the console shows the screen and runs us again 1/60 s
; later. Always WAIT in a loop that waits for something.
WAITKEY:
 WAIT
 LDA KEY
 CMPA #0
 JEQ WAITKEY             ; nothing typed yet: wait another frame

; ---- 5. Show the key ----------------------------------------------------
 LDX #SCREEN+2*(80*15+27)
 PUSH A                  ; keep the key safe on the stack while we print
 LDY #YOUPRESSED
 LDB #$1F
 JSR PRINT               ; PRINT leaves X just after the text
 POP A                   ; the key again
 STA ,X                  ; put it on the screen as a character
 INCX
 LDA #$4E                ; yellow on red, so it stands out
 STA ,X
 JMP WAITKEY             ; and wait for the next one

; ---- PRINT: copy a 0-terminated text at Y to the screen at X, colour B ----
PRINT:
 LDA ,Y                  ; the next character of the text
 CMPA #0
 JEQ PRINTDONE           ; a 0 byte marks the end
 STA ,X                  ; character
 INCX
 STB ,X                  ; colour
 INCX
 INCY                    ; next character of the text
 JMP PRINT
PRINTDONE:
 RTS                     ; return to just after the JSR

; ---- The texts (DB puts bytes into the cart) ------------------------------
GREETING:   DB "Hello, B32 world!",0
PROMPT:     DB "Press any key to go on",0
YOUPRESSED: DB "You pressed: ",0

 TITLE "Hello"
 DESCRIPTION "Your first B32 program: a greeting in colour, then it echoes a key."
 END START
