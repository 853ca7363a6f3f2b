/** The part of a JSON Schema (as /openapi.json gives it) that the fuzzer reads. */
export interface JsonSchema {
  readonly type?: string;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly pattern?: string;
  readonly format?: string;
  readonly minLength?: number;
  readonly minimum?: number;
  readonly exclusiveMinimum?: number;
  readonly maximum?: number;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
  readonly items?: JsonSchema;
  readonly default?: unknown;
}

interface OpenApiParameter {
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly name: string;
  readonly schema?: JsonSchema;
}

interface OpenApiOperation {
  readonly parameters?: readonly OpenApiParameter[];
  readonly requestBody?: {
    readonly content?: Readonly<Record<string, { readonly schema?: JsonSchema }>>;
  };
}

export interface OpenApiDocument {
  readonly paths: Readonly<Record<string, Readonly<Record<string, OpenApiOperation>>>>;
}

/** One route and method, as the fuzzer addresses it. */
export interface Operation {
  readonly method: string;
  /** The OpenAPI path template, e.g. `/api/listings/{id}/offers`. */
  readonly path: string;
  readonly pathParams: ReadonlyMap<string, JsonSchema>;
  readonly queryParams: ReadonlyMap<string, JsonSchema>;
  /** The JSON body's schema, when the route takes one. */
  readonly body: JsonSchema | undefined;
}

const METHODS = new Set(['get', 'put', 'post', 'patch', 'delete']);

function paramsIn(operation: OpenApiOperation, where: OpenApiParameter['in']) {
  return new Map(
    (operation.parameters ?? [])
      .filter((parameter) => parameter.in === where)
      .map((parameter) => [parameter.name, parameter.schema ?? {}] as const),
  );
}

/** Every route and method the document describes. */
export function operationsOf(document: OpenApiDocument): Operation[] {
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations)
      .filter(([method]) => METHODS.has(method))
      .map(([method, operation]) => ({
        method: method.toUpperCase(),
        path,
        pathParams: paramsIn(operation, 'path'),
        queryParams: paramsIn(operation, 'query'),
        body: operation.requestBody?.content?.['application/json']?.schema,
      })),
  );
}
