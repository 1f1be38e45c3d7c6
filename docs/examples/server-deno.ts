// The example application on Deno.serve. Run: PORT=3000 deno run --allow-net --allow-env server-deno.ts
import { handler } from "./server-app.js";

// The part of Deno's API used here (Deno's own types make this line unnecessary).
declare const Deno: {
  env: { get(name: string): string | undefined };
  serve(
    options: { port: number; hostname: string; onListen(address: { port: number }): void },
    fetch: typeof handler,
  ): unknown;
};

const hostname = Deno.env.get("HOST") ?? "127.0.0.1";
Deno.serve(
  {
    port: Number(Deno.env.get("PORT") ?? 3000),
    hostname,
    onListen: ({ port }) => console.log(`listening on http://${hostname}:${port}`),
  },
  handler,
);
