/**
 * The import graph of a module, read from the sources (tests only): which files it reaches and which packages it
 * names, type-only imports included. The purity tests use it to keep tfjs and the training runner out of the
 * modules the page loads.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

function resolve(from: string, specifier: string): string {
  const base = join(dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) {
    try {
      readFileSync(candidate);
      return candidate;
    } catch {
      // try the next
    }
  }
  throw new Error(`cannot resolve ${specifier} from ${from}`);
}

/** Every file reachable from `entries` (absolute paths), and every bare (package) specifier met on the way. */
export function importGraph(...entries: string[]): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = [...entries];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (files.has(file)) continue;
    files.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'|(?:^|\n)\s*import\s+'([^']+)'/g)) {
      const specifier = (match[1] ?? match[2]) as string;
      if (specifier.startsWith('.')) pending.push(resolve(file, specifier));
      else packages.add(specifier);
    }
  }
  return { files, packages };
}
