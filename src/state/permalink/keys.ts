/**
 * Key names: the panel keys that are not arguments, the embed keys, and the tracking keys that other sites add to
 * a shared link, which the decoder drops without a word (they are not ours and say nothing about the state).
 */

/** Keys of a panel that are not the family's arguments (permalink.test.ts checks that no family uses them). */
export const RESERVED_PANEL_KEYS = ['optimizer', 'lr', 'momentum', 'unset', 'stepEvery'] as const;

export const EMBED_KEYS = ['embed', 'hide', 'lock'] as const;

/** An embed's hide/lock entry: a control or argument name. */
export const TOKEN = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;

/**
 * Tracking parameters that mail, social and ad platforms append to links, compared without case. Besides these,
 * every key starting with `utm_` (Google Analytics campaign tags) is one. A key that looks like ours (`A.foo`,
 * `epoch`) is never in this list, so it is still reported.
 */
export const TRACKING_KEYS: readonly string[] = [
  // Ad click ids: Facebook, Google (Ads, Search, DoubleClick), Microsoft, Yandex, Twitter/X, TikTok, LinkedIn.
  'fbclid',
  'gclid',
  'gclsrc',
  'dclid',
  'gbraid',
  'wbraid',
  'srsltid',
  'msclkid',
  'yclid',
  'twclid',
  'ttclid',
  'li_fat_id',
  // Mail campaigns: Mailchimp, HubSpot, Marketo, Vero, Omeda.
  'mc_cid',
  'mc_eid',
  '_hsenc',
  '_hsmi',
  'mkt_tok',
  'vero_id',
  'oly_anon_id',
  'oly_enc_id',
  // Analytics cross-domain ids: Google Analytics.
  '_ga',
  '_gl',
  // Referrers and share ids: generic, Twitter/X, Instagram, YouTube and Spotify share links.
  'ref',
  'ref_src',
  'ref_url',
  'igshid',
  'igsh',
  'si',
];

const TRACKING = new Set(TRACKING_KEYS);

export function isTrackingKey(key: string): boolean {
  const lower = key.toLowerCase();
  return lower.startsWith('utm_') || TRACKING.has(lower);
}

export function isEmbedKey(key: string): boolean {
  return (EMBED_KEYS as readonly string[]).includes(key);
}
