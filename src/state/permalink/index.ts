/**
 * Permalinks: the whole playground state as a readable query string, and back. Pure (text in, state and
 * warnings out), never throws, never evaluates anything (Python sources stay text), versioned.
 *
 * Format, version 1: one query parameter per value, and every value only where it differs from its default,
 * except `v` and the horizon, which are always written. The default state is
 *
 *   v=1&epochs=50&steps=100&A=torch.StepLR
 *
 * and a comparison of two schedules
 *
 *   v=1&epochs=90&steps=100&A=torch.StepLR&A.step_size=30&B=torch.CosineAnnealingLR&B.T_max=90&B.optimizer=Adam&B.lr=0.001
 *
 * | key                     | value                                                                               |
 * |-------------------------|-------------------------------------------------------------------------------------|
 * | `v`                     | format version                                                                      |
 * | `epochs`, `steps`       | the horizon: positive integers, epochs × steps ≤ 1,000,000                          |
 * | `log`, `values`, `side` | view toggles: 1 or 0 (log scale, values table, side by side)                        |
 * | `x`, `theme`            | x axis (epoch, step); theme (system, light, dark)                                   |
 * | `metric`, `loss`        | example-loss preset; the custom loss values, comma separated                        |
 * | `A` … `F`               | one panel each, in order: `framework.Family` (torch.StepLR, keras.CosineDecay, …)   |
 * | `A.<argument>`          | one constructor argument, written as its ParamSpec kind reads it (below)            |
 * | `A.optimizer`, `A.lr`, `A.momentum` | the panel's optimizer (SGD, 0.1, 0.9 by default)                        |
 * | `A.unset`               | arguments the panel leaves out (the framework's own default applies), comma separated |
 * | `A.stepEvery`           | `epoch` or `batch`: where the loop calls step(), when not the family's own tick       |
 * | `train.dataset`         | training data: digits (default), fashion-mnist, spiral, moons, circles, xor, blobs  |
 * | `train.samples`, `train.noise` | points (the dataset's range); noise (2-D sets only), both absent: the dataset's default |
 * | `train.hidden`          | hidden layer widths, comma separated (`128,64`, the default); `none` for no hidden layer |
 * | `train.activation`, `train.init` | relu or tanh; glorot_uniform or torch_default                              |
 * | `train.batch`, `train.seeds` | batch size (1 to 4,096; 32); runs per panel (1 to 10; 3), seeds 0 … n − 1      |
 * | `train.backend`         | auto (default), webgpu, webgl, wasm, cpu                                            |
 * | `train.target`          | the target accuracy as a percentage: `train.target=95` is 95 % (the default)        |
 * | `embed`, `hide`, `lock` | embed options: `embed=1&hide=legend,controls,gamma&lock=step_size` (`hide=train`: no Train button) |
 * | `utm_*`, `fbclid`, …    | tracking keys other sites add (keys.ts lists them): ignored without a warning       |
 *
 * Argument values by kind: number/integer as the shortest decimal that round-trips (`0.30000000000000004`,
 * `1e-300`, `-0`) or `None`; boolean `true`/`false`; choice the word itself; numberList comma separated (`30,80`;
 * `[]` when empty); function the Python source as typed (`None` for no function). Everything else is JSON in the
 * parameter value: nested schedules (`schedules`, `schedule`), and any string that the plain form would misread
 * (one starting with `"`, the source text `None`, a string with unpaired surrogates). A number a float64 holds
 * only as ±Infinity, 0 or a denormal (`1e309`, `1e-400`, `5e-324`) is refused, with the argument's default.
 * Arguments other than the family's parameters (`verbose`, a Keras `name`) do not change the curve and are not kept.
 *
 * Training settings (`train.*`) follow the same rule: only values that differ from DEFAULT_TRAINING are written,
 * so a link made before they existed is unchanged. Each is checked on its own (`train.samples` and `train.noise`
 * against `train.dataset`'s range), and a refused one keeps its default with a warning; the horizon's epochs are
 * the training epochs, so they have no key of their own.
 *
 * The defaults are part of the format: changing a family's default, DEFAULT_OPTIMIZER, DEFAULT_VIEW,
 * DEFAULT_METRIC or DEFAULT_TRAINING changes what an old link means, so it needs PERMALINK_VERSION + 1 and a reader (migrate.ts) that
 * fills in the old defaults for links with the old version (permalink.test.ts pins version-1 links to their states).
 * The size and nesting limits are in limits.ts.
 *
 * Decoding is best effort and says what it dropped and why: an unknown family drops its panel, an invalid
 * value falls back to its default, an unknown key is ignored, each with a warning. Every decoded value goes
 * through a valibot schema generated from the family's ParamSpecs, then the engine (`fromFramework`) checks each
 * panel as a whole, and any argument it still rejects is reset to its default. The result is always a state the
 * store can use: 1 to MAX_PANELS panels that `fromFramework` accepts, a usable horizon.
 *
 * Nothing here creates an object with a key taken from the link: query keys live in a Map, arguments are copied
 * by the names in the family's table, and JSON values (JSON.parse makes own properties, never prototypes) are
 * checked by strict valibot objects that refuse any key not in the table, `__proto__` and `constructor` included.
 *
 * Files: limits.ts (the limits), keys.ts (reserved, embed and tracking keys), values.ts (value text), schemas.ts
 * (valibot), table.ts (the top-level keys), query.ts (the parsed query), migrate.ts (old links), encode.ts,
 * decode.ts and panel.ts (reading), messages.ts (what the user is told), session.ts (states too large for a link).
 */
export { type DecodeOptions, decodePermalink } from './decode';
export { encodeEmbedOptions, encodePermalink, fitsInLink } from './encode';
export { isTrackingKey, RESERVED_PANEL_KEYS, TRACKING_KEYS } from './keys';
export { MAX_LINK_BYTES, MAX_SCHEDULE_DEPTH, MAX_SESSION_BYTES, PERMALINK_VERSION } from './limits';
export { tooLargeForLink } from './messages';
export { linkHasState } from './query';
export {
  forgetStateForTab,
  type KeptForTab,
  keepStateForTab,
  restoreStateForTab,
  SESSION_STATE_KEY,
  type StateStorage,
  tabStorage,
} from './session';
export type { DecodedLink, EmbedOptions } from './types';
