"""Write the kiosk's sound cues (resources/sounds/*.wav): short, soft tones made from sine waves."""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RATE = 22050  # Hz: plenty for tones under 2 kHz, and small files
VOLUME = 0.35  # of full scale: a lobby, not an alarm

# Each cue: notes as (frequency in Hz, duration in s); 0 Hz is a rest.
CUES: dict[str, list[tuple[float, float]]] = {
    "success": [(880.0, 0.09), (1318.5, 0.16)],  # a rising fifth: done
    "error": [(330.0, 0.14), (0.0, 0.05), (262.0, 0.22)],  # falling and low: look at the screen
    "attention": [(660.0, 0.12), (0.0, 0.06), (660.0, 0.12)],  # two even taps: please act
}


def note(frequency: float, seconds: float) -> list[float]:
    count = int(RATE * seconds)
    if frequency == 0:
        return [0.0] * count
    attack = int(RATE * 0.01)
    samples = []
    for i in range(count):
        # A quick attack and an exponential fade avoid clicks and sound like a soft bell.
        envelope = min(1.0, i / attack) * math.exp(-4.0 * i / count)
        tone = math.sin(2 * math.pi * frequency * i / RATE)
        overtone = 0.25 * math.sin(4 * math.pi * frequency * i / RATE)
        samples.append(envelope * (tone + overtone) / 1.25)
    return samples


def write(path: Path, notes: list[tuple[float, float]]) -> None:
    samples = [s for f, d in notes for s in note(f, d)]
    frames = b"".join(struct.pack("<h", int(s * VOLUME * 32767)) for s in samples)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(frames)


def main() -> None:
    folder = ROOT / "resources" / "sounds"
    folder.mkdir(parents=True, exist_ok=True)
    for name, notes in CUES.items():
        path = folder / f"{name}.wav"
        write(path, notes)
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
