// Benchmark of a recorded class (issue 18), written as the "## Lecture: a one-hour class" section
// of bench/RESULTS.md (its hand-written "### Interpretation" is kept): a synthetic one-hour class
// on the course deck (bench/lecture/: slides visited in order with back-and-forth and fragments,
// two live reloads, 8 shell takes on the deck's 6 panes with demo steps and commands typed by hand,
// a ten-minute break, an hour of Opus voice made by Chromium's encoder), with and without its
// voice: the folder's size per hour, `livedeck build --lecture` (spawned, median of 5), and in
// real Chromium from file:// the time from a seek (and from opening a `#t=` link) to the slide,
// panes and voice showing that moment, checked against the class's own files, and the drift of
// voice, slide and terminals from the player's clock while it plays at 2x.
//   npm run build && node --import tsx bench/lecture.ts

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { formatLectureTime, type LectureSiteData } from '../common/lecture-site.js';
import { launchChromium } from '../server/browser.js';
import { folderSize } from '../server/build/site-folder.js';
import { random } from '../tests/helpers/terminal-state.js';
import { openAt, openSite, pageOf, playAndSample, seekOnce, siteUrl, summariseDrift, type DriftSummary, type SeekKind, type SeekResult, type ShownState } from './lecture/player-measures.js';
import { distanceToChange, paneScreens, positionAt, readSiteData, sitePositions, type TimedPosition } from './lecture/timeline-truth.js';
import { writeSyntheticLecture, type SyntheticLecture } from './lecture/write-lecture.js';
import { markdownTable, sourceVersion, uptime, writeSection } from './results.js';
import { median, ms, percentile } from './stats.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'livedeck.js');
const COMMAND = 'npm run build && node --import tsx bench/lecture.ts';
const SECTION_TITLE = '## Lecture: a one-hour class';
const GOALS = { withVoiceMB: 20, withoutVoiceMB: 3, buildS: 2, seekMs: 200, driftMs: 100 };
const CLASS = { duration: 3660, breakAfter: 9, breakSeconds: 600, seed: 18 };
const BUILD_RUNS = 5;
const SEEKS = 20;
/** Links opened per period of a deck version (LectureSiteData.pages). */
const LINKS_PER_PAGE = 2;
/** Where the 2x runs start, as shares of the site's duration, and how long each plays (wall). */
const DRIFT_AT = [0.1, 0.3, 0.5, 0.7, 0.9];
const DRIFT_SECONDS = 20;
const DRIFT_SPEED = 2;
/** A seek's voice must land this close to the asked time. */
const AUDIO_TOLERANCE = 0.1;

const MB = 1e6;

/** `livedeck build --lecture`, spawned: seconds to exit. */
function buildOnce(lecture: string, out: string): number {
  rmSync(out, { recursive: true, force: true });
  const t0 = performance.now();
  const result = spawnSync(process.execPath, [BIN, 'build', '--lecture', lecture, '--out', out], { cwd: ROOT, encoding: 'utf8' });
  const seconds = (performance.now() - t0) / 1000;
  if (result.status !== 0) throw new Error(`livedeck build --lecture failed:\n${result.stderr}`);
  return seconds;
}

/** Seek times on the site's clock (whole tenths): seeded, none within 0.1 s of a slide move (a
 * check there could not tell which side of the move it is), nor their whole second (a link
 * written m:ss drops the tenths); with `page`, in that page's span only. */
function seekTimes(count: number, data: LectureSiteData, positions: readonly TimedPosition[], seed: number, page?: number): number[] {
  const next = random(seed);
  const from = page === undefined ? 0 : data.pages[page]!.from;
  const to = page === undefined ? data.duration - 1 : (data.pages[page + 1]?.from ?? data.duration - 1);
  const times: number[] = [];
  while (times.length < count) {
    const time = Math.round((from + 1 + next() * (to - from - 2)) * 10) / 10;
    if (distanceToChange(positions, time) > 0.1 && distanceToChange(positions, Math.floor(time)) > 0.1) times.push(time);
  }
  return times;
}

/** What is wrong in a shown state, against the class's own files: [] when slide, panes and voice
 * all show `time`. */
function problems(state: ShownState, time: number, positions: readonly TimedPosition[], screens: Map<string, string[]>, data: LectureSiteData): string[] {
  const out: string[] = [];
  const expected = positionAt(positions, time);
  const at = formatLectureTime(time);
  const version = data.pages[pageOf(data, time)]!.version;
  if (state.version !== version) out.push(`${at}: deck version ${state.version + 1} shown, the timeline has ${version + 1}`);
  if (expected && (expected.h !== state.position.h || expected.v !== state.position.v || expected.f !== state.position.f)) {
    out.push(`${at}: slide ${JSON.stringify(state.position)}, the timeline has ${JSON.stringify({ h: expected.h, v: expected.v, f: expected.f })}`);
  }
  const trim = (lines: string[]) => {
    const rows = [...lines];
    while (rows.length > 0 && rows.at(-1) === '') rows.pop();
    return rows;
  };
  for (const [pane, lines] of Object.entries(state.panes)) {
    const want = trim(screens.get(pane) ?? []);
    const got = trim(lines);
    const row = want.findIndex((line, i) => got[i] !== line);
    if (row !== -1 || got.length !== want.length) {
      const i = row === -1 ? Math.min(want.length, got.length) : row;
      out.push(`${at}: pane ${pane} row ${i + 1} shows ${JSON.stringify(got[i] ?? '')}, the cast has ${JSON.stringify(want[i] ?? '')}`);
    }
  }
  const voice = data.voice.find((v) => v.from <= time && time < v.to);
  if (voice) {
    if (!state.audio || state.audio.file !== basename(voice.file)) out.push(`${at}: voice ${state.audio?.file ?? 'none'}, expected ${basename(voice.file)}`);
    else if (Math.abs(state.audio.currentTime + voice.from - time) > AUDIO_TOLERANCE) out.push(`${at}: voice at ${(state.audio.currentTime + voice.from).toFixed(3)} s`);
  }
  return out;
}

interface Measures {
  seeks: SeekResult[];
  links: { time: number; hash: string; ms: number; page: number }[];
  drift: (DriftSummary & { from: number })[];
  wrong: string[];
  pageErrors: string[];
}

async function measurePlayer(lecture: SyntheticLecture, site: string, data: LectureSiteData): Promise<Measures> {
  const positions = sitePositions(lecture.events, data.cuts);
  const times = seekTimes(SEEKS, data, positions, CLASS.seed);
  const truth = await paneScreens(lecture.events, lecture.casts, data.cuts, times);
  const linkTimes = data.pages.flatMap((_, page) => seekTimes(LINKS_PER_PAGE, data, positions, CLASS.seed + page + 1, page));
  const wrong: string[] = [];
  const pageErrors: string[] = [];
  const browser = await launchChromium();
  try {
    const { page, context, errors } = await openSite(browser, siteUrl(site));
    const seeks: SeekResult[] = [];
    try {
      for (let i = 0; i < SEEKS; i++) {
        const result = await seekOnce(page, data, times[i]!, i === 0 ? 0 : times[i - 1]!);
        seeks.push(result);
        wrong.push(...problems(result.state, times[i]!, positions, truth[i]!, data));
        console.error(`seek ${i + 1}/${SEEKS} to ${formatLectureTime(times[i]!)}: ${ms(result.ms)}${result.kind === 'version' ? '' : result.kind === 'swap' ? ' (another deck version, swapped in)' : ' (another page)'}`);
      }
      const drift: Measures['drift'] = [];
      const voiceFrom = new Map(data.voice.map((voice) => [basename(voice.file), voice.from]));
      // Five runs inside one deck version, and one across a version change (swapped in while
      // it plays) when the next version shares the page.
      const starts = DRIFT_AT.map((share) => driftStart(data, share));
      const change = data.pages.find((p, i) => i > 0 && p.file === data.pages[i - 1]!.file && p.version !== data.pages[i - 1]!.version);
      if (change) starts.push(Math.max(0, Math.round((change.from - 6) * 1000) / 1000));
      for (const from of starts) {
        await page.goto(siteUrl(site, data.pages[pageOf(data, from)]!.file));
        await page.waitForSelector('html[data-ld-lecture="ready"]', { state: 'attached' });
        const samples = await playAndSample(page, from, DRIFT_SPEED, DRIFT_SECONDS);
        drift.push({ from, ...summariseDrift(samples, positions, voiceFrom, (time) => data.pages[pageOf(data, time)]!.version) });
        console.error(`2x from ${formatLectureTime(from)}: voice ${ms(drift.at(-1)!.voiceMax)}, slide ${ms(drift.at(-1)!.slideMaxMs)}`);
      }
      pageErrors.push(...errors);
      const links: Measures['links'] = [];
      for (let i = 0; i < linkTimes.length; i++) {
        const time = linkTimes[i]!;
        // Both forms a student meets: seconds, and what the player shows (m:ss, h:mm:ss).
        const hash = i % 2 === 0 ? `#t=${time}` : `#t=${formatLectureTime(time)}`;
        const asked = i % 2 === 0 ? time : Math.floor(time);
        const opened = await openAt(browser, site, hash);
        links.push({ time: asked, hash, ms: opened.ms, page: pageOf(data, asked) });
        pageErrors.push(...opened.errors);
        const screens = (await paneScreens(lecture.events, lecture.casts, data.cuts, [asked]))[0]!;
        wrong.push(...problems(opened.state, asked, positions, screens, data).map((p) => `${hash}: ${p}`));
        console.error(`open ${hash}: ${ms(opened.ms)}`);
      }
      return { seeks, links, drift, wrong, pageErrors };
    } finally {
      await context.close();
    }
  } finally {
    await browser.close();
  }
}

/** A 2x run's start near `share` of the class, moved back so its ~40 s stay in one deck
 * version. */
function driftStart(data: LectureSiteData, share: number): number {
  const span = DRIFT_SECONDS * DRIFT_SPEED + 2;
  let from = Math.min(share * data.duration, data.duration - span);
  for (const page of data.pages) if (page.from > from && page.from < from + span) from = Math.max(0, page.from - span);
  return Math.round(from * 1000) / 1000;
}

function bytesOf(dir: string, files: string[]): number {
  return files.reduce((n, file) => n + statSync(join(dir, file)).size, 0);
}

async function main(): Promise<void> {
  const began = new Date();
  const loadBefore = uptime();
  const version = sourceVersion(ROOT);
  const dir = mkdtempSync(join(tmpdir(), 'livedeck-bench-lecture-'));
  try {
    const t0 = performance.now();
    const lecture = await writeSyntheticLecture(join(dir, 'recordings'), CLASS);
    const generated = (performance.now() - t0) / 1000;
    const hours = lecture.scenario.end / 3_600_000;
    const withVoice = folderSize(lecture.withVoice).bytes;
    const withoutVoice = folderSize(lecture.withoutVoice).bytes;
    const voiceBytes = bytesOf(lecture.withVoice, lecture.voice.map((v) => v.file));
    const castBytes = bytesOf(lecture.withVoice, [...lecture.casts.keys()]);
    const timelineWith = bytesOf(lecture.withVoice, ['lecture.jsonl']);
    const timelineWithout = bytesOf(lecture.withoutVoice, ['lecture.jsonl']);
    const snapshotBytes = folderSize(join(lecture.withVoice, 'deck')).bytes;
    console.error(`class written in ${generated.toFixed(1)} s (voice encoded in ${lecture.encodeSeconds.toFixed(1)} s): ${(withVoice / MB).toFixed(2)} MB with voice, ${(withoutVoice / MB).toFixed(2)} MB without`);

    const site = join(dir, 'site');
    const siteWithout = join(dir, 'site-without-voice');
    buildOnce(lecture.withVoice, site); // warm-up: the file cache
    const builds: number[] = [];
    const buildsWithout: number[] = [];
    for (let i = 0; i < BUILD_RUNS; i++) {
      builds.push(buildOnce(lecture.withVoice, site));
      buildsWithout.push(buildOnce(lecture.withoutVoice, siteWithout));
      console.error(`build ${i + 1}/${BUILD_RUNS}: ${builds[i]!.toFixed(2)} s with voice, ${buildsWithout[i]!.toFixed(2)} s without`);
    }
    const siteBytes = folderSize(site).bytes;
    const siteWithoutBytes = folderSize(siteWithout).bytes;
    const data = readSiteData(site);
    const dataWithout = readSiteData(siteWithout);

    const measures = await measurePlayer(lecture, site, data);
    const loadAfter = uptime();

    const ofKind = (kind: SeekKind) => measures.seeks.filter((s) => s.kind === kind).map((s) => s.ms);
    const inVersion = ofKind('version');
    const swapped = ofKind('swap');
    const crossPage = ofKind('page');
    const all = measures.seeks.map((s) => s.ms);
    const linkMs = measures.links.map((l) => l.ms);
    const linkFirst = measures.links.filter((l) => data.pages[l.page]!.version === 0).map((l) => l.ms);
    const linkLater = measures.links.filter((l) => data.pages[l.page]!.version > 0).map((l) => l.ms);
    const links = measures.links.length;
    const max = (values: number[]) => (values.length > 0 ? Math.max(...values) : Number.NaN);
    const voiceDrift = max(measures.drift.map((d) => d.voiceMax));
    const slideDrift = max(measures.drift.map((d) => d.slideMaxMs));
    const paneDrift = max(measures.drift.map((d) => d.paneMax));
    const verdict = (pass: boolean) => (pass ? 'PASS' : 'FAIL');
    const mb = (bytes: number) => `${(bytes / MB).toFixed(2)} MB`;
    const perHour = (bytes: number) => bytes / hours;
    const counts = (type: string) => lecture.events.filter((e) => e.type === type).length;
    const voiceSeconds = lecture.voice.reduce((n, v) => n + v.seconds, 0);
    const speaking = lecture.scenario.speaking.filter(Boolean).length;
    const seekRight = SEEKS - new Set(measures.wrong.filter((w) => !w.startsWith('#t=')).map((w) => w.split(': ')[0])).size;
    const linkRight = links - new Set(measures.wrong.filter((w) => w.startsWith('#t=')).map((w) => w.split(': ')[0])).size;

    const table = markdownTable([
      ['', 'value', 'goal', ''],
      ['folder with voice, per hour', mb(perHour(withVoice)), `< ${GOALS.withVoiceMB} MB`, verdict(perHour(withVoice) < GOALS.withVoiceMB * MB)],
      ['folder without voice, per hour', mb(perHour(withoutVoice)), `< ${GOALS.withoutVoiceMB} MB`, verdict(perHour(withoutVoice) < GOALS.withoutVoiceMB * MB)],
      ['… of which voice (Opus in WebM), casts, timeline (with / without voice), deck snapshots', `${mb(voiceBytes)}, ${mb(castBytes)}, ${mb(timelineWith)} / ${mb(timelineWithout)}, ${mb(snapshotBytes)}`, '', ''],
      ['site built, with voice / without', `${mb(siteBytes)} / ${mb(siteWithoutBytes)}`, '', ''],
      [`site's duration (silences shortened to ${data.idleLimits.voice} s where the voice was recorded, ${data.idleLimits.quiet} s elsewhere), with voice / without`, `${formatLectureTime(data.duration)} / ${formatLectureTime(dataWithout.duration)}`, '', ''],
      [`\`build --lecture\`, with voice, spawn to exit (median of ${BUILD_RUNS})`, `${median(builds).toFixed(2)} s (${builds.map((b) => b.toFixed(2)).join(', ')})`, `< ${GOALS.buildS} s`, verdict(median(builds) < GOALS.buildS)],
      ['… without voice', `${median(buildsWithout).toFixed(2)} s (${buildsWithout.map((b) => b.toFixed(2)).join(', ')})`, `< ${GOALS.buildS} s`, verdict(median(buildsWithout) < GOALS.buildS)],
      [`seek → shown, ${all.length} seeks: median / p95 / max`, `${ms(median(all))} / ${ms(percentile(all, 95))} / ${ms(max(all))}`, `< ${GOALS.seekMs} ms`, verdict(median(all) < GOALS.seekMs && percentile(all, 95) < GOALS.seekMs)],
      [`… within the deck version shown, ${inVersion.length} seeks: median / p95 / max`, `${ms(median(inVersion))} / ${ms(percentile(inVersion, 95))} / ${ms(max(inVersion))}`, '', ''],
      [`… into another deck version swapped in the page, ${swapped.length} seeks: median / p95 / max`, swapped.length > 0 ? `${ms(median(swapped))} / ${ms(percentile(swapped, 95))} / ${ms(max(swapped))}` : 'none drawn', '', ''],
      [`… into another page (a version with a page of its own, opened at #t=), ${crossPage.length} seeks: median / max`, crossPage.length > 0 ? `${ms(median(crossPage))} / ${ms(max(crossPage))}` : 'none (every version shares index.html)', '', ''],
      ['seeks showing the right deck version, slide, panes and voice', `${seekRight} of ${SEEKS}`, `${SEEKS}`, verdict(seekRight === SEEKS)],
      [`\`index.html#t=…\` opened cold → shown, ${links} links: median / max`, `${ms(median(linkMs))} / ${ms(max(linkMs))}`, '', ''],
      ['… a time of the first deck version / of a later one: median', `${ms(median(linkFirst))} / ${ms(median(linkLater))}`, '', ''],
      ['… links showing the right deck version, slide, panes and voice', `${linkRight} of ${links}`, `${links}`, verdict(linkRight === links)],
      [`drift at ${DRIFT_SPEED}x (${measures.drift.length} runs of ${DRIFT_SECONDS} s${measures.drift.length > DRIFT_AT.length ? ', the last across a deck version change' : ''}): voice vs player clock, max`, ms(voiceDrift), `< ${GOALS.driftMs} ms`, verdict(voiceDrift < GOALS.driftMs)],
      ['… slide (deck version and indices) shown behind the timeline at the voice\'s time, longest', ms(slideDrift), `< ${GOALS.driftMs} ms`, verdict(slideDrift < GOALS.driftMs)],
      ['… terminals\' players vs the voice\'s time, max', ms(paneDrift), '', ''],
      ['page errors', String(measures.pageErrors.length), '0', verdict(measures.pageErrors.length === 0)],
    ]);
    const driftTable = markdownTable([
      ['2x run from', 'lecture s covered', 'frames (with voice)', 'moves and version changes', 'voice max', 'slide behind, longest', 'terminals max (frames)'],
      ...measures.drift.map((d) => [formatLectureTime(d.from), d.covered.toFixed(1), `${d.frames} (${d.voiceFrames})`, String(d.slideChanges), ms(d.voiceMax), ms(d.slideMaxMs), `${ms(d.paneMax)} (${d.paneFrames})`]),
    ]);
    const body = [
      '`bench/lecture.ts`: a synthetic one-hour class on the course deck, written as `livedeck dev` leaves a lecture',
      `(bench/lecture/): ${formatLectureTime(lecture.scenario.end / 1000)} from the first event to the last; the 18 slides in order with ${counts('position')} positions`,
      '(fragments, back to the previous slide and forth again, a fragment shown again), 3 deck versions (two live reloads),',
      `${counts('session-start')} shell takes on the 6 panes (2 restarts), ${counts('step') / 2} demo steps typed (their output from the demos' recordings),`,
      'commands typed by hand at a human pace with typos corrected (ls, ps, ldd, openssl, make, a 2000-line dmesg,',
      `a 3000-line find, journalctl, a CA bundle: ${mb(castBytes)} of casts), a ${CLASS.breakSeconds / 60}-minute break after slide ${CLASS.breakAfter} with nothing but the room,`,
      `and ${formatLectureTime(voiceSeconds)} of voice in 2 segments (the microphone paused 45 s once; on through the break):`,
      `Opus at 32 kb/s mono from Chromium's AudioEncoder (the libopus of its MediaRecorder), ${speaking} s of speech-like`,
      '(pulse train through moving formants, in syllables, words and phrases) over a room\'s hiss at -60 dBFS, one-second',
      'clusters of a live WebM as the server stores them, a voice-chunk event a second with its level. Encoding repeats',
      '240 s of speech and 20 s of room (encoded in ' + `${lecture.encodeSeconds.toFixed(1)} s), so the bytes are Opus's own for such a signal.`,
      'The same class without its voice is the voice files and events dropped. Sizes in MB of 10^6 bytes, per hour of',
      `class (${hours.toFixed(3)} h). The seeks (seeded random times of the site's clock, none within 0.1 s of a slide move) run in one page of the`,
      'site opened from file:// in headless Chromium (1280x720); each is checked against the class\'s own files (not the build\'s):',
      'the deck version and reveal.js\'s indices against the timeline\'s, each pane of the slide shown against its cast replayed in a',
      `headless terminal to that moment, and the voice element's time within ${AUDIO_TOLERANCE * 1000} ms. A seek into another version of the deck`,
      'swaps it into the page, or opens the page that has it (timed from the call to shown() there). Links are opened in a fresh',
      'browser context each.',
      '',
      `- Date: ${began.toISOString().slice(0, 16).replace('T', ' ')} UTC; livedeck built from ${version}.`,
      `- Machine: ${cpus().length} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}), Node ${process.version}, Chromium headless; \`uptime\` before: \`${loadBefore}\`, after: \`${loadAfter}\`.`,
      `- Rerun: \`${COMMAND}\` (about ${Math.ceil((Date.now() - began.getTime()) / 60_000)} min).`,
      '',
      table,
      '',
      driftTable,
      '',
      `Links opened: ${measures.links.map((l) => `\`${l.hash}\` (version ${data.pages[l.page]!.version + 1}, ${data.pages[l.page]!.file}) ${ms(l.ms)}`).join(', ')}.`,
      ...(measures.wrong.length > 0 ? ['', 'What the checks found wrong:', '', ...measures.wrong.slice(0, 12).map((w) => `- ${w}`)] : []),
      ...(measures.pageErrors.length > 0 ? ['', 'Page errors:', '', ...[...new Set(measures.pageErrors)].slice(0, 6).map((e) => `- ${e}`)] : []),
    ].join('\n');
    writeSection(join(ROOT, 'bench', 'RESULTS.md'), SECTION_TITLE, body);
    console.log(body);
    console.error('written to bench/RESULTS.md');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
