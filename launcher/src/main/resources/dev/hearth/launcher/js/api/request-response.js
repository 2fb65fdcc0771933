// Request, Response and their body (WHATWG Fetch).
//
// ---- Hooks for the HTTP server (on `internal`; the server codes against exactly these) -------
//
//   internal.requestFromHost(method, url, headerPairs, body, signal) -> Request
//       method, url: strings (url absolute, e.g. "http://host:8080/path?q")
//       headerPairs: flat array [name1, value1, name2, value2, ...] as received
//       body: null, or an object with pull(): Promise<Uint8Array | null> (null = end of body) and
//             optionally cancel(reason) (the handler gave up on the body)
//       signal: an AbortSignal or undefined
//     The request's headers are immutable (as in Workers and Deno) and its body is a
//     ReadableStream that calls body.pull() as the handler reads.
//
//   internal.responseToHost(response) -> { status, statusText, headers, body, bodyText, type }
//       throws a TypeError naming what was returned when it is not a Response, or when its body
//       was already used.
//       headers: flat array [name1, value1, ...] (set-cookie entries stay separate)
//       body: null | ReadableStream of Uint8Array (a getter; reading it makes the stream)
//       bodyText: when the body is a string known up front (new Response('hi')), that string
//                 (send it UTF-8 encoded, never read `body` then); otherwise undefined
//       bodyBytes: likewise a Uint8Array known up front, or undefined
//       type: 'default' | 'basic' | 'cors' | 'error' | 'opaqueredirect' ('error' is
//             Response.error(): answer 500 or drop the connection)
//
// Other entries on `internal`: Request, Response, isRequest, isResponse, requestParts(request)
// (for fetch.js), responseFromHost(...) (fetched responses), extractBody(x).
(function (host, internal) {
  'use strict';

  const Headers = internal.Headers;
  const utf8Encode = internal.utf8Encode;
  const utf8Decode = internal.utf8Decode;

  // ---- bodies -------------------------------------------------------------------------------
  // A body record: { stream, text, bytes, length, used }. A body known up front keeps its string
  // (text) or bytes and makes a stream only when someone asks for `.body`, so the common
  // new Response('hello') never builds a stream. `used` marks such a body read.

  function isReadableStream(x) {
    return internal.isReadableStream(x);
  }

  function extractBody(object, what) {
    if (typeof object === 'string') {
      return { body: { stream: null, text: object, bytes: undefined, used: false }, type: 'text/plain;charset=UTF-8' };
    }
    if (isReadableStream(object)) {
      if (internal.isDisturbed(object) || internal.isLocked(object)) {
        throw new TypeError(what + ': the body stream is already read or locked');
      }
      return { body: { stream: object, text: undefined, bytes: undefined, used: false }, type: null };
    }
    if (internal.isBlob(object)) {
      return { body: { stream: null, text: undefined, bytes: internal.blobBytes(object), used: false }, type: object.type || null };
    }
    const bytes = internal.bytesOfBufferSource(object);
    if (bytes !== undefined) {
      return { body: { stream: null, text: undefined, bytes, used: false }, type: null };
    }
    if (internal.isFormData(object)) {
      const encoded = internal.encodeMultipart(object);
      return { body: { stream: null, text: undefined, bytes: encoded.bytes, used: false }, type: encoded.contentType };
    }
    if (typeof URLSearchParams === 'function' && object instanceof URLSearchParams) {
      return {
        body: { stream: null, text: String(object), bytes: undefined, used: false },
        type: 'application/x-www-form-urlencoded;charset=UTF-8',
      };
    }
    const text = String(object);
    return { body: { stream: null, text, bytes: undefined, used: false }, type: 'text/plain;charset=UTF-8' };
  }

  function bodyStream(body) {
    if (body.stream === null) {
      if (body.used) {
        body.stream = internal.streamOfBytes(new Uint8Array(0));
        internal.markDisturbed(body.stream);
      } else {
        const bytes = body.bytes !== undefined ? body.bytes.slice() : utf8Encode(body.text);
        body.stream = internal.streamOfBytes(bytes);
      }
    }
    return body.stream;
  }

  function bodyUsed(body) {
    if (body === null) return false;
    return body.stream !== null ? internal.isDisturbed(body.stream) : body.used;
  }

  function bodyUnusable(body) {
    if (body === null) return false;
    return body.stream !== null ? internal.isDisturbed(body.stream) || internal.isLocked(body.stream) : body.used;
  }

  // Reads the whole body: a string when it is known as one (so text() costs nothing), else bytes.
  function consume(body, what) {
    if (body === null) return Promise.resolve(new Uint8Array(0));
    if (bodyUnusable(body)) {
      return Promise.reject(new TypeError(what + ': body has already been used'));
    }
    if (body.stream === null) {
      body.used = true;
      return Promise.resolve(body.text !== undefined ? body.text : body.bytes.slice());
    }
    return internal.readAllBytes(body.stream);
  }

  const asText = (v) => (typeof v === 'string' ? v : utf8Decode(v));
  // consume() hands out fresh bytes (a copy of bytes known up front), so they can be given away.
  const asBytes = (v) => (typeof v === 'string' ? utf8Encode(v) : v);

  function cloneBody(body) {
    if (body === null) return null;
    if (body.stream === null) return { stream: null, text: body.text, bytes: body.bytes, used: false };
    const [a, b] = internal.teeStream(body.stream, true);
    body.stream = a;
    return { stream: b, text: undefined, bytes: undefined, used: false };
  }

  // The body mixin, shared by Request and Response; `parts` gives a brand-checked record.
  function installBodyMixin(proto, name, parts) {
    const methods = {
      get body() {
        const r = parts(this, 'body');
        return r.body === null ? null : bodyStream(r.body);
      },
      get bodyUsed() {
        return bodyUsed(parts(this, 'bodyUsed').body);
      },
      arrayBuffer() {
        let r;
        try { r = parts(this, 'arrayBuffer'); } catch (e) { return Promise.reject(e); }
        return consume(r.body, name + '.arrayBuffer').then((v) => {
          const bytes = asBytes(v);
          return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
            ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
        });
      },
      bytes() {
        let r;
        try { r = parts(this, 'bytes'); } catch (e) { return Promise.reject(e); }
        return consume(r.body, name + '.bytes').then(asBytes);
      },
      blob() {
        let r;
        try { r = parts(this, 'blob'); } catch (e) { return Promise.reject(e); }
        return consume(r.body, name + '.blob').then((v) =>
          internal.blobFrom(asBytes(v), internal.headersGet(r.headers, 'content-type') || ''));
      },
      formData() {
        let r;
        try { r = parts(this, 'formData'); } catch (e) { return Promise.reject(e); }
        return consume(r.body, name + '.formData').then((v) => {
          const mime = internal.parseMimeType(internal.headersGet(r.headers, 'content-type') || '');
          if (mime !== null && mime.essence === 'multipart/form-data') {
            const boundary = mime.params.get('boundary');
            if (!boundary) throw new TypeError(name + '.formData: the multipart/form-data content type has no boundary');
            return internal.parseMultipart(asBytes(v), boundary);
          }
          if (mime !== null && mime.essence === 'application/x-www-form-urlencoded') {
            return internal.formDataFromUrlencoded(asText(v));
          }
          throw new TypeError(name + '.formData: the content type is neither multipart/form-data nor application/x-www-form-urlencoded');
        });
      },
      json() {
        let r;
        try { r = parts(this, 'json'); } catch (e) { return Promise.reject(e); }
        return consume(r.body, name + '.json').then((v) => JSON.parse(asText(v)));
      },
      text() {
        let r;
        try { r = parts(this, 'text'); } catch (e) { return Promise.reject(e); }
        return consume(r.body, name + '.text').then(asText);
      },
    };
    for (const key of Object.keys(Object.getOwnPropertyDescriptors(methods))) {
      const desc = Object.getOwnPropertyDescriptor(methods, key);
      desc.enumerable = true;
      Object.defineProperty(proto, key, desc);
    }
  }

  // ---- helpers ------------------------------------------------------------------------------

  function parseUrl(input, what) {
    const URLClass = internal.URL || globalThis.URL;
    const s = String(input);
    if (typeof URLClass === 'function') {
      let url;
      try {
        url = new URLClass(s);
      } catch {
        throw new TypeError(what + ': invalid URL ' + JSON.stringify(s));
      }
      return { href: url.href, hasCredentials: url.username !== '' || url.password !== '' };
    }
    // Until URL is installed: an absolute URL is required and kept as given.
    const m = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/s.exec(s.trim());
    if (!m) throw new TypeError(what + ': invalid URL ' + JSON.stringify(s));
    const auth = /^\/\/([^/?#]*)@/.exec(m[2]);
    return { href: m[1].toLowerCase() + ':' + m[2], hasCredentials: auth !== null };
  }

  function enumValue(value, allowed, what, member) {
    const v = String(value);
    if (!allowed.includes(v)) {
      throw new TypeError(what + ': ' + JSON.stringify(v) + ' is not a valid value for ' + member + ' (one of ' + allowed.map((a) => "'" + a + "'").join(', ') + ')');
    }
    return v;
  }

  const METHOD_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
  const NORMALISED_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'];
  const FORBIDDEN_METHODS = ['CONNECT', 'TRACE', 'TRACK'];

  function normaliseMethod(method, what) {
    const m = String(method);
    if (!METHOD_TOKEN.test(m)) throw new TypeError(what + ': ' + JSON.stringify(m) + ' is not a valid HTTP method.');
    const upper = m.toUpperCase();
    if (FORBIDDEN_METHODS.includes(upper)) throw new TypeError(what + ': ' + JSON.stringify(m) + ' HTTP method is unsupported.');
    return NORMALISED_METHODS.includes(upper) ? upper : m;
  }

  function isAbortSignal(x) {
    const AbortSignalClass = internal.AbortSignal || globalThis.AbortSignal;
    return typeof AbortSignalClass === 'function' && x instanceof AbortSignalClass;
  }

  // The request's own signal, following `parent` (spec: "a new AbortSignal that follows").
  function followingSignal(parent) {
    const AbortSignalClass = internal.AbortSignal || globalThis.AbortSignal;
    const AbortControllerClass = internal.AbortController || globalThis.AbortController;
    if (parent && AbortSignalClass && typeof AbortSignalClass.any === 'function') return AbortSignalClass.any([parent]);
    if (parent) return parent;
    if (typeof AbortControllerClass === 'function') return new AbortControllerClass().signal;
    return null;
  }

  function isObjectLike(x) {
    return x !== null && (typeof x === 'object' || typeof x === 'function');
  }

  // ---- Request ------------------------------------------------------------------------------

  const fromParts = Symbol('from parts');
  let requestOf;

  const MODES = ['same-origin', 'no-cors', 'cors', 'navigate'];
  const CREDENTIALS = ['omit', 'same-origin', 'include'];
  const CACHES = ['default', 'no-store', 'reload', 'no-cache', 'force-cache', 'only-if-cached'];
  const REDIRECTS = ['follow', 'error', 'manual'];
  const REFERRER_POLICIES = ['', 'no-referrer', 'no-referrer-when-downgrade', 'same-origin', 'origin',
    'strict-origin', 'origin-when-cross-origin', 'strict-origin-when-cross-origin', 'unsafe-url'];
  const DUPLEXES = ['half'];

  class Request {
    #r;

    constructor(input, init = undefined) {
      if (input === fromParts) {
        this.#r = init;
        return;
      }
      const what = "Failed to construct 'Request'";
      if (arguments.length < 1) throw new TypeError(what + ': 1 argument required, but only 0 present.');
      if (init !== undefined && init !== null && !isObjectLike(init)) throw new TypeError(what + ': init must be an object');
      const opts = init == null ? {} : init;
      const inputRecord = requestOf(input);
      let r;
      if (inputRecord === undefined) {
        const url = parseUrl(input, what);
        if (url.hasCredentials) throw new TypeError(what + ': the URL includes credentials: ' + url.href);
        r = {
          method: 'GET', url: url.href, headers: null, body: null, signal: null,
          mode: 'cors', credentials: 'same-origin', cache: 'default', redirect: 'follow',
          referrer: 'about:client', referrerPolicy: '', integrity: '', keepalive: false, duplex: 'half',
        };
      } else {
        r = { ...inputRecord, headers: null, body: null, signal: null };
      }
      // Read every member once, in the spec's (alphabetical, WebIDL) order.
      const body = opts.body;
      const cache = opts.cache;
      const credentials = opts.credentials;
      const duplex = opts.duplex;
      const headersInit = opts.headers;
      const integrity = opts.integrity;
      const keepalive = opts.keepalive;
      const method = opts.method;
      const mode = opts.mode;
      const redirect = opts.redirect;
      const referrer = opts.referrer;
      const referrerPolicy = opts.referrerPolicy;
      const signal = opts.signal;
      const windowValue = opts.window;

      if (windowValue !== undefined && windowValue !== null) throw new TypeError(what + ': window can only be null');
      // A non-empty init starts the copy's referrer over (Fetch, Request constructor step 14).
      if (inputRecord !== undefined && (body !== undefined || cache !== undefined || credentials !== undefined ||
          duplex !== undefined || headersInit !== undefined || integrity !== undefined || keepalive !== undefined ||
          method !== undefined || mode !== undefined || redirect !== undefined || referrer !== undefined ||
          referrerPolicy !== undefined || signal !== undefined || windowValue !== undefined)) {
        r.referrer = 'about:client';
        r.referrerPolicy = '';
      }
      if (mode !== undefined) {
        const m = enumValue(mode, MODES, what, 'mode');
        if (m === 'navigate') throw new TypeError(what + ": mode 'navigate' cannot be set");
        r.mode = m;
      } else if (inputRecord !== undefined && r.mode === 'navigate') {
        r.mode = 'same-origin';
      }
      if (referrer !== undefined) {
        const ref = String(referrer);
        r.referrer = ref === '' ? '' : parseUrl(ref, what).href;
      }
      if (referrerPolicy !== undefined) r.referrerPolicy = enumValue(referrerPolicy, REFERRER_POLICIES, what, 'referrerPolicy');
      if (credentials !== undefined) r.credentials = enumValue(credentials, CREDENTIALS, what, 'credentials');
      if (cache !== undefined) r.cache = enumValue(cache, CACHES, what, 'cache');
      if (r.cache === 'only-if-cached' && r.mode !== 'same-origin') {
        throw new TypeError(what + ": cache 'only-if-cached' can be set only with mode 'same-origin'");
      }
      if (redirect !== undefined) r.redirect = enumValue(redirect, REDIRECTS, what, 'redirect');
      if (integrity !== undefined) r.integrity = String(integrity);
      if (keepalive !== undefined) r.keepalive = Boolean(keepalive);
      if (method !== undefined) r.method = normaliseMethod(method, what);
      if (duplex !== undefined) r.duplex = enumValue(duplex, DUPLEXES, what, 'duplex');

      let parentSignal = inputRecord !== undefined ? inputRecord.signal : null;
      if (signal !== undefined) {
        if (signal !== null && !isAbortSignal(signal)) throw new TypeError(what + ': signal must be an AbortSignal');
        parentSignal = signal;
      }
      r.signal = followingSignal(parentSignal);

      const headers = new Headers();
      const initHeaders = headersInit !== undefined ? headersInit : inputRecord !== undefined ? inputRecord.headers : undefined;
      if (initHeaders !== undefined) internal.headersFill(headers, initHeaders, what);
      r.headers = headers;

      const inputBody = inputRecord !== undefined ? inputRecord.body : null;
      const hasInitBody = body !== undefined && body !== null;
      if ((hasInitBody || inputBody !== null) && (r.method === 'GET' || r.method === 'HEAD')) {
        throw new TypeError(what + ': Request with GET/HEAD method cannot have body.');
      }
      let finalBody = inputBody;
      if (hasInitBody) {
        const extracted = extractBody(body, what);
        if (r.keepalive && extracted.body.stream !== null) throw new TypeError(what + ': keepalive requests cannot have a stream body');
        if (extracted.type !== null && !internal.headersHas(headers, 'content-type')) {
          internal.headersSetRaw(headers, 'content-type', extracted.type);
        }
        finalBody = extracted.body;
        if (finalBody.stream !== null && duplex === undefined) {
          throw new TypeError(what + ": duplex: 'half' is required when the body is a ReadableStream");
        }
      } else if (inputBody !== null) {
        if (bodyUnusable(inputBody)) throw new TypeError(what + ': the input request\'s body has already been used');
        finalBody = transferBody(inputBody);
      }
      r.body = finalBody;
      internal.headersGuard(headers, 'request');
      this.#r = r;
    }

    static {
      requestOf = (x) => {
        return typeof x === 'object' && x !== null && #r in x ? x.#r : undefined;
      };
    }

    get method() { return req(this, 'method').method; }
    get url() { return req(this, 'url').url; }
    get headers() { return req(this, 'headers').headers; }
    get destination() { req(this, 'destination'); return ''; }
    get referrer() { return req(this, 'referrer').referrer; }
    get referrerPolicy() { return req(this, 'referrerPolicy').referrerPolicy; }
    get mode() { return req(this, 'mode').mode; }
    get credentials() { return req(this, 'credentials').credentials; }
    get cache() { return req(this, 'cache').cache; }
    get redirect() { return req(this, 'redirect').redirect; }
    get integrity() { return req(this, 'integrity').integrity; }
    get keepalive() { return req(this, 'keepalive').keepalive; }
    get isReloadNavigation() { req(this, 'isReloadNavigation'); return false; }
    get isHistoryNavigation() { req(this, 'isHistoryNavigation'); return false; }
    get signal() { return req(this, 'signal').signal; }
    get duplex() { return req(this, 'duplex').duplex; }

    clone() {
      const r = req(this, 'clone');
      if (bodyUnusable(r.body)) throw new TypeError('Request.clone: the body has already been used');
      const headers = new Headers(r.headers);
      internal.headersGuard(headers, internal.headersGuardOf ? internal.headersGuardOf(r.headers) : 'request');
      return new Request(fromParts, { ...r, headers, body: cloneBody(r.body), signal: followingSignal(r.signal) });
    }

    get [Symbol.toStringTag]() {
      return 'Request';
    }
  }

  function req(x, what) {
    const r = requestOf(x);
    if (!r) throw new TypeError('Request.' + what + ': this is not a Request');
    return r;
  }

  // new Request(otherRequest): the new request reads the old body; the old one counts as used.
  function transferBody(body) {
    if (body.stream === null) {
      const moved = { stream: null, text: body.text, bytes: body.bytes, used: false };
      body.used = true;
      return moved;
    }
    const source = body.stream;
    const reader = source.getReader();
    internal.markDisturbed(source);
    const stream = internal.streamFromPull(
      () => reader.read().then((r) => (r.done ? null : r.value)),
      (reason) => reader.cancel(reason));
    return { stream, text: undefined, bytes: undefined, used: false };
  }

  installBodyMixin(Request.prototype, 'Request', req);

  // ---- Response -----------------------------------------------------------------------------

  const NULL_BODY_STATUSES = [101, 103, 204, 205, 304];
  const REDIRECT_STATUSES = [301, 302, 303, 307, 308];
  const REASON_PHRASE = /^[\t\x20-\x7e\x80-\xff]*$/;
  let responseOf;

  // WebIDL `unsigned short`: ToNumber, truncate, modulo 2^16.
  function toUnsignedShort(v) {
    const n = Number(v);
    if (!Number.isFinite(n)) return 0;
    const t = Math.trunc(n) % 65536;
    return t < 0 ? t + 65536 : t;
  }

  function initialiseResponse(r, init, body, what) {
    if (init !== undefined && init !== null && !isObjectLike(init)) throw new TypeError(what + ': init must be an object');
    const opts = init == null ? {} : init;
    const headersInit = opts.headers;
    const status = opts.status === undefined ? 200 : toUnsignedShort(opts.status);
    const statusText = opts.statusText === undefined ? '' : String(opts.statusText);
    if (status < 200 || status > 599) {
      throw new RangeError(what + ': init["status"] must be in the range of 200 to 599, inclusive (got ' + status + ').');
    }
    if (!REASON_PHRASE.test(statusText)) throw new TypeError(what + ': invalid statusText ' + JSON.stringify(statusText));
    r.status = status;
    r.statusText = statusText;
    if (headersInit !== undefined) internal.headersFill(r.headers, headersInit, what);
    if (body !== null) {
      if (NULL_BODY_STATUSES.includes(status)) {
        throw new TypeError(what + ': a Response with status ' + status + ' cannot have a body.');
      }
      r.body = body.body;
      if (body.type !== null && !internal.headersHas(r.headers, 'content-type')) {
        internal.headersSetRaw(r.headers, 'content-type', body.type);
      }
    }
  }

  function newResponseRecord() {
    return {
      type: 'default', urlList: [], status: 200, statusText: '', headers: new Headers(),
      body: null, redirected: false,
    };
  }

  class Response {
    #r;

    constructor(body = null, init = undefined) {
      if (body === fromParts) {
        this.#r = init;
        return;
      }
      const what = "Failed to construct 'Response'";
      const r = newResponseRecord();
      const extracted = body === null || body === undefined ? null : extractBody(body, what);
      initialiseResponse(r, init, extracted, what);
      internal.headersGuard(r.headers, 'response');
      this.#r = r;
    }

    static {
      responseOf = (x) => {
        return typeof x === 'object' && x !== null && #r in x ? x.#r : undefined;
      };
    }

    static error() {
      const r = newResponseRecord();
      r.type = 'error';
      r.status = 0;
      internal.headersGuard(r.headers, 'immutable');
      return new Response(fromParts, r);
    }

    static redirect(url, status = 302) {
      const what = 'Response.redirect';
      const parsed = parseUrl(url, what);
      const s = toUnsignedShort(status);
      if (!REDIRECT_STATUSES.includes(s)) throw new RangeError(what + ': invalid status code ' + s + ' (one of 301, 302, 303, 307, 308)');
      const r = newResponseRecord();
      r.status = s;
      internal.headersSetRaw(r.headers, 'location', parsed.href);
      internal.headersGuard(r.headers, 'immutable');
      return new Response(fromParts, r);
    }

    static json(data, init = undefined) {
      const what = 'Response.json';
      const text = JSON.stringify(data);
      if (text === undefined) throw new TypeError(what + ': the value is not JSON serializable');
      const r = newResponseRecord();
      const extracted = { body: { stream: null, text, bytes: undefined, used: false }, type: 'application/json' };
      initialiseResponse(r, init, extracted, what);
      internal.headersGuard(r.headers, 'response');
      return new Response(fromParts, r);
    }

    get type() { return res(this, 'type').type; }
    get url() {
      const list = res(this, 'url').urlList;
      if (list.length === 0) return '';
      const last = list[list.length - 1];
      const hash = last.indexOf('#');
      return hash < 0 ? last : last.slice(0, hash);
    }
    get redirected() { return res(this, 'redirected').redirected; }
    get status() { return res(this, 'status').status; }
    get ok() {
      const s = res(this, 'ok').status;
      return s >= 200 && s <= 299;
    }
    get statusText() { return res(this, 'statusText').statusText; }
    get headers() { return res(this, 'headers').headers; }

    clone() {
      const r = res(this, 'clone');
      if (bodyUnusable(r.body)) throw new TypeError('Response.clone: the body has already been used');
      const headers = new Headers(r.headers);
      internal.headersGuard(headers, internal.headersGuardOf ? internal.headersGuardOf(r.headers) : 'response');
      return new Response(fromParts, { ...r, urlList: r.urlList.slice(), headers, body: cloneBody(r.body) });
    }

    get [Symbol.toStringTag]() {
      return 'Response';
    }
  }

  function res(x, what) {
    const r = responseOf(x);
    if (!r) throw new TypeError('Response.' + what + ': this is not a Response');
    return r;
  }

  installBodyMixin(Response.prototype, 'Response', res);

  for (const [name, value] of [['Request', Request], ['Response', Response]]) {
    internal.webidlClass(value);
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
  }

  // ---- hooks ----------------------------------------------------------------------------------

  function describeValue(value) {
    if (value === null) return 'null';
    if (value === undefined) return 'undefined';
    if (typeof value === 'object' || typeof value === 'function') {
      const name = value.constructor && typeof value.constructor.name === 'string' ? value.constructor.name : '';
      return (typeof value === 'function' ? 'a function' : 'an object') + (name && name !== 'Object' && name !== 'Function' ? ' (' + name + ')' : '');
    }
    if (typeof value === 'string') return 'a string ' + JSON.stringify(value.length > 40 ? value.slice(0, 40) + '...' : value);
    return 'a ' + typeof value + ' (' + String(value) + ')';
  }

  internal.requestFromHost = function requestFromHost(method, url, headerPairs, body, signal) {
    const headers = internal.headersFromPairs(headerPairs, 'immutable');
    let b = null;
    if (body !== null && body !== undefined) {
      const stream = internal.streamFromPull(() => body.pull(),
        typeof body.cancel === 'function' ? (reason) => body.cancel(reason) : undefined);
      b = { stream, text: undefined, bytes: undefined, used: false };
    }
    return new Request(fromParts, {
      method: String(method), url: String(url), headers, body: b,
      signal: signal !== undefined && signal !== null ? signal : followingSignal(null),
      mode: 'cors', credentials: 'same-origin', cache: 'default', redirect: 'follow',
      referrer: 'about:client', referrerPolicy: '', integrity: '', keepalive: false, duplex: 'half',
    });
  };

  internal.responseToHost = function responseToHost(response) {
    const r = responseOf(response);
    if (r === undefined) {
      throw new TypeError('the fetch handler must return a Response (or a promise of one), but it returned ' + describeValue(response));
    }
    const body = r.body;
    if (bodyUnusable(body)) throw new TypeError('the fetch handler returned a Response whose body has already been used');
    const known = body !== null && body.stream === null;
    return {
      status: r.status,
      statusText: r.statusText,
      type: r.type,
      headers: internal.headerPairs(r.headers),
      bodyText: known ? body.text : undefined,
      bodyBytes: known ? body.bytes : undefined,
      get body() {
        return body === null ? null : bodyStream(body);
      },
    };
  };

  // For fetch.js: everything needed to send a request.
  internal.requestParts = (request) => {
    const r = requestOf(request);
    return r === undefined ? undefined : {
      method: r.method, url: r.url, headers: r.headers, redirect: r.redirect, signal: r.signal,
      body: r.body,
    };
  };
  // For fetch.js: the Request's body as bytes or a string if known up front, else its stream;
  // marks it used.
  internal.takeBody = (body) => {
    if (body === null) return null;
    if (bodyUnusable(body)) throw new TypeError('fetch: the request body has already been used');
    if (body.stream === null) {
      body.used = true;
      return body.text !== undefined ? { text: body.text } : { bytes: body.bytes };
    }
    return { stream: body.stream };
  };
  internal.responseFromHost = (status, statusText, headerPairs, stream, urlList, redirected, type) => {
    const r = newResponseRecord();
    r.status = status;
    r.statusText = statusText;
    r.headers = internal.headersFromPairs(headerPairs, 'immutable');
    r.body = stream === null ? null : { stream, text: undefined, bytes: undefined, used: false };
    r.urlList = urlList;
    r.redirected = redirected;
    r.type = type || 'basic';
    return new Response(fromParts, r);
  };
  internal.Request = Request;
  internal.Response = Response;
  internal.isRequest = (x) => requestOf(x) !== undefined;
  internal.isResponse = (x) => responseOf(x) !== undefined;
  internal.extractBody = extractBody;
})
