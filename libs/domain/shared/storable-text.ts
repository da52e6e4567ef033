const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Whether a parsed JSON value holds, in a key or a string at any depth, what Postgres cannot store in
 * jsonb: a NUL character, or an unpaired surrogate. A JSON text escapes them (`\u0000`), so they pass
 * the checks of the text itself; refused before the append, they never reach Postgres, whose error would
 * quote the data around them (a password, say) in its logs.
 */
export function holdsUnstorableText(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000') || UNPAIRED_SURROGATE.test(value);
  if (value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(([key, item]) => holdsUnstorableText(key) || holdsUnstorableText(item));
}
