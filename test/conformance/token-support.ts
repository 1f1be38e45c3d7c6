import { expect, vi } from "vitest";
import {
  type ClientCredentialsFlow,
  type ClientCredentialsFlowOptions,
  type GenerateAccessTokenHandler,
  type GetClientHandler,
  type OAuth2Error,
  type TokenResult,
  verifyClientSecret,
} from "../../src/index.js";
import { basic, CLIENTS, makeFlow, read, type TestClient, TOKEN_URL, tokenRequest } from "../support/fixtures.js";

/** The challenge every 401 of a default flow carries (RFC 6749 §5.2, realm "oauth2"). */
export const BASIC_CHALLENGE = 'Basic realm="oauth2"';
/** The only `error_description` of a `server_error` caused by a callback (behaviour rule 11). */
export const UNEXPECTED_ERROR = "The authorization server encountered an unexpected error";
/** The access token the callback flow's default `generateAccessToken` issues. */
export const ISSUED_TOKEN = "issued-access-token";

export const GRANT = { grant_type: "client_credentials" } as const;

/** A client_credentials request with the given `Authorization` value and extra body parameters. */
export function authorizedRequest(authorization: string, extra: Record<string, string> = {}): Request {
  return tokenRequest({ ...GRANT, ...extra }, { authorization });
}

/** A client_credentials request authenticated with `client_secret_post` as `service-a`. */
export function postTokenRequest(extra: Record<string, string> = {}): Request {
  return tokenRequest({ ...GRANT, client_id: "service-a", client_secret: "secret-a", ...extra });
}

/** A client_credentials request for `service-a` with a wrong Basic secret. */
export function wrongSecretRequest(): Request {
  return authorizedRequest(basic("service-a", "wrong"));
}

/** A POST to the token endpoint whose body is the given octets, sent as they are. */
export function rawRequest(body: Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}): Request {
  return new Request(TOKEN_URL, { method: "POST", headers, body });
}

export interface CallbackFlow {
  flow: ClientCredentialsFlow;
  getClient: ReturnType<typeof vi.fn<GetClientHandler>>;
  generateAccessToken: ReturnType<typeof vi.fn<GenerateAccessTokenHandler>>;
}

/**
 * A flow whose callbacks are spies. Unless replaced, `getClient` looks the client up in `clients`
 * and checks its secret, and `generateAccessToken` issues {@link ISSUED_TOKEN}.
 */
export function callbackFlow(
  options: Partial<ClientCredentialsFlowOptions> = {},
  callbacks: { getClient?: GetClientHandler; generateAccessToken?: GenerateAccessTokenHandler } = {},
  clients: Record<string, TestClient> = CLIENTS,
): CallbackFlow {
  const getClient = vi.fn<GetClientHandler>(
    callbacks.getClient ??
      (async ({ clientId, clientSecret }) => {
        const client = clients[clientId];
        return client !== undefined && (await verifyClientSecret(clientSecret, client.secret)) ? client : undefined;
      }),
  );
  const generateAccessToken = vi.fn<GenerateAccessTokenHandler>(
    callbacks.generateAccessToken ?? (() => ({ accessToken: ISSUED_TOKEN })),
  );
  const { flow } = makeFlow(options, (builder) =>
    builder.getClient(getClient).generateAccessToken(generateAccessToken),
  );
  return { flow, getClient, generateAccessToken };
}

/** The three headers every token endpoint response carries (RFC 6749 §5.1, §5.2). */
function noStoreJsonHeaders(headers: Headers): Record<string, string | null> {
  return {
    "content-type": headers.get("content-type"),
    "cache-control": headers.get("cache-control"),
    pragma: headers.get("pragma"),
  };
}

const NO_STORE_JSON = {
  "content-type": "application/json;charset=UTF-8",
  "cache-control": "no-store",
  pragma: "no-cache",
};

export interface ExpectedError {
  code: string;
  status: number;
  /** The exact `WWW-Authenticate` value; default: the header is absent. */
  challenge?: string;
  /** The exact body; default `{ error: code, error_description: <any string> }`. */
  body?: Record<string, unknown>;
}

/**
 * Asserts a failed token result: error code and status, and its response: status, exact JSON
 * body, `Content-Type`, `Cache-Control: no-store`, `Pragma: no-cache` and `WWW-Authenticate`.
 */
export async function expectTokenError(
  result: TokenResult,
  expected: ExpectedError,
): Promise<{ error: OAuth2Error; text: string; headers: Headers }> {
  if (result.success) return expect.unreachable(`expected ${expected.code}, got a token`);
  expect({ code: result.error.code, status: result.error.status }).toEqual({
    code: expected.code,
    status: expected.status,
  });
  const response = result.toResponse();
  const text = await response.clone().text();
  const { status, headers, body } = await read(response);
  expect(status).toBe(expected.status);
  expect(body).toEqual(expected.body ?? { error: expected.code, error_description: expect.any(String) });
  expect(noStoreJsonHeaders(headers)).toEqual(NO_STORE_JSON);
  expect(headers.get("www-authenticate")).toBe(expected.challenge ?? null);
  return { error: result.error, text, headers };
}

/** `server_error` (500) with the fixed description, as a callback failure is answered. */
export function expectServerError(result: TokenResult): ReturnType<typeof expectTokenError> {
  return expectTokenError(result, {
    code: "server_error",
    status: 500,
    body: { error: "server_error", error_description: UNEXPECTED_ERROR },
  });
}

/** `invalid_client` as RFC 6749 §5.2 answers it for a request that used (or could use) HTTP Basic. */
export const INVALID_CLIENT_401: ExpectedError = { code: "invalid_client", status: 401, challenge: BASIC_CHALLENGE };
/** `invalid_client` for credentials in the body, or when Basic is not enabled: 400, no challenge. */
export const INVALID_CLIENT_400: ExpectedError = { code: "invalid_client", status: 400 };

/** `invalid_client`: 401 with the Basic challenge, or 400 without one when `challenge` is `false`. */
export function expectInvalidClient(
  result: TokenResult,
  challenge: string | false = BASIC_CHALLENGE,
): ReturnType<typeof expectTokenError> {
  return expectTokenError(result, challenge === false ? INVALID_CLIENT_400 : { ...INVALID_CLIENT_401, challenge });
}

/** `code` with status 400 and no challenge. */
export function expectBadRequest(result: TokenResult, code: string): ReturnType<typeof expectTokenError> {
  return expectTokenError(result, { code, status: 400 });
}

/**
 * Sends `request` to a fresh {@link callbackFlow} and asserts the error (a bare code means 400,
 * no challenge) and that it was decided before `getClient` was called.
 */
export async function expectRefusedBeforeGetClient(
  request: Request,
  expected: string | ExpectedError,
  options: Partial<ClientCredentialsFlowOptions> = {},
  clients: Record<string, TestClient> = CLIENTS,
): ReturnType<typeof expectTokenError> {
  const { flow, getClient } = callbackFlow(options, {}, clients);
  const outcome = await expectTokenError(
    await flow.token(request),
    typeof expected === "string" ? { code: expected, status: 400 } : expected,
  );
  expect(getClient).not.toHaveBeenCalled();
  return outcome;
}

export interface ExpectedToken {
  /** Default: any string. */
  accessToken?: string;
  /** Default 3600. */
  expiresIn?: number;
  /** The `scope` member; default: absent. */
  scope?: string;
}

/**
 * Asserts a successful token result and its response: 200, the exact body
 * `{ access_token, token_type: "Bearer", expires_in, scope? }` and the no-store headers.
 */
export async function expectToken(
  result: TokenResult,
  expected: ExpectedToken = {},
): Promise<{ body: unknown; text: string; headers: Headers }> {
  if (!result.success) return expect.unreachable(`expected a token, got ${result.error.code}`);
  const response = result.toResponse();
  const text = await response.clone().text();
  const { status, headers, body } = await read(response);
  expect(status).toBe(200);
  expect(body).toEqual({
    access_token: expected.accessToken ?? expect.any(String),
    token_type: "Bearer",
    expires_in: expected.expiresIn ?? 3600,
    ...(expected.scope === undefined ? {} : { scope: expected.scope }),
  });
  expect(result.tokenResponse).toEqual(body);
  expect(noStoreJsonHeaders(headers)).toEqual(NO_STORE_JSON);
  return { body, text, headers };
}

/** Sends `request` to a fresh fixture flow with `options` and `clients` and asserts the token response. */
export async function expectIssued(
  request: Request,
  expected: ExpectedToken = {},
  options: Partial<ClientCredentialsFlowOptions> = {},
  clients: Record<string, TestClient> = CLIENTS,
): ReturnType<typeof expectToken> {
  const { flow } = makeFlow(options, undefined, clients);
  return expectToken(await flow.token(request), expected);
}
