// What a pane's title bar says for its source's state, and the notice over its screen when the
// source failed: plain words from the page's strings, worked out apart from the DOM.

import type { UiStrings } from '../ui/i18n.js';
import type { SourceState } from './source.js';

export interface StatusWords {
  /** The title bar's text ('' while idle). */
  text: string;
  /** Why the source failed, in the reader's words, or null. */
  notice: string | null;
}

/** `replay`: the source plays a recording (its failure is the recording's, not a shell's). */
export function statusWords(state: SourceState, strings: UiStrings, replay: boolean): StatusWords {
  switch (state.name) {
    case 'idle':
      return { text: '', notice: null };
    case 'loading':
      return { text: strings.loadingRecording, notice: null };
    case 'paused':
      return { text: strings.recording, notice: null };
    case 'playing':
      return { text: strings.playing, notice: null };
    case 'ended':
      return { text: strings.recordingEnded, notice: null };
    case 'connecting':
      return { text: strings.connecting, notice: null };
    case 'live':
      return { text: state.role === 'presenter' ? strings.live : strings.readOnly, notice: null };
    case 'reconnecting':
      return { text: state.reason === 'waiting-for-presenter' ? strings.waitingForPresenter : strings.reconnecting, notice: null };
    case 'exited':
      return { text: strings.exited(state.code, state.signal), notice: null };
    case 'failed':
      return {
        text: replay ? strings.recordingFailed : strings.failed,
        notice: state.reason === 'bad-token' ? strings.badToken
          : state.reason === 'unknown-demo' ? `${strings.unknownDemo}\n\n${state.detail}`
          : state.reason === 'start-failed' ? `${strings.startFailed}\n\n${state.detail}`
          : state.reason === 'cast-missing' ? `${strings.recordingMissing}\n\n${state.detail}`
          : state.reason === 'cast-invalid' ? `${strings.recordingInvalid}\n\n${state.detail}`
          : state.detail,
      };
  }
}
