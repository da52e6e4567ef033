import { Ajv, type AnySchema } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import avro from 'avsc';
import protobuf from 'protobufjs';
import type { SchemaType } from './schema.events.js';

/*
 * Whether a schema text is a valid schema of its type, by the parsers the brokers' clients use: ajv
 * (JSON Schema), avsc (Avro), protobufjs (.proto). They are pure (no file or network access here:
 * JSON Schema `$ref`s and .proto imports resolve only to what is given), so this rule stays in the domain.
 */

/** The problem with a schema text, in the words of its parser (with the line or path it names), or undefined. */
export function schemaTextProblem(type: SchemaType, text: string): string | undefined {
  try {
    return PROBLEM_OF[type](text);
  } catch (error) {
    // A parser's own failure (e.g. nesting deeper than the stack) is still the text's problem, never a 500.
    return `could not be parsed: ${error instanceof Error ? error.message : String(error)}`;
  }
}

const PROBLEM_OF: Record<SchemaType, (text: string) => string | undefined> = {
  json: jsonSchemaProblem,
  avro: avroSchemaProblem,
  protobuf: protoFileProblem,
};

/** The drafts ajv supports, by `$schema`; without one, draft-07 (ajv's default). */
const AJV_BY_DRAFT = new Map<string, () => Ajv>([
  ['https://json-schema.org/draft/2020-12/schema', () => new Ajv2020(AJV_OPTIONS)],
  ['https://json-schema.org/draft/2019-09/schema', () => new Ajv2019(AJV_OPTIONS)],
  ['http://json-schema.org/draft-07/schema', () => new Ajv(AJV_OPTIONS)],
]);
// Not strict: keywords ajv does not know (`examples` of a vocabulary of one's own) are allowed by JSON Schema.
const AJV_OPTIONS = { strict: false, allErrors: true, addUsedSchema: false } as const;

function jsonSchemaProblem(text: string): string | undefined {
  const document = parseJson(text);
  if (typeof document === 'string') return document;
  if (
    typeof document.value !== 'boolean' &&
    (document.value === null || typeof document.value !== 'object' || Array.isArray(document.value))
  ) {
    return 'is not a JSON Schema: a schema is an object or a boolean';
  }
  const declared = typeof document.value === 'object' ? (document.value as { $schema?: unknown }).$schema : undefined;
  const draft = typeof declared === 'string' ? declared.replace(/#$/, '') : 'http://json-schema.org/draft-07/schema';
  const newAjv = AJV_BY_DRAFT.get(draft);
  if (!newAjv) return `$schema: must be one of ${[...AJV_BY_DRAFT.keys()].join(', ')}`;
  // A fresh instance per schema: nothing of one request's schema ($id, compiled code) stays for the next.
  const ajv = newAjv();
  const schema = document.value as AnySchema;
  if (!ajv.validateSchema(schema))
    return `is not a valid JSON Schema: ${ajv.errorsText(ajv.errors, { dataVar: 'schema', separator: '; ' })}`;
  ajv.compile(schema); // unresolvable $ref, a pattern that is not a regular expression...
  return undefined;
}

function avroSchemaProblem(text: string): string | undefined {
  const document = parseJson(text);
  if (typeof document === 'string') return document;
  try {
    // Parsed ourselves: given a string, avsc would read it as a type name, or a file.
    avro.Type.forSchema(document.value as avro.Schema);
    return undefined;
  } catch (error) {
    return `is not a valid Avro schema: ${(error as Error).message}`;
  }
}

function protoFileProblem(text: string): string | undefined {
  const root = new protobuf.Root();
  try {
    const { imports = [], weakImports = [] } = protobuf.parse(text, { keepCase: true });
    for (const file of [...imports, ...weakImports]) {
      const wellKnown = Object.hasOwn(WELL_KNOWN_PROTOS, file) ? WELL_KNOWN_PROTOS[file] : undefined;
      if (!wellKnown) return `import "${file}": only the well-known types (${Object.keys(WELL_KNOWN_PROTOS).join(', ')}) can be imported`;
      root.addJSON(wellKnown);
    }
    protobuf.parse(text, root, { keepCase: true });
    root.resolveAll(); // every field's type exists
    return undefined;
  } catch (error) {
    return `is not a valid .proto file: ${(error as Error).message}`;
  }
}

/** The well-known types protobufjs ships (google/protobuf/timestamp.proto, ...), by import path. */
const WELL_KNOWN_PROTOS: Record<string, protobuf.INamespace['nested'] & object> = Object.fromEntries(
  ['any', 'duration', 'empty', 'field_mask', 'struct', 'timestamp', 'wrappers']
    .map((name) => `google/protobuf/${name}.proto`)
    .flatMap((file) => {
      const nested = protobuf.common.get(file)?.nested;
      return nested ? [[file, nested]] : [];
    }),
);

/** The parsed value, or the problem with the JSON, at the line and column its parser names. */
function parseJson(text: string): { value: unknown } | string {
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    const message = (error as Error).message.replace(
      / at position (\d+)/,
      (_, position: string) => ` at ${lineAndColumn(text, Number(position))}`,
    );
    return `is not valid JSON: ${message}`;
  }
}

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position).split('\n');
  return `line ${before.length} column ${before.at(-1)!.length + 1}`;
}
