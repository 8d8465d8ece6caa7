import { useId } from 'react';
import { defaultArgs, findFamily, type Framework, type ScheduleParam } from '../schedules';
import type { ArgPath } from '../state/store';
import { describedBy, FieldError } from './FieldError';
import { FamilyPicker } from './FamilyPicker';
import { formatPath } from './errorRouting';
import { isWrappable } from './familyLists';
import type { ParamControlComponent } from './paramControlTypes';
import { usePanelControls } from './panelControls';

interface NestedCall {
  framework: Framework;
  name: string;
  args: Record<string, unknown>;
}

function asNested(value: unknown, fallback: NestedCall): NestedCall {
  const v = (value ?? {}) as Partial<NestedCall>;
  const framework =
    v.framework === 'torch' || v.framework === 'keras' || v.framework === 'playground' || v.framework === 'transformers'
      ? v.framework
      : fallback.framework;
  return {
    framework,
    name: typeof v.name === 'string' ? v.name : fallback.name,
    args: v.args && typeof v.args === 'object' ? v.args : {},
  };
}

interface NestedScheduleControlProps {
  param: ScheduleParam;
  path: ArgPath;
  value: unknown;
  error: string | undefined;
  /** ParamControl, for the wrapped schedule's arguments. */
  Control: ParamControlComponent;
}

/** The schedule a wrapper (playground's Warmup) runs: a sub-panel with its own picker and controls. */
export function NestedScheduleControl({ param, path, value, error, Control }: NestedScheduleControlProps) {
  const id = useId();
  const { setArg, errorFor } = usePanelControls();
  const nested = asNested(value, param.default);
  const spec = findFamily(nested.framework, nested.name);
  const pickerError = errorFor(formatPath(['args', ...path, 'name']));

  return (
    <fieldset className="control schedules-control" aria-describedby={describedBy(`${id}-help`, error && `${id}-error`)}>
      <legend>{param.label}</legend>
      <p className="help" id={`${id}-help`}>
        {param.help}
      </p>
      <FieldError id={`${id}-error`} message={error} />
      <div className="child-panel">
        <div className="child-header">
          <label htmlFor={`${id}-family`}>Wrapped schedule</label>
          <FamilyPicker
            id={`${id}-family`}
            framework={nested.framework}
            value={nested.name}
            filter={isWrappable}
            invalid={Boolean(pickerError)}
            describedBy={pickerError ? `${id}-picker-error` : undefined}
            onChange={(name, framework) => {
              const next = findFamily(framework, name);
              if (next) setArg(path, { framework, name, args: defaultArgs(next) });
            }}
          />
        </div>
        <FieldError id={`${id}-picker-error`} message={pickerError} />
        {spec?.params.map((p) => (
          <Control key={p.name} param={p} path={[...path, 'args', p.name]} value={nested.args[p.name]} />
        ))}
      </div>
    </fieldset>
  );
}
