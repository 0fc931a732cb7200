// The presenter view's microphone button (and its key, M): records the teacher's voice into the
// lecture or pauses it. While it records, a red dot and the time recorded, plainly; paused, the
// word and the total so far; a microphone refused, missing or unusable, a clear sentence beside
// it, and the rest of the view goes on as before.

import { el } from '../ui/dom.js';
import type { UiStrings } from '../ui/i18n.js';
import { formatDuration } from './timer.js';
import { VoiceRecorder, type VoiceProblem } from './voice-recorder.js';

/** The key that toggles the microphone: free in reveal.js and in the view. */
export const VOICE_KEY = 'm';

/** Whether `event` is the microphone's key, pressed outside anything that takes typing (a form
 * field, a terminal). */
export function isVoiceKey(event: KeyboardEvent): boolean {
  if (event.key.toLowerCase() !== VOICE_KEY || event.altKey || event.ctrlKey || event.metaKey) return false;
  // Not `instanceof Element`: a key pressed in the deck frame comes with the frame's own Element.
  const target = event.target as Partial<Pick<Element, 'closest'>> | null;
  if (typeof target?.closest !== 'function') return true;
  return target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"], .xterm') === null;
}

export class VoiceButton {
  readonly element: HTMLElement;
  private readonly button: HTMLButtonElement;
  private readonly time: HTMLElement;
  private readonly message: HTMLElement;
  private readonly recorder: VoiceRecorder | null;
  private readonly ticker: ReturnType<typeof setInterval>;
  /** Shown when the view has no token to open the channel with. */
  private missingToken = false;

  constructor(
    options: { url: string; token: string | null },
    private readonly strings: UiStrings,
  ) {
    this.element = el('div', 'ld-pv-voice');
    this.button = el('button', 'ld-pv-voice-button');
    this.button.type = 'button';
    const dot = el('span', 'ld-pv-voice-dot');
    dot.setAttribute('aria-hidden', 'true');
    this.time = el('span', 'ld-pv-voice-time');
    this.button.append(dot, this.time);
    this.button.addEventListener('click', () => this.toggle());
    this.message = el('span', 'ld-pv-voice-message');
    this.message.setAttribute('role', 'status');
    this.element.append(this.button, this.message);
    this.recorder = options.token === null ? null : new VoiceRecorder({ url: options.url, token: options.token, changed: () => this.render() });
    this.ticker = setInterval(() => this.render(), 500);
    this.render();
  }

  /** The button or its key: record, or pause. */
  toggle(): void {
    if (this.recorder === null) this.missingToken = true;
    this.recorder?.toggle();
    this.render();
  }

  dispose(): void {
    clearInterval(this.ticker);
    this.recorder?.dispose();
    this.element.remove();
  }

  private render(): void {
    const { strings } = this;
    const state = this.recorder?.state ?? 'off';
    const recorded = formatDuration(this.recorder?.recorded() ?? 0);
    this.element.dataset['state'] = state;
    const recording = state === 'recording' || state === 'pausing';
    this.time.textContent = recording
      ? recorded
      : state === 'starting' ? strings.voiceStarting
        : state === 'paused' ? `${strings.voicePaused} · ${recorded}`
          : state === 'reconnecting' ? `${strings.reconnecting} · ${recorded}`
            : strings.voice;
    this.button.title = recording || state === 'starting' || state === 'reconnecting' ? strings.voicePause : state === 'paused' ? strings.voiceResume : strings.voiceRecord;
    this.button.setAttribute('aria-label', `${recording ? `${strings.voiceRecording} ${recorded}. ` : ''}${this.button.title}`);
    this.button.setAttribute('aria-pressed', String(recording || state === 'starting' || state === 'reconnecting'));
    const problem = this.missingToken ? strings.voiceNoToken : this.recorder?.problem ? this.describe(this.recorder.problem) : '';
    this.message.textContent = problem;
    this.message.hidden = problem === '';
  }

  private describe(problem: VoiceProblem): string {
    const { strings } = this;
    switch (problem.kind) {
      case 'insecure': return strings.voiceInsecure;
      case 'unsupported': return strings.voiceUnsupported;
      case 'denied': return strings.voiceDenied;
      case 'no-microphone': return strings.voiceNoMicrophone;
      case 'failed': return strings.voiceFailed;
      case 'busy': return strings.voiceBusy;
      case 'lost': return strings.voiceLost;
      case 'bad-token': return strings.badToken;
      case 'server': return strings.voiceServer(problem.message);
    }
  }
}
