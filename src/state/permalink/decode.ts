/**
 * Reading a link: best effort, never throws, says what it dropped and why. Work is linear in the link's length:
 * a link over the byte limit is refused before it is parsed, each key is visited a bounded number of times, and
 * each value is scanned once before it is parsed.
 */
import * as v from 'valibot';
import { MAX_TICKS } from '../../schedules';
import { DEFAULT_HORIZON, defaultData, defaultPanel, PANEL_NAMES, type Panel } from '../store';
import { TOKEN } from './keys';
import { MAX_LINK_BYTES, MAX_TOKENS } from './limits';
import { linkTooLong, listText, show, Warnings } from './messages';
import { readVersion } from './migrate';
import { readPanel } from './panel';
import { Query } from './query';
import { flagSchema } from './schemas';
import { type Draft, SETTINGS } from './table';
import { type DecodedLink, defaultEmbed, type EmbedOptions } from './types';
import { utf8Bytes } from './values';

export interface DecodeOptions {
  /** The longest query read, in UTF-8 bytes: MAX_LINK_BYTES for a link (the default), more for this tab's copy. */
  maxBytes?: number;
}

/** Reads a link. Never throws: anything it cannot use is left at its default and reported in `warnings`. */
export function decodePermalink(search: string, options: DecodeOptions = {}): DecodedLink {
  return decodeCounting(search, options).link;
}

/** decodePermalink, and the work it did in key visits (the fuzz test bounds them; 0 for a link refused unread). */
export function decodeCounting(search: string, options: DecodeOptions = {}): { link: DecodedLink; keyVisits: number } {
  const counter = { keyVisits: 0 };
  try {
    return { link: decode(search, options.maxBytes ?? MAX_LINK_BYTES, counter), keyVisits: counter.keyVisits };
  } catch (err) {
    // Not expected (every step checks its input); a last guard so a bad link can never break the page.
    const reason = err instanceof Error ? err.message : String(err);
    return {
      link: {
        data: defaultData(),
        embed: defaultEmbed(),
        warnings: [`The link could not be read (${reason}); the default state is shown.`],
      },
      keyVisits: counter.keyVisits,
    };
  }
}

function decode(search: string, maxBytes: number, counter: { keyVisits: number }): DecodedLink {
  const warnings = new Warnings();
  const fallback = (): DecodedLink => ({ data: defaultData(), embed: defaultEmbed(), warnings: warnings.done() });
  if (typeof search !== 'string') {
    warnings.add('The link is not text; the default state is shown.');
    return fallback();
  }
  const text = search.startsWith('?') ? search.slice(1) : search;
  const bytes = text.length > maxBytes ? text.length : utf8Bytes(text);
  if (bytes > maxBytes) {
    warnings.add(linkTooLong(bytes, maxBytes));
    return fallback();
  }
  const query = new Query(text);
  try {
    return readQuery(query, warnings, fallback);
  } finally {
    counter.keyVisits = query.visits;
  }
}

function readQuery(query: Query, warnings: Warnings, fallback: () => DecodedLink): DecodedLink {
  if (query.size === 0) return fallback();
  readVersion(query, warnings);
  const draft: Draft = defaultData();
  for (const s of SETTINGS) {
    const raw = query.take(s.key);
    if (raw === undefined) continue;
    const problem = s.read(raw, draft);
    if (problem) warnings.add(`Setting ${problem} (got ${show(raw)}); the default is used.`);
  }
  const { epochs, stepsPerEpoch } = draft.horizon;
  if (epochs * stepsPerEpoch > MAX_TICKS) {
    const d = DEFAULT_HORIZON;
    warnings.add(
      `The horizon of ${epochs.toLocaleString('en-US')} epochs × ${stepsPerEpoch.toLocaleString('en-US')} steps is over ${MAX_TICKS.toLocaleString('en-US')} steps; the default ${d.epochs} × ${d.stepsPerEpoch} is used.`,
    );
    draft.horizon = { ...d };
  }

  const panels: Panel[] = [];
  for (const letter of PANEL_NAMES) {
    const panel = readPanel(letter, query, warnings);
    if (panel) panels.push(panel);
  }
  if (panels.length === 0) {
    if (PANEL_NAMES.some((letter) => query.has(letter))) warnings.add('No schedule in the link could be used; the default one is shown.');
    panels.push(defaultPanel());
  }

  const embed = readEmbed(query, warnings);
  const repeated = query.repeated();
  if (repeated.length > 0) warnings.add(`Given more than once (the first was used): ${listText(repeated)}.`);
  const unknown = query.takeRest('');
  if (unknown.length > 0) {
    warnings.add(`Ignored ${unknown.length === 1 ? 'an unknown setting' : `${unknown.length} unknown settings`}: ${listText(unknown)}.`);
  }
  const data = {
    horizon: draft.horizon,
    panels,
    view: draft.view,
    metric: draft.metric,
    training: draft.training,
    landscape: draft.landscape,
  };
  return { data, embed, warnings: warnings.done() };
}

function readTokens(query: Query, key: 'hide' | 'lock', warnings: Warnings): string[] {
  const raw = query.take(key);
  if (raw === undefined || raw === '') return [];
  const tokens: string[] = [];
  const refused: string[] = [];
  for (const token of raw.split(',')) {
    if (token === '' || tokens.includes(token)) continue;
    if (TOKEN.test(token) && tokens.length < MAX_TOKENS) tokens.push(token);
    else refused.push(token);
  }
  if (refused.length > 0) warnings.add(`Ignored ${key}= entries that are not control names: ${listText(refused)}.`);
  return tokens;
}

function readEmbed(query: Query, warnings: Warnings): EmbedOptions {
  const embed = defaultEmbed();
  const raw = query.take('embed');
  if (raw !== undefined) {
    const result = v.safeParse(flagSchema, raw);
    if (result.success) embed.embed = result.output;
    else warnings.add(`Setting embed must be 1 or 0 (got ${show(raw)}); the full page is shown.`);
  }
  embed.hide = readTokens(query, 'hide', warnings);
  embed.lock = readTokens(query, 'lock', warnings);
  return embed;
}
