// fetch() (WHATWG Fetch) for http:, https: and data: URLs. The network half is Java
// (dev.hearth.launcher.web.fetch.FetchHost, host function `fetch.send`): it follows redirects as
// the request's redirect mode says, and streams both bodies. As in Node and Deno, the response to
// redirect: 'manual' is the redirect itself (status 3xx), not an opaque one, and failures reject
// with TypeError('fetch failed: ...'); an abort rejects with the signal's reason (an AbortError
// DOMException unless the caller gave another).
(function (host, internal) {
  'use strict';

  const send = host['fetch.send'];
  const NULL_BODY_STATUSES = [101, 103, 204, 205, 304];
  // HttpClient does not expose the reason phrase; these are the standard ones (RFC 9110).
  const REASONS = {
    100: 'Continue', 101: 'Switching Protocols', 200: 'OK', 201: 'Created', 202: 'Accepted',
    203: 'Non-Authoritative Information', 204: 'No Content', 205: 'Reset Content', 206: 'Partial Content',
    300: 'Multiple Choices', 301: 'Moved Permanently', 302: 'Found', 303: 'See Other', 304: 'Not Modified',
    307: 'Temporary Redirect', 308: 'Permanent Redirect', 400: 'Bad Request', 401: 'Unauthorized',
    402: 'Payment Required', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
    406: 'Not Acceptable', 407: 'Proxy Authentication Required', 408: 'Request Timeout', 409: 'Conflict',
    410: 'Gone', 411: 'Length Required', 412: 'Precondition Failed', 413: 'Content Too Large',
    414: 'URI Too Long', 415: 'Unsupported Media Type', 416: 'Range Not Satisfiable', 417: 'Expectation Failed',
    418: "I'm a Teapot", 421: 'Misdirected Request', 422: 'Unprocessable Content', 425: 'Too Early',
    426: 'Upgrade Required', 428: 'Precondition Required', 429: 'Too Many Requests',
    431: 'Request Header Fields Too Large', 451: 'Unavailable For Legal Reasons', 500: 'Internal Server Error',
    501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
    505: 'HTTP Version Not Supported',
  };

  const allocate = (n) => new ArrayBuffer(n);

  function failed(message) {
    return new TypeError('fetch failed: ' + message);
  }

  function chunkDescriptor(chunk) {
    if (!(chunk instanceof Uint8Array)) {
      throw new TypeError('fetch: a request body stream must give Uint8Array chunks, not ' + (chunk === null ? 'null' : typeof chunk));
    }
    return { buffer: chunk.buffer, offset: chunk.byteOffset, length: chunk.byteLength };
  }

  function hostBody(taken) {
    if (taken === null) return null;
    if (taken.text !== undefined) return { text: taken.text };
    if (taken.bytes !== undefined) return chunkDescriptor(taken.bytes);
    const reader = taken.stream.getReader();
    return {
      pull: () => reader.read().then((r) => (r.done ? null : chunkDescriptor(r.value))),
    };
  }

  // A response header the server sent that Headers would refuse is left out, not fatal.
  function responseHeaders(pairs) {
    const out = [];
    const n = pairs.length;
    for (let i = 0; i + 1 < n; i += 2) {
      const name = String(pairs[i]);
      const value = String(pairs[i + 1]);
      try {
        internal.headersFromPairs([name, value], 'none');
        out.push(name, value);
      } catch {
        // an invalid name or value from the network
      }
    }
    return out;
  }

  function onAbort(signal, algorithm) {
    if (typeof internal.abortSignalAdd === 'function') return internal.abortSignalAdd(signal, algorithm);
    signal.addEventListener('abort', algorithm);
    return () => signal.removeEventListener('abort', algorithm);
  }

  function abortReason(signal) {
    const reason = signal.reason;
    if (reason !== undefined) return reason;
    return typeof internal.domException === 'function'
      ? internal.domException('This operation was aborted', 'AbortError')
      : new Error('This operation was aborted');
  }

  function fetch(input, init = undefined) {
    let request;
    let parts;
    let body;
    try {
      if (arguments.length < 1) throw new TypeError('fetch: 1 argument required, but only 0 present.');
      request = new internal.Request(input, init);
      parts = internal.requestParts(request);
    } catch (e) {
      return Promise.reject(e);
    }
    const signal = parts.signal;
    if (signal && signal.aborted) return Promise.reject(abortReason(signal));
    const url = parts.url;
    const scheme = url.slice(0, url.indexOf(':')).toLowerCase();
    if (scheme === 'data') {
      try {
        return Promise.resolve(dataUrlResponse(url));
      } catch (e) {
        return Promise.reject(e);
      }
    }
    if (scheme !== 'http' && scheme !== 'https') {
      return Promise.reject(failed('the URL scheme "' + scheme + '" is not supported (only http, https and data): ' + url));
    }
    try {
      body = hostBody(internal.takeBody(parts.body));
    } catch (e) {
      return Promise.reject(e);
    }
    const headerPairs = internal.headerPairs(parts.headers);
    return new Promise((resolve, reject) => {
      let call = null;
      let settled = false;
      let aborted = false;
      let reason;
      let removeAbort = null;
      const done = () => {
        if (removeAbort !== null) {
          removeAbort();
          removeAbort = null;
        }
      };
      if (signal) {
        removeAbort = onAbort(signal, () => {
          aborted = true;
          reason = abortReason(signal);
          if (call !== null) call.abort();
          if (!settled) {
            settled = true;
            done();
            reject(reason);
          }
        });
      }
      const onHead = (status, pairs, finalUrl, redirected) => {
        if (settled) return;
        settled = true;
        let stream = null;
        if (!NULL_BODY_STATUSES.includes(status) && parts.method !== 'HEAD') {
          stream = internal.streamFromPull(
            () => new Promise((res, rej) => {
              call.read(
                (buffer) => res(new Uint8Array(buffer)),
                () => { done(); res(null); },
                (message) => { done(); rej(aborted ? reason : failed(message)); });
            }),
            () => { done(); call.abort(); });
        } else {
          done();
          call.abort(); // nothing to read: let the connection go
        }
        let response;
        try {
          response = internal.responseFromHost(status, REASONS[status] || '', responseHeaders(pairs), stream,
            [finalUrl], redirected, 'basic');
        } catch (e) {
          reject(e);
          return;
        }
        resolve(response);
      };
      const onError = (message) => {
        if (settled) return;
        settled = true;
        done();
        reject(failed(message));
      };
      try {
        call = send(parts.method, url, headerPairs, body, parts.redirect, allocate, onHead, onError);
      } catch (e) {
        settled = true;
        done();
        reject(failed(String(e && e.message ? e.message : e)));
      }
    });
  }

  // ---- data: URLs (Fetch's data: URL processor) ------------------------------------------------

  const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const BASE64_INDEX = new Map([...BASE64].map((c, i) => [c, i]));

  function forgivingBase64(input) {
    let s = input.replace(/[\t\n\f\r ]/g, '');
    if (s.length % 4 === 0) s = s.replace(/={1,2}$/, '');
    if (s.length % 4 === 1 || /[^A-Za-z0-9+/]/.test(s)) return null;
    const out = new Uint8Array(Math.floor((s.length * 3) / 4));
    let buffer = 0;
    let bits = 0;
    let at = 0;
    for (const c of s) {
      buffer = (buffer << 6) | BASE64_INDEX.get(c);
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out[at++] = (buffer >> bits) & 0xff;
      }
    }
    return out.subarray(0, at);
  }

  function percentDecodeToBytes(s) {
    const out = new Uint8Array(s.length);
    let n = 0;
    const hex = (c) => /[0-9A-Fa-f]/.test(c);
    for (let i = 0; i < s.length; i++) {
      const c = s[i];
      if (c === '%' && i + 2 < s.length && hex(s[i + 1] || '') && hex(s[i + 2] || '')) {
        out[n++] = parseInt(s.slice(i + 1, i + 3), 16);
        i += 2;
      } else {
        out[n++] = s.charCodeAt(i) & 0xff;
      }
    }
    return out.subarray(0, n);
  }

  function serialiseMime(mime) {
    let s = mime.essence;
    for (const [k, v] of mime.params) {
      s += ';' + k + '=' + (/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(v) ? v : '"' + v.replace(/(["\\])/g, '\\$1') + '"');
    }
    return s;
  }

  function dataUrlResponse(url) {
    let rest = url.slice(url.indexOf(':') + 1);
    const hash = rest.indexOf('#');
    if (hash >= 0) rest = rest.slice(0, hash);
    const comma = rest.indexOf(',');
    if (comma < 0) throw failed('the data: URL has no comma');
    let mimeType = rest.slice(0, comma).replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '');
    let bytes = percentDecodeToBytes(rest.slice(comma + 1));
    const base64 = /;[\x20]*base64$/i.exec(mimeType);
    if (base64) {
      let text = '';
      for (let i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]);
      const decoded = forgivingBase64(text);
      if (decoded === null) throw failed('the data: URL is not valid base64');
      bytes = decoded;
      mimeType = mimeType.slice(0, base64.index);
    }
    if (mimeType.startsWith(';')) mimeType = 'text/plain' + mimeType;
    const parsed = internal.parseMimeType(mimeType);
    const contentType = parsed === null ? 'text/plain;charset=US-ASCII' : serialiseMime(parsed);
    return internal.responseFromHost(200, 'OK', ['content-type', contentType], internal.streamOfBytes(bytes),
      [url], false, 'basic');
  }

  Object.defineProperty(globalThis, 'fetch', {
    value: fetch, writable: true, configurable: true, enumerable: true,
  });
  internal.fetch = fetch;
})
