import { type Document, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument, visit } from 'yaml';
import type { Diagnostic } from './diagnostics.js';

/** A parsed YAML file that can map a field path back to a line and column. */
export interface YamlSource {
  file: string;
  value: unknown;
  /** Syntax errors (empty when the YAML parsed). */
  errors: Diagnostic[];
  locate(path: readonly PropertyKey[], options?: { key?: boolean }): { line: number; col: number };
}

export function parseYamlSource(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  const errors: Diagnostic[] = doc.errors.map((error) => {
    const pos = lineCounter.linePos(error.pos[0]);
    return {
      file,
      line: pos.line,
      col: pos.col,
      path: '',
      message: `YAML syntax error: ${firstLine(error.message)}`,
      hint: 'check indentation, quoting and that every key appears once',
    };
  });
  let value: unknown;
  if (errors.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
      // Unresolved aliases and alias bombs are only detected when converting.
      const pos = lineCounter.linePos(firstAliasOffset(doc) ?? 0);
      errors.push({
        file,
        line: pos.line,
        col: pos.col,
        path: '',
        message: `YAML error: ${firstLine(error instanceof Error ? error.message : String(error))}`,
        hint: 'define each anchor (&name) before its alias (*name) and avoid deeply nested aliases',
      });
    }
  }

  const locate = (path: readonly PropertyKey[], options: { key?: boolean } = {}) => {
    let node: unknown = doc.contents;
    let offset = rangeStart(node) ?? 0;
    for (let i = 0; i < path.length; i++) {
      const segment = path[i];
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find(
          (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment),
        );
        if (!pair) break;
        const keyStart = rangeStart(pair.key);
        const valueStart = rangeStart(pair.value);
        if (last && options.key && keyStart !== undefined) {
          offset = keyStart;
          break;
        }
        offset = valueStart ?? keyStart ?? offset;
        node = pair.value;
      } else if (isSeq(node)) {
        const item = node.items[Number(segment)];
        if (item === undefined) break;
        offset = rangeStart(item) ?? offset;
        node = item;
      } else {
        break;
      }
    }
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, col: pos.col };
  };
  return { file, value, errors, locate };
}

function firstAliasOffset(doc: Document): number | undefined {
  let offset: number | undefined;
  visit(doc, {
    Alias(_key, node) {
      if (node.resolve(doc) === undefined || offset === undefined) offset = node.range?.[0] ?? offset;
      if (node.resolve(doc) === undefined) return visit.BREAK;
      return undefined;
    },
  });
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
