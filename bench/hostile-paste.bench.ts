/**
 * How long the paste reader takes on hostile input: parseScheduleCode, then sampling 200 ticks of what parsed
 * (what the hostile-input test checks, src/schedules/code/hostile.test.ts, which bounds the work instead of the
 * time). One bench per category of the corpus (all its inputs), then one per input among the slowest five,
 * found by timing every input at load (the fastest of three; printed). Run: `npm run bench` (table; JSON in bench/results.json).
 */
import { bench, describe } from 'vitest';
import { sample } from '../src/schedules';
import { type HostileCase, hostileCases } from '../src/schedules/code/hostile-cases';
import { parseScheduleCode } from '../src/schedules/code';

const TICKS = 200;

function run({ source }: HostileCase): void {
  const parsed = parseScheduleCode(source);
  if (!parsed.ok) return;
  for (const s of parsed.value.schedules) {
    sample(s, TICKS, s.needsMetric ? { metric: Array.from({ length: TICKS }, () => 1) } : undefined);
  }
}

const all = hostileCases();
const byCategory = new Map<string, HostileCase[]>();
for (const c of all) byCategory.set(c.category, [...(byCategory.get(c.category) ?? []), c]);

for (const c of all) run(c); // warm up (the grammar, the JIT)
/** The fastest of three runs: one pass is too noisy (a GC pause) to rank the inputs. */
const timed = all.map((c) => {
  let ms = Number.POSITIVE_INFINITY;
  for (let k = 0; k < 3; k++) {
    const start = performance.now();
    run(c);
    ms = Math.min(ms, performance.now() - start);
  }
  return { c, ms };
});
timed.sort((a, b) => b.ms - a.ms);
const slowest = timed.slice(0, 5);
const label = (c: HostileCase) =>
  `${c.category} (${c.source.length.toLocaleString('en-US')} characters): ${JSON.stringify(c.source.slice(0, 40))}`;
console.log(
  `hostile pastes: ${all.length} inputs, ${timed.reduce((t, x) => t + x.ms, 0).toFixed(0)} ms in all (fastest of three per input); slowest:`,
);
for (const { c, ms } of slowest) console.log(`  ${ms.toFixed(1).padStart(8)} ms  ${label(c)}`);

describe('hostile pastes, by category (all inputs of the category)', () => {
  for (const [category, cases] of byCategory) {
    bench(
      `${category} (${cases.length})`,
      () => {
        for (const c of cases) run(c);
      },
      { time: 300, iterations: 3, warmupIterations: 1 },
    );
  }
});

describe('hostile pastes, the slowest five inputs', () => {
  for (const { c } of slowest) bench(label(c), () => run(c), { time: 300, iterations: 3, warmupIterations: 1 });
});
