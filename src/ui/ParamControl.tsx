import type { NumberParam } from '../schedules';
import { BooleanControl } from './BooleanControl';
import { ChoiceControl } from './ChoiceControl';
import { formatPath } from './errorRouting';
import { FunctionControl } from './FunctionControl';
import { NumberControl } from './NumberControl';
import { NumberListControl } from './NumberListControl';
import { usePageOptions } from './embedOptions';
import { usePanelControls } from './panelControls';
import { NestedScheduleControl } from './NestedScheduleControl';
import { SchedulesControl } from './SchedulesControl';
import type { ParamControlProps } from './paramControlTypes';

/** Specs give `sliderMax` where the valid range is unbounded; this guards a spec that forgot it. */
function sliderMax(param: NumberParam): number {
  if (param.sliderMax !== undefined) return param.sliderMax;
  if (Number.isFinite(param.max)) return param.max;
  const start = Math.abs(param.default ?? 0);
  return Math.max(100, start * 10, (param.sliderMin ?? param.min) + 100 * param.step);
}

/**
 * The control for one constructor argument, chosen by the kind of its ParamSpec. The nested-schedule controls get
 * this component as their `Control` prop (see ./paramControlTypes.ts).
 */
export function ParamControl({ param, path, value }: ParamControlProps) {
  const { hidden, locked } = usePageOptions();
  if (hidden.has(param.name)) return null;
  const control = <ParamControlInner param={param} path={path} value={value} />;
  // A locked argument stays visible but cannot be changed (a disabled fieldset disables every input in it).
  return locked.has(param.name) ? (
    <fieldset className="locked" disabled aria-label={`${param.label} (locked)`}>
      {control}
    </fieldset>
  ) : (
    control
  );
}

function ParamControlInner({ param, path, value }: ParamControlProps) {
  const { setArg, errorFor, sourcePositionFor } = usePanelControls();
  const error = errorFor(formatPath(['args', ...path]));
  const onChange = (next: unknown) => setArg(path, next);

  switch (param.kind) {
    case 'number':
    case 'integer':
      return (
        <NumberControl
          label={param.label}
          help={param.help}
          unit={param.unit}
          value={typeof value === 'number' ? value : null}
          min={param.sliderMin ?? param.min}
          max={sliderMax(param)}
          step={param.step}
          log={param.log}
          integer={param.kind === 'integer'}
          nullable={param.nullable}
          fallback={typeof param.example === 'number' ? param.example : (param.default ?? undefined)}
          error={error}
          onChange={onChange}
        />
      );
    case 'boolean':
      return <BooleanControl param={param} value={value === true} error={error} onChange={onChange} />;
    case 'choice':
      return <ChoiceControl param={param} value={String(value ?? param.default)} error={error} onChange={onChange} />;
    case 'numberList':
      return (
        <NumberListControl
          param={param}
          value={Array.isArray(value) ? (value as number[]) : [...param.default]}
          error={error}
          onChange={onChange}
        />
      );
    case 'function':
      return (
        <FunctionControl
          param={param}
          value={typeof value === 'string' ? value : null}
          error={error}
          position={sourcePositionFor(formatPath(['args', ...path]))}
          onChange={onChange}
        />
      );
    case 'schedules':
      return <SchedulesControl param={param} path={path} value={Array.isArray(value) ? value : []} error={error} Control={ParamControl} />;
    case 'schedule':
      return <NestedScheduleControl param={param} path={path} value={value} error={error} Control={ParamControl} />;
  }
}
