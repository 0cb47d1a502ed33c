/**
 * Counts failed authentications per client address in fixed windows, so that an address that
 * keeps sending bad tokens is refused before its tokens are even verified. Memory is bounded:
 * expired windows are dropped as new ones are counted.
 */
export class FailedAuthLimiter {
  readonly #max: number;
  readonly #windowMs: number;
  readonly #now: () => number;
  readonly #windows = new Map<string, { count: number; resetAt: number }>();

  /**
   * @param max failed authentications allowed per address and window
   * @param windowMs the window, in milliseconds
   * @param now the time in milliseconds (default `Date.now`)
   */
  constructor(max: number, windowMs: number, now: () => number = Date.now) {
    this.#max = max;
    this.#windowMs = windowMs;
    this.#now = now;
  }

  /** Seconds until `address` may try again, or 0 when it may try now. */
  retryAfterSeconds(address: string): number {
    const window = this.#windows.get(address);
    const now = this.#now();
    if (window === undefined || window.resetAt <= now) return 0;
    return window.count >= this.#max ? Math.max(1, Math.ceil((window.resetAt - now) / 1000)) : 0;
  }

  /** Counts one failed authentication of `address`. */
  recordFailure(address: string): void {
    const now = this.#now();
    if (this.#windows.size >= 10_000) {
      for (const [key, w] of this.#windows) if (w.resetAt <= now) this.#windows.delete(key);
    }
    const window = this.#windows.get(address);
    if (window === undefined || window.resetAt <= now) {
      this.#windows.set(address, { count: 1, resetAt: now + this.#windowMs });
    } else {
      window.count += 1;
    }
  }
}
