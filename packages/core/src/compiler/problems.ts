/** A problem found while compiling, located by document and field path (the loader turns it into a Diagnostic). */
export interface ConfigProblem {
  document: 'floe' | 'platform';
  path: (string | number)[];
  message: string;
  hint?: string;
}
