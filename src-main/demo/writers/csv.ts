/** RFC 4180 field quoting for the CSV writers. */

/** Quotes a field when it holds a comma, quote or line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? quoted(value) : value;
}

/** Always quotes a field, doubling the quotes inside. */
export function quoted(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}
