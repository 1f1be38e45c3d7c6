// The example application as a Cloudflare Worker (module syntax). Bundle it with your tool of
// choice (wrangler does) and serve it with workerd or deploy it.
import { handler } from "./server-app.js";

export default {
  fetch(request: Request): Promise<Response> {
    return handler(request);
  },
};
