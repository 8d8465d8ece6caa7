import { useId } from 'react';
import type { ChoiceParam } from '../schedules';
import { describedBy, FieldError } from './FieldError';

interface ChoiceControlProps {
  param: ChoiceParam;
  value: string;
  error: string | undefined;
  onChange(value: string): void;
}

export function ChoiceControl({ param, value, error, onChange }: ChoiceControlProps) {
  const id = useId();
  return (
    <div className="control choice-control">
      <label className="control-label" htmlFor={`${id}-select`}>
        {param.label}
      </label>
      <select
        id={`${id}-select`}
        value={value}
        aria-describedby={describedBy(`${id}-help`, error && `${id}-error`)}
        aria-invalid={error ? true : undefined}
        onChange={(e) => onChange(e.target.value)}
      >
        {param.choices.map((choice) => (
          <option key={choice} value={choice}>
            {choice}
          </option>
        ))}
      </select>
      <p className="help" id={`${id}-help`}>
        {param.help}
      </p>
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}
