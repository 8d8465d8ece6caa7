import { lazy, Suspense } from 'react';
import { ErrorBoundary } from '../ErrorBoundary';
import type { LandscapeViewProps } from './LandscapeView';

/** The Landscape tab loads in a chunk of its own on first open, so the main bundle stays inside its budget. */
const LandscapeView = lazy(() => import('./LandscapeView'));

export function LazyLandscape(props: LandscapeViewProps) {
  return (
    <ErrorBoundary part="The landscape view">
      <Suspense fallback={<p className="chart-note">Loading the landscape…</p>}>
        <LandscapeView {...props} />
      </Suspense>
    </ErrorBoundary>
  );
}
