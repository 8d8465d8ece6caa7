import { lazy, Suspense } from 'react';
import type { FrameworkCall } from '../schedules';

/**
 * The formula renderer and the formula builders load after the first paint (a chunk of their own): the curve
 * is what the page shows first, and the main bundle stays inside its budget (bench/bundle.mjs).
 */
const FormulaOfCall = lazy(async () => {
  const [{ Formula }, { formulaFor }] = await Promise.all([import('./Formula'), import('../schedules/formulas')]);
  return { default: ({ call }: { call: FrameworkCall }) => <Formula formula={formulaFor(call)} /> };
});

export function LazyFormula({ call }: { call: FrameworkCall }) {
  return (
    <Suspense fallback={null}>
      <FormulaOfCall call={call} />
    </Suspense>
  );
}
