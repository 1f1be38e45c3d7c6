import fc from "fast-check";
import { formUrlEncode } from "../../src/index.js";
import { base64Utf8, basic, CLIENTS, FORM, ORIGIN, type TestClient } from "../support/fixtures.js";

/** Seed and run count shared by every property: reproducible and well under the time budget. */
export const PROPERTY_OPTIONS = { seed: 42, numRuns: 1000 } as const;

/** The fixture registry plus a client whose id and secret need Appendix B encoding. */
export const UNICODE_CLIENT: TestClient = {
  id: "ünïcode:client +%",
  secret: "pässwörd:+%/= 1",
  grants: ["client_credentials"],
};
export const REGISTRY: Record<string, TestClient> = { ...CLIENTS, [UNICODE_CLIENT.id]: UNICODE_CLIENT };
const REGISTERED = Object.values(REGISTRY);

/** Every form in which a registered secret could leak into a response. */
export const SECRET_NEEDLES: readonly string[] = [
  ...new Set(REGISTERED.flatMap((client) => [client.secret, formUrlEncode(client.secret)])),
];

/** A plain description of a request, so mutations stay data until the request is built. */
export interface RequestSpec {
  method: string;
  url: string;
  headers: Array<[string, string]>;
  body: string | Uint8Array<ArrayBuffer>;
}

export function toRequest(spec: RequestSpec): Request {
  const bodyless = spec.method.toUpperCase() === "GET" || spec.method.toUpperCase() === "HEAD";
  return new Request(spec.url, {
    method: spec.method,
    headers: spec.headers,
    body: bodyless ? null : spec.body,
  });
}

// RFC 9110 §5.6.2 tchar; the Fetch API refuses CONNECT, TRACE and TRACK.
const tchar = fc.constantFrom(..."!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
const httpToken = fc.string({ unit: tchar, minLength: 1, maxLength: 12 });
const FORBIDDEN_METHODS = new Set(["CONNECT", "TRACE", "TRACK"]);

export const method: fc.Arbitrary<string> = fc
  .oneof(fc.constantFrom("POST", "post", "GET", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS"), httpToken)
  .filter((name) => !FORBIDDEN_METHODS.has(name.toUpperCase()));

// A Headers value is a ByteString without NUL, CR or LF.
const headerOctet = fc
  .integer({ min: 0x01, max: 0xff })
  .filter((code) => code !== 0x0a && code !== 0x0d)
  .map((code) => String.fromCharCode(code));
const headerValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: headerOctet, maxLength: 40 }),
  fc.nat({ max: 200_000 }).map(String),
);

const headerName = fc.oneof(
  fc.constantFrom("authorization", "Authorization", "content-type", "content-length", "x-forwarded-proto", "forwarded"),
  httpToken,
);

/** Any headers the Fetch API accepts, names repeated at will. */
export const headers: fc.Arbitrary<Array<[string, string]>> = fc.array(fc.tuple(headerName, headerValue), {
  maxLength: 5,
});

export const contentType: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    FORM,
    `${FORM}; charset=utf-8`,
    'Application/X-WWW-Form-Urlencoded;Charset="UTF-8"',
    `${FORM}; charset=iso-8859-1`,
    `${FORM}-x`,
    `text/plain; x=${FORM}`,
    "application/json",
  ),
  headerValue,
);

const randomBase64 = fc.base64String({ maxLength: 40 });
const randomCredentials = fc.tuple(fc.string({ unit: "binary", minLength: 1 }), fc.string({ unit: "binary" }));

/** Authorization values: real and forged Basic credentials, other schemes, junk. */
export const authorization: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...REGISTERED.map((client) => basic(client.id, client.secret))),
  randomCredentials.map(([id, secret]) => basic(id, secret)),
  randomCredentials.map(([id, secret]) => `Basic ${base64Utf8(`${id}:${secret}`)}`),
  randomBase64.map((value) => `Basic ${value}`),
  fc.constantFrom("Basic", "Basic ", "basic Og==", "BASIC c2VydmljZS1hOg==", "Bearer abc", "Bearer"),
  headerValue,
);

const parameterName = fc.oneof(
  fc.constantFrom("grant_type", "client_id", "client_secret", "scope", "resource", "access_token"),
  fc.string({ maxLength: 8 }),
);
const parameterValue = fc.oneof(
  fc.constantFrom(
    "client_credentials",
    "",
    "read:data",
    "write:data",
    "read:data write:data",
    "%",
    "%zz",
    "%C3",
    ...REGISTERED.flatMap((client) => [client.id, client.secret]),
  ),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: "binary", maxLength: 12 }),
);

/**
 * Form bodies, often led by a real grant_type: encoded by URLSearchParams, or joined raw
 * (stray `%`, `&`, `=` and all).
 */
export const formBody: fc.Arbitrary<string> = fc
  .tuple(fc.array(fc.tuple(parameterName, parameterValue), { maxLength: 6 }), fc.boolean(), fc.boolean())
  .map(([pairs, granted, encoded]) => {
    if (granted) pairs.unshift(["grant_type", "client_credentials"]);
    return encoded ? new URLSearchParams(pairs).toString() : pairs.map(([name, value]) => `${name}=${value}`).join("&");
  });

export const body: fc.Arbitrary<string | Uint8Array<ArrayBuffer>> = fc.oneof(
  formBody,
  fc.uint8Array({ maxLength: 120 }).map((bytes) => new Uint8Array(bytes)),
  fc.string({ unit: "binary", maxLength: 60 }),
);

/**
 * A request with nothing in common with a real one, though often a POST with a
 * form-like Content-Type so that it gets past the first checks.
 */
export const arbitraryRequest = (path: string): fc.Arbitrary<RequestSpec> =>
  fc.record({
    method: fc.oneof({ arbitrary: fc.constant("POST"), weight: 2 }, { arbitrary: method, weight: 1 }),
    url: fc.webPath().map((suffix) => `${ORIGIN}${path}${suffix}`),
    headers: fc
      .tuple(fc.option(contentType), headers)
      .map(([type, rest]): Array<[string, string]> => (type === null ? rest : [["content-type", type], ...rest])),
    body,
  });

type Parameters = Array<[string, string]>;

/** One edit of a real token request; `at` picks an entry modulo the list's length. */
interface Mutation {
  kind: "drop" | "repeat" | "empty" | "replace" | "add" | "dropHeader" | "header" | "corrupt" | "method";
  at: number;
  name: string;
  value: string;
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constantFrom("drop", "repeat", "empty", "dropHeader"),
    at: fc.nat(),
    name: fc.constant(""),
    value: fc.constant(""),
  }),
  fc.record({ kind: fc.constantFrom("replace", "add"), at: fc.nat(), name: parameterName, value: parameterValue }),
  fc.record({ kind: fc.constant("header"), at: fc.nat(), name: headerName, value: headerValue }),
  fc.record({ kind: fc.constant("header"), at: fc.nat(), name: fc.constant("content-type"), value: contentType }),
  fc.record({ kind: fc.constant("header"), at: fc.nat(), name: fc.constant("authorization"), value: authorization }),
  fc.record({
    kind: fc.constant("corrupt"),
    at: fc.nat({ max: 40 }),
    name: fc.constant(""),
    value: fc.constantFrom(..."A/+=:%"),
  }),
  fc.record({ kind: fc.constant("method"), at: fc.nat(), name: fc.constant(""), value: method }),
);

function mutate(spec: RequestSpec, parameters: Parameters, { kind, at, name, value }: Mutation): void {
  const parameter = parameters[at % (parameters.length || 1)];
  switch (kind) {
    case "drop":
      parameters.splice(at % (parameters.length || 1), 1);
      break;
    case "repeat":
      if (parameter !== undefined) parameters.push([...parameter]);
      break;
    case "empty":
    case "replace":
      if (parameter !== undefined) parameter[1] = value;
      break;
    case "add":
      parameters.push([name, value]);
      break;
    case "dropHeader":
      spec.headers.splice(at % (spec.headers.length || 1), 1);
      break;
    case "header":
      spec.headers.push([name, value]);
      break;
    case "corrupt":
      // Overwrites one character of the Basic credentials (past "Basic ").
      for (const header of spec.headers) {
        if (header[0] === "authorization") header[1] = header[1].slice(0, 6 + at) + value + header[1].slice(7 + at);
      }
      break;
    case "method":
      spec.method = value;
      break;
  }
}

/**
 * A real token request (client_secret_basic or client_secret_post for a registered client,
 * maybe with a scope) under a few random mutations.
 */
export const mutatedTokenRequest: fc.Arbitrary<RequestSpec> = fc
  .record({
    client: fc.constantFrom(...REGISTERED),
    viaBasic: fc.boolean(),
    scope: fc.constantFrom(undefined, "read:data", "write:data", "read:data write:data"),
    mutations: fc.array(mutation, { maxLength: 3 }),
  })
  .map(({ client, viaBasic, scope, mutations }) => {
    const parameters: Parameters = [["grant_type", "client_credentials"]];
    if (scope !== undefined) parameters.push(["scope", scope]);
    const spec: RequestSpec = { method: "POST", url: `${ORIGIN}/token`, headers: [["content-type", FORM]], body: "" };
    if (viaBasic) spec.headers.push(["authorization", basic(client.id, client.secret)]);
    else parameters.push(["client_id", client.id], ["client_secret", client.secret]);
    for (const edit of mutations) mutate(spec, parameters, edit);
    return { ...spec, body: new URLSearchParams(parameters).toString() };
  });

// RFC 6749 §5.2: error and error_description are %x20-21 / %x23-5B / %x5D-7E; error_uri drops %x20.
export const NQSCHAR = /^[\x20\x21\x23-\x5B\x5D-\x7E]+$/;
export const URI_CHARS = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/** Whether any registered secret appears in the response's headers or body. */
export function leaksSecret(response: Response, text: string): boolean {
  const exposed = [text, ...[...response.headers].flat()];
  return SECRET_NEEDLES.some((secret) => exposed.some((part) => part.includes(secret)));
}
