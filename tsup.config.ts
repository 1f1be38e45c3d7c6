import { defineConfig } from "tsup";

export default defineConfig({
  // `index` is Web-API-only (platform "neutral"); `node` is the Node adapter, whose `node:`
  // imports stay external (and keep their prefix), like the dependencies.
  entry: { index: "src/index.ts", node: "src/node/index.ts", redis: "src/redis/index.ts" },
  format: ["esm"],
  target: "es2022",
  platform: "neutral",
  external: [/^node:/],
  removeNodeProtocol: false,
  // Node's types for the declarations of the `node` entry (src/ itself is typechecked without them).
  dts: { compilerOptions: { types: ["node"] } },
  sourcemap: true,
  clean: true,
  treeshake: true,
  splitting: false,
});
