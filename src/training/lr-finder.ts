/**
 * `lrRangeTest`: the LR range test (Smith 2015; fastai's `lr_find`, torch-lr-finder's `LRFinder.range_test`) on a
 * training config's model, optimizer (its framework's update rule), data and batches. lr-range.ts has each
 * library's sweep, smoothing, stop rule and suggestions; this runs the steps.
 *
 * Step i: the optimizer's LR is set to lrAt(i) (momentum / β1 stay as configured: neither library schedules them),
 * the batch's loss is taken at the weights before the update (what both libraries record), then the update runs.
 * Batches are the run's own: epoch 0's batch order, then epoch 1's, ... (data/split.ts's batchOrder for the seed),
 * the last, smaller batch of each epoch included, as a DataLoader with drop_last=False gives them.
 *
 * The test starts from the seed's initial weights in an engine of its own and disposes it at the end, so nothing
 * of it reaches a run: the model and optimizer a later `train` builds are the ones it would have built without the
 * test (torch-lr-finder's reset() and fastai's reload of its saved state give the same guarantee).
 */
import { validateConfig } from './config';
import { batchOrder } from './data/split';
import {
  createSmoother,
  DIVERGE_FACTOR,
  type LrRangeEnd,
  type LrRangeTest,
  type LrRangeTestOptions,
  lrAt,
  resolveLrRangeOptions,
  suggestionsOf,
} from './lr-range';
import { fail, ok, type Result } from './result';
import { now, openEngine, type TrainOptions, yieldToEventLoop } from './train';
import type { TrainingConfig } from './types';

export * from './lr-range';

/** The test's run options: as train's, for the backend and the data, plus a step callback. */
export interface LrRangeTestRun extends Pick<TrainOptions, 'backend' | 'onBackend' | 'allowFallbackAdapter' | 'datasetSource'> {
  /** Aborting ends the test after the current step; what ran so far comes back with `end: 'stopped'`. */
  signal?: AbortSignal;
  /** After every step: its index, the LR it used and its smoothed loss. */
  onStep?: (i: number, lr: number, loss: number) => void;
}

const YIELD_INTERVAL_MS = 10;

/** Never throws: bad settings or options, a backend or dataset that fails, all come back as `{ ok: false }`. */
export async function lrRangeTest(
  rawConfig: TrainingConfig,
  rawOptions: LrRangeTestOptions = {},
  run: LrRangeTestRun = {},
): Promise<Result<LrRangeTest>> {
  try {
    return await rangeTest(rawConfig, rawOptions, run);
  } catch (err) {
    return fail({ message: `The LR range test failed: ${err instanceof Error ? err.message : String(err)}` });
  }
}

async function rangeTest(rawConfig: TrainingConfig, rawOptions: LrRangeTestOptions, run: LrRangeTestRun): Promise<Result<LrRangeTest>> {
  const checkedOptions = resolveLrRangeOptions(rawOptions);
  if (!checkedOptions.ok) return fail({ ...checkedOptions.error, path: `options.${checkedOptions.error.path}`.replace(/\.$/, '') });
  const options = checkedOptions.value;
  const checked = validateConfig(rawConfig);
  if (!checked.ok) return checked;
  const config = checked.value;

  const opened = await openEngine(config, run);
  if (!opened.ok) return opened;
  const { engine, backend, loaded, hashes } = opened.value;
  const trainCount = loaded.train.y.length;
  const lrs: number[] = [];
  const losses: number[] = [];
  const rawLosses: number[] = [];
  const smooth = createSmoother(options.convention);
  const factor = DIVERGE_FACTOR[options.convention];
  let best = Number.POSITIVE_INFINITY;
  let end: LrRangeEnd = 'completed';
  let lastYield = now();
  try {
    let epoch = 0;
    let batches = batchOrder(config.seed, epoch, trainCount, config.batchSize);
    let b = 0;
    for (let i = 0; i < options.numIter; i++) {
      if (run.signal?.aborted) {
        end = 'stopped';
        break;
      }
      if (now() - lastYield >= YIELD_INTERVAL_MS) {
        await yieldToEventLoop();
        lastYield = now();
        if (run.signal?.aborted) {
          end = 'stopped';
          break;
        }
      }
      if (b + 1 >= batches.boundaries.length) {
        epoch += 1;
        batches = batchOrder(config.seed, epoch, trainCount, config.batchSize);
        b = 0;
      }
      engine.setHyper({ lr: lrAt(i, options) });
      const lr = engine.learningRate;
      const { loss: raw } = await engine.trainStep(batches.order.subarray(batches.boundaries[b], batches.boundaries[b + 1]));
      b += 1;
      const loss = smooth(raw);
      lrs.push(lr);
      rawLosses.push(raw);
      losses.push(loss);
      run.onStep?.(i, lr, loss);
      if (!Number.isFinite(raw) || !Number.isFinite(loss)) {
        end = 'non-finite';
        break;
      }
      if (loss < best) best = loss;
      if (loss > factor * best) {
        end = 'diverged';
        break;
      }
    }
  } finally {
    engine.dispose();
  }
  const { suggestions, markers } = suggestionsOf(lrs, losses, options);
  return ok({ lrs, losses, rawLosses, suggestions, markers, options, end, backend, initialWeightsHash: hashes.initialWeightsHash });
}
