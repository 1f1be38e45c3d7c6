import type { Redis } from "ioredis";
import type { createClient } from "redis";
import { describe, expectTypeOf, it } from "vitest";
import {
  type ClientAssertionOptions,
  ClientCredentialsFlowBuilder,
  type MemoryReplayStore,
  type OAuth2Client,
  type ReplayStore,
} from "../../src/index.js";
import { type RedisCommandClient, RedisReplayStore } from "../../src/redis/index.js";

declare const builder: ClientCredentialsFlowBuilder;
declare const ioredis: Redis;
declare const nodeRedis: ReturnType<typeof createClient>;

describe("client assertion types (RFC 7523)", () => {
  it("addClientAuthenticationMethod takes client_secret_jwt and private_key_jwt by name", () => {
    builder.addClientAuthenticationMethod("client_secret_jwt").addClientAuthenticationMethod("private_key_jwt");
    // @ts-expect-error not a built-in method name
    builder.addClientAuthenticationMethod("private_key");
  });

  it("takes clientAssertion options in the builder's constructor, every field optional", () => {
    new ClientCredentialsFlowBuilder({ clientAssertion: {} });
    new ClientCredentialsFlowBuilder({
      clientAssertion: { clockSkew: 30, maxLifetime: 120, signingAlgorithms: ["ES256"], allowHttpJwksUri: false },
    });
    // @ts-expect-error clockSkew is a number of seconds
    new ClientCredentialsFlowBuilder({ clientAssertion: { clockSkew: "30" } });
    // @ts-expect-error unknown option
    new ClientCredentialsFlowBuilder({ clientAssertion: { audience: "issuer" } });
  });

  it("accepts MemoryReplayStore, RedisReplayStore and any object with add(key, ttl) as replayStore", () => {
    expectTypeOf<MemoryReplayStore>().toMatchTypeOf<ReplayStore>();
    expectTypeOf<RedisReplayStore>().toMatchTypeOf<ReplayStore>();
    const custom: ClientAssertionOptions = { replayStore: { add: async (_key: string, _ttl: number) => true } };
    expectTypeOf(custom.replayStore).toEqualTypeOf<ReplayStore | undefined>();
    // @ts-expect-error add must answer whether the key was added
    const wrong: ClientAssertionOptions = { replayStore: { add: () => "OK" } };
    expectTypeOf(wrong).toEqualTypeOf<ClientAssertionOptions>();
  });

  it("types RedisReplayStore's client structurally, so ioredis and node-redis clients fit as they are", () => {
    expectTypeOf(ioredis).toMatchTypeOf<RedisCommandClient>();
    expectTypeOf(nodeRedis).toMatchTypeOf<RedisCommandClient>();
    new RedisReplayStore(ioredis, { keyPrefix: "as:jti:", timeout: 500 });
    new RedisReplayStore(nodeRedis);
    // @ts-expect-error a client needs call() or sendCommand()
    new RedisReplayStore({ set: async () => "OK" });
  });

  it("lets a client register its signing algorithm (RFC 7591 token_endpoint_auth_signing_alg)", () => {
    expectTypeOf<OAuth2Client["tokenEndpointAuthSigningAlg"]>().toEqualTypeOf<string | undefined>();
  });
});
