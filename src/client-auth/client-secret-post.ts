import { OAuth2Error } from "../errors.js";
import type { ClientAuthenticationInput, ClientAuthenticationMethod, ClientCredentialsClaim } from "./method.js";

/**
 * `client_secret_post`: `client_id` and `client_secret` in the form body. RFC 6749 §2.3.1.
 * The request uses it when it carries `client_secret`.
 */
export const clientSecretPost: ClientAuthenticationMethod = Object.freeze({
  name: "client_secret_post",
  isUsedBy({ parameters }: ClientAuthenticationInput): boolean {
    return parameters.values.has("client_secret");
  },
  readCredentials({ parameters }: ClientAuthenticationInput): ClientCredentialsClaim | OAuth2Error {
    const clientId = parameters.values.get("client_id");
    const clientSecret = parameters.values.get("client_secret");
    if (clientId === undefined || clientSecret === undefined) {
      return new OAuth2Error("invalid_client", { description: "client_id and client_secret are both required" });
    }
    return { clientId, clientSecret };
  },
});
