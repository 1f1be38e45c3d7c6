// The metadata and key endpoints of docs/examples/full-example.ts, and the documents
// docs/metadata.md shows for it (```json document=<name> blocks), compared with the real ones.
import { readFileSync } from "node:fs";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { formUrlEncode } from "../../src/index.js";

const METADATA_DOC = readFileSync(new URL("../../docs/metadata.md", import.meta.url), "utf8");
const DOCUMENT_BLOCK = /^```json document=([\w-]+)\n([\s\S]*?)^```$/gm;

function get(path: string): Request {
  return new Request(`http://localhost${path}`);
}

async function tokenFromExample(handler: (request: Request) => Promise<Response>): Promise<string> {
  const credentials = btoa(`${formUrlEncode("inventory-service")}:${formUrlEncode("inventory-secret-change-me")}`);
  const response = await handler(
    new Request("http://localhost/token", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${credentials}` },
      body: "grant_type=client_credentials&scope=data%3Aread",
    }),
  );
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

describe("docs/examples/full-example.ts metadata endpoints", () => {
  it("serves flow.getMetadata() at /.well-known/oauth-authorization-server (RFC 8414 §3)", async () => {
    const { handler, flow } = await import("../../docs/examples/full-example.js");
    const response = await handler(get("/.well-known/oauth-authorization-server"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(await response.json()).toEqual(flow.getMetadata());
  });

  it("serves flow.getProtectedResourceMetadata() at /.well-known/oauth-protected-resource (RFC 9728 §3)", async () => {
    const { handler, flow } = await import("../../docs/examples/full-example.js");
    const response = await handler(get("/.well-known/oauth-protected-resource"));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(flow.getProtectedResourceMetadata());
    expect(new URL(flow.configuration.protectedResourceMetadataUrl ?? "").pathname).toBe(
      "/.well-known/oauth-protected-resource",
    );
  });

  it("serves the JWK Set at the metadata's jwks_uri, and its key verifies the example's tokens (RFC 9068 §4)", async () => {
    const { handler, flow } = await import("../../docs/examples/full-example.js");
    const jwksPath = new URL(flow.getMetadata().jwks_uri ?? "").pathname;
    const response = await handler(get(jwksPath));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("public, max-age=300");
    const jwks = (await response.json()) as { keys: Array<{ kid: string }> };
    const token = await tokenFromExample(handler);
    expect(jwks.keys.map((key) => key.kid)).toEqual([decodeProtectedHeader(token).kid]);
    const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), {
      issuer: flow.getMetadata().issuer,
      audience: flow.getProtectedResourceMetadata().resource,
      typ: "at+jwt",
    });
    expect(payload).toMatchObject({ client_id: "inventory-service", scope: "data:read" });
  });

  it("points 401 challenges at the protected resource metadata (RFC 9728 §5.1)", async () => {
    const { handler } = await import("../../docs/examples/full-example.js");
    const response = await handler(get("/data"));
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe(
      'Bearer realm="oauth2", scope="data:read", resource_metadata="https://api.example.com/.well-known/oauth-protected-resource"',
    );
  });
});

describe("docs/metadata.md", () => {
  it("shows the documents of the full example exactly as the flow builds them", async () => {
    const { flow } = await import("../../docs/examples/full-example.js");
    const real: Record<string, unknown> = {
      "authorization-server": flow.getMetadata(),
      "protected-resource": flow.getProtectedResourceMetadata(),
    };
    const shown = Object.fromEntries(
      [...METADATA_DOC.matchAll(DOCUMENT_BLOCK)].map((match) => [match[1], JSON.parse(match[2] ?? "")]),
    );
    expect(shown).toEqual(real);
  });
});
