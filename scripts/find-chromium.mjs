// Finds a Chromium for the end-to-end tests without ever downloading one:
// CHROMIUM_PATH, then Debian's /usr/bin/chromium, then Playwright's own browser if the user installed it.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** @returns {{ path: string, source: string } | { path: null, source: string }} */
export function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return { path: fromEnv, source: 'CHROMIUM_PATH' };
    return { path: null, source: `CHROMIUM_PATH is set to ${fromEnv}, which does not exist` };
  }
  if (existsSync(DEBIAN_CHROMIUM)) return { path: DEBIAN_CHROMIUM, source: 'Debian chromium' };
  try {
    const require = createRequire(import.meta.url);
    const { chromium } = require('playwright-core');
    const own = chromium.executablePath();
    if (own && existsSync(own)) return { path: own, source: "Playwright's own browser" };
  } catch {
    // playwright-core not resolvable or no browser registry: fall through.
  }
  return { path: null, source: 'no Chromium found' };
}
