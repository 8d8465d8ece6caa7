import { createContext, useContext } from 'react';

/**
 * What a link asks the page to show (`?embed=1&hide=legend,gamma&lock=step_size`), as TF Playground's `_hide`
 * flags do. `hide` and `lock` name parts ('controls', 'legend', 'presets', 'family', 'train': the Train button) or
 * arguments ('gamma', 'lr', 'momentum', 'optimizer'); they apply in the full page too, so a teacher can share a
 * reduced view.
 */
export interface PageOptions {
  embed: boolean;
  hidden: ReadonlySet<string>;
  locked: ReadonlySet<string>;
}

export const DEFAULT_PAGE_OPTIONS: PageOptions = { embed: false, hidden: new Set(), locked: new Set() };

export const PageOptionsContext = createContext<PageOptions>(DEFAULT_PAGE_OPTIONS);

export function usePageOptions(): PageOptions {
  return useContext(PageOptionsContext);
}
