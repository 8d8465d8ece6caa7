/**
 * Old links: the version check, and families that links may still name but that were replaced. Both turn an
 * old link into the current format before the panels are read, so the rest of the decoder knows one format.
 */
import { isEmbedKey } from './keys';
import { PERMALINK_VERSION } from './limits';
import { show, type Warnings } from './messages';
import type { Query } from './query';

/**
 * Version 1 is the only one so far. A link from a later version is read as version 1 as far as it goes (unknown
 * keys are reported); when version 2 exists, this is where a version-1 link is turned into it.
 */
export function readVersion(query: Query, warnings: Warnings): void {
  const raw = query.take('v');
  if (raw === undefined) {
    // A hand-written embed link (`?embed=1&hide=legend`) carries no state, so no version either.
    const onlyEmbed = query.keys().every(isEmbedKey);
    if (!onlyEmbed) warnings.add(`The link has no version (v=…); it was read as version ${PERMALINK_VERSION}.`);
    return;
  }
  const version = /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
  if (version === PERMALINK_VERSION) return;
  if (version > PERMALINK_VERSION) {
    warnings.add(
      `The link was made by a newer version of the playground (v=${version}); it was read as version ${PERMALINK_VERSION} as far as possible.`,
    );
  } else {
    warnings.add(`The link has an unknown version (v=${show(raw)}); it was read as version ${PERMALINK_VERSION} as far as possible.`);
  }
}

/**
 * The playground's WarmupStableDecay imitated transformers' get_wsd_schedule, which replaced it. Its arguments are
 * renamed; where the old default differs from the new family's, the old one is filled in, so the link draws the
 * same curve.
 */
const REPLACED_FAMILIES: readonly {
  names: readonly string[];
  to: string;
  rename: Readonly<Record<string, string>>;
  fill: Readonly<Record<string, string>>;
  unset: readonly string[];
}[] = [
  {
    names: ['playground.WarmupStableDecay', 'WarmupStableDecay'],
    to: 'transformers.get_wsd_schedule',
    rename: {
      warmup_steps: 'num_warmup_steps',
      stable_steps: 'num_stable_steps',
      decay_steps: 'num_decay_steps',
      warmup_shape: 'warmup_type',
      decay_shape: 'decay_type',
    },
    // The playground family's defaults: 3500 stable steps and a 1-sqrt decay (the library: None and cosine).
    fill: { num_stable_steps: '3500', decay_type: '1-sqrt' },
    // With num_stable_steps given the library ignores num_training_steps; the mapped panel leaves it out.
    unset: ['num_training_steps'],
  },
];

/** Maps a replaced family's panel onto its successor in `query`; returns the family text to read, and says so. */
export function replacedFamily(letter: string, familyText: string, query: Query, warnings: Warnings): string {
  const old = REPLACED_FAMILIES.find((r) => r.names.includes(familyText));
  if (!old) return familyText;
  const renamed: string[] = [];
  for (const [from, to] of Object.entries(old.rename)) {
    if (query.has(`${letter}.${from}`)) renamed.push(`${from} → ${to}`);
    query.rename(`${letter}.${from}`, `${letter}.${to}`);
  }
  for (const [key, value] of Object.entries(old.fill)) query.fill(`${letter}.${key}`, value);
  if (!query.has(`${letter}.unset`)) query.fill(`${letter}.unset`, old.unset.join(','));
  const how = renamed.length > 0 ? ` (${renamed.join(', ')})` : '';
  warnings.add(`Schedule ${letter}: ${old.names[0]} is now ${old.to}, the Hugging Face function it imitated${how}; the curve is the same.`);
  return old.to;
}
