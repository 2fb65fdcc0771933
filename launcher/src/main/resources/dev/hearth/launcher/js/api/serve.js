// Serving a fetch handler over HTTP (the JS half of http/FetchService.java). Evaluated last.
//
// After the entrypoint has run, FunctionRuntime calls internal.startServing(exports): a module
// whose default export has fetch(request, env, ctx), or a script that added a 'fetch' event
// listener, is served; anything else is a plain script and nothing happens here. Per request
// the Java side calls `dispatch` on the event loop; the response goes back through host
// functions (serve.respond / write / end / abort / fail), body streams with backpressure
// (serve.whenWritable). A handler that throws or rejects gets a 500 and one report on stderr;
// the worker goes on serving.
(function (host, internal) {
  'use strict';

  const global = globalThis;
  const listen = host['serve.listen'];
  const respond = host['serve.respond'];
  const respondText = host['serve.respondText'];
  const respondBytes = host['serve.respondBytes'];
  const write = host['serve.write'];
  const whenWritable = host['serve.whenWritable'];
  const end = host['serve.end'];
  const abortResponse = host['serve.abort'];
  const fail = host['serve.fail'];
  const pull = host['serve.pull'];
  const holdLoop = host['serve.hold'];
  const releaseLoop = host['serve.release'];
  const writeOut = host.write;
  const STDERR = 2;
  const apply = Reflect.apply;

  const describe = (value) => (typeof internal.describe === 'function' ? internal.describe(value) : String(value));

  // ---- env and ctx: the second and third arguments of fetch ---------------------------------
  // env: the container's environment (as process.env) as a plain frozen object, made when a
  // handler is found: the runtime gets its environment after this file ran (a pool worker's).
  const readEnv = host.env;
  let fetchEnv;
  function envForHandler() {
    if (fetchEnv === undefined) {
      const env = {};
      const pairs = readEnv();
      for (let i = 0; i + 1 < pairs.length; i += 2) {
        Object.defineProperty(env, pairs[i], { value: pairs[i + 1], enumerable: true, writable: false, configurable: false });
      }
      fetchEnv = Object.freeze(env);
    }
    return fetchEnv;
  }

  function reportBackground(error) {
    writeOut(STDERR, 'hearth: a ctx.waitUntil() promise rejected: ' + describe(error) + '\n');
  }

  // waitUntil: the loop stays alive (and SIGTERM waits, within its grace period) until the
  // promise settles; a rejection is reported, never fatal.
  function waitUntil(promise) {
    const hold = holdLoop();
    Promise.resolve(promise).then(() => releaseLoop(hold), (error) => {
      releaseLoop(hold);
      reportBackground(error);
    });
  }

  const ctx = Object.freeze({
    waitUntil,
    // Workers would fall through to an origin; there is none here, so a failure is a 500 either way.
    passThroughOnException() {},
  });

  // ---- the fetch-event form -------------------------------------------------------------------
  // 'fetch' listeners are kept here, not by EventTarget: an exception in one is that request's
  // 500, where the DOM would report it as an uncaught error (which ends the function).
  const fetchListeners = [];
  const EventBase = typeof internal.Event === 'function' ? internal.Event : class Event {
    constructor(type) { this.type = String(type); }
  };
  class FetchEvent extends EventBase {
    #request;
    #respond;
    constructor(type, init) {
      super(type, init);
      if (init === null || typeof init !== 'object' || !internal.isRequest || !internal.isRequest(init.request)) {
        throw new TypeError("FetchEvent: init.request must be a Request");
      }
      this.#request = init.request;
      this.#respond = init[respondSlot];
    }
    get request() { return this.#request; }
    respondWith(response) {
      if (typeof this.#respond !== 'function') throw new DOMExceptionOr('respondWith() was already called', 'InvalidStateError');
      const respondTo = this.#respond;
      this.#respond = undefined;
      respondTo(response);
    }
    waitUntil(promise) { waitUntil(promise); }
    passThroughOnException() {}
  }
  const respondSlot = Symbol('respond');
  function DOMExceptionOr(message, name) {
    return typeof internal.domException === 'function' ? internal.domException(message, name) : new TypeError(message);
  }
  Object.defineProperty(global, 'FetchEvent', { value: FetchEvent, writable: true, configurable: true, enumerable: false });

  const baseAdd = global.addEventListener;
  const baseRemove = global.removeEventListener;
  function listenerCallback(listener) {
    if (typeof listener === 'function') return listener;
    if (listener !== null && typeof listener === 'object') return listener;
    return null;
  }
  Object.defineProperty(global, 'addEventListener', {
    value: function addEventListener(type, listener, options) {
      if (String(type) === 'fetch' && (this === global || this === undefined)) {
        const callback = listenerCallback(listener);
        if (callback !== null && !fetchListeners.includes(callback)) fetchListeners.push(callback);
        return undefined;
      }
      if (typeof baseAdd !== 'function') throw new TypeError('addEventListener: only "fetch" events are supported here');
      return apply(baseAdd, this === undefined ? global : this, [type, listener, options]);
    },
    writable: true, configurable: true, enumerable: true,
  });
  Object.defineProperty(global, 'removeEventListener', {
    value: function removeEventListener(type, listener, options) {
      if (String(type) === 'fetch' && (this === global || this === undefined)) {
        const i = fetchListeners.indexOf(listenerCallback(listener));
        if (i >= 0) fetchListeners.splice(i, 1);
        return undefined;
      }
      if (typeof baseRemove !== 'function') return undefined;
      return apply(baseRemove, this === undefined ? global : this, [type, listener, options]);
    },
    writable: true, configurable: true, enumerable: true,
  });

  function handleWithListeners(request) {
    return new Promise((resolve) => {
      let responded = false;
      const event = new FetchEvent('fetch', { request, [respondSlot]: (r) => { responded = true; resolve(r); } });
      for (const listener of fetchListeners.slice()) {
        if (typeof listener === 'function') apply(listener, global, [event]);
        else apply(listener.handleEvent, listener, [event]);
      }
      if (!responded) throw new TypeError('no fetch event listener called respondWith()');
    });
  }

  // ---- requests -------------------------------------------------------------------------------
  let handler = null;        // (request) => Response | Promise<Response>
  const controllers = new Map(); // request id -> AbortController, aborted when the client goes away

  function bodyOf(id) {
    return {
      pull() {
        return new Promise((resolve, reject) => {
          pull(id, (buffer) => resolve(buffer === null ? null : new Uint8Array(buffer)),
            (reason) => reject(new TypeError(reason)));
        });
      },
    };
  }

  function failed(id, method, url, error) {
    controllers.delete(id);
    fail(id, 'hearth: the fetch handler failed on ' + method + ' ' + url + ': ' + describe(error));
  }

  function dispatch(id, method, url, headerBlob, hasBody) {
    let result;
    try {
      let signal;
      if (internal.AbortController !== undefined) {
        const controller = new internal.AbortController();
        controllers.set(id, controller);
        signal = controller.signal;
      }
      const request = internal.requestFromHost(method, url, headerBlob === '' ? [] : headerBlob.split('\0'),
        hasBody ? bodyOf(id) : null, signal);
      result = handler(request);
    } catch (error) {
      failed(id, method, url, error);
      return;
    }
    if (result !== null && typeof result === 'object' && typeof result.then === 'function') {
      result.then((response) => send(id, method, url, response), (error) => failed(id, method, url, error));
    } else {
      send(id, method, url, result);
    }
  }

  function abortRequest(id) {
    const controller = controllers.get(id);
    if (controller !== undefined) {
      controllers.delete(id);
      controller.abort(typeof internal.domException === 'function'
        ? internal.domException('the client closed the connection', 'AbortError') : undefined);
    }
  }

  function send(id, method, url, response) {
    let r;
    try {
      r = internal.responseToHost(response);
    } catch (error) {
      failed(id, method, url, error);
      return;
    }
    if (r.type === 'error') {
      failed(id, method, url, new TypeError('the fetch handler returned Response.error()'));
      return;
    }
    controllers.delete(id);
    const headers = r.headers.join('\0');
    // A body known up front goes with the head in one call; a stream is pumped.
    if (r.bodyText !== undefined) {
      respondText(id, r.status, r.statusText, headers, r.bodyText);
      return;
    }
    if (r.bodyBytes !== undefined) {
      const bytes = r.bodyBytes;
      respondBytes(id, r.status, r.statusText, headers, bytes.buffer, bytes.byteOffset, bytes.byteLength);
      return;
    }
    const wanted = respond(id, r.status, r.statusText, headers);
    const body = r.body;
    if (wanted !== 1 || body === null) {
      if (body !== null && wanted === 0) body.cancel().catch(() => {});
      end(id);
      return;
    }
    pump(id, method, url, body);
  }

  // Streams the body: each chunk goes to the connection; when it is full, wait until it drains.
  function pump(id, method, url, body) {
    let reader;
    try {
      reader = body.getReader();
    } catch (error) {
      failed(id, method, url, error);
      return;
    }
    const next = () => { reader.read().then(onChunk, onError); };
    function onChunk(result) {
      if (result.done) {
        end(id);
        return;
      }
      const chunk = result.value;
      if (!(chunk instanceof Uint8Array)) {
        const error = new TypeError('a response body chunk must be a Uint8Array, got ' + typeof chunk);
        reader.cancel(error).catch(() => {});
        failed(id, method, url, error);
        return;
      }
      const state = write(id, chunk.buffer, chunk.byteOffset, chunk.byteLength);
      if (state === 1) next();
      else if (state === 0) whenWritable(id, next);
      else reader.cancel(new TypeError('the client closed the connection')).catch(() => {});
    }
    function onError(error) {
      failed(id, method, url, error);
    }
    next();
  }

  // ---- starting ----------------------------------------------------------------------------------
  const HANDLER_WAIT_MS = 60000;

  // 'yes' with `handler` set, 'no', or 'pending' while a top-level await still holds the default export.
  function findHandler(exports) {
    if (exports !== null && exports !== undefined) {
      let main;
      try {
        main = exports.default;
      } catch (error) {
        if (error instanceof ReferenceError) return 'pending';
        throw error;
      }
      if (main !== null && (typeof main === 'object' || typeof main === 'function') && typeof main.fetch === 'function') {
        const env = envForHandler();
        handler = (request) => main.fetch(request, env, ctx);
        return 'yes';
      }
    }
    if (fetchListeners.length > 0) {
      handler = handleWithListeners;
      return 'yes';
    }
    return 'no';
  }

  function serve() {
    if (typeof internal.requestFromHost !== 'function' || typeof internal.responseToHost !== 'function') {
      throw new Error('hearth: this runtime has no Request/Response hooks; cannot serve a fetch handler');
    }
    const problem = listen(dispatch, abortRequest);
    if (problem !== null && problem !== undefined) throw new Error(problem);
  }

  internal.startServing = function startServing(exports) {
    const found = findHandler(exports);
    if (found === 'yes') {
      serve();
    } else if (found === 'pending') {
      const since = Date.now();
      const retry = () => {
        const now = findHandler(exports);
        if (now === 'yes') serve();
        else if (now === 'pending' && Date.now() - since < HANDLER_WAIT_MS) setTimeout(retry, 10);
      };
      setTimeout(retry, 0);
    }
  };
})
