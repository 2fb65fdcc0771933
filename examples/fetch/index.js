// The fetch example: a Web-standard fetch handler, the same file that runs on Cloudflare
// Workers, Deno (`deno serve`) and Bun. hearth serves it over HTTP on $PORT (default 8080).
//
//   GET /            a greeting
//   GET /env         the GREETING variable of the container's environment, as JSON
//   GET /slow?ms=N   answers after N milliseconds (to watch a graceful stop finish it)
//   GET /error       the handler throws: the client gets a 500, the error goes to stderr,
//                    and the function goes on serving
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    switch (url.pathname) {
      case '/':
        return new Response('Hello from hearth!\n');
      case '/env':
        return Response.json({ greeting: env.GREETING ?? null });
      case '/slow': {
        const ms = Number(url.searchParams.get('ms') ?? 1000);
        await sleep(ms);
        return new Response(`slept ${ms} ms\n`);
      }
      case '/error':
        throw new Error('this handler fails on purpose');
      default:
        return new Response('not found\n', { status: 404 });
    }
  },
};
