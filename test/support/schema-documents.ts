// Real schema documents of each type, valid as they are: the unit specs and the HTTP e2e test both use them.

/** A sensor reading as IoT pipelines publish it: nested records, an enum, arrays, a map, unions, a fixed and logical types. */
export const AVRO_SENSOR_READING = JSON.stringify({
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

export const PROTO_WITH_WELL_KNOWN_TYPES = `syntax = "proto3";

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

export const JSON_SCHEMA_2020 = JSON.stringify({
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
