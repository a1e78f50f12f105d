"""Speech as WAV bytes: espeak-ng (Debian's package) for text, and the sample work the speech
output needs (mono 16-bit, at most 16 kHz, volume). No Qt: tools/build_prompts.py uses it too."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import wave
from array import array

from kiosk.core.speech_script import Language

VOICES = {Language.ZH_CN: "cmn", Language.EN: "en"}
# A little slower than everyday speech (elderly patrons, a noisy lobby). espeak-ng's Mandarin
# at its English pace says about 2 characters a second, far slower than that: 210 says 3.
WORDS_PER_MINUTE = {Language.ZH_CN: 210, Language.EN: 150}
MAX_RATE = 16000  # Hz: speech needs no more, and the committed prompts stay small
SYNTH_TIMEOUT_S = 20.0
SILENCE = 200  # sample level under which espeak-ng's lead-in and tail count as silence
PAD_S = 0.05  # of silence kept at each end


class VoiceError(Exception):
    """espeak-ng is missing or failed."""


def espeak() -> str | None:
    return shutil.which("espeak-ng")


def synthesize(text: str, language: Language) -> bytes:
    """``text`` spoken as a WAV file's bytes (mono, 16-bit, at most ``MAX_RATE``). Blocks for
    as long as espeak-ng takes: call it off the GUI thread."""
    command = espeak()
    if command is None:
        raise VoiceError("espeak-ng not found")
    try:
        done = subprocess.run(
            [command, "-v", VOICES[language], "-s", str(WORDS_PER_MINUTE[language]), "--stdout"],
            input=text.encode(),  # on stdin: a title that starts with "-" is no option
            capture_output=True,
            check=True,
            timeout=SYNTH_TIMEOUT_S,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise VoiceError(f"espeak-ng failed: {exc}") from exc
    return trimmed(downsample(done.stdout))


def read_wav(data: bytes) -> tuple[int, array[int]]:
    """Rate and samples of a mono 16-bit WAV. espeak-ng's --stdout cannot seek back to fill in
    the sizes, so its header claims the maximum: read to the end of the data."""
    try:
        with wave.open(io.BytesIO(data), "rb") as wav:
            if wav.getnchannels() != 1 or wav.getsampwidth() != 2:
                raise VoiceError("not a mono 16-bit WAV")
            rate = wav.getframerate()
            frames = wav.readframes(wav.getnframes())
    except (EOFError, wave.Error) as exc:
        raise VoiceError(f"not a WAV: {exc}") from exc
    samples = array("h")
    samples.frombytes(frames[: len(frames) // 2 * 2])
    if sys.byteorder == "big":
        samples.byteswap()
    return rate, samples


def write_wav(rate: int, samples: array[int]) -> bytes:
    out = io.BytesIO()
    data = array("h", samples)
    if sys.byteorder == "big":
        data.byteswap()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(data.tobytes())
    return out.getvalue()


def downsample(data: bytes) -> bytes:
    """Halve the rate (averaging pairs: a crude low-pass) until it is at most ``MAX_RATE``."""
    rate, samples = read_wav(data)
    while rate > MAX_RATE:
        # an odd last sample is dropped
        samples = array(
            "h", ((a + b) // 2 for a, b in zip(samples[::2], samples[1::2], strict=False))
        )
        rate //= 2
    return write_wav(rate, samples)


def trimmed(data: bytes) -> bytes:
    """Without the silence espeak-ng puts around speech (a prompt should follow at once)."""
    rate, samples = read_wav(data)
    loud = [i for i, s in enumerate(samples) if abs(s) > SILENCE]
    if not loud:
        return data
    pad = int(rate * PAD_S)
    return write_wav(rate, samples[max(0, loud[0] - pad) : loud[-1] + pad])


def scaled(data: bytes, volume: float) -> bytes:
    """The WAV at ``volume`` (0..1) of its level."""
    rate, samples = read_wav(data)
    if volume < 1.0:
        factor = max(0.0, volume)
        samples = array("h", (int(s * factor) for s in samples))
    return write_wav(rate, samples)
