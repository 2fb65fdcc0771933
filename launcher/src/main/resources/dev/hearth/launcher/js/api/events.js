// Events (WHATWG DOM): Event, EventTarget, CustomEvent; from HTML: ErrorEvent,
// PromiseRejectionEvent, reportError(), `self`, and globalThis as an EventTarget with the
// `error`, `unhandledrejection` and `rejectionhandled` events and their on* handlers.
//
// An EventTarget here has no parent, so an event's path is its target alone: capture listeners
// run first, then the others, all in the AT_TARGET phase. Listener exceptions are reported
// (the global `error` event), never thrown to the dispatcher.
//
// What a function does not handle ends it, as before: an `error` event nobody cancelled, or an
// `unhandledrejection` nobody cancelled, goes to host.reportError / host.rejection, which stop
// the event loop with exit 1 (message and stack on stderr). A listener that calls
// preventDefault() keeps the function running.
//
// On `internal`: Event, EventTarget, dispatchTrusted(target, event) (dispatch with isTrusted
// true), defineEventHandler(object, type) (an on<type> property), reportException(error) (the
// HTML "report an exception": the global error event, then exit 1 if nobody cancels it) and
// onUnhandledRejection(reason, promise) (called by core.js for GraalJS's rejection tracker).
(function (host, internal) {
  'use strict';

  const global = globalThis;
  const apply = Reflect.apply;
  const defineProperty = Object.defineProperty;
  const promiseThen = Promise.prototype.then;

  const NONE = 0;
  const CAPTURING_PHASE = 1;
  const AT_TARGET = 2;
  const BUBBLING_PHASE = 3;

  // WebIDL DOMString: ToString, which throws a TypeError for a Symbol (String(symbol) would not).
  const toDOMString = (value) => `${value}`;

  // A WebIDL dictionary argument: undefined and null are the empty dictionary, other non-objects
  // are a TypeError.
  function dictionary(value, what) {
    if (value === undefined || value === null) return {};
    if (typeof value !== 'object' && typeof value !== 'function') {
      throw new TypeError(what + ': the options must be an object');
    }
    return value;
  }

  function now() {
    return typeof internal.now === 'function' ? internal.now() : 0;
  }

  // ---- Event ------------------------------------------------------------------------------
  let isTrustedGetter;
  let setTrusted;
  let eventState; // event -> its private fields, for dispatch (a class-scoped accessor)
  let isEvent;

  class Event {
    #type;
    #target = null;
    #currentTarget = null;
    #phase = NONE;
    #bubbles = false;
    #cancelable = false;
    #composed = false;
    #timeStamp;
    #trusted = false;
    #stopPropagation = false;
    #stopImmediate = false;
    #canceled = false;
    #inPassiveListener = false;
    #dispatching = false;
    #initialized = true;

    constructor(type, eventInitDict = undefined) {
      if (arguments.length === 0) throw new TypeError(new.target.name + ": the 'type' argument is required");
      this.#type = toDOMString(type);
      const init = dictionary(eventInitDict, new.target.name);
      this.#bubbles = !!init.bubbles;
      this.#cancelable = !!init.cancelable;
      this.#composed = !!init.composed;
      this.#timeStamp = now();
      // [LegacyUnforgeable]: an own, non-configurable accessor on every instance.
      defineProperty(this, 'isTrusted', { get: isTrustedGetter, enumerable: true, configurable: false });
    }

    static {
      isTrustedGetter = function isTrusted() {
        if (!(#trusted in this)) throw new TypeError('isTrusted called on an object that is not an Event');
        return this.#trusted;
      };
      setTrusted = (event, trusted) => { event.#trusted = trusted; };
      isEvent = (value) => typeof value === 'object' && value !== null && #type in value;
      // The dispatch algorithm below reads and writes an event's flags through this accessor.
      eventState = {
        begin(event, target) {
          event.#dispatching = true;
          event.#target = target;
        },
        enter(event, target) {
          event.#phase = AT_TARGET;
          event.#currentTarget = target;
        },
        end(event) {
          event.#phase = NONE;
          event.#currentTarget = null;
          event.#dispatching = false;
          event.#stopPropagation = false;
          event.#stopImmediate = false;
        },
        canDispatch: (event) => event.#initialized && !event.#dispatching,
        stopped: (event) => event.#stopPropagation,
        stoppedImmediately: (event) => event.#stopImmediate,
        canceled: (event) => event.#canceled,
        cancel(event) { event.#canceled = true; },
        passive(event, flag) { event.#inPassiveListener = flag; },
      };
    }

    get type() { return this.#type; }
    get target() { return this.#target; }
    get srcElement() { return this.#target; }
    get currentTarget() { return this.#currentTarget; }
    get eventPhase() { return this.#phase; }
    get bubbles() { return this.#bubbles; }
    get cancelable() { return this.#cancelable; }
    get composed() { return this.#composed; }
    get defaultPrevented() { return this.#canceled; }
    get timeStamp() { return this.#timeStamp; }

    composedPath() {
      return this.#currentTarget === null ? [] : [this.#currentTarget];
    }

    stopPropagation() { this.#stopPropagation = true; }

    stopImmediatePropagation() {
      this.#stopPropagation = true;
      this.#stopImmediate = true;
    }

    get cancelBubble() { return this.#stopPropagation; }
    set cancelBubble(value) { if (value) this.#stopPropagation = true; }

    preventDefault() {
      if (this.#cancelable && !this.#inPassiveListener) this.#canceled = true;
    }

    get returnValue() { return !this.#canceled; }
    set returnValue(value) {
      if (!value && this.#cancelable && !this.#inPassiveListener) this.#canceled = true;
    }

    initEvent(type, bubbles = false, cancelable = false) {
      if (arguments.length === 0) throw new TypeError("initEvent: the 'type' argument is required");
      if (this.#dispatching) return;
      this.#initialized = true;
      this.#stopPropagation = false;
      this.#stopImmediate = false;
      this.#canceled = false;
      this.#trusted = false;
      this.#target = null;
      this.#type = toDOMString(type);
      this.#bubbles = !!bubbles;
      this.#cancelable = !!cancelable;
    }
  }
  for (const [name, value] of [['NONE', NONE], ['CAPTURING_PHASE', CAPTURING_PHASE], ['AT_TARGET', AT_TARGET], ['BUBBLING_PHASE', BUBBLING_PHASE]]) {
    const desc = { value, writable: false, enumerable: true, configurable: false };
    defineProperty(Event, name, desc);
    defineProperty(Event.prototype, name, desc);
  }
  defineProperty(Event.prototype, Symbol.toStringTag, { value: 'Event', configurable: true });

  class CustomEvent extends Event {
    #detail;

    constructor(type, eventInitDict = undefined) {
      if (arguments.length === 0) throw new TypeError("CustomEvent: the 'type' argument is required");
      super(type, eventInitDict);
      const init = dictionary(eventInitDict, 'CustomEvent');
      this.#detail = init.detail === undefined ? null : init.detail;
    }

    get detail() { return this.#detail; }

    initCustomEvent(type, bubbles = false, cancelable = false, detail = null) {
      if (arguments.length === 0) throw new TypeError("initCustomEvent: the 'type' argument is required");
      this.initEvent(type, bubbles, cancelable);
      if (eventState.canDispatch(this)) this.#detail = detail;
    }
  }
  defineProperty(CustomEvent.prototype, Symbol.toStringTag, { value: 'CustomEvent', configurable: true });

  // WebIDL unsigned long: ToNumber, then modulo 2^32 (NaN and infinities are 0).
  function toUnsignedLong(value) {
    const n = Number(value);
    if (!Number.isFinite(n)) return 0;
    const t = Math.trunc(n) % 4294967296;
    return t < 0 ? t + 4294967296 : t;
  }

  class ErrorEvent extends Event {
    #message;
    #filename;
    #lineno;
    #colno;
    #error;

    constructor(type, eventInitDict = undefined) {
      if (arguments.length === 0) throw new TypeError("ErrorEvent: the 'type' argument is required");
      super(type, eventInitDict);
      const init = dictionary(eventInitDict, 'ErrorEvent');
      this.#colno = init.colno === undefined ? 0 : toUnsignedLong(init.colno);
      this.#error = init.error;
      this.#filename = init.filename === undefined ? '' : toDOMString(init.filename);
      this.#lineno = init.lineno === undefined ? 0 : toUnsignedLong(init.lineno);
      this.#message = init.message === undefined ? '' : toDOMString(init.message);
    }

    get message() { return this.#message; }
    get filename() { return this.#filename; }
    get lineno() { return this.#lineno; }
    get colno() { return this.#colno; }
    get error() { return this.#error; }
  }
  defineProperty(ErrorEvent.prototype, Symbol.toStringTag, { value: 'ErrorEvent', configurable: true });

  class PromiseRejectionEvent extends Event {
    #promise;
    #reason;

    constructor(type, eventInitDict) {
      if (arguments.length < 2) throw new TypeError("PromiseRejectionEvent: the 'type' and 'eventInitDict' arguments are required");
      super(type, eventInitDict);
      const init = dictionary(eventInitDict, 'PromiseRejectionEvent');
      const promise = init.promise;
      if (promise === undefined) throw new TypeError("PromiseRejectionEvent: the 'promise' member is required");
      if ((typeof promise !== 'object' && typeof promise !== 'function') || promise === null) {
        throw new TypeError("PromiseRejectionEvent: 'promise' must be an object");
      }
      this.#promise = promise;
      this.#reason = init.reason;
    }

    get promise() { return this.#promise; }
    get reason() { return this.#reason; }
  }
  defineProperty(PromiseRejectionEvent.prototype, Symbol.toStringTag, { value: 'PromiseRejectionEvent', configurable: true });

  // ---- EventTarget --------------------------------------------------------------------------
  // target -> Map(type -> array of listener records); an object is an EventTarget iff it is here.
  const listenersOf = new WeakMap();

  function listenerMap(self, what) {
    // Operations of the global object also work with no `this` (a bare addEventListener(...)).
    const target = self === undefined || self === null ? global : self;
    const map = listenersOf.get(target);
    if (map === undefined) throw new TypeError('EventTarget.prototype.' + what + ' called on an object that is not an EventTarget');
    return [target, map];
  }

  // The callback argument: a function, an object (its handleEvent is looked up when an event
  // comes), or null/undefined (nothing is added).
  function listenerCallback(callback, what) {
    if (callback === undefined || callback === null) return null;
    if (typeof callback !== 'function' && typeof callback !== 'object') {
      throw new TypeError(what + ': the listener must be a function or an object with handleEvent');
    }
    return callback;
  }

  function flattenCapture(options) {
    if (typeof options === 'object' && options !== null) return !!options.capture;
    return !!options;
  }

  function removeRecord(map, record) {
    record.removed = true;
    if (record.unsubscribe !== null) {
      // a removed listener no longer needs its signal: long-lived signals do not pile them up
      record.unsubscribe();
      record.unsubscribe = null;
    }
    const list = map.get(record.type);
    if (list === undefined) return;
    const i = list.indexOf(record);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) map.delete(record.type);
  }

  function addListener(map, type, callback, capture, once, passive, signal) {
    if (signal !== null && signal.aborted) return;
    let list = map.get(type);
    if (list === undefined) {
      list = [];
      map.set(type, list);
    }
    for (const existing of list) {
      if (existing.callback === callback && existing.capture === capture) return;
    }
    const record = { type, callback, capture, once, passive, removed: false, unsubscribe: null };
    list.push(record);
    if (signal !== null) record.unsubscribe = internal.abortSignalAdd(signal, () => removeRecord(map, record));
  }

  class EventTarget {
    constructor() {
      listenersOf.set(this, new Map());
    }

    addEventListener(type, callback, options = undefined) {
      const [target, map] = listenerMap(this, 'addEventListener');
      if (arguments.length < 2) throw new TypeError("addEventListener: the 'type' and 'callback' arguments are required");
      type = toDOMString(type);
      callback = listenerCallback(callback, 'addEventListener');
      let capture = false;
      let once = false;
      let passive = false;
      let signal = null;
      if (typeof options === 'object' && options !== null) {
        capture = !!options.capture;
        once = !!options.once;
        passive = !!options.passive;
        const s = options.signal;
        if (s !== undefined) {
          if (typeof internal.isAbortSignal !== 'function' || !internal.isAbortSignal(s)) {
            throw new TypeError("addEventListener: the 'signal' option must be an AbortSignal");
          }
          signal = s;
        }
      } else {
        capture = !!options;
      }
      if (callback === null) return;
      addListener(map, type, callback, capture, once, passive, signal);
    }

    removeEventListener(type, callback, options = undefined) {
      const [, map] = listenerMap(this, 'removeEventListener');
      if (arguments.length < 2) throw new TypeError("removeEventListener: the 'type' and 'callback' arguments are required");
      type = toDOMString(type);
      callback = listenerCallback(callback, 'removeEventListener');
      const capture = flattenCapture(options);
      if (callback === null) return;
      const list = map.get(type);
      if (list === undefined) return;
      for (const record of list) {
        if (record.callback === callback && record.capture === capture) {
          removeRecord(map, record);
          return;
        }
      }
    }

    dispatchEvent(event) {
      const [target] = listenerMap(this, 'dispatchEvent');
      if (!isEvent(event)) throw new TypeError('dispatchEvent: the argument must be an Event');
      if (!eventState.canDispatch(event)) {
        throw new internal.DOMException('The event is already being dispatched', 'InvalidStateError');
      }
      setTrusted(event, false);
      return dispatch(target, event);
    }
  }
  defineProperty(EventTarget.prototype, Symbol.toStringTag, { value: 'EventTarget', configurable: true });

  // DOM "dispatch" for a target without parents. Returns false if the event was cancelled.
  function dispatch(target, event) {
    eventState.begin(event, target);
    try {
      const map = listenersOf.get(target);
      invoke(target, map, event, true);
      invoke(target, map, event, false);
    } finally {
      eventState.end(event);
    }
    return !eventState.canceled(event);
  }

  function invoke(target, map, event, capturePass) {
    if (eventState.stopped(event)) return;
    eventState.enter(event, target);
    const live = map.get(event.type);
    if (live === undefined) return;
    const listeners = live.slice(); // listeners added during dispatch wait for the next one
    for (const record of listeners) {
      if (record.removed || record.capture !== capturePass) continue;
      if (record.once) removeRecord(map, record);
      if (record.passive) eventState.passive(event, true);
      try {
        const callback = record.callback;
        if (typeof callback === 'function') {
          apply(callback, target, [event]);
        } else {
          const handleEvent = callback.handleEvent;
          if (typeof handleEvent !== 'function') throw new TypeError("the listener's handleEvent is not a function");
          apply(handleEvent, callback, [event]);
        }
      } catch (e) {
        reportException(e);
      } finally {
        eventState.passive(event, false);
      }
      if (eventState.stoppedImmediately(event)) return;
    }
  }

  function dispatchTrusted(target, event) {
    setTrusted(event, true);
    return dispatch(target, event);
  }

  // ---- event handler properties (onabort, onerror, ...) --------------------------------------
  // HTML: the handler is one listener, added when first set to a function and kept in its place
  // when replaced; null removes it. A handler returning false cancels the event; the global
  // onerror instead gets (message, filename, lineno, colno, error) and cancels by returning true.
  const handlersOf = new WeakMap(); // target -> Map(type -> { value, record })

  function handlerSlot(target, type) {
    let slots = handlersOf.get(target);
    if (slots === undefined) {
      slots = new Map();
      handlersOf.set(target, slots);
    }
    let slot = slots.get(type);
    if (slot === undefined) {
      slot = { value: null, listener: null };
      slots.set(type, slot);
    }
    return slot;
  }

  function defineEventHandler(object, type) {
    const name = 'on' + type;
    defineProperty(object, name, {
      configurable: true,
      enumerable: true,
      get: { [name]() {
        const [target] = listenerMap(this, name);
        return handlerSlot(target, type).value;
      } }[name],
      set: { [name](value) {
        const [target, map] = listenerMap(this, name);
        const slot = handlerSlot(target, type);
        // [LegacyTreatNonObjectAsNull]: anything that is not an object is null.
        const handler = (typeof value === 'object' || typeof value === 'function') && value !== null ? value : null;
        if (handler === null) {
          slot.value = null;
          if (slot.listener !== null) {
            const list = map.get(type) || [];
            const record = list.find((r) => r.callback === slot.listener && !r.capture);
            if (record) removeRecord(map, record);
            slot.listener = null;
          }
          return;
        }
        slot.value = handler;
        if (slot.listener === null) {
          slot.listener = (event) => runHandler(target, slot, event);
          addListener(map, type, slot.listener, false, false, false, null);
        }
      } }[name],
    });
  }

  function runHandler(target, slot, event) {
    const handler = slot.value;
    if (typeof handler !== 'function') return; // a non-callable object does nothing
    if (target === global && event.type === 'error' && event instanceof ErrorEvent) {
      const result = apply(handler, target, [event.message, event.filename, event.lineno, event.colno, event.error]);
      if (result === true) eventState.cancel(event);
    } else {
      const result = apply(handler, target, [event]);
      if (result === false) eventState.cancel(event);
    }
  }

  // ---- the global object --------------------------------------------------------------------
  listenersOf.set(global, new Map());
  Object.setPrototypeOf(global, EventTarget.prototype);
  for (const type of ['error', 'unhandledrejection', 'rejectionhandled']) defineEventHandler(global, type);
  defineProperty(global, 'self', { value: global, writable: true, enumerable: true, configurable: true });

  // Where an error was thrown, from the first frame of its stack ("    at f (/app/x.js:3:7)").
  function location(error) {
    try {
      const stack = error instanceof Error ? error.stack : undefined;
      if (typeof stack !== 'string') return { filename: '', lineno: 0, colno: 0 };
      for (const line of stack.split('\n')) {
        const m = /^\s+at (?:.*\()?(.+?):(\d+):(\d+)\)?$/.exec(line);
        if (m) return { filename: m[1], lineno: Number(m[2]), colno: Number(m[3]) };
      }
    } catch { /* a throwing stack getter: no location */ }
    return { filename: '', lineno: 0, colno: 0 };
  }

  function errorMessage(error) {
    try {
      if (error instanceof Error) return 'Uncaught ' + String(error);
      return 'Uncaught ' + (typeof internal.inspect === 'function' ? internal.inspect(error) : String(error));
    } catch {
      return 'Uncaught exception';
    }
  }

  // HTML "report an exception": fire a cancelable `error` ErrorEvent at the global object; if no
  // listener cancels it, the error is uncaught and ends the function. An exception thrown while
  // an error is being reported is not reported again (that could recurse): it ends the function.
  let reporting = false;

  function reportException(error) {
    if (reporting) {
      host.reportError(error);
      return;
    }
    const where = location(error);
    const event = new ErrorEvent('error', {
      cancelable: true, message: errorMessage(error), filename: where.filename,
      lineno: where.lineno, colno: where.colno, error,
    });
    let notCanceled;
    reporting = true;
    try {
      notCanceled = dispatchTrusted(global, event);
    } finally {
      reporting = false;
    }
    if (notCanceled) host.reportError(error);
  }

  // HTML "notify about rejected promises", called once GraalJS's tracker finds a rejection still
  // unhandled after the microtasks of a task ran. Cancelled: the function lives on, and a handler
  // attached later fires `rejectionhandled`. Not cancelled: the function ends (exit 1).
  function onUnhandledRejection(reason, promise) {
    const event = new PromiseRejectionEvent('unhandledrejection', { cancelable: true, promise, reason });
    if (dispatchTrusted(global, event)) {
      host.rejection(reason);
      return;
    }
    watchForLateHandler(promise, reason);
  }

  // GraalJS tells the embedder nothing when a reported promise gets a handler later, so the
  // promise gets an own `then` and an own `constructor` getter that fire `rejectionhandled` (in a
  // task of its own, as HTML queues it) the first time either is used, then step aside.
  // then/catch/finally, Promise.all and friends and resolving another promise with it call
  // `then`; `await promise` reads `constructor` (PromiseResolve). Merely reading
  // promise.constructor, or Promise.resolve(promise) alone, counts as handling too.
  function watchForLateHandler(promise, reason) {
    if (typeof promise !== 'object' || promise === null) return;
    if (Object.hasOwn(promise, 'then') || Object.hasOwn(promise, 'constructor')) return;
    let fired = false;
    const announce = () => {
      if (fired) return;
      fired = true;
      delete promise.then;
      delete promise.constructor;
      host.setTimer(() => {
        dispatchTrusted(global, new PromiseRejectionEvent('rejectionhandled', { promise, reason }));
      }, 0, 0);
    };
    defineProperty(promise, 'then', {
      configurable: true, enumerable: false, writable: true,
      value: function then(onFulfilled, onRejected) {
        announce();
        return apply(promiseThen, this, [onFulfilled, onRejected]);
      },
    });
    defineProperty(promise, 'constructor', {
      configurable: true, enumerable: false,
      get() {
        announce();
        return Reflect.get(Object.getPrototypeOf(promise), 'constructor', promise);
      },
      set(value) {
        defineProperty(promise, 'constructor', { value, writable: true, enumerable: false, configurable: true });
      },
    });
  }

  function reportError(e) {
    if (arguments.length === 0) throw new TypeError("reportError: the 'e' argument is required");
    reportException(e);
  }

  for (const [name, value] of [['Event', Event], ['EventTarget', EventTarget], ['CustomEvent', CustomEvent],
    ['ErrorEvent', ErrorEvent], ['PromiseRejectionEvent', PromiseRejectionEvent], ['reportError', reportError]]) {
    defineProperty(global, name, { value, writable: true, configurable: true, enumerable: false });
  }

  internal.Event = Event;
  internal.EventTarget = EventTarget;
  internal.isEventTarget = (value) => listenersOf.has(value);
  internal.dispatchTrusted = dispatchTrusted;
  internal.defineEventHandler = defineEventHandler;
  internal.reportException = reportException;
  internal.onUnhandledRejection = onUnhandledRejection;
})
