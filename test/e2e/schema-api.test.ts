// The schema and schema-binding endpoints over HTTP, against the whole service and a real Postgres
// (API-CONTRACT §1-§3, §5; research §3.12): every endpoint under both paths, real schema documents of
// each type, the dashboard's binding list, and the rule that a bound schema cannot be deleted, also
// under concurrency.
import { EventStore } from '#libs/event-store';
import { startTestApp, type TestApp } from '../support/app.js';
import { AVRO_SENSOR_READING, JSON_SCHEMA_2020, PROTO_WITH_WELL_KNOWN_TYPES } from '../support/schema-documents.js';
import { expectFailure, expectListPage, expectSuccess, resourceClient, uniqueName } from '../support/tenant-resource-api.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
}, 120_000);

afterAll(async () => {
  await app?.close();
});

const PREFIXES = ['/api/cluster/schema', '/api/mqtt/schema'] as const;
const BIND = '/api/cluster/schema-bind';
const DASHBOARD_BIND = '/api/mqtt/schema-bind';
const schemas = resourceClient(() => app, PREFIXES[0]);
const bindings = resourceClient(() => app, BIND);
type Body = Record<string, unknown>;

const DOCUMENTS = {
  json: '{"type":"object","properties":{"t":{"type":"number"}}}',
  avro: AVRO_SENSOR_READING,
  protobuf: PROTO_WITH_WELL_KNOWN_TYPES,
};
const TYPES = ['json', 'avro', 'protobuf'] as const;

/** A valid create body; `variant` varies the type, so sorting by it is checked. */
function body(tenant: string, schema_name: string, variant = 0): Body {
  const schema_type = TYPES[variant % 3]!;
  return { tenant, schema_name, schema_type, schema: DOCUMENTS[schema_type], desc: `schema ${variant}` };
}

/** The list row a create with this body shows: RobustMQ's row (`name`, not `schema_name`) and create_time. */
const row = (created: Body) => ({
  tenant: created.tenant,
  name: created.schema_name,
  schema_type: created.schema_type,
  desc: created.desc ?? '',
  schema: created.schema,
  create_time: expect.any(Number),
});

const removeSchema = (tenant: string, schema_name: string, prefix: string = PREFIXES[0]) => schemas.remove({ tenant, schema_name }, prefix);
const names = (rows: Body[]) => rows.map((listed) => listed.name);
const bind = (binding: Body, at: string = BIND) => app.post(`${at}/create`, binding);
const unbind = (binding: Body, at: string = BIND) => app.post(`${at}/delete`, binding);
const bindingRows = (params: Record<string, string | number>) => bindings.rowsOf(params.tenant as string, params);
const dashboardList = (params: Record<string, string>) => app.get(`${DASHBOARD_BIND}/list?${new URLSearchParams(params)}`);

describe.each(PREFIXES)('the schema endpoints under %s', (prefix) => {
  it('create, list and delete, each change visible at once, rows exactly as the API shows them', async () => {
    const tenant = await schemas.createTenant();
    const created = body(tenant, 'sensor-schema');
    const before = Math.floor(Date.now() / 1000);

    const response = await schemas.create(created, prefix);
    expectSuccess(response);
    expect(response.headers.get('x-read-your-writes')).toBe('applied');
    const listed = await schemas.list({ tenant }, prefix);
    expectListPage(listed);
    expect(listed.body.data).toEqual({ data: [row(created)], total_count: 1 });
    expect(Object.keys(listed.body.data.data[0])).toEqual(Object.keys(row(created)));
    expect(listed.body.data.data[0].create_time).toBeGreaterThanOrEqual(before);

    expectSuccess(await removeSchema(tenant, 'sensor-schema', prefix));
    expect((await schemas.list({ tenant }, prefix)).body.data).toEqual({ data: [], total_count: 0 });
  });

  it('refuses a list query it cannot answer (400), naming the fields it sorts by', async () => {
    expectFailure(await schemas.list({ sort_field: 'schema' }, prefix), 400, 'sort_field: must be one of tenant, name, schema_type');
  });
});

describe('identity (tenant, schema_name) and the tenant', () => {
  it('a name that exists in the tenant is refused (409) and changes nothing; the same name in another tenant is another schema', async () => {
    const [one, two] = [await schemas.createTenant('one'), await schemas.createTenant('two')];
    expectSuccess(await schemas.create(body(one, 'same', 0)));
    expectFailure(await schemas.create(body(one, 'same', 1), PREFIXES[1]), 409, `schema same already exists in tenant ${one}`);
    expectSuccess(await schemas.create(body(two, 'same', 1)));
    expect(await schemas.rowsOf(one)).toEqual([row(body(one, 'same', 0))]);
    expect(await schemas.rowsOf(two)).toEqual([row(body(two, 'same', 1))]);
  });

  it('deleting a schema that does not exist answers 404, and so does a second delete; a deleted one can be created again', async () => {
    const tenant = await schemas.createTenant();
    expectFailure(await removeSchema(tenant, 'ghost'), 404, `schema ghost not found in tenant ${tenant}`);
    expectSuccess(await schemas.create(body(tenant, 'once', 0)));
    expectSuccess(await removeSchema(tenant, 'once'));
    expectFailure(await removeSchema(tenant, 'once'), 404, `schema once not found in tenant ${tenant}`);
    expectSuccess(await schemas.create(body(tenant, 'once', 2)));
    expect(await schemas.rowsOf(tenant)).toEqual([row(body(tenant, 'once', 2))]);
  });

  it('10 clients creating the same name at once: exactly one succeeds, the other nine get 409', async () => {
    const tenant = await schemas.createTenant();
    const responses = await Promise.all(Array.from({ length: 10 }, (_, variant) => schemas.create(body(tenant, 'race', variant))));
    expect(responses.map((response) => response.status).sort()).toEqual([200, ...Array(9).fill(409)]);
    const winner = responses.findIndex((response) => response.status === 200);
    expect(await schemas.rowsOf(tenant)).toEqual([row(body(tenant, 'race', winner))]);
  });

  it('a schema is created only in a tenant that exists (404); deleting the tenant does not cascade', async () => {
    const missing = uniqueName('missing');
    expectFailure(await schemas.create(body(missing, 'orphan')), 404, `tenant ${missing} not found`);

    const tenant = await schemas.createTenant();
    expectSuccess(await schemas.create(body(tenant, 'stays')));
    await schemas.deleteTenant(tenant);
    expectFailure(await schemas.create(body(tenant, 'late')), 404, `tenant ${tenant} not found`);
    expect(await schemas.rowsOf(tenant)).toEqual([row(body(tenant, 'stays'))]);
    expectSuccess(await removeSchema(tenant, 'stays'));
  });
});

describe('listing schemas', () => {
  async function fiveSchemas() {
    const tenant = await schemas.createTenant('sorted');
    for (const variant of [3, 0, 4, 1, 2]) expectSuccess(await schemas.create(body(tenant, `item-${variant}`, variant)));
    return tenant;
  }

  it.each(['tenant', 'name', 'schema_type'])('sort_field=%s sorts ascending by default and descending with sort_by=desc', async (field) => {
    const tenant = await fiveSchemas();
    const listed = await schemas.rowsOf(tenant);
    expect(names(listed)).toEqual(['item-0', 'item-1', 'item-2', 'item-3', 'item-4']);
    const byField = (direction: 1 | -1) => (a: Body, b: Body) => {
      const [x, y, xn, yn] = [String(a[field]), String(b[field]), String(a.name), String(b.name)];
      return direction * (x < y ? -1 : x > y ? 1 : xn < yn ? -1 : xn > yn ? 1 : 0);
    };
    expect(await schemas.rowsOf(tenant, { sort_field: field })).toEqual([...listed].sort(byField(1)));
    expect(await schemas.rowsOf(tenant, { sort_field: field, sort_by: 'desc' })).toEqual([...listed].sort(byField(-1)));
  });

  it('filters tenant and name by case-insensitive substrings, and pages counting every match', async () => {
    const tenant = await fiveSchemas();
    expect(names(await schemas.rowsOf(tenant.slice(2, -2).toUpperCase(), { name: 'ITEM-3' }))).toEqual(['item-3']);
    const page = await schemas.list({ tenant, name: 'item', limit: 2, page: 2 });
    expect({ names: names(page.body.data.data), total: page.body.data.total_count }).toEqual({ names: ['item-2', 'item-3'], total: 5 });
    expect(names(await schemas.rowsOf(tenant, { name: '%' }))).toEqual([]);
  });
});

describe('schema texts: real documents of each type', () => {
  let tenant: string;
  beforeAll(async () => {
    tenant = await schemas.createTenant('texts');
  });
  const refused = async (fields: Body, error: string | RegExp) => {
    expectFailure(await schemas.create({ ...body(tenant, 'checked'), ...fields }), 400, error);
    expect(await schemas.rowsOf(tenant, { name: 'checked' })).toEqual([]);
  };

  it.each([
    ['json', JSON_SCHEMA_2020],
    ['avro', AVRO_SENSOR_READING],
    ['protobuf', PROTO_WITH_WELL_KNOWN_TYPES],
  ])('a real-world %s schema is stored and listed verbatim', async (schema_type, schema) => {
    const created = { tenant, schema_name: `real-${schema_type}`, schema_type, schema, desc: '' };
    expectSuccess(await schemas.create(created));
    expect(await schemas.rowsOf(tenant, { name: `real-${schema_type}` })).toEqual([row(created)]);
  });

  it('an invalid JSON Schema is refused naming the line of a syntax error or the path of a wrong keyword', async () => {
    await refused(
      { schema_type: 'json', schema: '{\n  "type": "object",\n  oops\n}' },
      /^schema: is not valid JSON: .* at line 3 column 3$/,
    );
    await refused(
      { schema_type: 'json', schema: '{"properties":{"age":{"minimum":"ten"}}}' },
      'schema: is not a valid JSON Schema: schema/properties/age/minimum must be number',
    );
    await refused(
      { schema_type: 'json', schema: '{"$ref":"#/definitions/missing"}' },
      "schema: could not be parsed: can't resolve reference #/definitions/missing from id #",
    );
  });

  it('an invalid Avro schema or .proto file is refused with its parser’s message and line', async () => {
    await refused(
      { schema_type: 'avro', schema: '{"type":"record","name":"A","fields":[{"name":"x","type":"Foo"}]}' },
      'schema: is not a valid Avro schema: undefined type name: Foo',
    );
    await refused({ schema_type: 'avro', schema: DOCUMENTS.json }, /^schema: is not a valid Avro schema: /);
    await refused(
      { schema_type: 'protobuf', schema: 'syntax = "proto3";\nmessage A {\n  int32 x = ;\n}' },
      "schema: is not a valid .proto file: illegal id ';' (line 3)",
    );
    await refused(
      { schema_type: 'protobuf', schema: 'syntax = "proto3";\nimport "other.proto";\nmessage A { int32 x = 1; }' },
      /^schema: import "other.proto": only the well-known types \(google\/protobuf\/any.proto, /,
    );
    await refused({ schema_type: 'protobuf', schema: AVRO_SENSOR_READING }, /^schema: is not a valid .proto file: /);
  });

  it('schema_type is one of json, avro, protobuf (exact case); the text is 1-8192 characters; desc at most 500', async () => {
    for (const schema_type of ['JSON', 'xml', '', 3]) await refused({ schema_type }, 'schema_type: must be one of json, avro, protobuf');
    await refused({ schema: '' }, 'schema: length must be 1-8192');
    await refused({ schema: JSON.stringify({ type: 'object', description: 'd'.repeat(8192) }) }, 'schema: length must be 1-8192');
    await refused({ schema: { type: 'object' } }, 'schema: must be a string');
    await refused({ desc: 'd'.repeat(501) }, 'desc: length must be at most 500');
    await refused({ schema_name: undefined, tenant: null }, 'tenant: is required; schema_name: is required');
    expectSuccess(await schemas.create({ ...body(tenant, 'no-desc'), desc: null }));
    expect((await schemas.rowsOf(tenant, { name: 'no-desc' }))[0]!.desc).toBe('');
  });

  it('a body that is not a JSON object is refused, and deeply nested texts are refused, never a 500', async () => {
    for (const raw of ['[]', '42', 'null']) {
      expectFailure(
        await app.send('POST', `${PREFIXES[0]}/create`, raw, { 'content-type': 'application/json' }),
        400,
        'body: must be a JSON object',
      );
    }
    const deep = '['.repeat(4000) + ']'.repeat(4000);
    for (const schema_type of TYPES) {
      const response = await schemas.create({ ...body(tenant, 'deep'), schema_type, schema: deep });
      expect({ schema_type, status: response.status }).toEqual({ schema_type, status: 400 });
    }
  });
});

describe('schema bindings', () => {
  /** A tenant with a schema in it. */
  async function schemaInTenant(tenant?: string) {
    const owner = tenant ?? (await schemas.createTenant('bind'));
    const schema_name = uniqueName('schema');
    expectSuccess(await schemas.create(body(owner, schema_name)));
    return { tenant: owner, schema_name };
  }

  it('create, list and delete under /api/cluster/schema-bind, rows {tenant, schema_name, resource_name, create_time}', async () => {
    const { tenant, schema_name } = await schemaInTenant();
    expectSuccess(await bind({ tenant, schema_name, resource_name: 'sensor/+' }));
    expectSuccess(await bind({ tenant, schema_name, resource_name: 'sensor/#' }));

    const listed = await bindings.list({ tenant });
    expectListPage(listed);
    expect(listed.body.data).toEqual({
      data: [
        { tenant, schema_name, resource_name: 'sensor/#', create_time: expect.any(Number) },
        { tenant, schema_name, resource_name: 'sensor/+', create_time: expect.any(Number) },
      ],
      total_count: 2,
    });
    expect(Object.keys(listed.body.data.data[0])).toEqual(['tenant', 'schema_name', 'resource_name', 'create_time']);

    expectSuccess(await unbind({ tenant, schema_name, resource_name: 'sensor/#' }));
    expect((await bindingRows({ tenant })).map((listedRow) => listedRow.resource_name)).toEqual(['sensor/+']);
  });

  it('filters by exact schema_name and resource_name, sorts by either, and pages', async () => {
    const { tenant, schema_name: first } = await schemaInTenant();
    const { schema_name: second } = await schemaInTenant(tenant);
    for (const resource_name of ['c/#', 'a/+', 'b']) expectSuccess(await bind({ tenant, schema_name: first, resource_name }));
    expectSuccess(await bind({ tenant, schema_name: second, resource_name: 'a/+' }));
    const resources = (rows: Body[]) => rows.map((listedRow) => `${listedRow.schema_name === first ? 1 : 2}:${listedRow.resource_name}`);

    expect(resources(await bindingRows({ tenant, schema_name: first }))).toEqual(['1:a/+', '1:b', '1:c/#']);
    expect(resources(await bindingRows({ tenant, resource_name: 'a/+' })).sort()).toEqual(['1:a/+', '2:a/+']);
    expect(resources(await bindingRows({ tenant, resource_name: 'a' }))).toEqual([]);
    expect(resources(await bindingRows({ tenant, schema_name: first, sort_field: 'resource_name', sort_by: 'desc' }))).toEqual([
      '1:c/#',
      '1:b',
      '1:a/+',
    ]);
    const page = await bindings.list({ tenant, schema_name: first, limit: 2, page: 2 });
    expect({ rows: resources(page.body.data.data), total: page.body.data.total_count }).toEqual({ rows: ['1:c/#'], total: 3 });
    expectFailure(await bindings.list({ sort_field: 'create_time' }), 400, 'sort_field: must be one of schema_name, resource_name');
  });

  it('tenant defaults to default on create, delete and list, as the RobustMQ dashboard sends none', async () => {
    const { schema_name } = await schemaInTenant('default');
    expectSuccess(await bind({ schema_name, resource_name: 'dash/+' }, DASHBOARD_BIND));
    expect(await bindings.list({ schema_name }).then((response) => response.body.data.data)).toEqual([
      { tenant: 'default', schema_name, resource_name: 'dash/+', create_time: expect.any(Number) },
    ]);
    expectSuccess(await unbind({ schema_name, resource_name: 'dash/+' }, DASHBOARD_BIND));
    expect(await bindingRows({ tenant: 'default', schema_name })).toEqual([]);
    expectSuccess(await removeSchema('default', schema_name));
  });

  it('/api/mqtt/schema-bind/list answers in the real server’s shape: the names bound to a resource, to a schema, or nothing', async () => {
    const { tenant, schema_name } = await schemaInTenant();
    const { schema_name: other } = await schemaInTenant(tenant);
    for (const resource_name of ['x/+', 'y/#']) expectSuccess(await bind({ tenant, schema_name, resource_name }, DASHBOARD_BIND));
    expectSuccess(await bind({ tenant, schema_name: other, resource_name: 'x/+' }));

    const both = await dashboardList({ tenant, resource_name: 'x/+', schema_name });
    expect(both.status).toBe(200);
    expect(both.body).toEqual({
      code: 0,
      data: {
        data: [
          { data_type: 'resource', data: [schema_name, other].sort() },
          { data_type: 'schema', data: ['x/+', 'y/#'] },
        ],
        total_count: 2,
      },
      error: null,
    });
    expect((await dashboardList({ tenant, schema_name: other })).body.data).toEqual({
      data: [{ data_type: 'schema', data: ['x/+'] }],
      total_count: 1,
    });
    expect((await dashboardList({ tenant, resource_name: 'nothing' })).body.data).toEqual({
      data: [{ data_type: 'resource', data: [] }],
      total_count: 1,
    });
    expect((await dashboardList({ tenant })).body.data).toEqual({ data: [], total_count: 0 });
    expect((await dashboardList({ resource_name: 'x/+' })).body.data).toEqual({
      data: [{ data_type: 'resource', data: [] }],
      total_count: 1,
    });
  });

  it('the schema must exist (404) and its tenant too; the same binding twice is 409; deleting a missing binding is 404', async () => {
    const { tenant, schema_name } = await schemaInTenant();
    expectFailure(await bind({ tenant, schema_name: 'ghost', resource_name: 'a' }), 404, `schema ghost not found in tenant ${tenant}`);
    const missing = uniqueName('missing');
    expectFailure(await bind({ tenant: missing, schema_name, resource_name: 'a' }), 404, `tenant ${missing} not found`);

    expectSuccess(await bind({ tenant, schema_name, resource_name: 'a/+' }));
    expectFailure(await bind({ tenant, schema_name, resource_name: 'a/+' }), 409, `schema ${schema_name} is already bound to a/+`);
    expectFailure(await unbind({ tenant, schema_name, resource_name: 'b' }), 404, `schema ${schema_name} is not bound to b`);
    expectFailure(await unbind({ tenant, schema_name: 'ghost', resource_name: 'b' }), 404, `schema ghost not found in tenant ${tenant}`);
  });

  it('resource_name must be a valid MQTT topic filter of 1-256 characters; schema_name is required', async () => {
    const { tenant, schema_name } = await schemaInTenant();
    for (const [resource_name, rule] of [
      ['a/#/b', "'#' must be the last level"],
      ['a/b+', "'+' must be a whole level"],
      ['', 'must not be empty'],
      ['t'.repeat(257), 'length must be 1-256'],
      [7, 'must be a string'],
    ] as const) {
      expectFailure(await bind({ tenant, schema_name, resource_name }), 400, `resource_name: ${rule}`);
    }
    expectFailure(await bind({ tenant, resource_name: 'a' }), 400, 'schema_name: is required');
    expectFailure(await bind({ tenant: '', schema_name, resource_name: 'a' }), 400, 'tenant: length must be 1-128');
    expect(await bindingRows({ tenant })).toEqual([]);
  });

  it('a bound schema cannot be deleted (409 naming its bindings); once they are deleted, it can', async () => {
    const { tenant, schema_name } = await schemaInTenant();
    for (const resource_name of ['b/#', 'a/+']) expectSuccess(await bind({ tenant, schema_name, resource_name }));

    expectFailure(await removeSchema(tenant, schema_name), 409, `schema ${schema_name} is bound to a/+, b/#: delete those bindings first`);
    expect(names(await schemas.rowsOf(tenant))).toEqual([schema_name]);

    for (const resource_name of ['b/#', 'a/+']) expectSuccess(await unbind({ tenant, schema_name, resource_name }));
    expectSuccess(await removeSchema(tenant, schema_name));
    expect(await schemas.rowsOf(tenant)).toEqual([]);
  });

  it('a delete of a schema racing 10 binds to it never leaves a binding to a deleted schema (5 rounds)', async () => {
    const tenant = await schemas.createTenant('race');
    const store = new EventStore(app.database.pool);
    for (let round = 0; round < 5; round++) {
      const { schema_name } = await schemaInTenant(tenant);
      const binds = Array.from({ length: 10 }, (_, index) => bind({ tenant, schema_name, resource_name: `race/${index}` }));
      const [deleted, ...bound] = await Promise.all([removeSchema(tenant, schema_name), ...binds]);

      const schemaListed = names(await schemas.rowsOf(tenant, { name: schema_name })).includes(schema_name);
      const boundRows = await bindingRows({ tenant, schema_name });
      const boundOk = bound.filter((response) => response.status === 200).length;
      if (deleted.status === 200) {
        expect({ schemaListed, boundRows, boundOk }).toEqual({ schemaListed: false, boundRows: [], boundOk: 0 });
        expect(bound.map((response) => response.status)).toEqual(Array(10).fill(404));
      } else {
        expect(deleted.status).toBe(409);
        expect({ schemaListed, bindings: boundRows.length }).toEqual({ schemaListed: true, bindings: boundOk });
        expect(boundOk).toBeGreaterThan(0);
      }
      const types = (await store.readStream(`schema-${encodeURIComponent(tenant)}/${encodeURIComponent(schema_name)}`)).map(
        (event) => event.eventType,
      );
      const afterDeletion = types.slice(types.indexOf('SchemaDeleted') + 1);
      expect(types.includes('SchemaDeleted') ? afterDeletion : []).toEqual([]);
    }
  });
});
