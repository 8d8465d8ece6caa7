import { useId, useState } from 'react';
import type { FunctionParam } from '../schedules';
import { codeExcerpt } from './codeExcerpt';
import { describedBy, FieldError } from './FieldError';

interface FunctionControlProps {
  param: FunctionParam;
  /** Python source, or null for None. */
  value: string | null;
  error: string | undefined;
  /** Where the error points in the source (1-based line and column), to show the line with a caret. */
  position?: { line: number; column: number } | undefined;
  onChange(value: string | null): void;
}

/** Python source for a lambda argument; the engine parses it and reports problems with line and column. */
export function FunctionControl({ param, value, error, position, onChange }: FunctionControlProps) {
  const id = useId();
  const [lastSource, setLastSource] = useState(value ?? param.default ?? 'lambda epoch: 1.0');
  if (value !== null && value !== lastSource) setLastSource(value);
  const isNone = value === null;

  return (
    <div className="control function-control">
      <div className="control-label">
        <label htmlFor={`${id}-source`}>{param.label}</label>
        {param.nullable ? (
          <label className="none-toggle">
            <input
              type="checkbox"
              checked={isNone}
              aria-label={`${param.label}: None`}
              onChange={(e) => onChange(e.target.checked ? null : lastSource)}
            />
            None
          </label>
        ) : null}
      </div>
      <textarea
        id={`${id}-source`}
        className="code"
        rows={Math.min(8, Math.max(2, (value ?? '').split('\n').length))}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        value={value ?? ''}
        disabled={isNone}
        aria-describedby={describedBy(`${id}-help`, error && `${id}-error`)}
        aria-invalid={error ? true : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      <p className="help" id={`${id}-help`}>
        {param.help}
      </p>
      <FieldError id={`${id}-error`} message={error} />
      {error && position && value !== null ? (
        <pre className="code-excerpt" aria-hidden="true">
          {codeExcerpt(value, position)}
        </pre>
      ) : null}
    </div>
  );
}
