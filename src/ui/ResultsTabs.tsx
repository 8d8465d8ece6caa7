import { type KeyboardEvent, type ReactNode, useId, useRef } from 'react';
import { usePlaygroundStore } from '../state/context';
import { RESULTS_TABS, type ResultsTab } from '../state/store';

const TAB_LABEL: Record<ResultsTab, string> = { schedule: 'Schedule', landscape: 'Landscape' };

/**
 * The results column's tabs: the schedule curves, or the paths on a 2-D loss landscape. The tab is part of the
 * view (`tab=landscape` in a link), so a tutorial can embed the landscape alone (`hide=controls,tabs`).
 * Keyboard: the WAI-ARIA tabs pattern (arrow keys move between tabs and select, Home and End go to the ends).
 */
export function ResultsTabs({ hidden, children }: { hidden: boolean; children: ReactNode }) {
  const tab = usePlaygroundStore((s) => s.view.tab);
  const setView = usePlaygroundStore((s) => s.setView);
  const id = useId();
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const select = (index: number) => {
    const next = RESULTS_TABS[(index + RESULTS_TABS.length) % RESULTS_TABS.length] as ResultsTab;
    setView({ tab: next });
    buttons.current[RESULTS_TABS.indexOf(next)]?.focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const at = RESULTS_TABS.indexOf(tab);
    const moves: Record<string, number> = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: RESULTS_TABS.length - 1 };
    const to = moves[event.key];
    if (to === undefined) return;
    event.preventDefault();
    select(to);
  };
  return (
    <>
      {hidden ? null : (
        <div className="results-tabs" role="tablist" aria-label="Results" onKeyDown={onKeyDown}>
          {RESULTS_TABS.map((t, i) => (
            <button
              key={t}
              ref={(el) => {
                buttons.current[i] = el;
              }}
              type="button"
              role="tab"
              id={`${id}-${t}`}
              aria-selected={tab === t}
              aria-controls={`${id}-panel`}
              tabIndex={tab === t ? 0 : -1}
              onClick={() => setView({ tab: t })}
            >
              {TAB_LABEL[t]}
            </button>
          ))}
        </div>
      )}
      <div className="results-panel" id={`${id}-panel`} {...(hidden ? {} : { role: 'tabpanel', 'aria-labelledby': `${id}-${tab}` })}>
        {children}
      </div>
    </>
  );
}
