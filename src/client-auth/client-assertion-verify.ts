import { compactVerify, errors } from "jose";
import { OAuth2Error } from "../errors.js";
import { sha256Base64Url } from "../internal/sha256.js";
import type { ReplayStore } from "../replay/replay-store.js";
import type { OAuth2Client } from "../types.js";
import type { ClientAssertion } from "./client-assertion.js";
import type { ClientKeySet } from "./client-assertion-keys.js";

/** Where the verification key of a client comes from: its secret or its public key set. */
export type ClientKeyResolver = (client: OAuth2Client, alg: string) => Promise<CryptoKey> | ClientKeySet;

// Keys tried when a key set has several that fit the header (no `kid`, key rotation).
const MAX_CANDIDATE_KEYS = 10;

/**
 * Verifies a client assertion against the client `getClient` returned, after the checks that
 * need no key: the client's registered algorithm (RFC 7591 §2 `token_endpoint_auth_signing_alg`),
 * the signature with the client's own key (RFC 7523 §3 item 9), then single use of `jti`
 * (item 7) in `replayStore` until `exp` plus `clockSkew`.
 *
 * Every failure is `invalid_client`; the reason is in `cause`, never in the description. A
 * replay store that fails throws, which the flow answers with `server_error` (fail closed).
 */
export async function verifyClientAssertion(
  client: OAuth2Client,
  assertion: ClientAssertion,
  resolveKey: ClientKeyResolver,
  replayStore: ReplayStore,
  clockSkew: number,
): Promise<true | OAuth2Error> {
  const { alg, jws, expiresAt, jti } = assertion;
  const registered = client.tokenEndpointAuthSigningAlg;
  if (registered !== undefined && registered !== alg) {
    return authenticationFailed(new Error(`The client registered ${String(registered)}, not ${alg}`));
  }
  try {
    await verifySignature(jws, await resolveKey(client, alg), alg);
  } catch (cause) {
    return authenticationFailed(cause);
  }
  const ttl = Math.ceil((expiresAt + clockSkew) * 1000 - Date.now());
  if (ttl <= 0) return new OAuth2Error("invalid_client", { description: "The client assertion has expired" });
  if (!(await replayStore.add(await replayKey(client.id, jti), ttl))) {
    return new OAuth2Error("invalid_client", { description: "The client assertion has already been used" });
  }
  return true;
}

/** Checks the JWS signature with `alg` only; with several fitting keys in a set, tries each. */
async function verifySignature(jws: string, key: CryptoKey | ClientKeySet, alg: string): Promise<void> {
  const options = { algorithms: [alg] };
  try {
    await compactVerify(jws, key, options);
  } catch (error) {
    if (!(error instanceof errors.JWKSMultipleMatchingKeys)) throw error;
    let tried = 0;
    for await (const candidate of error) {
      if (++tried > MAX_CANDIDATE_KEYS) break;
      try {
        await compactVerify(jws, candidate, options);
        return;
      } catch {
        // The next candidate may be the signing key.
      }
    }
    throw new Error("No key of the client's key set verifies the client assertion", { cause: error });
  }
}

/** A fixed-length key for (client, jti): base64url of SHA-256 over both. RFC 7519 §4.1.7. */
function replayKey(clientId: string, jti: string): Promise<string> {
  return sha256Base64Url(JSON.stringify([clientId, jti]));
}

function authenticationFailed(cause: unknown): OAuth2Error {
  return new OAuth2Error("invalid_client", { description: "Client authentication failed", cause });
}
