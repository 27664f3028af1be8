import { type CountryCode, getCountries, getCountryCallingCode, parsePhoneNumberFromString } from 'libphonenumber-js/min';

export interface CountryOption {
  value: CountryCode;
  label: string;
}

/** Every country with a calling code, by name in the browser's language: "United Kingdom (+44)". */
export function countryOptions(): CountryOption[] {
  const names = new Intl.DisplayNames([navigator.language, 'en'], { type: 'region' });
  return getCountries()
    .map((code) => ({ value: code, label: `${names.of(code) ?? code} (+${getCountryCallingCode(code)})` }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

/** The country a stored number belongs to, else the browser's region, else the US. */
export function initialCountry(phone: string | null | undefined): CountryCode {
  const fromNumber = phone ? parsePhoneNumberFromString(phone)?.country : undefined;
  if (fromNumber) return fromNumber;
  const region = new Intl.Locale(navigator.language).maximize().region;
  return region && (getCountries() as string[]).includes(region) ? (region as CountryCode) : 'US';
}

/** A stored E.164 number as its owner would type it in its country. */
export function nationalNumber(phone: string | null | undefined): string {
  return phone ? (parsePhoneNumberFromString(phone)?.formatNational() ?? phone) : '';
}

/**
 * What to send as `phone`: empty removes it; a number typed with its own + keeps its country;
 * otherwise the chosen country's code goes in front. The server validates and normalises.
 */
export function phoneForServer(typed: string, country: CountryCode): string {
  const value = typed.trim();
  if (value === '') return '';
  return parsePhoneNumberFromString(value, country)?.number ?? (value.startsWith('+') ? value : `+${getCountryCallingCode(country)} ${value}`);
}
