import { z } from "zod";
import { isIssuerIdentifier } from "../options.js";
import { isResourceIndicator } from "../request/resource-indicators.js";
import type { ClientCredentialsGrantContext, OAuth2AccessTokenResult, VerifyTokenHandlerContext } from "../types.js";
import { JWT_ACCESS_TOKEN_ALGORITHMS, type JwtAccessTokenAlgorithm, type PublicJwkSet } from "./jwk.js";
import { type AccessTokenSigningKey, importKeySet } from "./key-set.js";
import { signAccessToken } from "./sign-access-token.js";
import { accessTokenVerifier, type JwtVerifyTokenResult } from "./verify-access-token.js";

/** Options of {@link jwtAccessTokens}. */
export interface JwtAccessTokensOptions {
  /**
   * The `iss` of issued tokens and the only issuer `verifyToken` accepts: the flow's issuer
   * (`setIssuer`), character for character. An `https` URL without query or fragment (`http` on
   * loopback hosts only). Required. RFC 9068 §2.2, §4; RFC 8414 §2.
   */
  readonly issuer: string;
  /**
   * This resource server's identifier, an absolute URI: `verifyToken` accepts only tokens whose
   * `aud` contains it, and it is the `aud` of tokens whose request named no `resource`.
   * Required. RFC 9068 §3, §4; RFC 8707 §2.
   */
  readonly audience: string;
  /**
   * The signing keys, at least one. The first key not past its `signUntil` signs; every key is
   * published by `jwks()` and verifies until it retires, `maxTokenLifetime + clockTolerance`
   * after its `signUntil`. To rotate, put the new key first and give the old one `signUntil`.
   */
  readonly keys: readonly AccessTokenSigningKey[];
  /**
   * The longest lifetime of a token, in seconds; a longer one asked by the flow or a client is
   * shortened to it (and `expires_in` says so). Keys retire this long after `signUntil`.
   * Default `3600`.
   */
  readonly maxTokenLifetime?: number | undefined;
  /** Seconds of clock skew allowed when checking `exp` and `nbf`. Default `0`. RFC 7519 §4.1.4. */
  readonly clockTolerance?: number | undefined;
  /**
   * The `alg` values `verifyToken` accepts. Default: the algorithms of `keys`. Must include
   * the algorithm of every key. RFC 9068 §4, RFC 8725 §3.1.
   */
  readonly algorithms?: readonly JwtAccessTokenAlgorithm[] | undefined;
}

/** What {@link JwtAccessTokens.generateAccessToken} reads of the token endpoint's context. */
export type JwtAccessTokenContext = Pick<
  ClientCredentialsGrantContext,
  "client" | "scope" | "accessTokenLifetime" | "audience"
>;

/** The handlers and key document made by {@link jwtAccessTokens}. */
export interface JwtAccessTokens {
  /**
   * A `generateAccessToken` handler: signs an RFC 9068 token for the client with the active key,
   * `aud` being the granted resources or else `audience`. Throws `TypeError` when no key signs
   * any more (the flow answers `server_error`).
   */
  readonly generateAccessToken: (context: JwtAccessTokenContext) => Promise<OAuth2AccessTokenResult>;
  /**
   * A `verifyToken` handler: checks a token as RFC 9068 §4 asks and returns its credentials
   * (`app.id`, `scope`, `claims`), or `isValid: false` with a safe `message`. Does not check
   * scopes: `flow.verifyToken(request, { scopes })` does.
   */
  readonly verifyToken: (token: string, context?: VerifyTokenHandlerContext) => Promise<JwtVerifyTokenResult>;
  /** The JWK Set to publish at the flow's `jwks_uri`: every key not retired. RFC 7517 §5. */
  readonly jwks: () => PublicJwkSet;
}

const seconds = (min: number, message: string) =>
  z
    .number({ message })
    .int({ message })
    .min(min, { message })
    .max(2 ** 31 - 1, { message: "is too large" });

const optionsSchema = z
  .object({
    issuer: z.string({ message: "must be a string" }).refine(isIssuerIdentifier, {
      message: "must be an https URL without query or fragment (http only for localhost)",
    }),
    audience: z
      .string({ message: "must be a string" })
      .refine(isResourceIndicator, { message: "must be an absolute URI without a fragment" }),
    keys: z
      .array(z.unknown(), { message: "must be an array of keys" })
      .min(1, { message: "must hold at least one key" }),
    maxTokenLifetime: seconds(1, "must be a positive integer").default(3600),
    clockTolerance: seconds(0, "must be a non-negative integer").default(0),
    algorithms: z
      .array(
        z.enum(JWT_ACCESS_TOKEN_ALGORITHMS, {
          message: `must each be one of ${JWT_ACCESS_TOKEN_ALGORITHMS.join(", ")}`,
        }),
        {
          message: "must be an array",
        },
      )
      .min(1, { message: "must not be empty" })
      .optional(),
  })
  .strict();

/**
 * A JWT access token pair (RFC 9068) to plug into the builder, and the JWK Set that publishes
 * its keys. Checks the options and imports every key once; throws one `TypeError` listing every
 * problem.
 *
 * ```ts
 * const tokens = await jwtAccessTokens({ issuer, audience, keys: [{ privateJwk }] });
 * builder.generateAccessToken(tokens.generateAccessToken).verifyToken(tokens.verifyToken);
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9068
 */
export async function jwtAccessTokens(options: JwtAccessTokensOptions): Promise<JwtAccessTokens> {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    throw invalidOptions(
      parsed.error.issues.map((issue) => `${issue.path.map(String).join(".") || "options"}: ${issue.message}`),
    );
  }
  const { issuer, audience, maxTokenLifetime, clockTolerance } = parsed.data;
  const keySet = await importKeySet(
    parsed.data.keys as AccessTokenSigningKey[],
    (maxTokenLifetime + clockTolerance) * 1000,
  );
  if (Array.isArray(keySet)) throw invalidOptions(keySet);
  const algorithms = parsed.data.algorithms ?? keySet.algorithms();
  const unlisted = keySet.algorithms().filter((alg) => !algorithms.includes(alg));
  if (unlisted.length > 0) throw invalidOptions([`algorithms: must include ${unlisted.join(", ")}, used by keys`]);
  if (keySet.signingKey(Date.now()) === undefined) {
    throw invalidOptions(["keys: every key is past its signUntil; add one that signs"]);
  }
  const defaultAudience = [audience];

  return Object.freeze({
    async generateAccessToken(context: JwtAccessTokenContext): Promise<OAuth2AccessTokenResult> {
      const { client, scope, accessTokenLifetime } = context;
      if (!Number.isInteger(accessTokenLifetime) || accessTokenLifetime <= 0) {
        throw new TypeError("jwtAccessTokens: accessTokenLifetime must be a positive integer");
      }
      const now = Date.now();
      const key = keySet.signingKey(now);
      if (key === undefined) throw new TypeError("jwtAccessTokens: every key is past its signUntil; none signs");
      const lifetime = Math.min(accessTokenLifetime, maxTokenLifetime);
      const granted = context.audience ?? [];
      const grant = {
        issuer,
        clientId: client.id,
        scope,
        audience: granted.length > 0 ? granted : defaultAudience,
        lifetime,
      };
      return { accessToken: await signAccessToken(grant, key, now), expiresIn: lifetime };
    },
    verifyToken: accessTokenVerifier({ issuer, audience, algorithms, clockTolerance, keySet }),
    jwks: (): PublicJwkSet => ({ keys: keySet.publicJwks(Date.now()) }),
  });
}

function invalidOptions(problems: readonly string[]): TypeError {
  return new TypeError(`Invalid jwtAccessTokens options:\n- ${problems.join("\n- ")}`);
}
