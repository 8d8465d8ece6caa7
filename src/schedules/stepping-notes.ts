/** What a paste notice says about where the code calls step() and how the panel draws it. */
import { findFamily } from './registry';
import { stepEveryOf } from './run';
import type { ParsedCode } from './code/parse';

const WHERE = { epoch: 'once per epoch', batch: 'after every batch' } as const;
const COUNTS = { epoch: 'epochs', batch: 'optimizer steps' } as const;

/**
 * One sentence per schedule whose step() placement is worth a word: the code steps it where its family is not
 * usually stepped (the panel follows the code), or where its family cannot be stepped (the panel keeps the
 * family's own tick). Empty when every schedule is stepped where its family is documented to be.
 */
export function steppingNotes(parsed: ParsedCode): string[] {
  const notes: string[] = [];
  parsed.schedules.forEach((schedule, i) => {
    const code = parsed.steppedIn[i];
    if (code === undefined) return;
    const drawn = stepEveryOf(schedule);
    const family = findFamily(schedule.framework, schedule.name);
    const usual = family ? (family.tick === 'step' ? 'batch' : 'epoch') : drawn;
    const name = schedule.name;
    if (code === drawn) {
      if (code === usual && schedule.call.stepEvery === undefined) return;
      notes.push(
        `Your code calls ${name}.step() ${WHERE[code]}, so the panel steps it ${WHERE[code]} too ("step() every": ${code}): its counts are ${COUNTS[code]}.`,
      );
      return;
    }
    const why = schedule.needsMetric
      ? `${name} is stepped once per epoch, with the epoch's validation metric`
      : `${name} is stepped ${WHERE[drawn]} in ${schedule.framework === 'transformers' ? 'transformers' : 'its framework'}, and the panel cannot step it otherwise`;
    notes.push(
      `Your code calls ${name}.step() ${WHERE[code]}; ${why}: the panel draws it ${WHERE[drawn]} (its counts are ${COUNTS[drawn]}).`,
    );
  });
  return notes;
}
