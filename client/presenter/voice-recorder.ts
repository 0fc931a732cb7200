// The teacher's voice as the presenter view records it: what the microphone button wants (record
// or not) against what is (starting, recording, pausing, paused, waiting for the server), and the
// time recorded so far. Each recording stretch is a segment: a new capture (a new WebM stream, its
// header first) and a new file on the server; a pause ends it, and so does a dropped socket, after
// which recording resumes by itself in a new segment once the server is back.

import { VOICE_FORMATS } from '../../common/voice-protocol.js';
import { CaptureError, VoiceCapture, type CaptureProblem } from './voice-capture.js';
import { VoiceChannel, VoiceChannelError } from './voice-channel.js';

export type VoiceStateName = 'off' | 'starting' | 'recording' | 'pausing' | 'paused' | 'reconnecting';

/** Why the voice is not recording when the teacher asked for it. */
export type VoiceProblem =
  | { kind: CaptureProblem }
  | { kind: 'busy' | 'lost' | 'bad-token' }
  | { kind: 'server'; message: string };

export interface VoiceRecorderOptions {
  /** The `/voice` endpoint. */
  url: string;
  token: string;
  /** The state, the time or the problem changed. */
  changed(): void;
}

const MIME = VOICE_FORMATS[0].mime;
/** After a drop the server may still hold the old segment (a socket it has not seen go away,
 * until its heartbeat drops it): a start it calls busy is tried again, this often, this long. */
const BUSY_RETRY_MS = 2000;
const BUSY_RETRY_FOR_MS = 30_000;

export class VoiceRecorder {
  state: VoiceStateName = 'off';
  /** The last problem, until the next press of the button. */
  problem: VoiceProblem | null = null;
  /** The teacher's wish: the button's last press. */
  private wanted = false;
  private readonly channel: VoiceChannel;
  private capture: VoiceCapture | null = null;
  /** Milliseconds recorded in the segments before the current one. */
  private banked = 0;
  /** performance.now() when the current segment started recording. */
  private since = 0;
  /** Until when a busy server is tried again (after a drop), or 0. */
  private busyRetryUntil = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(private readonly options: VoiceRecorderOptions) {
    this.channel = new VoiceChannel({
      url: options.url,
      token: options.token,
      ready: () => this.settle(),
      dropped: () => this.dropped(),
      failed: (error) => this.failed(error),
    });
  }

  /** Milliseconds of voice recorded so far (every segment of this view). */
  recorded(): number {
    return this.banked + (this.state === 'recording' ? performance.now() - this.since : 0);
  }

  /** The microphone button: record, or pause. */
  toggle(): void {
    this.wanted = !this.wanted;
    this.problem = null;
    this.busyRetryUntil = 0;
    clearTimeout(this.retryTimer);
    if (!this.wanted && this.state === 'reconnecting') this.state = this.banked > 0 ? 'paused' : 'off';
    this.settle();
    this.options.changed();
  }

  dispose(): void {
    this.disposed = true;
    this.wanted = false;
    clearTimeout(this.retryTimer);
    this.capture?.dispose();
    this.capture = null;
    this.channel.dispose();
  }

  /** Moves toward what the teacher wants, unless a move is under way (it settles when done). */
  private settle(): void {
    if (this.state === 'starting' || this.state === 'pausing') return;
    if (this.wanted && this.state !== 'recording') void this.record();
    else if (!this.wanted && this.state === 'recording') void this.pause();
  }

  private async record(): Promise<void> {
    if (!this.channel.ready) {
      this.enter('reconnecting');
      return;
    }
    this.enter('starting');
    let capture: VoiceCapture;
    try {
      capture = await VoiceCapture.open(MIME);
    } catch (error) {
      return this.give(error instanceof CaptureError ? { kind: error.problem } : { kind: 'server', message: String(error) });
    }
    if (!this.wanted) {
      capture.dispose();
      return this.rest();
    }
    try {
      await this.channel.start(MIME);
    } catch (error) {
      capture.dispose();
      return this.refused(error as VoiceChannelError);
    }
    this.busyRetryUntil = 0;
    this.capture = capture;
    this.since = performance.now();
    capture.record((bytes, level) => this.channel.chunk(bytes, level), () => this.lost());
    this.enter('recording');
    if (!this.wanted) void this.pause();
  }

  private async pause(): Promise<void> {
    const capture = this.capture;
    this.capture = null;
    this.bank();
    this.enter('pausing');
    await capture?.stop();
    await this.channel.stop();
    this.rest();
  }

  /** Not recording, and nothing under way: paused (or off before the first segment). */
  private rest(): void {
    this.enter(this.banked > 0 ? 'paused' : 'off');
    this.settle();
  }

  /** The server would not open the segment. */
  private refused(error: VoiceChannelError): void {
    if (error.code === 'dropped') {
      // Back with `ready`; the server may not have seen this socket go yet.
      this.busyRetryUntil = performance.now() + BUSY_RETRY_FOR_MS;
      return this.enter('reconnecting');
    }
    if (error.code === 'busy' && performance.now() < this.busyRetryUntil) {
      this.enter('reconnecting');
      this.retryTimer = setTimeout(() => this.settle(), BUSY_RETRY_MS);
      return;
    }
    this.give(error.code === 'busy' ? { kind: 'busy' } : { kind: 'server', message: error.message });
  }

  /** The socket went away: the server ended the segment; a new one starts once it is back. */
  private dropped(): void {
    if (this.state !== 'recording') return;
    this.capture?.dispose();
    this.capture = null;
    this.bank();
    this.busyRetryUntil = performance.now() + BUSY_RETRY_FOR_MS;
    this.enter('reconnecting');
  }

  /** The server could not write, or refused the token: recording stops, the view says why. */
  private failed(error: VoiceChannelError): void {
    if (this.state === 'recording') {
      this.capture?.dispose();
      this.capture = null;
      this.bank();
    }
    this.give(error.code === 'bad-token' ? { kind: 'bad-token' } : { kind: 'server', message: error.message });
  }

  /** The microphone or the recorder stopped by itself. */
  private lost(): void {
    if (this.state !== 'recording') return;
    this.wanted = false;
    this.problem = { kind: 'lost' };
    void this.pause();
  }

  /** Gives up on recording until the next press, saying why. */
  private give(problem: VoiceProblem): void {
    this.wanted = false;
    this.problem = problem;
    if (this.state !== 'pausing') this.rest();
    else this.options.changed();
  }

  private bank(): void {
    if (this.state === 'recording') this.banked += performance.now() - this.since;
  }

  private enter(state: VoiceStateName): void {
    this.state = state;
    if (!this.disposed) this.options.changed();
  }
}
