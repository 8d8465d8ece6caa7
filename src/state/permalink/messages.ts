/**
 * The sentences the codec says to the user: values shown short and on one line, valibot issues as phrases, the
 * size, nesting and range refusals, and the capped list of warnings.
 */
import type * as v from 'valibot';
import { MAX_LINK_BYTES, MAX_SCHEDULE_DEPTH, MAX_SESSION_BYTES, MAX_WARNINGS, MIN_NORMAL_FLOAT } from './limits';
import { LONE_SURROGATES, numberText } from './values';

/** A value for a message: short, on one line. */
export function show(text: string): string {
  const line = JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
  return line.replaceAll(LONE_SURROGATES, '\uFFFD');
}

export function listText(names: readonly string[], max = 8): string {
  const shown = names.slice(0, max).map(show).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

export function familyLabel(spec: { framework: string; name: string }): string {
  return `${spec.framework}.${spec.name}`;
}

const count = (n: number) => n.toLocaleString('en-US');

export const FLOAT_RANGE = `is outside the range a float64 can hold (0, or a magnitude from ${numberText(MIN_NORMAL_FLOAT)} to ${numberText(Number.MAX_VALUE)})`;
export const TOO_DEEP = `schedules nested more than ${MAX_SCHEDULE_DEPTH} deep are not supported`;

export function linkTooLong(bytes: number, maxBytes = MAX_LINK_BYTES): string {
  return `Link too long: ${count(bytes)} bytes, at most ${count(maxBytes)} are read. It was ignored and the default state is shown.`;
}

/** The notice for a state that is not written to the address bar, and whether this tab keeps it. */
export function tooLargeForLink(bytes: number, keptProblem?: string): string {
  const size = `This state is too large for a link (${count(bytes)} bytes; a link holds at most ${count(MAX_LINK_BYTES)})`;
  const fix = 'shorten the Python functions or remove a schedule to share it';
  if (keptProblem === undefined) {
    return `${size}; it is kept for this tab, so reloading it keeps your work, but Share is unavailable: ${fix}.`;
  }
  return `${size}, and it could not be kept for this tab (${keptProblem}): a reload shows the last state that fit. Share is unavailable: ${fix}.`;
}

export function sessionTooLarge(bytes: number): string {
  return `at most ${count(MAX_SESSION_BYTES)} bytes are kept, this state has ${count(bytes)}`;
}

/** The first issue of a failed parse as a phrase: 'schedulers[1].args.gamma must be > 0'. */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[], name: string): string {
  const issue = issues[0];
  if (!issue) return `${name} is not valid`;
  // Where it is too deep matters less than that it is: the path would repeat `.args.schedulers[0]` 7 times.
  if (issue.message === TOO_DEEP) return `${name}: ${TOO_DEEP}`;
  let path = name;
  const items = issue.path ?? [];
  // An unknown key's issue points at the key itself; the message names it, the path ends at its object.
  for (const item of issue.type === 'strict_object' ? items.slice(0, -1) : items) {
    const key: unknown = item.key;
    path += typeof key === 'number' ? `[${key}]` : `.${String(key)}`;
  }
  if (issue.type === 'strict_object' && typeof issue.input === 'string') return `${path} has no argument ${show(issue.input)}`;
  if (issue.type === 'variant') {
    // A variant's issue points at its discriminator ('name' or 'framework') where the value is an object.
    if (typeof issue.input === 'string') return `${path} is not a known schedule (got ${show(issue.input)})`;
    const last = items[items.length - 1]?.key;
    if (last === 'name' || last === 'framework') return `${path.slice(0, -(last.length + 1))} has no valid ${last}`;
  }
  return `${path} ${issue.message}`;
}

/** Warnings, at most MAX_WARNINGS of them listed; the rest are counted in one last line. */
export class Warnings {
  readonly list: string[] = [];
  private dropped = 0;
  add(text: string): void {
    if (this.list.length < MAX_WARNINGS) this.list.push(text);
    else this.dropped++;
  }
  done(): string[] {
    if (this.dropped > 0) this.list.push(`${this.dropped} more problems with the link were not listed.`);
    return this.list;
  }
}
