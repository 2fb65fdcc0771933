// The benchmark's hello-world handler: the same file is served by hearth, `deno serve` and node
// (through node-adapter.mjs).
export default {
  fetch(request) {
    return new Response('Hello, world!');
  },
};
