// Issue 15, items 2 and 3, on the HTTP side of `livedeck dev`: pages, reload events and the deck's
// files need a token (or the cookie a tokened request sets); the audience's page has no speaker
// notes; of the deck's folder only what the page loads is served, never the deck's source, the
// recordings, a file beside it, or a symlink out of the folder; the reload event stream is bounded
// and cannot crowd out the presenter.

import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DevServer } from '../../server/http/dev-server.js';
import { ROOT } from '../helpers/cli.js';

let dir: string;
let server: DevServer;
let base: URL;

/** A 1x1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'livedeck-access-'));
  cpSync(join(ROOT, 'tests', 'fixtures', 'decks'), dir, { recursive: true });
  writeFileSync(join(dir, 'figures', 'photo.png'), PNG);
  writeFileSync(join(dir, 'figures', 'unused.png'), PNG);
  symlinkSync('/etc/passwd', join(dir, 'figures', 'leak.png'));
  // A live recording as `livedeck dev` run from the deck's folder writes it.
  mkdirSync(join(dir, 'recordings', '2026-01-01_10-00-00'), { recursive: true });
  writeFileSync(join(dir, 'recordings', '2026-01-01_10-00-00', 'shell-abc.cast'), '{"version":2,"width":80,"height":24}\n[0.1,"o","secret typed\\r\\n"]\n');
  // A reveal-md style sheet: what it loads is served too.
  mkdirSync(join(dir, 'style'));
  writeFileSync(join(dir, 'style', 'deck.css'), '@import "more.css";\n.reveal { background: url(../figures/back.png) }\n');
  writeFileSync(join(dir, 'style', 'more.css'), '@font-face { font-family: X; src: url("fonts/x.woff2") }\n');
  mkdirSync(join(dir, 'style', 'fonts'));
  writeFileSync(join(dir, 'style', 'fonts', 'x.woff2'), 'font');
  writeFileSync(join(dir, 'figures', 'back.png'), PNG);
  const deck = join(dir, 'access.md');
  writeFileSync(deck, [
    '---', 'css: style/deck.css', '---', '',
    '# Access', '', 'Note:', 'PRIVATE-NOTE-1', '', '---', '',
    '<!-- .slide: data-notes="PRIVATE-NOTE-3" -->', '## Figures', '', '![A photo](figures/photo.png)', '', '![A leak](figures/leak.png)', '', '::: notes', 'PRIVATE-NOTE-2', ':::', '',
  ].join('\n'));
  server = new DevServer({ deck, host: '127.0.0.1', port: 0, token: null, watch: true, log: () => {} });
  base = new URL(await server.start());
});

after(async () => {
  await server?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
  /** Ends the request (an event stream stays open until then). */
  close(): void;
  /** Whether the server ended the answer. */
  ended(): boolean;
}

/** GET `path` with optional cookie; an event stream answers at its first bytes and stays open
 * until `close`, unless `keep` is false. */
function get(path: string, cookie?: string, keep = false): Promise<Answer> {
  return new Promise((done, fail) => {
    const req = request({ host: base.hostname, port: base.port, path, headers: cookie ? { Cookie: cookie } : {} }, (res) => {
      let body = '';
      let ended = false;
      res.on('close', () => { ended = true; });
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
        if (res.headers['content-type'] === 'text/event-stream') {
          done({ status: res.statusCode!, body, headers: res.headers, close: () => req.destroy(), ended: () => ended });
          if (!keep) req.destroy();
        }
      });
      res.on('end', () => done({ status: res.statusCode!, body, headers: res.headers, close: () => {}, ended: () => true }));
    });
    req.on('error', fail);
    req.end();
  });
}

const presenter = () => `?token=${server.tokens.presenter}`;
const audience = () => `?token=${server.tokens.audience}`;

test('no token, no page: the deck, the presenter view and the reload events answer 401', async () => {
  for (const path of ['/', '/index.html', '/presenter', '/_livedeck/events', '/figures/photo.png', '/?token=wrong-token-wrong-token']) {
    const answer = await get(path);
    assert.equal(answer.status, 401, path);
    assert.doesNotMatch(answer.body, /PRIVATE-NOTE/);
  }
  // livedeck's own runtime is public: it is the same for every deck.
  assert.equal((await get('/_livedeck/livedeck.css')).status, 200);
});

test('the audience\'s page has no speaker notes; the presenter\'s has them all', async () => {
  const forAudience = await get(`/${audience()}`);
  assert.equal(forAudience.status, 200);
  assert.match(forAudience.body, /<h2>Figures<\/h2>/);
  assert.doesNotMatch(forAudience.body, /PRIVATE-NOTE|class="notes"/);
  const forPresenter = await get(`/${presenter()}`);
  assert.match(forPresenter.body, /PRIVATE-NOTE-1/);
  assert.match(forPresenter.body, /PRIVATE-NOTE-2/);
  assert.match(forPresenter.body, /PRIVATE-NOTE-3/);
  assert.equal((await get(`/presenter${audience()}`)).status, 403);
  assert.equal((await get(`/presenter${presenter()}`)).status, 200);
});

test('a tokened page sets an HttpOnly, SameSite=Strict cookie that serves the reload and the page\'s files', async () => {
  const first = await get(`/${presenter()}`);
  const setCookie = String(first.headers['set-cookie']);
  assert.match(setCookie, /HttpOnly/);
  assert.match(setCookie, /SameSite=Strict/);
  const cookie = setCookie.split(';')[0]!;
  assert.match((await get('/', cookie)).body, /PRIVATE-NOTE-1/, 'a reload (no token in the address) is the presenter\'s page');
  assert.equal((await get('/presenter', cookie)).status, 200);
  assert.equal((await get('/figures/photo.png', cookie)).status, 200);
  const events = await get('/_livedeck/events', cookie);
  assert.equal(events.status, 200);
  // The audience's cookie gets the notes-free page.
  const audienceCookie = String((await get(`/${audience()}`)).headers['set-cookie']).split(';')[0]!;
  assert.doesNotMatch((await get('/', audienceCookie)).body, /PRIVATE-NOTE/);
  // A forged cookie is no token.
  assert.equal((await get('/', `livedeck-${base.port}=not-the-token-at-all`)).status, 401);
});

test('only the files the page loads are served: not the deck, not the recordings, not a symlink out', async () => {
  const token = presenter();
  for (const path of ['/figures/photo.png', '/style/deck.css', '/style/more.css', '/figures/back.png', '/style/fonts/x.woff2']) {
    assert.equal((await get(`${path}${token}`)).status, 200, path);
  }
  for (const path of [
    '/access.md', '/basic.md', '/figures/unused.png', '/figures/square.svg',
    '/recordings/2026-01-01_10-00-00/shell-abc.cast', '/figures/leak.png', '/figures/../access.md', '/%2e%2e/%2e%2e/etc/passwd',
  ]) {
    const answer = await get(`${path}${token}`);
    assert.equal(answer.status, 404, path);
    assert.doesNotMatch(answer.body, /root:|secret typed/);
  }
});

test('600 audience event streams: the excess is refused, the presenter still gets one and the page', async () => {
  const audienceCookie = String((await get(`/${audience()}`)).headers['set-cookie']).split(';')[0]!;
  const answers = await Promise.all(Array.from({ length: 600 }, () => get('/_livedeck/events', audienceCookie, true)));
  try {
    assert.equal(answers.filter((a) => a.status === 200).length, 512);
    assert.equal(answers.filter((a) => a.status === 429).length, 600 - 512);
    assert.equal((await get(`/_livedeck/events${presenter()}`)).status, 200);
    assert.equal((await get(`/${presenter()}`)).status, 200);
  } finally {
    for (const answer of answers) answer.close();
  }
});

test('connections that say nothing are closed after 10 s; an event stream, quiet too, stays', { timeout: 30_000 }, async () => {
  const silent = Array.from({ length: 50 }, () => {
    const socket = connect(Number(base.port), base.hostname);
    socket.on('error', () => {});
    return new Promise<number>((done) => socket.once('close', () => done(Date.now())));
  });
  const started = Date.now();
  const stream = await get(`/_livedeck/events${presenter()}`, undefined, true);
  try {
    const closedAt = await Promise.all(silent);
    const slowest = Math.max(...closedAt) - started;
    assert.ok(slowest >= 9_000 && slowest < 15_000, `closed after ${slowest} ms`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.equal(stream.ended(), false, 'the event stream is still open');
  } finally {
    stream.close();
  }
});
