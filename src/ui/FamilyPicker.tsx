import type { FamilySpec, Framework } from '../schedules';
import { FRAMEWORK_GROUPS, familiesOf, familyKey, parseFamilyKey } from './familyLists';

interface FamilyPickerProps {
  id: string;
  framework: Framework;
  value: string;
  onChange(name: string, framework: Framework): void;
  /** Which families to offer (nested pickers leave out containers and ReduceLROnPlateau). */
  filter?: (family: FamilySpec) => boolean;
  describedBy?: string | undefined;
  invalid?: boolean | undefined;
}

export function FamilyPicker({ id, framework, value, onChange, filter, describedBy, invalid }: FamilyPickerProps) {
  return (
    <select
      id={id}
      value={familyKey(framework, value)}
      aria-describedby={describedBy}
      aria-invalid={invalid || undefined}
      onChange={(e) => {
        const picked = parseFamilyKey(e.target.value);
        if (picked) onChange(picked.name, picked.framework);
      }}
    >
      {FRAMEWORK_GROUPS.map((group) => {
        const members = familiesOf(group.framework, filter);
        return members.length === 0 ? null : (
          <optgroup key={group.framework} label={group.label}>
            {members.map((family) => (
              <option key={family.name} value={familyKey(family.framework, family.name)}>
                {family.name} ({family.title})
              </option>
            ))}
          </optgroup>
        );
      })}
    </select>
  );
}
