// One segment of the teacher's voice in the browser: the microphone, a MediaRecorder making Opus in
// WebM at 32 kb/s a chunk a second, and the loudest moment of each chunk measured with an
// AnalyserNode (the lecture's build shortens long silences with it). The microphone is released
// when the segment ends, so the browser's own "recording" sign goes off with the view's.

import { VOICE_BITS_PER_SECOND, VOICE_CHUNK_MS, type VoiceMime } from '../../common/voice-protocol.js';

export type CaptureProblem = 'insecure' | 'unsupported' | 'denied' | 'no-microphone' | 'failed';

export class CaptureError extends Error {
  constructor(
    readonly problem: CaptureProblem,
    message: string,
  ) {
    super(message);
  }
}

/** How often the level is read: the analyser's window (16384 samples, a third of a second at
 * 48 kHz) is longer, so no moment of a chunk goes unmeasured. */
const METER_MS = 200;

export class VoiceCapture {
  private readonly context: AudioContext;
  private readonly analyser: AnalyserNode;
  private readonly samples: Float32Array<ArrayBuffer>;
  private readonly meter: ReturnType<typeof setInterval>;
  private recorder: MediaRecorder | null = null;
  /** The loudest moment since the last chunk; null: the meter did not run (no level known). */
  private peak: number | null = null;
  /** The chunks handed on so far, in order (reading a Blob is asynchronous). */
  private delivered: Promise<void> = Promise.resolve();
  private disposed = false;

  private constructor(
    private readonly stream: MediaStream,
    private readonly mime: VoiceMime,
  ) {
    this.context = new AudioContext();
    this.analyser = this.context.createAnalyser();
    this.analyser.fftSize = 16384;
    this.samples = new Float32Array(this.analyser.fftSize);
    this.context.createMediaStreamSource(stream).connect(this.analyser);
    this.meter = setInterval(() => this.measure(), METER_MS);
  }

  /** Asks for the microphone (the browser may ask the teacher). */
  static async open(mime: VoiceMime): Promise<VoiceCapture> {
    // Browsers give the microphone to secure pages only: localhost, or https.
    if (!window.isSecureContext || !navigator.mediaDevices?.getUserMedia) {
      throw new CaptureError('insecure', 'getUserMedia is not available on this page');
    }
    if (typeof MediaRecorder === 'undefined' || !MediaRecorder.isTypeSupported(mime)) {
      throw new CaptureError('unsupported', `MediaRecorder cannot record ${mime}`);
    }
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: { ideal: 1 } } });
    } catch (error) {
      const name = error instanceof DOMException ? error.name : '';
      const problem = name === 'NotAllowedError' || name === 'SecurityError' ? 'denied' : name === 'NotFoundError' || name === 'OverconstrainedError' ? 'no-microphone' : 'failed';
      throw new CaptureError(problem, error instanceof Error ? error.message : String(error));
    }
    return new VoiceCapture(stream, mime);
  }

  /** Starts recording: `chunk` gets each chunk in order with its level; `lost` is told once if
   * the microphone or the recorder stops by itself (unplugged, revoked, failed). */
  record(chunk: (bytes: ArrayBuffer, level: number) => void, lost: (reason: string) => void): void {
    const recorder = new MediaRecorder(this.stream, { mimeType: this.mime, audioBitsPerSecond: VOICE_BITS_PER_SECOND });
    this.recorder = recorder;
    recorder.ondataavailable = (event) => {
      this.measure();
      // An unmeasured chunk counts as voice: a silence is only ever cut where it was heard.
      const level = this.context.state === 'running' && this.peak !== null ? Math.min(1, this.peak) : 1;
      this.peak = null;
      if (event.data.size === 0 || this.disposed) return;
      const blob = event.data;
      this.delivered = this.delivered.then(async () => {
        const bytes = await blob.arrayBuffer();
        if (!this.disposed) chunk(bytes, level);
      });
    };
    recorder.onerror = () => lost('the recorder failed');
    for (const track of this.stream.getAudioTracks()) track.onended = () => lost('the microphone stopped');
    void this.context.resume();
    recorder.start(VOICE_CHUNK_MS);
  }

  /** Stops recording: resolves once the last chunk was handed on; the microphone is released. */
  async stop(): Promise<void> {
    const recorder = this.recorder;
    if (recorder !== null && recorder.state !== 'inactive') {
      await new Promise<void>((resolve) => {
        recorder.onstop = () => resolve();
        recorder.stop();
      });
    }
    await this.delivered;
    this.dispose();
  }

  /** Releases the microphone at once; chunks not yet handed on are dropped. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearInterval(this.meter);
    if (this.recorder !== null) {
      this.recorder.ondataavailable = null;
      this.recorder.onerror = null;
      if (this.recorder.state !== 'inactive') this.recorder.stop();
    }
    for (const track of this.stream.getTracks()) {
      track.onended = null;
      track.stop();
    }
    void this.context.close();
  }

  private measure(): void {
    if (this.disposed || this.context.state !== 'running') return;
    this.analyser.getFloatTimeDomainData(this.samples);
    let peak = this.peak ?? 0;
    for (const sample of this.samples) peak = Math.max(peak, Math.abs(sample));
    this.peak = peak;
  }
}
