// What the livedeck page exposes to scripts running inside it (see client/main.ts).
import type { RevealApi } from 'reveal.js';

declare global {
  interface Window {
    Reveal: RevealApi;
  }
}
