// Keeps the documentation honest:
// (a) every ```ts / ```typescript block in README.md and docs/**/*.md is typechecked with the
//     project's strict compiler options (Web APIs only, unless the block references Node's types);
//     blocks tagged `example=<file>` must equal that example file; ```json blocks must parse;
//     blocks tagged `output=<name>` must equal what the library really returns; relative links
//     and their #anchors must resolve.
// (b) the examples in docs/examples run: real Requests go through their handlers.
//
// Fence markers (after the language, separated by spaces):
//   pseudo          not compiled (signatures, fragments)
//   example=<path>  the block is the named file, with "../../src/index.js" shown as "@saurbit/oauth2"
//   output=<name>   (json, text) the exact value computed under that name below
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { ClientCredentialsFlowBuilder, formUrlEncode } from "../../src/index.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const GENERATED = join(ROOT, "test/docs/.generated");
const EXAMPLES = join(ROOT, "docs/examples");
const PACKAGE_NAME = "@saurbit/oauth2";
const EXAMPLE_IMPORT = "../../src/index.js";
const NODE_REFERENCE = '/// <reference types="node" />';

interface CodeBlock {
  /** Markdown file, relative to the repository root. */
  readonly file: string;
  /** 1-based line of the block's first code line. */
  readonly line: number;
  readonly lang: string;
  readonly flags: ReadonlySet<string>;
  readonly attributes: ReadonlyMap<string, string>;
  readonly code: string;
}

function markdownFiles(): string[] {
  const files = ["README.md"];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".md")) files.push(path);
    }
  };
  walk("docs");
  return files.sort();
}

const OPENING_FENCE = /^( {0,3})(`{3,}|~{3,})\s*(.*)$/;
const CLOSING_FENCE = /^ {0,3}(`{3,}|~{3,})\s*$/;

/** Fenced code blocks of a CommonMark document (backtick or tilde fences, up to 3 spaces indent). */
function parseCodeBlocks(file: string, text: string): CodeBlock[] {
  const lines = text.split("\n");
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = OPENING_FENCE.exec(lines[i] ?? "");
    if (open === null) continue;
    const indent = open[1]?.length ?? 0;
    const fence = open[2] ?? "```";
    const [lang = "", ...words] = (open[3] ?? "").trim().split(/\s+/);
    const flags = new Set<string>();
    const attributes = new Map<string, string>();
    for (const word of words) {
      const eq = word.indexOf("=");
      if (eq === -1) flags.add(word);
      else attributes.set(word.slice(0, eq), word.slice(eq + 1));
    }
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const line = lines[j] ?? "";
      const close = CLOSING_FENCE.exec(line);
      if (close !== null && close[1]?.[0] === fence[0] && (close[1]?.length ?? 0) >= fence.length) break;
      const leading = line.length - line.trimStart().length;
      body.push(line.slice(Math.min(indent, leading)));
    }
    blocks.push({ file, line: i + 2, lang: lang.toLowerCase(), flags, attributes, code: body.join("\n") });
    i = j;
  }
  return blocks;
}

const DOCS = markdownFiles().map((file) => {
  const text = readFileSync(join(ROOT, file), "utf8");
  return { file, text, blocks: parseCodeBlocks(file, text) };
});
const BLOCKS = DOCS.flatMap((doc) => doc.blocks);
const isTypeScript = (block: CodeBlock): boolean => block.lang === "ts" || block.lang === "typescript";
const TS_BLOCKS = BLOCKS.filter((block) => isTypeScript(block) && !block.flags.has("pseudo"));

function toPosix(path: string): string {
  return path.split("\\").join("/");
}

function relativeSpecifier(fromDir: string, target: string): string {
  const path = toPosix(relative(fromDir, target));
  return path.startsWith(".") ? path : `./${path}`;
}

/**
 * A block as a module in .generated/: the package name points at src/, relative imports are
 * resolved from the Markdown file's folder. Lines stay where they were, so diagnostics map back.
 */
function generatedSource(block: CodeBlock): string {
  const markdownDir = dirname(join(ROOT, block.file));
  const code = block.code.replace(
    /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])([^"']+)\2/g,
    (match, prefix: string, quote: string, specifier: string) => {
      if (specifier === PACKAGE_NAME) {
        return `${prefix}${quote}${relativeSpecifier(GENERATED, join(ROOT, "src/index.js"))}${quote}`;
      }
      // A subpath entry, "@saurbit/oauth2/<name>", is src/<name>/index.ts.
      if (specifier.startsWith(`${PACKAGE_NAME}/`)) {
        const entry = join(ROOT, "src", specifier.slice(PACKAGE_NAME.length + 1), "index.js");
        return `${prefix}${quote}${relativeSpecifier(GENERATED, entry)}${quote}`;
      }
      if (specifier.startsWith("./") || specifier.startsWith("../")) {
        return `${prefix}${quote}${relativeSpecifier(GENERATED, resolve(markdownDir, specifier))}${quote}`;
      }
      return match;
    },
  );
  // `export {}` makes every block a module, so blocks do not share one global scope.
  return `${code}\nexport {};\n`;
}

// What a snippet may use without declaring it; docs/README.md says so to readers.
const GLOBALS_FILE = "doc-globals.d.ts";
function globalsSource(): string {
  const entry = relativeSpecifier(GENERATED, join(ROOT, "src/index.js"));
  return [
    `import type { ClientCredentialsFlow } from "${entry}";`,
    "declare global {",
    "  /** A built flow, as in docs/getting-started.md. */",
    "  const flow: ClientCredentialsFlow;",
    "  /** The incoming request. */",
    "  const request: Request;",
    "}",
    "export {};",
    "",
  ].join("\n");
}

/** The project's compiler options (tsconfig.json: strict, Web APIs only), for application code. */
function compilerOptions(): ts.CompilerOptions {
  const configPath = join(ROOT, "tsconfig.json");
  const read = ts.readConfigFile(configPath, ts.sys.readFile);
  if (read.error !== undefined) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, "\n"));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, ROOT, undefined, configPath);
  return { ...parsed.options, noEmit: true, declaration: false, isolatedDeclarations: false };
}

interface Located {
  readonly where: string;
  readonly message: string;
}

function typecheck(files: readonly string[], where: (file: string, line: number) => string): Located[] {
  if (files.length === 0) return [];
  const program = ts.createProgram({ rootNames: [...files], options: compilerOptions() });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
    if (diagnostic.file === undefined || diagnostic.start === undefined) return { where: "(program)", message };
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    return { where: where(diagnostic.file.fileName, line), message };
  });
}

describe("documentation code blocks", () => {
  const generated = new Map<string, CodeBlock>();

  beforeAll(() => {
    rmSync(GENERATED, { recursive: true, force: true });
    mkdirSync(GENERATED, { recursive: true });
    writeFileSync(join(GENERATED, GLOBALS_FILE), globalsSource());
    for (const block of TS_BLOCKS) {
      const name = `${block.file.replace(/[^A-Za-z0-9]+/g, "_")}_L${block.line}.ts`;
      const path = join(GENERATED, name);
      writeFileSync(path, generatedSource(block));
      generated.set(toPosix(path), block);
    }
  });

  it("finds TypeScript blocks in the README and in docs/", () => {
    expect(TS_BLOCKS.some((block) => block.file === "README.md")).toBe(true);
    expect(TS_BLOCKS.filter((block) => block.file.startsWith("docs/")).length).toBeGreaterThan(10);
  });

  it("gives every fenced block a language", () => {
    const unlabelled = BLOCKS.filter((block) => block.lang === "").map((block) => `${block.file}:${block.line}`);
    expect(unlabelled).toEqual([]);
  });

  it("typechecks every TypeScript block and example with the project's strict options", () => {
    const where = (file: string, line: number): string => {
      const block = generated.get(toPosix(file));
      if (block !== undefined) return `${block.file}:${block.line + line}`;
      return `${toPosix(relative(ROOT, file))}:${line + 1}`;
    };
    const examples = readdirSync(EXAMPLES)
      .filter((name) => name.endsWith(".ts"))
      .map((name) => join(EXAMPLES, name));
    const blockFiles = [...generated.keys()];
    const usesNode = (file: string): boolean => readFileSync(file, "utf8").includes(NODE_REFERENCE);
    const globals = join(GENERATED, GLOBALS_FILE);
    // Two programs: a file that references Node's types would otherwise lend them to all others.
    const web = [...blockFiles, ...examples].filter((file) => !usesNode(file));
    const node = [...blockFiles, ...examples].filter(usesNode);
    const problems = [...typecheck([globals, ...web], where), ...typecheck([globals, ...node], where)];
    expect(problems).toEqual([]);
  }, 120_000);

  it("shows each example file exactly as it is (example=<path>)", () => {
    const tagged = BLOCKS.filter((block) => block.attributes.has("example"));
    expect(tagged.map((block) => block.attributes.get("example"))).toContain("docs/examples/quick-start.ts");
    for (const block of tagged) {
      const file = block.attributes.get("example") ?? "";
      const source = readFileSync(join(ROOT, file), "utf8").split(`"${EXAMPLE_IMPORT}"`).join(`"${PACKAGE_NAME}"`);
      expect(`${block.code}\n`, `${block.file}:${block.line} shows ${file}`).toBe(source);
    }
  });

  it("parses every JSON block", () => {
    for (const block of BLOCKS.filter((b) => b.lang === "json")) {
      expect(() => JSON.parse(block.code), `${block.file}:${block.line}`).not.toThrow();
    }
  });

  it("prints the library's real output where a block says output=<name>", async () => {
    const { flow } = await import("../../docs/examples/full-example.js");
    const outputs: Record<string, () => unknown> = {
      // docs/openapi.md, for the flow of docs/examples/full-example.ts
      "security-scheme": () => flow.toOpenAPISecurityScheme(),
      "path-item": () => flow.toOpenAPIPathItem(["data:read"]),
      "operation-security": () => flow.toOpenAPIOperationSecurity(["data:write"]),
      paths: () => flow.toOpenAPIPaths(),
      components: () => flow.toOpenAPIComponents(),
      // docs/getting-started.md
      "build-error": () => {
        try {
          new ClientCredentialsFlowBuilder({ accessTokenLifetime: 0, scopes: { "read data": "Read" } }).build();
        } catch (error) {
          return String(error);
        }
        return "build() did not throw";
      },
    };
    const tagged = BLOCKS.filter((block) => block.attributes.has("output"));
    expect(new Set(tagged.map((block) => block.attributes.get("output")))).toEqual(new Set(Object.keys(outputs)));
    for (const block of tagged) {
      const name = block.attributes.get("output") ?? "";
      const compute = outputs[name];
      expect(compute, `${block.file}:${block.line}: unknown output ${name}`).toBeDefined();
      const shown = block.lang === "json" ? JSON.parse(block.code) : block.code;
      expect(shown, `${block.file}:${block.line}`).toEqual(compute?.());
    }
  });

  it("links only to files and headings that exist", () => {
    const broken: string[] = [];
    for (const { file, text } of DOCS) {
      const withoutCode = text.replace(/^( {0,3})(`{3,}|~{3,})[\s\S]*?^\1\2\s*$/gm, "");
      for (const match of withoutCode.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = match[1] ?? "";
        if (/^[a-z]+:/i.test(target)) continue;
        const [path = "", anchor] = target.split("#");
        const resolved = path === "" ? join(ROOT, file) : resolve(dirname(join(ROOT, file)), path);
        if (!existsSync(resolved)) {
          broken.push(`${file}: ${target}`);
          continue;
        }
        if (anchor !== undefined && resolved.endsWith(".md") && !headingSlugs(resolved).has(anchor)) {
          broken.push(`${file}: ${target} (no such heading)`);
        }
      }
    }
    expect(broken).toEqual([]);
  });
});

/** GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens, duplicates numbered. */
function headingSlugs(file: string): Set<string> {
  const text = readFileSync(file, "utf8").replace(/^( {0,3})(`{3,}|~{3,})[\s\S]*?^\1\2\s*$/gm, "");
  const slugs = new Set<string>();
  const counts = new Map<string, number>();
  for (const match of text.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = (match[1] ?? "")
      .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const count = counts.get(base) ?? 0;
    counts.set(base, count + 1);
    slugs.add(count === 0 ? base : `${base}-${count}`);
  }
  return slugs;
}

// ---------------------------------------------------------------------------------------------
// (b) The examples run.

function basic(clientId: string, clientSecret: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(`${formUrlEncode(clientId)}:${formUrlEncode(clientSecret)}`)) {
    binary += String.fromCharCode(byte);
  }
  return `Basic ${btoa(binary)}`;
}

const FORM = { "content-type": "application/x-www-form-urlencoded" };

function tokenRequest(body: Record<string, string>, headers: Record<string, string> = {}): Request {
  return new Request("http://localhost/token", {
    method: "POST",
    headers: { ...FORM, ...headers },
    body: new URLSearchParams(body),
  });
}

async function accessToken(response: Response): Promise<string> {
  expect(response.status).toBe(200);
  const body = (await response.json()) as { access_token: string };
  return body.access_token;
}

describe("docs/examples/quick-start.ts", () => {
  const secret = "s3cr3t-change-me";

  it("issues a token to a client authenticated with Basic", async () => {
    const { handler } = await import("../../docs/examples/quick-start.js");
    const response = await handler(
      tokenRequest(
        { grant_type: "client_credentials", scope: "read:data" },
        { authorization: basic("reporting-service", secret) },
      ),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toEqual({
      access_token: expect.any(String),
      token_type: "Bearer",
      expires_in: 3600,
      scope: "read:data",
    });
  });

  it("serves the protected route (200) to a token with the scope, 403 insufficient_scope without it", async () => {
    const { handler } = await import("../../docs/examples/quick-start.js");
    const token = await accessToken(
      await handler(
        tokenRequest(
          { grant_type: "client_credentials", scope: "read:data" },
          { authorization: basic("reporting-service", secret) },
        ),
      ),
    );
    const auth = { authorization: `Bearer ${token}` };

    const read = await handler(new Request("http://localhost/reports", { headers: auth }));
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual({ client: "reporting-service", reports: [] });

    const write = await handler(new Request("http://localhost/reports", { method: "POST", headers: auth }));
    expect(write.status).toBe(403);
    expect(write.headers.get("www-authenticate")).toBe(
      'Bearer realm="oauth2", error="insufficient_scope", error_description="The access token does not grant the required scope", scope="write:data"',
    );
    expect(await write.json()).toEqual({
      error: "insufficient_scope",
      error_description: "The access token does not grant the required scope",
    });
  });

  it("answers 401 with an empty body to a request without a token", async () => {
    const { handler } = await import("../../docs/examples/quick-start.js");
    const response = await handler(new Request("http://localhost/reports"));
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="oauth2", scope="read:data"');
    expect(await response.text()).toBe("");
  });

  it("answers invalid_client (401, WWW-Authenticate: Basic) to a wrong secret and 405 to GET /token", async () => {
    const { handler } = await import("../../docs/examples/quick-start.js");
    const wrong = await handler(
      tokenRequest({ grant_type: "client_credentials" }, { authorization: basic("reporting-service", "nope") }),
    );
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toBe('Basic realm="oauth2"');
    expect(await wrong.json()).toEqual({ error: "invalid_client", error_description: "Client authentication failed" });

    const get = await handler(new Request("http://localhost/token"));
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
  });

  it("rejects a scope outside the client's allow-list with invalid_scope", async () => {
    const { handler } = await import("../../docs/examples/quick-start.js");
    const response = await handler(
      tokenRequest(
        { grant_type: "client_credentials", scope: "write:data" },
        { authorization: basic("reporting-service", secret) },
      ),
    );
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe("invalid_scope");
  });
});

describe("docs/examples/full-example.ts", () => {
  it("issues JWTs to Basic and post clients and checks scopes on /data", async () => {
    const { handler } = await import("../../docs/examples/full-example.js");
    const inventory = await accessToken(
      await handler(
        tokenRequest(
          { grant_type: "client_credentials", scope: "data:read data:write" },
          { authorization: basic("inventory-service", "inventory-secret-change-me") },
        ),
      ),
    );
    expect(inventory.split(".")).toHaveLength(3);
    const write = await handler(
      new Request("http://localhost/data", { method: "POST", headers: { authorization: `Bearer ${inventory}` } }),
    );
    expect(write.status).toBe(202);
    expect(await write.json()).toEqual({ client: "inventory-service", accepted: true });

    const tokenResponse = await handler(
      tokenRequest({
        grant_type: "client_credentials",
        client_id: "report-generator",
        client_secret: "report-secret-change-me",
      }),
    );
    expect(tokenResponse.status).toBe(200);
    const body = (await tokenResponse.json()) as Record<string, unknown>;
    // No scope requested and no default configured: an empty grant, no `scope` member.
    expect(body).toEqual({ access_token: expect.any(String), token_type: "Bearer", expires_in: 1800 });
    const read = await handler(
      new Request("http://localhost/data", { headers: { authorization: `Bearer ${body.access_token}` } }),
    );
    expect(read.status).toBe(403);
  });

  it("refuses a client using another method than the one it registered", async () => {
    const { handler } = await import("../../docs/examples/full-example.js");
    const response = await handler(
      tokenRequest(
        { grant_type: "client_credentials" },
        { authorization: basic("report-generator", "report-secret-change-me") },
      ),
    );
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Basic realm="oauth2"');
    expect(((await response.json()) as { error: string }).error).toBe("invalid_client");
  });

  it("answers a wrong body secret with invalid_client, 400 and no challenge", async () => {
    const { handler } = await import("../../docs/examples/full-example.js");
    const response = await handler(
      tokenRequest({ grant_type: "client_credentials", client_id: "report-generator", client_secret: "wrong" }),
    );
    expect(response.status).toBe(400);
    expect(response.headers.has("www-authenticate")).toBe(false);
    expect(await response.json()).toEqual({
      error: "invalid_client",
      error_description: "Client authentication failed",
    });
  });

  it("rejects a forged token with invalid_token", async () => {
    const { handler } = await import("../../docs/examples/full-example.js");
    const response = await handler(
      new Request("http://localhost/data", { headers: { authorization: "Bearer eyJhbGciOiJub25lIn0.e30." } }),
    );
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toContain('error="invalid_token"');
  });

  it("serves the OpenAPI document built from the flow", async () => {
    const { handler, openApiDocument } = await import("../../docs/examples/full-example.js");
    const response = await handler(new Request("http://localhost/openapi.json"));
    expect(response.status).toBe(200);
    const document = (await response.json()) as typeof openApiDocument;
    expect(document).toEqual(JSON.parse(JSON.stringify(openApiDocument)));
    expect(Object.keys(document.paths)).toEqual(["/token", "/data"]);
    expect(Object.keys(document.components.securitySchemes)).toEqual(["serviceAuth", "clientSecretBasic"]);
  });
});

describe("docs/examples/node-server.ts", () => {
  it("serves the quick start over real HTTP", async () => {
    const { createFetchServer } = await import("../../docs/examples/node-server.js");
    const { handler } = await import("../../docs/examples/quick-start.js");
    const server = createFetchServer(handler);
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    try {
      const { port } = server.address() as AddressInfo;
      const base = `http://127.0.0.1:${port}`;
      const tokenResponse = await fetch(`${base}/token`, {
        method: "POST",
        headers: { ...FORM, authorization: basic("reporting-service", "s3cr3t-change-me") },
        body: "grant_type=client_credentials&scope=read%3Adata",
      });
      const token = await accessToken(tokenResponse);
      const read = await fetch(`${base}/reports`, { headers: { authorization: `Bearer ${token}` } });
      expect(read.status).toBe(200);
      const anonymous = await fetch(`${base}/reports`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get("www-authenticate")).toBe('Bearer realm="oauth2", scope="read:data"');
    } finally {
      await new Promise<void>((done, fail) => server.close((error) => (error ? fail(error) : done())));
    }
  });
});
