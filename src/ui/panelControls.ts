import { createContext, useContext } from 'react';
import type { ArgPath } from '../state/store';

export interface PanelControls {
  /** `path` is relative to the panel's args. */
  setArg(path: ArgPath, value: unknown): void;
  /** The engine's message when its error names the control at `path` (an error path like 'args.gamma'). */
  errorFor(path: string): string | undefined;
  /** Where in the Python source the error at `path` points (1-based), for a code excerpt. */
  sourcePositionFor(path: string): { line: number; column: number } | undefined;
}

export const PanelControlsContext = createContext<PanelControls | null>(null);

export function usePanelControls(): PanelControls {
  const controls = useContext(PanelControlsContext);
  if (!controls) throw new Error('Parameter controls must be rendered inside a schedule panel.');
  return controls;
}
