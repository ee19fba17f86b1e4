/** Thrown when every slot is taken and the waiting line is full. */
export class BusyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BusyError';
  }
}

interface Waiter {
  grant: (release: () => void) => void;
}

/**
 * At most `max` holders at once, at most `maxWaiting` in line (first come, first served).
 * acquire() resolves to an idempotent release function.
 */
export class Semaphore {
  private active = 0;
  private readonly line: Waiter[] = [];

  constructor(
    readonly max: number,
    readonly maxWaiting: number,
  ) {
    if (max < 1) throw new Error('a semaphore needs at least one slot');
  }

  get inUse(): number {
    return this.active;
  }

  get waiting(): number {
    return this.line.length;
  }

  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.active < this.max) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    if (this.line.length >= this.maxWaiting) {
      return Promise.reject(new BusyError(`busy: ${this.active} calls running and ${this.line.length} waiting`));
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant: (release) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(release);
        },
      };
      const onAbort = () => {
        const i = this.line.indexOf(waiter);
        if (i >= 0) this.line.splice(i, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.line.push(waiter);
    });
  }

  /** Runs fn holding a slot. */
  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.acquire(signal);
    try {
      return await fn();
    } finally {
      release();
    }
  }

  private releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = this.line.shift();
      // The slot passes straight to the next in line, so active stays the same.
      if (next) next.grant(this.releaser());
      else this.active--;
    };
  }
}
