/**
 * MQTT topic names and topic filters (MQTT 5.0 §1.5.4, §4.7). Each check returns the problem as text a
 * user can read (for `field: problem`), or undefined when the input is valid, so DTO validators and
 * `decide` share one rule.
 */

/** The MQTT UTF-8 string length field is two bytes, so a topic is at most 65,535 bytes once encoded. */
export const MQTT_TOPIC_MAX_BYTES = 65_535;

const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** A topic filter (ACL topics, schema bindings, rewrite rules): wildcards only as whole levels, `#` last. */
export function topicFilterProblem(filter: string): string | undefined {
  const textProblem = topicTextProblem(filter);
  if (textProblem !== undefined) return textProblem;
  const levels = filter.split('/');
  for (const [index, level] of levels.entries()) {
    if (level.includes('+') && level !== '+') return "'+' must be a whole level";
    if (level.includes('#') && level !== '#') return "'#' must be a whole level";
    if (level === '#' && index !== levels.length - 1) return "'#' must be the last level";
  }
  return undefined;
}

/** A topic name (what is published to): no wildcard characters anywhere. */
export function topicNameProblem(name: string): string | undefined {
  const textProblem = topicTextProblem(name);
  if (textProblem !== undefined) return textProblem;
  if (name.includes('+') || name.includes('#')) return "must not contain wildcards ('+' or '#')";
  return undefined;
}

/** Topics starting with `$` are the broker's own (MQTT 5.0 §4.7.2); `$SYS/...` is the usual one. */
export function isSystemTopic(name: string): boolean {
  return name.startsWith('$');
}

/**
 * Rules shared by names and filters. Empty levels (`a//b`, `/a`) are legal MQTT, so they are not
 * refused here. An unpaired surrogate has no UTF-8 encoding at all, so it is refused before counting.
 */
function topicTextProblem(text: string): string | undefined {
  if (text.length === 0) return 'must not be empty';
  if (text.includes('\u0000')) return 'must not contain NUL characters';
  if (UNPAIRED_SURROGATE.test(text)) return 'must not contain unpaired surrogates';
  if (Buffer.byteLength(text, 'utf8') > MQTT_TOPIC_MAX_BYTES) return `must be at most ${MQTT_TOPIC_MAX_BYTES} bytes of UTF-8`;
  return undefined;
}
