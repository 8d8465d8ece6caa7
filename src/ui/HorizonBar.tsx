import { useId, useState } from 'react';
import { usePlaygroundStore } from '../state/context';
import type { Horizon } from '../state/store';
import { MAX_TICKS } from '../schedules';
import { describedBy, FieldError } from './FieldError';
import { readNumberText } from './numberText';

interface CountInputProps {
  label: string;
  value: number;
  /** The largest count the engine can draw with the other field as it is. */
  max: number;
  /** Why `max` is the limit, said next to the field when a larger count is typed. */
  limitReason: string;
  onChange(value: number): void;
}

/** A whole number of at least 1; anything else stays in the box with a message, and the store keeps its value. */
function CountInput({ label, value, max, limitReason, onChange }: CountInputProps) {
  const id = useId();
  const [draft, setDraft] = useState<{ text: string; basis: number } | null>(null);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const text = draft && draft.basis === value ? draft.text : String(value);

  const onText = (raw: string) => {
    const read = readNumberText(raw, label);
    const whole = read.ok && Number.isInteger(read.value) && read.value >= 1;
    if (whole && read.value <= max) {
      setDraft({ text: raw, basis: read.value });
      setProblem(undefined);
      onChange(read.value);
    } else {
      setDraft({ text: raw, basis: value });
      setProblem(
        whole ? `${label} can be at most ${max.toLocaleString('en-US')}: ${limitReason}` : `${label} must be a whole number of at least 1.`,
      );
    }
  };

  return (
    <div className="horizon-field">
      <label htmlFor={`${id}-input`}>{label}</label>
      <input
        id={`${id}-input`}
        type="text"
        role="spinbutton"
        inputMode="numeric"
        autoComplete="off"
        aria-valuenow={value}
        aria-valuemin={1}
        aria-valuemax={max}
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
      <CountInput
        label="Epochs"
        value={horizon.epochs}
        max={Math.floor(MAX_TICKS / horizon.stepsPerEpoch)}
        limitReason={`the curves are computed for at most ${MAX_TICKS.toLocaleString('en-US')} optimizer steps (${horizon.stepsPerEpoch.toLocaleString('en-US')} per epoch).`}
        onChange={(epochs) => set({ epochs })}
      />
      <CountInput
        label="Steps per epoch"
        value={horizon.stepsPerEpoch}
        max={Math.floor(MAX_TICKS / horizon.epochs)}
        limitReason={`the curves are computed for at most ${MAX_TICKS.toLocaleString('en-US')} optimizer steps (${horizon.epochs.toLocaleString('en-US')} epochs).`}
        onChange={(stepsPerEpoch) => set({ stepsPerEpoch })}
      />
      <p className="horizon-total">= {(horizon.epochs * horizon.stepsPerEpoch).toLocaleString('en-US')} optimizer steps</p>
    </fieldset>
  );
}
