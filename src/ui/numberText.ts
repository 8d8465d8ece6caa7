/**
 * Reads what a person typed into a number field, refusing rather than guessing: a browser's number input turns
 * "1,5" into 15 and "0x10" into 10 and lets 1e-400 become 0, all silently. Accepted: Python's and JavaScript's
 * plain decimal literals (optional sign, digits with an optional fraction, an optional exponent), with Python's
 * digit-group underscores ("1_000"). Everything else gets a message that says what to write instead.
 */
export type NumberText = { ok: true; value: number; note?: string } | { ok: false; message: string };

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const UNDERSCORED = /^[+-]?\d+(?:_\d+)*(?:\.(?:\d+(?:_\d+)*)?)?(?:[eE][+-]?\d+(?:_\d+)*)?$/;

export function readNumberText(raw: string, label: string): NumberText {
  const text = raw.trim();
  if (text === '') return { ok: false, message: `Enter a value for ${label}.` };
  let plain = text;
  if (!DECIMAL.test(text)) {
    if (UNDERSCORED.test(text)) plain = text.replaceAll('_', '');
    else return { ok: false, message: refusal(text, label) };
  }
  const value = Number(plain);
  if (!Number.isFinite(value)) return { ok: false, message: `${text} is too large: a float64 holds at most about 1.8e308.` };
  if (value === 0 && /[1-9]/.test(plain.replace(/[eE].*$/, ''))) {
    return { ok: false, message: `${text} is too small for a float64 (the smallest is 5e-324): it would become 0. Type 0 if you mean 0.` };
  }
  return plain === text ? { ok: true, value } : { ok: true, value, note: `Read as ${value}.` };
}

function refusal(text: string, label: string): string {
  if (/^[+-]?\d+,\d+$/.test(text)) return `Use a dot for decimals: ${text.replace(',', '.')}, not ${text}.`;
  if (/^[+-]?0[xob]/i.test(text)) return `${label} takes a decimal number; hexadecimal, octal and binary are not read here.`;
  if (/^[+-]?(?:inf|infinity|nan)$/i.test(text)) return `${label} must be a finite number.`;
  if (/\d[\s,]\d/.test(text)) return `Write ${label} without spaces or thousands separators (e.g. 10000 or 1e4).`;
  return `${label} must be a number, such as 0.1 or 1e-3.`;
}
