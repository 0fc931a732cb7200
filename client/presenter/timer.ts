// The presenter view's lecture timer: time elapsed since the start (pausable, resettable) and an
// optional countdown to a planned length. Kept in sessionStorage, so reloading the view during a
// lecture does not lose it.

const KEY = 'livedeck:timer';

interface TimerState {
  /** Date.now() when the running stretch began, or null while paused. */
  since: number | null;
  /** Milliseconds counted before that stretch. */
  banked: number;
  /** Planned length in minutes, or null for no countdown. */
  plannedMinutes: number | null;
}

export class LectureTimer {
  private state: TimerState;

  constructor(private readonly now: () => number = Date.now) {
    this.state = load() ?? { since: now(), banked: 0, plannedMinutes: null };
    this.save();
  }

  get running(): boolean {
    return this.state.since !== null;
  }

  get plannedMinutes(): number | null {
    return this.state.plannedMinutes;
  }

  /** Milliseconds counted so far. */
  elapsed(): number {
    const { since, banked } = this.state;
    return banked + (since === null ? 0 : this.now() - since);
  }

  /** Milliseconds left of the planned length (negative: over time), or null. */
  remaining(): number | null {
    const planned = this.state.plannedMinutes;
    return planned === null ? null : planned * 60_000 - this.elapsed();
  }

  toggle(): void {
    const { since, banked } = this.state;
    this.state = since === null
      ? { ...this.state, since: this.now() }
      : { ...this.state, since: null, banked: banked + this.now() - since };
    this.save();
  }

  reset(): void {
    this.state = { ...this.state, since: this.running ? this.now() : null, banked: 0 };
    this.save();
  }

  plan(minutes: number | null): void {
    this.state = { ...this.state, plannedMinutes: minutes !== null && minutes > 0 ? minutes : null };
    this.save();
  }

  private save(): void {
    sessionStorage.setItem(KEY, JSON.stringify(this.state));
  }
}

function load(): TimerState | null {
  try {
    const saved = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Partial<TimerState> | null;
    if (saved && typeof saved.banked === 'number' && (saved.since === null || typeof saved.since === 'number')
      && (saved.plannedMinutes === null || typeof saved.plannedMinutes === 'number')) {
      return { since: saved.since, banked: saved.banked, plannedMinutes: saved.plannedMinutes };
    }
  } catch {
    // Unreadable: start afresh.
  }
  return null;
}

/** 754000 -> "12:34", 4354000 -> "1:12:34"; negative values get a minus sign. */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? '−' : '';
  const total = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${sign}${h > 0 ? `${h}:${pad(m)}` : pad(m)}:${pad(s)}`;
}
