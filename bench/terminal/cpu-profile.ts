// Reads a V8 CPU profile (`node --cpu-prof`) and says where the time went: self time per function
// (livedeck's bundled code mapped back to its .ts sources through dist/'s source maps), and time
// per area, where Node internals and native calls count for the package or livedeck folder that
// called them (a socket write made by ws counts for ws). Optionally only within a time window (the
// bulk run, not the server's start-up).

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join, relative, resolve } from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface TimeShare {
  name: string;
  /** Milliseconds. */
  ms: number;
  /** Share of all samples counted. */
  share: number;
}

export interface ProfileSummary {
  /** Milliseconds covered by the samples counted. */
  totalMs: number;
  /** False when no sample fell in the window and the whole profile was counted instead. */
  windowed: boolean;
  functions: TimeShare[];
  areas: TimeShare[];
}

/** Where a frame's code comes from: a package, a livedeck source file, or neither. */
interface Origin {
  /** e.g. "@xterm/headless", "livedeck server/terminal", null for Node internals and natives. */
  area: string | null;
  label: string;
}

/** The one .cpuprofile file `node --cpu-prof --cpu-prof-dir=dir` wrote. */
export function readProfile(dir: string): CpuProfile {
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no .cpuprofile in ${dir}`);
  return JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
}

/** Self time of the samples whose timestamps (CLOCK_MONOTONIC µs) fall in `window`. `root` is the
 * project folder, to name livedeck's sources. */
export function summariseProfile(profile: CpuProfile, window: [number, number] | null, root: string, top = 15): ProfileSummary {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const origins = new Origins(root);
  const inWindow = sampleTimes(profile, window);
  const windowed = window !== null && inWindow.length > 0;
  const counted = windowed ? inWindow : sampleTimes(profile, null);

  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  let totalMs = 0;
  for (const { id, ms } of counted) {
    const frame = nodes.get(id)!.callFrame;
    totalMs += ms;
    add(byFunction, origins.of(frame).label, ms);
    add(byArea, areaOf(id, nodes, parents, origins), ms);
  }
  const shares = (map: Map<string, number>) =>
    [...map].map(([name, ms]) => ({ name, ms, share: ms / totalMs })).sort((a, b) => b.ms - a.ms);
  return { totalMs, windowed, functions: shares(byFunction).slice(0, top), areas: shares(byArea) };
}

/** Each sample's node and the time it stands for (the gap to the next sample). */
function sampleTimes(profile: CpuProfile, window: [number, number] | null): Array<{ id: number; ms: number }> {
  const out: Array<{ id: number; ms: number }> = [];
  let time = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    time += profile.timeDeltas[i]!;
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    if (window === null || (time >= window[0] && time <= window[1])) out.push({ id: profile.samples[i]!, ms });
  }
  return out;
}

/** The area of the nearest frame, from the sampled one up, that belongs to a package or to
 * livedeck; the engine's own states (idle, GC) stand alone. */
function areaOf(id: number, nodes: Map<number, ProfileNode>, parents: Map<number, number>, origins: Origins): string {
  const own = nodes.get(id)!.callFrame.functionName;
  if (own === '(idle)') return 'idle (waiting for the pty or the socket)';
  if (own === '(garbage collector)') return 'garbage collector';
  if (own === '(program)') return 'V8 itself (compiling, runtime)';
  for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) {
    const area = origins.of(nodes.get(at)!.callFrame).area;
    if (area !== null) return area;
  }
  return 'Node.js internals (event loop, timers)';
}

function add(map: Map<string, number>, key: string, ms: number): void {
  map.set(key, (map.get(key) ?? 0) + ms);
}

/** Names frames, reading dist/'s source maps once each. */
class Origins {
  private readonly maps = new Map<string, SourceMap | null>();

  constructor(private readonly root: string) {}

  of(frame: CallFrame): Origin {
    const name = frame.functionName || '(anonymous)';
    const { url } = frame;
    if (url === '') return { area: null, label: name };
    const modules = url.lastIndexOf('node_modules/');
    if (modules !== -1) {
      const path = url.slice(modules + 'node_modules/'.length);
      const parts = path.split('/');
      const area = parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
      return { area, label: `${name} ${path}:${frame.lineNumber + 1}` };
    }
    if (!url.startsWith('file:')) return { area: null, label: `${name} ${url}:${frame.lineNumber + 1}` };
    const file = fileURLToPath(url);
    const source = this.original(file, frame.lineNumber, frame.columnNumber);
    const path = source ?? { file: relative(this.root, file), line: frame.lineNumber + 1 };
    return { area: `livedeck ${dirname(path.file)}/`, label: `${name} ${path.file}:${path.line}` };
  }

  /** The .ts file and line a position of a bundled file comes from, if its source map says. */
  private original(file: string, line: number, column: number): { file: string; line: number } | null {
    if (!this.maps.has(file)) {
      const mapFile = `${file}.map`;
      this.maps.set(file, existsSync(mapFile) ? new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8')) as SourceMapPayload) : null);
    }
    const entry = this.maps.get(file)?.findEntry(line, column);
    if (!entry || !('originalSource' in entry)) return null;
    const source = resolve(dirname(file), entry.originalSource.replace(/^file:\/\//, ''));
    return { file: relative(this.root, source), line: entry.originalLine + 1 };
  }
}
