import type { TokenResponseBody } from "./types.js";

/**
 * Renders a successful token response: 200, JSON, `Cache-Control: no-store` and
 * `Pragma: no-cache`. RFC 6749 §5.1.
 */
export function tokenResponse(body: TokenResponseBody): Response {
  return new Response(JSON.stringify(body), {
    status: 200,
    headers: {
      "Content-Type": "application/json;charset=UTF-8",
      "Cache-Control": "no-store",
      Pragma: "no-cache",
    },
  });
}
