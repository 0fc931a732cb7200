// `--range 2-5,8`: the slides to export, by number (1-based, as the footers show them). Strict:
// every part must be a number or a rising span inside the deck, each slide named once, in order.

import { LivedeckError } from '../errors.js';

const HINT = 'slide numbers and spans separated by commas, in order, e.g. --range 2-5,8';

/** The slide numbers `text` names, in rising order; a LivedeckError says what is wrong. */
export function parseSlideRange(text: string, total: number): number[] {
  const bad = (why: string) => new LivedeckError('bad-range', `bad --range "${text}": ${why}`, { hint: HINT });
  if (text.trim() === '') throw bad('it is empty');
  const slides: number[] = [];
  for (const part of text.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) throw bad(part === '' ? 'an empty part (two commas, or a comma at an end)' : `"${part}" is not a slide number or a span like 2-5`);
    const first = Number(m[1]);
    const last = m[2] === undefined ? first : Number(m[2]);
    for (const n of [first, last]) {
      if (n < 1 || n > total) throw bad(`there is no slide ${n}: the deck has ${total} slides (1-${total})`);
    }
    if (last < first) throw bad(`the span ${part} goes down; write ${last}-${first}`);
    const previous = slides[slides.length - 1];
    if (previous !== undefined && first <= previous) {
      throw bad(slides.includes(first) ? `slide ${first} is named twice` : `${part} comes after slide ${previous}: name the slides in order`);
    }
    for (let n = first; n <= last; n++) slides.push(n);
  }
  return slides;
}
