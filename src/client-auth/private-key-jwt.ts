import { isHmacAssertion } from "./client-assertion.js";
import { ASYMMETRIC_ALGORITHMS } from "./client-assertion-algorithms.js";
import {
  type ClientAssertionContext,
  type ClientAssertionMethodSpec,
  createClientAssertionMethod,
} from "./client-assertion-method.js";
import type { ClientAuthenticationMethod } from "./method.js";

const PRIVATE_KEY_JWT: ClientAssertionMethodSpec = {
  name: "private_key_jwt",
  algorithms: ASYMMETRIC_ALGORITHMS,
  isOwnAssertion: ({ parameters }) => !isHmacAssertion(parameters),
  keyFor: (keys) => (client) => keys.publicKeySet(client),
};

/**
 * `private_key_jwt`: a JWT client assertion (RFC 7523 §2.2) signed with the client's private key
 * and verified with its registered public keys (`jwks` or `jwksUri`, RFC 7591 §2). The request uses
 * it when it carries a client assertion that does not name an HMAC algorithm. Without `context`
 * it only recognises requests.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#ClientAuthentication
 */
export function privateKeyJwt(context?: ClientAssertionContext): ClientAuthenticationMethod {
  return createClientAssertionMethod(PRIVATE_KEY_JWT, context);
}
