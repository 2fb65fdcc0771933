// A minimal node:http adapter for a Web-standard fetch handler file:
//   node node-adapter.mjs HANDLER.mjs PORT
// Each request becomes a Request (body streamed), the handler's Response is written back.
import http from 'node:http';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const [file, port] = process.argv.slice(2);
const { default: handler } = await import(pathToFileURL(path.resolve(file)).href);
const ctx = { waitUntil() {}, passThroughOnException() {} };

http.createServer(async (req, res) => {
  try {
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    const request = new Request(`http://${req.headers.host ?? 'localhost'}${req.url}`, {
      method: req.method,
      headers: req.headers,
      body: hasBody ? Readable.toWeb(req) : undefined,
      duplex: 'half',
    });
    const response = await handler.fetch(request, process.env, ctx);
    res.writeHead(response.status, response.statusText, [...response.headers].flat());
    if (response.body !== null) {
      for await (const chunk of response.body) res.write(chunk);
    }
    res.end();
  } catch (error) {
    console.error(error);
    res.writeHead(500).end();
  }
}).listen(Number(port), '0.0.0.0');
