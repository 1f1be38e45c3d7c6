/**
 * The URL the client used. `X-Forwarded-Proto`, `X-Forwarded-Host` and `Forwarded`
 * (RFC 7239) are read only when `trustForwardedHeaders` is set: anyone can send them, so only
 * a proxy in front of the server may be believed.
 */
export function effectiveRequestUrl(request: Request, trustForwardedHeaders: boolean): URL {
  const url = new URL(request.url);
  if (!trustForwardedHeaders) return url;
  const forwarded = request.headers.get("forwarded");
  let proto: string | undefined;
  let host: string | undefined;
  if (forwarded !== null) {
    // The first element is the one the outermost proxy added about the client's request.
    const first = forwarded.split(",")[0] ?? "";
    for (const pair of first.split(";")) {
      const eq = pair.indexOf("=");
      if (eq === -1) continue;
      const name = pair.slice(0, eq).trim().toLowerCase();
      const value = pair
        .slice(eq + 1)
        .trim()
        .replace(/^"(.*)"$/, "$1");
      if (name === "proto") proto = value;
      else if (name === "host") host = value;
    }
  } else {
    proto = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
    host = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  }
  if (proto === "http" || proto === "https") url.protocol = `${proto}:`;
  if (host !== undefined && host !== "") {
    try {
      const parsed = new URL(`${url.protocol}//${host}`);
      url.host = parsed.host;
      // Setting host keeps the old port when the new one has none; the forwarded host decides.
      url.port = parsed.port;
    } catch {
      // An unparsable forwarded host is ignored; the request's own host stands.
    }
  }
  return url;
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Whether a URL's host is a loopback name or address (development without TLS). */
export function isLoopbackHost(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname) || url.hostname.endsWith(".localhost");
}
