import { useEffect, useLayoutEffect, useState } from 'react';
import {
  encodeEmbedOptions,
  encodePermalink,
  fitsInLink,
  forgetStateForTab,
  keepStateForTab,
  linkHasState,
  restoreStateForTab,
  tabStorage,
  tooLargeForLink,
} from '../state/permalink';
import { selectData, type PlaygroundStore } from '../state/store';
import type { PageOptions } from './embedOptions';

/** Dragging a slider fires dozens of updates a second; browsers throttle history calls, and nobody needs more. */
const URL_UPDATE_MS = 250;

export function linkOptions(options: PageOptions) {
  return { embed: options.embed, hide: [...options.hidden], lock: [...options.locked] };
}

function replaceAddress(query: string) {
  history.replaceState(history.state, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`);
}

/**
 * The address bar mirrors the state (replaceState: the back button is not flooded while dragging), but only
 * with an address the decoder reads back. A state over MAX_LINK_BYTES (a long Python function) is kept in this
 * tab's sessionStorage instead, and the address keeps only the embed options, so a reload finds no state there
 * and restores the tab's copy. Returns the notice to show while that is so ('' when the address holds the state).
 * Layout effect: the tab's copy replaces the default state before the first paint.
 */
export function usePermalinkSync(store: PlaygroundStore, options: PageOptions): string {
  const [notice, setNotice] = useState('');
  useLayoutEffect(() => {
    const storage = tabStorage();
    let restoreNote = '';
    if (!linkHasState(location.search)) {
      const restored = restoreStateForTab(storage);
      if (restored.link) store.getState().load(restored.link.data);
      if (restored.problem) restoreNote = restored.problem;
      else if (restored.link && restored.link.warnings.length > 0) {
        restoreNote = `The state kept for this tab could not be restored completely: ${restored.link.warnings[0]}`;
      }
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last = '';
    const write = () => {
      timer = undefined;
      const data = selectData(store.getState());
      const link = linkOptions(options);
      const query = encodePermalink(data, link);
      if (query === last) return;
      last = query;
      let sizeNote = '';
      if (fitsInLink(query)) {
        forgetStateForTab(storage);
        replaceAddress(query);
      } else {
        const kept = keepStateForTab(storage, data);
        // Without a copy for the tab, the last address that fit is the best a reload can do: leave it.
        if (kept.ok) replaceAddress(encodeEmbedOptions(link));
        sizeNote = tooLargeForLink(query.length, kept.ok ? undefined : kept.problem);
      }
      setNotice([restoreNote, sizeNote].filter(Boolean).join(' '));
      restoreNote = '';
    };
    write();
    const unsubscribe = store.subscribe(() => {
      if (timer === undefined) timer = setTimeout(write, URL_UPDATE_MS);
    });
    return () => {
      unsubscribe();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [store, options]);
  return notice;
}

/** A link to the current state: the full app, or the embed with its options. */
export function permalinkFor(store: PlaygroundStore, options: PageOptions, asEmbed: boolean): string {
  // The app's folder (it may be served from a sub-path), then the page: embed.html is the page other sites may
  // frame (its own frame-ancestors header, vite.config.ts); the full app is the folder's index.
  const folder = location.pathname.replace(/[^/]*$/, '');
  const base = `${location.origin}${folder}${asEmbed ? 'embed.html' : ''}`;
  const link = linkOptions(options);
  return `${base}?${encodePermalink(selectData(store.getState()), asEmbed ? { ...link, embed: true } : { ...link, embed: false })}`;
}

/**
 * The embed posts its content's height to the parent page on load and whenever the content resizes, so the
 * iframe fits it. The content's own height, not the document's: `scrollHeight` is never less than the iframe's
 * current height, so an embed could grow but never shrink back.
 */
export function usePostHeight(enabled: boolean) {
  useEffect(() => {
    if (!enabled || window.parent === window) return;
    const content = document.getElementById('root') ?? document.body;
    let last = -1;
    const post = () => {
      const bodyMargin = Number.parseFloat(getComputedStyle(document.body).marginBottom) || 0;
      const height = Math.ceil(content.getBoundingClientRect().bottom + window.scrollY + bodyMargin);
      if (height === last) return;
      last = height;
      window.parent.postMessage({ type: 'lr-playground:height', height }, '*');
    };
    post();
    const observer = new ResizeObserver(post);
    observer.observe(content);
    return () => observer.disconnect();
  }, [enabled]);
}

/** The snippet a teacher pastes into a blog post: a lazy iframe and a few lines that size it from the message. */
export function embedSnippet(url: string, title: string): string {
  const origin = new URL(url).origin;
  const escapeAttr = (text: string) => text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
  return [
    `<iframe src="${escapeAttr(url)}" title="${escapeAttr(title)}" loading="lazy" style="width:100%;height:520px;border:0"></iframe>`,
    '<script>',
    "addEventListener('message', function (e) {",
    `  if (e.origin !== ${JSON.stringify(origin)} || !e.data || e.data.type !== 'lr-playground:height') return;`,
    "  document.querySelectorAll('iframe').forEach(function (f) {",
    "    if (f.contentWindow === e.source) f.style.height = e.data.height + 'px';",
    '  });',
    '});',
    '</script>',
  ].join('\n');
}
