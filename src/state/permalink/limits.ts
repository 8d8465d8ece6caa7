/**
 * The codec's limits. They are part of the link format (the README's "Link limits" quotes them): raising one is
 * safe, lowering one makes some old links unreadable.
 *
 * | limit                  | value            | why                                                                        |
 * |------------------------|------------------|----------------------------------------------------------------------------|
 * | MAX_LINK_BYTES         | 8,192 bytes      | the query string after `?`, as UTF-8; longer links are refused whole (the  |
 * |                        |                  | state would be cut at an arbitrary point), and the app never writes one    |
 * |                        |                  | to the address bar: 8 kB survives browsers, servers, chat and mail clients |
 * | MAX_SESSION_BYTES      | 262,144 bytes    | a state too large for a link, kept in this tab's sessionStorage instead    |
 * | MAX_SCHEDULE_DEPTH     | 6                | schedules inside a panel's schedule (SequentialLR in ChainedScheduler …,   |
 * |                        |                  | Warmup in Warmup …); the engine refuses deeper ones too                    |
 * | MAX_JSON_DEPTH         | 32 brackets      | a JSON value's `[`/`{` nesting, checked before it is parsed (6 schedules   |
 * |                        |                  | deep need at most 20)                                                      |
 * | MAX_TOKENS             | 64               | entries of `hide=` and of `lock=`                                          |
 * | MAX_WARNINGS           | 40               | warnings listed (the rest are counted)                                     |
 * | float64 range          | 2.2250738585072014e-308 ≤ |x| ≤ 1.7976931348623157e308, or 0: numbers outside are refused |
 *
 * Decoding is linear in the link's length: each key is visited a bounded number of times (the Query counts its
 * visits so the fuzz test can bound them), and each value is scanned once before it is parsed.
 */

export const PERMALINK_VERSION = 1;
/** Longer links are refused whole (the state would be cut at an arbitrary point otherwise). */
export const MAX_LINK_BYTES = 8192;
/** The largest state kept for a tab in sessionStorage when it does not fit in a link (UTF-8 bytes of its query). */
export const MAX_SESSION_BYTES = 262_144;
/** Schedules nested inside a panel's own, at most; the engine refuses schedules nested deeper than this too. */
export const MAX_SCHEDULE_DEPTH = 6;
/** `[`/`{` nesting of a JSON value, at most; checked by a linear scan before JSON.parse and valibot see it. */
export const MAX_JSON_DEPTH = 32;
export const MAX_WARNINGS = 40;
/** Entries of `hide=` and of `lock=`. */
export const MAX_TOKENS = 64;
/** The smallest positive normal float64: below it a number loses precision (denormal) or becomes 0. */
export const MIN_NORMAL_FLOAT = 2.2250738585072014e-308;
