import { type FieldRule, type FieldSpecs, type SectionValue, UNSIGNED_MAX } from './config-sections.js';

/** Postgres cannot store a NUL character, nor a JSON string holding an unpaired surrogate. */
const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export type Parsed = { value: SectionValue; problems: [] } | { value: undefined; problems: string[] };

/**
 * Reads a section as `config/set` sends it: a replacement, so an omitted (or null) field takes its
 * field default. Every field is checked; unknown fields are errors (almost always typos). Problems
 * read `config.<path>: <rule>`, all of them, so one answer names everything to fix.
 */
export function parseSection(specName: string, fields: FieldSpecs, input: unknown, path = 'config'): Parsed {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { value: undefined, problems: [`${path}: must be a JSON object`] };
  }
  const problems: string[] = [];
  for (const name of Object.keys(input)) {
    if (!Object.hasOwn(fields, name)) problems.push(`${path}.${name}: is not a field of ${specName}`);
  }
  const value: SectionValue = {};
  for (const [name, spec] of Object.entries(fields)) {
    const given = Object.hasOwn(input, name) ? (input as Record<string, unknown>)[name] : undefined;
    if (given === undefined || given === null) {
      value[name] = structuredClone(spec.fieldDefault);
      continue;
    }
    const field = parseField(spec.rule, given, `${path}.${name}`);
    if (field.problems.length > 0) problems.push(...field.problems);
    else value[name] = field.value;
  }
  return problems.length > 0 ? { value: undefined, problems } : { value, problems: [] };
}

function parseField(rule: FieldRule, given: unknown, path: string): { value?: unknown; problems: string[] } {
  const problem = (text: string) => ({ problems: [`${path}: ${text}`] });
  switch (rule.kind) {
    case 'bool':
      return typeof given === 'boolean' ? { value: given, problems: [] } : problem('must be true or false');
    case 'unsigned': {
      const min = rule.min ?? 0;
      const max = UNSIGNED_MAX[rule.width];
      if (typeof given === 'number' && Number.isInteger(given) && given >= min && given <= max) return { value: given, problems: [] };
      return problem(`must be an integer ${min}-${max} (${rule.width})${rule.why && given === 0 ? `; ${rule.why}` : ''}`);
    }
    case 'percent':
      return typeof given === 'number' && Number.isFinite(given) && given >= 0 && given <= 100
        ? { value: given, problems: [] }
        : problem('must be a percentage, a number 0-100');
    case 'enum':
      return typeof given === 'string' && rule.values.includes(given)
        ? { value: given, problems: [] }
        : problem(`must be one of ${rule.values.join(', ')}`);
    case 'text':
      return typeof given === 'string' &&
        [...given].length <= rule.maxLength &&
        !given.includes('\u0000') &&
        !UNPAIRED_SURROGATE.test(given)
        ? { value: given, problems: [] }
        : problem(`must be a string of at most ${rule.maxLength} characters, without NUL or unpaired surrogates`);
    case 'object':
      return parseSection(rule.name, rule.fields, given, path);
  }
}
