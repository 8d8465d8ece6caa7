import { useId, useMemo } from 'react';
import { type FamilySpec, fromFramework, type StepEvery, stepEveryOf } from '../schedules';
import { usePlaygroundStore } from '../state/context';
import { type Panel, panelCall } from '../state/store';
import { describedBy, FieldError } from './FieldError';
import { usePageOptions } from './embedOptions';
import { usePanelControls } from './panelControls';

interface StepEveryControlProps {
  panelIndex: number;
  panel: Panel;
  family: FamilySpec;
}

/** The family's own tick for this panel's arguments (a SequentialLR holding a OneCycleLR is stepped per batch). */
function ownStepEvery(panel: Panel, family: FamilySpec): StepEvery {
  const { stepEvery: _chosen, ...rest } = panel;
  const built = fromFramework(panelCall(rest));
  return built.ok ? stepEveryOf(built.value) : family.tick === 'step' ? 'batch' : 'epoch';
}

/**
 * "step() every": where the training loop calls a torch scheduler's step(), after every epoch or after every
 * batch (its tick then counts optimizer steps). Torch panels only; ReduceLROnPlateau is stepped per epoch.
 */
export function StepEveryControl({ panelIndex, panel, family }: StepEveryControlProps) {
  const id = useId();
  const setStepEvery = usePlaygroundStore((s) => s.setStepEvery);
  const { errorFor } = usePanelControls();
  const { hidden, locked } = usePageOptions();
  const own = useMemo(() => ownStepEvery(panel, family), [panel, family]);
  if (panel.framework !== 'torch' || hidden.has('stepEvery')) return null;
  const value = panel.stepEvery ?? own;
  const error = errorFor('stepEvery');
  const fixed = family.needsMetric;
  const help = fixed
    ? `${family.name} compares each epoch's validation loss: it is stepped once per epoch.`
    : value === 'batch'
      ? `scheduler.step() after every optimizer step: ${family.name}'s counts are optimizer steps.`
      : `scheduler.step() once per epoch, after its batches: ${family.name}'s counts are epochs.`;
  return (
    <fieldset className="locked" disabled={locked.has('stepEvery') || fixed}>
      <div className="control choice-control">
        <label className="control-label" htmlFor={`${id}-select`}>
          step() every
        </label>
        <select
          id={`${id}-select`}
          value={value}
          aria-describedby={describedBy(`${id}-help`, error && `${id}-error`)}
          aria-invalid={error ? true : undefined}
          onChange={(e) => setStepEvery(panelIndex, e.target.value === 'batch' ? 'batch' : 'epoch')}
        >
          <option value="epoch">epoch{own === 'epoch' ? ' (usual)' : ''}</option>
          <option value="batch">batch{own === 'batch' ? ' (usual)' : ''}</option>
        </select>
        <p className="help" id={`${id}-help`}>
          {help}
        </p>
        <FieldError id={`${id}-error`} message={error} />
      </div>
    </fieldset>
  );
}
