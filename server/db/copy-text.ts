/**
 * COPY's text format: one line per row, a tab between columns, `\N` for
 * null, and a backslash escaping backslash, newline, carriage return and tab
 * inside a value (https://www.postgresql.org/docs/current/sql-copy.html).
 */
const SPECIAL = /[\\\n\r\t]/g;
const HAS_SPECIAL = /[\\\n\r\t]/;
const ESCAPED: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** One column value in COPY text format. */
export function copyField(value: string | number | null): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  // Most values hold nothing to escape: testing first skips building a copy of each.
  return HAS_SPECIAL.test(value) ? value.replace(SPECIAL, (c) => ESCAPED[c]) : value;
}

/** One row (with its line end) in COPY text format. */
export function copyRow(values: Array<string | number | null>): string {
  let row = copyField(values[0]);
  for (let i = 1; i < values.length; i++) row += `\t${copyField(values[i])}`;
  return `${row}\n`;
}
