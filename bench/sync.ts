// Benchmark of the deck sync (issue: presenter view and audience follow), written as the
// "## Deck sync" section of bench/RESULTS.md (its hand-written "### Interpretation" is kept):
// (a) the real `livedeck dev` with 200 audience windows and 2 other presenter windows on `/sync`
//     (plain WebSockets in this process): a presenter moves the deck every 50 ms; delay from its
//     `goto` to each other window receiving the position, p50/p99/max, and the server's RSS;
// (b) real Chromium, presenter and audience pages in separate browser contexts: `Reveal.next()`
//     in the presenter page until the audience page's reveal.js has moved (its own `slidechanged` /
//     `fragmentshown` event, stamped with Date.now(): same machine, same clock).
//   npm run build && node --import tsx bench/sync.ts

import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import type { Page } from 'playwright-core';
import type { SyncServerMessage } from '../common/sync-protocol.js';
import { launchChromium } from '../server/browser.js';
import { markdownTable, sourceVersion, uptime, writeSection } from './results.js';
import { median, ms, percentile } from './stats.js';
import { ROOT, ServerProcess } from './terminal/server-process.js';

const COMMAND = 'npm run build && node --import tsx bench/sync.ts';
const SECTION_TITLE = '## Deck sync';
const DECK = join('slides', 'virtualisation.md');
const AUDIENCE = 200;
const OTHER_PRESENTERS = 2;
const MOVES = 200;
const MOVE_EVERY_MS = 50;
const BROWSER_MOVES = 40;
const GOAL_MS = 100;

interface Window {
  ws: WebSocket;
  /** Arrival time (performance.now()) of each position, keyed "h/f". */
  arrivals: Map<string, number>;
}

async function openWindow(server: ServerProcess, token: string): Promise<Window> {
  const { target } = server;
  const ws = new WebSocket(target.url.replace(/\/term$/, '/sync'), { headers: { Origin: target.origin } });
  const window: Window = { ws, arrivals: new Map() };
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const ready = new Promise<void>((resolve) => {
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as SyncServerMessage;
      if (message.type === 'ready') resolve();
      if (message.type === 'position') window.arrivals.set(`${message.h}/${message.f}`, performance.now());
    });
  });
  ws.send(JSON.stringify({ type: 'hello', token }));
  await ready;
  return window;
}

function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

async function socketsRun(): Promise<{ delays: number[]; rssIdle: number; rssLoaded: number }> {
  const server = await ServerProcess.livedeck({ deck: DECK, noRecord: true });
  try {
    const rssIdle = rssMb(server.pid);
    const leader = await openWindow(server, server.target.token);
    const followers: Window[] = [];
    for (let i = 0; i < OTHER_PRESENTERS; i++) followers.push(await openWindow(server, server.target.token));
    for (let i = 0; i < AUDIENCE; i++) followers.push(await openWindow(server, server.target.audienceToken));
    const sent = new Map<string, number>();
    for (let move = 0; move < MOVES; move++) {
      const key = `${move % 18}/${move}`;
      sent.set(key, performance.now());
      leader.ws.send(JSON.stringify({ type: 'goto', h: move % 18, v: 0, f: move }));
      await new Promise((resolve) => setTimeout(resolve, MOVE_EVERY_MS));
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    const rssLoaded = rssMb(server.pid);
    const delays: number[] = [];
    for (const window of followers) {
      for (const [key, at] of sent) {
        const arrived = window.arrivals.get(key);
        if (arrived === undefined) throw new Error(`a window never heard of move ${key}`);
        delays.push(arrived - at);
      }
    }
    for (const window of [leader, ...followers]) window.ws.close();
    return { delays, rssIdle, rssLoaded };
  } finally {
    await server.stop();
  }
}

async function browserRun(spacingMs: number): Promise<number[]> {
  const server = await ServerProcess.livedeck({ deck: DECK, noRecord: true });
  const browser = await launchChromium();
  try {
    const base = server.target.origin;
    const open = async (token: string): Promise<Page> => {
      const page = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
      await page.goto(`${base}/?token=${token}`);
      await page.waitForSelector('html[data-ld-ready="true"]', { state: 'attached' });
      return page;
    };
    const presenter = await open(server.target.token);
    const audience = await open(server.target.audienceToken);
    await audience.evaluate(() => {
      const stamps: number[] = [];
      (window as unknown as { moves: number[] }).moves = stamps;
      const reveal = (window as unknown as { Reveal: { on(type: string, listener: () => void): void } }).Reveal;
      for (const type of ['slidechanged', 'fragmentshown']) reveal.on(type, () => stamps.push(Date.now()));
    });
    // As in a lecture, the pages have settled (fonts, first panes) before the teacher moves.
    await presenter.waitForTimeout(1000);
    const delays: number[] = [];
    for (let move = 0; move < BROWSER_MOVES; move++) {
      const before = await audience.evaluate(() => (window as unknown as { moves: number[] }).moves.length);
      const at = await presenter.evaluate(() => {
        const now = Date.now();
        (window as unknown as { Reveal: { next(): void } }).Reveal.next();
        return now;
      });
      const arrived = await audience.waitForFunction((n) => {
        const moves = (window as unknown as { moves: number[] }).moves;
        return moves.length > n ? moves[n] : false;
      }, before, { polling: 5 });
      delays.push(((await arrived.jsonValue()) as number) - at);
      await presenter.waitForTimeout(spacingMs);
    }
    return delays;
  } finally {
    await browser.close();
    await server.stop();
  }
}

const before = uptime();
const sockets = await socketsRun();
/** A teacher's usual pace, and pressing "next" as fast as a clicker goes. */
const PACES = [1000, 100];
const browserDelays: number[][] = [];
for (const pace of PACES) browserDelays.push(await browserRun(pace));
const after = uptime();
const windows = AUDIENCE + OTHER_PRESENTERS;
const verdict = (value: number) => (value < GOAL_MS ? 'PASS' : 'FAIL');
const table = markdownTable([
  ['', 'p50', 'p99', 'max', 'goal', ''],
  [`(a) presenter move → each of ${windows} other windows (sockets, ${sockets.delays.length} deliveries)`, ms(median(sockets.delays)), ms(percentile(sockets.delays, 99)), ms(Math.max(...sockets.delays)), `< ${GOAL_MS} ms`, verdict(percentile(sockets.delays, 99))],
  ...PACES.map((pace, i) => {
    const delays = browserDelays[i]!;
    return [`(b) \`Reveal.next()\` in the presenter page → the audience page's reveal.js moved (${delays.length} moves, ${pace} ms apart)`, ms(median(delays)), ms(percentile(delays, 99)), ms(Math.max(...delays)), `< ${GOAL_MS} ms`, verdict(percentile(delays, 99))];
  }),
]);
writeSection(join(ROOT, 'bench', 'RESULTS.md'), SECTION_TITLE, `
\`bench/sync.ts\`: the \`/sync\` socket of the real \`livedeck dev\` (course deck, \`--no-record\`). (a) ${AUDIENCE}
audience windows and ${OTHER_PRESENTERS} other presenter windows as plain WebSockets in the benchmark process; one presenter
moves the deck ${MOVES} times, every ${MOVE_EVERY_MS} ms; the delay runs from its \`goto\` being sent to each other window
receiving the position. (b) Real Chromium: a presenter page and an audience page in separate browser contexts;
\`Reveal.next()\` in the presenter page (Date.now() before it) until the audience page's own reveal.js event for the
move (Date.now() in it), ${BROWSER_MOVES} moves through the course deck's first slides and steps, starting 1 s after both
pages were ready; once ${PACES[0]} ms apart (a teacher's pace), once ${PACES[1]} ms apart (a clicker pressed as fast as it goes: the
audience page is then still opening the terminals of the slide before when the next move comes).

- Date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; livedeck built from ${sourceVersion(ROOT)}.
- Machine: ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}; \`uptime\` before: \`${before}\`, after: \`${after}\`.
- Rerun: \`${COMMAND}\` (about half a minute).
- Server RSS: ${sockets.rssIdle.toFixed(0)} MB before the windows connected, ${sockets.rssLoaded.toFixed(0)} MB with the ${windows + 1} windows after the moves.

${table}
`);
console.log(table);
