import { useEffect, useId, useRef, useState } from 'react';
import { type FrameworkCall, findFamily, MAX_TICKS, type ScheduleError, steppingNotes } from '../schedules';
import { usePlaygroundStore, usePlaygroundStoreApi } from '../state/context';
import { DEFAULT_OPTIMIZER, isUsableHorizon, MAX_PANELS, PANEL_NAMES, type Panel, type PanelOptimizer } from '../state/store';
import { codeExcerpt } from './codeExcerpt';
import { describeError } from './errorRouting';

/** Typing pauses this long before the curve follows (parsing is fast, but half-typed code is noise). */
const TYPING_PAUSE_MS = 400;
/**
 * Code that is evidently still being typed (it ends inside a bracket or a string, or builds nothing yet) gets a
 * neutral hint at the typing pause, and its error only after this longer pause, on leaving the box, or on Plot.
 */
const LONG_PAUSE_MS = 2500;

const describeOptimizer = (o: PanelOptimizer) => `${o.kind}, initial LR ${o.lr}${o.kind === 'SGD' ? `, momentum ${o.momentum}` : ''}`;

/**
 * A parsed schedule's call as a panel. Where the code gives the schedule no optimizer (`scheduler =
 * StepLR(optimizer, ...)` alone, a bare Keras callback), its call holds the engine's defaults; the panel keeps
 * `kept` (the target panel's own optimizer) instead of silently resetting it to them.
 */
function panelOf(call: FrameworkCall, kept: PanelOptimizer | undefined): Panel {
  const o = call.optimizer;
  const optimizer: PanelOptimizer = kept
    ? { ...kept }
    : {
        kind: o?.kind ?? DEFAULT_OPTIMIZER.kind,
        lr: o?.lr ?? o?.learning_rate ?? DEFAULT_OPTIMIZER.lr,
        momentum: o?.betas?.[0] ?? o?.momentum ?? DEFAULT_OPTIMIZER.momentum,
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
  const [hint, setHint] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const longTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  /** Whether a typing pause is still to come (the last keystroke not yet read). */
  const typing = useRef(false);
  /** The latest reading: an older one finishing later (the reader loads on first use) is dropped. */
  const reading = useRef(0);
  const panelCount = usePlaygroundStore((s) => s.panels.length);

  const stopTimers = () => {
    clearTimeout(timer.current);
    clearTimeout(longTimer.current);
  };

  /** Reads the code and plots it; `final` is false at a typing pause, where half-typed code gets a hint, not an error. */
  const plot = async (text: string, final: boolean) => {
    const ticket = ++reading.current;
    if (text.trim() === '') {
      setError(undefined);
      setDone('');
      setHint('');
      return;
    }
    // The code reader (a Python front end and every framework's signatures) loads on first use, off the first paint.
    const code = await import('../schedules/code/parse');
    if (ticket !== reading.current) return;
    // The horizon supplies what the code cannot know: len(train_loader) and an undefined epochs in num_training_steps.
    const parsed = code.parseScheduleCode(text, { horizon: store.getState().horizon });
    if (!parsed.ok) {
      const open = final ? undefined : code.stillOpen(text);
      if (!final && (open || code.buildsNothingYet(parsed.error))) {
        // Still being typed: a neutral hint now, the error only if the code stays like this.
        setError(undefined);
        setDone('');
        setHint(
          open
            ? `Incomplete: ${open.what} on line ${open.line}, column ${open.column} is not closed yet; the curve follows when the code is complete.`
            : 'No scheduler yet: the curve follows once the code builds one (e.g. torch.optim.lr_scheduler.StepLR(optimizer, step_size=30)).',
        );
        clearTimeout(longTimer.current);
        longTimer.current = setTimeout(() => void plot(text, true), LONG_PAUSE_MS);
        return;
      }
      // The last good curves stay: nothing in the store changes.
      setError(parsed.error);
      setDone('');
      setHint('');
      return;
    }
    setHint('');
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
    const schedules = parsed.value.schedules.slice(0, MAX_PANELS - start);
    const assumed: string[] = [];
    const incoming = schedules.map((s, k) => {
      const given = parsed.value.optimizerGiven?.[k] ?? true;
      const existing = next[start + k]?.optimizer;
      const panel = panelOf(s.call, given ? undefined : existing);
      if (!given && findFamily(s.call.framework, s.call.name)?.usesOptimizerLr) {
        const letter = PANEL_NAMES[start + k];
        assumed.push(
          existing
            ? `The code sets up no optimizer for ${s.call.name}: schedule ${letter} keeps its own (${describeOptimizer(panel.optimizer)}).`
            : `The code sets up no optimizer for ${s.call.name}: schedule ${letter} uses the default (${describeOptimizer(panel.optimizer)}).`,
        );
      }
      return panel;
    });
    incoming.forEach((panel, k) => {
      next[start + k] = panel;
    });
    store.getState().load({ panels: next, horizon: nextHorizon });
    const letters = incoming.map((_, k) => PANEL_NAMES[start + k]).join(', ');
    // Where the code calls step() and what the panel draws (a StepLR stepped per batch counts optimizer steps).
    const notes = steppingNotes({ ...parsed.value, schedules });
    // What the reading took from the horizon or rewrote, and what the panels kept.
    const caveats = [...(parsed.value.notes ?? []), ...assumed, ...notes];
    setDone(`Plotted ${incoming.map((p) => p.name).join(', ')} in schedule ${letters}.${caveats.length ? ` ${caveats.join(' ')}` : ''}`);
  };

  useEffect(
    () => () => {
      clearTimeout(timer.current);
      clearTimeout(longTimer.current);
    },
    [],
  );

  const onInput = (text: string) => {
    setSource(text);
    stopTimers();
    typing.current = true;
    timer.current = setTimeout(() => {
      typing.current = false;
      void plot(text, false);
    }, TYPING_PAUSE_MS);
  };

  /** Leaving the box ends the typing: code left half-typed gets its real error now. */
  const onBlur = () => {
    if (!hint && !typing.current) return;
    stopTimers();
    typing.current = false;
    void plot(source, true);
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
        onBlur={onBlur}
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
            stopTimers();
            void plot(source, true);
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
      {hint ? (
        // Neutral on purpose (no alert, not red): the code is still being typed.
        <p className="help paste-hint" aria-live="polite">
          {hint}
        </p>
      ) : null}
      {done ? (
        <p className="help" role="status">
          {done}
        </p>
      ) : null}
    </section>
  );
}
