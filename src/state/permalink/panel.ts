/**
 * One panel from the link: its family, each argument through its checks (float64 range and JSON nesting on the
 * text, then its valibot schema), its optimizer and stepEvery; then the engine checks the panel as a whole.
 */
import * as v from 'valibot';
import {
  defaultArgs,
  type FamilySpec,
  families,
  FRAMEWORKS,
  findFamily,
  fromFramework,
  type ParamSpec,
  type StepEvery,
} from '../../schedules';
import { DEFAULT_OPTIMIZER, defaultPanel, type Panel, type PanelOptimizer, panelCall } from '../store';
import { MAX_JSON_DEPTH } from './limits';
import { describeIssues, FLOAT_RANGE, familyLabel, listText, show, TOO_DEEP, type Warnings } from './messages';
import { replacedFamily } from './migrate';
import type { Query } from './query';
import { argSchema, stepEverySchema } from './schemas';
import { OPTIMIZER_FIELDS, type OptimizerField, setOptimizerField } from './table';
import { argCandidate, argText, BAD_JSON, isJsonText, outOfFloatRange, plainLiterals, scanJson } from './values';

function findFamilyByText(text: string): FamilySpec | undefined {
  const dot = text.indexOf('.');
  if (dot < 0) {
    // A bare class name, as people type it, where only one framework has it.
    const matches = families.filter((f) => f.name === text);
    return matches.length === 1 ? matches[0] : undefined;
  }
  const framework = FRAMEWORKS.find((f) => f === text.slice(0, dot));
  return framework ? findFamily(framework, text.slice(dot + 1)) : undefined;
}

function defaultText(param: ParamSpec, spec: FamilySpec): string {
  const text = argText(param, defaultArgs(spec)[param.name]);
  return text.length > 40 ? 'its default' : `the default ${text}`;
}

const isNested = (param: ParamSpec) => param.kind === 'schedule' || param.kind === 'schedules';

/**
 * Why the text of `A.<name>=` is refused before it is parsed, or undefined: a number float64 cannot hold (which
 * would silently become 0, Infinity or a denormal), or JSON nested deeper than any valid value.
 */
function textProblem(param: ParamSpec, raw: string): string | undefined {
  if (isJsonText(param, raw)) {
    const problem = scanJson(raw);
    if (problem?.kind === 'depth') {
      return isNested(param) ? `${param.name}: ${TOO_DEEP}` : `${param.name} is nested more than ${MAX_JSON_DEPTH} brackets deep`;
    }
    if (problem?.kind === 'range') return `${param.name} holds the number ${show(problem.literal)}, which ${FLOAT_RANGE}`;
    return undefined;
  }
  const literals = plainLiterals(param, raw);
  const at = literals.findIndex(outOfFloatRange);
  if (at < 0) return undefined;
  const where = param.kind === 'numberList' ? `${param.name}[${at}]` : param.name;
  return `${where} ${FLOAT_RANGE} (got ${show(literals[at] ?? raw)})`;
}

/** One argument's value from its link text, or undefined (with a warning) where it is refused. */
function readArg(spec: FamilySpec, param: ParamSpec, raw: string, where: string, warnings: Warnings): { value: unknown } | undefined {
  const refuse = (why: string) => {
    warnings.add(`${where}: ${why}; ${defaultText(param, spec)} is used.`);
    return undefined;
  };
  const problem = textProblem(param, raw);
  if (problem) return refuse(problem);
  const candidate = argCandidate(param, raw);
  if (candidate === BAD_JSON) return refuse(`${param.name} is not valid JSON (got ${show(raw)})`);
  const result = v.safeParse(argSchema(spec, param), candidate);
  if (!result.success) {
    const got = isNested(param) ? '' : ` (got ${show(raw)})`;
    return refuse(`${describeIssues(result.issues, param.name)}${got}`);
  }
  return { value: result.output };
}

export function readPanel(letter: string, query: Query, warnings: Warnings): Panel | undefined {
  const linkedText = query.take(letter);
  if (linkedText === undefined) return undefined;
  const familyText = replacedFamily(letter, linkedText, query, warnings);
  const spec = findFamilyByText(familyText);
  if (!spec) {
    query.takeRest(`${letter}.`);
    warnings.add(`Schedule ${letter}: unknown schedule ${show(familyText)} (expected e.g. torch.StepLR); that panel was left out.`);
    return undefined;
  }
  const where = `Schedule ${letter} (${familyLabel(spec)})`;
  const args = defaultArgs(spec);
  const given = new Set<string>();
  for (const param of spec.params) {
    const raw = query.take(`${letter}.${param.name}`);
    if (raw === undefined) continue;
    const read = readArg(spec, param, raw, where, warnings);
    if (!read) continue;
    args[param.name] = read.value;
    given.add(param.name);
  }
  const unset = query.take(`${letter}.unset`);
  if (unset !== undefined) {
    for (const name of unset.split(',')) {
      if (name === '') continue;
      const param = spec.params.find((p) => p.name === name);
      if (!param) warnings.add(`${where}: has no argument ${show(name)} to leave out; ignored.`);
      else if (!given.has(param.name)) {
        delete args[param.name];
        given.add(param.name);
      }
    }
  }

  const optimizer: PanelOptimizer = { ...DEFAULT_OPTIMIZER };
  const givenOptimizer = new Set<OptimizerField>();
  for (const f of OPTIMIZER_FIELDS) {
    const raw = query.take(`${letter}.${f.key}`);
    if (raw === undefined) continue;
    const result = v.safeParse(f.schema, raw);
    if (!result.success) {
      warnings.add(
        `${where}: ${describeIssues(result.issues, f.key)} (got ${show(raw)}); the default ${f.text(DEFAULT_OPTIMIZER[f.field])} is used.`,
      );
      continue;
    }
    setOptimizerField(optimizer, f.field, result.output);
    givenOptimizer.add(f);
  }
  let stepEvery: StepEvery | undefined;
  const stepText = query.take(`${letter}.stepEvery`);
  if (stepText !== undefined) {
    const result = v.safeParse(stepEverySchema, stepText);
    if (result.success) stepEvery = result.output;
    else
      warnings.add(
        `${where}: ${describeIssues(result.issues, 'stepEvery')} (got ${show(stepText)}); the family's own (step() every ${spec.tick === 'step' ? 'batch' : 'epoch'}) is used.`,
      );
  }
  const unknown = query.takeRest(`${letter}.`).map((key) => key.slice(letter.length + 1));
  if (unknown.length > 0) warnings.add(`${where} has no argument ${listText(unknown)}; ignored.`);

  const panel: Panel = { framework: spec.framework, name: spec.name, args, optimizer, ...(stepEvery !== undefined ? { stepEvery } : {}) };
  return settle(panel, spec, where, given, givenOptimizer, warnings);
}

/**
 * Lets the engine check the panel as a whole (arguments that depend on each other, Python syntax, the
 * optimizer) and resets what it refuses: the argument its error names where the link gave it, else every
 * argument the link gave; then the optimizer; then the family's default panel. Returns undefined only if even
 * that is refused (a broken family, never a link's fault).
 */
function settle(
  panel: Panel,
  spec: FamilySpec,
  where: string,
  given: Set<string>,
  givenOptimizer: Set<OptimizerField>,
  warnings: Warnings,
): Panel | undefined {
  const defaults = defaultArgs(spec);
  const resetArg = (name: string) => {
    if (Object.hasOwn(defaults, name)) panel.args[name] = defaults[name];
    given.delete(name);
  };
  for (let attempt = 0; attempt <= spec.params.length + OPTIMIZER_FIELDS.length + 1; attempt++) {
    const result = fromFramework(panelCall(panel));
    if (result.ok) {
      // A stepEvery that is the family's own tick is the default: links leave it out.
      if (panel.stepEvery !== undefined && result.value.call.stepEvery === undefined) delete panel.stepEvery;
      return panel;
    }
    const { message, path = '' } = result.error;
    if (path === 'stepEvery' && panel.stepEvery !== undefined) {
      const refused = panel.stepEvery;
      delete panel.stepEvery;
      warnings.add(`${where}: stepEvery=${refused} was refused: ${message}; the family's own is used.`);
      continue;
    }
    const arg = /^args\.([A-Za-z_]\w*)/.exec(path)?.[1];
    const optimizerKey = /^optimizer\.(\w+)/.exec(path)?.[1];
    const param = spec.params.find((p) => p.name === arg);
    if (param && given.has(param.name)) {
      const value = panel.args[param.name];
      const was = value === undefined ? ' (left out)' : ` ${show(argText(param, value))}`;
      resetArg(param.name);
      warnings.add(`${where}: ${param.name}${was} was refused: ${message}; ${defaultText(param, spec)} is used.`);
    } else if (optimizerKey !== undefined && givenOptimizer.size > 0) {
      const field = optimizerKey === 'betas' || optimizerKey === 'momentum' ? 'momentum' : optimizerKey === 'kind' ? 'kind' : 'lr';
      const f = [...givenOptimizer].find((x) => x.field === field) ?? [...givenOptimizer][0];
      if (!f) break;
      setOptimizerField(panel.optimizer, f.field, DEFAULT_OPTIMIZER[f.field]);
      givenOptimizer.delete(f);
      warnings.add(`${where}: ${message}; the optimizer's ${f.key} was reset to the default ${f.text(DEFAULT_OPTIMIZER[f.field])}.`);
    } else if (given.size > 0) {
      const names = [...given];
      for (const name of names) resetArg(name);
      warnings.add(`${where}: ${message}; ${listText(names)} ${names.length === 1 ? 'was' : 'were'} reset to the defaults.`);
    } else break;
  }
  const fresh = defaultPanel(spec.name, spec.framework);
  if (fromFramework(panelCall(fresh)).ok) {
    warnings.add(`${where}: its settings could not be used together; the schedule's defaults are shown.`);
    return fresh;
  }
  warnings.add(`${where}: could not be built; that panel was left out.`);
  return undefined;
}
