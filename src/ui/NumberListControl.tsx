import { useId, useState } from 'react';
import type { NumberListParam } from '../schedules';
import { describedBy, FieldError } from './FieldError';

interface NumberListControlProps {
  param: NumberListParam;
  value: readonly number[];
  error: string | undefined;
  onChange(value: number[]): void;
}

export type ParsedList = { ok: true; value: number[] } | { ok: false; problem: string };

/** Parses '10, 20, 30'; the rules come from the ParamSpec so problems show while typing. */
export function parseNumberList(text: string, param: NumberListParam): ParsedList {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: [] };
  const items = trimmed.split(',').map((item) => item.trim());
  const value: number[] = [];
  for (const [index, item] of items.entries()) {
    const n = item === '' ? Number.NaN : Number(item);
    if (!Number.isFinite(n)) return { ok: false, problem: `Item ${index + 1} ("${item}") is not a number.` };
    if (param.integer && !Number.isInteger(n)) return { ok: false, problem: `Item ${index + 1} must be a whole number.` };
    if (param.min !== undefined && n < param.min) return { ok: false, problem: `Item ${index + 1} must be at least ${param.min}.` };
    const previous = value[value.length - 1];
    if (previous !== undefined && param.order === 'increasing' && n <= previous)
      return { ok: false, problem: 'Values must be strictly increasing.' };
    if (previous !== undefined && param.order === 'nondecreasing' && n < previous)
      return { ok: false, problem: 'Values must not decrease.' };
    value.push(n);
  }
  return { ok: true, value };
}

interface Draft {
  text: string;
  basis: readonly number[];
}

/** Comma-separated numbers; a bad list shows its problem here and the store keeps the last good list. */
export function NumberListControl({ param, value, error, onChange }: NumberListControlProps) {
  const id = useId();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const text = draft && draft.basis === value ? draft.text : value.join(', ');

  const onText = (raw: string) => {
    const parsed = parseNumberList(raw, param);
    if (parsed.ok) {
      setDraft({ text: raw, basis: parsed.value });
      setProblem(undefined);
      onChange(parsed.value);
    } else {
      setDraft({ text: raw, basis: value });
      setProblem(parsed.problem);
    }
  };

  return (
    <div className="control number-list-control">
      <label className="control-label" htmlFor={`${id}-list`}>
        {param.label}
      </label>
      <input
        id={`${id}-list`}
        type="text"
        inputMode="decimal"
        spellCheck={false}
        value={text}
        aria-describedby={describedBy(`${id}-help`, problem && `${id}-problem`, error && `${id}-error`)}
        aria-invalid={problem || error ? true : undefined}
        onChange={(e) => onText(e.target.value)}
      />
      <p className="help" id={`${id}-help`}>
        {param.help} Comma-separated.
      </p>
      <FieldError id={`${id}-problem`} message={problem} />
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}
