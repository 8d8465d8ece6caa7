/**
 * Samples panels that run a user's Python function, off the page's thread (pythonSampler.ts posts the jobs and
 * terminates this worker when one overruns). The engine is pure TypeScript: the same computeOutcome as the page.
 */
import { computeOutcome } from './outcome';
import type { SamplingJob, SamplingReply } from './samplingProtocol';

self.onmessage = (event: MessageEvent<SamplingJob>) => {
  const job = event.data;
  const outcome = computeOutcome(job.panel, job.horizon, job.metric);
  let reply: SamplingReply;
  if (outcome.ok) {
    const lr = Float64Array.from(outcome.samples.lr);
    const momentum = outcome.samples.momentum ? Float64Array.from(outcome.samples.momentum) : undefined;
    reply = {
      id: job.id,
      ok: true,
      tick: outcome.samples.tick,
      needsMetric: outcome.samples.needsMetric,
      lr,
      ...(momentum ? { momentum } : {}),
    };
    (self as unknown as Worker).postMessage(reply, momentum ? [lr.buffer, momentum.buffer] : [lr.buffer]);
  } else {
    reply = { id: job.id, ok: false, error: outcome.error };
    (self as unknown as Worker).postMessage(reply);
  }
};
