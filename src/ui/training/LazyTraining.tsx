import { lazy, Suspense, useId } from 'react';
import { ErrorBoundary } from '../ErrorBoundary';
import type { TrainingSectionProps } from './TrainingSection';

/**
 * The Training section loads after the first paint, in a chunk of its own (its charts, controls and the worker
 * client), so the main bundle stays inside its budget (bench/bundle.mjs); the worker and tfjs load on the first Train.
 */
const TrainingSection = lazy(() => import('./TrainingSection'));

function Loading() {
  const id = useId();
  return (
    <section className="training" aria-labelledby={id} aria-busy="true">
      <h2 id={id}>Training</h2>
      <p className="chart-note">Loading the training view…</p>
    </section>
  );
}

export function LazyTraining(props: TrainingSectionProps) {
  return (
    <ErrorBoundary part="The training view">
      <Suspense fallback={<Loading />}>
        <TrainingSection {...props} />
      </Suspense>
    </ErrorBoundary>
  );
}
