// The example application on Bun.serve. Run: PORT=3000 bun server-bun.ts
import { handler } from "./server-app.js";

// The part of Bun's API used here (with @types/bun installed, delete this line).
declare const Bun: {
  env: Record<string, string | undefined>;
  serve(options: { port: number; hostname: string; fetch: typeof handler }): { url: URL };
};

const server = Bun.serve({
  port: Number(Bun.env.PORT ?? 3000),
  hostname: Bun.env.HOST ?? "127.0.0.1",
  fetch: handler,
});
console.log(`listening on ${server.url.origin}`);
