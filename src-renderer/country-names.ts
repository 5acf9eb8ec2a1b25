/** Country names from ISO 3166 alpha-2 codes, through the browser's Intl. */

let names: Intl.DisplayNames | null = null;

/** The English name of a country code, or the code when unknown. */
export function countryName(code: string | null): string {
  if (!code) return '';
  try {
    names ??= new Intl.DisplayNames(['en'], { type: 'region' });
    return names.of(code.toUpperCase()) ?? code;
  } catch {
    // A code Intl does not know (e.g. a reserved one) is shown as is.
    return code;
  }
}
