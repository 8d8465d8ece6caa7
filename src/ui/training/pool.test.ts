import { describe, expect, it } from 'vitest';
import type { RunRequest } from '../../training/client';
import { MAX_RUNS_PER_START, PROTOCOL_VERSION, type WorkerEvent } from '../../training/protocol';
import type { TrainingConfig } from '../../training/types';
import { createTrainingPool, type PoolClient } from './pool';

function fakeClient() {
  const calls: string[] = [];
  const starts: string[][] = [];
  let listener: ((e: WorkerEvent) => void) | undefined;
  const client: PoolClient = {
    start: (runs) => {
      starts.push(runs.map((r) => r.runId));
    },
    pause: () => calls.push('pause'),
    resume: () => calls.push('resume'),
    step: () => calls.push('step'),
    stop: () => calls.push('stop'),
    subscribe: (l) => {
      listener = l;
      return () => {
        listener = undefined;
      };
    },
    dispose: () => calls.push('dispose'),
  };
  return { client, calls, starts, emit: (e: WorkerEvent) => listener?.(e) };
}

const run = (i: number): RunRequest => ({ runId: `r${i}`, config: {} as TrainingConfig });

describe('the worker pool', () => {
  it('spreads runs round-robin, in starts of at most MAX_RUNS_PER_START, and broadcasts the controls', () => {
    const fakes = [fakeClient(), fakeClient()];
    let made = 0;
    const pool = createTrainingPool(2, () => (fakes[made++] as ReturnType<typeof fakeClient>).client);
    const seen: string[] = [];
    pool.subscribe((e) => seen.push(e.type));
    pool.pause(); // no worker yet: nothing to do, none started
    expect(made).toBe(0);
    pool.start(Array.from({ length: 2 * MAX_RUNS_PER_START + 4 }, (_, i) => run(i)));
    expect(made).toBe(2);
    expect(fakes[0]?.starts.map((s) => s.length)).toEqual([MAX_RUNS_PER_START, 2]);
    expect(fakes[0]?.starts[0]?.slice(0, 3)).toEqual(['r0', 'r2', 'r4']);
    expect(fakes[1]?.starts[0]?.slice(0, 2)).toEqual(['r1', 'r3']);
    pool.pause();
    pool.step();
    pool.resume();
    pool.stop();
    for (const f of fakes) expect(f.calls).toEqual(['pause', 'step', 'resume', 'stop']);
    fakes[1]?.emit({ v: PROTOCOL_VERSION, type: 'failed', runId: 'r1', message: 'crashed' });
    expect(seen).toEqual(['failed']);
    pool.dispose();
    for (const f of fakes) expect(f.calls.at(-1)).toBe('dispose');
  });
});
