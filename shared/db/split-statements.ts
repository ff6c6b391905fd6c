import { segmentSql } from './sql-lexer';

/**
 * Splits a SQL script into single statements, because the RDS Data API runs one statement per call.
 * A `;` ends a statement only in code at parenthesis depth zero (not in a literal, identifier,
 * dollar-quoted body or comment, nor in a SQL-standard `BEGIN ATOMIC … END` function body).
 * Statements come back trimmed, without their `;`; stretches holding only comments and blanks are dropped.
 */
export function splitStatements(script: string): string[] {
  const statements: string[] = [];
  const segments = segmentSql(script);
  let start = 0;
  let parenDepth = 0;
  /** Open BEGIN ATOMIC / CASE blocks inside a function body; 0 outside one. */
  let atomicDepth = 0;
  let previousWord = '';
  let hasCode = false;

  const finish = (end: number) => {
    if (hasCode) statements.push(script.slice(start, end).trim());
    start = end + 1;
    hasCode = false;
    previousWord = '';
  };

  for (const segment of segments) {
    if (segment.kind !== 'code') {
      if (segment.kind !== 'comment') hasCode = true;
      continue;
    }
    let i = segment.start;
    while (i < segment.end) {
      const ch = script[i];
      if (/[A-Za-z_]/.test(ch)) {
        let j = i + 1;
        while (j < segment.end && /[A-Za-z0-9_$]/.test(script[j])) j += 1;
        const word = script.slice(i, j).toUpperCase();
        if (previousWord === 'BEGIN' && word === 'ATOMIC') atomicDepth += 1;
        else if (atomicDepth > 0 && word === 'CASE') atomicDepth += 1;
        else if (atomicDepth > 0 && word === 'END') atomicDepth -= 1;
        previousWord = word;
        hasCode = true;
        i = j;
        continue;
      }
      if (ch === '(') parenDepth += 1;
      else if (ch === ')') parenDepth = Math.max(0, parenDepth - 1);
      if (ch === ';' && parenDepth === 0 && atomicDepth === 0) {
        finish(i);
      } else if (!/\s/.test(ch)) {
        hasCode = true;
        previousWord = '';
      }
      i += 1;
    }
  }
  finish(script.length);
  return statements.filter((s) => s.length > 0);
}
