// Finding and starting Chromium for the PDF export and the browser tests, in this
// order: an explicit path, $CHROME_PATH, a system Chromium/Chrome, Playwright's own download.

import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { requireWithCodeCache } from './code-cache.js';
import { LivedeckError } from './errors.js';

// playwright-core is CommonJS; require() loads it about 0.2 s faster than an ES import, which
// runs Node's CommonJS export analysis over its 7 MB bundle, and V8's code cache spares compiling
// that bundle again in every process (another 0.2 s).
const { chromium } = requireWithCodeCache('playwright-core', import.meta.url) as typeof import('playwright-core');

const SYSTEM_BROWSERS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

/** Flags for a quiet, offline, root-safe headless Chromium. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export const HOW_TO_GET_CHROMIUM = 'install one (Debian/Ubuntu: sudo apt-get install chromium), or point to it with --browser PATH or CHROME_PATH=PATH';

/** The browser executable to use, or null when none is found. */
export function findChromium(explicit?: string | null): string | null {
  if (explicit) {
    if (!existsSync(explicit)) throw new LivedeckError('browser-not-found', `no browser at ${explicit}`, { hint: HOW_TO_GET_CHROMIUM });
    return explicit;
  }
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new LivedeckError('browser-not-found', `CHROME_PATH points to ${fromEnv}, which does not exist`, { hint: HOW_TO_GET_CHROMIUM });
    return fromEnv;
  }
  for (const path of SYSTEM_BROWSERS) if (existsSync(path)) return path;
  try {
    const own = chromium.executablePath();
    if (own && existsSync(own)) return own;
  } catch {
    // Playwright has no browser of its own here.
  }
  return null;
}

export async function launchChromium(explicit?: string | null): Promise<Browser> {
  const executablePath = findChromium(explicit);
  if (executablePath === null) throw new LivedeckError('browser-not-found', 'no Chromium or Chrome found', { hint: HOW_TO_GET_CHROMIUM });
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}
