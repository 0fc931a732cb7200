// The versions of the deck a lecture's page shows in place (common/lecture-deck.ts): their data
// scripts, loaded once each (prefetched after the player starts, or when a seek needs one), and
// the swap of a version's slides into the page, which reveal.js then takes up (sync) as its deck.

import type { RevealApi } from 'reveal.js';
import { LECTURE_DECKS_GLOBAL, type LectureDeckVersion } from '../../common/lecture-deck.js';
import { afterNextPaint } from '../ui/dom.js';
import { loadScript, siteGlobal } from './lecture-data.js';

export class DeckVersions {
  private readonly loading = new Map<string, Promise<LectureDeckVersion>>();
  private readonly loaded = new Map<string, LectureDeckVersion>();

  /** `root`: the site's root as seen from this page. */
  constructor(private readonly root: string) {}

  /** Version `script` (its path from the site's root) if it has loaded, else undefined. */
  get(script: string): LectureDeckVersion | undefined {
    return this.loaded.get(script);
  }

  /** Loads version `script` once; rejects with its path when it does not load. */
  load(script: string): Promise<LectureDeckVersion> {
    let promise = this.loading.get(script);
    if (!promise) {
      promise = loadScript(this.root + script).then(() => {
        const version = (siteGlobal(LECTURE_DECKS_GLOBAL) as Record<string, LectureDeckVersion> | undefined)?.[script];
        if (typeof version?.slides !== 'string') throw new Error(`livedeck: ${script} did not set its deck`);
        this.loaded.set(script, version);
        return version;
      });
      this.loading.set(script, promise);
    }
    return promise;
  }

  dispose(): void {
    this.loading.clear();
    this.loaded.clear();
  }
}

/** Puts `version`'s slides in the page in place of those shown, and has reveal.js take them up as
 * its deck (its indices stay: the caller shows the position it wants next, in the same task);
 * `placed` runs in between, on the new markup (DeckTerminals.replaceSlides). Without transitions
 * until then, as reveal.js starts: the new markup's first slide would otherwise fade out over the
 * one shown. */
export function swapSlides(deck: RevealApi, version: LectureDeckVersion, placed: () => void): void {
  const slides = deck.getSlidesElement();
  if (!slides) throw new Error('livedeck: the page has no slides to replace');
  slides.classList.add('no-transition');
  slides.innerHTML = version.slides;
  document.title = version.title;
  placed();
  deck.sync();
  void afterNextPaint().then(() => slides.classList.remove('no-transition'));
}
