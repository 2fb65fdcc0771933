// Blob and File (W3C File API), and the UTF-8 helpers the body APIs share.
//
// Puts on `internal`:
//   utf8Encode(string) -> Uint8Array        lone surrogates become U+FFFD, as TextEncoder
//   utf8Decode(u8) -> string                WHATWG "UTF-8 decode": a leading BOM is dropped,
//                                           malformed sequences become U+FFFD
//   bytesOfBufferSource(x) -> Uint8Array | undefined   a copy of an ArrayBuffer or view's bytes
//   Blob, File, isBlob(x), blobBytes(blob) -> Uint8Array (the blob's own bytes; do not modify)
//   blobFrom(bytes, type) -> Blob           without copying `bytes`
(function (host, internal) {
  'use strict';

  // ---- UTF-8 ------------------------------------------------------------------------------

  // encoding.js's encoder (GraalJS's built-in TextEncoder, in Java) when installed; this loop is
  // the fallback and is faster only for short strings, where the call costs more than the work.
  const HOST_ENCODE_MIN = 64;

  function utf8Encode(input) {
    const s = String(input);
    const n = s.length;
    if (n >= HOST_ENCODE_MIN && typeof internal.encodeUtf8 === 'function') return internal.encodeUtf8(s);
    // Worst case three bytes per UTF-16 unit; the result is a view of the used part.
    const out = new Uint8Array(n * 3);
    let at = 0;
    for (let i = 0; i < n; i++) {
      let c = s.charCodeAt(i);
      if (c < 0x80) {
        out[at++] = c;
        continue;
      }
      if (c < 0x800) {
        out[at++] = 0xc0 | (c >> 6);
        out[at++] = 0x80 | (c & 0x3f);
        continue;
      }
      if (c >= 0xd800 && c <= 0xdfff) {
        const next = i + 1 < n ? s.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
          i++;
          out[at++] = 0xf0 | (c >> 18);
          out[at++] = 0x80 | ((c >> 12) & 0x3f);
          out[at++] = 0x80 | ((c >> 6) & 0x3f);
          out[at++] = 0x80 | (c & 0x3f);
          continue;
        }
        c = 0xfffd;
      }
      out[at++] = 0xe0 | (c >> 12);
      out[at++] = 0x80 | ((c >> 6) & 0x3f);
      out[at++] = 0x80 | (c & 0x3f);
    }
    return at === out.length ? out : out.slice(0, at);
  }

  // The WHATWG UTF-8 decoder: one U+FFFD per maximal invalid subpart.
  // Large inputs go to encoding.js's Java decoder when it is installed (same WHATWG rules, much
  // faster than this loop in the interpreter); small ones are not worth the crossing.
  const HOST_DECODE_MIN = 256;

  function utf8Decode(bytes) {
    const n = bytes.length;
    if (n >= HOST_DECODE_MIN && typeof internal.decodeUtf8 === 'function') return internal.decodeUtf8(bytes);
    let i = 0;
    if (n >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
    let out = '';
    const units = [];
    const flush = () => {
      out += String.fromCharCode.apply(null, units);
      units.length = 0;
    };
    while (i < n) {
      const b = bytes[i];
      if (b < 0x80) {
        units.push(b);
        i++;
      } else {
        let need;
        let cp;
        let lower = 0x80;
        let upper = 0xbf;
        if (b >= 0xc2 && b <= 0xdf) { need = 1; cp = b & 0x1f; }
        else if (b >= 0xe0 && b <= 0xef) {
          need = 2; cp = b & 0x0f;
          if (b === 0xe0) lower = 0xa0;
          if (b === 0xed) upper = 0x9f;
        } else if (b >= 0xf0 && b <= 0xf4) {
          need = 3; cp = b & 0x07;
          if (b === 0xf0) lower = 0x90;
          if (b === 0xf4) upper = 0x8f;
        } else {
          units.push(0xfffd);
          i++;
          if (units.length >= 8192) flush();
          continue;
        }
        let j = i + 1;
        let ok = true;
        for (let k = 0; k < need; k++, j++) {
          const next = j < n ? bytes[j] : -1;
          if (next < lower || next > upper) { ok = false; break; }
          lower = 0x80;
          upper = 0xbf;
          cp = (cp << 6) | (next & 0x3f);
        }
        if (!ok) {
          units.push(0xfffd);
          i = j; // the bytes consumed so far are the invalid subpart; the offending one is reread
        } else {
          if (cp >= 0x10000) {
            cp -= 0x10000;
            units.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
          } else {
            units.push(cp);
          }
          i = j;
        }
      }
      if (units.length >= 8192) flush();
    }
    flush();
    return out;
  }

  function bytesOfBufferSource(x) {
    if (x instanceof ArrayBuffer) return new Uint8Array(x.slice(0));
    if (ArrayBuffer.isView(x)) return new Uint8Array(x.buffer.slice(x.byteOffset, x.byteOffset + x.byteLength));
    if (typeof SharedArrayBuffer === 'function' && x instanceof SharedArrayBuffer) return new Uint8Array(x.slice(0));
    return undefined;
  }

  // ---- Blob -------------------------------------------------------------------------------

  // A type is kept only when it is printable ASCII, and then lower-cased (File API).
  function normaliseType(type) {
    const t = String(type);
    for (let i = 0; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c < 0x20 || c > 0x7e) return '';
    }
    return t.toLowerCase();
  }

  function concat(chunks, total) {
    if (chunks.length === 1) return chunks[0];
    const all = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) { all.set(c, at); at += c.byteLength; }
    return all;
  }

  const fromBytes = Symbol('blob from bytes');
  let blobOf;

  class Blob {
    #bytes;
    #type;

    constructor(blobParts = undefined, options = undefined) {
      if (blobParts === fromBytes) {
        this.#bytes = options.bytes;
        this.#type = options.type;
        return;
      }
      if (options !== undefined && options !== null && typeof options !== 'object' && typeof options !== 'function') {
        throw new TypeError("Blob: the options argument must be an object");
      }
      const endings = options == null || options.endings === undefined ? 'transparent' : String(options.endings);
      if (endings !== 'transparent' && endings !== 'native') {
        throw new TypeError("Blob: endings must be 'transparent' or 'native', not '" + endings + "'");
      }
      const type = options == null || options.type === undefined ? '' : normaliseType(options.type);
      const chunks = [];
      let total = 0;
      if (blobParts !== undefined) {
        if (blobParts === null || typeof blobParts !== 'object' || typeof blobParts[Symbol.iterator] !== 'function') {
          throw new TypeError('Blob: the parts argument must be an iterable (for example an array)');
        }
        for (const part of blobParts) {
          let bytes;
          if (part instanceof Blob) {
            bytes = part.#bytes;
          } else {
            bytes = bytesOfBufferSource(part);
            if (bytes === undefined) {
              let s = String(part);
              if (endings === 'native') s = s.replace(/\r\n?/g, '\n');
              bytes = utf8Encode(s);
            }
          }
          chunks.push(bytes);
          total += bytes.byteLength;
        }
      }
      this.#bytes = chunks.length === 0 ? new Uint8Array(0) : concat(chunks, total);
      this.#type = type;
    }

    static {
      blobOf = (x) => {
        return typeof x === 'object' && x !== null && #bytes in x ? x.#bytes : undefined;
      };
    }

    get size() {
      return bytesOf(this, 'size').byteLength;
    }

    get type() {
      bytesOf(this, 'type');
      return this.#type;
    }

    slice(start = undefined, end = undefined, contentType = undefined) {
      const bytes = bytesOf(this, 'slice');
      const size = bytes.byteLength;
      const clamp = (v, dflt) => {
        if (v === undefined) return dflt;
        let n = Math.trunc(Number(v)) || 0;
        if (n < 0) return Math.max(size + n, 0);
        return Math.min(n, size);
      };
      const from = clamp(start, 0);
      const to = clamp(end, size);
      const span = Math.max(to - from, 0);
      return new Blob(fromBytes, {
        bytes: bytes.subarray(from, from + span),
        type: contentType === undefined ? '' : normaliseType(contentType),
      });
    }

    text() {
      try {
        return Promise.resolve(utf8Decode(bytesOf(this, 'text')));
      } catch (e) {
        return Promise.reject(e);
      }
    }

    arrayBuffer() {
      try {
        const b = bytesOf(this, 'arrayBuffer');
        return Promise.resolve(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
      } catch (e) {
        return Promise.reject(e);
      }
    }

    bytes() {
      try {
        return Promise.resolve(bytesOf(this, 'bytes').slice());
      } catch (e) {
        return Promise.reject(e);
      }
    }

    stream() {
      return internal.streamOfBytes(bytesOf(this, 'stream').slice());
    }

    get [Symbol.toStringTag]() {
      return 'Blob';
    }
  }

  function bytesOf(blob, what) {
    const bytes = blobOf(blob);
    if (bytes === undefined) throw new TypeError('Blob.' + what + ': this is not a Blob');
    return bytes;
  }

  let fileOf;

  class File extends Blob {
    #name;
    #lastModified;

    constructor(fileBits, fileName, options = undefined) {
      if (arguments.length < 2) throw new TypeError('File: 2 arguments required (bits and name), ' + arguments.length + ' given');
      super(fileBits, options);
      this.#name = String(fileName);
      const lm = options == null || options.lastModified === undefined ? Date.now() : Number(options.lastModified);
      this.#lastModified = Number.isFinite(lm) ? Math.trunc(lm) : 0;
    }

    static {
      fileOf = (x) => {
        return typeof x === 'object' && x !== null && #name in x ? { name: x.#name, lastModified: x.#lastModified } : undefined;
      };
    }

    get name() {
      const f = fileOf(this);
      if (!f) throw new TypeError('File.name: this is not a File');
      return f.name;
    }

    get lastModified() {
      const f = fileOf(this);
      if (!f) throw new TypeError('File.lastModified: this is not a File');
      return f.lastModified;
    }

    get [Symbol.toStringTag]() {
      return 'File';
    }
  }

  for (const [name, value] of [['Blob', Blob], ['File', File]]) {
    internal.webidlClass(value);
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
  }

  internal.utf8Encode = utf8Encode;
  internal.utf8Decode = utf8Decode;
  internal.bytesOfBufferSource = bytesOfBufferSource;
  internal.Blob = Blob;
  internal.File = File;
  internal.isBlob = (x) => blobOf(x) !== undefined;
  internal.isFile = (x) => fileOf(x) !== undefined;
  internal.blobBytes = (x) => blobOf(x);
  internal.blobFrom = (bytes, type) => new Blob(fromBytes, { bytes, type: normaliseType(type) });
})
