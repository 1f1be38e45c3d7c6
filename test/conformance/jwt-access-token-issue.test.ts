import { calculateJwkThumbprint, createLocalJWKSet, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { jwtAccessTokens } from "../../src/index.js";
import { basic, basicTokenRequest, CLIENTS, read, type TestClient, tokenRequest } from "../support/fixtures.js";
import { ALGORITHMS, API, decode, fixturePair, ISSUER, issue, jwtFlow, keyPair } from "../support/jwt-fixtures.js";
import { bearer, resourceRequest } from "./resource-support.js";

// RFC 9068 §4 as a resource server that only has the published JWK Set would apply it with jose.
const RFC_9068_OPTIONS = {
  issuer: ISSUER,
  audience: API,
  typ: "at+jwt",
  requiredClaims: ["iss", "exp", "aud", "sub", "client_id", "iat", "jti"],
};

describe("RFC 9068 §2.1 header", () => {
  it.each(ALGORITHMS)('signs %s tokens with typ "at+jwt", the key\'s alg and its kid (RFC 9068 §2.1)', async (alg) => {
    const pair = await keyPair(alg);
    const token = await issue(jwtFlow(await fixturePair(alg)));
    expect(decode(token).header).toEqual({ alg, kid: pair.privateJwk.kid, typ: "at+jwt" });
  });

  it("names the key by its RFC 7638 thumbprint when the JWK has no kid, and keeps a kid it has (RFC 7638 §3)", async () => {
    const { privateJwk } = await keyPair("ES256");
    const { kid: _, ...unnamed } = privateJwk;
    const thumbprint = await calculateJwkThumbprint({ ...unnamed });
    const anonymous = await jwtAccessTokens({ issuer: ISSUER, audience: API, keys: [{ privateJwk: unnamed }] });
    expect(decode(await issue(jwtFlow(anonymous))).header.kid).toBe(thumbprint);
    const named = await jwtAccessTokens({
      issuer: ISSUER,
      audience: API,
      keys: [{ privateJwk: { ...unnamed, kid: "2025-key" } }],
    });
    expect(decode(await issue(jwtFlow(named))).header.kid).toBe("2025-key");
  });
});

describe("RFC 9068 §2.2 claims", () => {
  it("carries iss, exp, aud, sub and client_id (the client id), iat, jti and scope as a space-separated string (RFC 9068 §2.2)", async () => {
    const before = Math.floor(Date.now() / 1000);
    const token = await issue(jwtFlow(await fixturePair()), { scope: "read:data write:data" });
    const after = Math.floor(Date.now() / 1000);
    const { claims } = decode(token);
    expect(Object.keys(claims).sort()).toEqual(["aud", "client_id", "exp", "iat", "iss", "jti", "scope", "sub"]);
    expect(claims).toMatchObject({
      iss: ISSUER,
      aud: API,
      sub: "service-a",
      client_id: "service-a",
      scope: "read:data write:data",
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(claims.iat).toBeGreaterThanOrEqual(before);
    expect(claims.iat).toBeLessThanOrEqual(after);
    expect(claims.exp).toBe((claims.iat as number) + 3600);
  });

  it("omits scope when no scope is granted: an empty scope is not a scope (RFC 9068 §2.2.3, RFC 6749 §3.3)", async () => {
    const { claims } = decode(await issue(jwtFlow(await fixturePair())));
    expect(claims).not.toHaveProperty("scope");
  });

  it("gives every token its own jti (RFC 7519 §4.1.7)", async () => {
    const flow = jwtFlow(await fixturePair());
    const ids = new Set<unknown>();
    for (let i = 0; i < 20; i++) ids.add(decode(await issue(flow)).claims.jti);
    expect(ids.size).toBe(20);
  });

  it("sets exp from the flow's lifetime and answers the same expires_in (RFC 9068 §2.2, RFC 6749 §5.1)", async () => {
    const flow = jwtFlow(await fixturePair(), { accessTokenLifetime: 600 });
    const result = await flow.token(basicTokenRequest());
    const { body } = await read(result.toResponse());
    const { access_token, expires_in } = body as { access_token: string; expires_in: number };
    const { claims } = decode(access_token);
    expect(expires_in).toBe(600);
    expect((claims.exp as number) - (claims.iat as number)).toBe(600);
  });

  it("shortens a lifetime above maxTokenLifetime, also a client's own, and says so in expires_in (RFC 6749 §5.1)", async () => {
    const clients: Record<string, TestClient> = {
      "service-a": { ...(CLIENTS["service-a"] as TestClient), accessTokenLifetime: 86_400 },
    };
    const flow = jwtFlow(await fixturePair("ES256", { maxTokenLifetime: 900 }), {}, clients);
    const { body } = await read((await flow.token(basicTokenRequest())).toResponse());
    const { access_token, expires_in } = body as { access_token: string; expires_in: number };
    const { claims } = decode(access_token);
    expect(expires_in).toBe(900);
    expect((claims.exp as number) - (claims.iat as number)).toBe(900);
  });

  it("uses the pair's audience as aud when the request names no resource (RFC 9068 §3, RFC 8707 §2)", async () => {
    expect(decode(await issue(jwtFlow(await fixturePair()))).claims.aud).toBe(API);
  });

  it("uses the granted resource as aud, and an array of them for several (RFC 9068 §3, RFC 8707 §2)", async () => {
    const resources = ["https://reports.example.com", "https://billing.example.com"];
    const flow = jwtFlow(await fixturePair(), { resources });
    const single = await issue(flow, { resource: "https://billing.example.com" });
    expect(decode(single).claims.aud).toBe("https://billing.example.com");
    const body = `grant_type=client_credentials&resource=${encodeURIComponent(resources[0] as string)}&resource=${encodeURIComponent(resources[1] as string)}`;
    const result = await flow.token(tokenRequest(body, { authorization: basic("service-a", "secret-a") }));
    const { body: issued } = await read(result.toResponse());
    expect(decode((issued as { access_token: string }).access_token).claims.aud).toEqual(resources);
  });
});

describe("round trip (RFC 9068 §4)", () => {
  it.each(ALGORITHMS)(
    "a %s token issued by the flow is accepted by flow.verifyToken with its client, scopes and claims",
    async (alg) => {
      const flow = jwtFlow(await fixturePair(alg));
      const token = await issue(flow, { scope: "read:data write:data" });
      const result = await flow.verifyToken(resourceRequest(bearer(token)), { scopes: ["write:data"] });
      if (!result.success) return expect.unreachable(`rejected: ${result.error.code}`);
      expect(result.credentials).toEqual({
        app: { id: "service-a" },
        scope: ["read:data", "write:data"],
        claims: decode(token).claims,
      });
    },
  );

  it.each(ALGORITHMS)(
    "a %s token is accepted by plain jose.jwtVerify with the published JWK Set and the RFC 9068 options",
    async (alg) => {
      const tokens = await fixturePair(alg);
      const token = await issue(jwtFlow(tokens), { scope: "read:data" });
      const jwks = JSON.parse(JSON.stringify(tokens.jwks()));
      const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(jwks), {
        ...RFC_9068_OPTIONS,
        algorithms: [alg],
      });
      expect(protectedHeader.typ).toBe("at+jwt");
      expect(payload).toMatchObject({ client_id: "service-a", sub: "service-a", scope: "read:data" });
    },
  );
});

describe("jwks() (RFC 7517 §5)", () => {
  it.each(ALGORITHMS)(
    "publishes only the public members of a %s key, with kid, alg and use: sig (RFC 7517 §4, RFC 7518 §6)",
    async (alg) => {
      const { privateJwk, publicJwk } = await keyPair(alg);
      const tokens = await fixturePair(alg);
      const expected =
        privateJwk.kty === "RSA"
          ? { kty: "RSA", n: privateJwk.n, e: privateJwk.e }
          : privateJwk.kty === "EC"
            ? { kty: "EC", crv: privateJwk.crv, x: privateJwk.x, y: privateJwk.y }
            : { kty: "OKP", crv: privateJwk.crv, x: privateJwk.x };
      const document = tokens.jwks();
      expect(document).toEqual({ keys: [{ ...expected, kid: privateJwk.kid, alg, use: "sig" }] });
      expect(document.keys[0]).toEqual(publicJwk);
      expect(JSON.stringify(document)).not.toContain(privateJwk.d);
    },
  );
});
