import { describe, expect, it, vi } from "vitest";
import { type ClientAuthenticationMethod, OAuth2Error } from "../../src/index.js";
import { makeFlow, tokenRequest } from "../support/fixtures.js";
import { expectServerError, expectTokenError, GRANT, INVALID_CLIENT_400 } from "./token-support.js";

// A body-based method whose proof is checked by the library after getClient, the way client
// assertions (RFC 7523 §3) will be: `verifyClient` receives the client and the claim.
function proofMethod(
  verifyClient: NonNullable<ClientAuthenticationMethod["verifyClient"]>,
): ClientAuthenticationMethod {
  return {
    name: "test_proof",
    isUsedBy: ({ parameters }) => parameters.values.has("proof"),
    readCredentials: ({ parameters }) => ({ clientId: parameters.values.get("client_id") ?? "" }),
    verifyClient,
  };
}

function proofFlow(verifyClient: NonNullable<ClientAuthenticationMethod["verifyClient"]>) {
  const getClient = vi.fn(({ clientId }: { clientId: string }) =>
    clientId === "service-a" ? { id: clientId } : undefined,
  );
  const { flow } = makeFlow({ clientAuthenticationMethods: [proofMethod(verifyClient)] }, (builder) =>
    builder.getClient(getClient),
  );
  return { flow, getClient };
}

const proofRequest = () => tokenRequest({ ...GRANT, client_id: "service-a", proof: "p" });

describe("client authentication method objects (RFC 6749 §2.3)", () => {
  it("issues a token when verifyClient accepts the client getClient returned, passing it the claim", async () => {
    const verifyClient = vi.fn(() => true as const);
    const { flow, getClient } = proofFlow(verifyClient);
    const result = await flow.token(proofRequest());
    expect(result.success).toBe(true);
    expect(getClient.mock.calls[0]?.[0]).toMatchObject({
      clientId: "service-a",
      clientSecret: "",
      authenticationMethod: "test_proof",
    });
    expect(verifyClient.mock.calls[0]?.slice(0, 2)).toEqual([{ id: "service-a" }, { clientId: "service-a" }]);
  });

  it("answers invalid_client (400: body credentials) when verifyClient returns an OAuth2Error (RFC 6749 §5.2)", async () => {
    const { flow } = proofFlow(() => new OAuth2Error("invalid_client", { description: "Bad proof" }));
    await expectTokenError(await flow.token(proofRequest()), {
      ...INVALID_CLIENT_400,
      body: { error: "invalid_client", error_description: "Bad proof" },
    });
  });

  it("answers server_error (500) when verifyClient throws, without its message (RFC 6749 §5.2)", async () => {
    const { flow } = proofFlow(() => {
      throw new Error("key store down: secret=hunter2");
    });
    const result = await flow.token(proofRequest());
    await expectServerError(result);
    expect(JSON.stringify(result.success ? null : result.error.toJSON())).not.toContain("hunter2");
  });

  it("never calls verifyClient when getClient finds no client (RFC 6749 §5.2 invalid_client)", async () => {
    const verifyClient = vi.fn(() => true as const);
    const { flow } = proofFlow(verifyClient);
    const result = await flow.token(tokenRequest({ ...GRANT, client_id: "nobody", proof: "p" }));
    await expectTokenError(result, INVALID_CLIENT_400);
    expect(verifyClient).not.toHaveBeenCalled();
  });
});
