// `npm run demo` end to end: the real script on a free port, its printed curl commands, and
// Swagger UI at /docs driven in headless Chromium (playwright-core, Debian's chromium).
// Screenshots of each browser step go to test-results/e2e/.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const OUTPUT = join(ROOT, "test-results/e2e");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const STEP_TIMEOUT = 10_000;
const run = promisify(execFile);

interface RunningDemo {
  readonly process: ChildProcess;
  readonly origin: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly curlCommands: string[];
  output(): string;
}

/** Starts `npm run demo` on a free port and waits (bounded) until it has printed everything. */
async function startDemo(): Promise<RunningDemo> {
  // Its own process group, so that stopping it reaches npm and node alike, as Ctrl-C does.
  const child = spawn("npm", ["run", "--silent", "demo"], {
    cwd: ROOT,
    env: { ...process.env, PORT: "0" },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
  });
  await new Promise<void>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`the demo did not start in 20 s:\n${output}`)), 20_000);
    const check = (): void => {
      if (output.includes("Ctrl-C stops the server.")) {
        clearTimeout(timer);
        resolvePromise();
      }
    };
    child.stdout.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the demo exited (${code}) before it started:\n${output}`));
    });
  });
  const field = (label: string): string => {
    const match = new RegExp(`${label}:\\s+(\\S+)`).exec(output);
    if (match?.[1] === undefined) throw new Error(`the demo printed no ${label}:\n${output}`);
    return match[1];
  };
  return {
    process: child,
    origin: field("API docs \\(Swagger UI\\)").replace(/\/docs$/, ""),
    clientId: field("client id"),
    clientSecret: field("client secret"),
    curlCommands: output
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line.startsWith("curl ")),
    output: () => output,
  };
}

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** Sends SIGINT to the demo's process group, like Ctrl-C, and waits (bounded) for it to exit. */
async function stopDemo(demo: RunningDemo): Promise<Exit> {
  const { process: child } = demo;
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
    return { code: child.exitCode, signal: child.signalCode };
  }
  const exited = new Promise<Exit>((resolvePromise) =>
    child.once("exit", (code, signal) => resolvePromise({ code, signal })),
  );
  process.kill(-child.pid, "SIGINT");
  const timeout = new Promise<"timeout">((resolvePromise) => setTimeout(() => resolvePromise("timeout"), 5_000));
  const result = await Promise.race([exited, timeout]);
  if (result === "timeout") {
    process.kill(-child.pid, "SIGKILL");
    throw new Error(`the demo did not stop within 5 s of SIGINT:\n${demo.output()}`);
  }
  return result;
}

let demo: RunningDemo;
let stopped = false;

beforeAll(async () => {
  mkdirSync(OUTPUT, { recursive: true });
  demo = await startDemo();
}, 30_000);

afterAll(async () => {
  if (demo !== undefined && !stopped) await stopDemo(demo);
});

describe("npm run demo", () => {
  it("listens on 127.0.0.1 and prints the demo client's id and secret", () => {
    expect(demo.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(demo.clientId).toBe("demo-client");
    expect(demo.clientSecret).toMatch(/^[\w-]{20,}$/);
  });

  it("prints two curl commands that return a token and then the protected data, as printed", async () => {
    expect(demo.curlCommands).toHaveLength(2);
    const [tokenCommand = "", dataCommand = ""] = demo.curlCommands;
    const token = await run("sh", ["-c", tokenCommand], { timeout: 10_000 });
    expect(JSON.parse(token.stdout)).toMatchObject({ token_type: "Bearer", scope: "reports:read" });
    const data = await run("sh", ["-c", dataCommand], { timeout: 10_000 });
    expect(JSON.parse(data.stdout)).toEqual({
      client: "demo-client",
      data: [{ id: "r-1", title: "Weekly usage" }],
    });
  });

  it("serves the metadata and JWK Set documents for its own origin", async () => {
    const metadata = await (await fetch(`${demo.origin}/.well-known/oauth-authorization-server`)).json();
    expect(metadata).toMatchObject({ issuer: demo.origin, token_endpoint: `${demo.origin}/token` });
    const jwks = (await (await fetch(`${demo.origin}/.well-known/jwks.json`)).json()) as { keys: unknown[] };
    expect(jwks.keys).toHaveLength(1);
  });

  it("serves Swagger UI from the installed swagger-ui-dist, without any other origin", async () => {
    const page = await (await fetch(`${demo.origin}/docs`)).text();
    const sources = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) expect(source).toMatch(/^\/docs\//);
    const bundle = await fetch(`${demo.origin}/docs/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
  });
});

describe("Swagger UI at /docs in Chromium", () => {
  let context: BrowserContext;
  let page: Page;
  let userDataDir: string;
  let step = 0;

  /** Saves the next numbered screenshot: the whole page, or only `element` when given. */
  const screenshot = async (name: string, element?: Locator): Promise<void> => {
    step += 1;
    const path = join(OUTPUT, `${String(step).padStart(2, "0")}-${name}.png`);
    await (element === undefined ? page.screenshot({ path }) : element.screenshot({ path }));
  };

  /** Expands a GET operation, runs it with "Try it out" and "Execute", and returns its block. */
  const tryItOut = async (path: string): Promise<Locator> => {
    const operation = page.locator(`#operations-Protected-get_${path.slice(1)}`);
    await operation.locator(".opblock-summary").click();
    await operation.locator("button.try-out__btn").click();
    await operation.locator("button.execute").click();
    await operation.locator(".live-responses-table .response .response-col_status").waitFor();
    await operation.scrollIntoViewIfNeeded();
    return operation;
  };

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`no Chromium at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
    }
    userDataDir = mkdtempSync(join(tmpdir(), "saurbit-e2e-chromium-"));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      timeout: 20_000,
      viewport: { width: 1280, height: 900 },
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
      ],
    });
    context.setDefaultTimeout(STEP_TIMEOUT);
    context.setDefaultNavigationTimeout(STEP_TIMEOUT);
    page = context.pages()[0] ?? (await context.newPage());
  }, 30_000);

  afterAll(async () => {
    await context?.close();
    if (userDataDir !== undefined) rmSync(userDataDir, { recursive: true, force: true });
  });

  it("authorizes with the demo client, gets 200 with a granted scope and 403 insufficient_scope without", async () => {
    const offOrigin: string[] = [];
    page.on("request", (request) => {
      if (!request.url().startsWith(demo.origin)) offOrigin.push(request.url());
    });

    await page.goto(`${demo.origin}/docs`);
    const authorize = page.locator(".auth-wrapper button.authorize");
    await authorize.waitFor();
    await page.locator("#operations-Protected-get_reports").waitFor();
    await screenshot("docs-page");

    await authorize.click();
    const dialog = page.locator(".modal-ux");
    const oauth = dialog.locator(".auth-container").filter({ hasText: "demoAuth" });
    await oauth.locator("input#client_id_clientCredentials").waitFor();
    await screenshot("authorize-dialog");

    await oauth.locator("input#client_id_clientCredentials").fill(demo.clientId);
    await oauth.locator("input#client_secret_clientCredentials").fill(demo.clientSecret);
    // Swagger UI hides the checkbox itself and shows its label as the control.
    await oauth.locator('label[for="reports:read-clientCredentials-checkbox-demoAuth"]').click();
    await expect(oauth.locator('input[data-value="reports:read"]').isChecked()).resolves.toBe(true);
    await screenshot("client-and-scope-entered");

    await oauth.locator("button.modal-btn.authorize").click();
    await oauth.locator("button.modal-btn", { hasText: "Logout" }).waitFor();
    expect(await oauth.locator(".errors").count()).toBe(0);
    await screenshot("authorized");
    await dialog.locator("button.close-modal").click();
    await dialog.waitFor({ state: "detached" });

    const reports = await tryItOut("/reports");
    await screenshot("reports-200", reports);
    const reportsResponse = reports.locator(".live-responses-table .response").first();
    expect((await reportsResponse.locator(".response-col_status").textContent())?.trim()).toBe("200");
    expect(await reportsResponse.locator(".response-col_description").textContent()).toContain("Weekly usage");

    await reports.locator(".opblock-summary").click();
    const inventory = await tryItOut("/inventory");
    await screenshot("inventory-403", inventory);
    const inventoryResponse = inventory.locator(".live-responses-table .response").first();
    expect((await inventoryResponse.locator(".response-col_status").textContent())?.trim()).toBe("403");
    expect(await inventoryResponse.locator(".response-col_description").textContent()).toContain("insufficient_scope");

    expect(offOrigin).toEqual([]);
  }, 45_000);

  it("stops on Ctrl-C (SIGINT): the server closes its connections and the port is released", async () => {
    stopped = true;
    const exit = await stopDemo(demo);
    // npm itself may die of the SIGINT it also received; the server below it exits 0 after "demo stopped".
    expect(exit.code === 0 || exit.signal === "SIGINT").toBe(true);
    expect(demo.output()).toContain("demo stopped");
    await expect(fetch(`${demo.origin}/docs`)).rejects.toThrow();
  });
});
