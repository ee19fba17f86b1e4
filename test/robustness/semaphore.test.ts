import { describe, expect, it } from 'vitest';
import { limitModelCalls, limitStream } from '../../src/server/middleware/model-call-limit.js';
import { BusyError, Semaphore } from '../../src/server/middleware/semaphore.js';

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

  it('holds a slot for a model answer and for the whole of a stream', async () => {
    const sem = new Semaphore(1, 0);
    let seen = -1;
    const model = limitModelCalls({ answer: async () => ((seen = sem.inUse), { answer: 'x', found: true, citations: [], mode: 'llm' }) }, sem);
    await model.answer({} as never);
    expect(seen).toBe(1);
    expect(sem.inUse).toBe(0);

    async function* pieces() {
      yield 'a';
      yield 'b';
    }
    const it = limitStream(sem, pieces)[Symbol.asyncIterator]();
    await it.next();
    expect(sem.inUse).toBe(1);
    await expect(model.answer({} as never)).rejects.toBeInstanceOf(BusyError);
    await it.return?.(undefined);
    expect(sem.inUse).toBe(0);
  });
});
