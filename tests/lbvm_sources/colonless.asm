; labels without a colon before data, as NASM allows
msg db "hi", 0
n dw msg
z times 2 db 7
times 1 db 1
