import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * A strict Content-Security-Policy for the production build only (the dev server injects inline scripts for
 * hot reload). No 'unsafe-eval' and no inline scripts: user text (links, Python sources) can never run as code.
 * 'wasm-unsafe-eval' lets WebAssembly compile (the training worker's WASM backend); it allows no JS eval.
 * blob:/data: images are the chart PNG export; workers come from our own origin (the training worker, later).
 * frame-ancestors cannot be set from a meta tag: the build also writes `_headers` (below) for hosts that read it.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * Response headers for static hosts that read a `_headers` file (Netlify, Cloudflare Pages; README "Hosting"
 * shows the same for nginx and others). The CSP goes out as a real header, where `frame-ancestors` works: the full
 * app (index.html) may not be framed by other sites (clickjacking), the embed page (embed.html) may be framed by
 * any tutorial. The rules match disjoint paths, because some hosts merge the headers of overlapping rules.
 */
export function hostingHeaders(): string {
  const common = ['X-Content-Type-Options: nosniff', 'Referrer-Policy: strict-origin-when-cross-origin'];
  const page = (frameAncestors: string) => [
    `  Content-Security-Policy: ${CONTENT_SECURITY_POLICY}; frame-ancestors ${frameAncestors}`,
    ...common.map((h) => `  ${h}`),
  ];
  return [
    '# Written by vite.config.ts (hostingHeaders): the full app refuses to be framed, the embed page allows it.',
    '/',
    ...page("'none'"),
    '/index.html',
    ...page("'none'"),
    '/embed.html',
    ...page('*'),
    '/backends.html',
    ...page("'none'"),
    '/assets/*',
    ...common.map((h) => `  ${h}`),
    '',
  ].join('\n');
}

/** Writes `_headers`, and `embed.html` (the page tutorials frame, with its own frame-ancestors header). */
function hostingHeadersFile(): Plugin {
  return {
    name: 'lr-playground-headers',
    apply: 'build',
    // enforce 'post': index.html is in the bundle by then, with its CSP and script tags.
    enforce: 'post',
    generateBundle(_options, bundle) {
      this.emitFile({ type: 'asset', fileName: '_headers', source: hostingHeaders() });
      // embed.html is the built index.html under another name (main.tsx reads the path): one page, two headers.
      const index = bundle['index.html'];
      if (index?.type === 'asset') this.emitFile({ type: 'asset', fileName: 'embed.html', source: index.source });
    },
  };
}

function contentSecurityPolicy(): Plugin {
  return {
    name: 'lr-playground-csp',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' },
    ],
  };
}

export default defineConfig({
  plugins: [react(), contentSecurityPolicy(), hostingHeadersFile()],
  // Relative asset URLs so the build works from any sub-path (GitHub Pages, a tutorial's static folder).
  base: './',
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 1200,
    // With two HTML entries the bundler would move Vite's modulepreload polyfill into a chunk of its own that
    // index.html then loads at start; every browser the es2022 target admits supports modulepreload natively.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      // backends.html: the training-backends check page (src/diagnostics/), its own entry; the app's stays as it was.
      input: { index: 'index.html', backends: 'backends.html' },
    },
  },
});
