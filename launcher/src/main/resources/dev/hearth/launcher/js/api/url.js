// URL and URLSearchParams (WHATWG URL Standard). The parser and the setters run in Java
// (UrlHost): a URL is held here as the components string UrlHost returns (fields joined by
// U+0000, U+0001 for null; see UrlComponents.java) plus its split fields. URLSearchParams keeps
// its list here and asks Java only to parse and serialize application/x-www-form-urlencoded.
// Puts URL and URLSearchParams on `internal` for the other API files.
(function (host, internal) {
  'use strict';

  const parseUrl = host['url.parse'];
  const setUrl = host['url.set'];
  const parseForm = host['url.parseForm'];
  const serializeForm = host['url.serializeForm'];
  const toWellFormed = String.prototype.toWellFormed;
  const split = String.prototype.split;
  const iteratorSymbol = Symbol.iterator;

  // Fields of the components string.
  const HREF = 0, SCHEME = 1, USERNAME = 2, PASSWORD = 3, HOST = 4, PORT = 5, PATHNAME = 6,
    QUERY = 7, FRAGMENT = 8, ORIGIN = 10;
  const NULL = '\u0001';

  /** WebIDL USVString: symbols throw a TypeError, lone surrogates become U+FFFD. */
  function usv(value) {
    return toWellFormed.call(`${value}`);
  }

  function requireArguments(count, given, what) {
    if (given < count) {
      throw new TypeError(`${what} requires ${count} argument${count > 1 ? 's' : ''}, but only ${given} present`);
    }
  }

  // Set in the class bodies' static blocks: the classes reach each other's private state.
  let attachToUrl;       // (params, url) -> void
  let replaceList;       // (params, queryOrNull) -> void
  let updateUrlQuery;    // (url, serialized) -> void
  let listOf;            // (params) -> its [name, value] pairs
  let parsedForConstructor = null; // URL.parse hands its result to the constructor

  class URLSearchParams {
    /** [name, value] pairs. */
    #list = [];
    /** The URL whose query this is (its searchParams), or null. */
    #url = null;

    constructor(init = '') {
      if (init !== null && (typeof init === 'object' || typeof init === 'function')) {
        const method = init[iteratorSymbol];
        if (method !== undefined && method !== null) {
          if (typeof method !== 'function') throw new TypeError("URLSearchParams: the init's @@iterator is not a function");
          for (const pair of init) {
            if (pair === null || (typeof pair !== 'object' && typeof pair !== 'function') || typeof pair[iteratorSymbol] !== 'function') {
              throw new TypeError('URLSearchParams: each pair must be an iterable of [name, value]');
            }
            const items = [...pair];
            if (items.length !== 2) throw new TypeError('URLSearchParams: each pair must have exactly two items, not ' + items.length);
            this.#list.push([usv(items[0]), usv(items[1])]);
          }
        } else {
          // WebIDL record conversion: keys that become equal as USVStrings (lone surrogates
          // turn into U+FFFD) are one entry, at the first one's place with the last one's value
          const record = new Map();
          for (const key of Reflect.ownKeys(init)) {
            const desc = Reflect.getOwnPropertyDescriptor(init, key);
            if (desc !== undefined && desc.enumerable) record.set(usv(key), usv(init[key]));
          }
          for (const [name, value] of record) this.#list.push([name, value]);
        }
      } else {
        let query = usv(init);
        if (query.startsWith('?')) query = query.slice(1);
        this.#list = pairsOf(query);
      }
    }

    static {
      attachToUrl = (params, url) => { params.#url = url; };
      replaceList = (params, query) => { params.#list = query === null ? [] : pairsOf(query); };
      listOf = (params) => params.#list;
    }

    #update() {
      if (this.#url !== null) updateUrlQuery(this.#url, serialize(this.#list));
    }

    get size() {
      return this.#list.length;
    }

    append(name, value) {
      requireArguments(2, arguments.length, "URLSearchParams.append");
      this.#list.push([usv(name), usv(value)]);
      this.#update();
    }

    delete(name, value = undefined) {
      requireArguments(1, arguments.length, "URLSearchParams.delete");
      name = usv(name);
      if (value !== undefined) {
        value = usv(value);
        this.#list = this.#list.filter((pair) => pair[0] !== name || pair[1] !== value);
      } else {
        this.#list = this.#list.filter((pair) => pair[0] !== name);
      }
      this.#update();
    }

    get(name) {
      requireArguments(1, arguments.length, "URLSearchParams.get");
      name = usv(name);
      const pair = this.#list.find((p) => p[0] === name);
      return pair === undefined ? null : pair[1];
    }

    getAll(name) {
      requireArguments(1, arguments.length, "URLSearchParams.getAll");
      name = usv(name);
      return this.#list.filter((p) => p[0] === name).map((p) => p[1]);
    }

    has(name, value = undefined) {
      requireArguments(1, arguments.length, "URLSearchParams.has");
      name = usv(name);
      if (value !== undefined) {
        value = usv(value);
        return this.#list.some((p) => p[0] === name && p[1] === value);
      }
      return this.#list.some((p) => p[0] === name);
    }

    set(name, value) {
      requireArguments(2, arguments.length, "URLSearchParams.set");
      name = usv(name);
      value = usv(value);
      const index = this.#list.findIndex((p) => p[0] === name);
      if (index < 0) {
        this.#list.push([name, value]);
      } else {
        this.#list[index][1] = value;
        this.#list = this.#list.filter((p, i) => i <= index || p[0] !== name);
      }
      this.#update();
    }

    sort() {
      // by code units of the names, stable (Array.prototype.sort is)
      this.#list.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      this.#update();
    }

    toString() {
      return serialize(this.#list);
    }

    forEach(callback, thisArg = undefined) {
      requireArguments(1, arguments.length, "URLSearchParams.forEach");
      if (typeof callback !== 'function') throw new TypeError('URLSearchParams.forEach: the callback is not a function');
      // live like the WebIDL iterable: entries appended during the walk are visited
      for (let i = 0; i < this.#list.length; i++) {
        const [name, value] = this.#list[i];
        callback.call(thisArg, value, name, this);
      }
    }

    entries() {
      return new URLSearchParamsIterator(this, 'entries');
    }

    keys() {
      return new URLSearchParamsIterator(this, 'keys');
    }

    values() {
      return new URLSearchParamsIterator(this, 'values');
    }
  }

  function pairsOf(query) {
    const flat = parseForm(query);
    const pairs = [];
    for (let i = 0; i + 1 < flat.length; i += 2) pairs.push([flat[i], flat[i + 1]]);
    return pairs;
  }

  function serialize(list) {
    if (list.length === 0) return '';
    const flat = [];
    for (const [name, value] of list) flat.push(name, value);
    return serializeForm(flat);
  }

  // The WebIDL pair iterator: live over the list, so it sees changes made while iterating.
  const IteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));

  class URLSearchParamsIterator {
    #params;
    #kind;
    #index = 0;

    constructor(params, kind) {
      listOf(params); // brand check: throws a TypeError for anything but a URLSearchParams
      this.#params = params;
      this.#kind = kind;
    }

    next() {
      const list = listOf(this.#params);
      if (this.#index >= list.length) return { value: undefined, done: true };
      const [name, value] = list[this.#index++];
      const kind = this.#kind;
      return { value: kind === 'keys' ? name : kind === 'values' ? value : [name, value], done: false };
    }
  }

  Object.setPrototypeOf(URLSearchParamsIterator.prototype, IteratorPrototype);
  Object.defineProperty(URLSearchParamsIterator.prototype, Symbol.toStringTag,
    { value: 'URLSearchParams Iterator', configurable: true });
  Object.defineProperty(URLSearchParams.prototype, iteratorSymbol,
    { value: URLSearchParams.prototype.entries, writable: true, configurable: true });

  class URL {
    /** The components string from UrlHost, and its fields. */
    #raw;
    #fields;
    /** Created on first use of searchParams (nothing can observe the difference). */
    #searchParams = null;

    constructor(url, base = undefined) {
      if (parsedForConstructor !== null) { // URL.parse: parsed already
        this.#take(parsedForConstructor);
        parsedForConstructor = null;
        return;
      }
      requireArguments(1, arguments.length, "URL constructor");
      url = usv(url);
      const raw = parseUrl(url, base === undefined ? null : usv(base));
      if (raw === null) {
        const error = new TypeError(base === undefined ? `Invalid URL: ${url}` : `Invalid URL: ${url} (base ${usv(base)})`);
        error.code = 'ERR_INVALID_URL';
        throw error;
      }
      this.#take(raw);
    }

    static {
      updateUrlQuery = (url, serialized) => { url.#take(setUrl(url.#raw, 'query', serialized)); };
    }

    static canParse(url, base = undefined) {
      requireArguments(1, arguments.length, "URL.canParse");
      return parseUrl(usv(url), base === undefined ? null : usv(base)) !== null;
    }

    static parse(url, base = undefined) {
      requireArguments(1, arguments.length, "URL.parse");
      const raw = parseUrl(usv(url), base === undefined ? null : usv(base));
      if (raw === null) return null;
      parsedForConstructor = raw;
      return new URL();
    }

    #take(raw) {
      this.#raw = raw;
      this.#fields = split.call(raw, '\0');
    }

    #set(setter, value) {
      this.#take(setUrl(this.#raw, setter, usv(value)));
    }

    #queryChanged() {
      if (this.#searchParams !== null) {
        const query = this.#fields[QUERY];
        replaceList(this.#searchParams, query === NULL ? null : query);
      }
    }

    get href() {
      return this.#fields[HREF];
    }

    set href(value) {
      value = usv(value);
      const raw = parseUrl(value, null);
      if (raw === null) {
        const error = new TypeError(`Invalid URL: ${value}`);
        error.code = 'ERR_INVALID_URL';
        throw error;
      }
      this.#take(raw);
      this.#queryChanged();
    }

    get origin() {
      return this.#fields[ORIGIN];
    }

    get protocol() {
      return this.#fields[SCHEME] + ':';
    }

    set protocol(value) {
      this.#set('protocol', value);
    }

    get username() {
      return this.#fields[USERNAME];
    }

    set username(value) {
      this.#set('username', value);
    }

    get password() {
      return this.#fields[PASSWORD];
    }

    set password(value) {
      this.#set('password', value);
    }

    get host() {
      const host = this.#fields[HOST];
      if (host === NULL) return '';
      const port = this.#fields[PORT];
      return port === '' ? host : host + ':' + port;
    }

    set host(value) {
      this.#set('host', value);
    }

    get hostname() {
      const host = this.#fields[HOST];
      return host === NULL ? '' : host;
    }

    set hostname(value) {
      this.#set('hostname', value);
    }

    get port() {
      return this.#fields[PORT];
    }

    set port(value) {
      this.#set('port', value);
    }

    get pathname() {
      return this.#fields[PATHNAME];
    }

    set pathname(value) {
      this.#set('pathname', value);
    }

    get search() {
      const query = this.#fields[QUERY];
      return query === NULL || query === '' ? '' : '?' + query;
    }

    set search(value) {
      this.#set('search', value);
      this.#queryChanged();
    }

    get searchParams() {
      if (this.#searchParams === null) {
        const query = this.#fields[QUERY];
        const params = new URLSearchParams();
        replaceList(params, query === NULL ? null : query); // as is: a query "?a" has a name "?a"
        attachToUrl(params, this);
        this.#searchParams = params;
      }
      return this.#searchParams;
    }

    get hash() {
      const fragment = this.#fields[FRAGMENT];
      return fragment === NULL || fragment === '' ? '' : '#' + fragment;
    }

    set hash(value) {
      this.#set('hash', value);
    }

    toString() {
      return this.#fields[HREF];
    }

    toJSON() {
      return this.#fields[HREF];
    }
  }

  // WebIDL: attributes and operations are enumerable; @@toStringTag names the interface.
  for (const [ctor, name] of [[URL, 'URL'], [URLSearchParams, 'URLSearchParams']]) {
    const proto = ctor.prototype;
    for (const key of Object.getOwnPropertyNames(proto)) {
      if (key === 'constructor') continue;
      const desc = Object.getOwnPropertyDescriptor(proto, key);
      desc.enumerable = true;
      Object.defineProperty(proto, key, desc);
    }
    Object.defineProperty(proto, Symbol.toStringTag, { value: name, configurable: true });
  }

  for (const [name, value] of [['URL', URL], ['URLSearchParams', URLSearchParams]]) {
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
  }
  internal.URL = URL;
  internal.URLSearchParams = URLSearchParams;
});
