import { downloadText } from './download';
import { useEffect, useMemo, useState } from 'react';
import { defaultArgs, type FrameworkCall, findFamily, frameworkDifference } from '../schedules';
import { usePlaygroundStore, usePlaygroundStoreApi } from '../state/context';
import { buildCsv } from '../state/csv';
import { alignment, firstDivergence } from '../state/series';
import { MAX_PANELS, PANEL_NAMES, type Panel } from '../state/store';
import { type ChartSeries, paletteOf, seriesLabel } from './chartData';
import { claimingControl, controlPaths, describeError } from './errorRouting';
import { type PageOptions, PageOptionsContext } from './embedOptions';
import { LazyFormula } from './LazyFormula';
import { HorizonBar } from './HorizonBar';
import { ExampleLoss } from './ExampleLoss';
import type { PanelOutcome, PanelSamples } from './outcome';
import { livePanelOutcome, pythonSampler, settledPanelOutcome } from './pythonSampler';
import { MAX_LINK_BYTES } from '../state/permalink';
import { ErrorBoundary } from './ErrorBoundary';
import { embedSnippet, permalinkFor, usePermalinkSync, usePostHeight } from './permalinkSync';
import { PastePanel } from './PastePanel';
import { PresetsMenu } from './PresetsMenu';
import { ShareDialog } from './ShareDialog';
import { SchedulePanel } from './SchedulePanel';
import { UndoControls, UndoNotice, useHistory } from './UndoControls';
import { type Callout, type PanelStatus, ScheduleView } from './ScheduleView';
import { LazyTraining } from './training/LazyTraining';
import { LazyLandscape } from './landscape/LazyLandscape';
import type { LandscapePanel } from './landscape/LandscapeView';
import { callRunsPython } from './pythonPanels';
import { ResultsTabs } from './ResultsTabs';

const letterOf = (index: number) => PANEL_NAMES[index] ?? String(index + 1);
const FRAMEWORK_NAME = { torch: 'PyTorch', keras: 'Keras', playground: 'playground', transformers: 'Hugging Face' } as const;

/** Where a PyTorch panel and a Keras panel of the same kind of schedule part, and why. */
function frameworkCallouts(
  panels: readonly Panel[],
  outcomes: readonly PanelOutcome[],
  horizon: { epochs: number; stepsPerEpoch: number },
): Callout[] {
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
      const where = align.unit === 'step' ? `step ${at} (epoch ${Math.floor(at / align.stepsPerEpoch)})` : `epoch ${at}`;
      out.push({
        id: `${i}-${j}`,
        text:
          at < 0 ? `${who} give the same curve over this horizon, but can differ: ${reason}` : `${who} diverge at ${where}. Why: ${reason}`,
      });
    }
  }
  return out;
}

interface AppProps {
  options: PageOptions;
  /** What the opened link could not restore, shown once as a notice. */
  linkWarnings?: readonly string[];
}

type Sharing = { kind: 'link' | 'embed' | 'PyTorch' | 'Keras'; text: string } | undefined;

const SHARE_TEXT = {
  link: { title: 'Link to this view', label: 'Link' },
  embed: { title: 'Embed this playground', label: 'Embed code (an iframe that sizes itself)' },
  PyTorch: { title: 'PyTorch code', label: 'A runnable PyTorch snippet for this schedule' },
  Keras: { title: 'Keras code', label: 'A runnable Keras snippet for this schedule' },
} as const;

export function App({ options, linkWarnings = [] }: AppProps) {
  const store = usePlaygroundStoreApi();
  const theme = usePlaygroundStore((s) => s.view.theme);
  const setView = usePlaygroundStore((s) => s.setView);
  const [warnings, setWarnings] = useState(linkWarnings);
  const [sharing, setSharing] = useState<Sharing>();
  const [status, setStatus] = useState('');
  /** Set while the state is too large for a link (kept for this tab instead): why Share is unavailable. */
  const linkNotice = usePermalinkSync(store, options);
  usePostHeight(options.embed);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  /** decodePermalink refuses links over MAX_LINK_BYTES whole, so never hand one out. */
  const tooLong = (link: string) => {
    const bytes = new TextEncoder().encode(new URL(link).search).length;
    if (bytes <= MAX_LINK_BYTES) return false;
    setStatus(
      `This view does not fit in a link (${bytes.toLocaleString('en-US')} bytes; the limit is ${MAX_LINK_BYTES.toLocaleString('en-US')}): shorten the Python functions or remove a schedule.`,
    );
    return true;
  };

  const copyLink = async () => {
    const link = permalinkFor(store, options, false);
    if (tooLong(link)) return;
    try {
      await navigator.clipboard.writeText(link);
      setStatus('Link copied.');
    } catch {
      setSharing({ kind: 'link', text: link });
    }
  };
  const copyEmbed = () => {
    const first = store.getState().panels[0];
    const title = `LR Playground: ${first ? first.name : 'learning-rate schedule'}`;
    const url = permalinkFor(store, options, true);
    if (tooLong(url)) return;
    const code = embedSnippet(url, title);
    setSharing({ kind: 'embed', text: code });
    navigator.clipboard?.writeText(code).catch(() => {});
  };

  const exportCode = async (kind: 'PyTorch' | 'Keras', call: FrameworkCall) => {
    const { horizon } = store.getState();
    const { toKerasCode, toPyTorchCode } = await import('../schedules/code');
    const code = kind === 'PyTorch' ? toPyTorchCode(call, horizon) : toKerasCode(call, horizon);
    setSharing({ kind, text: code });
    navigator.clipboard?.writeText(code).catch(() => {});
  };

  const body = <Playground options={options} onExport={exportCode} />;
  return (
    <PageOptionsContext.Provider value={options}>
      {options.embed ? (
        <main className="app embed">
          <h1 className="visually-hidden">LR Playground: learning-rate schedule</h1>
          {body}
          <p className="open-full">
            <a href={permalinkFor(store, options, false)} target="_blank" rel="noopener">
              Open in LR Playground
            </a>
          </p>
        </main>
      ) : (
        <div className="app">
          <header className="app-header">
            <div>
              <h1>LR Playground</h1>
              <p className="tagline">Move a slider, watch the learning-rate schedule: exactly what PyTorch and Keras do.</p>
            </div>
            <nav className="app-toolbar" aria-label="Playground">
              {options.hidden.has('presets') ? null : <PresetsMenu onApplied={(p) => setStatus(p.note ? `${p.label}: ${p.note}` : '')} />}
              <UndoControls />
              <AddScheduleButton />
              <DownloadCsvButton />
              <button type="button" className="secondary" onClick={copyLink}>
                Copy link
              </button>
              <button type="button" className="secondary" onClick={copyEmbed}>
                Copy embed code
              </button>
              <label className="inline-select">
                Theme
                <select value={theme} onChange={(e) => setView({ theme: e.target.value as 'system' | 'light' | 'dark' })}>
                  <option value="system">System</option>
                  <option value="light">Light</option>
                  <option value="dark">Dark</option>
                </select>
              </label>
            </nav>
          </header>
          <main>
            {warnings.length > 0 ? (
              <div className="link-warnings" role="alert">
                <p>
                  <strong>This link could not be restored completely</strong>; the rest was loaded.
                </p>
                <ul>
                  {warnings.slice(0, 8).map((w) => (
                    <li key={w}>{w}</li>
                  ))}
                  {warnings.length > 8 ? <li>… and {warnings.length - 8} more.</li> : null}
                </ul>
                <button type="button" className="secondary small" onClick={() => setWarnings([])}>
                  Dismiss
                </button>
              </div>
            ) : null}
            {status ? (
              <div className="preset-note" role="status">
                <p>{status}</p>
                <button type="button" className="secondary small" onClick={() => setStatus('')}>
                  Dismiss
                </button>
              </div>
            ) : null}
            {linkNotice ? (
              <div className="preset-note link-notice" role="status">
                <p>{linkNotice}</p>
              </div>
            ) : null}
            <UndoNotice />
            <HorizonBar />
            {body}
          </main>
          <ShareDialog
            open={sharing !== undefined}
            title={SHARE_TEXT[sharing?.kind ?? 'link'].title}
            label={SHARE_TEXT[sharing?.kind ?? 'link'].label}
            text={sharing?.text ?? ''}
            onClose={() => setSharing(undefined)}
          />
        </div>
      )}
    </PageOptionsContext.Provider>
  );
}

function AddScheduleButton() {
  const count = usePlaygroundStore((s) => s.panels.length);
  const addPanel = usePlaygroundStore((s) => s.addPanel);
  const store = usePlaygroundStoreApi();
  const announce = useHistory((h) => h.announce);
  const add = () => {
    if (!addPanel()) return;
    const panels = store.getState().panels;
    const added = panels[panels.length - 1];
    if (added) announce(`Added schedule ${letterOf(panels.length - 1)}: ${added.name}, with its default settings.`);
  };
  return (
    <button type="button" className="secondary" onClick={add} disabled={count >= MAX_PANELS}>
      Add schedule
    </button>
  );
}

function DownloadCsvButton() {
  const store = usePlaygroundStoreApi();
  const download = async () => {
    const { panels, horizon, metric } = store.getState();
    // A Python panel's curve may still be in the sampling worker: wait for it rather than export a gap.
    const outcomes = await Promise.all(panels.map((panel, i) => settledPanelOutcome(i, panel, horizon, metric)));
    const series = outcomes.map((o, i) => (o.ok ? { name: letterOf(i), ...o.samples } : null));
    downloadText(buildCsv(series, horizon), 'lr-schedules.csv');
  };
  return (
    <button type="button" className="secondary" onClick={() => void download()}>
      Download CSV
    </button>
  );
}

interface LastGood {
  family: string;
  samples: PanelSamples;
  label: string;
}

const familyOf = (panel: Panel) => `${panel.framework}.${panel.name}`;

function labelOf(index: number, panel: Panel): string {
  const spec = findFamily(panel.framework, panel.name);
  return seriesLabel(letterOf(index), panel, spec ? defaultArgs(spec) : {});
}

/** The panels and the chart: the whole page in an embed, the main area of the full app. */
function Playground({
  options,
  onExport,
}: {
  options: PageOptions;
  onExport(kind: 'PyTorch' | 'Keras', call: FrameworkCall): Promise<void>;
}) {
  const panels = usePlaygroundStore((s) => s.panels);
  const horizon = usePlaygroundStore((s) => s.horizon);
  const metric = usePlaygroundStore((s) => s.metric);
  // Panels that run Python are sampled in a worker (pythonSampler.ts); its results re-render the page.
  const [samplerVersion, setSamplerVersion] = useState(0);
  useEffect(() => pythonSampler().subscribe(() => setSamplerVersion((v) => v + 1)), []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: samplerVersion changes when a curve arrives from the worker
  const outcomes = useMemo(
    () => panels.map((panel, i) => livePanelOutcome(i, panel, horizon, metric)),
    [panels, horizon, metric, samplerVersion],
  );

  // While a panel's settings are invalid its last good curve stays on the chart, dimmed, but only a curve of
  // the same family: another family's curve is not "the last valid one" of this panel.
  const [lastGood, setLastGood] = useState<readonly (LastGood | undefined)[]>([]);
  const shown = outcomes.map((outcome, i): LastGood | undefined => {
    const family = familyOf(panels[i] as Panel);
    if (outcome.ok)
      return lastGood[i]?.samples === outcome.samples
        ? lastGood[i]
        : { family, samples: outcome.samples, label: labelOf(i, panels[i] as Panel) };
    const previous = lastGood[i];
    return previous?.family === family ? previous : undefined;
  });
  if (shown.length !== lastGood.length || shown.some((entry, i) => entry !== lastGood[i])) setLastGood(shown);

  const routed = useMemo(
    () =>
      panels.map((panel, i) => {
        const outcome = outcomes[i];
        if (!outcome || outcome.ok || outcome.pending) return { claimed: undefined, unclaimed: undefined };
        const message = describeError(outcome.error);
        const path = claimingControl(outcome.error.path, controlPaths(panel, findFamily(panel.framework, panel.name)));
        const { line, column } = outcome.error;
        return path ? { claimed: { path, message, line, column }, unclaimed: undefined } : { claimed: undefined, unclaimed: message };
      }),
    [panels, outcomes],
  );

  const series = useMemo<ChartSeries[]>(
    () =>
      lastGood.flatMap((entry, i) =>
        entry
          ? [{ key: letterOf(i), label: entry.label, color: paletteOf(i).color, samples: entry.samples, stale: outcomes[i]?.ok === false }]
          : [],
      ),
    [lastGood, outcomes],
  );
  const callouts = useMemo(() => frameworkCallouts(panels, outcomes, horizon), [panels, outcomes, horizon]);
  const statuses: PanelStatus[] = routed.map((r, i) => {
    const outcome = outcomes[i];
    return {
      letter: letterOf(i),
      unclaimedError: r.unclaimed,
      hasClaimedError: r.claimed !== undefined,
      pending: outcome !== undefined && !outcome.ok && outcome.pending === true,
    };
  });
  const needsMetric = outcomes.some((o) => (o.ok ? o.samples.needsMetric : o.schedule?.needsMetric));
  const planned = useMemo(() => outcomes.map((o) => (o.ok ? o.samples : undefined)), [outcomes]);

  const tab = usePlaygroundStore((s) => s.view.tab);
  // A Python panel's path reads the curve the sampling worker computed (the page runs no Python): the same LRs.
  const landscapePanels = useMemo<LandscapePanel[]>(
    () =>
      panels.map((panel, i) => {
        const entry: LandscapePanel = { letter: letterOf(i), label: labelOf(i, panel), color: paletteOf(i).color, panel };
        const outcome = outcomes[i];
        if (outcome && !outcome.ok) {
          entry.unavailable = outcome.pending
            ? 'its Python function is being sampled; its path follows.'
            : 'has an invalid setting (see its controls); no path until it is fixed.';
        } else if (outcome?.ok && callRunsPython(panel)) {
          const { samples } = outcome;
          if (samples.needsMetric)
            entry.unavailable = 'runs a Python function and needs the loss, which only the page’s path could give it.';
          else entry.sampled = { kind: 'sampled', tick: samples.tick, lr: samples.lr, momentum: samples.momentum };
        }
        return entry;
      }),
    [panels, outcomes],
  );

  const showControls = !options.hidden.has('controls');
  const workspace = (
    <div className={showControls ? 'workspace' : 'workspace chart-only'}>
      {showControls ? (
        <div className="panels">
          {options.embed ? null : (
            <ErrorBoundary part="The paste box">
              <PastePanel />
            </ErrorBoundary>
          )}
          {panels.map((panel, i) => (
            // Panels are positional ("Schedule A" is the first), so the index is their identity.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <ErrorBoundary key={i} part={`Schedule ${letterOf(i)}`} resetKey={panel}>
              <SchedulePanel
                panelIndex={i}
                letter={letterOf(i)}
                color={paletteOf(i).color}
                ink={paletteOf(i).ink}
                panel={panel}
                panelCount={panels.length}
                formula={outcomes[i]?.schedule ? <LazyFormula call={outcomes[i].schedule.call} /> : undefined}
                onExport={(kind) => {
                  const schedule = outcomes[i]?.schedule;
                  if (schedule) void onExport(kind, schedule.call);
                }}
                claimedError={routed[i]?.claimed}
              />
            </ErrorBoundary>
          ))}
        </div>
      ) : null}
      <div className="results">
        <ResultsTabs hidden={options.hidden.has('tabs')}>
          {tab === 'landscape' ? (
            <LazyLandscape panels={landscapePanels} />
          ) : (
            <ScheduleView
              series={series}
              statuses={statuses}
              callouts={callouts}
              exampleLoss={needsMetric ? <ExampleLoss editable={!options.embed && showControls} /> : undefined}
            />
          )}
        </ResultsTabs>
      </div>
    </div>
  );
  // Training goes under the workspace, not in its grid: the chart column is sticky within the workspace.
  return (
    <>
      {workspace}
      {options.hidden.has('train') ? null : <LazyTraining planned={planned} />}
    </>
  );
}
