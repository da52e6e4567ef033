/** What a secret reads as wherever it leaves the service: Kafka records, the audit log, API answers. */
export const REDACTED = '******';

/**
 * A field is redacted when its name, lower-cased without separators, ends with one of these:
 * `password`, `access_token`, `clientSecret`... but not `password_hash`, which the domain publishes
 * on purpose (hashes only), nor `token_name`. A safety net: the domain should not record secrets.
 * The one list: every path that shows event data redacts with `redactSecrets`.
 */
export const SENSITIVE_FIELD_ENDINGS: readonly string[] = [
  'password',
  'passwd',
  'passphrase',
  'token',
  'secret',
  'secretkey',
  'apikey',
  'privatekey',
];

/** A copy of `data` in which every sensitive field, at any depth, holds REDACTED instead of its value. */
export function redactSecrets(data: unknown): unknown {
  if (Array.isArray(data)) return data.map(redactSecrets);
  if (data === null || typeof data !== 'object') return data;
  return Object.fromEntries(Object.entries(data).map(([field, value]) => [field, isSensitive(field) ? REDACTED : redactSecrets(value)]));
}

/**
 * A request URL as the logs may show it: the value of every query parameter with a sensitive name
 * (`?access_token=`, RFC 6750's form a client may try, or `?password=`) reads REDACTED.
 */
export function redactUrlSecrets(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart < 0) return url;
  const pairs = url
    .slice(queryStart + 1)
    .split('&')
    .map((pair) => {
      const separator = pair.indexOf('=');
      return separator >= 0 && isSensitive(decodedName(pair.slice(0, separator))) ? `${pair.slice(0, separator)}=${REDACTED}` : pair;
    });
  return `${url.slice(0, queryStart + 1)}${pairs.join('&')}`;
}

/** A parameter name as the server reads it; a malformed escape is compared as it is. */
function decodedName(raw: string): string {
  try {
    return decodeURIComponent(raw.replaceAll('+', ' '));
  } catch {
    return raw;
  }
}

function isSensitive(field: string): boolean {
  const normalized = field.toLowerCase().replace(/[^a-z0-9]/g, '');
  return SENSITIVE_FIELD_ENDINGS.some((ending) => normalized.endsWith(ending));
}
