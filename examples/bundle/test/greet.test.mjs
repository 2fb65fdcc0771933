// Not part of the image (.dockerignore): a check to run with `hearth run examples/bundle/test/greet.test.mjs --root examples/bundle`.
import { greeting } from "../src/lib/greet.mjs";

if (greeting("x") !== "Hello from x, built by hearth!") throw new Error("greeting changed");
console.log("ok");
