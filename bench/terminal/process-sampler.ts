// Watches one process from outside, as `top` would: its resident memory (VmRSS, sampled every
// 50 ms, and the kernel's own peak VmHWM) and the CPU time it has used, all read from /proc.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const SAMPLE_MS = 50;
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

export interface MemoryReading {
  /** Bytes resident now. */
  rss: number;
  /** Bytes resident at the process's peak so far (kernel high-water mark). */
  hwm: number;
}

export class ProcessSampler {
  /** Highest VmRSS sampled, and the kernel's VmHWM at the last sample, in bytes. */
  private sampledPeak = 0;
  private hwm = 0;
  /** Every VmRSS sample (bytes) with its time (performance.now()). */
  private readonly history: Array<{ at: number; rss: number }> = [];
  private readonly timer: NodeJS.Timeout;

  /** `onSample` sees every reading, e.g. to stop a run that is eating the machine's memory. */
  constructor(
    readonly pid: number,
    private readonly onSample: (reading: MemoryReading) => void = () => {},
  ) {
    this.timer = setInterval(() => this.sample(), SAMPLE_MS);
    this.sample();
  }

  /** The process's peak RSS over its whole life so far, bytes: the kernel's high-water mark,
   * or the highest sample if that is higher (it cannot be, but a sample is cheap insurance). */
  get peakRss(): number {
    this.sample();
    return Math.max(this.sampledPeak, this.hwm);
  }

  /** User + system CPU seconds used so far (0 once the process is gone). */
  cpuSeconds(): number {
    try {
      // Fields after the command name, which is in parentheses and may hold spaces.
      const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS; // utime, stime
    } catch {
      return 0;
    }
  }

  /** Highest VmRSS sampled from a time (performance.now()) on, bytes; samples now first. */
  peakSince(from: number): number {
    this.sample();
    return this.history.reduce((peak, p) => (p.at >= from ? Math.max(peak, p.rss) : peak), 0);
  }

  /** How fast RSS grew between two times (performance.now()), bytes per second: the slope of a
   * least-squares line through the samples. */
  rssGrowth(from: number, to: number): number {
    const points = this.history.filter((p) => p.at >= from && p.at <= to);
    if (points.length < 2) return 0;
    const meanT = points.reduce((sum, p) => sum + p.at, 0) / points.length;
    const meanR = points.reduce((sum, p) => sum + p.rss, 0) / points.length;
    let num = 0;
    let den = 0;
    for (const p of points) {
      num += (p.at - meanT) * (p.rss - meanR);
      den += (p.at - meanT) ** 2;
    }
    return den === 0 ? 0 : (num / den) * 1000;
  }

  dispose(): void {
    clearInterval(this.timer);
  }

  private sample(): void {
    const reading = readMemory(this.pid);
    if (reading === null) return;
    this.history.push({ at: performance.now(), rss: reading.rss });
    this.sampledPeak = Math.max(this.sampledPeak, reading.rss);
    this.hwm = reading.hwm;
    this.onSample(reading);
  }
}

/** A process's memory now; null once it is gone. */
export function readMemory(pid: number): MemoryReading | null {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  return { rss: statusField(status, 'VmRSS'), hwm: statusField(status, 'VmHWM') };
}

function statusField(status: string, name: string): number {
  const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) * 1024 : 0;
}
