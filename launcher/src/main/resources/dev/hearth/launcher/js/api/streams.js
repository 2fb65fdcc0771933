// Streams (WHATWG Streams standard): ReadableStream with its default and BYOB readers and
// controllers, tee, async iteration, pipeTo/pipeThrough; WritableStream with its default writer;
// and TransformStream. Byte streams (`type: 'bytes'`) queue Uint8Array chunks that BYOB reads
// copy out of (a read may take part of a chunk); their controller's byobRequest is always null,
// so a source gives bytes with enqueue(), never by filling a view. Body streams are byte streams.
//
// Every object keeps its state in one private field holding a plain record; the algorithms
// below work on those records, so the classes are only the public face.
//
// Puts on `internal` for the later API files (blob.js, body.js, fetch.js and the HTTP server):
//   ReadableStream, WritableStream, TransformStream   the classes
//   isReadableStream(x)                     brand check
//   streamFromPull(pull, cancel)            a ReadableStream whose pull() calls `pull()`, which
//                                           returns (a promise of) a Uint8Array or null at the end;
//                                           `cancel(reason)` is optional
//   streamOfBytes(u8)                       a stream with one chunk (none when empty), then closed
//   isDisturbed(s) / isLocked(s)            whether it was read from / has a reader
//   markDisturbed(s)                        as if read (a Request built from another one)
//   readAllBytes(s)                         Promise<Uint8Array> of all chunks (each must be a
//                                           Uint8Array), locking the stream
//   teeStream(s, cloneChunks)               [branch1, branch2]
(function (host, internal) {
  'use strict';

  const AsyncIteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf(async function* () {}).prototype);

  function deferred() {
    let resolve;
    let reject;
    const promise = new Promise((res, rej) => { resolve = res; reject = rej; });
    return { promise, resolve, reject };
  }

  const noop = () => {};
  // The spec's "set [[PromiseIsHandled]] to true": nobody is told about this rejection.
  function markHandled(promise) {
    promise.then(undefined, noop);
    return promise;
  }

  const resolved = (v) => Promise.resolve(v);
  const rejected = (e) => markHandled(Promise.reject(e));

  // Calls `method` of `object` if present, turning a throw into a rejected promise.
  function promiseCall(fn, thisArg, args) {
    try {
      return Promise.resolve(Reflect.apply(fn, thisArg, args));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  function getMethod(object, name, what) {
    const fn = object == null ? undefined : object[name];
    if (fn === undefined || fn === null) return undefined;
    if (typeof fn !== 'function') throw new TypeError(what + '.' + name + ' must be a function');
    return fn;
  }

  function strategyOf(strategy, defaultHwm, what) {
    if (strategy !== undefined && strategy !== null && typeof strategy !== 'object' && typeof strategy !== 'function') {
      throw new TypeError(what + ': the queuing strategy must be an object');
    }
    let hwm = strategy == null || strategy.highWaterMark === undefined ? defaultHwm : Number(strategy.highWaterMark);
    if (Number.isNaN(hwm) || hwm < 0) throw new RangeError(what + ': highWaterMark must be a non-negative number');
    const size = strategy == null ? undefined : strategy.size;
    if (size !== undefined && typeof size !== 'function') throw new TypeError(what + ': strategy.size must be a function');
    return { hwm, size: size === undefined ? () => 1 : (chunk) => size(chunk) };
  }

  function validSize(size) {
    const n = Number(size);
    if (!(n >= 0) || n === Infinity) throw new RangeError('the chunk size must be a finite, non-negative number');
    return n;
  }

  const illegalConstructor = Symbol('internal construction');

  // ============================== ReadableStream ==============================================

  // Record accessors, set in the classes' static blocks (declared first: static blocks run early).
  let rsOf;
  let rcOf;
  let rbcOf;
  let wcOf;

  class ReadableStream {
    #s;

    constructor(underlyingSource = undefined, strategy = undefined) {
      if (underlyingSource === illegalConstructor) {
        this.#s = strategy; // internal: the record is ready
        strategy.api = this;
        return;
      }
      if (underlyingSource === null) throw new TypeError('ReadableStream: the underlying source must be an object');
      const source = underlyingSource === undefined ? {} : underlyingSource;
      const type = source.type === undefined ? undefined : String(source.type);
      if (type !== undefined && type !== 'bytes') {
        throw new TypeError("ReadableStream: type must be 'bytes' or undefined, not '" + type + "'");
      }
      const { hwm, size } = strategyOf(strategy, type === 'bytes' ? 0 : 1, 'ReadableStream');
      if (type === 'bytes' && strategy != null && strategy.size !== undefined) {
        throw new RangeError('ReadableStream: a byte stream cannot have a size function');
      }
      const start = getMethod(source, 'start', 'underlyingSource');
      const pull = getMethod(source, 'pull', 'underlyingSource');
      const cancel = getMethod(source, 'cancel', 'underlyingSource');
      const s = newStreamRecord();
      s.api = this;
      this.#s = s;
      setUpController(s, type === 'bytes',
        start ? (c) => Reflect.apply(start, source, [c]) : noop,
        pull ? (c) => promiseCall(pull, source, [c]) : () => resolved(),
        cancel ? (r) => promiseCall(cancel, source, [r]) : () => resolved(),
        hwm, type === 'bytes' ? (chunk) => chunk.byteLength : size);
    }

    static {
      rsOf = (x) => {
        return typeof x === 'object' && x !== null && #s in x ? x.#s : undefined;
      };
    }

    static from(asyncIterable) {
      let method = asyncIterable == null ? undefined : asyncIterable[Symbol.asyncIterator];
      let iterator;
      if (method == null) {
        const sync = asyncIterable == null ? undefined : asyncIterable[Symbol.iterator];
        if (typeof sync !== 'function') throw new TypeError('ReadableStream.from: the argument is not iterable');
        const syncIterator = Reflect.apply(sync, asyncIterable, []);
        iterator = {
          async next() {
            const r = syncIterator.next();
            return { value: await r.value, done: r.done };
          },
          async return(v) {
            if (typeof syncIterator.return === 'function') syncIterator.return(v);
            return { value: v, done: true };
          },
        };
      } else {
        iterator = Reflect.apply(method, asyncIterable, []);
      }
      if (iterator === null || typeof iterator !== 'object') throw new TypeError('ReadableStream.from: the iterator is not an object');
      return new ReadableStream({
        async pull(controller) {
          const result = await iterator.next();
          if (result === null || typeof result !== 'object') throw new TypeError('ReadableStream.from: next() must return an object');
          if (result.done) controller.close();
          else controller.enqueue(result.value);
        },
        async cancel(reason) {
          if (typeof iterator.return === 'function') {
            const result = await iterator.return(reason);
            if (result === null || typeof result !== 'object') throw new TypeError('ReadableStream.from: return() must return an object');
          }
        },
      }, { highWaterMark: 0 });
    }

    get locked() {
      return rs(this, 'locked').reader !== null;
    }

    cancel(reason = undefined) {
      const s = rsOf(this);
      if (!s) return rejected(new TypeError('ReadableStream.cancel: this is not a ReadableStream'));
      if (s.reader !== null) return rejected(new TypeError('ReadableStream.cancel: the stream is locked to a reader'));
      return streamCancel(s, reason);
    }

    getReader(options = undefined) {
      const s = rs(this, 'getReader');
      const mode = options == null || options.mode === undefined ? undefined : String(options.mode);
      if (mode === 'byob') return new ReadableStreamBYOBReader(this);
      if (mode !== undefined) throw new TypeError("ReadableStream.getReader: mode must be 'byob' or undefined");
      return new ReadableStreamDefaultReader(this);
    }

    pipeThrough(transform, options = undefined) {
      const s = rs(this, 'pipeThrough');
      if (transform == null || typeof transform !== 'object') throw new TypeError('ReadableStream.pipeThrough: the transform must be an object');
      const writable = transform.writable;
      const readable = transform.readable;
      const ws = wsOf(writable);
      if (!ws) throw new TypeError('ReadableStream.pipeThrough: transform.writable is not a WritableStream');
      if (!rsOf(readable)) throw new TypeError('ReadableStream.pipeThrough: transform.readable is not a ReadableStream');
      if (s.reader !== null) throw new TypeError('ReadableStream.pipeThrough: the stream is locked');
      if (ws.writer !== null) throw new TypeError('ReadableStream.pipeThrough: transform.writable is locked');
      markHandled(pipe(s, ws, pipeOptions(options)));
      return readable;
    }

    pipeTo(destination, options = undefined) {
      const s = rsOf(this);
      if (!s) return rejected(new TypeError('ReadableStream.pipeTo: this is not a ReadableStream'));
      const ws = wsOf(destination);
      if (!ws) return rejected(new TypeError('ReadableStream.pipeTo: the destination is not a WritableStream'));
      let opts;
      try { opts = pipeOptions(options); } catch (e) { return rejected(e); }
      if (s.reader !== null) return rejected(new TypeError('ReadableStream.pipeTo: the stream is locked'));
      if (ws.writer !== null) return rejected(new TypeError('ReadableStream.pipeTo: the destination is locked'));
      return pipe(s, ws, opts);
    }

    tee() {
      return tee(rs(this, 'tee'), false).map((b) => b.api);
    }

    values(options = undefined) {
      const s = rs(this, 'values');
      const preventCancel = options != null && Boolean(options.preventCancel);
      return newAsyncIterator(s, preventCancel);
    }

    [Symbol.asyncIterator](options = undefined) {
      return this.values(options);
    }

    get [Symbol.toStringTag]() {
      return 'ReadableStream';
    }
  }

  function rs(x, what) {
    const s = rsOf(x);
    if (!s) throw new TypeError('ReadableStream.' + what + ': this is not a ReadableStream');
    return s;
  }

  function newStreamRecord() {
    return { state: 'readable', reader: null, storedError: undefined, disturbed: false, controller: null, api: null };
  }

  function createReadableStream(start, pull, cancel, hwm = 1, size = () => 1, bytes = false) {
    const s = newStreamRecord();
    new ReadableStream(illegalConstructor, s);
    setUpController(s, bytes, start, pull, cancel, hwm, bytes ? (chunk) => chunk.byteLength : size);
    return s;
  }

  // ---- controller ----

  class ReadableStreamDefaultController {
    #c;

    constructor(key, c) {
      if (key !== illegalConstructor) throw new TypeError('Illegal constructor');
      this.#c = c;
    }

    static {
      rcOf = (x) => {
        if (typeof x !== 'object' || x === null) return undefined;
        return #c in x ? x.#c : rbcOf(x);
      };
    }

    get desiredSize() {
      return desiredSize(rc(this, 'desiredSize'));
    }

    close() {
      const c = rc(this, 'close');
      if (!canCloseOrEnqueue(c)) throw new TypeError('ReadableStreamDefaultController.close: the stream is already ' + (c.closeRequested ? 'closing' : c.stream.state));
      controllerClose(c);
    }

    enqueue(chunk = undefined) {
      const c = rc(this, 'enqueue');
      if (!canCloseOrEnqueue(c)) throw new TypeError('ReadableStreamDefaultController.enqueue: the stream is already ' + (c.closeRequested ? 'closing' : c.stream.state));
      controllerEnqueue(c, chunk);
    }

    error(e = undefined) {
      controllerError(rc(this, 'error'), e);
    }

    get [Symbol.toStringTag]() {
      return 'ReadableStreamDefaultController';
    }
  }

  // The controller of a `type: 'bytes'` stream. Sources give bytes with enqueue(); byobRequest is
  // always null (BYOB readers are served from the queue, so a source never has to fill a view).
  class ReadableByteStreamController {
    #c;

    constructor(key, c) {
      if (key !== illegalConstructor) throw new TypeError('Illegal constructor');
      this.#c = c;
    }

    static {
      rbcOf = (x) => (#c in x ? x.#c : undefined);
    }

    get byobRequest() {
      rc(this, 'byobRequest');
      return null;
    }

    get desiredSize() {
      return desiredSize(rc(this, 'desiredSize'));
    }

    close() {
      const c = rc(this, 'close');
      if (!canCloseOrEnqueue(c)) throw new TypeError('ReadableByteStreamController.close: the stream is already ' + (c.closeRequested ? 'closing' : c.stream.state));
      controllerClose(c);
    }

    enqueue(chunk) {
      const c = rc(this, 'enqueue');
      if (!ArrayBuffer.isView(chunk)) throw new TypeError('ReadableByteStreamController.enqueue: the chunk must be an ArrayBufferView');
      if (chunk.byteLength === 0) throw new TypeError('ReadableByteStreamController.enqueue: the chunk is empty');
      if (!canCloseOrEnqueue(c)) throw new TypeError('ReadableByteStreamController.enqueue: the stream is already ' + (c.closeRequested ? 'closing' : c.stream.state));
      // The spec transfers the chunk's buffer to the stream; a copy isolates it the same way.
      controllerEnqueue(c, new Uint8Array(chunk.buffer.slice(chunk.byteOffset, chunk.byteOffset + chunk.byteLength)));
    }

    error(e = undefined) {
      controllerError(rc(this, 'error'), e);
    }

    get [Symbol.toStringTag]() {
      return 'ReadableByteStreamController';
    }
  }

  function rc(x, what) {
    const c = rcOf(x);
    if (!c) throw new TypeError('ReadableStreamDefaultController.' + what + ': this is not a stream controller');
    return c;
  }

  function setUpController(s, bytes, start, pull, cancel, hwm, size) {
    const c = {
      stream: s, bytes, queue: [], queueHead: 0, queueTotalSize: 0,
      started: false, closeRequested: false, pullAgain: false, pulling: false,
      hwm, size, pull, cancel, api: null,
    };
    c.api = bytes ? new ReadableByteStreamController(illegalConstructor, c) : new ReadableStreamDefaultController(illegalConstructor, c);
    s.controller = c;
    const startResult = start(c.api);
    Promise.resolve(startResult).then(() => {
      c.started = true;
      callPullIfNeeded(c);
    }, (e) => controllerError(c, e));
  }

  function queueLength(c) {
    return c.queue.length - c.queueHead;
  }

  function dequeue(c) {
    const entry = c.queue[c.queueHead];
    c.queue[c.queueHead++] = undefined;
    if (c.queueHead > 64 && c.queueHead * 2 > c.queue.length) {
      c.queue = c.queue.slice(c.queueHead);
      c.queueHead = 0;
    }
    c.queueTotalSize -= entry.size;
    if (c.queueTotalSize < 0) c.queueTotalSize = 0;
    return entry.value;
  }

  function resetQueue(c) {
    c.queue = [];
    c.queueHead = 0;
    c.queueTotalSize = 0;
  }

  function desiredSize(c) {
    const state = c.stream.state;
    if (state === 'errored') return null;
    if (state === 'closed') return 0;
    return c.hwm - c.queueTotalSize;
  }

  function canCloseOrEnqueue(c) {
    return !c.closeRequested && c.stream.state === 'readable';
  }

  function clearAlgorithms(c) {
    c.pull = undefined;
    c.cancel = undefined;
    c.size = undefined;
  }

  function shouldCallPull(c) {
    if (!canCloseOrEnqueue(c) || !c.started) return false;
    const reader = c.stream.reader;
    if (reader !== null && reader.readRequests.length > 0) return true;
    return desiredSize(c) > 0;
  }

  function callPullIfNeeded(c) {
    if (!shouldCallPull(c)) return;
    if (c.pulling) {
      c.pullAgain = true;
      return;
    }
    c.pulling = true;
    c.pull(c.api).then(() => {
      c.pulling = false;
      if (c.pullAgain) {
        c.pullAgain = false;
        callPullIfNeeded(c);
      }
    }, (e) => controllerError(c, e));
  }

  function controllerClose(c) {
    c.closeRequested = true;
    if (queueLength(c) === 0) {
      clearAlgorithms(c);
      streamClose(c.stream);
    }
  }

  function controllerEnqueue(c, chunk) {
    const s = c.stream;
    const reader = s.reader;
    if (reader !== null && reader.readRequests.length > 0 && reader.readRequests[0].byob) {
      let rest = chunk;
      while (rest !== null && reader.readRequests.length > 0) {
        const request = reader.readRequests[0];
        rest = request.fill(rest);
        if (request.satisfied()) {
          reader.readRequests.shift();
          request.complete(false);
        }
      }
      if (rest !== null) {
        c.queue.push({ value: rest, size: rest.byteLength });
        c.queueTotalSize += rest.byteLength;
      }
    } else if (reader !== null && reader.readRequests.length > 0) {
      reader.readRequests.shift().chunk(chunk);
    } else {
      let size;
      try {
        size = validSize(c.size(chunk));
      } catch (e) {
        controllerError(c, e);
        throw e;
      }
      c.queue.push({ value: chunk, size });
      c.queueTotalSize += size;
    }
    callPullIfNeeded(c);
  }

  function controllerError(c, e) {
    const s = c.stream;
    if (s.state !== 'readable') return;
    resetQueue(c);
    clearAlgorithms(c);
    streamError(s, e);
  }

  // A reader's read: a queued chunk now, or a read request the next enqueue/close/error settles.
  function pullSteps(c, request) {
    if (request.byob) {
      while (queueLength(c) > 0 && !request.full()) {
        const head = c.queue[c.queueHead];
        const rest = request.fill(head.value);
        if (rest === null) {
          dequeue(c);
        } else {
          c.queueTotalSize -= head.value.byteLength - rest.byteLength;
          head.value = rest;
          head.size = rest.byteLength;
        }
      }
      if (request.satisfied()) {
        if (c.closeRequested && queueLength(c) === 0) {
          clearAlgorithms(c);
          streamClose(c.stream);
        } else {
          callPullIfNeeded(c);
        }
        request.complete(false);
        return;
      }
      c.stream.reader.readRequests.push(request);
      callPullIfNeeded(c);
      return;
    }
    if (queueLength(c) > 0) {
      const chunk = dequeue(c);
      if (c.closeRequested && queueLength(c) === 0) {
        clearAlgorithms(c);
        streamClose(c.stream);
      } else {
        callPullIfNeeded(c);
      }
      request.chunk(chunk);
    } else {
      c.stream.reader.readRequests.push(request);
      callPullIfNeeded(c);
    }
  }

  // ---- stream-level algorithms ----

  function streamClose(s) {
    s.state = 'closed';
    const reader = s.reader;
    if (reader === null) return;
    const requests = reader.readRequests;
    reader.readRequests = [];
    for (const r of requests) r.close();
    reader.closed.resolve(undefined);
  }

  function streamError(s, e) {
    s.state = 'errored';
    s.storedError = e;
    const reader = s.reader;
    if (reader === null) return;
    const requests = reader.readRequests;
    reader.readRequests = [];
    for (const r of requests) r.error(e);
    reader.closed.reject(e);
    markHandled(reader.closed.promise);
  }

  function streamCancel(s, reason) {
    s.disturbed = true;
    if (s.state === 'closed') return resolved(undefined);
    if (s.state === 'errored') return rejected(s.storedError);
    streamClose(s);
    const c = s.controller;
    resetQueue(c);
    const cancel = c.cancel;
    clearAlgorithms(c);
    return cancel(reason).then(() => undefined);
  }

  function streamRead(reader, request) {
    const s = reader.stream;
    s.disturbed = true;
    if (s.state === 'closed') request.close();
    else if (s.state === 'errored') request.error(s.storedError);
    else pullSteps(s.controller, request);
  }

  // ---- reader ----

  let readerOf;

  class ReadableStreamDefaultReader {
    #r;

    constructor(stream) {
      this.#r = lockedReader(stream, this, 'ReadableStreamDefaultReader', false);
    }

    static {
      readerOf = (x) => {
        return typeof x === 'object' && x !== null && #r in x ? x.#r : undefined;
      };
    }

    get closed() {
      const r = readerOf(this);
      if (!r) return rejected(new TypeError('ReadableStreamDefaultReader.closed: this is not a reader'));
      return r.closed.promise;
    }

    read() {
      const r = readerOf(this);
      if (!r) return rejected(new TypeError('ReadableStreamDefaultReader.read: this is not a reader'));
      if (r.stream === null) return rejected(new TypeError('ReadableStreamDefaultReader.read: the reader has been released'));
      return readChunk(r);
    }

    cancel(reason = undefined) {
      const r = readerOf(this);
      if (!r) return rejected(new TypeError('ReadableStreamDefaultReader.cancel: this is not a reader'));
      return readerCancel(r, 'ReadableStreamDefaultReader', reason);
    }

    releaseLock() {
      const r = readerOf(this);
      if (!r) throw new TypeError('ReadableStreamDefaultReader.releaseLock: this is not a reader');
      if (r.stream !== null) release(r);
    }

    get [Symbol.toStringTag]() {
      return 'ReadableStreamDefaultReader';
    }
  }

  function acquireReader(s) {
    return readerOf(new ReadableStreamDefaultReader(s.api));
  }

  // What both readers do (the standard's ReadableStreamGenericReader), `what` naming the class in
  // errors. Locks `stream` to a new reader record for `api`; its closed promise follows the stream.
  function lockedReader(stream, api, what, bytesOnly) {
    const s = rsOf(stream);
    if (!s) throw new TypeError(`${what}: the argument is not a ReadableStream`);
    if (bytesOnly && !s.controller.bytes) throw new TypeError(`${what}: the stream is not a byte stream (type: 'bytes')`);
    if (s.reader !== null) throw new TypeError(`${what}: the stream is already locked to a reader`);
    const r = { stream: s, readRequests: [], closed: deferred(), api };
    s.reader = r;
    if (s.state === 'closed') r.closed.resolve(undefined);
    else if (s.state === 'errored') {
      r.closed.reject(s.storedError);
      markHandled(r.closed.promise);
    }
    return r;
  }

  function readerCancel(r, what, reason) {
    if (r.stream === null) return rejected(new TypeError(`${what}.cancel: the reader has been released`));
    return streamCancel(r.stream, reason);
  }

  function release(r) {
    const s = r.stream;
    const e = new TypeError('the reader was released');
    if (s.state === 'readable') {
      r.closed.reject(e);
    } else {
      r.closed = deferred();
      r.closed.reject(e);
    }
    markHandled(r.closed.promise);
    const requests = r.readRequests;
    r.readRequests = [];
    for (const request of requests) request.error(e);
    s.reader = null;
    r.stream = null;
  }

  // A BYOB read request: fills the caller's view (whose buffer is transferred, as the spec does,
  // so the caller cannot watch it change) and completes once at least `min` elements are in.
  function byobRequest(view, min, d) {
    const Ctor = view.constructor;
    const elementSize = view instanceof DataView ? 1 : Ctor.BYTES_PER_ELEMENT;
    const isDataView = view instanceof DataView;
    const byteOffset = view.byteOffset;
    const byteLength = view.byteLength;
    const buffer = typeof view.buffer.transfer === 'function' ? view.buffer.transfer() : view.buffer;
    const target = new Uint8Array(buffer, byteOffset, byteLength);
    const minBytes = min * elementSize;
    let filled = 0;
    const result = () => {
      const usable = filled - (filled % elementSize);
      return isDataView ? new DataView(buffer, byteOffset, usable) : new Ctor(buffer, byteOffset, usable / elementSize);
    };
    return {
      byob: true,
      full: () => filled >= target.byteLength,
      satisfied: () => filled >= minBytes,
      // Copies what fits; returns the rest of the chunk, or null when all of it was taken.
      fill(chunk) {
        const n = Math.min(chunk.byteLength, target.byteLength - filled);
        target.set(n === chunk.byteLength ? chunk : chunk.subarray(0, n), filled);
        filled += n;
        return n === chunk.byteLength ? null : chunk.subarray(n);
      },
      complete(done) { d.resolve({ value: result(), done }); },
      chunk() { throw new Error('unreachable: BYOB requests are filled, not given chunks'); },
      close() {
        if (filled % elementSize !== 0) {
          d.reject(new TypeError('the stream closed in the middle of an element of the view'));
          return;
        }
        d.resolve({ value: result(), done: filled === 0 });
      },
      error: (e) => d.reject(e),
    };
  }

  let byobReaderOf;

  class ReadableStreamBYOBReader {
    #r;

    constructor(stream) {
      this.#r = lockedReader(stream, this, 'ReadableStreamBYOBReader', true);
    }

    static {
      byobReaderOf = (x) => (typeof x === 'object' && x !== null && #r in x ? x.#r : undefined);
    }

    get closed() {
      const r = byobReaderOf(this);
      if (!r) return rejected(new TypeError('ReadableStreamBYOBReader.closed: this is not a BYOB reader'));
      return r.closed.promise;
    }

    read(view, options = undefined) {
      const r = byobReaderOf(this);
      if (!r) return rejected(new TypeError('ReadableStreamBYOBReader.read: this is not a BYOB reader'));
      if (!ArrayBuffer.isView(view)) return rejected(new TypeError('ReadableStreamBYOBReader.read: the argument must be an ArrayBufferView'));
      if (view.byteLength === 0) return rejected(new TypeError('ReadableStreamBYOBReader.read: the view is empty'));
      if (view.buffer.byteLength === 0) return rejected(new TypeError('ReadableStreamBYOBReader.read: the view\'s buffer is detached'));
      const min = options == null || options.min === undefined ? 1 : Number(options.min);
      if (!(min >= 1) || !Number.isInteger(min)) return rejected(new TypeError('ReadableStreamBYOBReader.read: min must be a positive integer'));
      const length = view instanceof DataView ? view.byteLength : view.length;
      if (min > length) return rejected(new RangeError('ReadableStreamBYOBReader.read: min is larger than the view'));
      if (r.stream === null) return rejected(new TypeError('ReadableStreamBYOBReader.read: the reader has been released'));
      const d = deferred();
      const request = byobRequest(view, min, d);
      const s = r.stream;
      s.disturbed = true;
      if (s.state === 'errored') request.error(s.storedError);
      else if (s.state === 'closed') request.close();
      else pullSteps(s.controller, request);
      return d.promise;
    }

    cancel(reason = undefined) {
      const r = byobReaderOf(this);
      if (!r) return rejected(new TypeError('ReadableStreamBYOBReader.cancel: this is not a BYOB reader'));
      return readerCancel(r, 'ReadableStreamBYOBReader', reason);
    }

    releaseLock() {
      const r = byobReaderOf(this);
      if (!r) throw new TypeError('ReadableStreamBYOBReader.releaseLock: this is not a BYOB reader');
      if (r.stream !== null) release(r);
    }

    get [Symbol.toStringTag]() {
      return 'ReadableStreamBYOBReader';
    }
  }

  // A read as a promise of {value, done}: a default reader's read(), and the algorithms below.
  function readChunk(r) {
    const d = deferred();
    streamRead(r, {
      chunk: (value) => d.resolve({ value, done: false }),
      close: () => d.resolve({ value: undefined, done: true }),
      error: (e) => d.reject(e),
    });
    return d.promise;
  }

  // ---- async iteration ----

  const ReadableStreamAsyncIteratorPrototype = Object.create(AsyncIteratorPrototype, {
    [Symbol.toStringTag]: { value: 'ReadableStream AsyncIterator', configurable: true },
  });
  const iteratorState = new WeakMap();

  function newAsyncIterator(s, preventCancel) {
    const r = acquireReader(s);
    const it = Object.create(ReadableStreamAsyncIteratorPrototype);
    iteratorState.set(it, { reader: r, preventCancel, ongoing: null, finished: false });
    return it;
  }

  function iteratorOf(it, what) {
    const st = iteratorState.get(it);
    if (!st) throw new TypeError('ReadableStream AsyncIterator.' + what + ': not a stream iterator');
    return st;
  }

  Object.defineProperties(ReadableStreamAsyncIteratorPrototype, {
    next: {
      writable: true, configurable: true, enumerable: true,
      value: function next() {
        let st;
        try { st = iteratorOf(this, 'next'); } catch (e) { return rejected(e); }
        const step = () => {
          if (st.finished) return { value: undefined, done: true };
          const r = st.reader;
          if (r.stream === null) throw new TypeError('the iterator\'s reader was released');
          return readChunk(r).then((result) => {
            if (result.done) {
              st.finished = true;
              release(r);
            }
            return result;
          }, (e) => {
            st.finished = true;
            if (r.stream !== null) release(r);
            throw e;
          });
        };
        // Calls are queued so that results arrive in order even when next() is not awaited.
        st.ongoing = st.ongoing ? st.ongoing.then(step, step) : Promise.resolve().then(step);
        return st.ongoing;
      },
    },
    return: {
      writable: true, configurable: true, enumerable: true,
      value: function (value) {
        let st;
        try { st = iteratorOf(this, 'return'); } catch (e) { return rejected(e); }
        const step = () => {
          if (st.finished) return { value, done: true };
          st.finished = true;
          const r = st.reader;
          if (r.stream === null) return { value, done: true };
          if (!st.preventCancel) {
            const result = streamCancel(r.stream, value);
            release(r);
            return result.then(() => ({ value, done: true }));
          }
          release(r);
          return { value, done: true };
        };
        st.ongoing = st.ongoing ? st.ongoing.then(step, step) : Promise.resolve().then(step);
        return st.ongoing;
      },
    },
  });

  // ---- tee ----

  function cloneChunk(chunk) {
    if (ArrayBuffer.isView(chunk)) {
      return new chunk.constructor(chunk.buffer.slice(chunk.byteOffset, chunk.byteOffset + chunk.byteLength));
    }
    return chunk;
  }

  function tee(s, cloneForBranch2) {
    const r = acquireReader(s);
    let reading = false;
    let readAgain = false;
    let canceled1 = false;
    let canceled2 = false;
    let reason1;
    let reason2;
    let branch1;
    let branch2;
    const cancelled = deferred();

    function pull() {
      if (reading) {
        readAgain = true;
        return resolved();
      }
      reading = true;
      streamRead(r, {
        chunk(value) {
          // As the spec: deliver in a microtask, so that a read request settles first.
          queueMicrotask(() => {
            readAgain = false;
            const chunk2 = cloneForBranch2 && !canceled2 ? cloneChunk(value) : value;
            if (!canceled1) controllerEnqueue(branch1.controller, value);
            if (!canceled2) controllerEnqueue(branch2.controller, chunk2);
            reading = false;
            if (readAgain) pull();
          });
        },
        close() {
          reading = false;
          if (!canceled1) controllerClose(branch1.controller);
          if (!canceled2) controllerClose(branch2.controller);
          if (!canceled1 || !canceled2) cancelled.resolve(undefined);
        },
        error() {
          reading = false;
        },
      });
      return resolved();
    }

    function cancel1(reason) {
      canceled1 = true;
      reason1 = reason;
      if (canceled2) cancelled.resolve(streamCancel(s, [reason1, reason2]));
      return cancelled.promise;
    }

    function cancel2(reason) {
      canceled2 = true;
      reason2 = reason;
      if (canceled1) cancelled.resolve(streamCancel(s, [reason1, reason2]));
      return cancelled.promise;
    }

    const bytes = s.controller.bytes;
    branch1 = createReadableStream(noop, pull, cancel1, 1, () => 1, bytes);
    branch2 = createReadableStream(noop, pull, cancel2, 1, () => 1, bytes);
    r.closed.promise.then(undefined, (e) => {
      controllerError(branch1.controller, e);
      controllerError(branch2.controller, e);
      if (!canceled1 || !canceled2) cancelled.resolve(undefined);
    });
    return [branch1, branch2];
  }

  // ============================== WritableStream ==============================================
  // States as the spec: writable -> (erroring ->) errored, or writable -> closed. The sink sees
  // one write or close at a time, in order.

  let wsOf;

  class WritableStream {
    #w;

    constructor(underlyingSink = undefined, strategy = undefined) {
      if (underlyingSink === illegalConstructor) {
        this.#w = strategy;
        strategy.api = this;
        return;
      }
      if (underlyingSink === null) throw new TypeError('WritableStream: the underlying sink must be an object');
      const sink = underlyingSink === undefined ? {} : underlyingSink;
      if (sink.type !== undefined) throw new RangeError('WritableStream: type must be undefined');
      const { hwm, size } = strategyOf(strategy, 1, 'WritableStream');
      const start = getMethod(sink, 'start', 'underlyingSink');
      const write = getMethod(sink, 'write', 'underlyingSink');
      const close = getMethod(sink, 'close', 'underlyingSink');
      const abort = getMethod(sink, 'abort', 'underlyingSink');
      const w = newWritableRecord();
      w.api = this;
      this.#w = w;
      setUpWritableController(w,
        start ? (c) => Reflect.apply(start, sink, [c]) : noop,
        write ? (chunk, c) => promiseCall(write, sink, [chunk, c]) : () => resolved(),
        close ? () => promiseCall(close, sink, []) : () => resolved(),
        abort ? (r) => promiseCall(abort, sink, [r]) : () => resolved(),
        hwm, size);
    }

    static {
      wsOf = (x) => {
        return typeof x === 'object' && x !== null && #w in x ? x.#w : undefined;
      };
    }

    get locked() {
      return ws(this, 'locked').writer !== null;
    }

    abort(reason = undefined) {
      const w = wsOf(this);
      if (!w) return rejected(new TypeError('WritableStream.abort: this is not a WritableStream'));
      if (w.writer !== null) return rejected(new TypeError('WritableStream.abort: the stream is locked to a writer'));
      return writableAbort(w, reason);
    }

    close() {
      const w = wsOf(this);
      if (!w) return rejected(new TypeError('WritableStream.close: this is not a WritableStream'));
      if (w.writer !== null) return rejected(new TypeError('WritableStream.close: the stream is locked to a writer'));
      if (closeQueuedOrInFlight(w)) return rejected(new TypeError('WritableStream.close: the stream is already closing'));
      return writableClose(w);
    }

    getWriter() {
      return new WritableStreamDefaultWriter(this);
    }

    get [Symbol.toStringTag]() {
      return 'WritableStream';
    }
  }

  function ws(x, what) {
    const w = wsOf(x);
    if (!w) throw new TypeError('WritableStream.' + what + ': this is not a WritableStream');
    return w;
  }

  function newWritableRecord() {
    return {
      state: 'writable', storedError: undefined, writer: null, controller: null, api: null,
      writeRequests: [], inFlightWrite: null, closeRequest: null, inFlightClose: null,
      pendingAbort: null, backpressure: false,
    };
  }

  const CLOSE_SENTINEL = Symbol('close');

  class WritableStreamDefaultController {
    #c;

    constructor(key, c) {
      if (key !== illegalConstructor) throw new TypeError('Illegal constructor');
      this.#c = c;
    }

    static {
      wcOf = (x) => {
        return typeof x === 'object' && x !== null && #c in x ? x.#c : undefined;
      };
    }

    get signal() {
      const c = wcOf(this);
      if (!c) throw new TypeError('WritableStreamDefaultController.signal: this is not a controller');
      return c.abortController ? c.abortController.signal : undefined;
    }

    error(e = undefined) {
      const c = wcOf(this);
      if (!c) throw new TypeError('WritableStreamDefaultController.error: this is not a controller');
      if (c.stream.state !== 'writable') return;
      writableControllerError(c, e);
    }

    get [Symbol.toStringTag]() {
      return 'WritableStreamDefaultController';
    }
  }

  function setUpWritableController(w, start, write, close, abort, hwm, size) {
    const AbortControllerClass = typeof globalThis.AbortController === 'function' ? globalThis.AbortController : null;
    const c = {
      stream: w, queue: [], queueHead: 0, queueTotalSize: 0, started: false,
      write, close, abort, hwm, size, api: null,
      abortController: AbortControllerClass ? new AbortControllerClass() : null,
    };
    c.api = new WritableStreamDefaultController(illegalConstructor, c);
    w.controller = c;
    updateBackpressure(w, writableDesiredSize(c) <= 0);
    const startResult = start(c.api);
    Promise.resolve(startResult).then(() => {
      c.started = true;
      advanceQueueIfNeeded(c);
    }, (e) => {
      c.started = true;
      dealWithRejection(w, e);
    });
  }

  function createWritableStream(start, write, close, abort, hwm = 1, size = () => 1) {
    const w = newWritableRecord();
    new WritableStream(illegalConstructor, w);
    setUpWritableController(w, start, write, close, abort, hwm, size);
    return w;
  }

  function writableDesiredSize(c) {
    return c.hwm - c.queueTotalSize;
  }

  function closeQueuedOrInFlight(w) {
    return w.closeRequest !== null || w.inFlightClose !== null;
  }

  function hasOperationInFlight(w) {
    return w.inFlightWrite !== null || w.inFlightClose !== null;
  }

  function updateBackpressure(w, backpressure) {
    const writer = w.writer;
    if (writer !== null && backpressure !== w.backpressure) {
      if (backpressure) writer.ready = deferred();
      else writer.ready.resolve(undefined);
    }
    w.backpressure = backpressure;
  }

  function writableAbort(w, reason) {
    if (w.state === 'closed' || w.state === 'errored') return resolved(undefined);
    const c = w.controller;
    if (c.abortController) c.abortController.abort(reason);
    if (w.state === 'closed' || w.state === 'errored') return resolved(undefined);
    if (w.pendingAbort !== null) return w.pendingAbort.d.promise;
    let wasAlreadyErroring = false;
    if (w.state === 'erroring') {
      wasAlreadyErroring = true;
      reason = undefined;
    }
    const d = deferred();
    w.pendingAbort = { d, reason, wasAlreadyErroring };
    if (!wasAlreadyErroring) startErroring(w, reason);
    return d.promise;
  }

  function writableClose(w) {
    if (w.state === 'closed' || w.state === 'errored') {
      return rejected(new TypeError('the stream is ' + w.state));
    }
    const d = deferred();
    w.closeRequest = d;
    const writer = w.writer;
    if (writer !== null && w.backpressure && w.state === 'writable') writer.ready.resolve(undefined);
    const c = w.controller;
    c.queue.push({ value: CLOSE_SENTINEL, size: 0 });
    advanceQueueIfNeeded(c);
    return d.promise;
  }

  function startErroring(w, reason) {
    const c = w.controller;
    w.state = 'erroring';
    w.storedError = reason;
    const writer = w.writer;
    if (writer !== null) {
      writer.ready.reject(reason);
      markHandled(writer.ready.promise);
    }
    if (!hasOperationInFlight(w) && c.started) finishErroring(w);
  }

  function finishErroring(w) {
    w.state = 'errored';
    const c = w.controller;
    c.queue = [];
    c.queueHead = 0;
    c.queueTotalSize = 0;
    const e = w.storedError;
    for (const request of w.writeRequests) request.reject(e);
    w.writeRequests = [];
    if (w.pendingAbort === null) {
      rejectCloseAndClosed(w);
      return;
    }
    const abort = w.pendingAbort;
    w.pendingAbort = null;
    if (abort.wasAlreadyErroring) {
      abort.d.reject(e);
      rejectCloseAndClosed(w);
      return;
    }
    c.abort(abort.reason).then(() => {
      abort.d.resolve(undefined);
      rejectCloseAndClosed(w);
    }, (reason) => {
      abort.d.reject(reason);
      rejectCloseAndClosed(w);
    });
  }

  function rejectCloseAndClosed(w) {
    if (w.closeRequest !== null) {
      w.closeRequest.reject(w.storedError);
      w.closeRequest = null;
    }
    const writer = w.writer;
    if (writer !== null) {
      writer.closed.reject(w.storedError);
      markHandled(writer.closed.promise);
    }
  }

  function dealWithRejection(w, e) {
    if (w.state === 'writable') startErroring(w, e);
    else finishErroring(w);
  }

  function writableControllerError(c, e) {
    startErroring(c.stream, e);
  }

  function advanceQueueIfNeeded(c) {
    const w = c.stream;
    if (!c.started || w.inFlightWrite !== null) return;
    if (w.state === 'erroring') {
      finishErroring(w);
      return;
    }
    if (w.state !== 'writable' && w.state !== 'erroring') return;
    if (queueLength(c) === 0) return;
    const entry = c.queue[c.queueHead];
    if (entry.value === CLOSE_SENTINEL) {
      dequeue(c);
      w.inFlightClose = w.closeRequest;
      w.closeRequest = null;
      const close = c.close;
      c.write = c.close = c.abort = undefined;
      close().then(() => {
        w.inFlightClose.resolve(undefined);
        w.inFlightClose = null;
        if (w.state === 'erroring') {
          w.storedError = undefined;
          if (w.pendingAbort !== null) {
            w.pendingAbort.d.resolve(undefined);
            w.pendingAbort = null;
          }
        }
        w.state = 'closed';
        if (w.writer !== null) w.writer.closed.resolve(undefined);
      }, (e) => {
        w.inFlightClose.reject(e);
        w.inFlightClose = null;
        if (w.pendingAbort !== null) {
          w.pendingAbort.d.reject(e);
          w.pendingAbort = null;
        }
        dealWithRejection(w, e);
      });
      return;
    }
    w.inFlightWrite = w.writeRequests.shift();
    c.write(entry.value, c.api).then(() => {
      w.inFlightWrite.resolve(undefined);
      w.inFlightWrite = null;
      dequeue(c);
      if (!closeQueuedOrInFlight(w) && w.state === 'writable') {
        updateBackpressure(w, writableDesiredSize(c) <= 0);
      }
      advanceQueueIfNeeded(c);
    }, (e) => {
      w.inFlightWrite.reject(e);
      w.inFlightWrite = null;
      dealWithRejection(w, e);
    });
  }

  function writerWrite(writer, chunk) {
    const w = writer.stream;
    const c = w.controller;
    let size;
    try {
      size = validSize(c.size(chunk));
    } catch (e) {
      if (w.state === 'writable') startErroring(w, e);
      return rejected(e);
    }
    if (w !== writer.stream) return rejected(new TypeError('the writer was released'));
    if (w.state === 'errored' || w.state === 'erroring') return rejected(w.storedError);
    if (closeQueuedOrInFlight(w) || w.state === 'closed') {
      return rejected(new TypeError('the stream is closing or closed'));
    }
    const d = deferred();
    w.writeRequests.push(d);
    c.queue.push({ value: chunk, size });
    c.queueTotalSize += size;
    if (!closeQueuedOrInFlight(w) && w.state === 'writable') {
      updateBackpressure(w, writableDesiredSize(c) <= 0);
    }
    advanceQueueIfNeeded(c);
    return d.promise;
  }

  let writerOf;

  class WritableStreamDefaultWriter {
    #r;

    constructor(stream) {
      const w = wsOf(stream);
      if (!w) throw new TypeError('WritableStreamDefaultWriter: the argument is not a WritableStream');
      if (w.writer !== null) throw new TypeError('WritableStreamDefaultWriter: the stream is already locked to a writer');
      const r = { stream: w, ready: deferred(), closed: deferred(), api: this };
      this.#r = r;
      w.writer = r;
      if (w.state === 'writable') {
        if (closeQueuedOrInFlight(w) || !w.backpressure) r.ready.resolve(undefined);
      } else if (w.state === 'erroring') {
        r.ready.reject(w.storedError);
        markHandled(r.ready.promise);
      } else if (w.state === 'closed') {
        r.ready.resolve(undefined);
        r.closed.resolve(undefined);
      } else {
        r.ready.reject(w.storedError);
        markHandled(r.ready.promise);
        r.closed.reject(w.storedError);
        markHandled(r.closed.promise);
      }
    }

    static {
      writerOf = (x) => {
        return typeof x === 'object' && x !== null && #r in x ? x.#r : undefined;
      };
    }

    get closed() {
      const r = writerOf(this);
      if (!r) return rejected(new TypeError('WritableStreamDefaultWriter.closed: this is not a writer'));
      return r.closed.promise;
    }

    get ready() {
      const r = writerOf(this);
      if (!r) return rejected(new TypeError('WritableStreamDefaultWriter.ready: this is not a writer'));
      return r.ready.promise;
    }

    get desiredSize() {
      const r = writerOf(this);
      if (!r) throw new TypeError('WritableStreamDefaultWriter.desiredSize: this is not a writer');
      if (r.stream === null) throw new TypeError('WritableStreamDefaultWriter.desiredSize: the writer was released');
      const w = r.stream;
      if (w.state === 'errored' || w.state === 'erroring') return null;
      if (w.state === 'closed') return 0;
      return writableDesiredSize(w.controller);
    }

    abort(reason = undefined) {
      const r = writerOf(this);
      if (!r) return rejected(new TypeError('WritableStreamDefaultWriter.abort: this is not a writer'));
      if (r.stream === null) return rejected(new TypeError('WritableStreamDefaultWriter.abort: the writer was released'));
      return writableAbort(r.stream, reason);
    }

    close() {
      const r = writerOf(this);
      if (!r) return rejected(new TypeError('WritableStreamDefaultWriter.close: this is not a writer'));
      if (r.stream === null) return rejected(new TypeError('WritableStreamDefaultWriter.close: the writer was released'));
      if (closeQueuedOrInFlight(r.stream)) return rejected(new TypeError('WritableStreamDefaultWriter.close: the stream is already closing'));
      return writableClose(r.stream);
    }

    releaseLock() {
      const r = writerOf(this);
      if (!r) throw new TypeError('WritableStreamDefaultWriter.releaseLock: this is not a writer');
      if (r.stream !== null) releaseWriter(r);
    }

    write(chunk = undefined) {
      const r = writerOf(this);
      if (!r) return rejected(new TypeError('WritableStreamDefaultWriter.write: this is not a writer'));
      if (r.stream === null) return rejected(new TypeError('WritableStreamDefaultWriter.write: the writer was released'));
      return writerWrite(r, chunk);
    }

    get [Symbol.toStringTag]() {
      return 'WritableStreamDefaultWriter';
    }
  }

  function releaseWriter(r) {
    const e = new TypeError('the writer was released');
    const w = r.stream;
    if (w.state === 'writable' && !closeQueuedOrInFlight(w) && w.backpressure) r.ready.reject(e);
    else { r.ready = deferred(); r.ready.reject(e); }
    markHandled(r.ready.promise);
    if (w.state === 'writable' || w.state === 'erroring') r.closed.reject(e);
    else { r.closed = deferred(); r.closed.reject(e); }
    markHandled(r.closed.promise);
    w.writer = null;
    r.stream = null;
  }

  // ============================== pipeTo =======================================================

  function pipeOptions(options) {
    if (options != null && typeof options !== 'object') throw new TypeError('pipe options must be an object');
    const o = options || {};
    const signal = o.signal;
    if (signal !== undefined && (signal === null || typeof signal !== 'object' || !('aborted' in signal))) {
      throw new TypeError('pipe options: signal must be an AbortSignal');
    }
    return {
      preventClose: Boolean(o.preventClose),
      preventAbort: Boolean(o.preventAbort),
      preventCancel: Boolean(o.preventCancel),
      signal,
    };
  }

  function pipe(s, w, { preventClose, preventAbort, preventCancel, signal }) {
    const reader = acquireReader(s);
    const writer = writerOf(new WritableStreamDefaultWriter(w.api));
    s.disturbed = true;
    const done = deferred();
    let shuttingDown = false;
    let currentWrite = resolved();

    function finalize(isError, error) {
      releaseWriter(writer);
      release(reader);
      if (signal !== undefined && abortListener) signal.removeEventListener('abort', abortListener);
      if (isError) done.reject(error);
      else done.resolve(undefined);
    }

    function waitForWrites() {
      const last = currentWrite;
      return last.then(() => (last !== currentWrite ? waitForWrites() : undefined), () => undefined);
    }

    // Shut down, running `action` first (after pending writes if the destination is writable).
    function shutdown(action, isError, error) {
      if (shuttingDown) return;
      shuttingDown = true;
      const run = () => {
        if (!action) {
          finalize(isError, error);
          return;
        }
        action().then(() => finalize(isError, error), (e) => finalize(true, e));
      };
      if (w.state === 'writable' && !closeQueuedOrInFlight(w)) waitForWrites().then(run);
      else run();
    }

    let abortListener = null;
    if (signal !== undefined) {
      abortListener = () => {
        const error = signal.reason;
        const actions = [];
        if (!preventAbort) actions.push(() => (w.state === 'writable' ? writableAbort(w, error) : resolved()));
        if (!preventCancel) actions.push(() => (s.state === 'readable' ? streamCancel(s, error) : resolved()));
        shutdown(actions.length ? () => Promise.all(actions.map((a) => a())) : null, true, error);
      };
      if (signal.aborted) {
        abortListener();
        return done.promise;
      }
      signal.addEventListener('abort', abortListener);
    }

    function onSourceError(e) {
      if (!preventAbort) shutdown(() => writableAbort(w, e), true, e);
      else shutdown(null, true, e);
    }

    function onDestError(e) {
      if (!preventCancel) shutdown(() => streamCancel(s, e), true, e);
      else shutdown(null, true, e);
    }

    function onSourceClosed() {
      if (!preventClose) {
        shutdown(() => {
          if (closeQueuedOrInFlight(w) || w.state === 'closed') return resolved();
          return writableClose(w);
        }, false);
      } else {
        shutdown(null, false);
      }
    }

    // Errors and closes are watched through the closed promises, as the spec's pipe does.
    reader.closed.promise.then(() => { if (!shuttingDown) waitForWrites().then(onSourceClosed); }, (e) => onSourceError(e));
    writer.closed.promise.then(undefined, (e) => onDestError(e));

    if (s.state === 'errored') onSourceError(s.storedError);
    else if (w.state === 'errored' || w.state === 'erroring') onDestError(w.storedError);
    else if (closeQueuedOrInFlight(w) || w.state === 'closed') {
      const e = new TypeError('the destination is closed');
      if (!preventCancel) shutdown(() => streamCancel(s, e), true, e);
      else shutdown(null, true, e);
    } else if (s.state === 'closed') onSourceClosed();

    function step() {
      if (shuttingDown) return;
      writer.ready.promise.then(() => {
        if (shuttingDown) return;
        readChunk(reader).then((result) => {
          if (result.done || shuttingDown) return;
          currentWrite = writerWrite(writer, result.value);
          markHandled(currentWrite);
          step();
        }, noop);
      }, noop);
    }
    step();
    return done.promise;
  }

  // ============================== TransformStream =============================================

  let tsOf;

  class TransformStream {
    #t;

    constructor(transformer = undefined, writableStrategy = undefined, readableStrategy = undefined) {
      if (transformer === null) throw new TypeError('TransformStream: the transformer must be an object');
      const tr = transformer === undefined ? {} : transformer;
      if (tr.readableType !== undefined) throw new RangeError('TransformStream: readableType must be undefined');
      if (tr.writableType !== undefined) throw new RangeError('TransformStream: writableType must be undefined');
      const ws = strategyOf(writableStrategy, 1, 'TransformStream');
      const rs = strategyOf(readableStrategy, 0, 'TransformStream');
      const start = getMethod(tr, 'start', 'transformer');
      const transform = getMethod(tr, 'transform', 'transformer');
      const flush = getMethod(tr, 'flush', 'transformer');
      const cancel = getMethod(tr, 'cancel', 'transformer');
      const t = { readable: null, writable: null, backpressure: undefined, backpressureChange: null, controller: null, api: this };
      this.#t = t;
      const started = deferred();
      t.writable = createWritableStream(
        () => started.promise,
        (chunk) => tsSinkWrite(t, chunk),
        () => tsSinkClose(t),
        (reason) => tsSinkAbort(t, reason),
        ws.hwm, ws.size);
      t.readable = createReadableStream(
        () => started.promise,
        () => { tsSetBackpressure(t, false); return t.backpressureChange.promise; },
        (reason) => tsSourceCancel(t, reason),
        rs.hwm, rs.size);
      tsSetBackpressure(t, true);
      const c = {
        stream: t, api: null, finish: null,
        transform: transform ? (chunk) => promiseCall(transform, tr, [chunk, c.api]) : (chunk) => {
          try { tsEnqueue(c, chunk); return resolved(); } catch (e) { return Promise.reject(e); }
        },
        flush: flush ? () => promiseCall(flush, tr, [c.api]) : () => resolved(),
        cancel: cancel ? (r) => promiseCall(cancel, tr, [r]) : () => resolved(),
      };
      c.api = new TransformStreamDefaultController(illegalConstructor, c);
      t.controller = c;
      if (start) {
        try {
          started.resolve(Reflect.apply(start, tr, [c.api]));
        } catch (e) {
          started.reject(e);
        }
      } else {
        started.resolve(undefined);
      }
    }

    static {
      tsOf = (x) => {
        return typeof x === 'object' && x !== null && #t in x ? x.#t : undefined;
      };
    }

    get readable() {
      const t = tsOf(this);
      if (!t) throw new TypeError('TransformStream.readable: this is not a TransformStream');
      return t.readable.api;
    }

    get writable() {
      const t = tsOf(this);
      if (!t) throw new TypeError('TransformStream.writable: this is not a TransformStream');
      return t.writable.api;
    }

    get [Symbol.toStringTag]() {
      return 'TransformStream';
    }
  }

  let tcOf;

  class TransformStreamDefaultController {
    #c;

    constructor(key, c) {
      if (key !== illegalConstructor) throw new TypeError('Illegal constructor');
      this.#c = c;
    }

    static {
      tcOf = (x) => {
        return typeof x === 'object' && x !== null && #c in x ? x.#c : undefined;
      };
    }

    get desiredSize() {
      const c = tcOf(this);
      if (!c) throw new TypeError('TransformStreamDefaultController.desiredSize: this is not a controller');
      return desiredSize(c.stream.readable.controller);
    }

    enqueue(chunk = undefined) {
      const c = tcOf(this);
      if (!c) throw new TypeError('TransformStreamDefaultController.enqueue: this is not a controller');
      tsEnqueue(c, chunk);
    }

    error(reason = undefined) {
      const c = tcOf(this);
      if (!c) throw new TypeError('TransformStreamDefaultController.error: this is not a controller');
      tsError(c.stream, reason);
    }

    terminate() {
      const c = tcOf(this);
      if (!c) throw new TypeError('TransformStreamDefaultController.terminate: this is not a controller');
      const t = c.stream;
      const rc = t.readable.controller;
      if (canCloseOrEnqueue(rc)) controllerClose(rc);
      tsErrorWritableAndUnblockWrite(t, new TypeError('the TransformStream was terminated'));
    }

    get [Symbol.toStringTag]() {
      return 'TransformStreamDefaultController';
    }
  }

  function tsSetBackpressure(t, backpressure) {
    if (t.backpressureChange !== null) t.backpressureChange.resolve(undefined);
    t.backpressureChange = deferred();
    t.backpressure = backpressure;
  }

  function tsEnqueue(c, chunk) {
    const t = c.stream;
    const rc = t.readable.controller;
    if (!canCloseOrEnqueue(rc)) throw new TypeError('TransformStream: the readable side is closed or errored');
    try {
      controllerEnqueue(rc, chunk);
    } catch (e) {
      tsErrorWritableAndUnblockWrite(t, e);
      throw t.readable.storedError;
    }
    const backpressure = !shouldCallPull(rc) && desiredSize(rc) <= 0;
    if (backpressure !== t.backpressure) tsSetBackpressure(t, true);
  }

  function tsError(t, e) {
    controllerError(t.readable.controller, e);
    tsErrorWritableAndUnblockWrite(t, e);
  }

  function tsErrorWritableAndUnblockWrite(t, e) {
    const c = t.controller;
    c.transform = c.flush = c.cancel = () => resolved();
    if (t.writable.state === 'writable') startErroring(t.writable, e);
    if (t.backpressure) tsSetBackpressure(t, false);
  }

  function tsSinkWrite(t, chunk) {
    const c = t.controller;
    const perform = () => c.transform(chunk).then(undefined, (e) => {
      tsError(t, e);
      throw e;
    });
    if (t.backpressure) {
      return t.backpressureChange.promise.then(() => {
        const w = t.writable;
        if (w.state === 'erroring') throw w.storedError;
        return perform();
      });
    }
    return perform();
  }

  function tsSinkClose(t) {
    const c = t.controller;
    if (c.finish !== null) return c.finish;
    const flush = c.flush;
    c.transform = c.flush = c.cancel = () => resolved();
    c.finish = flush().then(() => {
      const r = t.readable;
      if (r.state === 'errored') throw r.storedError;
      if (canCloseOrEnqueue(r.controller)) controllerClose(r.controller);
    }, (e) => {
      controllerError(t.readable.controller, e);
      throw e;
    });
    return c.finish;
  }

  function tsSinkAbort(t, reason) {
    const c = t.controller;
    if (c.finish !== null) return c.finish;
    const cancel = c.cancel;
    c.transform = c.flush = c.cancel = () => resolved();
    c.finish = cancel(reason).then(() => {
      const r = t.readable;
      if (r.state === 'errored') throw r.storedError;
      controllerError(r.controller, reason);
    }, (e) => {
      controllerError(t.readable.controller, e);
      throw e;
    });
    return c.finish;
  }

  function tsSourceCancel(t, reason) {
    const c = t.controller;
    if (c.finish !== null) return c.finish;
    const cancel = c.cancel;
    c.transform = c.flush = c.cancel = () => resolved();
    c.finish = cancel(reason).then(() => {
      const w = t.writable;
      if (w.state === 'errored') throw w.storedError;
      if (w.state === 'writable') startErroring(w, reason);
      if (t.backpressure) tsSetBackpressure(t, false);
    }, (e) => {
      if (t.writable.state === 'writable') startErroring(t.writable, e);
      if (t.backpressure) tsSetBackpressure(t, false);
      throw e;
    });
    return c.finish;
  }

  // ============================== queuing strategies ==========================================

  class CountQueuingStrategy {
    #hwm;

    constructor(init) {
      if (init == null || init.highWaterMark === undefined) throw new TypeError('CountQueuingStrategy: highWaterMark is required');
      this.#hwm = Number(init.highWaterMark);
    }

    get highWaterMark() { return this.#hwm; }

    get size() { return countSize; }

    get [Symbol.toStringTag]() { return 'CountQueuingStrategy'; }
  }
  const countSize = function size() { return 1; };

  class ByteLengthQueuingStrategy {
    #hwm;

    constructor(init) {
      if (init == null || init.highWaterMark === undefined) throw new TypeError('ByteLengthQueuingStrategy: highWaterMark is required');
      this.#hwm = Number(init.highWaterMark);
    }

    get highWaterMark() { return this.#hwm; }

    get size() { return byteLengthSize; }

    get [Symbol.toStringTag]() { return 'ByteLengthQueuingStrategy'; }
  }
  const byteLengthSize = function size(chunk) { return chunk.byteLength; };

  // WebIDL makes an interface's operations and attributes enumerable (class syntax does not), and
  // a pair iterable's @@iterator is the very `entries` function.
  function webidlClass(cls) {
    for (const target of [cls.prototype, cls]) {
      for (const key of Object.getOwnPropertyNames(target)) {
        if (key === 'constructor' || key === 'prototype' || key === 'length' || key === 'name') continue;
        const desc = Object.getOwnPropertyDescriptor(target, key);
        if (desc.configurable && !desc.enumerable) Object.defineProperty(target, key, { enumerable: true });
      }
    }
    const proto = cls.prototype;
    if (typeof proto.entries === 'function' && Object.hasOwn(proto, Symbol.iterator)) {
      Object.defineProperty(proto, Symbol.iterator, { value: proto.entries, writable: true, configurable: true, enumerable: false });
    }
    return cls;
  }

  // ============================== exports =====================================================

  const classes = {
    ReadableStream, ReadableStreamDefaultReader, ReadableStreamDefaultController,
    ReadableStreamBYOBReader, ReadableByteStreamController,
    WritableStream, WritableStreamDefaultWriter, WritableStreamDefaultController,
    TransformStream, TransformStreamDefaultController, CountQueuingStrategy, ByteLengthQueuingStrategy,
  };
  for (const name of Object.keys(classes)) {
    webidlClass(classes[name]);
    Object.defineProperty(globalThis, name, { value: classes[name], writable: true, configurable: true, enumerable: false });
  }

  internal.webidlClass = webidlClass;
  internal.ReadableStream = ReadableStream;
  internal.WritableStream = WritableStream;
  internal.TransformStream = TransformStream;
  internal.isReadableStream = (x) => rsOf(x) !== undefined;
  internal.isDisturbed = (x) => rsOf(x).disturbed;
  internal.isLocked = (x) => rsOf(x).reader !== null;
  internal.isErrored = (x) => rsOf(x).state === 'errored';
  internal.markDisturbed = (x) => { rsOf(x).disturbed = true; };
  internal.streamFromPull = (pull, cancel) => createReadableStream(noop,
    (c) => Promise.resolve(pull()).then((chunk) => {
      const controller = rcOf(c);
      if (chunk === null || chunk === undefined) {
        if (canCloseOrEnqueue(controller)) controllerClose(controller);
      } else if (canCloseOrEnqueue(controller)) {
        controllerEnqueue(controller, chunk);
      }
    }),
    cancel ? (reason) => Promise.resolve().then(() => cancel(reason)) : () => resolved(),
    0, undefined, true).api;
  internal.streamOfBytes = (bytes) => createReadableStream((c) => {
    const controller = rcOf(c);
    if (bytes.byteLength > 0) controllerEnqueue(controller, bytes);
    controllerClose(controller);
  }, () => resolved(), () => resolved(), 0, undefined, true).api;
  internal.teeStream = (stream, cloneChunks) => tee(rsOf(stream), cloneChunks).map((b) => b.api);
  internal.readAllBytes = function readAllBytes(stream) {
    const s = rsOf(stream);
    let r;
    try {
      r = acquireReader(s);
    } catch (e) {
      return rejected(e);
    }
    const chunks = [];
    let total = 0;
    return new Promise((resolve, reject) => {
      const next = () => {
        streamRead(r, {
          chunk(value) {
            if (!(value instanceof Uint8Array)) {
              const e = new TypeError('a body stream chunk must be a Uint8Array, not ' + (value === null ? 'null' : typeof value));
              reject(e);
              streamCancel(s, e);
              return;
            }
            chunks.push(value);
            total += value.byteLength;
            next();
          },
          close() {
            if (chunks.length === 1) {
              resolve(chunks[0]);
              return;
            }
            const all = new Uint8Array(total);
            let at = 0;
            for (const c of chunks) { all.set(c, at); at += c.byteLength; }
            resolve(all);
          },
          error: reject,
        });
      };
      next();
    });
  };
})
