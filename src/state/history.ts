import { createStore, type StoreApi } from 'zustand/vanilla';
import { type PlaygroundData, type PlaygroundStore, selectData } from './store';

/**
 * Undo and redo of the playground's data (panels, horizon, view, example metric, training settings), kept beside the store rather
 * than in it: the store holds only what a link holds.
 *
 * Every change of the data is one undo step, except that consecutive changes of the same single value (one
 * slider being dragged, one field being typed into) within `coalesceMs` of each other are one step. "The same
 * value" is the deepest path where the old and new data differ, so no action has to declare what it changed.
 * The theme is not history: undo never flips the page between light and dark.
 */

export interface HistoryState {
  canUndo: boolean;
  canRedo: boolean;
  /** A one-line notice that offers Undo (e.g. after "Remove"); cleared by the next change or by dismiss(). */
  notice: string | undefined;
  undo(): void;
  redo(): void;
  /** Shows `text` as a notice with an Undo button, for a change the user may not have meant. */
  announce(text: string): void;
  dismiss(): void;
}

export type HistoryStore = StoreApi<HistoryState>;

export interface HistoryOptions {
  /** The most undo steps kept (older ones are dropped). */
  limit?: number;
  /** Changes of one value closer together than this are one undo step. */
  coalesceMs?: number;
  now?: () => number;
}

export const HISTORY_LIMIT = 200;
const COALESCE_MS = 1000;
/** The theme and the results tab are how the page looks, not edits: never an undo step. */
const UNDONE_NEVER = new Set(['/view/theme', '/view/tab']);
/** Values made of parts that one gesture changes together: dragging the landscape's start moves x and y at once. */
const ONE_VALUE = ['/landscape/start'];

function oneValue(change: { path: string; leaf: boolean } | undefined) {
  const whole = change && ONE_VALUE.find((p) => change.path === p || change.path.startsWith(`${p}/`));
  return whole ? { path: whole, leaf: true } : change;
}

type Snapshot = Omit<PlaygroundData, 'view'> & { view: Omit<PlaygroundData['view'], 'theme' | 'tab'> };

function snapshotOf(data: PlaygroundData): Snapshot {
  const { theme: _theme, tab: _tab, ...view } = data.view;
  return { horizon: data.horizon, panels: data.panels, metric: data.metric, training: data.training, landscape: data.landscape, view };
}

const isPlainObject = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);

/**
 * Where `a` and `b` differ: the deepest path below which they differ, as a string key, and whether that is
 * one value (a number, a string) rather than a container; undefined where they are equal. The store copies
 * only the containers along a change, so unchanged branches are the same objects and this is quick.
 */
export function changedPath(a: unknown, b: unknown, prefix = ''): { path: string; leaf: boolean } | undefined {
  if (Object.is(a, b)) return undefined;
  const bothArrays = Array.isArray(a) && Array.isArray(b) && a.length === b.length;
  const bothObjects = isPlainObject(a) && isPlainObject(b);
  if (!bothArrays && !bothObjects) {
    const leaf = (a === null || typeof a !== 'object') && (b === null || typeof b !== 'object');
    return { path: prefix, leaf };
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
  let found: string | undefined;
  for (const key of keys) {
    if (Object.is(ra[key], rb[key])) continue;
    if (found !== undefined) return { path: prefix, leaf: false }; // more than one child changed: the container did
    found = key;
  }
  return found === undefined ? undefined : changedPath(ra[found], rb[found], `${prefix}/${found}`);
}

export function createHistory(store: PlaygroundStore, options: HistoryOptions = {}): HistoryStore {
  const limit = options.limit ?? HISTORY_LIMIT;
  const coalesceMs = options.coalesceMs ?? COALESCE_MS;
  const now = options.now ?? (() => Date.now());
  const past: Snapshot[] = [];
  const future: Snapshot[] = [];
  let last: { path: string; at: number } | undefined;
  let applying = false;

  const history = createStore<HistoryState>()((set) => {
    const apply = (from: Snapshot[], to: Snapshot[]) => {
      const target = from.pop();
      if (!target) return;
      to.push(snapshotOf(selectData(store.getState())));
      last = undefined;
      applying = true;
      try {
        store.setState((state) => ({ ...target, view: { ...target.view, theme: state.view.theme, tab: state.view.tab } }));
      } finally {
        applying = false;
      }
      set({ canUndo: past.length > 0, canRedo: future.length > 0, notice: undefined });
    };
    return {
      canUndo: false,
      canRedo: false,
      notice: undefined,
      undo: () => apply(past, future),
      redo: () => apply(future, past),
      announce: (text) => set({ notice: text }),
      dismiss: () => set({ notice: undefined }),
    };
  });

  store.subscribe((state, previous) => {
    if (applying) return;
    const change = oneValue(changedPath(selectData(previous), selectData(state)));
    if (change === undefined || UNDONE_NEVER.has(change.path)) return; // nothing changed, or only the theme or tab
    const before = snapshotOf(selectData(previous));
    const at = now();
    // Only edits of one value coalesce: adding, removing or loading panels is always a step of its own.
    const coalesce = change.leaf && last !== undefined && last.path === change.path && at - last.at < coalesceMs;
    last = change.leaf ? { path: change.path, at } : undefined;
    if (!coalesce) {
      past.push(before);
      if (past.length > limit) past.splice(0, past.length - limit);
    }
    future.length = 0;
    history.setState({ canUndo: past.length > 0, canRedo: false, notice: coalesce ? history.getState().notice : undefined });
  });
  return history;
}

const histories = new WeakMap<PlaygroundStore, HistoryStore>();

/** The one history of a store, made on first use (so a store made by a test or an embedding page gets one too). */
export function historyOf(store: PlaygroundStore): HistoryStore {
  let history = histories.get(store);
  if (!history) {
    history = createHistory(store);
    histories.set(store, history);
  }
  return history;
}
