// Fitting a terminal's font to its box (client/terminal/font-fit.ts), without a browser: the
// bisected search gives what trying every half pixel down from the preferred size gives.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fits, fittedFontSize } from '../../client/terminal/font-fit.js';

/** The first answer: every half pixel from the preferred size down. */
function linearFit(preferred: number, min: number, fitsAt: (size: number) => boolean): number {
  let size = preferred;
  while (size > min && !fitsAt(size)) size -= 0.5;
  return Math.max(min, size);
}

test('fittedFontSize gives the largest fitting size, as trying each half pixel does', () => {
  for (const preferred of [12, 12.5, 22, 28, 31.5]) {
    for (const min of [6, 8, 10.25]) {
      // A box that fits sizes up to `largest` (cells grow with the font, rounded like pixels).
      for (let largest = 4; largest <= 34; largest += 0.25) {
        const fitsAt = (size: number) => Math.round(size * 0.6 * 80) <= Math.round(largest * 0.6 * 80);
        assert.equal(fittedFontSize(preferred, min, fitsAt), linearFit(preferred, min, fitsAt), `preferred ${preferred}, min ${min}, largest ${largest}`);
      }
    }
  }
});

test('fittedFontSize measures a few sizes, not every half pixel', () => {
  const measured: number[] = [];
  const size = fittedFontSize(32, 8, (at) => {
    measured.push(at);
    return at <= 11;
  });
  assert.equal(size, 11);
  assert.ok(measured.length <= 7, `measured ${measured.join(', ')}`);
  // The preferred size that fits costs one measure.
  measured.length = 0;
  assert.equal(fittedFontSize(20, 8, (at) => (measured.push(at), true)), 20);
  assert.deepEqual(measured, [20]);
});

test('fits checks only the dimensions given', () => {
  const cell = { width: 10, height: 20 };
  const box = { width: 800, height: 480 };
  assert.equal(fits(cell, 80, 24, box), true);
  assert.equal(fits(cell, 81, 24, box), false);
  assert.equal(fits(cell, null, 25, box), false);
  assert.equal(fits(cell, 80, null, box), true);
});
