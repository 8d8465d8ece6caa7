import { useMemo, useState } from 'react';
import { findFamily, formulaFor, frameworkDifference } from '../schedules';
import { usePlaygroundStore } from '../state/context';
import { buildCsv } from '../state/csv';
import type { Preset } from '../state/presets';
import { alignment, firstDivergence } from '../state/series';
import { MAX_PANELS, PANEL_NAMES, type Panel } from '../state/store';
import { type ChartSeries, paletteOf } from './chartData';
import { claimingControl, controlPaths, describeError } from './errorRouting';
import { Formula } from './Formula';
import { HorizonBar } from './HorizonBar';
import { MetricEditor } from './MetricEditor';
import { computeOutcome, type PanelOutcome, type PanelSamples } from './outcome';
import { PresetsMenu } from './PresetsMenu';
import { SchedulePanel } from './SchedulePanel';
import { type Callout, type PanelStatus, ScheduleView } from './ScheduleView';

const letterOf = (index: number) => PANEL_NAMES[index] ?? String(index + 1);
const FRAMEWORK_NAME = { torch: 'PyTorch', keras: 'Keras', playground: 'playground' } as const;

/** Where a PyTorch panel and a Keras panel of the same kind of schedule part, and why. */
function frameworkCallouts(panels: readonly Panel[], outcomes: readonly PanelOutcome[], horizon: { epochs: number; stepsPerEpoch: number }): Callout[] {
  const out: Callout[] = [];
  for (let i = 0; i < panels.length; i++) {
    for (let j = i + 1; j < panels.length; j++) {
      const a = panels[i] as Panel;
      const b = panels[j] as Panel;
      const reason = frameworkDifference(a, b);
      const oa = outcomes[i];
      const ob = outcomes[j];
      if (!reason || !oa?.ok || !ob?.ok) continue;
      const align = alignment([oa.samples, ob.samples], horizon);
      const at = firstDivergence(oa.samples, ob.samples, align);
      const who = `Schedules ${letterOf(i)} (${FRAMEWORK_NAME[a.framework]} ${a.name}) and ${letterOf(j)} (${FRAMEWORK_NAME[b.framework]} ${b.name})`;
      const where =
        align.unit === 'step' ? `step ${at} (epoch ${Math.floor(at / align.stepsPerEpoch)})` : `epoch ${at}`;
      out.push({
        id: `${i}-${j}`,
        text: at < 0 ? `${who} give the same curve over this horizon, but can differ: ${reason}` : `${who} diverge at ${where}. Why: ${reason}`,
      });
    }
  }
  return out;
}

function downloadText(text: string, filename: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function App() {
  const panels = usePlaygroundStore((s) => s.panels);
  const horizon = usePlaygroundStore((s) => s.horizon);
  const metric = usePlaygroundStore((s) => s.metric);
  const addPanel = usePlaygroundStore((s) => s.addPanel);
  const [presetNote, setPresetNote] = useState<Preset | undefined>();
  const outcomes = useMemo(() => panels.map((panel) => computeOutcome(panel, horizon, metric)), [panels, horizon, metric]);

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
        const { line, column } = outcome.error;
        return path ? { claimed: { path, message, line, column }, unclaimed: undefined } : { claimed: undefined, unclaimed: message };
      }),
    [panels, outcomes],
  );

  const series = useMemo<ChartSeries[]>(
    () =>
      lastGood.flatMap((samples, i) =>
        samples ? [{ key: letterOf(i), color: paletteOf(i).color, samples, stale: outcomes[i]?.ok === false }] : [],
      ),
    [lastGood, outcomes],
  );
  const callouts = useMemo(() => frameworkCallouts(panels, outcomes, horizon), [panels, outcomes, horizon]);
  const statuses: PanelStatus[] = routed.map((r, i) => ({
    letter: letterOf(i),
    unclaimedError: r.unclaimed,
    hasClaimedError: r.claimed !== undefined,
  }));
  const needsMetric = outcomes.some((o) => (o.ok ? o.samples.needsMetric : o.schedule?.needsMetric));

  const downloadCsv = () => {
    const csvSeries = outcomes.map((o, i) => (o.ok ? { name: letterOf(i), ...o.samples } : null));
    downloadText(buildCsv(csvSeries, horizon), 'lr-schedules.csv');
  };

  return (
    <div className="app">
      <header className="app-header">
        <div>
          <h1>LR Playground</h1>
          <p className="tagline">Move a slider, watch the learning-rate schedule: exactly what PyTorch and Keras do.</p>
        </div>
        <nav className="app-toolbar" aria-label="Playground">
          <PresetsMenu onApplied={setPresetNote} />
          <button type="button" className="secondary" onClick={() => addPanel()} disabled={panels.length >= MAX_PANELS}>
            Add schedule
          </button>
          <button type="button" className="secondary" onClick={downloadCsv}>
            Download CSV
          </button>
        </nav>
      </header>
      <HorizonBar />
      {presetNote?.note ? (
        <div className="preset-note" role="status">
          <p>
            <strong>{presetNote.label}:</strong> {presetNote.note}
          </p>
          <button type="button" className="secondary small" onClick={() => setPresetNote(undefined)}>
            Dismiss
          </button>
        </div>
      ) : null}
      <main className="workspace">
        <div className="panels">
          {panels.map((panel, i) => (
            <SchedulePanel
              // Panels are positional ("Schedule A" is the first), so the index is their identity.
              // biome-ignore lint/suspicious/noArrayIndexKey: see above
              key={i}
              panelIndex={i}
              letter={letterOf(i)}
              color={paletteOf(i).color}
              panel={panel}
              panelCount={panels.length}
              formula={outcomes[i]?.schedule ? <Formula formula={formulaFor(outcomes[i].schedule.call)} /> : undefined}
              claimedError={routed[i]?.claimed}
            />
          ))}
          {needsMetric ? <MetricEditor /> : null}
        </div>
        <div className="results">
          <ScheduleView series={series} statuses={statuses} callouts={callouts} />
        </div>
      </main>
    </div>
  );
}
