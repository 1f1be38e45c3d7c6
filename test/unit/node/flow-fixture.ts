// The flow the framework tests protect and issue tokens with, and the token requests they send.
import { basic, makeFlow } from "../../support/fixtures.js";

/** A flow with Basic and post clients (test/support/fixtures.ts), a 256-octet body cap, and two issued tokens. */
export function adapterFlow(): ReturnType<typeof makeFlow> {
  const fixture = makeFlow({ maxBodySize: 256 });
  fixture.issued.set("read-token", { clientId: "service-b", scope: ["read:data"] });
  fixture.issued.set("bare-token", { clientId: "service-a", scope: [] });
  return fixture;
}

export const FORM = { "content-type": "application/x-www-form-urlencoded" };

/** A Basic token request for `service-a`, as fetch() init. */
export function basicTokenInit(secret = "secret-a", body = "grant_type=client_credentials"): RequestInit {
  return { method: "POST", headers: { ...FORM, authorization: basic("service-a", secret) }, body };
}

/** A client_secret_post token request for `service-a`, as fetch() init. */
export function postTokenInit(): RequestInit {
  return {
    method: "POST",
    headers: FORM,
    body: "grant_type=client_credentials&client_id=service-a&client_secret=secret-a",
  };
}
