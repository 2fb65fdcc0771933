// The bundle example: the entry file is named by package.json "exports", and it imports its
// helpers by relative path. `hearth build examples/bundle` packs src/ (not test/ nor the
// notes, see .dockerignore) under /app and starts /app/src/main.mjs.
import { greeting } from "./lib/greet.mjs";
import { table } from "./lib/table.mjs";

console.log(greeting(globalThis.process?.env?.HEARTH_GREETING ?? "bundle"));
console.log(table([["file", "role"], ["src/main.mjs", "entry"], ["src/lib/*.mjs", "imported"]]));
