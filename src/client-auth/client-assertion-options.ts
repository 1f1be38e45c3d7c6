import { z } from "zod";
import { MemoryReplayStore } from "../replay/memory-replay-store.js";
import type { ReplayStore } from "../replay/replay-store.js";
import { ASYMMETRIC_ALGORITHMS, HMAC_ALGORITHMS } from "./client-assertion-algorithms.js";

/**
 * How the flow checks client assertions, for `client_secret_jwt` and `private_key_jwt`
 * (RFC 7523 §2.2, §3). Passed to the builder as `new ClientCredentialsFlowBuilder({ clientAssertion })`.
 * Every field is optional.
 */
export interface ClientAssertionOptions {
  /**
   * Also accept the token endpoint URL as `aud`, as RFC 7523 §3 first allowed. Default `false`:
   * `aud` must be the issuer identifier (`setIssuer`) and nothing else, as
   * draft-ietf-oauth-rfc7523bis requires. Turn on only for clients that cannot be updated yet.
   */
  readonly acceptTokenEndpointAudience?: boolean | undefined;
  /** Seconds of clock difference tolerated when checking `exp`, `nbf` and `iat`, 0–300. Default `60`. RFC 7519 §4.1.4. */
  readonly clockSkew?: number | undefined;
  /**
   * Longest validity of an assertion in seconds, 1–3600: `exp` may be at most this far from now
   * (plus `clockSkew`) and from `iat`. Default `300`. RFC 7523 §3 item 4 lets the server limit it.
   */
  readonly maxLifetime?: number | undefined;
  /** Where used `jti` values are remembered until their `exp`. Default: a new {@link MemoryReplayStore} per flow. RFC 7523 §3 item 7. */
  readonly replayStore?: ReplayStore | undefined;
  /**
   * JWS algorithms accepted, e.g. `["ES256"]`; each method keeps only those of its family (HS*
   * for `client_secret_jwt`, the rest for `private_key_jwt`). Default: all supported ones
   * (HS256/384/512; RS*, PS*, ES256/384/512, EdDSA, Ed25519). RFC 8725 §3.1.
   */
  readonly signingAlgorithms?: readonly string[] | undefined;
  /** Milliseconds to wait for a client's `jwksUri`, a positive integer. Default `5000`. */
  readonly jwksUriTimeout?: number | undefined;
  /** Largest `jwksUri` response read, in octets. Default `65536`. */
  readonly jwksUriMaxSize?: number | undefined;
  /** Milliseconds a fetched key set is used before it is fetched again. Default `600000` (10 minutes). */
  readonly jwksUriCacheMaxAge?: number | undefined;
  /** Fetch `jwksUri` over plain `http` too (development only). Default `false`: `https` only. */
  readonly allowHttpJwksUri?: boolean | undefined;
}

/** {@link ClientAssertionOptions} with every default applied, as the flow's configuration holds them. */
export interface ResolvedClientAssertionOptions {
  /** See {@link ClientAssertionOptions.acceptTokenEndpointAudience}. Default `false`. */
  readonly acceptTokenEndpointAudience: boolean;
  /** See {@link ClientAssertionOptions.clockSkew}. Default `60`. */
  readonly clockSkew: number;
  /** See {@link ClientAssertionOptions.maxLifetime}. Default `300`. */
  readonly maxLifetime: number;
  /** See {@link ClientAssertionOptions.replayStore}. Default: a {@link MemoryReplayStore}. */
  readonly replayStore: ReplayStore;
  /** See {@link ClientAssertionOptions.signingAlgorithms}. Default: all supported. */
  readonly signingAlgorithms: readonly string[];
  /** See {@link ClientAssertionOptions.jwksUriTimeout}. Default `5000`. */
  readonly jwksUriTimeout: number;
  /** See {@link ClientAssertionOptions.jwksUriMaxSize}. Default `65536`. */
  readonly jwksUriMaxSize: number;
  /** See {@link ClientAssertionOptions.jwksUriCacheMaxAge}. Default `600000`. */
  readonly jwksUriCacheMaxAge: number;
  /** See {@link ClientAssertionOptions.allowHttpJwksUri}. Default `false`. */
  readonly allowHttpJwksUri: boolean;
}

const SUPPORTED_ALGORITHMS = [...HMAC_ALGORITHMS, ...ASYMMETRIC_ALGORITHMS];

const integer = (min: number, max: number) =>
  z
    .number({ message: `must be an integer from ${min} to ${max}` })
    .int({ message: `must be an integer from ${min} to ${max}` })
    .min(min, { message: `must be an integer from ${min} to ${max}` })
    .max(max, { message: `must be an integer from ${min} to ${max}` });
const flag = z.boolean({ message: "must be true or false" });

const replayStore = z.custom<ReplayStore>(
  (value) => typeof value === "object" && value !== null && typeof (value as ReplayStore).add === "function",
  { message: "must be an object with add(key, ttl)" },
);

/** The zod schema of {@link ClientAssertionOptions}, for the flow's option schema. */
export const clientAssertionOptionsSchema: z.ZodType<ClientAssertionOptions> = z
  .object(
    {
      acceptTokenEndpointAudience: flag.optional(),
      clockSkew: integer(0, 300).optional(),
      maxLifetime: integer(1, 3600).optional(),
      replayStore: replayStore.optional(),
      signingAlgorithms: z
        .array(
          z.string().refine((alg) => SUPPORTED_ALGORITHMS.includes(alg), {
            message: `must each be one of ${SUPPORTED_ALGORITHMS.join(", ")}`,
          }),
          { message: "must be an array of JWS algorithm names" },
        )
        .min(1, { message: "must not be empty" })
        .optional(),
      jwksUriTimeout: integer(1, 60_000).optional(),
      jwksUriMaxSize: integer(1, 2 ** 24).optional(),
      jwksUriCacheMaxAge: integer(0, 2 ** 31 - 1).optional(),
      allowHttpJwksUri: flag.optional(),
    },
    { error: (issue) => (issue.code === "invalid_type" ? "must be an object" : undefined) },
  )
  .strict();

/** Applies the defaults of {@link ClientAssertionOptions}; a replay store is created when none is given. */
export function resolveClientAssertionOptions(options: ClientAssertionOptions): ResolvedClientAssertionOptions {
  return Object.freeze({
    acceptTokenEndpointAudience: options.acceptTokenEndpointAudience ?? false,
    clockSkew: options.clockSkew ?? 60,
    maxLifetime: options.maxLifetime ?? 300,
    // Behaviour, often a class instance: kept by reference, not copied.
    replayStore: options.replayStore ?? new MemoryReplayStore(),
    signingAlgorithms: Object.freeze([...new Set(options.signingAlgorithms ?? SUPPORTED_ALGORITHMS)]),
    jwksUriTimeout: options.jwksUriTimeout ?? 5000,
    jwksUriMaxSize: options.jwksUriMaxSize ?? 65_536,
    jwksUriCacheMaxAge: options.jwksUriCacheMaxAge ?? 600_000,
    allowHttpJwksUri: options.allowHttpJwksUri ?? false,
  });
}

/**
 * What makes the enabled assertion methods unusable, for `build()`'s `TypeError`: no issuer
 * while it is the only accepted audience, or `signingAlgorithms` leaving a method none.
 */
export function clientAssertionProblems(
  methods: ReadonlyArray<string | { readonly name: string }>,
  issuer: string | undefined,
  options: ClientAssertionOptions,
): string[] {
  const problems: string[] = [];
  const families: Record<string, readonly string[]> = {
    client_secret_jwt: HMAC_ALGORITHMS,
    private_key_jwt: ASYMMETRIC_ALGORITHMS,
  };
  const enabled = methods.filter((method): method is string => typeof method === "string" && method in families);
  if (enabled.length > 0 && issuer === undefined && options.acceptTokenEndpointAudience !== true) {
    problems.push(
      `issuer: required by ${enabled.join(" and ")}, as the audience of client assertions; set it with .setIssuer(url) (RFC 7523 §3)`,
    );
  }
  const algorithms = options.signingAlgorithms ?? [...HMAC_ALGORITHMS, ...ASYMMETRIC_ALGORITHMS];
  for (const name of enabled) {
    if (!families[name]?.some((alg) => algorithms.includes(alg))) {
      problems.push(`clientAssertion.signingAlgorithms: leaves no algorithm for ${name}`);
    }
  }
  return problems;
}
