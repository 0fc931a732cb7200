// WAV files for Chromium's fake microphone (--use-file-for-fake-audio-capture, which loops them):
// mono 16-bit PCM, each sample from a function of the time.

/** `seconds` of `sample(t)` (t in seconds, the result in -1..1) at `rate` Hz. */
export function wavFile(seconds: number, sample: (t: number) => number, rate = 48_000): Buffer {
  const samples = Math.round(seconds * rate);
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0);
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVEfmt ', 8);
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36);
  wav.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) wav.writeInt16LE(Math.round(32767 * Math.max(-1, Math.min(1, sample(i / rate)))), 44 + i * 2);
  return wav;
}

/** A 440 Hz tone at `amplitude` of the full scale. */
export function tone(amplitude: number): (t: number) => number {
  return (t) => amplitude * Math.sin(2 * Math.PI * 440 * t);
}
