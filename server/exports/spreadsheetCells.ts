/**
 * A text cell that starts with = + - @ tab or carriage return would run as a formula in a spreadsheet
 * (CSV injection). Such text gets a leading apostrophe; numbers are written as numbers and are safe.
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
