// The error a fixture deck is expected to fail with, for the compiler's tests.

import assert from 'node:assert/strict';
import { compileDeck } from '../../server/deck/compile.js';
import { LivedeckError } from '../../server/errors.js';

/** Compiles the deck at `path` and returns the LivedeckError it fails with (a test failure if it
 * compiles, or fails with anything else). */
export async function compileError(path: string): Promise<LivedeckError> {
  try {
    await compileDeck(path);
  } catch (e) {
    assert.ok(e instanceof LivedeckError, `expected a LivedeckError, got ${String(e)}`);
    return e;
  }
  assert.fail(`${path} compiled without error`);
}
