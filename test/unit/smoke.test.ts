import { describe, expect, it } from "vitest";
import { basicTokenRequest, makeFlow, read } from "../support/fixtures.js";

describe("smoke", () => {
  it("issues a Bearer token for a Basic-authenticated client (RFC 6749 §4.4.3)", async () => {
    const { flow } = makeFlow();
    const result = await flow.token(basicTokenRequest({ scope: "read:data" }));
    expect(result.success).toBe(true);
    const { status, body } = await read(result.toResponse());
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 3600, scope: "read:data" });
  });
});
