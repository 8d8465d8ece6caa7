import { useId, useState } from 'react';
import { usePlaygroundStore } from '../state/context';
import { EXAMPLE_METRIC_NOTE, METRIC_PRESETS } from '../state/example-metric';
import type { MetricPreset } from '../state/store';

/** The example loss that plateau schedules are previewed against; shown only when a panel needs a metric. */
export function MetricEditor() {
  const id = useId();
  const metric = usePlaygroundStore((s) => s.metric);
  const epochs = usePlaygroundStore((s) => s.horizon.epochs);
  const setMetric = usePlaygroundStore((s) => s.setMetric);
  const [draft, setDraft] = useState(() => metric.custom.join(', '));
  const [problem, setProblem] = useState<string | undefined>();

  const commit = (text: string) => {
    setDraft(text);
    const parts = text.split(/[\s,;]+/).filter((p) => p !== '');
    const values = parts.map(Number);
    const bad = values.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      setProblem(`"${parts[bad]}" is not a number; the previous values are kept.`);
      return;
    }
    setProblem(undefined);
    setMetric({ custom: values });
  };

  return (
    <fieldset className="metric-editor">
      <legend>Example loss</legend>
      <p className="help">{EXAMPLE_METRIC_NOTE}</p>
      <label htmlFor={`${id}-preset`}>Example loss curve</label>
      <select id={`${id}-preset`} value={metric.preset} onChange={(e) => setMetric({ preset: e.target.value as MetricPreset })}>
        {METRIC_PRESETS.map((p) => (
          <option key={p.id} value={p.id}>
            {p.label}
          </option>
        ))}
      </select>
      {metric.preset === 'custom' ? (
        <>
          <label htmlFor={`${id}-values`}>Loss per epoch</label>
          <textarea
            id={`${id}-values`}
            rows={3}
            value={draft}
            placeholder="2.1, 1.4, 1.1, 1.0, 1.0, 0.99, …"
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? `${id}-problem` : undefined}
            onChange={(e) => commit(e.target.value)}
            spellCheck={false}
          />
          {problem ? (
            <p id={`${id}-problem`} className="field-error" role="alert">
              {problem}
            </p>
          ) : null}
          <CustomCoverage values={metric.custom} epochs={epochs} />
        </>
      ) : null}
    </fieldset>
  );
}

/** Says how a custom list shorter than the horizon is used, rather than padding it silently. */
function CustomCoverage({ values, epochs }: { values: readonly number[]; epochs: number }) {
  const n = values.filter((v) => Number.isFinite(v)).length;
  if (n === 0) return <p className="help">No values yet: the “Early plateau” curve is used until you type some.</p>;
  if (n >= epochs) return n > epochs ? <p className="help">Only the first {epochs} values are used (one per epoch).</p> : null;
  const last = values.filter((v) => Number.isFinite(v))[n - 1];
  return (
    <p className="help" role="status">
      {n} {n === 1 ? 'value covers epoch 0' : `values cover epochs 0–${n - 1}`}; the last one ({String(last)}) repeats for epochs {n}–
      {epochs - 1}.
    </p>
  );
}
