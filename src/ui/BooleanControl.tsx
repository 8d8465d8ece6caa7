import { useId } from 'react';
import type { BooleanParam } from '../schedules';
import { describedBy, FieldError } from './FieldError';

interface BooleanControlProps {
  param: BooleanParam;
  value: boolean;
  error: string | undefined;
  onChange(value: boolean): void;
}

export function BooleanControl({ param, value, error, onChange }: BooleanControlProps) {
  const id = useId();
  return (
    <div className="control boolean-control">
      <label className="checkbox-label">
        <input
          type="checkbox"
          checked={value}
          aria-describedby={describedBy(`${id}-help`, error && `${id}-error`)}
          aria-invalid={error ? true : undefined}
          onChange={(e) => onChange(e.target.checked)}
        />
        {param.label}
      </label>
      <p className="help" id={`${id}-help`}>
        {param.help}
      </p>
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}
