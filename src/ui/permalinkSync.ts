import { useEffect } from 'react';
import { encodePermalink } from '../state/permalink';
import { selectData, type PlaygroundStore } from '../state/store';
import type { PageOptions } from './embedOptions';

/** Dragging a slider fires dozens of updates a second; browsers throttle history calls, and nobody needs more. */
const URL_UPDATE_MS = 250;

export function linkOptions(options: PageOptions) {
  return { embed: options.embed, hide: [...options.hidden], lock: [...options.locked] };
}

/** The address bar mirrors the state (replaceState: the back button is not flooded while dragging). */
export function usePermalinkSync(store: PlaygroundStore, options: PageOptions) {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last = '';
    const write = () => {
      timer = undefined;
      const query = encodePermalink(selectData(store.getState()), linkOptions(options));
      if (query === last) return;
      last = query;
      history.replaceState(history.state, '', `${location.pathname}?${query}${location.hash}`);
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
}

/** A link to the current state: the full app, or the embed with its options. */
export function permalinkFor(store: PlaygroundStore, options: PageOptions, asEmbed: boolean): string {
  const base = `${location.origin}${location.pathname}`;
  const link = linkOptions(options);
  return `${base}?${encodePermalink(selectData(store.getState()), asEmbed ? { ...link, embed: true } : { ...link, embed: false })}`;
}

/** The embed posts its height to the parent page on load and on every resize, so the iframe fits its content. */
export function usePostHeight(enabled: boolean) {
  useEffect(() => {
    if (!enabled || window.parent === window) return;
    const post = () => {
      const height = Math.ceil(document.documentElement.scrollHeight);
      window.parent.postMessage({ type: 'lr-playground:height', height }, '*');
    };
    post();
    const observer = new ResizeObserver(post);
    observer.observe(document.body);
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
