import type { OpenApiDocument } from "./document";

interface Operation {
  summary: string;
  description?: string;
  tags: string[];
  parameters: Array<{ name: string; in: string; required: boolean; schema: Record<string, unknown> }>;
  requestBody?: { content: { "application/json": { schema: unknown } } };
  security: Array<Record<string, string[]>>;
}

const STYLE = `
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1b1f24;background:#f6f7f9}
main{max-width:960px;margin:0 auto;padding:24px}
h1{font-size:24px;margin:0 0 4px}
section{background:#fff;border:1px solid #dde1e6;border-radius:8px;padding:12px 16px;margin:12px 0}
h2{font-size:16px;margin:0;font-family:ui-monospace,monospace}
.m{display:inline-block;min-width:52px;text-align:center;border-radius:4px;color:#fff;font-size:12px;padding:2px 6px;margin-right:8px}
.get{background:#2f6fdf}.post{background:#1d8a4a}.put{background:#b86e00}.delete{background:#c0392b}
.who{float:right;font-size:12px;color:#57606a}
table{border-collapse:collapse;width:100%;font-size:13px;margin-top:8px}td,th{border-top:1px solid #eef0f3;padding:4px 6px;text-align:left;vertical-align:top}
pre{background:#f6f8fa;padding:8px;border-radius:6px;overflow:auto;font-size:12px;max-height:320px}
details{margin-top:8px}`;

const who = (security: Operation["security"]) => (security.length === 0 ? "anyone" : security.map((s) => Object.keys(s)[0]).join(" or "));
const typeOf = (schema: Record<string, unknown>) =>
  String(schema.type ?? (schema.enum ? "enum" : "value")) + (schema.enum ? `: ${(schema.enum as unknown[]).join(" | ")}` : "");

/** A readable reference of the OpenAPI document, rendered on the server: no script, no external files. */
export function ApiReference({ document }: { document: OpenApiDocument }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>API reference · {document.info.title}</title>
        <style>{STYLE}</style>
      </head>
      <body>
        <main>
          <h1>{document.info.title}: API reference</h1>
          <p>
            {document.info.description} Machine-readable: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI{" "}
            {document.openapi}).
          </p>
          {Object.entries(document.paths).flatMap(([path, methods]) =>
            Object.entries(methods as Record<string, Operation>).map(([method, op]) => (
              <section id={`${method}-${path}`}>
                <span class="who">{who(op.security)}</span>
                <h2>
                  <span class={`m ${method}`}>{method.toUpperCase()}</span>
                  {path}
                </h2>
                <p>
                  <strong>{op.summary}</strong>
                  {op.description ? ` ${op.description}` : ""}
                </p>
                {op.parameters.length > 0 && (
                  <table>
                    <tr>
                      <th>parameter</th>
                      <th>in</th>
                      <th>type</th>
                      <th>required</th>
                    </tr>
                    {op.parameters.map((p) => (
                      <tr>
                        <td>
                          <code>{p.name}</code>
                        </td>
                        <td>{p.in}</td>
                        <td>{typeOf(p.schema)}</td>
                        <td>{p.required ? "yes" : "no"}</td>
                      </tr>
                    ))}
                  </table>
                )}
                {op.requestBody && (
                  <details>
                    <summary>JSON body</summary>
                    <pre>{JSON.stringify(op.requestBody.content["application/json"].schema, null, 2)}</pre>
                  </details>
                )}
              </section>
            )),
          )}
        </main>
      </body>
    </html>
  );
}
