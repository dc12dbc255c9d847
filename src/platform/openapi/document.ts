import type { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../app-env";
import { ERROR_STATUS, type ErrorCode } from "../errors";
import { composedHandler, type GateKind, gateOf } from "../gates";
import { type Validation, validationOf } from "../validate";
import { OPERATIONS } from "./operations";

/** Routes under these prefixes are the API; anything else is a page. */
export const API_PREFIXES = ["/api/", "/admin/v1/", "/agent/v1/"] as const;

type JsonSchema = Record<string, unknown>;

const jsonSchema = (schema: z.ZodType): JsonSchema => {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  return rest;
};

const errorBody = z.object({
  error: z.object({
    code: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    messageKo: z.string(),
    details: z.unknown().optional(),
  }),
});

const SECURITY: Record<GateKind, Array<Record<string, string[]>>> = {
  public: [],
  admin: [{ adminToken: [] }],
  ticket: [{ ticket: [] }, { ticketCookie: [] }],
  grant: [{ grant: [] }],
  receipt: [{ receipt: [] }],
  agent: [{ agentToken: [] }],
};

/** `/cohorts/:cohortId` as OpenAPI writes it: `/cohorts/{cohortId}`. */
export function openApiPath(honoPath: string): string {
  return honoPath.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, "{$1}");
}

/** Each API route of an app once, with its gate and validations, in the order Hono lists them. */
export function apiRoutes(app: Hono<AppEnv>) {
  const byRoute = new Map<string, { method: string; path: string; gate: GateKind | undefined; validations: Validation[] }>();
  for (const route of app.routes) {
    if (route.method === "ALL" || !API_PREFIXES.some((p) => route.path.startsWith(p))) continue;
    const key = `${route.method} ${route.path}`;
    const entry = byRoute.get(key) ?? { method: route.method, path: route.path, gate: undefined, validations: [] };
    const handler = composedHandler(route.handler) ?? route.handler;
    entry.gate ??= gateOf(route.handler);
    const validation = validationOf(handler);
    if (validation) entry.validations.push(validation);
    byRoute.set(key, entry);
  }
  return [...byRoute.values()];
}

function parameters(validations: Validation[]) {
  const places = { param: "path", query: "query", header: "header" } as const;
  return validations.flatMap(({ target, schema }) => {
    const place = places[target as keyof typeof places];
    if (!place) return [];
    const object = jsonSchema(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
    return Object.entries(object.properties ?? {}).map(([name, property]) => ({
      name: place === "header" ? name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase()) : name,
      in: place,
      required: place === "path" || (object.required ?? []).includes(name),
      schema: property,
    }));
  });
}

/** The OpenAPI 3.1 document of an app's public and admin APIs, generated from its routes' zod schemas and gates. */
export function openApiDocument(app: Hono<AppEnv>) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of apiRoutes(app)) {
    const doc = OPERATIONS[`${route.method} ${route.path}`];
    const body = route.validations.find((v) => v.target === "json")?.schema ?? doc?.body;
    const ok = doc?.ok ?? { status: 200, description: "OK." };
    const operation = {
      summary: doc?.summary ?? "(undocumented)",
      ...(doc?.description ? { description: doc.description } : {}),
      tags: [route.path.startsWith("/admin/") ? "operators" : "citizens"],
      parameters: parameters(route.validations),
      ...(body ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(body) } } } } : {}),
      security: SECURITY[route.gate ?? "public"],
      responses: {
        [ok.status]: { description: ok.description, content: { [ok.contentType ?? "application/json"]: {} } },
        default: {
          description: "A refusal: stable code, English and Korean message.",
          content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
        },
      },
    };
    paths[openApiPath(route.path)] ??= {};
    paths[openApiPath(route.path)]![route.method.toLowerCase()] = operation;
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Vaccination waiting room",
      version: "1",
      description:
        "Edge waiting room and booking service for mass-vaccination openings. Every error is { error: { code, message, messageKo } }.",
    },
    paths,
    components: {
      schemas: { Error: jsonSchema(errorBody) },
      securitySchemes: {
        adminToken: { type: "http", scheme: "bearer", description: "The operators' ADMIN_TOKEN secret." },
        ticket: { type: "http", scheme: "bearer", description: "A signed queue ticket from joining." },
        ticketCookie: {
          type: "apiKey",
          in: "cookie",
          name: "ticket_{cohortId}_{holder}",
          description: "The same ticket as an HttpOnly cookie.",
        },
        grant: { type: "http", scheme: "bearer", description: "A signed admission grant from polling once admitted." },
        receipt: { type: "http", scheme: "bearer", description: "A signed booking receipt." },
        agentToken: {
          type: "http",
          scheme: "bearer",
          description: "A call-centre agent's token from the AGENT_TOKENS secret (never the admin token).",
        },
      },
    },
  };
}

/** The generated document's type. */
export type OpenApiDocument = ReturnType<typeof openApiDocument>;
