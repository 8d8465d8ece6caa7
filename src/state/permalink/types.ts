import type { PlaygroundData } from '../store';

export interface EmbedOptions {
  embed: boolean;
  /** Parts of the page to hide: 'legend', 'controls', an argument's name, … */
  hide: string[];
  /** Controls shown but not editable, by name. */
  lock: string[];
}

export interface DecodedLink {
  data: PlaygroundData;
  embed: EmbedOptions;
  /** What was dropped or changed while reading the link, and why, as sentences for the user. */
  warnings: string[];
}

export function defaultEmbed(): EmbedOptions {
  return { embed: false, hide: [], lock: [] };
}
