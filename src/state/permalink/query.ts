/**
 * The link's parameters by key, in a Map (keys from the link never become object keys), without the tracking
 * keys other sites add. Every lookup is a Map hit and every scan visits each key a bounded number of times, so
 * reading a link is linear in its length; `visits` counts the scans so tests can bound them.
 */
import { MAX_LINK_BYTES } from './limits';
import { isEmbedKey, isTrackingKey } from './keys';

export class Query {
  private readonly values = new Map<string, string[]>();
  private readonly used = new Set<string>();
  /** Dotted keys by the text before their first dot (`A.gamma` under `A`): a panel's keys without a full scan. */
  private readonly byPrefix = new Map<string, string[]>();
  /** Keys visited by the constructor and the scans: at most a few times the number of keys in the link. */
  visits = 0;

  constructor(text: string) {
    for (const [key, value] of new URLSearchParams(text)) {
      this.visits++;
      if (isTrackingKey(key)) continue;
      const list = this.values.get(key);
      if (list) list.push(value);
      else this.add(key, [value]);
    }
  }

  private add(key: string, list: string[]): void {
    this.values.set(key, list);
    const dot = key.indexOf('.');
    if (dot < 0) return;
    const prefix = key.slice(0, dot);
    const keys = this.byPrefix.get(prefix);
    if (keys) keys.push(key);
    else this.byPrefix.set(prefix, [key]);
  }

  get size(): number {
    return this.values.size;
  }

  keys(): string[] {
    this.visits += this.values.size;
    return [...this.values.keys()];
  }

  has(key: string): boolean {
    return this.values.has(key);
  }

  /** The first value of `key` (later ones are reported by `repeated`). */
  take(key: string): string | undefined {
    const list = this.values.get(key);
    if (!list) return undefined;
    this.used.add(key);
    return list[0];
  }

  /** Unread keys that start with `prefix` (`''` for all, or a panel's `A.`), now marked read. */
  takeRest(prefix: string): string[] {
    const dotted = prefix.endsWith('.') && prefix.indexOf('.') === prefix.length - 1;
    const candidates = dotted ? (this.byPrefix.get(prefix.slice(0, -1)) ?? []) : this.values.keys();
    const rest: string[] = [];
    for (const key of candidates) {
      this.visits++;
      // A renamed key stays in its prefix's list after it left the Map.
      if (!this.used.has(key) && this.values.has(key) && key.startsWith(prefix)) {
        rest.push(key);
        this.used.add(key);
      }
    }
    return rest;
  }

  repeated(): string[] {
    this.visits += this.values.size;
    return [...this.values].filter(([key, list]) => list.length > 1 && this.used.has(key)).map(([key]) => key);
  }

  /** Moves an unread key's values to another key (an old link's argument under its new name). */
  rename(from: string, to: string): void {
    const list = this.values.get(from);
    if (!list || this.used.has(from) || this.values.has(to)) return;
    this.values.delete(from);
    this.add(to, list);
  }

  /** Gives an absent key a value (an old default that the new family does not share). */
  fill(key: string, value: string): void {
    if (!this.values.has(key)) this.add(key, [value]);
  }
}

/**
 * Whether an address carries a state of its own: any key but the embed options and tracking keys (a link too
 * long to read counts: its owner meant a state, and is told why it was not read).
 */
export function linkHasState(search: string): boolean {
  const text = search.startsWith('?') ? search.slice(1) : search;
  if (text.length > MAX_LINK_BYTES) return true;
  for (const key of new URLSearchParams(text).keys()) if (!isTrackingKey(key) && !isEmbedKey(key)) return true;
  return false;
}
