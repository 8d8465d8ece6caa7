/**
 * A state too large for a link is kept for the tab instead: in sessionStorage under SESSION_STATE_KEY, as the
 * same query text a link would hold (so it is read back by the same validating decoder, up to MAX_SESSION_BYTES).
 * sessionStorage belongs to one tab and survives its reloads, which is exactly the promise: a reload keeps the
 * work, but nothing leaves the tab. Storage can be full, disabled or refused (private modes, sandboxed iframes):
 * every failure here is caught and returned as a sentence, never thrown.
 */
import type { PlaygroundData } from '../store';
import { decodePermalink } from './decode';
import { encodePermalink } from './encode';
import { MAX_SESSION_BYTES } from './limits';
import { sessionTooLarge } from './messages';
import type { DecodedLink } from './types';
import { utf8Bytes } from './values';

/** The sessionStorage key of this tab's state when it is too large for a link (documented in the README). */
export const SESSION_STATE_KEY = 'lr-playground:state';

/** The part of the Web Storage API used here (tests pass fakes that fail as browsers do). */
export type StateStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export type KeptForTab = { ok: true } | { ok: false; problem: string };

/** This tab's sessionStorage, or undefined where the browser refuses it (reading the property can throw). */
export function tabStorage(): StateStorage | undefined {
  try {
    return globalThis.sessionStorage ?? undefined;
  } catch {
    return undefined;
  }
}

function storageProblem(err: unknown): string {
  const name = typeof err === 'object' && err !== null && 'name' in err ? String(err.name) : '';
  if (name === 'QuotaExceededError') return "the browser's storage for this page is full";
  if (name === 'SecurityError') return 'the browser does not allow storage for this page';
  return `the browser refused to store it${name ? ` (${name})` : ''}`;
}

/** Keeps `data` for this tab; says why not where it cannot. */
export function keepStateForTab(storage: StateStorage | undefined, data: PlaygroundData): KeptForTab {
  if (!storage) return { ok: false, problem: 'the browser does not allow storage for this page' };
  const query = encodePermalink(data);
  const bytes = utf8Bytes(query);
  if (bytes > MAX_SESSION_BYTES) {
    // An older, smaller copy would be restored on reload as if it were this state.
    forgetStateForTab(storage);
    return { ok: false, problem: sessionTooLarge(bytes) };
  }
  try {
    storage.setItem(SESSION_STATE_KEY, query);
    return { ok: true };
  } catch (err) {
    forgetStateForTab(storage);
    return { ok: false, problem: storageProblem(err) };
  }
}

/** Drops this tab's copy (the state fits in the address again, which is then the copy). */
export function forgetStateForTab(storage: StateStorage | undefined): void {
  try {
    storage?.removeItem(SESSION_STATE_KEY);
  } catch {
    // Nothing to report: a copy that cannot be removed could not be read either.
  }
}

/** This tab's kept state, decoded and validated like a link; `problem` where storage could not be read. */
export function restoreStateForTab(storage: StateStorage | undefined): { link?: DecodedLink; problem?: string } {
  if (!storage) return {};
  let text: string | null;
  try {
    text = storage.getItem(SESSION_STATE_KEY);
  } catch (err) {
    return { problem: `The state kept for this tab could not be read (${storageProblem(err)}).` };
  }
  if (text === null) return {};
  return { link: decodePermalink(text, { maxBytes: MAX_SESSION_BYTES }) };
}
