// `livedeck dev`: serves the compiled deck, its presenter view, the browser runtime and the deck's
// files, recompiles and reloads open pages on change, and hands WebSocket upgrades to the terminal
// service (`/term`), to the deck sync (`/sync`) and, when the lecture is recorded, to the presenter's
// microphone (`/voice`). Every request passes the Host check first;
// every upgrade the Origin check too. Pages, reload events and the deck's files need a token
// (page-access.ts): the presenter's page has the speaker notes, the audience's does not. Of the
// deck's folder only the files the page loads are served (never the deck's source, the
// recordings, or a symlink out of the folder); livedeck's own assets are public.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { basename, dirname, posix, resolve } from 'node:path';
import { ClientBundler, type AssetFiles } from '../assets/client-bundle.js';
import { compileDeck } from '../deck/compile.js';
import { findDemosDir } from '../demos/layout.js';
import { slideAt, type Deck } from '../deck/model.js';
import { renderErrorPage, renderPage } from '../deck/page.js';
import { renderPresenterPage } from './presenter-page.js';
import { LivedeckError } from '../errors.js';
import { CLIENT_DIR, COMMON_DIR, THEME_DIR } from '../paths.js';
import { FileWatcher, type WatchTarget } from './file-watcher.js';
import { HostGuard, refuseUpgrade } from '../access/host-guard.js';
import { LiveReloadHub } from './live-reload.js';
import { contentType, realpathInside, resolveInside, sendFile } from './static-files.js';
import type { TerminalService } from '../terminal/service.js';
import { paneSteps } from '../terminal/pane-steps.js';
import { livePaneSlides, paneLimitWarnings } from '../terminal/reclaim.js';
import { formatWarning } from '../deck/warnings.js';
import type { LiveRecorder } from '../recording/live-recorder.js';
import type { LectureRecorder } from '../lecture/lecture-recorder.js';
import type { VoiceService } from '../lecture/voice-service.js';
import type { SyncService } from '../sync/sync-service.js';
import type { DeckPosition } from '../../common/sync-protocol.js';
import { AccessTokens } from '../access/access-tokens.js';
import { devReplays } from '../casts/site-casts.js';
import { SCREEN_CACHE_DIR } from '../casts/screen-cache.js';
import { checkPageAccess, pageCookieName } from './page-access.js';
import { deckFilePaths } from './deck-files.js';

export interface DevServerOptions {
  deck: string;
  host: string;
  port: number;
  /** Fixed presenter token (--token / LIVEDECK_TOKEN); random when absent. */
  token: string | null;
  /** Watch files and reload pages (off in some tests and benchmarks). */
  watch: boolean;
  /** Where diagnostics and notices go. */
  log: (line: string) => void;
  /** Record every terminal session under this folder (one sub-folder per launch); absent or null:
   * no recording. */
  recordings?: string | null;
}

export const ASSETS_PREFIX = '/_livedeck/';
/** An HTTP connection silent this long is closed. */
const IDLE_TIMEOUT_MS = 10_000;
/** livedeck's own sources: a change rebuilds the browser runtime. */
const RUNTIME_DIRS = [CLIENT_DIR, THEME_DIR, COMMON_DIR];
const EVENTS_PATH = `${ASSETS_PREFIX}events`;

export class DevServer {
  readonly tokens = { presenter: '', audience: '' };
  private readonly server: Server;
  private readonly reloadHub = new LiveReloadHub();
  private readonly bundler = new ClientBundler();
  private guard: HostGuard | null = null;
  private watcher: FileWatcher | null = null;
  private deck: Deck | null = null;
  /** The deck as compiled, before its cast= panes' replays are added: what a lecture stores. */
  private compiled: Deck | null = null;
  /** The files of the deck's cast= recordings, by URL path (devReplays). */
  private castFiles = new Map<string, string>();
  private deckError: LivedeckError | null = null;
  /** The warnings last logged, so a save that changes nothing repeats none. */
  private warningsShown = '';
  /** The deck's page for presenters (with the speaker notes) and for the audience (without). */
  private page = '';
  private audiencePage = '';
  /** URL paths of the deck's files the page loads (decoded, e.g. "/figures/photo.png"): the only
   * ones of its folder that are served. */
  private deckFiles = new Set<string>();
  private access: AccessTokens;
  private assets: AssetFiles = new Map();
  private assetsReady: Promise<void> = Promise.resolve();
  /** Settles when the first compile is done: no request sees a page before it. */
  private firstCompile: Promise<unknown> = Promise.resolve();
  private terminals: TerminalService | null = null;
  private sync: SyncService | null = null;
  private recorder: LiveRecorder | null = null;
  /** The lecture's timeline, beside the casts (when recording). */
  private lecture: LectureRecorder | null = null;
  /** The presenter's microphone (`/voice`), when the lecture is recorded. */
  private voice: VoiceService | null = null;
  /** The slide the presenters are on (h, v), for the recordings' slide markers. */
  private slideShown: string | null = null;

  constructor(private readonly options: DevServerOptions) {
    this.tokens.presenter = options.token ?? newToken();
    this.tokens.audience = newToken();
    this.access = new AccessTokens(this.tokens);
    this.server = createServer((req, res) => this.request(req, res));
    // A connection that says nothing holds a descriptor: 10 s of silence at most (by default
    // forever). Event streams and WebSockets, quiet by nature, lift it for their socket.
    this.server.timeout = IDLE_TIMEOUT_MS;
    this.server.on('upgrade', (req, socket, head) => this.upgrade(req, socket, head));
  }

  /** Compiles, bundles and listens; resolves with the URL once the port is open. */
  async start(): Promise<string> {
    // The prebuilt assets load while the deck compiles; a rebuild runs in esbuild's own process.
    this.assetsReady = this.loadAssets(() => this.bundler.initial());
    // Wait for all three even when one fails, so a failed start leaves no esbuild service behind.
    this.firstCompile = this.recompile();
    const results = await Promise.allSettled([this.listen(), this.firstCompile, this.assetsReady]);
    const failure = results.find((r) => r.status === 'rejected');
    if (failure) {
      await this.dispose();
      throw failure.reason;
    }
    await this.startTerminals();
    if (this.options.watch) this.watch();
    return this.url;
  }

  /** The shells and the sync: node-pty and the headless terminals load only now, once the page
   * is served. */
  private async startTerminals(): Promise<void> {
    const [{ TerminalService }, { SyncService }] = await Promise.all([import('../terminal/service.js'), import('../sync/sync-service.js')]);
    const deckDir = dirname(this.options.deck);
    this.terminals = new TerminalService({ demosDir: findDemosDir(deckDir) ?? deckDir, tokens: this.tokens });
    this.sync = new SyncService({ tokens: new AccessTokens(this.tokens) });
    // The shells' limit follows the deck's panes, and those far from the presenters' slide may be
    // reclaimed (terminal/reclaim.ts); the panes' steps are typed by the server (step-runner.ts).
    if (this.deck) this.terminals.manager.setDeck(livePaneSlides(this.deck.slides), paneSteps(this.deck.slides));
    this.sync.on('position', ({ h, v }) => {
      const slide = slideAt(this.deck?.slides ?? [], h, v);
      if (slide) this.terminals?.manager.setPosition(slide.index);
    });
    if (this.options.recordings) {
      const { LiveRecorder } = await import('../recording/live-recorder.js');
      this.recorder = new LiveRecorder(this.terminals.manager, { root: this.options.recordings, log: this.options.log });
      this.sync.on('position', (position) => this.markSlide(position));
      const { LectureRecorder } = await import('../lecture/lecture-recorder.js');
      this.lecture = new LectureRecorder({
        dir: this.recorder.dir, deck: this.options.deck, title: this.deck?.meta.title ?? basename(this.options.deck),
        sync: this.sync, sessions: this.terminals.manager, casts: this.recorder, log: this.options.log,
      });
      if (this.compiled) this.lecture.deckCompiled(this.compiled);
      const { VoiceService } = await import('../lecture/voice-service.js');
      const lecture = this.lecture;
      this.voice = new VoiceService({ tokens: new AccessTokens(this.tokens), dir: () => lecture.dir, timeline: lecture, log: this.options.log });
    }
  }

  /** The slide timeline of a lecture: each shell's recording gets a marker when the presenters
   * reach another slide ("slide 8/18: Processus"), between the steps' markers. */
  private markSlide({ h, v }: DeckPosition): void {
    const key = `${h}/${v}`;
    if (key === this.slideShown || !this.terminals) return;
    this.slideShown = key;
    const slides = this.deck?.slides ?? [];
    const slide = slideAt(slides, h, v);
    if (!slide) return;
    const label = `slide ${slide.index + 1}/${slides.length}${slide.title ? `: ${slide.title}` : ''}`;
    for (const session of this.terminals.manager.running) session.mark(label);
  }

  /** The presenters' position in the deck, null before the first move (or without terminals). */
  get position(): DeckPosition | null {
    return this.sync?.position ?? null;
  }

  /** This launch's recordings folder, or null when sessions are not recorded. */
  get recordingsDir(): string | null {
    return this.recorder?.dir ?? null;
  }

  get port(): number {
    const address = this.server.address();
    return typeof address === 'object' && address ? address.port : this.options.port;
  }

  get url(): string {
    const host = this.options.host === '0.0.0.0' || this.options.host === '::' ? '127.0.0.1' : this.options.host;
    return `http://${host.includes(':') ? `[${host}]` : host}:${this.port}/`;
  }

  get currentDeck(): Deck | null {
    return this.deck;
  }

  get lanAddresses(): string[] {
    return this.guard?.lanAddresses ?? [];
  }

  private listen(): Promise<void> {
    return new Promise((resolvePromise, reject) => {
      const onError = (e: NodeJS.ErrnoException) => {
        if (e.code === 'EADDRINUSE') {
          reject(new LivedeckError('port-in-use', `port ${this.options.port} is already in use on ${this.options.host}`, {
            hint: `another livedeck (or another server) is running there: stop it, or choose a free port with --port ${this.options.port + 1}`,
          }));
        } else if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND') {
          reject(new LivedeckError('bad-host', `cannot listen on ${this.options.host}: no such address on this machine`, { hint: 'use --host 127.0.0.1, or --host 0.0.0.0 for every network interface' }));
        } else if (e.code === 'EACCES') {
          reject(new LivedeckError('port-denied', `not allowed to listen on port ${this.options.port}`, { hint: 'ports below 1024 need privileges; use --port 4000' }));
        } else {
          reject(e);
        }
      };
      this.server.once('error', onError);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', onError);
        this.guard = new HostGuard(this.options.host, this.port);
        resolvePromise();
      });
    });
  }

  private async recompile(): Promise<boolean> {
    const reload = this.options.watch ? EVENTS_PATH : undefined;
    let page: string;
    let audiencePage: string;
    try {
      // cast= panes replay a recording, here as in a built site.
      const compiled = await compileDeck(this.options.deck);
      const replays = await devReplays(compiled, SCREEN_CACHE_DIR);
      this.deck = replays.deck;
      this.compiled = compiled;
      this.terminals?.manager.setDeck(livePaneSlides(this.deck.slides), paneSteps(this.deck.slides));
      this.castFiles = replays.files;
      this.deckError = null;
      this.logWarnings(this.deck);
      page = renderPage(this.deck, { assets: ASSETS_PREFIX, mode: 'live', reload });
      audiencePage = renderPage(this.deck, { assets: ASSETS_PREFIX, mode: 'live', reload, notes: false });
      this.lecture?.deckCompiled(compiled);
    } catch (e) {
      // A bug in the compiler is an error in the page and the terminal too: never an exit, which
      // would leave the shells of the lecture behind.
      const error = e instanceof LivedeckError ? e : new LivedeckError('internal', `the compiler failed: ${e instanceof Error ? e.message : String(e)}`, {
        file: this.options.deck, hint: 'this is a bug in livedeck; the last good version of the deck stays in the open pages until a reload',
      });
      if (this.deckError?.format() !== error.format()) this.options.log(error.format());
      this.deckError = error;
      page = renderErrorPage(this.deck?.meta.title ?? 'livedeck', error.format(), { assets: ASSETS_PREFIX, reload });
      audiencePage = page;
    }
    const changed = page !== this.page;
    this.page = page;
    this.audiencePage = audiencePage;
    this.deckFiles = deckFilePaths(page, dirname(this.options.deck), ASSETS_PREFIX);
    return changed;
  }

  /** The deck's warnings, at start and whenever a save changes them (the same ones are not
   * repeated at every save). */
  private logWarnings(deck: Deck): void {
    const warnings = [...deck.warnings, ...paneLimitWarnings(deck)].map(formatWarning).join('\n');
    if (warnings !== this.warningsShown && warnings !== '') this.options.log(warnings);
    this.warningsShown = warnings;
  }

  private async loadAssets(build: () => Promise<AssetFiles>): Promise<void> {
    try {
      this.assets = await build();
    } catch (e) {
      // The previous build stays served; the error shows in the terminal, never as an exit.
      this.options.log(e instanceof LivedeckError ? e.format() : `error: building the browser runtime failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private watch(): void {
    this.watcher = new FileWatcher(this.watchTargets(), (files) => {
      void this.onFilesChanged(files);
    });
  }

  /** What the deck uses: the folders of the deck and of each file it loads (one level each),
   * the folders of its demos, livedeck's own sources. While the deck has an error, those of its
   * last good version. */
  private watchTargets(): WatchTarget[] {
    const folders = new Set([dirname(resolve(this.options.deck))]);
    const demos = new Set<string>();
    for (const file of this.deck?.dependencies ?? []) {
      // A demo is its whole folder (setup.sh, helper files), named by its steps.sh.
      if (basename(file) === 'steps.sh') demos.add(dirname(file));
      else folders.add(dirname(file));
    }
    return [
      ...[...folders].map((folder) => ({ folder })),
      ...[...demos, ...RUNTIME_DIRS].map((folder) => ({ folder, recursive: true })),
    ];
  }

  private async onFilesChanged(files: string[]): Promise<void> {
    const runtime = files.some((f) => RUNTIME_DIRS.some((dir) => f.startsWith(dir)));
    const wasError = this.deckError !== null;
    if (runtime) {
      this.assetsReady = this.loadAssets(() => this.bundler.rebuild());
      await this.assetsReady;
    }
    const changed = await this.recompile();
    this.watcher?.update(this.watchTargets());
    if (wasError && this.deckError === null) this.options.log('deck fixed, pages reloaded');
    if (runtime || changed) this.reloadHub.reload();
  }

  // ---- HTTP --------------------------------------------------------------------------------

  private request(req: IncomingMessage, res: ServerResponse): void {
    if (!this.guard?.allowsHost(req.headers.host)) {
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end('403: unknown Host header\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('405: method not allowed\n');
      return;
    }
    const path = (req.url ?? '/').split('?')[0]!;
    if (path.startsWith(ASSETS_PREFIX) && path !== EVENTS_PATH) {
      void this.assetsReady.then(() => this.sendAsset(res, path.slice(ASSETS_PREFIX.length)));
      return;
    }
    const { role, setCookie } = checkPageAccess(req, this.access, pageCookieName(this.port));
    if (role === null) {
      res.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS })
        .end('401: open the address that livedeck dev printed when it started (with its ?token=)\n');
      return;
    }
    const headers = { ...SECURITY_HEADERS, ...(setCookie === null ? {} : { 'Set-Cookie': setCookie }) };
    if (path === '/' || path === '/index.html') {
      void this.firstCompile.finally(() => {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache', ...headers });
        res.end(req.method === 'HEAD' ? undefined : role === 'presenter' ? this.page : this.audiencePage);
      });
      return;
    }
    if (path === '/presenter') {
      if (role !== 'presenter') {
        res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8', ...headers }).end('403: the presenter view needs the presenter\'s address\n');
        return;
      }
      void this.firstCompile.finally(() => {
        // Before the deck compiles once, there is nothing to present: its error page says why.
        const page = this.deck ? renderPresenterPage(this.deck, { assets: ASSETS_PREFIX, voice: this.voice !== null }) : this.page;
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache', ...headers });
        res.end(req.method === 'HEAD' ? undefined : page);
      });
      return;
    }
    if (path === EVENTS_PATH && this.options.watch) {
      this.reloadHub.handle(req, res, role);
      return;
    }
    void this.firstCompile.finally(() => this.sendCastFile(res, path, headers) || this.sendDeckFile(res, path, headers));
  }

  /** A file of the deck's folder that the page loads (a figure, an image), by its real path. */
  private sendDeckFile(res: ServerResponse, path: string, headers: Record<string, string>): void {
    let decoded: string;
    try {
      decoded = posix.normalize(decodeURIComponent(path));
    } catch {
      return notFound(res);
    }
    if (!this.deckFiles.has(decoded)) return notFound(res);
    const file = this.deckFile(path);
    if (file === null || !sendFile(res, file, headers)) notFound(res);
  }

  /** The real path of the deck's file a URL path names, or null when it (or a symlink on the
   * way) leaves the deck's folder. */
  private deckFile(urlPath: string): string | null {
    const root = dirname(this.options.deck);
    const named = resolveInside(root, urlPath);
    return named === null ? null : realpathInside(root, named);
  }

  /** A file of a cast= pane's recording (a segment's script, the cast), made by devReplays: a part
   * of the deck, as a figure is, so it goes to whoever may see the page. False: no such file. */
  private sendCastFile(res: ServerResponse, path: string, headers: Record<string, string>): boolean {
    const body = this.castFiles.get(path);
    if (body === undefined) return false;
    res.writeHead(200, { 'Content-Type': contentType(path), 'Cache-Control': 'no-cache', ...headers }).end(body);
    return true;
  }

  private sendAsset(res: ServerResponse, name: string): void {
    const body = this.assets.get(name);
    if (!body) return notFound(res);
    res.writeHead(200, { 'Content-Type': contentType(name), 'Content-Length': body.byteLength, 'Cache-Control': 'no-cache' });
    res.end(body);
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!this.guard?.allowsHost(req.headers.host)) return refuseUpgrade(socket, '403 Forbidden');
    const path = (req.url ?? '').split('?')[0];
    const service = path === '/term' ? this.terminals : path === '/sync' ? this.sync : path === '/voice' ? this.voice : null;
    if (!service) return refuseUpgrade(socket, '404 Not Found');
    if (!this.guard.allowsOrigin(req.headers.origin, req.headers.host)) return refuseUpgrade(socket, '403 Forbidden');
    service.handleUpgrade(req, socket, head);
  }

  async dispose(): Promise<void> {
    this.watcher?.dispose();
    this.reloadHub.dispose();
    await this.sync?.dispose();
    await this.voice?.dispose(); // the voice's segment ends before the timeline's `end`
    this.lecture?.serverStopping();
    await this.terminals?.dispose(); // every shell's exit goes into its recording first
    await this.recorder?.dispose();
    await this.lecture?.dispose(); // after the shells' ends: `end` is the timeline's last line
    await this.bundler.dispose();
    if (!this.server.listening) return;
    this.server.closeAllConnections();
    await new Promise<void>((done) => this.server.close(() => done()));
  }
}

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'SAMEORIGIN',
};

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('404: not found\n');
}

function newToken(): string {
  return randomBytes(18).toString('base64url');
}
