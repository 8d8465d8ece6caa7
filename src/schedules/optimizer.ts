/** Validates the optimizer a scheduler wraps (torch's own messages where it has them). */
import { didYouMean } from './suggest';
import { fail, OPTIMIZER_KINDS, ok, type OptimizerKind, type OptimizerSpec, type Result } from './types';

export interface ResolvedOptimizer {
  kind: OptimizerKind;
  lr: number;
  momentum: number;
  betas: [number, number];
}

const KINDS = OPTIMIZER_KINDS;
const KEYS = ['kind', 'lr', 'learning_rate', 'momentum', 'betas'];

export function resolveOptimizer(raw: unknown, defaultLr: (kind: OptimizerKind) => number): Result<ResolvedOptimizer> {
  if (raw === undefined || raw === null) raw = {};
  if (typeof raw !== 'object' || Array.isArray(raw)) return fail({ message: 'optimizer must be an object', path: 'optimizer' });
  const spec = raw as Record<string, unknown>;
  for (const key of Object.keys(spec)) {
    if (!KEYS.includes(key)) {
      return fail({ message: `Unknown optimizer option '${key}'.${didYouMean(key, KEYS)}`, path: `optimizer.${key}` });
    }
  }
  const kind = spec.kind ?? 'SGD';
  if (typeof kind !== 'string' || !(KINDS as readonly string[]).includes(kind)) {
    const hint = typeof kind === 'string' ? didYouMean(kind, KINDS) : '';
    return fail({
      message: `optimizer.kind must be one of ${KINDS.map((k) => `'${k}'`).join(', ')}, got ${JSON.stringify(kind)}.${hint}`.replace(
        '..',
        '.',
      ),
      path: 'optimizer.kind',
    });
  }
  const k = kind as OptimizerKind;
  const { lr, learning_rate: learningRate } = spec as OptimizerSpec;
  for (const [name, value] of [
    ['lr', lr],
    ['learning_rate', learningRate],
  ] as const) {
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value))) {
      return fail({ message: `optimizer.${name} must be a finite number, got ${JSON.stringify(value)}`, path: `optimizer.${name}` });
    }
  }
  if (lr !== undefined && learningRate !== undefined && lr !== learningRate) {
    return fail({ message: 'optimizer.lr and optimizer.learning_rate are aliases but differ: give one', path: 'optimizer.lr' });
  }
  const rate = lr ?? learningRate ?? defaultLr(k);
  if (rate < 0) return fail({ message: `Invalid learning rate: ${rate}`, path: 'optimizer.lr' });

  const momentum = spec.momentum ?? 0;
  if (typeof momentum !== 'number' || !Number.isFinite(momentum) || momentum < 0) {
    return fail({ message: `Invalid momentum value: ${JSON.stringify(momentum)}`, path: 'optimizer.momentum' });
  }
  const betas = spec.betas ?? [0.9, 0.999];
  if (!Array.isArray(betas) || betas.length !== 2) {
    return fail({ message: 'optimizer.betas must be a pair of numbers, e.g. [0.9, 0.999]', path: 'optimizer.betas' });
  }
  for (let i = 0; i < 2; i++) {
    const b: unknown = betas[i];
    if (typeof b !== 'number' || !(b >= 0 && b < 1)) {
      return fail({ message: `Invalid beta parameter at index ${i}: ${JSON.stringify(b)}`, path: `optimizer.betas[${i}]` });
    }
  }
  return ok({ kind: k, lr: rate, momentum, betas: [betas[0] as number, betas[1] as number] });
}
