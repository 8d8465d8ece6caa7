import { useId, useState } from 'react';
import { describedBy, FieldError } from './FieldError';
import { readNumberText } from './numberText';

export interface NumberControlProps {
  label: string;
  help?: string | undefined;
  unit?: string | undefined;
  value: number | null;
  min: number;
  max: number;
  step: number;
  /** The slider moves along log10 of the value. */
  log?: boolean | undefined;
  integer?: boolean | undefined;
  /** Offers a "None" checkbox (Python's None). */
  nullable?: boolean | undefined;
  /** The number the control returns to when "None" is unchecked. */
  fallback?: number | undefined;
  /** A problem reported by the engine for this control. */
  error?: string | undefined;
  onChange(value: number | null): void;
}

/** Sliders cannot reach 0 on a log axis; a log slider whose minimum is 0 starts six decades below its max. */
function logBounds(min: number, max: number): [number, number] {
  const lo = min > 0 ? min : max * 1e-6;
  return [Math.log10(lo), Math.log10(max)];
}

const LOG_SLIDER_POSITIONS = 600;

/**
 * Log-slider values read as 0.00316, not 0.0031622776601683794: as few significant digits as still tell one
 * slider position from the next. Integers that round back to the current value move by one instead, so the
 * keyboard never gets stuck at the low end.
 */
function roundForLogSlider(raw: number, positionStep: number, integer: boolean, current: number | null): number {
  if (!integer) {
    const relativeStep = 10 ** positionStep - 1;
    const digits = Math.min(15, Math.max(3, Math.ceil(1 - Math.log10(relativeStep))));
    return Number(raw.toPrecision(digits));
  }
  const rounded = Math.max(1, Math.round(raw));
  if (current === null || rounded !== current) return rounded;
  return raw > current ? current + 1 : Math.max(1, current - 1);
}

/** Up/Down step a spinbutton as a number input did (the typed text is not replaced while it does not parse). */
function stepWithArrows(
  event: React.KeyboardEvent<HTMLInputElement>,
  current: number,
  step: number,
  min: number,
  max: number,
  disabled: boolean,
  type: (text: string) => void,
) {
  if (disabled || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
  event.preventDefault();
  const next = Math.min(max, Math.max(min, current + (event.key === 'ArrowUp' ? step : -step)));
  type(String(Number(next.toPrecision(12))));
}

interface Draft {
  text: string;
  /** The stored value the text was typed against; a different stored value (the slider moved) wins. */
  basis: number | null;
}

/**
 * A slider and a number input for one numeric argument, both named by `label`. Every slider `input` event
 * reaches the store, so the curve follows the thumb rather than waiting for release.
 */
export function NumberControl(props: NumberControlProps) {
  const { label, help, unit, value, min, max, step, log = false, integer = false, nullable = false } = props;
  const id = useId();
  const labelId = `${id}-label`;
  const helpId = `${id}-help`;
  const unitId = `${id}-unit`;
  const problemId = `${id}-problem`;
  const errorId = `${id}-error`;
  const [draft, setDraft] = useState<Draft | null>(null);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  /** What a typed value was read as, where that is not the text itself ("1_000": "Read as 1000."). */
  const [note, setNote] = useState<string | undefined>(undefined);
  const [lastNumber, setLastNumber] = useState<number>(value ?? props.fallback ?? min);

  // Remembers the last number so unchecking "None" brings it back.
  if (value !== null && value !== lastNumber) setLastNumber(value);

  const isNone = value === null;
  const shownNumber = value ?? lastNumber;
  const text = draft && Object.is(draft.basis, value) ? draft.text : isNone ? '' : String(value);

  const [sliderMin, sliderMax] = log ? logBounds(min, max) : [min, max];
  const sliderStep = log ? (sliderMax - sliderMin) / LOG_SLIDER_POSITIONS : step;
  const sliderValue = log ? Math.log10(Math.max(shownNumber, 10 ** sliderMin)) : shownNumber;

  const onSlider = (raw: string) => {
    const position = Number(raw);
    if (!Number.isFinite(position)) return;
    setDraft(null);
    setProblem(undefined);
    props.onChange(log ? roundForLogSlider(10 ** position, sliderStep, integer, value) : position);
  };

  const onTyped = (raw: string) => {
    const read = readNumberText(raw, label);
    if (read.ok) {
      setDraft({ text: raw, basis: read.value });
      setProblem(undefined);
      setNote(read.note);
      props.onChange(read.value);
    } else {
      // Keep the last good value in the store; the text stays as typed so the user can fix it.
      setDraft({ text: raw, basis: value });
      setNote(undefined);
      setProblem(read.message);
    }
  };

  const onNone = (checked: boolean) => {
    setDraft(null);
    setProblem(undefined);
    props.onChange(checked ? null : lastNumber);
  };

  const descriptions = describedBy(help && helpId, unit && unitId, problem && problemId, props.error && errorId);
  const invalid = Boolean(problem || props.error);

  return (
    <div className="control number-control">
      <div className="control-label">
        <span id={labelId}>{label}</span>
        {unit ? (
          <span className="unit" id={unitId}>
            {unit}
          </span>
        ) : null}
        {nullable ? (
          <label className="none-toggle">
            <input type="checkbox" checked={isNone} aria-label={`${label}: None`} onChange={(e) => onNone(e.target.checked)} />
            None
          </label>
        ) : null}
      </div>
      <div className="number-inputs">
        <input
          type="range"
          aria-labelledby={labelId}
          aria-describedby={descriptions}
          aria-valuetext={isNone ? 'None' : String(shownNumber)}
          min={sliderMin}
          max={sliderMax}
          step={sliderStep}
          value={sliderValue}
          disabled={isNone}
          onChange={(e) => onSlider(e.target.value)}
        />
        {/* A text field in the spinbutton role: a browser's number input rewrites "1,5" as 15 without a word. */}
        <input
          type="text"
          role="spinbutton"
          inputMode="decimal"
          autoComplete="off"
          spellCheck={false}
          aria-labelledby={labelId}
          aria-describedby={descriptions}
          aria-invalid={invalid || undefined}
          aria-valuenow={isNone || !Number.isFinite(shownNumber) ? undefined : shownNumber}
          aria-valuemin={min}
          aria-valuemax={max}
          value={text}
          onKeyDown={(e) => stepWithArrows(e, shownNumber, step, min, max, isNone, onTyped)}
          disabled={isNone}
          onChange={(e) => onTyped(e.target.value)}
          onBlur={() => {
            if (!problem) setDraft(null);
          }}
        />
      </div>
      {help ? (
        <p className="help" id={helpId}>
          {help}
        </p>
      ) : null}
      {note && draft ? (
        <p className="help" role="status">
          {note}
        </p>
      ) : null}
      <FieldError id={problemId} message={problem} />
      <FieldError id={errorId} message={props.error} />
    </div>
  );
}
