// The lecture's clock: seconds on the site's (shortened) clock, running at the player's speed from
// performance.now(). While the voice plays, the player rebases it on the voice every frame (the
// voice is the master: a student hears the teacher, and slides follow the voice, not the other
// way round); where there is no voice, or it is not playing yet, this clock carries on alone.

export class LectureClock {
  private base = 0;
  /** now() (ms) when the clock read `base`. */
  private anchor = 0;
  private running = false;
  private rate = 1;

  constructor(
    private readonly duration: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get time(): number {
    if (!this.running) return this.base;
    return Math.min(this.duration, this.base + ((this.now() - this.anchor) / 1000) * this.rate);
  }

  get playing(): boolean {
    return this.running;
  }

  get speed(): number {
    return this.rate;
  }

  play(): void {
    if (this.running) return;
    this.anchor = this.now();
    this.running = true;
  }

  pause(): void {
    if (!this.running) return;
    this.base = this.time;
    this.running = false;
  }

  /** Puts the clock at `time`, playing on from there if it was. */
  seek(time: number): void {
    this.base = Math.min(Math.max(0, time), this.duration);
    this.anchor = this.now();
  }

  setSpeed(speed: number): void {
    this.seek(this.time);
    this.rate = speed;
  }
}
