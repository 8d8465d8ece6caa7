import { Component, type ErrorInfo, type ReactNode } from 'react';

interface ErrorBoundaryProps {
  children: ReactNode;
  /**
   * Where set, a failure inside shows this part's own message in place ("The chart could not be drawn"), and
   * the rest of the page keeps working; without it, the whole-page message with Reload.
   */
  part?: string;
  /** A new value retries the part (e.g. the data it draws changed). */
  resetKey?: unknown;
}

interface ErrorBoundaryState {
  error: Error | null;
  resetKey: unknown;
}

/** A readable message instead of a blank page (or a blank part of one) when rendering fails. */
export class ErrorBoundary extends Component<ErrorBoundaryProps, ErrorBoundaryState> {
  override state: ErrorBoundaryState = { error: null, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<ErrorBoundaryState> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  static getDerivedStateFromProps(props: ErrorBoundaryProps, state: ErrorBoundaryState): Partial<ErrorBoundaryState> | null {
    return Object.is(props.resetKey, state.resetKey) ? null : { error: null, resetKey: props.resetKey };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error(`LR Playground: ${this.props.part ?? 'the page'} failed while rendering:`, error, info.componentStack);
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    if (this.props.part) {
      return (
        <div className="part-crash" role="alert">
          <p>
            <strong>{this.props.part} could not be drawn</strong> ({error.message}). The rest of the page works: change a setting to try
            again, or use Download CSV for the values.
          </p>
        </div>
      );
    }
    return (
      <div className="crash" role="alert">
        <h1>Something went wrong</h1>
        <p>The playground hit an unexpected error and stopped drawing. Reloading the page usually helps.</p>
        <pre>{error.message}</pre>
        <button type="button" onClick={() => window.location.reload()}>
          Reload
        </button>
      </div>
    );
  }
}
