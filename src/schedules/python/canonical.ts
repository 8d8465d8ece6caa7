/**
 * The function as exports write it (python/unparse.ts), in a module of its own so that only the code reader's
 * lazily loaded chunk carries the printer, not the page's first bundle.
 */
import { fail, ok, type Result } from '../types';
import { compileFunction } from './index';
import { UnparseError, unparseModule } from './unparse';

/**
 * The function as the playground writes it into exported scripts: regenerated from the tree the interpreter
 * checked (unparse.ts), never the user's text, so annotations, decorators, comments and anything else the
 * interpreter did not evaluate are gone. Fails where the interpreter would refuse the function, or where a name
 * cannot be exported (a dunder, a name that shadows a module the export imports).
 */
export function canonicalPython(source: string): Result<string> {
  const compiled = compileFunction(source);
  if (!compiled.ok) return compiled;
  try {
    return ok(unparseModule(compiled.value.module));
  } catch (e) {
    if (e instanceof UnparseError) return fail({ message: `This function cannot be exported: ${e.message}.`, line: 1, column: 1 });
    const detail = e instanceof Error ? e.message : String(e);
    return fail({ message: `RuntimeError: internal error of the Python printer (${detail})`, line: 1, column: 1 });
  }
}
