import { useMemo, useState } from 'react';
import { findFamily } from '../schedules';
import { usePlaygroundStore } from '../state/context';
import { PANEL_NAMES } from '../state/store';
import type { ChartSeries } from './chartData';
import { claimingControl, controlPaths, describeError } from './errorRouting';
import { HorizonBar } from './HorizonBar';
import { computeOutcome, type PanelSamples } from './outcome';
import { SchedulePanel } from './SchedulePanel';
import { type PanelStatus, ScheduleView } from './ScheduleView';

const letterOf = (index: number) => PANEL_NAMES[index] ?? String(index + 1);

export function App() {
  const panels = usePlaygroundStore((s) => s.panels);
  const horizon = usePlaygroundStore((s) => s.horizon);
  const outcomes = useMemo(() => panels.map((panel) => computeOutcome(panel, horizon)), [panels, horizon]);

  // While a panel's settings are invalid its last good curve stays on the chart, dimmed.
  const [lastGood, setLastGood] = useState<readonly (PanelSamples | undefined)[]>([]);
  const shown = outcomes.map((outcome, i) => (outcome.ok ? outcome.samples : lastGood[i]));
  if (shown.length !== lastGood.length || shown.some((samples, i) => samples !== lastGood[i])) setLastGood(shown);

  const routed = useMemo(
    () =>
      panels.map((panel, i) => {
        const outcome = outcomes[i];
        if (!outcome || outcome.ok) return { claimed: undefined, unclaimed: undefined };
        const message = describeError(outcome.error);
        const path = claimingControl(outcome.error.path, controlPaths(panel, findFamily(panel.framework, panel.name)));
        return path ? { claimed: { path, message }, unclaimed: undefined } : { claimed: undefined, unclaimed: message };
      }),
    [panels, outcomes],
  );

  const series = useMemo<ChartSeries[]>(
    () =>
      lastGood.flatMap((samples, i) =>
        samples ? [{ key: letterOf(i), samples, stale: outcomes[i]?.ok === false }] : [],
      ),
    [lastGood, outcomes],
  );
  const statuses: PanelStatus[] = routed.map((r, i) => ({
    letter: letterOf(i),
    unclaimedError: r.unclaimed,
    hasClaimedError: r.claimed !== undefined,
  }));
  const firstTick = series[0]?.samples.tick ?? findFamily('torch', panels[0]?.name ?? '')?.tick ?? 'epoch';

  return (
    <div className="app">
      <header className="app-header">
        <h1>LR Playground</h1>
        <p className="tagline">Move a slider, watch the learning-rate schedule: exactly what PyTorch would do.</p>
      </header>
      <HorizonBar />
      <main className="workspace">
        <div className="panels">
          {panels.map((panel, i) => (
            <SchedulePanel
              // Panels are positional ("Schedule A" is the first), so the index is their identity.
              // biome-ignore lint/suspicious/noArrayIndexKey: see above
              key={i}
              panelIndex={i}
              letter={letterOf(i)}
              panel={panel}
              claimedError={routed[i]?.claimed}
            />
          ))}
        </div>
        <ScheduleView series={series} statuses={statuses} tickLabel={firstTick === 'step' ? 'Step' : 'Epoch'} />
      </main>
    </div>
  );
}
