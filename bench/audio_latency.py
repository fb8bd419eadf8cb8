"""Latency from a register write to the speaker, through the real window loop and SDL's mixer.

    .venv/bin/python bench/audio_latency.py [--frames N] [--driver disk|pulseaudio|alsa|...]

Runs a cart that writes a voice's FREQ at the very start of every frame (the worst case: the
write then waits for the whole frame to end) in the window's ``FrameLoop``, paced by the sound
as in a real window. For each frame it takes the time the frame started (the write) and the
time its block left the channel's queue, i.e. SDL_mixer began mixing it into a device buffer.
What the person hears comes at most two mixer buffers later (the block may start at the end of
the buffer being mixed, and that buffer plays after the one the device holds), so

    latency <= (block starts mixing - frame start) + 2 * MIXER_BUFFER / 44100

Without a sound card, SDL's ``disk`` driver stands in for one: it takes a buffer, writes it to a
file and sleeps for as long as the buffer would play, at the device's pace. Prints the median
and the worst over the frames after a warm-up.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--driver", default="disk")
    args = parser.parse_args()
    os.environ["SDL_AUDIODRIVER"] = args.driver
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    scratch = tempfile.mkdtemp(prefix="b32-latency-")
    os.environ["SDL_DISKAUDIOFILE"] = os.path.join(scratch, "out.raw")

    import pygame

    from console.frontend import audio, window
    from console.machines.b32.asm import assemble
    from console.machines.b32.machine import Machine

    source = """
START   LDD #200
LOOP    ADDD #1
        STB VOICE0+V_FREQ      ; the write, at the start of every frame
        STA VOICE0+V_FREQ+1
        PUSH D
        LDA #15
        STA VOICE0+V_VOL
        POP D
        WAIT
        JMP LOOP
        END START
"""
    machine = Machine()
    machine.load(assemble(source).cart)
    loop = window.open_loop(machine, sound=True)
    speaker = loop.audio
    if not speaker.available:
        sys.exit(f"no audio: {speaker.note}")
    started: list[float] = []
    mixing: list[float] = []
    frame, wait, render = loop.frame, speaker.wait_for_room, speaker.synth.render_bytes
    made: list[bytes] = []

    def kept_render(tones):
        made.append(render(tones))
        return made[-1]

    speaker.synth.render_bytes = kept_render

    def timed_frame(events=None):
        started.append(time.perf_counter())
        frame(events)

    def timed_wait():
        paced = wait()
        mixing.append(time.perf_counter())
        return paced

    loop.frame = timed_frame
    speaker.wait_for_room = timed_wait
    loop.run(frames=args.warmup + args.frames)
    time.sleep(0.1)  # let the last blocks play
    loop.audio.close()
    window.close()
    heard = Path(os.environ["SDL_DISKAUDIOFILE"]).read_bytes() if args.driver == "disk" else b""
    buffers = 2 * audio.MIXER_BUFFER / audio.SAMPLE_RATE
    latency = [1000 * (m - s + buffers) for s, m in zip(started, mixing, strict=True)]
    latency = latency[args.warmup:]
    frame_ms = [1000 * (b - a) for a, b in zip(started, started[1:], strict=False)][args.warmup:]
    print(f"pygame-ce {pygame.version.ver}, SDL audio driver {args.driver}, mixer buffer "
          f"{audio.MIXER_BUFFER} samples, one block queued")
    p95 = statistics.quantiles(latency, n=20)[-1]
    over = sum(ms >= 50 for ms in latency)
    print(f"write -> speaker: {statistics.median(latency):.1f} ms median, {p95:.1f} ms 95th "
          f"percentile, {max(latency):.1f} ms worst over {len(latency)} frames ({over} at 50 ms "
          f"or more); frames {statistics.fmean(frame_ms):.2f} ms apart (mean); "
          f"{speaker.dropped} blocks dropped")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if heard:
        at, gaps = heard.find(made[0]), 0
        for block in made[1:]:
            found = heard.find(block, at + len(block))
            gaps += found != at + len(block)
            at = found
        print(f"the driver got every block: {at >= 0}; gaps between blocks (the loop was "
              f"late: underruns): {gaps} of {len(made) - 1}")


if __name__ == "__main__":
    main()
