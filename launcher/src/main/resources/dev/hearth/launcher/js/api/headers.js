// Headers (WHATWG Fetch).
//
// Like Deno, Node and Workers (server runtimes, no CORS), there are no forbidden header names:
// the guards that matter are "immutable" (headers of Response.error/redirect, of fetched
// responses and of requests the server hands to a handler) and "none".
//
// Names are kept lower-cased (HTTP field names are case-insensitive and Headers only ever shows
// them lower-cased). Puts on `internal`:
//   Headers
//   headersFromPairs(flat [n1, v1, ...], guard) -> Headers   validates every pair
//   headerPairs(headers) -> flat [n1, v1, ...]                 in insertion order, not combined
//   headersGuard(headers, guard) / headersGuardOf(headers) / headersFill(headers, init, what)
//   headersGet(headers, name) / headersHas / headersSetRaw(headers, name, value)   (no guard check)
(function (host, internal) {
  'use strict';

  // RFC 9110 token characters.
  const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
  // HTTP whitespace to strip from values: tab, space, CR, LF.
  const LEADING_WS = /^[\t\n\r ]+/;
  const TRAILING_WS = /[\t\n\r ]+$/;
  const INVALID_VALUE = /[\0\r\n]/;

  function normaliseName(name, what) {
    const n = String(name);
    if (!TOKEN.test(n)) throw new TypeError(what + ': ' + JSON.stringify(n) + ' is an invalid header name.');
    return n.toLowerCase();
  }

  // Most values need no work: no whitespace at either end, only bytes a header may hold.
  const PLAIN_VALUE = /^(?:[\x21-\x7e\x80-\xff](?:[\t\x20-\x7e\x80-\xff]*[\x21-\x7e\x80-\xff])?)?$/;

  function normaliseValue(value, name, what) {
    const raw = typeof value === 'string' ? value : String(value);
    if (PLAIN_VALUE.test(raw)) return raw;
    const v = raw.replace(LEADING_WS, '').replace(TRAILING_WS, '');
    // ByteString conversion: code units above 0xFF cannot be a header byte.
    let bad = INVALID_VALUE.test(v);
    if (!bad) {
      for (let i = 0; i < v.length; i++) {
        if (v.charCodeAt(i) > 0xff) { bad = true; break; }
      }
    }
    if (bad) throw new TypeError(what + ': ' + JSON.stringify(v) + ' is an invalid value for header ' + JSON.stringify(name) + '.');
    return v;
  }

  let stateOf;

  class Headers {
    // list: [[lowerName, value], ...] in insertion order; sorted: cache of the iteration view.
    #h;

    constructor(init = undefined) {
      this.#h = { list: [], guard: 'none', sorted: null };
      if (init !== undefined) fill(this.#h, init, 'Headers');
    }

    static {
      stateOf = (x) => {
        return typeof x === 'object' && x !== null && #h in x ? x.#h : undefined;
      };
    }

    append(name, value) {
      const h = state(this, 'append', arguments.length, 2);
      const n = normaliseName(name, 'Headers.append');
      const v = normaliseValue(value, n, 'Headers.append');
      checkGuard(h, 'append');
      appendPair(h, n, v);
    }

    delete(name) {
      const h = state(this, 'delete', arguments.length, 1);
      const n = normaliseName(name, 'Headers.delete');
      checkGuard(h, 'delete');
      if (indexOf(h, n) < 0) return;
      h.list = h.list.filter((p) => p[0] !== n);
      h.sorted = null;
    }

    get(name) {
      const h = state(this, 'get', arguments.length, 1);
      return getValue(h, normaliseName(name, 'Headers.get'));
    }

    getSetCookie() {
      const h = state(this, 'getSetCookie', 0, 0);
      const out = [];
      for (const [n, v] of h.list) if (n === 'set-cookie') out.push(v);
      return out;
    }

    has(name) {
      const h = state(this, 'has', arguments.length, 1);
      return indexOf(h, normaliseName(name, 'Headers.has')) >= 0;
    }

    set(name, value) {
      const h = state(this, 'set', arguments.length, 2);
      const n = normaliseName(name, 'Headers.set');
      const v = normaliseValue(value, n, 'Headers.set');
      checkGuard(h, 'set');
      setPair(h, n, v);
    }

    forEach(callback, thisArg = undefined) {
      const h = state(this, 'forEach', arguments.length, 1);
      if (typeof callback !== 'function') throw new TypeError('Headers.forEach: the callback must be a function');
      // Live like a WebIDL iterable: the view is taken again after each callback.
      for (let i = 0; ; i++) {
        const pairs = sortedPairs(h);
        if (i >= pairs.length) break;
        Reflect.apply(callback, thisArg, [pairs[i][1], pairs[i][0], this]);
      }
    }

    entries() {
      return newIterator(state(this, 'entries', 0, 0), 'entries');
    }

    keys() {
      return newIterator(state(this, 'keys', 0, 0), 'keys');
    }

    values() {
      return newIterator(state(this, 'values', 0, 0), 'values');
    }

    [Symbol.iterator]() {
      return this.entries();
    }

    get [Symbol.toStringTag]() {
      return 'Headers';
    }
  }

  function state(headers, what, given, required) {
    const h = stateOf(headers);
    if (!h) throw new TypeError('Headers.' + what + ': this is not a Headers object');
    if (given < required) {
      throw new TypeError('Headers.' + what + ': ' + required + ' argument' + (required > 1 ? 's' : '') + ' required, but only ' + given + ' present.');
    }
    return h;
  }

  function checkGuard(h, what) {
    if (h.guard === 'immutable') throw new TypeError('Headers.' + what + ': these headers are immutable');
  }

  function indexOf(h, n) {
    const list = h.list;
    for (let i = 0; i < list.length; i++) if (list[i][0] === n) return i;
    return -1;
  }

  function getValue(h, n) {
    let out = null;
    for (const [name, value] of h.list) {
      if (name === n) out = out === null ? value : out + ', ' + value;
    }
    return out;
  }

  function appendPair(h, n, v) {
    h.list.push([n, v]);
    h.sorted = null;
  }

  function setPair(h, n, v) {
    const i = indexOf(h, n);
    if (i < 0) {
      h.list.push([n, v]);
    } else {
      h.list[i] = [n, v];
      h.list = h.list.filter((p, j) => j <= i || p[0] !== n);
    }
    h.sorted = null;
  }

  function fill(h, init, what) {
    if (init === null || (typeof init !== 'object' && typeof init !== 'function')) {
      throw new TypeError(what + ': the headers init must be an object, an array of pairs or Headers');
    }
    const other = stateOf(init);
    if (other) {
      for (const [n, v] of other.list) appendChecked(h, n, v, what);
      return;
    }
    const iterator = init[Symbol.iterator];
    if (iterator !== undefined && iterator !== null) {
      if (typeof iterator !== 'function') throw new TypeError(what + ': the headers init is not iterable');
      for (const pair of Reflect.apply(iterator, init, [])) {
        if (pair === null || typeof pair !== 'object' || typeof pair[Symbol.iterator] !== 'function') {
          throw new TypeError(what + ': each header must be a [name, value] pair');
        }
        const items = Array.from(pair);
        if (items.length !== 2) {
          throw new TypeError(what + ': a header pair must have exactly 2 items, this one has ' + items.length);
        }
        appendChecked(h, items[0], items[1], what);
      }
      return;
    }
    // A record<ByteString, ByteString>: own enumerable string keys, in order.
    for (const key of Reflect.ownKeys(init)) {
      if (typeof key !== 'string') continue;
      const desc = Reflect.getOwnPropertyDescriptor(init, key);
      if (desc === undefined || !desc.enumerable) continue;
      appendChecked(h, key, init[key], what);
    }
  }

  function appendChecked(h, name, value, what) {
    const n = normaliseName(name, what);
    const v = normaliseValue(value, n, what);
    checkGuard(h, 'append');
    appendPair(h, n, v);
  }

  // The "sort and combine" view: names sorted, values joined by ", ", except that each
  // set-cookie stays its own entry.
  function sortedPairs(h) {
    if (h.sorted !== null) return h.sorted;
    const names = [...new Set(h.list.map((p) => p[0]))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const out = [];
    for (const n of names) {
      if (n === 'set-cookie') {
        for (const [name, value] of h.list) if (name === n) out.push([n, value]);
      } else {
        out.push([n, getValue(h, n)]);
      }
    }
    h.sorted = out;
    return out;
  }

  // ---- iterator ----

  const IteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
  const HeadersIteratorPrototype = Object.create(IteratorPrototype, {
    [Symbol.toStringTag]: { value: 'Headers Iterator', configurable: true },
  });
  const iterators = new WeakMap();

  function newIterator(h, kind) {
    const it = Object.create(HeadersIteratorPrototype);
    iterators.set(it, { h, kind, index: 0 });
    return it;
  }

  Object.defineProperty(HeadersIteratorPrototype, 'next', {
    writable: true, configurable: true, enumerable: true,
    value: function next() {
      const st = iterators.get(this);
      if (!st) throw new TypeError('Headers Iterator.next: this is not a Headers iterator');
      const pairs = sortedPairs(st.h);
      if (st.index >= pairs.length) return { value: undefined, done: true };
      const [n, v] = pairs[st.index++];
      return { value: st.kind === 'entries' ? [n, v] : st.kind === 'keys' ? n : v, done: false };
    },
  });

  internal.webidlClass(Headers);
  Object.defineProperty(globalThis, 'Headers', { value: Headers, writable: true, configurable: true, enumerable: false });

  internal.Headers = Headers;
  internal.isHeaders = (x) => stateOf(x) !== undefined;
  internal.headersFromPairs = (pairs, guard) => {
    const headers = new Headers();
    const h = stateOf(headers);
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      appendChecked(h, pairs[i], pairs[i + 1], 'Headers');
    }
    h.guard = guard || 'none';
    return headers;
  };
  internal.headerPairs = (headers) => {
    const out = [];
    for (const [n, v] of stateOf(headers).list) out.push(n, v);
    return out;
  };
  internal.headersGuard = (headers, guard) => { stateOf(headers).guard = guard; };
  internal.headersGuardOf = (headers) => stateOf(headers).guard;
  internal.headersFill = (headers, init, what) => fill(stateOf(headers), init, what || 'Headers');
  internal.headersGet = (headers, name) => getValue(stateOf(headers), String(name).toLowerCase());
  internal.headersHas = (headers, name) => indexOf(stateOf(headers), String(name).toLowerCase()) >= 0;
  internal.headersSetRaw = (headers, name, value) => setPair(stateOf(headers), String(name).toLowerCase(), String(value));
  internal.headersDeleteRaw = (headers, name) => {
    const h = stateOf(headers);
    const n = String(name).toLowerCase();
    h.list = h.list.filter((p) => p[0] !== n);
    h.sorted = null;
  };
})
