import type { FamilySpec } from '../schedules';
import { FRAMEWORK_GROUPS, familiesOf } from './familyLists';

interface FamilyPickerProps {
  id: string;
  value: string;
  onChange(name: string): void;
  /** Which families to offer (nested pickers leave out containers and ReduceLROnPlateau). */
  filter?: (family: FamilySpec) => boolean;
  describedBy?: string | undefined;
  invalid?: boolean | undefined;
}

export function FamilyPicker({ id, value, onChange, filter, describedBy, invalid }: FamilyPickerProps) {
  return (
    <select
      id={id}
      value={value}
      aria-describedby={describedBy}
      aria-invalid={invalid || undefined}
      onChange={(e) => onChange(e.target.value)}
    >
      {FRAMEWORK_GROUPS.map((group) => (
        <optgroup key={group.framework} label={group.label}>
          {familiesOf(group.framework, filter).map((family) => (
            <option key={family.name} value={family.name}>
              {family.name} ({family.title})
            </option>
          ))}
        </optgroup>
      ))}
    </select>
  );
}
