// Real schema documents of each type, valid and invalid, through the parsers the rule uses.
import { AVRO_SENSOR_READING, JSON_SCHEMA_2020, PROTO_WITH_WELL_KNOWN_TYPES } from '../../../test/support/schema-documents.js';
import { schemaTextProblem } from './schema-text.js';

describe('schema texts', () => {
  it.each([
    ['json', JSON_SCHEMA_2020],
    [
      'json',
      '{"$schema":"http://json-schema.org/draft-07/schema#","type":"object","definitions":{"a":{"type":"integer"}},"properties":{"a":{"$ref":"#/definitions/a"}}}',
    ],
    ['json', '{ "type": "object" }'],
    ['json', 'true'],
    ['avro', AVRO_SENSOR_READING],
    ['avro', '"string"'],
    ['protobuf', PROTO_WITH_WELL_KNOWN_TYPES],
    ['protobuf', 'syntax = "proto2";\nmessage A { optional int32 x = 1; }'],
  ] as const)('a valid %s schema passes (%#)', (type, text) => {
    expect(schemaTextProblem(type, text)).toBeUndefined();
  });

  it.each([
    [
      'json',
      '{"type": "object",\n "properties": {\n  "a": {"type": "integer"},\n }\n}',
      'is not valid JSON: Expected double-quoted property name in JSON at line 4 column 2',
    ],
    ['json', '{"type":"objekt"}', 'schema/type must be equal to one of the allowed values'],
    ['json', '{"properties":{"age":{"minimum":"ten"}}}', 'schema/properties/age/minimum must be number'],
    ['json', '{"properties":{"a":{"$ref":"#/definitions/missing"}}}', "can't resolve reference #/definitions/missing"],
    ['json', '{"$ref":"https://example.com/elsewhere.json"}', "can't resolve reference https://example.com/elsewhere.json"],
    ['json', '{"type":"string","pattern":"(unclosed"}', 'Invalid regular expression'],
    ['json', '[1, 2]', 'is not a JSON Schema: a schema is an object or a boolean'],
    ['json', '{"$schema":"http://json-schema.org/draft-04/schema#"}', '$schema: must be one of'],
    ['avro', '{"type":"record","name":"A","fields":[{"name":"x","type":"Foo"}]}', 'is not a valid Avro schema: undefined type name: Foo'],
    ['avro', '{"type":"enum","name":"E","symbols":["A","A"]}', 'is not a valid Avro schema: duplicate "E" symbol: "A"'],
    ['avro', '{"type":"record","name":"A"}', 'is not a valid Avro schema:'],
    ['avro', 'record A {}', 'is not valid JSON'],
    ['protobuf', 'syntax = "proto3";\nmessage A {\n  int32 x = ;\n}', "is not a valid .proto file: illegal id ';' (line 3)"],
    [
      'protobuf',
      'syntax = "proto3";\nmessage A { Missing m = 1; }',
      "is not a valid .proto file: no such Type or Enum 'Missing' in Type .A",
    ],
    [
      'protobuf',
      'syntax = "proto3";\nimport "vendor/other.proto";\nmessage A { int32 x = 1; }',
      'import "vendor/other.proto": only the well-known types',
    ],
    [
      'protobuf',
      'syntax = "proto3";\nimport "/etc/passwd";\nmessage A { int32 x = 1; }',
      'import "/etc/passwd": only the well-known types',
    ],
  ] as const)('an invalid %s schema is refused, naming the problem (%#)', (type, text, problem) => {
    expect(schemaTextProblem(type, text)).toContain(problem);
  });

  it('a JSON syntax error names its line and column', () => {
    expect(schemaTextProblem('json', '{\n  "type": "object",\n  oops\n}')).toMatch(/line 3 column 3/);
  });

  it('the same $id in two requests does not clash: nothing of one schema stays for the next', () => {
    expect(schemaTextProblem('json', JSON_SCHEMA_2020)).toBeUndefined();
    expect(schemaTextProblem('json', JSON_SCHEMA_2020)).toBeUndefined();
  });

  it('nesting deeper than the parsers can follow is refused, not thrown', () => {
    const deep = '{"items":'.repeat(3000) + '{}' + '}'.repeat(3000);
    expect(typeof schemaTextProblem('json', deep)).toBe('string');
  });
});
