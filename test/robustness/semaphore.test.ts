import { describe, expect, it } from 'vitest';
import { BusyError, Semaphore } from '../../src/base/semaphore.js';
import type { ChatMessage, ChatModel, ChatOptions } from '../../src/llm/chat-model.js';
import { LimitedChatModel } from '../../src/llm/model-call-limit.js';
import { ModelFailure } from '../../src/openai/model-failure.js';

const tick = () => new Promise((r) => setImmediate(r));

describe('Semaphore', () => {
  it('never lets more than max run, serves the line in order, refuses past the line', async () => {
    const sem = new Semaphore(2, 2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const gates: Array<() => void> = [];
    const job = (i: number) =>
      sem.run(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise<void>((r) => gates.push(r));
        order.push(i);
        running--;
      });
    const jobs = [0, 1, 2, 3].map(job);
    await expect(job(4)).rejects.toBeInstanceOf(BusyError);
    await tick();
    expect(sem.inUse).toBe(2);
    expect(sem.waiting).toBe(2);
    while (order.length < 4) {
      gates.shift()?.();
      await tick();
      await tick();
    }
    await Promise.all(jobs);
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3]);
    expect(sem.inUse).toBe(0);
  });

  it('drops a waiter whose signal aborts, and a double release frees one slot only', async () => {
    const sem = new Semaphore(1, 5);
    const release = await sem.acquire();
    const ctrl = new AbortController();
    const waiting = sem.acquire(ctrl.signal);
    ctrl.abort(new Error('client left'));
    await expect(waiting).rejects.toThrow('client left');
    expect(sem.waiting).toBe(0);
    release();
    release();
    expect(sem.inUse).toBe(0);
    const a = await sem.acquire();
    expect(sem.inUse).toBe(1);
    a();
  });
});

/** A model whose calls wait until let go, counting how many run at once. */
class GatedModel implements ChatModel {
  readonly id = 'gated';
  running = 0;
  peak = 0;
  private gates: Array<() => void> = [];

  letOneGo(): void {
    this.gates.shift()?.();
  }

  private async enter(): Promise<void> {
    this.running++;
    this.peak = Math.max(this.peak, this.running);
    await new Promise<void>((r) => this.gates.push(r));
  }

  async complete(_m: ChatMessage[], _o?: ChatOptions): Promise<string> {
    await this.enter();
    this.running--;
    return 'done';
  }

  async *stream(_m: ChatMessage[], _o?: ChatOptions): AsyncIterable<string> {
    try {
      yield 'first ';
      await this.enter();
      yield 'second';
    } finally {
      this.running--;
    }
  }
}

describe('LimitedChatModel', () => {
  it('caps concurrent model calls; past the line a call fails as a ModelFailure (so answers fall back)', async () => {
    const inner = new GatedModel();
    const model = new LimitedChatModel(inner, { concurrency: 2, queue: 1 });
    const calls = [model.complete([]), model.complete([]), model.complete([])];
    await tick();
    await expect(model.complete([])).rejects.toBeInstanceOf(ModelFailure);
    expect(inner.running).toBe(2);
    for (let i = 0; i < 3; i++) {
      inner.letOneGo();
      await tick();
      await tick();
    }
    expect(await Promise.all(calls)).toEqual(['done', 'done', 'done']);
    expect(inner.peak).toBe(2);
    expect(model.semaphore.inUse).toBe(0);
  });

  it('holds the slot for the whole of a stream, and frees it when the reader stops early', async () => {
    const inner = new GatedModel();
    const model = new LimitedChatModel(inner, { concurrency: 1, queue: 0 });
    const it = model.stream([])[Symbol.asyncIterator]();
    expect((await it.next()).value).toBe('first ');
    expect(model.semaphore.inUse).toBe(1);
    await expect(model.complete([])).rejects.toBeInstanceOf(ModelFailure);
    await it.return?.(undefined);
    expect(model.semaphore.inUse).toBe(0);
  });
});
