import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiHeader, ApiOperation, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import type { ReferenceObject, SchemaObject } from '@nestjs/swagger';

/**
 * How every controller route describes itself in the OpenAPI document (/api/docs): one decorator per
 * route, `@ListEndpoint`, `@ReadEndpoint` or `@CommandEndpoint`, which adds the envelope around its
 * data and the errors it can answer. Parameters and bodies come from the DTOs' field decorators
 * (http/validators.ts, http/list-query.dto.ts). 401 and 429 are dropped again, and the bearer
 * requirement, for the paths authentication.ts leaves public (openapi-document.ts).
 */

type Schema = SchemaObject | ReferenceObject;

/** API-CONTRACT §1: a success has exactly code 0, its data and a null error. */
export const successEnvelope = (data: Schema): SchemaObject => ({
  type: 'object',
  required: ['code', 'data', 'error'],
  additionalProperties: false,
  properties: {
    code: { type: 'integer', enum: [0], example: 0 },
    data,
    error: { type: 'string', nullable: true, enum: [null], example: null, description: 'always null in a success' },
  },
});

/** Every error, whatever its cause: code 100, an empty data, the text in `error` and again in `message`. */
export const ERROR_ENVELOPE: SchemaObject = {
  type: 'object',
  required: ['code', 'data', 'error', 'message'],
  additionalProperties: false,
  properties: {
    code: { type: 'integer', enum: [100], example: 100 },
    data: { type: 'string', enum: [''], example: '' },
    error: { type: 'string', description: 'what went wrong, for a human; validation problems name the field and the rule, joined by "; "' },
    message: { type: 'string', description: 'the same text as `error` (the RobustMQ dashboard shows this field)' },
  },
};

const COMMAND_DATA: SchemaObject = { type: 'string', enum: ['success'], example: 'success' };

export type ErrorStatus = 400 | 401 | 404 | 409 | 413 | 415 | 429 | 503;

/** What each error status means in this API, with an example of its message. */
const ERRORS: Record<ErrorStatus, { description: string; example: string }> = {
  400: { description: 'Malformed or invalid input', example: 'tenant_name: length must be 1-128; desc: length must be at most 500' },
  401: {
    description: 'Missing or unknown bearer token',
    example: 'authentication required: send the header Authorization: Bearer <token>',
  },
  404: { description: 'The resource (or the tenant it belongs to) does not exist', example: 'tenant acme does not exist' },
  409: {
    description:
      'A duplicate, a quota reached, a concurrent write that lost the race after retries, or an Idempotency-Key reused with another body',
    example: 'tenant acme already exists',
  },
  413: { description: 'The body is larger than BODY_LIMIT_BYTES', example: 'body: is larger than the limit' },
  415: { description: 'The body is not application/json', example: 'body: Content-Type must be application/json' },
  429: {
    description: 'More requests on this path than ClusterLimit.max_admin_http_uri_rate per second; see Retry-After',
    example: '/api/cluster/tenant/list: more than 50 requests per second; retry after the time in Retry-After',
  },
  503: { description: 'Postgres is unavailable or did not answer in time', example: 'database unavailable; try again' },
};

/** Every route: it reads the query string or a body, may need a token, counts against the rate limit and uses Postgres. */
const COMMON_ERRORS: ErrorStatus[] = [400, 401, 429, 503];
/** A POST also reads a JSON body, and may be refused as a duplicate or a reused Idempotency-Key. */
const BODY_ERRORS: ErrorStatus[] = [409, 413, 415];

export const ErrorResponses = (statuses: ErrorStatus[]) =>
  applyDecorators(
    ...[...new Set(statuses)]
      .sort()
      .map((status) =>
        ApiResponse({ status, description: ERRORS[status].description, schema: { ...ERROR_ENVELOPE, example: failureExample(status) } }),
      ),
  );

const failureExample = (status: ErrorStatus) => ({ code: 100, data: '', error: ERRORS[status].example, message: ERRORS[status].example });

const dataSchema = (data: Type<unknown> | SchemaObject): Schema => (typeof data === 'function' ? { $ref: getSchemaPath(data) } : data);
const models = (data: Type<unknown> | SchemaObject) => (typeof data === 'function' ? [ApiExtraModels(data)] : []);

/** A paged list (API-CONTRACT §3): rows of `row`, and the count of all matches before paging. */
export const ListEndpoint = (summary: string, row: Type<unknown> | SchemaObject) =>
  applyDecorators(
    ApiOperation({ summary }),
    ...models(row),
    ApiResponse({
      status: 200,
      description: 'One page of rows, and the number of all rows that match',
      schema: successEnvelope({
        type: 'object',
        required: ['data', 'total_count'],
        additionalProperties: false,
        properties: {
          data: { type: 'array', items: dataSchema(row) },
          total_count: { type: 'integer', minimum: 0, description: 'rows that match, before paging' },
        },
      }),
    }),
    ErrorResponses(COMMON_ERRORS),
  );

/** A GET that answers one object, `data`; `errors` beyond the common ones (e.g. 404 for a detail). */
export const ReadEndpoint = (summary: string, data: Type<unknown> | SchemaObject, errors: ErrorStatus[] = []) =>
  applyDecorators(
    ApiOperation({ summary }),
    ...models(data),
    ApiResponse({ status: 200, description: 'The envelope around the data', schema: successEnvelope(dataSchema(data)) }),
    ErrorResponses([...COMMON_ERRORS, ...errors]),
  );

/**
 * A command (a POST with a JSON body): `data` is "success" once its events are appended (and, within
 * READ_YOUR_WRITES_TIMEOUT_MS, projected). `errors` beyond the common ones, e.g. 404 when it names a
 * resource or tenant that must exist.
 */
export const CommandEndpoint = (summary: string, errors: ErrorStatus[] = []) =>
  applyDecorators(
    ApiOperation({ summary }),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'A repeat with the same key and body gets the first answer and appends nothing; another body with the same key: 409',
      schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$', example: '5b1d7e0c-3f0a-4d8e-9a53-4c1a2b7f9e10' },
    }),
    ApiResponse({
      status: 200,
      description: 'Done; `x-event-position` is the log position of its last event',
      schema: successEnvelope(COMMAND_DATA),
    }),
    ErrorResponses([...COMMON_ERRORS, ...BODY_ERRORS, ...errors]),
  );
