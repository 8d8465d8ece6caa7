import { defineConfig } from '@playwright/test';
import { findChromium } from './scripts/find-chromium.mjs';

// `npm run test:e2e` (scripts/e2e.mjs) builds the app, serves it and sets E2E_BASE_URL and CHROMIUM_PATH.
const chromium = findChromium();

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: true,
  forbidOnly: true,
  retries: 0,
  workers: 2,
  reporter: [['list']],
  timeout: 60_000,
  use: {
    baseURL: process.env.E2E_BASE_URL ?? 'http://127.0.0.1:4173',
    headless: true,
    launchOptions: {
      ...(chromium.path ? { executablePath: chromium.path } : {}),
      // Playwright already passes --no-sandbox, --disable-background-networking, --disable-component-update,
      // --disable-sync and --no-first-run; QUIC probing floods refused connections on a closed network.
      args: ['--disable-quic'],
    },
    trace: 'off',
  },
});
