import { isHmacAssertion } from "./client-assertion.js";
import { HMAC_ALGORITHMS } from "./client-assertion-algorithms.js";
import {
  type ClientAssertionContext,
  type ClientAssertionMethodSpec,
  createClientAssertionMethod,
} from "./client-assertion-method.js";
import type { ClientAuthenticationMethod } from "./method.js";

const CLIENT_SECRET_JWT: ClientAssertionMethodSpec = {
  name: "client_secret_jwt",
  algorithms: HMAC_ALGORITHMS,
  isOwnAssertion: ({ parameters }) => isHmacAssertion(parameters),
  keyFor: (keys) => (client, alg) => keys.hmacKey(client, alg),
};

/**
 * `client_secret_jwt`: a JWT client assertion (RFC 7523 §2.2) with HS256, HS384 or HS512, keyed
 * with the client's `secret`, which must be at least as long as the hash (RFC 7518 §3.2). The
 * request uses it when its `client_assertion` names an HMAC algorithm. Without `context` it only
 * recognises requests.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#ClientAuthentication
 */
export function clientSecretJwt(context?: ClientAssertionContext): ClientAuthenticationMethod {
  return createClientAssertionMethod(CLIENT_SECRET_JWT, context);
}
