import { OAuth2Error } from "../errors.js";
import { effectiveRequestUrl } from "../request/effective-url.js";
import type { OAuth2Client } from "../types.js";
import { type ClientAssertionClaim, carriesClientAssertion, readClientAssertion } from "./client-assertion.js";
import { ClientKeys } from "./client-assertion-keys.js";
import type { ResolvedClientAssertionOptions } from "./client-assertion-options.js";
import { type ClientKeyResolver, verifyClientAssertion } from "./client-assertion-verify.js";
import type { ClientAuthenticationInput, ClientAuthenticationMethod, ClientCredentialsClaim } from "./method.js";

/** What the assertion methods of one flow share: the settings they check against, and key caches. */
export interface ClientAssertionContext {
  /** The flow's issuer identifier (`setIssuer`). */
  readonly issuer: string | undefined;
  /** The flow's token endpoint, a path or a URL. */
  readonly tokenEndpoint: string;
  /** Whether forwarded headers tell the URL the client used. */
  readonly trustForwardedHeaders: boolean;
  /** The flow's `clientAssertion` options, defaults applied. */
  readonly options: ResolvedClientAssertionOptions;
  /** Imported client keys, cached. */
  readonly keys: ClientKeys;
}

/** One assertion method: its name, its family of algorithms, and which requests are its own. */
export interface ClientAssertionMethodSpec {
  readonly name: string;
  readonly algorithms: readonly string[];
  readonly isOwnAssertion: (input: ClientAuthenticationInput) => boolean;
  readonly keyFor: (keys: ClientKeys) => ClientKeyResolver;
}

/** The context the assertion methods of a flow share. */
export function createClientAssertionContext(settings: Omit<ClientAssertionContext, "keys">): ClientAssertionContext {
  return Object.freeze({ ...settings, keys: new ClientKeys(settings.options) });
}

const notEnabled = () =>
  new OAuth2Error("invalid_client", { description: "The client authentication method is not allowed" });

/**
 * A client assertion method (RFC 7521 §4.2, RFC 7523 §2.2). Without `context` it only
 * recognises its requests, so that a flow that does not enable it can still refuse them.
 */
export function createClientAssertionMethod(
  spec: ClientAssertionMethodSpec,
  context?: ClientAssertionContext,
): ClientAuthenticationMethod {
  const algorithms = Object.freeze(
    spec.algorithms.filter((alg) => context === undefined || context.options.signingAlgorithms.includes(alg)),
  );
  const resolveKey = context === undefined ? undefined : spec.keyFor(context.keys);
  return Object.freeze({
    name: spec.name,
    signingAlgValuesSupported: algorithms,
    isUsedBy(input: ClientAuthenticationInput): boolean {
      return carriesClientAssertion(input.parameters) && spec.isOwnAssertion(input);
    },
    readCredentials({ request, parameters }: ClientAuthenticationInput): ClientCredentialsClaim | OAuth2Error {
      if (context === undefined) return notEnabled();
      const { options, issuer, tokenEndpoint, trustForwardedHeaders } = context;
      const tokenEndpointUrl = options.acceptTokenEndpointAudience
        ? new URL(tokenEndpoint, effectiveRequestUrl(request, trustForwardedHeaders)).href
        : undefined;
      return readClientAssertion(parameters, algorithms, {
        clientId: parameters.values.get("client_id"),
        issuer,
        tokenEndpointUrl,
        now: Date.now() / 1000,
        clockSkew: options.clockSkew,
        maxLifetime: options.maxLifetime,
      });
    },
    async verifyClient(client: OAuth2Client, claim: ClientCredentialsClaim): Promise<true | OAuth2Error> {
      const { assertion } = claim as Partial<ClientAssertionClaim>;
      if (context === undefined || resolveKey === undefined || assertion === undefined) return notEnabled();
      return verifyClientAssertion(
        client,
        assertion,
        resolveKey,
        context.options.replayStore,
        context.options.clockSkew,
      );
    },
  });
}
