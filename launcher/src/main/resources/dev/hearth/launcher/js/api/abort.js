// AbortController and AbortSignal (WHATWG DOM), incl. AbortSignal.abort/timeout/any.
//
// On `internal`, for fetch, streams and the server: AbortSignal, AbortController, isAbortSignal,
// createAbortSignal() (a fresh signal only the runtime can abort), signalAbort(signal, reason),
// abortSignalAdd(signal, algorithm) -> a function that removes it (DOM "add an abort algorithm":
// run before the `abort` event, invisible to listeners).
(function (host, internal) {
  'use strict';

  const EventTarget = internal.EventTarget;
  const Event = internal.Event;
  const DOMException = internal.DOMException;
  const defineProperty = Object.defineProperty;
  const MAX_SAFE = Number.MAX_SAFE_INTEGER;

  // Only the runtime may construct signals: `new AbortSignal()` is an illegal constructor.
  const CONSTRUCT = Symbol('AbortSignal construction');

  let stateOf;

  class AbortSignal extends EventTarget {
    #aborted = false;
    #reason = undefined;
    #algorithms = new Set();
    // A dependent signal (from any()) holds its sources; a source holds its dependents weakly,
    // so a long-lived signal does not keep every request's combined signal alive.
    #sources = [];
    #dependents = new Set();
    #dependent = false;

    constructor(key) {
      if (key !== CONSTRUCT) throw new TypeError('Illegal constructor');
      super();
    }

    static {
      stateOf = (signal) => {
        if (typeof signal !== 'object' || signal === null || !(#aborted in signal)) return null;
        return {
          get aborted() { return signal.#aborted; },
          get reason() { return signal.#reason; },
          set reason(value) { signal.#reason = value; signal.#aborted = true; },
          algorithms: signal.#algorithms,
          get sources() { return signal.#sources; },
          set sources(value) { signal.#sources = value; },
          dependents: signal.#dependents,
          get dependent() { return signal.#dependent; },
          set dependent(value) { signal.#dependent = value; },
        };
      };
    }

    get aborted() { return brand(this, 'aborted').aborted; }
    get reason() { return brand(this, 'reason').reason; }

    throwIfAborted() {
      const s = brand(this, 'throwIfAborted');
      if (s.aborted) throw s.reason;
    }

    static abort(reason = undefined) {
      const signal = createAbortSignal();
      stateOf(signal).reason = reason === undefined ? abortError() : reason;
      return signal;
    }

    static timeout(milliseconds) {
      if (arguments.length === 0) throw new TypeError("AbortSignal.timeout: the 'milliseconds' argument is required");
      const ms = enforceRange(milliseconds);
      const signal = createAbortSignal();
      // A timer that does not keep the function alive by itself, as in Deno and Node.
      host['abort.setTimeout'](() => {
        signalAbort(signal, new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
      }, ms);
      return signal;
    }

    static any(signals) {
      if (arguments.length === 0) throw new TypeError("AbortSignal.any: the 'signals' argument is required");
      if (typeof signals !== 'object' || signals === null || typeof signals[Symbol.iterator] !== 'function') {
        throw new TypeError('AbortSignal.any: the argument must be a sequence of AbortSignal');
      }
      const list = [];
      for (const s of signals) {
        if (stateOf(s) === null) throw new TypeError('AbortSignal.any: every element must be an AbortSignal');
        list.push(s);
      }
      const result = createAbortSignal();
      const resultState = stateOf(result);
      for (const s of list) {
        const st = stateOf(s);
        if (st.aborted) {
          resultState.reason = st.reason;
          return result;
        }
      }
      resultState.dependent = true;
      const sources = [];
      const link = (source) => {
        if (sources.includes(source)) return;
        sources.push(source);
        const dependents = stateOf(source).dependents;
        for (const ref of dependents) if (ref.deref() === undefined) dependents.delete(ref);
        dependents.add(new WeakRef(result));
      };
      for (const s of list) {
        const st = stateOf(s);
        if (!st.dependent) link(s);
        else for (const source of st.sources) if (!stateOf(source).aborted) link(source);
      }
      resultState.sources = sources;
      return result;
    }
  }
  internal.defineEventHandler(AbortSignal.prototype, 'abort');
  defineProperty(AbortSignal.prototype, Symbol.toStringTag, { value: 'AbortSignal', configurable: true });
  defineProperty(AbortSignal, 'timeout', { enumerable: true });
  defineProperty(AbortSignal, 'abort', { enumerable: true });
  defineProperty(AbortSignal, 'any', { enumerable: true });

  function brand(self, what) {
    const s = stateOf(self);
    if (s === null) throw new TypeError('AbortSignal.prototype.' + what + ' called on an object that is not an AbortSignal');
    return s;
  }

  // WebIDL [EnforceRange] unsigned long long.
  function enforceRange(value) {
    const n = Number(value);
    if (!Number.isFinite(n)) throw new TypeError('AbortSignal.timeout: milliseconds must be a finite number, not ' + String(n));
    const t = Math.trunc(n);
    if (t < 0 || t > MAX_SAFE) throw new TypeError('AbortSignal.timeout: milliseconds must be between 0 and ' + MAX_SAFE + ', not ' + t);
    return t;
  }

  function abortError() {
    return new DOMException('This operation was aborted', 'AbortError');
  }

  function createAbortSignal() {
    return new AbortSignal(CONSTRUCT);
  }

  // DOM "signal abort": the signal and its dependents get the reason first; then each runs its
  // abort algorithms and fires `abort` (trusted, not cancelable).
  function signalAbort(signal, reason = undefined) {
    const st = stateOf(signal);
    if (st === null) throw new TypeError('signalAbort: not an AbortSignal');
    if (st.aborted) return;
    st.reason = reason === undefined ? abortError() : reason;
    const toAbort = [];
    for (const ref of st.dependents) {
      const dependent = ref.deref();
      if (dependent === undefined) continue;
      const ds = stateOf(dependent);
      if (!ds.aborted) {
        ds.reason = st.reason;
        toAbort.push(dependent);
      }
    }
    st.dependents.clear();
    runAbortSteps(signal);
    for (const dependent of toAbort) runAbortSteps(dependent);
  }

  function runAbortSteps(signal) {
    const st = stateOf(signal);
    const algorithms = [...st.algorithms];
    st.algorithms.clear();
    for (const algorithm of algorithms) {
      try {
        algorithm();
      } catch (e) {
        internal.reportException(e);
      }
    }
    internal.dispatchTrusted(signal, new Event('abort'));
  }

  let controller; // the brand check, assigned in the class's static block

  class AbortController {
    #signal = createAbortSignal();

    constructor() {}

    get signal() {
      return controller(this, 'signal').#signal;
    }

    abort(reason = undefined) {
      signalAbort(controller(this, 'abort').#signal, reason);
    }

    static {
      controller = (self, what) => {
        if (typeof self !== 'object' || self === null || !(#signal in self)) {
          throw new TypeError('AbortController.prototype.' + what + ' called on an object that is not an AbortController');
        }
        return self;
      };
    }
  }
  defineProperty(AbortController.prototype, Symbol.toStringTag, { value: 'AbortController', configurable: true });

  for (const [name, value] of [['AbortController', AbortController], ['AbortSignal', AbortSignal]]) {
    defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
  }

  internal.AbortSignal = AbortSignal;
  internal.AbortController = AbortController;
  internal.isAbortSignal = (value) => stateOf(value) !== null;
  internal.createAbortSignal = createAbortSignal;
  internal.signalAbort = signalAbort;
  internal.abortSignalAdd = (signal, algorithm) => {
    const st = stateOf(signal);
    if (st === null) throw new TypeError('abortSignalAdd: not an AbortSignal');
    if (st.aborted) return () => {};
    // Each registration is its own entry, so the same function can be added twice.
    const entry = () => algorithm();
    st.algorithms.add(entry);
    return () => { st.algorithms.delete(entry); };
  };
})
