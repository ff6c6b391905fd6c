import type { SqlParams } from '../ports/database';
import { segmentSql } from './sql-lexer';

/**
 * Named parameters (`:name`) are the port's SQL dialect; pg wants `$1…`, the Data API wants `:name` with
 * a typed value for each. Only code counts: `:x` inside a string, quoted identifier, dollar-quoted body or
 * comment is text, and `::type` is the cast operator.
 */
export class MissingSqlParameterError extends Error {
  constructor(readonly parameter: string) {
    super(`SQL parameter :${parameter} has no value (the params object has no key "${parameter}")`);
    this.name = 'MissingSqlParameterError';
  }
}

const namePattern = /[A-Za-z_][A-Za-z0-9_]*/y;

interface Occurrence {
  name: string;
  /** Index of the colon. */
  start: number;
  /** Exclusive end of the name. */
  end: number;
}

function occurrences(sql: string): Occurrence[] {
  const found: Occurrence[] = [];
  for (const segment of segmentSql(sql)) {
    if (segment.kind !== 'code') continue;
    let i = segment.start;
    while (i < segment.end) {
      if (sql[i] !== ':') {
        i += 1;
        continue;
      }
      if (sql[i + 1] === ':') {
        // The cast operator, possibly longer runs of colons; none of them opens a name.
        while (sql[i] === ':') i += 1;
        continue;
      }
      namePattern.lastIndex = i + 1;
      const match = namePattern.exec(sql);
      if (match && i + 1 + match[0].length <= segment.end) {
        found.push({ name: match[0], start: i, end: i + 1 + match[0].length });
        i += 1 + match[0].length;
      } else {
        i += 1;
      }
    }
  }
  return found;
}

/** The distinct parameter names the SQL uses, in order of first use. */
export function namedParametersIn(sql: string): string[] {
  return [...new Set(occurrences(sql).map((o) => o.name))];
}

/** Throws MissingSqlParameterError for the first name used in the SQL that params lacks. */
export function requireParameters(names: string[], params: SqlParams): void {
  for (const name of names) {
    if (!Object.prototype.hasOwnProperty.call(params, name)) throw new MissingSqlParameterError(name);
  }
}

export interface PositionalQuery {
  text: string;
  /** The value for `$n` is values[n - 1]. */
  values: unknown[];
  /** The parameter name behind each `$n`. */
  names: string[];
}

/**
 * Rewrites `:name` to `$n` (a name used twice keeps its number). `placeholder` may decorate the
 * positional marker, e.g. with a cast chosen from the value (`$1::int8`).
 */
export function toPositionalParameters(
  sql: string,
  params: SqlParams = {},
  placeholder: (position: number, value: unknown, name: string) => string = (position) => `$${position}`,
): PositionalQuery {
  const numbers = new Map<string, number>();
  const names: string[] = [];
  const values: unknown[] = [];
  let text = '';
  let last = 0;
  for (const occurrence of occurrences(sql)) {
    let position = numbers.get(occurrence.name);
    if (position === undefined) {
      requireParameters([occurrence.name], params);
      names.push(occurrence.name);
      values.push(params[occurrence.name]);
      position = names.length;
      numbers.set(occurrence.name, position);
    }
    text += sql.slice(last, occurrence.start) + placeholder(position, params[occurrence.name], occurrence.name);
    last = occurrence.end;
  }
  text += sql.slice(last);
  return { text, values, names };
}
