// FormData (XHR standard), its multipart/form-data encoding (HTML) and parsing (Fetch's
// body.formData()), and application/x-www-form-urlencoded parsing.
//
// Puts on `internal`:
//   FormData
//   parseMimeType(string) -> { essence, params: Map } | null
//   encodeMultipart(formData) -> { bytes: Uint8Array, contentType }
//   parseMultipart(bytes, boundary) -> FormData        throws TypeError when malformed
//   parseUrlencoded(string) -> [[name, value], ...]
//   formDataFromUrlencoded(string) -> FormData
(function (host, internal) {
  'use strict';

  const utf8Encode = internal.utf8Encode;
  const utf8Decode = internal.utf8Decode;
  const File = internal.File;

  // USVString conversion: lone surrogates become U+FFFD.
  function usv(value) {
    const s = String(value);
    return typeof s.toWellFormed === 'function' ? s.toWellFormed() : s;
  }

  // A FormData entry value: a string, or a File (a Blob becomes a File named "blob").
  function entryValue(value, filename, what, argc) {
    if (internal.isBlob(value)) {
      if (argc > 2 || !internal.isFile(value)) {
        const name = filename !== undefined ? usv(filename) : internal.isFile(value) ? value.name : 'blob';
        const options = { type: value.type };
        if (internal.isFile(value)) options.lastModified = value.lastModified;
        return new File([value], name, options);
      }
      return value;
    }
    if (argc > 2) throw new TypeError(what + ': a filename is only allowed with a Blob value');
    return usv(value);
  }

  let entriesOf;

  class FormData {
    #entries = [];

    constructor(form = undefined) {
      if (form !== undefined) throw new TypeError('FormData: there are no HTML forms here; construct it empty');
    }

    static {
      entriesOf = (x) => {
        return typeof x === 'object' && x !== null && #entries in x ? x.#entries : undefined;
      };
    }

    append(name, value, filename = undefined) {
      const e = entries(this, 'append', arguments.length, 2);
      e.push([usv(name), entryValue(value, filename, 'FormData.append', arguments.length)]);
    }

    delete(name) {
      const e = entries(this, 'delete', arguments.length, 1);
      const n = usv(name);
      for (let i = e.length - 1; i >= 0; i--) if (e[i][0] === n) e.splice(i, 1);
    }

    get(name) {
      const e = entries(this, 'get', arguments.length, 1);
      const n = usv(name);
      for (const [k, v] of e) if (k === n) return v;
      return null;
    }

    getAll(name) {
      const e = entries(this, 'getAll', arguments.length, 1);
      const n = usv(name);
      return e.filter((p) => p[0] === n).map((p) => p[1]);
    }

    has(name) {
      const e = entries(this, 'has', arguments.length, 1);
      const n = usv(name);
      return e.some((p) => p[0] === n);
    }

    set(name, value, filename = undefined) {
      const e = entries(this, 'set', arguments.length, 2);
      const n = usv(name);
      const v = entryValue(value, filename, 'FormData.set', arguments.length);
      const i = e.findIndex((p) => p[0] === n);
      if (i < 0) {
        e.push([n, v]);
      } else {
        e[i] = [n, v];
        for (let j = e.length - 1; j > i; j--) if (e[j][0] === n) e.splice(j, 1);
      }
    }

    forEach(callback, thisArg = undefined) {
      const e = entries(this, 'forEach', arguments.length, 1);
      if (typeof callback !== 'function') throw new TypeError('FormData.forEach: the callback must be a function');
      for (let i = 0; i < e.length; i++) Reflect.apply(callback, thisArg, [e[i][1], e[i][0], this]);
    }

    entries() {
      return newIterator(entries(this, 'entries', 0, 0), 'entries');
    }

    keys() {
      return newIterator(entries(this, 'keys', 0, 0), 'keys');
    }

    values() {
      return newIterator(entries(this, 'values', 0, 0), 'values');
    }

    [Symbol.iterator]() {
      return this.entries();
    }

    get [Symbol.toStringTag]() {
      return 'FormData';
    }
  }

  function entries(fd, what, given, required) {
    const e = entriesOf(fd);
    if (!e) throw new TypeError('FormData.' + what + ': this is not a FormData');
    if (given < required) {
      throw new TypeError('FormData.' + what + ': ' + required + ' argument' + (required > 1 ? 's' : '') + ' required, but only ' + given + ' present.');
    }
    return e;
  }

  const IteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
  const FormDataIteratorPrototype = Object.create(IteratorPrototype, {
    [Symbol.toStringTag]: { value: 'FormData Iterator', configurable: true },
  });
  const iterators = new WeakMap();

  function newIterator(list, kind) {
    const it = Object.create(FormDataIteratorPrototype);
    iterators.set(it, { list, kind, index: 0 });
    return it;
  }

  Object.defineProperty(FormDataIteratorPrototype, 'next', {
    writable: true, configurable: true, enumerable: true,
    value: function next() {
      const st = iterators.get(this);
      if (!st) throw new TypeError('FormData Iterator.next: this is not a FormData iterator');
      if (st.index >= st.list.length) return { value: undefined, done: true };
      const [n, v] = st.list[st.index++];
      return { value: st.kind === 'entries' ? [n, v] : st.kind === 'keys' ? n : v, done: false };
    },
  });

  // ---- MIME types (a tolerant reading of the MIME Sniffing standard's parser) -----------------

  const HTTP_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

  function parseMimeType(input) {
    const s = String(input).replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
    const slash = s.indexOf('/');
    if (slash < 0) return null;
    const type = s.slice(0, slash);
    let end = s.indexOf(';', slash);
    if (end < 0) end = s.length;
    const subtype = s.slice(slash + 1, end).replace(/[\t\n\r ]+$/, '');
    if (!HTTP_TOKEN.test(type) || !HTTP_TOKEN.test(subtype)) return null;
    const params = new Map();
    let i = end;
    while (i < s.length) {
      i++; // the ';'
      while (i < s.length && /[\t\n\r ]/.test(s[i])) i++;
      let nameEnd = i;
      while (nameEnd < s.length && s[nameEnd] !== ';' && s[nameEnd] !== '=') nameEnd++;
      const name = s.slice(i, nameEnd).toLowerCase();
      i = nameEnd;
      if (i >= s.length || s[i] === ';') continue;
      i++; // the '='
      let value;
      if (s[i] === '"') {
        value = '';
        i++;
        while (i < s.length && s[i] !== '"') {
          if (s[i] === '\\' && i + 1 < s.length) i++;
          value += s[i++];
        }
        while (i < s.length && s[i] !== ';') i++;
      } else {
        let valueEnd = s.indexOf(';', i);
        if (valueEnd < 0) valueEnd = s.length;
        value = s.slice(i, valueEnd).replace(/[\t\n\r ]+$/, '');
        i = valueEnd;
        if (value === '') continue;
      }
      if (name && HTTP_TOKEN.test(name) && !params.has(name)) params.set(name, value);
    }
    return { essence: (type + '/' + subtype).toLowerCase(), params };
  }

  // ---- multipart/form-data ------------------------------------------------------------------

  // The HTML multipart/form-data encoding turns lone CRs and LFs of names and string values into
  // CRLF; names and filenames then escape '"', CR and LF.
  function crlf(s) {
    return s.replace(/\r(?!\n)|(?<!\r)\n/g, '\r\n');
  }

  function escapeName(s) {
    return s.replace(/\n/g, '%0A').replace(/\r/g, '%0D').replace(/"/g, '%22');
  }

  function randomBoundary() {
    let hex = '';
    for (let i = 0; i < 24; i++) hex += Math.floor(Math.random() * 16).toString(16);
    return '----hearthFormBoundary' + hex;
  }

  function encodeMultipart(fd) {
    const boundary = randomBoundary();
    const chunks = [];
    let total = 0;
    const push = (bytes) => { chunks.push(bytes); total += bytes.byteLength; };
    for (const [name, value] of entriesOf(fd)) {
      let head = '--' + boundary + '\r\nContent-Disposition: form-data; name="' + escapeName(crlf(name)) + '"';
      if (typeof value === 'string') {
        push(utf8Encode(head + '\r\n\r\n' + crlf(value) + '\r\n'));
      } else {
        head += '; filename="' + escapeName(value.name) + '"\r\nContent-Type: ' +
          (value.type || 'application/octet-stream') + '\r\n\r\n';
        push(utf8Encode(head));
        push(internal.blobBytes(value));
        push(utf8Encode('\r\n'));
      }
    }
    push(utf8Encode('--' + boundary + '--\r\n'));
    const bytes = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) { bytes.set(c, at); at += c.byteLength; }
    return { bytes, contentType: 'multipart/form-data; boundary=' + boundary };
  }

  // The first byte is found with the built-in TypedArray indexOf (not a JS loop), then checked.
  function indexOfBytes(haystack, needle, from) {
    const first = needle[0];
    const last = haystack.length - needle.length;
    let i = from;
    outer: while (i <= last) {
      i = haystack.indexOf(first, i);
      if (i < 0 || i > last) return -1;
      for (let j = 1; j < needle.length; j++) {
        if (haystack[i + j] !== needle[j]) {
          i++;
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  function latin1(bytes, from, to) {
    let s = '';
    for (let i = from; i < to; i++) s += String.fromCharCode(bytes[i]);
    return s;
  }

  function malformed(why) {
    return new TypeError('Failed to parse body as FormData: ' + why);
  }

  // Parses the parts of a multipart/form-data body. Header values are UTF-8 (as browsers send
  // them); a part with a filename becomes a File.
  function parseMultipart(bytes, boundary) {
    const fd = new FormData();
    const delimiter = utf8Encode('--' + boundary);
    let at = indexOfBytes(bytes, delimiter, 0);
    if (at < 0) throw malformed('the boundary "' + boundary + '" does not occur in the body');
    at += delimiter.length;
    while (true) {
      if (bytes[at] === 0x2d && bytes[at + 1] === 0x2d) return fd; // "--": the final delimiter
      // The rest of the delimiter line (transport padding) up to CRLF.
      const lineEnd = indexOfBytes(bytes, CRLF, at);
      if (lineEnd < 0) throw malformed('a part has no header section');
      at = lineEnd + 2;
      const headEnd = indexOfBytes(bytes, CRLFCRLF, at);
      let headers;
      let bodyStart;
      if (bytes[at] === 0x0d && bytes[at + 1] === 0x0a) {
        headers = '';
        bodyStart = at + 2;
      } else {
        if (headEnd < 0) throw malformed('a part\'s headers do not end with an empty line');
        headers = utf8Decode(bytes.subarray(at, headEnd));
        bodyStart = headEnd + 4;
      }
      const next = indexOfBytes(bytes, concatBytes(CRLF, delimiter), bodyStart);
      if (next < 0) throw malformed('a part is not followed by the boundary');
      const content = bytes.subarray(bodyStart, next);
      let name = null;
      let filename = null;
      let type = '';
      for (const line of headers.split('\r\n')) {
        const colon = line.indexOf(':');
        if (colon < 0) continue;
        const hname = line.slice(0, colon).trim().toLowerCase();
        const hvalue = line.slice(colon + 1).trim();
        if (hname === 'content-disposition') {
          const params = dispositionParams(hvalue);
          if (params === null) throw malformed('a part is not "form-data"');
          if (params.has('name')) name = params.get('name');
          if (params.has('filename')) filename = params.get('filename');
        } else if (hname === 'content-type') {
          type = hvalue;
        }
      }
      if (name === null) throw malformed('a part has no name');
      if (filename !== null) {
        fd.append(name, new File([content], filename, { type: type || 'application/octet-stream' }));
      } else {
        fd.append(name, utf8Decode(content));
      }
      at = next + 2 + delimiter.length;
    }
  }

  const CRLF = new Uint8Array([0x0d, 0x0a]);
  const CRLFCRLF = new Uint8Array([0x0d, 0x0a, 0x0d, 0x0a]);

  function concatBytes(a, b) {
    const out = new Uint8Array(a.length + b.length);
    out.set(a, 0);
    out.set(b, a.length);
    return out;
  }

  function dispositionParams(value) {
    const semi = value.indexOf(';');
    const kind = (semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase();
    if (kind !== 'form-data') return null;
    const params = new Map();
    const re = /;\s*([^\s=;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
    let m;
    while ((m = re.exec(value)) !== null) {
      const key = m[1].toLowerCase();
      const raw = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3].trim();
      const decoded = raw.replace(/%22/g, '"').replace(/%0D/g, '\r').replace(/%0A/g, '\n');
      if (!params.has(key)) params.set(key, decoded);
    }
    return params;
  }

  // ---- application/x-www-form-urlencoded ------------------------------------------------------

  function percentDecode(s) {
    if (!s.includes('%')) return s;
    const bytes = utf8Encode(s);
    const out = new Uint8Array(bytes.length);
    let n = 0;
    const hex = (c) => (c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x41 && c <= 0x46 ? c - 0x37 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1);
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      if (b === 0x25 && i + 2 < bytes.length && hex(bytes[i + 1]) >= 0 && hex(bytes[i + 2]) >= 0) {
        out[n++] = hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]);
        i += 2;
      } else {
        out[n++] = b;
      }
    }
    return utf8Decode(out.subarray(0, n));
  }

  function parseUrlencoded(input) {
    const out = [];
    for (const sequence of String(input).split('&')) {
      if (sequence === '') continue;
      const eq = sequence.indexOf('=');
      const name = eq < 0 ? sequence : sequence.slice(0, eq);
      const value = eq < 0 ? '' : sequence.slice(eq + 1);
      out.push([percentDecode(name.replace(/\+/g, ' ')), percentDecode(value.replace(/\+/g, ' '))]);
    }
    return out;
  }

  internal.webidlClass(FormData);
  Object.defineProperty(globalThis, 'FormData', { value: FormData, writable: true, configurable: true, enumerable: false });

  internal.FormData = FormData;
  internal.isFormData = (x) => entriesOf(x) !== undefined;
  internal.parseMimeType = parseMimeType;
  internal.encodeMultipart = encodeMultipart;
  internal.parseMultipart = parseMultipart;
  internal.parseUrlencoded = parseUrlencoded;
  internal.formDataFromUrlencoded = (s) => {
    const fd = new FormData();
    for (const [n, v] of parseUrlencoded(s)) fd.append(n, v);
    return fd;
  };
})
