import { lazy, Suspense, useId, useState } from 'react';
import { type FamilySpec, OPTIMIZER_KINDS, type OptimizerKind } from '../schedules';
import { usePlaygroundStore } from '../state/context';
import type { Panel } from '../state/store';
import { LR_PATH, MOMENTUM_PATH, showsInitialLr, showsMomentum } from './errorRouting';
import { usePageOptions } from './embedOptions';
import { NumberControl } from './NumberControl';
import { usePanelControls } from './panelControls';

interface OptimizerControlsProps {
  panelIndex: number;
  panel: Panel;
  family: FamilySpec;
}

export function OptimizerControls({ panelIndex, panel, family }: OptimizerControlsProps) {
  const id = useId();
  const setOptimizer = usePlaygroundStore((s) => s.setOptimizer);
  const { errorFor } = usePanelControls();
  const { optimizer } = panel;
  const adamLike = optimizer.kind === 'Adam' || optimizer.kind === 'AdamW';
  const { hidden, locked } = usePageOptions();
  const showKind = !hidden.has('optimizer');
  const showLr = showsInitialLr(family) && !hidden.has('lr');
  const showMomentum = showsMomentum(family, panel) && !hidden.has('momentum');
  if (!showKind && !showLr && !showMomentum) return null;

  return (
    <fieldset className="optimizer-controls">
      <legend>Optimizer</legend>
      {showKind ? (
        <fieldset className="locked" disabled={locked.has('optimizer')}>
          <div className="control">
            <label className="control-label" htmlFor={`${id}-kind`}>
              Optimizer
            </label>
            <select
              id={`${id}-kind`}
              value={optimizer.kind}
              onChange={(e) => setOptimizer(panelIndex, { kind: e.target.value as OptimizerKind })}
            >
              {OPTIMIZER_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {kind}
                </option>
              ))}
            </select>
          </div>
        </fieldset>
      ) : null}
      {showKind ? <UpdateRule framework={family.framework} kind={optimizer.kind} /> : null}
      {showLr ? (
        <fieldset className="locked" disabled={locked.has('lr')}>
          <NumberControl
            label="Initial LR"
            help="The optimizer's learning rate before the scheduler changes it."
            value={optimizer.lr}
            min={1e-6}
            max={10}
            step={1e-6}
            log
            error={errorFor(LR_PATH)}
            onChange={(lr) => {
              if (lr !== null) setOptimizer(panelIndex, { lr });
            }}
          />
        </fieldset>
      ) : null}
      {showMomentum ? (
        <fieldset className="locked" disabled={locked.has('momentum')}>
          <NumberControl
            label="Momentum"
            help={
              adamLike
                ? "Adam's beta1, which plays the role of momentum (cycled where the scheduler cycles momentum)."
                : 'The optimizer momentum (cycled where the scheduler cycles momentum).'
            }
            value={optimizer.momentum}
            min={0}
            max={0.999}
            step={0.001}
            error={errorFor(MOMENTUM_PATH) ?? errorFor('optimizer.betas')}
            onChange={(momentum) => {
              if (momentum !== null) setOptimizer(panelIndex, { momentum });
            }}
          />
        </fieldset>
      ) : null}
    </fieldset>
  );
}

/**
 * The update rule's formulas and the other framework's difference load when the reader opens the note (a chunk of
 * their own, like the formulas): the main bundle stays as it was.
 */
const UpdateRuleBody = lazy(async () => {
  const { updateRuleNote, WEIGHT_DECAY_DIFFERENCE } = await import('../training/update-rules');
  return {
    default: ({ framework, kind }: { framework: FamilySpec['framework']; kind: OptimizerKind }) => {
      const note = updateRuleNote(framework, kind);
      return (
        <>
          <ul className="update-rule-lines">
            {note.update.map((line) => (
              <li key={line}>
                <code>{line}</code>
              </li>
            ))}
          </ul>
          <p>{note.difference}</p>
          <p>{WEIGHT_DECAY_DIFFERENCE}</p>
        </>
      );
    },
  };
});

/** How this panel's framework updates the weights when it trains, and how the other framework's rule differs. */
function UpdateRule({ framework, kind }: { framework: FamilySpec['framework']; kind: OptimizerKind }) {
  const [opened, setOpened] = useState(false);
  // torch, transformers and playground panels train with torch.optim; Keras panels with keras.optimizers.
  const library = framework === 'keras' ? 'keras.optimizers' : 'torch.optim';
  return (
    <details className="update-rule" onToggle={(e) => e.currentTarget.open && setOpened(true)}>
      <summary>
        Trains with <code>{`${library}.${kind}`}</code>
      </summary>
      {opened ? (
        <Suspense fallback={<p>Loading…</p>}>
          <UpdateRuleBody framework={framework} kind={kind} />
        </Suspense>
      ) : null}
    </details>
  );
}
