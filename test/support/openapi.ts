// Checks answers against the app's OpenAPI document (GET /api/docs/openapi.json): the status must be
// documented for the route, and a JSON body must match that status' schema. startTestApp's request
// helpers apply it to every answer, so every e2e suite checks the document as a side effect.
import { Ajv, type ValidateFunction } from 'ajv';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- the document is plain JSON

export interface OpenApiDocument {
  paths: Record<string, Record<string, Json>>;
  components?: Json;
}

/** Path templates (`/api/docs/assets/{file}`) as regular expressions; fixed paths match as they are. */
function templateMatcher(template: string): RegExp {
  const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
  return new RegExp(`^${pattern}$`);
}

export class ResponseContract {
  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  private readonly validators = new Map<Json, ValidateFunction>();
  private readonly templates: [RegExp, string][];

  constructor(readonly document: OpenApiDocument) {
    this.templates = Object.keys(document.paths)
      .filter((path) => path.includes('{'))
      .map((path) => [templateMatcher(path), path]);
  }

  /** The documented path of a request path (its query string cut off), or undefined when no route is documented there. */
  pathOf(requestPath: string): string | undefined {
    const path = requestPath.split('?')[0]!;
    if (Object.hasOwn(this.document.paths, path)) return path;
    return this.templates.find(([matcher]) => matcher.test(path))?.[1];
  }

  /**
   * The problems of one answer, or [] when it is as documented. Requests to paths or methods the
   * document does not have (tests of unknown routes) are not checked here: the completeness test
   * checks that every registered route is documented.
   */
  problems(method: string, requestPath: string, status: number, contentType: string | null, body: unknown): string[] {
    const path = this.pathOf(requestPath);
    const operation = path === undefined ? undefined : this.document.paths[path]![method.toLowerCase()];
    if (operation === undefined) return [];
    const where = `${method} ${path} answered ${status}`;
    const response = operation.responses?.[String(status)];
    if (response === undefined)
      return [`${where}, a status the document does not list (it lists ${Object.keys(operation.responses).join(', ')})`];
    const mediaType = (contentType ?? '').split(';')[0]!.trim();
    const content = response.content?.[mediaType];
    if (content === undefined) return [`${where} with Content-Type ${mediaType}, which the document does not list`];
    if (mediaType !== 'application/json' || content.schema === undefined) return [];
    const validate = this.validatorOf(content.schema);
    return validate(body)
      ? []
      : [`${where} with a body that breaks its schema: ${this.ajv.errorsText(validate.errors)}\n${JSON.stringify(body)}`];
  }

  private validatorOf(schema: Json): ValidateFunction {
    let validate = this.validators.get(schema);
    if (!validate) {
      // The components ride along, so that the schema's `#/components/...` references resolve.
      validate = this.ajv.compile({ ...schema, components: this.document.components });
      this.validators.set(schema, validate);
    }
    return validate;
  }
}

let contract: Promise<ResponseContract | undefined> | undefined;

/**
 * The contract, from the first app that serves its document (the same for every app of a test run).
 * `authorization` is a header that app accepts; an app whose token the tests do not know leaves it for the next.
 */
export function responseContract(baseUrl: string, authorization: string | undefined): Promise<ResponseContract | undefined> {
  contract ??= (async () => {
    const response = await fetch(`${baseUrl}/api/docs/openapi.json`, { headers: authorization ? { authorization } : {} });
    return response.ok ? new ResponseContract((await response.json()) as OpenApiDocument) : undefined;
  })();
  return contract.then((found) => {
    if (!found) contract = undefined;
    return found;
  });
}
