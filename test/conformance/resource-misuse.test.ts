import { describe, expect, it } from "vitest";
import { ClientCredentialsFlowBuilder } from "../../src/index.js";
import { bearer, resourceFlow, resourceRequest } from "./resource-support.js";

describe("flow.verifyToken() misuse rejects with TypeError", () => {
  it("rejects with TypeError when no verifyToken handler is configured", async () => {
    const flow = new ClientCredentialsFlowBuilder()
      .getClient(() => undefined)
      .generateAccessToken(() => "token")
      .build();
    await expect(flow.verifyToken(resourceRequest(bearer("tok")))).rejects.toThrow(TypeError);
  });

  it.each([[["admin"]], [["read:data", "delete:data"]]])(
    "rejects with TypeError for route scopes %j not configured with setScopes",
    async (scopes) => {
      const { flow } = resourceFlow();
      await expect(flow.verifyToken(resourceRequest(bearer("read-token")), { scopes })).rejects.toThrow(TypeError);
    },
  );

  it("rejects with TypeError for an unconfigured route scope even when the request has no token", async () => {
    const { flow } = resourceFlow();
    await expect(flow.verifyToken(resourceRequest(), { scopes: ["admin"] })).rejects.toThrow(TypeError);
  });

  it.each(["read data", "", 'say"hi"', "back\\slash", "ümlaut"])(
    "rejects with TypeError for route scope %j, which is not an RFC 6749 §3.3 scope-token",
    async (scope) => {
      const { flow } = resourceFlow({ scopes: {} });
      await expect(flow.verifyToken(resourceRequest(bearer("read-token")), { scopes: [scope] })).rejects.toThrow(
        TypeError,
      );
    },
  );

  it("accepts any scope-token as a route scope when no scopes are configured (RFC 6749 §3.3)", async () => {
    const { flow } = resourceFlow({ scopes: {} });
    const result = await flow.verifyToken(resourceRequest(bearer("read-token")), { scopes: ["anything:goes"] });
    expect(result.success ? undefined : result.error.code).toBe("insufficient_scope");
  });
});
