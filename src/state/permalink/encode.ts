/** The state (and embed options) as a query string: each value only where it differs from its default. */
import { defaultArgs, findFamily } from '../../schedules';
import { DEFAULT_OPTIMIZER, defaultData, MAX_PANELS, PANEL_NAMES, type Panel, type PlaygroundData } from '../store';
import { TOKEN } from './keys';
import { MAX_LINK_BYTES, PERMALINK_VERSION } from './limits';
import { familyLabel } from './messages';
import { OPTIMIZER_FIELDS, SETTINGS } from './table';
import type { EmbedOptions } from './types';
import { argText, encodeQueryPart, same, utf8Bytes } from './values';

function panelEntries(letter: string, panel: Panel): [string, string][] {
  const spec = findFamily(panel.framework, panel.name);
  const entries: [string, string][] = [[letter, familyLabel(panel)]];
  if (spec) {
    const defaults = defaultArgs(spec);
    const unset: string[] = [];
    for (const param of spec.params) {
      const has = Object.hasOwn(panel.args, param.name) && panel.args[param.name] !== undefined;
      if (!has) unset.push(param.name);
      else if (!same(panel.args[param.name], defaults[param.name])) {
        entries.push([`${letter}.${param.name}`, argText(param, panel.args[param.name])]);
      }
    }
    if (unset.length > 0) entries.push([`${letter}.unset`, unset.join(',')]);
  }
  for (const f of OPTIMIZER_FIELDS) {
    const value: unknown = panel.optimizer[f.field];
    if (!same(value, DEFAULT_OPTIMIZER[f.field])) entries.push([`${letter}.${f.key}`, f.text(value)]);
  }
  if (panel.stepEvery !== undefined) entries.push([`${letter}.stepEvery`, panel.stepEvery]);
  return entries;
}

function embedEntries(embed: Partial<EmbedOptions> | undefined): [string, string][] {
  const entries: [string, string][] = [];
  if (embed?.embed) entries.push(['embed', '1']);
  const hide = (embed?.hide ?? []).filter((t) => TOKEN.test(t));
  const lock = (embed?.lock ?? []).filter((t) => TOKEN.test(t));
  if (hide.length > 0) entries.push(['hide', hide.join(',')]);
  if (lock.length > 0) entries.push(['lock', lock.join(',')]);
  return entries;
}

const queryText = (entries: [string, string][]) =>
  entries.map(([key, value]) => `${encodeQueryPart(key)}=${encodeQueryPart(value)}`).join('&');

/**
 * The state (and embed options) as a query string without the leading '?'. Links over MAX_LINK_BYTES are
 * still written, but decodePermalink refuses them: check `fitsInLink` before offering one or writing it.
 */
export function encodePermalink(data: PlaygroundData, embed?: Partial<EmbedOptions>): string {
  const defaults = defaultData();
  const entries: [string, string][] = [['v', String(PERMALINK_VERSION)]];
  for (const s of SETTINGS) {
    const text = s.write(data, defaults);
    if (text !== undefined) entries.push([s.key, text]);
  }
  data.panels.slice(0, MAX_PANELS).forEach((panel, i) => {
    entries.push(...panelEntries(PANEL_NAMES[i] ?? 'A', panel));
  });
  entries.push(...embedEntries(embed));
  return queryText(entries);
}

/** The embed options alone (`embed=1&hide=legend`, or ''): an address that carries no state. */
export function encodeEmbedOptions(embed: Partial<EmbedOptions>): string {
  return queryText(embedEntries(embed));
}

/** Whether decodePermalink reads this query string (with or without its '?'), i.e. it is at most MAX_LINK_BYTES. */
export function fitsInLink(query: string): boolean {
  const text = query.startsWith('?') ? query.slice(1) : query;
  return text.length <= MAX_LINK_BYTES && utf8Bytes(text) <= MAX_LINK_BYTES;
}
