// Real schema documents of each type, valid and invalid, through the parsers the rule uses.
import { schemaTextProblem } from './schema-text.js';

/** A sensor reading as IoT pipelines publish it: nested records, an enum, arrays, a map, unions, a fixed and logical types. */
const AVRO_SENSOR_READING = JSON.stringify({
  type: 'record',
  name: 'SensorReading',
  namespace: 'io.robustmq.iot',
  doc: 'One reading of a device, as published on sensor/<site>/<device>',
  fields: [
    { name: 'device_id', type: { type: 'string', logicalType: 'uuid' } },
    { name: 'recorded_at', type: { type: 'long', logicalType: 'timestamp-millis' } },
    {
      name: 'location',
      type: {
        type: 'record',
        name: 'Location',
        fields: [
          { name: 'site', type: 'string' },
          {
            name: 'coordinates',
            type: [
              'null',
              {
                type: 'record',
                name: 'Coordinates',
                fields: [
                  { name: 'lat', type: 'double' },
                  { name: 'lon', type: 'double' },
                ],
              },
            ],
            default: null,
          },
        ],
      },
    },
    { name: 'status', type: { type: 'enum', name: 'Status', symbols: ['OK', 'DEGRADED', 'FAILED'] }, default: 'OK' },
    {
      name: 'measurements',
      type: {
        type: 'array',
        items: {
          type: 'record',
          name: 'Measurement',
          fields: [
            { name: 'kind', type: 'string' },
            { name: 'value', type: ['null', 'double', 'long'] },
            { name: 'unit', type: ['null', 'string'], default: null },
          ],
        },
      },
    },
    { name: 'labels', type: { type: 'map', values: 'string' }, default: {} },
    { name: 'checksum', type: { type: 'fixed', name: 'MD5', size: 16 } },
    { name: 'previous', type: ['null', 'io.robustmq.iot.Location'], default: null },
  ],
});

const PROTO_WITH_WELL_KNOWN_TYPES = `syntax = "proto3";

package robustmq.iot.v1;

import "google/protobuf/timestamp.proto";
import "google/protobuf/duration.proto";
import "google/protobuf/struct.proto";
import "google/protobuf/wrappers.proto";
import "google/protobuf/any.proto";

option java_package = "io.robustmq.iot.v1";

// One reading of a device.
message SensorReading {
  string device_id = 1;
  google.protobuf.Timestamp recorded_at = 2;
  google.protobuf.Duration sampling_period = 3;
  repeated Measurement measurements = 4;
  map<string, string> labels = 5;
  google.protobuf.Struct attributes = 6;
  google.protobuf.DoubleValue battery = 7;
  google.protobuf.Any extension = 8;
  Status status = 9;

  message Measurement {
    string kind = 1;
    oneof value {
      double number = 2;
      string text = 3;
    }
  }

  enum Status {
    STATUS_UNSPECIFIED = 0;
    STATUS_OK = 1;
    STATUS_FAILED = 2;
  }
}
`;

const JSON_SCHEMA_2020 = JSON.stringify({
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://example.com/sensor-reading.schema.json',
  title: 'Sensor reading',
  type: 'object',
  required: ['device_id', 'temperature'],
  properties: {
    device_id: { type: 'string', pattern: '^[a-z0-9-]+$' },
    temperature: { type: 'number', minimum: -273.15 },
    tags: { type: 'array', items: { $ref: '#/$defs/tag' }, uniqueItems: true },
  },
  $defs: { tag: { type: 'string', maxLength: 32 } },
  additionalProperties: false,
});

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
