import { type FamilySpec, findFamily, type ParamSpec, type ScheduleError } from '../schedules';
import type { ArgPath, Panel } from '../state/store';

/** Formats a path the way the engine's ScheduleError.path does: 'args.schedulers[1].args.gamma'. */
export function formatPath(path: ArgPath): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out === '' ? key : `.${key}`;
  return out;
}

export const FAMILY_PICKER_PATH = 'name';
export const LR_PATH = 'optimizer.lr';
export const MOMENTUM_PATH = 'optimizer.momentum';

export const showsInitialLr = (family: FamilySpec) => family.usesOptimizerLr;
export const showsMomentum = (family: FamilySpec, panel: Panel) => family.canCycleMomentum || panel.optimizer.kind === 'SGD';

function paramPaths(params: readonly ParamSpec[], args: unknown, prefix: ArgPath, out: string[]) {
  for (const param of params) {
    const path = [...prefix, param.name];
    out.push(formatPath(path));
    if (param.kind === 'schedule') {
      // Warmup's wrapped schedule: its picker, then its own controls.
      const inner = (args as Record<string, unknown> | undefined)?.[param.name] as
        | { framework?: unknown; name?: unknown; args?: unknown }
        | undefined;
      out.push(formatPath([...path, 'name']));
      const fw = inner?.framework;
      const spec =
        (fw === 'torch' || fw === 'keras' || fw === 'playground' || fw === 'transformers') && typeof inner?.name === 'string'
          ? findFamily(fw, inner.name)
          : undefined;
      if (spec) paramPaths(spec.params, inner?.args, [...path, 'args'], out);
      continue;
    }
    if (param.kind !== 'schedules') continue;
    const children = (args as Record<string, unknown> | undefined)?.[param.name];
    if (!Array.isArray(children)) continue;
    children.forEach((child: { name?: unknown; args?: unknown } | undefined, index) => {
      out.push(formatPath([...path, index]));
      const spec = typeof child?.name === 'string' ? findFamily('torch', child.name) : undefined;
      if (spec) paramPaths(spec.params, child?.args, [...path, index, 'args'], out);
    });
  }
}

/** The error paths of every control the panel shows. */
export function controlPaths(panel: Panel, family: FamilySpec | undefined): string[] {
  const out = [FAMILY_PICKER_PATH];
  if (!family) return out;
  if (showsInitialLr(family)) out.push(LR_PATH);
  if (showsMomentum(family, panel)) out.push(MOMENTUM_PATH, 'optimizer.betas');
  // The "step() every" control (torch panels).
  if (panel.framework === 'torch') out.push('stepEvery');
  paramPaths(family.params, panel.args, ['args'], out);
  return out;
}

const within = (errorPath: string, controlPath: string) =>
  errorPath === controlPath || errorPath.startsWith(`${controlPath}.`) || errorPath.startsWith(`${controlPath}[`);

/** The most specific shown control an error names, or undefined when it must be shown above the chart. */
export function claimingControl(errorPath: string | undefined, paths: readonly string[]): string | undefined {
  if (!errorPath) return undefined;
  let best: string | undefined;
  for (const path of paths) if (within(errorPath, path) && (!best || path.length > best.length)) best = path;
  return best;
}

/** The message with where it happened: the Python source position or the tick. */
export function describeError(error: ScheduleError): string {
  const where: string[] = [];
  if (error.line !== undefined) where.push(`line ${error.line}${error.column !== undefined ? `, column ${error.column}` : ''}`);
  if (error.tick !== undefined) where.push(`at tick ${error.tick}`);
  return where.length > 0 ? `${error.message} (${where.join(', ')})` : error.message;
}
