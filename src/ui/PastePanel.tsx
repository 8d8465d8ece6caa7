import { useEffect, useId, useRef, useState } from 'react';
import { type FrameworkCall, MAX_TICKS, type ScheduleError, steppingNotes } from '../schedules';
import { usePlaygroundStore, usePlaygroundStoreApi } from '../state/context';
import { DEFAULT_OPTIMIZER, isUsableHorizon, MAX_PANELS, PANEL_NAMES, type Panel, type PanelOptimizer } from '../state/store';
import { codeExcerpt } from './codeExcerpt';
import { describeError } from './errorRouting';

/** Typing pauses this long before the curve follows (parsing is fast, but half-typed code is noise). */
const TYPING_PAUSE_MS = 400;

function panelOf(call: FrameworkCall): Panel {
  const o = call.optimizer ?? {};
  const optimizer: PanelOptimizer = {
    kind: o.kind ?? DEFAULT_OPTIMIZER.kind,
    lr: o.lr ?? o.learning_rate ?? DEFAULT_OPTIMIZER.lr,
    momentum: o.betas?.[0] ?? o.momentum ?? DEFAULT_OPTIMIZER.momentum,
  };
  return {
    framework: call.framework,
    name: call.name,
    args: structuredClone(call.args),
    optimizer,
    ...(call.stepEvery !== undefined ? { stepEvery: call.stepEvery } : {}),
  };
}

/**
 * Paste a scheduler line or a whole tutorial code block: its schedules fill the chosen panel (and the next
 * ones), `epochs=` / `steps_per_epoch=` set the horizon. The code is only parsed (a safe Python subset), never run.
 */
export function PastePanel() {
  const id = useId();
  const store = usePlaygroundStoreApi();
  const [source, setSource] = useState('');
  const [target, setTarget] = useState(0);
  const [error, setError] = useState<ScheduleError | undefined>();
  const [done, setDone] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const panelCount = usePlaygroundStore((s) => s.panels.length);

  const plot = async (text: string) => {
    if (text.trim() === '') {
      setError(undefined);
      setDone('');
      return;
    }
    // The code reader (a Python front end and every framework's signatures) loads on first use, off the first paint.
    const { parseScheduleCode } = await import('../schedules/code');
    // The horizon supplies what the code cannot know: len(train_loader) and an undefined epochs in num_training_steps.
    const parsed = parseScheduleCode(text, { horizon: store.getState().horizon });
    if (!parsed.ok) {
      // The last good curves stay: nothing in the store changes.
      setError(parsed.error);
      setDone('');
      return;
    }
    const { panels, horizon } = store.getState();
    const h = parsed.value.horizon;
    const nextHorizon = { epochs: h?.epochs ?? horizon.epochs, stepsPerEpoch: h?.stepsPerEpoch ?? horizon.stepsPerEpoch };
    if (!isUsableHorizon(nextHorizon)) {
      const steps = nextHorizon.epochs * nextHorizon.stepsPerEpoch;
      setError({
        message: `The code trains for ${nextHorizon.epochs.toLocaleString('en-US')} epochs × ${nextHorizon.stepsPerEpoch.toLocaleString('en-US')} steps = ${steps.toLocaleString('en-US')} optimizer steps; the playground draws at most ${MAX_TICKS.toLocaleString('en-US')}. Lower epochs= or steps_per_epoch=.`,
      });
      setDone('');
      return;
    }
    setError(undefined);
    const next = [...panels];
    const start = Math.min(target, next.length);
    const incoming = parsed.value.schedules.map((s) => panelOf(s.call)).slice(0, MAX_PANELS - start);
    incoming.forEach((panel, k) => {
      next[start + k] = panel;
    });
    store.getState().load({ panels: next, horizon: nextHorizon });
    const letters = incoming.map((_, k) => PANEL_NAMES[start + k]).join(', ');
    // Where the code calls step() and what the panel draws (a StepLR stepped per batch counts optimizer steps).
    const notes = steppingNotes({ ...parsed.value, schedules: parsed.value.schedules.slice(0, incoming.length) });
    const caveat = notes.length ? ` ${notes.join(' ')}` : '';
    setDone(`Plotted ${incoming.map((p) => p.name).join(', ')} in schedule ${letters}.${caveat}`);
  };

  useEffect(() => () => clearTimeout(timer.current), []);

  const onInput = (text: string) => {
    setSource(text);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void plot(text), TYPING_PAUSE_MS);
  };

  const position = error?.line !== undefined && error.column !== undefined ? { line: error.line, column: error.column } : undefined;
  return (
    <section className="paste-panel" aria-label="Paste code">
      <label htmlFor={`${id}-source`} className="panel-title">
        Paste PyTorch or Keras code
      </label>
      <p className="help" id={`${id}-help`}>
        A scheduler line, or a whole tutorial code block (optimizer, scheduler, <code>model.fit(epochs=…)</code>), Hugging Face schedules
        included (<code>get_linear_schedule_with_warmup</code>, <code>get_scheduler(…)</code>): its curve is drawn as you type. The code is
        read, never run.
      </p>
      <textarea
        id={`${id}-source`}
        className="code"
        rows={6}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        value={source}
        placeholder="scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=30, gamma=0.1)"
        aria-describedby={`${id}-help${error ? ` ${id}-error` : ''}`}
        aria-invalid={error ? true : undefined}
        onChange={(e) => onInput(e.target.value)}
      />
      <div className="paste-actions">
        <label className="inline-select">
          Plot into
          <select value={Math.min(target, panelCount)} onChange={(e) => setTarget(Number(e.target.value))}>
            {Array.from({ length: panelCount }, (_, i) => (
              <option key={PANEL_NAMES[i]} value={i}>
                Schedule {PANEL_NAMES[i]}
              </option>
            ))}
            {panelCount < MAX_PANELS ? <option value={panelCount}>A new schedule</option> : null}
          </select>
        </label>
        <button
          type="button"
          onClick={() => {
            clearTimeout(timer.current);
            void plot(source);
          }}
        >
          Plot
        </button>
      </div>
      {error ? (
        <>
          <p id={`${id}-error`} className="field-error" role="alert">
            {describeError(error)}
          </p>
          {position ? (
            <pre className="code-excerpt" aria-hidden="true">
              {codeExcerpt(source, position)}
            </pre>
          ) : null}
        </>
      ) : null}
      {done ? (
        <p className="help" role="status">
          {done}
        </p>
      ) : null}
    </section>
  );
}
