// Every example server of docs/examples, started in its real runtime against the packed package,
// answers the same smoke checks. See install.ts (how the package is installed), targets.ts (the
// runtimes) and server-process.ts (starting and stopping, every wait bounded).
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Installation, installPackedPackage, ROOT } from "./install.js";
import { freePort, type ServerProcess, startServer } from "./server-process.js";
import { copyExamples, TARGETS } from "./targets.js";

const run = promisify(execFile);

const BASIC_CLIENT = { id: "reporting-service", secret: "reporting-secret-change-me" };
const POST_CLIENT = { id: "billing-service", secret: "billing-secret-change-me" };
const FORM = { "content-type": "application/x-www-form-urlencoded" };
const REQUEST_TIMEOUT_MS = 10_000;

let installation: Installation | undefined;

beforeAll(async () => {
  installation = await installPackedPackage();
  await copyExamples(installation.dir);
}, 240_000);

afterAll(async () => {
  await installation?.remove();
});

function project(): string {
  if (installation === undefined) throw new Error("the package was not installed");
  return installation.dir;
}

function basic(id: string, secret: string): string {
  return `Basic ${btoa(`${id}:${secret}`)}`;
}

async function send(origin: string, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(origin + path, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
}

async function tokenFor(
  origin: string,
  client: { id: string; secret: string },
  viaBasic: boolean,
  scope: string,
): Promise<string> {
  const body = new URLSearchParams({ grant_type: "client_credentials", scope });
  const headers: Record<string, string> = { ...FORM };
  if (viaBasic) {
    headers.authorization = basic(client.id, client.secret);
  } else {
    body.append("client_id", client.id);
    body.append("client_secret", client.secret);
  }
  const response = await send(origin, "/token", { method: "POST", headers, body: body.toString() });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

const CASES = TARGETS.map((target) => [target.name, target.example, target] as const);

describe.each(CASES)("%s serving docs/examples/%s", (_name, _example, target) => {
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    const port = await freePort();
    const command = await target.prepare(project(), port);
    server = await startServer(command, { cwd: project(), port, env: target.env, readyPath: "/openapi.json" });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  }, 30_000);

  function origin(): string {
    if (server === undefined) throw new Error("the server did not start");
    return server.origin;
  }

  it("issues a token to a client authenticated with HTTP Basic (RFC 6749 §2.3.1, §4.4.3, §5.1)", async () => {
    const response = await send(origin(), "/token", {
      method: "POST",
      headers: { ...FORM, authorization: basic(BASIC_CLIENT.id, BASIC_CLIENT.secret) },
      body: "grant_type=client_credentials&scope=read%3Adata",
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({
      access_token: expect.any(String),
      token_type: "Bearer",
      expires_in: 3600,
      scope: "read:data",
    });
  });

  it("issues a token to a client sending its credentials in the form body (client_secret_post, RFC 6749 §2.3.1)", async () => {
    const response = await send(origin(), "/token", {
      method: "POST",
      headers: FORM,
      body: `grant_type=client_credentials&scope=write%3Adata&client_id=${POST_CLIENT.id}&client_secret=${POST_CLIENT.secret}`,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      access_token: expect.any(String),
      token_type: "Bearer",
      expires_in: 3600,
      scope: "write:data",
    });
  });

  it("answers a wrong Basic secret with 401 invalid_client and a Basic challenge (RFC 6749 §5.2)", async () => {
    const response = await send(origin(), "/token", {
      method: "POST",
      headers: { ...FORM, authorization: basic(BASIC_CLIENT.id, "wrong-secret") },
      body: "grant_type=client_credentials",
    });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Basic realm="oauth2"');
    expect(await response.json()).toEqual({
      error: "invalid_client",
      error_description: "Client authentication failed",
    });
  });

  it("serves the protected route to a token granting read:data (RFC 6750 §2.1)", async () => {
    const token = await tokenFor(origin(), BASIC_CLIENT, true, "read:data");
    const response = await send(origin(), "/api/data", { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ client: "reporting-service", items: ["a", "b"] });
  });

  it("answers 403 insufficient_scope naming the scope to a token without read:data (RFC 6750 §3.1)", async () => {
    const token = await tokenFor(origin(), POST_CLIENT, false, "write:data");
    const response = await send(origin(), "/api/data", { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(403);
    expect(response.headers.get("www-authenticate")).toBe(
      'Bearer realm="oauth2", error="insufficient_scope", error_description="The access token does not grant the required scope", scope="read:data"',
    );
    expect(((await response.json()) as { error: string }).error).toBe("insufficient_scope");
  });

  it("answers 401 with a Bearer challenge and no error code to a request without a token (RFC 6750 §3.1)", async () => {
    const response = await send(origin(), "/api/data");
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="oauth2", scope="read:data"');
  });

  it("serves the OpenAPI document describing the token endpoint and the protected route", async () => {
    const response = await send(origin(), "/openapi.json");
    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths)).toEqual(["/token", "/api/data"]);
  });
});

describe("the installed tarball", () => {
  it("loads both entries with require() from a CommonJS file on Node >= 20.19", async () => {
    const script =
      'const oauth2 = require("@saurbit/oauth2"); const node = require("@saurbit/oauth2/node");' +
      "process.stdout.write(JSON.stringify([typeof oauth2.ClientCredentialsFlowBuilder, typeof node.toNodeListener]));";
    const { stdout } = await run(process.execPath, ["-e", script], { cwd: project(), timeout: 20_000 });
    expect(JSON.parse(stdout)).toEqual(["function", "function"]);
  });
});

describe("README.md", () => {
  it('lists in its "Runtimes" table exactly the targets this suite runs', async () => {
    const readme = await readFile(join(ROOT, "README.md"), "utf8");
    const section = readme.split(/^## /m).find((part) => part.startsWith("Runtimes")) ?? "";
    const rows = section
      .split("\n")
      .filter((line) => line.startsWith("|"))
      .slice(2)
      .map((line) => line.split("|")[1]?.trim());
    expect(rows).toEqual(TARGETS.map((target) => target.name));
  });
});
