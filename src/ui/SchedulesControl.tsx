import { useId } from 'react';
import { defaultArgs, type FamilySpec, findFamily, type SchedulesParam } from '../schedules';
import type { ArgPath } from '../state/store';
import { describedBy, FieldError } from './FieldError';
import { FamilyPicker } from './FamilyPicker';
import { formatPath } from './errorRouting';
import { familiesOf, isChildFamily } from './familyLists';
import type { ParamControlComponent } from './paramControlTypes';
import { usePanelControls } from './panelControls';

interface ChildCall {
  name: string;
  args: Record<string, unknown>;
}

const asChild = (value: unknown): ChildCall => {
  const candidate = (value ?? {}) as Partial<ChildCall>;
  return {
    name: typeof candidate.name === 'string' ? candidate.name : '',
    args: candidate.args && typeof candidate.args === 'object' ? candidate.args : {},
  };
};

const freshChild = (name: string): ChildCall | undefined => {
  const spec = findFamily('torch', name);
  return spec ? { name, args: defaultArgs(spec) } : undefined;
};

interface SchedulesControlProps {
  param: SchedulesParam;
  path: ArgPath;
  value: readonly unknown[];
  error: string | undefined;
  /** ParamControl, for the children's arguments. */
  Control: ParamControlComponent;
}

/** SequentialLR / ChainedScheduler children: one sub-panel each, with its own picker and generated controls. */
export function SchedulesControl({ param, path, value, error, Control }: SchedulesControlProps) {
  const id = useId();
  const { setArg } = usePanelControls();
  const children = value.map(asChild);
  const allowed = (family: FamilySpec) => isChildFamily(family) && !param.exclude.includes(family.name);

  const addChild = () => {
    const name = children[children.length - 1]?.name ?? familiesOf('torch', allowed)[0]?.name ?? '';
    const child = freshChild(name);
    if (child) setArg(path, [...value, child]);
  };

  return (
    <fieldset className="control schedules-control" aria-describedby={describedBy(`${id}-help`, error && `${id}-error`)}>
      <legend>{param.label}</legend>
      <p className="help" id={`${id}-help`}>
        {param.help}
      </p>
      <FieldError id={`${id}-error`} message={error} />
      {children.map((child, index) => (
        <ChildPanel
          // Children are positional (milestones refer to them by index), so the index is their identity.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          key={index}
          child={child}
          path={[...path, index]}
          index={index}
          allowed={allowed}
          Control={Control}
          onRemove={
            children.length > 1
              ? () =>
                  setArg(
                    path,
                    value.filter((_, i) => i !== index),
                  )
              : undefined
          }
        />
      ))}
      <button type="button" className="secondary" onClick={addChild}>
        Add child scheduler
      </button>
    </fieldset>
  );
}

interface ChildPanelProps {
  child: ChildCall;
  path: ArgPath;
  index: number;
  onRemove: (() => void) | undefined;
  allowed: (family: FamilySpec) => boolean;
  Control: ParamControlComponent;
}

function ChildPanel({ child, path, index, onRemove, allowed, Control }: ChildPanelProps) {
  const id = useId();
  const { setArg, errorFor } = usePanelControls();
  const spec = findFamily('torch', child.name);
  const error = errorFor(formatPath(['args', ...path]));
  const pickerLabel = `Child ${index + 1} family`;

  return (
    <div className="child-panel">
      <div className="child-header">
        <label htmlFor={`${id}-family`}>{pickerLabel}</label>
        <FamilyPicker
          id={`${id}-family`}
          framework="torch"
          value={child.name}
          filter={allowed}
          describedBy={error ? `${id}-error` : undefined}
          invalid={Boolean(error)}
          onChange={(name) => {
            const next = freshChild(name);
            if (next) setArg(path, next);
          }}
        />
        {onRemove ? (
          <button type="button" className="secondary" onClick={onRemove} aria-label={`Remove child ${index + 1}`}>
            Remove
          </button>
        ) : null}
      </div>
      <FieldError id={`${id}-error`} message={error} />
      {spec?.params.map((param) => (
        <Control key={param.name} param={param} path={[...path, 'args', param.name]} value={child.args[param.name]} />
      ))}
    </div>
  );
}
