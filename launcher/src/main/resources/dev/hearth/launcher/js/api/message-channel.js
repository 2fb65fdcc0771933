// MessageChannel, MessagePort and MessageEvent (HTML), which ECMA-429 lists. Within one function
// there is one agent, so a channel is a pair of in-memory queues: postMessage structured-clones
// the message (transferring ArrayBuffers) and delivers it to the other port as a task of its own.
//
// A port's queue starts disabled: messages wait until start() is called or onmessage is set (as
// HTML has it; addEventListener('message') alone does not start it). A port does not keep the
// function alive by itself; a message on its way does, as a pending task. close() on either
// port disentangles both: later messages go nowhere; those already sent are still delivered
// (HTML's delivery task does not look at the port's state; Deno does the same).
(function (host, internal) {
  'use strict';

  const defineProperty = Object.defineProperty;
  const Event = internal.Event;
  const EventTarget = internal.EventTarget;
  const DOMException = internal.DOMException;
  const CONSTRUCT = Symbol('MessagePort construction');

  class MessageEvent extends Event {
    #data;
    #origin;
    #lastEventId;
    #source;
    #ports;

    constructor(type, eventInitDict = undefined) {
      if (arguments.length === 0) throw new TypeError("MessageEvent: the 'type' argument is required");
      super(type, eventInitDict);
      const init = eventInitDict === undefined || eventInitDict === null ? {} : eventInitDict;
      this.#data = init.data === undefined ? null : init.data;
      this.#lastEventId = init.lastEventId === undefined ? '' : `${init.lastEventId}`;
      this.#origin = init.origin === undefined ? '' : `${init.origin}`;
      const ports = init.ports === undefined ? [] : [...init.ports];
      for (const p of ports) {
        if (!isPort(p)) throw new TypeError('MessageEvent: ports must hold MessagePort objects only');
      }
      this.#ports = Object.freeze(ports);
      const source = init.source === undefined ? null : init.source;
      if (source !== null && !isPort(source)) throw new TypeError('MessageEvent: source must be a MessagePort or null');
      this.#source = source;
    }

    get data() { return this.#data; }
    get origin() { return this.#origin; }
    get lastEventId() { return this.#lastEventId; }
    get source() { return this.#source; }
    get ports() { return this.#ports; }
  }
  defineProperty(MessageEvent.prototype, Symbol.toStringTag, { value: 'MessageEvent', configurable: true });

  let portState;
  let isPort;

  class MessagePort extends EventTarget {
    #other = null;
    #enabled = false;
    #closed = false;
    #queue = [];

    constructor(key) {
      if (key !== CONSTRUCT) throw new TypeError('Illegal constructor');
      super();
    }

    static {
      isPort = (value) => typeof value === 'object' && value !== null && #queue in value;
      portState = (port, what) => {
        if (!isPort(port)) throw new TypeError('MessagePort.prototype.' + what + ' called on an object that is not a MessagePort');
        return {
          get other() { return port.#other; },
          set other(value) { port.#other = value; },
          get enabled() { return port.#enabled; },
          set enabled(value) { port.#enabled = value; },
          get closed() { return port.#closed; },
          set closed(value) { port.#closed = value; },
          queue: port.#queue,
        };
      };
    }

    postMessage(message, transferOrOptions = undefined) {
      const self = portState(this, 'postMessage');
      if (arguments.length === 0) throw new TypeError("postMessage: the 'message' argument is required");
      let transfer = [];
      if (Array.isArray(transferOrOptions) || (transferOrOptions !== null && typeof transferOrOptions === 'object'
          && typeof transferOrOptions[Symbol.iterator] === 'function')) {
        transfer = [...transferOrOptions];
      } else if (transferOrOptions !== undefined && transferOrOptions !== null) {
        if (typeof transferOrOptions !== 'object') throw new TypeError('postMessage: the second argument must be a transfer list or options');
        if (transferOrOptions.transfer !== undefined) transfer = [...transferOrOptions.transfer];
      }
      for (const t of transfer) {
        if (t === this) throw new DOMException('A port cannot transfer itself.', 'DataCloneError');
        if (isPort(t)) throw new DOMException('Transferring a MessagePort is not supported.', 'DataCloneError');
      }
      const data = internal.structuredClone(message, { transfer });
      const target = self.other;
      if (target === null || self.closed) return;
      const targetState = portState(target, 'postMessage');
      targetState.queue.push(data);
      if (targetState.enabled) deliverSoon(target);
    }

    start() {
      const self = portState(this, 'start');
      if (self.enabled) return;
      self.enabled = true;
      for (let i = 0; i < self.queue.length; i++) deliverSoon(this);
    }

    close() {
      const self = portState(this, 'close');
      self.closed = true;
      const other = self.other;
      self.other = null;
      if (other !== null) portState(other, 'close').other = null;
    }
  }
  defineProperty(MessagePort.prototype, Symbol.toStringTag, { value: 'MessagePort', configurable: true });
  internal.defineEventHandler(MessagePort.prototype, 'message');
  internal.defineEventHandler(MessagePort.prototype, 'messageerror');
  // Setting onmessage starts the port (HTML: the port message queue is enabled).
  const onmessage = Object.getOwnPropertyDescriptor(MessagePort.prototype, 'onmessage');
  defineProperty(MessagePort.prototype, 'onmessage', {
    configurable: true,
    enumerable: true,
    get: onmessage.get,
    set: { onmessage(value) {
      Reflect.apply(onmessage.set, this, [value]);
      if (typeof value === 'object' || typeof value === 'function') this.start();
    } }.onmessage,
  });

  // One task per message, so listeners of one message run before the next is taken.
  function deliverSoon(port) {
    host.setTimer(() => {
      const state = portState(port, 'deliver');
      if (state.queue.length === 0) return;
      const data = state.queue.shift();
      internal.dispatchTrusted(port, new MessageEvent('message', { data }));
    }, 0, 0);
  }

  class MessageChannel {
    #port1;
    #port2;

    constructor() {
      this.#port1 = new MessagePort(CONSTRUCT);
      this.#port2 = new MessagePort(CONSTRUCT);
      portState(this.#port1, 'constructor').other = this.#port2;
      portState(this.#port2, 'constructor').other = this.#port1;
    }

    get port1() {
      if (!(#port1 in this)) throw new TypeError('not a MessageChannel');
      return this.#port1;
    }

    get port2() {
      if (!(#port2 in this)) throw new TypeError('not a MessageChannel');
      return this.#port2;
    }
  }
  defineProperty(MessageChannel.prototype, Symbol.toStringTag, { value: 'MessageChannel', configurable: true });

  for (const [name, value] of [['MessageEvent', MessageEvent], ['MessagePort', MessagePort], ['MessageChannel', MessageChannel]]) {
    defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
  }
})
