import { useId, useState } from 'react';
import { usePlaygroundStore } from '../state/context';
import type { Horizon } from '../state/store';
import { describedBy, FieldError } from './FieldError';

interface CountInputProps {
  label: string;
  value: number;
  onChange(value: number): void;
}

/** A whole number of at least 1; anything else stays in the box with a message, and the store keeps its value. */
function CountInput({ label, value, onChange }: CountInputProps) {
  const id = useId();
  const [draft, setDraft] = useState<{ text: string; basis: number } | null>(null);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const text = draft && draft.basis === value ? draft.text : String(value);

  const onText = (raw: string) => {
    const parsed = raw.trim() === '' ? Number.NaN : Number(raw);
    if (Number.isInteger(parsed) && parsed >= 1) {
      setDraft({ text: raw, basis: parsed });
      setProblem(undefined);
      onChange(parsed);
    } else {
      setDraft({ text: raw, basis: value });
      setProblem(`${label} must be a whole number of at least 1.`);
    }
  };

  return (
    <div className="horizon-field">
      <label htmlFor={`${id}-input`}>{label}</label>
      <input
        id={`${id}-input`}
        type="number"
        min={1}
        step={1}
        value={text}
        aria-invalid={problem ? true : undefined}
        aria-describedby={describedBy(problem && `${id}-problem`)}
        onChange={(e) => onText(e.target.value)}
        onBlur={() => {
          if (!problem) setDraft(null);
        }}
      />
      <FieldError id={`${id}-problem`} message={problem} />
    </div>
  );
}

/** One training horizon for every schedule: epoch-ticked families run `epochs` ticks, step-ticked ones epochs × steps. */
export function HorizonBar() {
  const horizon = usePlaygroundStore((s) => s.horizon);
  const setHorizon = usePlaygroundStore((s) => s.setHorizon);
  const set = (patch: Partial<Horizon>) => setHorizon(patch);

  return (
    <fieldset className="horizon-bar">
      <legend className="visually-hidden">Training horizon</legend>
      <CountInput label="Epochs" value={horizon.epochs} onChange={(epochs) => set({ epochs })} />
      <CountInput label="Steps per epoch" value={horizon.stepsPerEpoch} onChange={(stepsPerEpoch) => set({ stepsPerEpoch })} />
      <p className="horizon-total">= {(horizon.epochs * horizon.stepsPerEpoch).toLocaleString('en-US')} optimizer steps</p>
    </fieldset>
  );
}
