import { isValidElement, memo, type ReactNode, useId, useMemo } from 'react';
import { findFamily } from '../schedules';
import { usePlaygroundStore } from '../state/context';
import { MAX_PANELS, type Panel } from '../state/store';
import { describedBy, FieldError } from './FieldError';
import { FamilyPicker } from './FamilyPicker';
import { FAMILY_PICKER_PATH } from './errorRouting';
import { usePageOptions } from './embedOptions';
import { OptimizerControls } from './OptimizerControls';
import { ParamControl } from './ParamControl';
import { StepEveryControl } from './StepEveryControl';
import { useHistory } from './UndoControls';
import { type PanelControls, PanelControlsContext } from './panelControls';

interface SchedulePanelProps {
  panelIndex: number;
  /** "A", "B", ... */
  letter: string;
  /** The panel's curve colour, also on its letter badge, and the text colour readable on it. */
  color: string;
  ink: string;
  panel: Panel;
  /** How many panels there are: the last one cannot be removed, a full set cannot grow. */
  panelCount: number;
  /** Shown under the description: the live formula, or nothing while the settings are invalid. */
  formula?: ReactNode;
  /** Opens the panel's schedule as runnable PyTorch or Keras code. */
  onExport?: ((kind: 'PyTorch' | 'Keras') => void) | undefined;
  /** The error path of the control that shows the engine's error, and its message. */
  claimedError: { path: string; message: string; line?: number | undefined; column?: number | undefined } | undefined;
}

/**
 * The same formula: both absent, or elements of one type with the same props (the page makes a new element for
 * every render, around the same formula call while the panel is unchanged).
 */
function sameFormula(a: ReactNode, b: ReactNode): boolean {
  if (a === b) return true;
  if (!isValidElement(a) || !isValidElement(b) || a.type !== b.type || a.key !== b.key) return false;
  const pa = a.props as Record<string, unknown>;
  const pb = b.props as Record<string, unknown>;
  const keys = Object.keys(pa);
  return keys.length === Object.keys(pb).length && keys.every((k) => Object.is(pa[k], pb[k]));
}

/**
 * Whether a panel would render the same: dragging one panel's slider re-renders the page, and the other panels,
 * whose settings did not change, skip their controls. `onExport` is a new function each time the page renders; it
 * exports the panel's current schedule, which is the same while the panel, its formula call and its error are.
 */
function sameProps(a: SchedulePanelProps, b: SchedulePanelProps): boolean {
  return (
    a.panelIndex === b.panelIndex &&
    a.letter === b.letter &&
    a.color === b.color &&
    a.ink === b.ink &&
    a.panel === b.panel &&
    a.panelCount === b.panelCount &&
    a.claimedError === b.claimedError &&
    (a.onExport === undefined) === (b.onExport === undefined) &&
    sameFormula(a.formula, b.formula)
  );
}

export const SchedulePanel = memo(function SchedulePanel({
  panelIndex,
  letter,
  color,
  ink,
  panel,
  panelCount,
  formula,
  onExport,
  claimedError,
}: SchedulePanelProps) {
  const id = useId();
  const setFamily = usePlaygroundStore((s) => s.setFamily);
  const duplicatePanel = usePlaygroundStore((s) => s.duplicatePanel);
  const removePanel = usePlaygroundStore((s) => s.removePanel);
  const announce = useHistory((h) => h.announce);
  const remove = () => {
    removePanel(panelIndex);
    announce(`Removed schedule ${letter} (${panel.name}).`);
  };
  const setArg = usePlaygroundStore((s) => s.setArg);
  const resetPanel = usePlaygroundStore((s) => s.resetPanel);
  const family = findFamily(panel.framework, panel.name);

  const controls = useMemo<PanelControls>(
    () => ({
      setArg: (path, value) => setArg(panelIndex, path, value),
      errorFor: (path) => (claimedError?.path === path ? claimedError.message : undefined),
      sourcePositionFor: (path) =>
        claimedError?.path === path && claimedError.line !== undefined && claimedError.column !== undefined
          ? { line: claimedError.line, column: claimedError.column }
          : undefined,
    }),
    [setArg, panelIndex, claimedError],
  );
  const pickerError = controls.errorFor(FAMILY_PICKER_PATH);
  // An embed shows the controls and the chart, nothing else; a link can hide or lock the family picker too.
  const { embed, hidden, locked } = usePageOptions();
  const showPicker = !hidden.has('family');

  return (
    <section className="schedule-panel" aria-label={`Schedule ${letter}`}>
      <PanelControlsContext.Provider value={controls}>
        <div className="family-picker">
          {showPicker ? (
            <label className="panel-title" htmlFor={`${id}-family`}>
              Schedule
            </label>
          ) : (
            <span className="panel-title">
              Schedule {letter}: {panel.name}
            </span>
          )}
          <span className="panel-letter" aria-hidden="true" style={{ background: color, color: ink }}>
            {letter}
          </span>
          {embed ? null : (
            <div className="panel-actions">
              <button
                type="button"
                className="secondary small"
                onClick={() => duplicatePanel(panelIndex)}
                disabled={panelCount >= MAX_PANELS}
              >
                Duplicate
              </button>
              <button type="button" className="secondary small" onClick={remove} disabled={panelCount <= 1}>
                Remove
              </button>
              {onExport ? (
                <>
                  <button type="button" className="secondary small" onClick={() => onExport('PyTorch')} disabled={formula === undefined}>
                    Copy as PyTorch
                  </button>
                  <button type="button" className="secondary small" onClick={() => onExport('Keras')} disabled={formula === undefined}>
                    Copy as Keras
                  </button>
                </>
              ) : null}
            </div>
          )}
          {showPicker ? (
            <fieldset className="locked picker-lock" disabled={locked.has('family')}>
              <FamilyPicker
                id={`${id}-family`}
                framework={panel.framework}
                value={panel.name}
                onChange={(name, framework) => setFamily(panelIndex, name, framework)}
                describedBy={describedBy(family && `${id}-about`, pickerError && `${id}-error`)}
                invalid={Boolean(pickerError)}
              />
            </fieldset>
          ) : null}
          <FieldError id={`${id}-error`} message={pickerError} />
          {family && !embed ? (
            <div className="family-about" id={`${id}-about`}>
              <p>{family.description}</p>
              <p className="version">Follows {family.frameworkVersion}</p>
            </div>
          ) : null}
          {embed ? null : formula}
        </div>
        {family ? (
          <>
            <OptimizerControls panelIndex={panelIndex} panel={panel} family={family} />
            <StepEveryControl panelIndex={panelIndex} panel={panel} family={family} />
            <fieldset className="param-controls">
              <legend>{family.name} arguments</legend>
              {family.params.map((param) => (
                <ParamControl key={param.name} param={param} path={[param.name]} value={panel.args[param.name]} />
              ))}
              {embed ? null : (
                <button type="button" className="secondary" onClick={() => resetPanel(panelIndex)}>
                  Reset
                </button>
              )}
            </fieldset>
          </>
        ) : null}
      </PanelControlsContext.Provider>
    </section>
  );
}, sameProps);
