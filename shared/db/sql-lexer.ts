/**
 * Splits SQL text into the stretches where a `:name` or a `;` means something (code) and the stretches
 * where it does not (string literals, quoted identifiers, dollar-quoted bodies, comments). Both the
 * named-parameter rewriter and the statement splitter walk these segments, so they agree on what is code.
 *
 * Follows PostgreSQL's lexical rules with standard_conforming_strings on (the default since 9.1):
 * backslashes are ordinary in '…' and escape only in E'…'; block comments nest.
 */
export type SqlSegmentKind = 'code' | 'string' | 'quoted-identifier' | 'dollar-quoted' | 'comment';

export interface SqlSegment {
  kind: SqlSegmentKind;
  start: number;
  /** Exclusive. An unterminated literal or comment runs to the end of the text; PostgreSQL reports it. */
  end: number;
}

const identifierChar = /[A-Za-z0-9_$\u0080-\uffff]/;
const dollarTag = /^\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/;

export function isIdentifierChar(ch: string | undefined): boolean {
  return ch !== undefined && identifierChar.test(ch);
}

export function segmentSql(sql: string): SqlSegment[] {
  const segments: SqlSegment[] = [];
  let codeStart = 0;
  let i = 0;

  const push = (kind: SqlSegmentKind, start: number, end: number) => {
    if (codeStart < start) segments.push({ kind: 'code', start: codeStart, end: start });
    segments.push({ kind, start, end });
    codeStart = end;
  };

  while (i < sql.length) {
    const ch = sql[i];
    const next = sql[i + 1];
    if (ch === '-' && next === '-') {
      const newline = sql.indexOf('\n', i + 2);
      const end = newline === -1 ? sql.length : newline;
      push('comment', i, end);
      i = end;
    } else if (ch === '/' && next === '*') {
      const end = blockCommentEnd(sql, i);
      push('comment', i, end);
      i = end;
    } else if (ch === "'") {
      const escaped = (sql[i - 1] === 'E' || sql[i - 1] === 'e') && !isIdentifierChar(sql[i - 2]);
      const start = escaped ? i - 1 : i;
      const end = quotedEnd(sql, i, "'", escaped);
      // An E prefix sits in the current code stretch; it becomes part of the literal.
      push('string', start, end);
      i = end;
    } else if (ch === '"') {
      const end = quotedEnd(sql, i, '"', false);
      push('quoted-identifier', i, end);
      i = end;
    } else if (ch === '$' && !isIdentifierChar(sql[i - 1])) {
      const match = dollarTag.exec(sql.slice(i, i + 200));
      if (match) {
        const tag = match[0];
        const close = sql.indexOf(tag, i + tag.length);
        const end = close === -1 ? sql.length : close + tag.length;
        push('dollar-quoted', i, end);
        i = end;
      } else {
        i += 1;
      }
    } else {
      i += 1;
    }
  }
  if (codeStart < sql.length) segments.push({ kind: 'code', start: codeStart, end: sql.length });
  return segments;
}

function blockCommentEnd(sql: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    if (sql[i] === '/' && sql[i + 1] === '*') {
      depth += 1;
      i += 2;
    } else if (sql[i] === '*' && sql[i + 1] === '/') {
      depth -= 1;
      i += 2;
      if (depth === 0) return i;
    } else {
      i += 1;
    }
  }
  return sql.length;
}

/** End (exclusive) of a literal opened at `start`; a doubled quote is part of it, and in E'…' so is \x. */
function quotedEnd(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const ch = sql[i];
    if (backslashEscapes && ch === '\\') {
      i += 2;
    } else if (ch === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else {
      i += 1;
    }
  }
  return sql.length;
}
