import { describe, expect, it, vi } from "vitest";
import {
  ClientCredentialsFlowBuilder,
  type ClientCredentialsFlowOptions,
  type IsResourceAllowedHandler,
  OAuth2Error,
} from "../../src/index.js";
import { basic, CLIENTS, makeFlow, type TestClient, tokenRequest } from "../support/fixtures.js";
import {
  callbackFlow,
  expectBadRequest,
  expectRefusedBeforeGetClient,
  expectServerError,
  expectToken,
  expectTokenError,
} from "./token-support.js";

const API = "https://api.example.com";
const REPORTS = "https://reports.example.com/v1";
const AUTHORIZATION = basic("service-a", "secret-a");

/** A Basic-authenticated client_credentials request for service-a with these `resource` values. */
function resourceRequest(resources: readonly string[], extra: Record<string, string> = {}): Request {
  const body = new URLSearchParams({ grant_type: "client_credentials", ...extra });
  for (const resource of resources) body.append("resource", resource);
  return tokenRequest(body.toString(), { authorization: AUTHORIZATION });
}

/**
 * Sends a request to a callback flow and returns the audience generateAccessToken received,
 * or the error code.
 */
async function audienceFor(
  resources: readonly string[],
  options: Partial<ClientCredentialsFlowOptions> = {},
  clients: Record<string, TestClient> = CLIENTS,
  isResourceAllowed?: IsResourceAllowedHandler,
): Promise<string[] | string> {
  const { flow, generateAccessToken } = isResourceAllowed
    ? withPolicy(options, isResourceAllowed, clients)
    : callbackFlow(options, {}, clients);
  const result = await flow.token(resourceRequest(resources));
  if (!result.success) return result.error.code;
  return generateAccessToken.mock.calls[0]?.[0].audience ?? [];
}

/** {@link callbackFlow}'s spies in a fixture flow that also has `isResourceAllowed`. */
function withPolicy(
  options: Partial<ClientCredentialsFlowOptions>,
  isResourceAllowed: IsResourceAllowedHandler,
  clients: Record<string, TestClient>,
) {
  const spies = callbackFlow(options, {}, clients);
  const { flow } = makeFlow(
    options,
    (builder) =>
      builder
        .getClient(spies.getClient)
        .generateAccessToken(spies.generateAccessToken)
        .isResourceAllowed(isResourceAllowed),
    clients,
  );
  return { ...spies, flow };
}

const withClient = (client: Partial<TestClient>): Record<string, TestClient> => ({
  "service-a": { ...(CLIENTS["service-a"] as TestClient), ...client },
});

describe("RFC 8707 §2 resource syntax", () => {
  it.each([
    ["a relative reference", "api"],
    ["an absolute path", "/api"],
    ["a network-path reference", "//api.example.com"],
    ["a fragment", `${API}#part`],
    ["an empty fragment", `${API}#`],
    ["a space", "https://api.example.com/a b"],
    ["a non-ASCII character", "https://äpi.example.com"],
    ["a malformed percent escape", "https://api.example.com/%zz"],
    ["a scheme only", "https:"],
  ])("returns invalid_target (400) for a resource with %s, before getClient (RFC 8707 §2)", async (_, resource) => {
    const { error } = await expectRefusedBeforeGetClient(resourceRequest([resource]), "invalid_target", {
      resources: [API],
    });
    expect(error.description).toBe("Each resource must be an absolute URI without a fragment");
  });

  it("returns invalid_target when one of several resources is malformed (RFC 8707 §2)", async () => {
    await expectRefusedBeforeGetClient(resourceRequest([API, "not a uri"]), "invalid_target", { resources: [API] });
  });

  it("checks the scope syntax before the resources: invalid_scope wins (docs/errors.md order)", async () => {
    await expectRefusedBeforeGetClient(resourceRequest(["#"], { scope: "a  b" }), "invalid_scope");
  });

  it.each([
    ["a URN", "urn:example:inventory"],
    ["a query (SHOULD NOT, not MUST NOT)", "https://api.example.com/?tenant=1"],
    ["a port and a path", "https://api.example.com:8443/v2/"],
  ])("accepts a resource with %s (RFC 8707 §2, RFC 3986 §4.3)", async (_, resource) => {
    expect(await audienceFor([resource], { resources: [resource] })).toEqual([resource]);
  });
});

describe("RFC 8707 §2 allowed resources", () => {
  it("passes the granted resources to generateAccessToken as audience, in order, once each (RFC 8707 §2)", async () => {
    expect(await audienceFor([REPORTS, API, REPORTS], { resources: [API, REPORTS] })).toEqual([REPORTS, API]);
  });

  it("passes an empty audience when the request names no resource (RFC 8707 §2: the default applies)", async () => {
    expect(await audienceFor([], { resources: [API] })).toEqual([]);
  });

  it("refuses any resource with invalid_target when no resource is configured anywhere (RFC 8707 §2)", async () => {
    const { flow } = callbackFlow();
    const { error } = await expectBadRequest(await flow.token(resourceRequest([API])), "invalid_target");
    expect(error.description).toBe("The requested resource is unknown");
  });

  it("refuses a resource outside the flow's resources with invalid_target (RFC 8707 §2)", async () => {
    const { flow } = callbackFlow({ resources: [API] });
    const { error } = await expectBadRequest(await flow.token(resourceRequest([REPORTS])), "invalid_target");
    expect(error.description).toBe("The requested resource is unknown");
  });

  it("compares resources as strings: a trailing slash is another resource (RFC 8707 §2)", async () => {
    expect(await audienceFor([`${API}/`], { resources: [API] })).toBe("invalid_target");
  });

  it("refuses a resource outside the client's resources with invalid_target (RFC 8707 §2)", async () => {
    const { flow } = callbackFlow({ resources: [API, REPORTS] }, {}, withClient({ resources: [API] }));
    const { error } = await expectBadRequest(await flow.token(resourceRequest([REPORTS])), "invalid_target");
    expect(error.description).toBe("The requested resource is not allowed for this client");
    expect(await audienceFor([API], { resources: [API, REPORTS] }, withClient({ resources: [API] }))).toEqual([API]);
  });

  it("lets a client's resources alone decide when the flow lists none (RFC 8707 §2)", async () => {
    expect(await audienceFor([REPORTS], {}, withClient({ resources: [REPORTS] }))).toEqual([REPORTS]);
    expect(await audienceFor([API], {}, withClient({ resources: [REPORTS] }))).toBe("invalid_target");
  });

  it("asks isResourceAllowed about each resource, with the client and the request, after the two lists (RFC 8707 §2)", async () => {
    const decide = vi.fn<IsResourceAllowedHandler>(({ resource }) => resource === API);
    expect(await audienceFor([API], { resources: [API, REPORTS] }, CLIENTS, decide)).toEqual([API]);
    expect(decide).toHaveBeenCalledWith(
      { client: CLIENTS["service-a"], resource: API, request: expect.any(Request) },
      expect.anything(),
    );
    expect(decide.mock.calls[0]?.[1].signal).toBeInstanceOf(AbortSignal);
    expect(await audienceFor([API, REPORTS], { resources: [API, REPORTS] }, CLIENTS, decide)).toBe("invalid_target");
    decide.mockClear();
    expect(await audienceFor([REPORTS], { resources: [API] }, CLIENTS, decide)).toBe("invalid_target");
    expect(decide).not.toHaveBeenCalled();
  });

  it("lets isResourceAllowed alone decide when no list is configured, and takes only true for yes", async () => {
    expect(await audienceFor([REPORTS], {}, CLIENTS, () => true)).toEqual([REPORTS]);
    const truthy = (() => "yes") as unknown as IsResourceAllowedHandler;
    expect(await audienceFor([REPORTS], {}, CLIENTS, truthy)).toBe("invalid_target");
  });

  it("answers a throwing isResourceAllowed with server_error, and an OAuth2Error it throws as it is", async () => {
    const { flow } = withPolicy(
      {},
      () => {
        throw new Error("policy store down");
      },
      CLIENTS,
    );
    await expectServerError(await flow.token(resourceRequest([API])));
    const { flow: refusing } = withPolicy(
      {},
      () => {
        throw new OAuth2Error("invalid_target", { description: "Ask for the EU region" });
      },
      CLIENTS,
    );
    await expectTokenError(await refusing.token(resourceRequest([API])), {
      code: "invalid_target",
      status: 400,
      body: { error: "invalid_target", error_description: "Ask for the EU region" },
    });
  });

  it("issues the token when every resource is allowed (RFC 8707 §2)", async () => {
    const { flow } = callbackFlow({ resources: [API] });
    await expectToken(await flow.token(resourceRequest([API])));
  });
});

describe("resources option", () => {
  it.each([
    ["a relative reference", ["api"]],
    ["a fragment", [`${API}#x`]],
    ["a string instead of an array", API],
  ])("is refused by build() with a TypeError naming resources for %s", (_, resources) => {
    const builder = new ClientCredentialsFlowBuilder({ resources } as Partial<ClientCredentialsFlowOptions>)
      .getClient(() => undefined)
      .generateAccessToken(() => "t");
    expect(() => builder.build()).toThrow(/- resources(\.\d+)?: /);
  });

  it("is set by setResources and frozen, duplicates dropped", () => {
    const flow = new ClientCredentialsFlowBuilder()
      .setResources([API, REPORTS, API])
      .getClient(() => undefined)
      .generateAccessToken(() => "t")
      .build();
    expect(flow.configuration.resources).toEqual([API, REPORTS]);
    expect(Object.isFrozen(flow.configuration.resources)).toBe(true);
  });

  it("refuses an isResourceAllowed that is not a function", () => {
    const builder = new ClientCredentialsFlowBuilder()
      .getClient(() => undefined)
      .generateAccessToken(() => "t")
      .isResourceAllowed("yes" as unknown as IsResourceAllowedHandler);
    expect(() => builder.build()).toThrow(/- isResourceAllowed: must be a function/);
  });
});
