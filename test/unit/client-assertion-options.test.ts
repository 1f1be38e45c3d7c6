import { describe, expect, it } from "vitest";
import {
  ClientCredentialsFlowBuilder,
  type ClientCredentialsFlowOptions,
  MemoryReplayStore,
  type ReplayStore,
} from "../../src/index.js";
import { ALL_SIGNING_ALGORITHMS } from "../support/client-assertion.js";

function build(options: Partial<ClientCredentialsFlowOptions>) {
  return new ClientCredentialsFlowBuilder(options)
    .getClient(() => undefined)
    .generateAccessToken(() => "t")
    .build();
}

function buildError(options: Partial<ClientCredentialsFlowOptions>): string {
  try {
    build(options);
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    return (error as TypeError).message;
  }
  return expect.unreachable("build() should have thrown");
}

const ISSUER = "https://as.example.com";

describe("client assertion configuration (RFC 7523 §3)", () => {
  it("applies the defaults: issuer audience only, 60 s skew, 300 s lifetime, an in-memory store, every algorithm", () => {
    const { clientAssertion } = build({
      issuer: ISSUER,
      clientAuthenticationMethods: ["private_key_jwt"],
    }).configuration;
    expect(clientAssertion).toEqual({
      acceptTokenEndpointAudience: false,
      clockSkew: 60,
      maxLifetime: 300,
      replayStore: expect.any(MemoryReplayStore),
      signingAlgorithms: ALL_SIGNING_ALGORITHMS,
      jwksUriTimeout: 5000,
      jwksUriMaxSize: 65_536,
      jwksUriCacheMaxAge: 600_000,
      allowHttpJwksUri: false,
    });
    expect(Object.isFrozen(clientAssertion)).toBe(true);
  });

  it("keeps a given replay store by reference", () => {
    const replayStore: ReplayStore = { add: () => true };
    const flow = build({ issuer: ISSUER, clientAssertion: { replayStore } });
    expect(flow.configuration.clientAssertion.replayStore).toBe(replayStore);
  });

  it("enables client_secret_jwt and private_key_jwt by name, each with its own algorithms", () => {
    const flow = build({ issuer: ISSUER, clientAuthenticationMethods: ["client_secret_jwt", "private_key_jwt"] });
    const methods = flow.configuration.clientAuthenticationMethods;
    expect(methods.map((method) => method.name)).toEqual(["client_secret_jwt", "private_key_jwt"]);
    expect(methods[0]?.signingAlgValuesSupported).toEqual(["HS256", "HS384", "HS512"]);
    expect(methods[1]?.signingAlgValuesSupported).not.toContain("HS256");
    expect(methods[1]?.signingAlgValuesSupported).not.toContain("none");
  });

  it("throws a TypeError naming the issuer when an assertion method is enabled without one", () => {
    expect(buildError({ clientAuthenticationMethods: ["private_key_jwt"] })).toContain(
      "issuer: required by private_key_jwt, as the audience of client assertions; set it with .setIssuer(url)",
    );
    expect(buildError({ clientAuthenticationMethods: ["client_secret_jwt", "private_key_jwt"] })).toContain(
      "issuer: required by client_secret_jwt and private_key_jwt",
    );
  });

  it("builds without an issuer when the token endpoint is accepted as audience, or no assertion method is enabled", () => {
    expect(() =>
      build({
        clientAuthenticationMethods: ["private_key_jwt"],
        clientAssertion: { acceptTokenEndpointAudience: true },
      }),
    ).not.toThrow();
    expect(() => build({ clientAuthenticationMethods: ["client_secret_basic"] })).not.toThrow();
  });

  it("lists every invalid clientAssertion option in one TypeError", () => {
    const message = buildError({
      issuer: ISSUER,
      clientAuthenticationMethods: ["private_key_jwt"],
      clientAssertion: {
        clockSkew: -1,
        maxLifetime: 0,
        signingAlgorithms: ["none"],
        replayStore: {} as ReplayStore,
        jwksUriTimeout: 1.5,
        jwksUriMaxSize: 0,
        allowHttpJwksUri: "yes" as unknown as boolean,
        unknown: 1,
      } as ClientCredentialsFlowOptions["clientAssertion"],
    });
    for (const path of [
      "clientAssertion.clockSkew",
      "clientAssertion.maxLifetime",
      "clientAssertion.signingAlgorithms.0",
      "clientAssertion.replayStore",
      "clientAssertion.jwksUriTimeout",
      "clientAssertion.jwksUriMaxSize",
      "clientAssertion.allowHttpJwksUri",
      "clientAssertion: Unrecognized key",
    ]) {
      expect(message).toContain(path);
    }
  });

  it("refuses signingAlgorithms that leave an enabled method without any algorithm", () => {
    expect(
      buildError({
        issuer: ISSUER,
        clientAuthenticationMethods: ["client_secret_jwt", "private_key_jwt"],
        clientAssertion: { signingAlgorithms: ["ES256"] },
      }),
    ).toContain("clientAssertion.signingAlgorithms: leaves no algorithm for client_secret_jwt");
  });
});
