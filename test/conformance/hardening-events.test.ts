import { describe, expect, it } from "vitest";
import type {
  ClientAuthenticationFailedEvent,
  OAuth2FlowEvents,
  TokenIssuedEvent,
  TokenRejectedEvent,
} from "../../src/index.js";
import { basic, makeFlow, tokenRequest } from "../support/fixtures.js";
import { bearer, resourceFlow, resourceRequest } from "./resource-support.js";
import { authorizedRequest, expectInvalidClient, expectToken, expectTokenError } from "./token-support.js";

type Recorded = TokenIssuedEvent | ClientAuthenticationFailedEvent | TokenRejectedEvent;

/** Events that record what they receive, by name. */
function recorder(): { events: OAuth2FlowEvents; seen: Array<[string, Recorded]> } {
  const seen: Array<[string, Recorded]> = [];
  return {
    seen,
    events: {
      onTokenIssued: (event) => void seen.push(["onTokenIssued", event]),
      onClientAuthenticationFailed: (event) => void seen.push(["onClientAuthenticationFailed", event]),
      onTokenRejected: (event) => void seen.push(["onTokenRejected", event]),
    },
  };
}

describe("flow events (observability without logging)", () => {
  it("reports an issued token with client, method, scope, audience and lifetime, but not the token (RFC 6749 §5.1)", async () => {
    const { events, seen } = recorder();
    const { flow } = makeFlow({ events });
    const result = await flow.token(authorizedRequest(basic("service-a", "secret-a"), { scope: "read:data" }));
    await expectToken(result, { scope: "read:data" });
    expect(seen).toEqual([
      [
        "onTokenIssued",
        {
          clientId: "service-a",
          authenticationMethod: "client_secret_basic",
          scope: ["read:data"],
          audience: [],
          expiresIn: 3600,
        },
      ],
    ]);
    if (result.success) expect(JSON.stringify(seen)).not.toContain(result.tokenResponse.access_token);
  });

  it.each<[string, Request, Partial<ClientAuthenticationFailedEvent>]>([
    ["missing_credentials", tokenRequest({ grant_type: "client_credentials" }), { clientId: undefined, status: 401 }],
    ["malformed_credentials", authorizedRequest("Basic !!!"), { clientId: undefined, status: 401 }],
    [
      "invalid_credentials",
      authorizedRequest(basic("service-a", "wrong-secret")),
      { clientId: undefined, status: 401 },
    ],
    [
      "multiple_methods",
      tokenRequest(
        { grant_type: "client_credentials", client_id: "service-a", client_secret: "secret-a" },
        { authorization: basic("service-a", "secret-a") },
      ),
      { status: 400 },
    ],
  ])(
    "reports a failed client authentication with reason %s, and never the secret (RFC 6749 §2.3)",
    async (reason, request, expected) => {
      const { events, seen } = recorder();
      const { flow } = makeFlow({ events });
      await flow.token(request);
      expect(seen).toEqual([["onClientAuthenticationFailed", expect.objectContaining({ reason, ...expected })]]);
      expect(JSON.stringify(seen)).not.toMatch(/secret-a|wrong-secret/);
    },
  );

  it("never reports the claimed client id, which may be a misplaced secret (regression: property run, seed 6749)", async () => {
    const { events, seen } = recorder();
    const { flow } = makeFlow({ events });
    await flow.token(
      tokenRequest({ grant_type: "client_credentials", client_id: "secret-a", client_secret: "secret-a" }),
    );
    expect(seen).toEqual([["onClientAuthenticationFailed", expect.objectContaining({ clientId: undefined })]]);
    expect(JSON.stringify(seen)).not.toContain("secret-a");
  });

  it("reports the client id once getClient returned the client (method_not_registered, RFC 7591 §2)", async () => {
    const { events, seen } = recorder();
    const { flow } = makeFlow({ events }, (builder) =>
      builder.getClient(({ clientId }) => ({ id: clientId, tokenEndpointAuthMethod: "private_key_jwt" })),
    );
    await flow.token(authorizedRequest(basic("service-a", "secret-a")));
    expect(seen).toEqual([
      [
        "onClientAuthenticationFailed",
        expect.objectContaining({ reason: "method_not_registered", clientId: "service-a" }),
      ],
    ]);
  });

  it("reports rate_limited with status 429 once the limit is reached (RFC 6749 §2.3.1)", async () => {
    const { events, seen } = recorder();
    const { flow } = makeFlow({ events, clientAuthenticationRateLimit: { maxFailures: 1 } });
    await expectInvalidClient(await flow.token(authorizedRequest(basic("service-a", "wrong"))));
    await expectTokenError(await flow.token(authorizedRequest(basic("service-a", "wrong"))), {
      code: "temporarily_unavailable",
      status: 429,
    });
    expect(seen.map(([, event]) => (event as ClientAuthenticationFailedEvent).reason)).toEqual([
      "invalid_credentials",
      "rate_limited",
    ]);
  });

  it.each<[string, Record<string, string>, TokenRejectedEvent]>([
    ["missing_token", {}, { reason: "missing_token", code: undefined, status: 401 }],
    [
      "malformed_request",
      { authorization: "Bearer a b" },
      { reason: "malformed_request", code: "invalid_request", status: 400 },
    ],
    ["invalid_token", bearer("unknown-token"), { reason: "invalid_token", code: "invalid_token", status: 401 }],
    [
      "insufficient_scope",
      bearer("bare-token"),
      { reason: "insufficient_scope", code: "insufficient_scope", status: 403 },
    ],
  ])(
    "reports a refused protected-resource request as %s, without the token (RFC 6750 §3.1)",
    async (_, headers, expected) => {
      const { events, seen } = recorder();
      const { flow } = resourceFlow({ events });
      await flow.verifyToken(resourceRequest(headers), { scopes: ["read:data"] });
      expect(seen).toEqual([["onTokenRejected", expected]]);
      expect(JSON.stringify(seen)).not.toMatch(/unknown-token|bare-token/);
    },
  );

  it("keeps the answer when an event handler throws or rejects", async () => {
    const { flow } = makeFlow({
      events: {
        onTokenIssued: () => {
          throw new Error("metrics down");
        },
        onClientAuthenticationFailed: () => Promise.reject(new Error("metrics down")),
      },
    });
    await expectToken(await flow.token(authorizedRequest(basic("service-a", "secret-a"))));
    await expectInvalidClient(await flow.token(authorizedRequest(basic("service-a", "wrong"))));
  });
});
