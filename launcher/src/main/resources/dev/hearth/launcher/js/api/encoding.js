// TextEncoder, TextDecoder, TextEncoderStream, TextDecoderStream (WHATWG Encoding Standard),
// atob and btoa (HTML). Decoding runs in Java (EncodingHost): utf-8, utf-16le/be, the legacy
// single-byte encodings and x-user-defined. Encoding (always UTF-8) is GraalJS's built-in
// TextEncoder (js.text-encoding), wrapped, with a JS fallback. Puts on `internal`, for the
// other API files: `encodeUtf8(string) -> Uint8Array`, `decodeUtf8(bufferSource) -> string`
// (replacement, BOM dropped: the standard's "UTF-8 decode") and `bufferSource(x)`.
(function (host, internal) {
  'use strict';

  const global = globalThis;
  const toWellFormed = String.prototype.toWellFormed;
  const isView = ArrayBuffer.isView;
  const SharedArrayBufferCtor = typeof SharedArrayBuffer === 'function' ? SharedArrayBuffer : undefined;

  function define(name, value) {
    Object.defineProperty(global, name, { value, writable: true, configurable: true, enumerable: false });
  }

  // WebIDL conversions. Template literals throw a TypeError for symbols, as DOMString requires.
  function toDOMString(value) {
    return `${value}`;
  }

  function toUSVString(value) {
    return toWellFormed.call(`${value}`);
  }

  function dictionary(value, what) {
    if (value === undefined || value === null) return {};
    if (typeof value !== 'object' && typeof value !== 'function') {
      throw new TypeError(what + ' must be an object');
    }
    return value;
  }

  // ---- UTF-8 encoding ---------------------------------------------------------------------

  /** The UTF-8 length of a well-formed string. */
  function utf8Length(s) {
    const n = s.length;
    let size = n;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) continue;
      if (c < 0x800) size += 1;
      else if (c >= 0xD800 && c <= 0xDBFF) { size += 2; i++; } // a pair: 2 units, 4 bytes
      else size += 2;
    }
    return size;
  }

  /**
   * Writes the UTF-8 of well-formed `s` into `out` from `at`, stopping before a code point
   * that would not fit. Returns [code units read, bytes written].
   */
  function utf8Write(s, out, at, limit) {
    const n = s.length;
    let i = 0;
    let j = at;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c < 0x80) {
        if (j >= limit) break;
        out[j++] = c;
        i++;
      } else if (c < 0x800) {
        if (j + 2 > limit) break;
        out[j++] = 0xC0 | (c >> 6);
        out[j++] = 0x80 | (c & 0x3F);
        i++;
      } else if (c >= 0xD800 && c <= 0xDBFF) {
        if (j + 4 > limit) break;
        const cp = ((c - 0xD800) << 10) + (s.charCodeAt(i + 1) - 0xDC00) + 0x10000;
        out[j++] = 0xF0 | (cp >> 18);
        out[j++] = 0x80 | ((cp >> 12) & 0x3F);
        out[j++] = 0x80 | ((cp >> 6) & 0x3F);
        out[j++] = 0x80 | (cp & 0x3F);
        i += 2;
      } else {
        if (j + 3 > limit) break;
        out[j++] = 0xE0 | (c >> 12);
        out[j++] = 0x80 | ((c >> 6) & 0x3F);
        out[j++] = 0x80 | (c & 0x3F);
        i++;
      }
    }
    return [i, j - at];
  }

  // GraalJS's built-in TextEncoder (option js.text-encoding, set by FunctionRuntime) encodes in
  // Java; interpreted, the JS loops above are thousands of times slower on large strings. They
  // remain the fallback should the option ever be off.
  const NativeTextEncoder = global.TextEncoder;
  const nativeEncoder = typeof NativeTextEncoder === 'function' ? new NativeTextEncoder() : null;
  const nativeEncode = nativeEncoder === null ? null : NativeTextEncoder.prototype.encode;
  const nativeEncodeInto = nativeEncoder === null ? null : NativeTextEncoder.prototype.encodeInto;
  delete global.TextEncoder;
  delete global.TextDecoder;

  /** UTF-8 of any string (lone surrogates become U+FFFD) as a new Uint8Array. */
  function encodeUtf8(string) {
    const s = toWellFormed.call(string);
    if (nativeEncoder !== null) return nativeEncode.call(nativeEncoder, s);
    const out = new Uint8Array(utf8Length(s));
    utf8Write(s, out, 0, out.length);
    return out;
  }

  // ---- byte sources -----------------------------------------------------------------------

  function isArrayBuffer(value) {
    return value instanceof ArrayBuffer || (SharedArrayBufferCtor !== undefined && value instanceof SharedArrayBufferCtor);
  }

  /** [buffer, byteOffset, byteLength] of an AllowSharedBufferSource; TypeError otherwise. */
  function bufferSource(input) {
    if (isView(input)) return [input.buffer, input.byteOffset, input.byteLength];
    if (isArrayBuffer(input)) return [input, 0, input.byteLength];
    throw new TypeError('The input must be an ArrayBuffer, a SharedArrayBuffer or an ArrayBufferView');
  }

  // ---- TextEncoder ------------------------------------------------------------------------

  class TextEncoder {
    get encoding() {
      if (!(#brand in this)) throw new TypeError('Illegal invocation');
      return 'utf-8';
    }

    encode(input = '') {
      if (!(#brand in this)) throw new TypeError('Illegal invocation');
      return encodeUtf8(toDOMString(input));
    }

    encodeInto(source, destination) {
      if (!(#brand in this)) throw new TypeError('Illegal invocation');
      if (!(destination instanceof Uint8Array)) {
        throw new TypeError('The destination of encodeInto must be a Uint8Array');
      }
      const s = toUSVString(source);
      if (nativeEncoder !== null) {
        const result = nativeEncodeInto.call(nativeEncoder, s, destination);
        return { read: result.read, written: result.written };
      }
      const [read, written] = utf8Write(s, destination, 0, destination.length);
      return { read, written };
    }

    #brand = true;
  }

  // ---- TextDecoder ------------------------------------------------------------------------

  class TextDecoder {
    #encoding;
    #fatal;
    #ignoreBOM;
    #decode; // host: (buffer, byteOffset, byteLength, stream) -> string, or null on a fatal error

    constructor(label = 'utf-8', options = undefined) {
      label = toDOMString(label);
      options = dictionary(options, "The TextDecoder's options");
      const fatal = Boolean(options.fatal);
      const ignoreBOM = Boolean(options.ignoreBOM);
      const name = host['encoding.nameOf'](label);
      if (name === null || name === undefined) {
        throw new RangeError(`The "${label}" encoding is not supported`);
      }
      const decoder = host['encoding.decoder'](name, fatal, ignoreBOM);
      if (typeof decoder === 'string') {
        throw new RangeError(`The "${label}" encoding is not supported: ${decoder}`);
      }
      this.#encoding = name.toLowerCase();
      this.#fatal = fatal;
      this.#ignoreBOM = ignoreBOM;
      this.#decode = decoder;
    }

    get encoding() { return this.#encoding; }
    get fatal() { return this.#fatal; }
    get ignoreBOM() { return this.#ignoreBOM; }

    decode(input = undefined, options = undefined) {
      const decode = this.#decode;
      const [buffer, offset, length] = input === undefined ? [null, 0, 0] : bufferSource(input);
      const stream = Boolean(dictionary(options, "decode's options").stream);
      const text = decode(buffer, offset, length, stream);
      if (text === null) {
        throw new TypeError(`The encoded data was not valid for encoding ${this.#encoding}`);
      }
      return text;
    }
  }

  for (const [ctor, name] of [[TextEncoder, 'TextEncoder'], [TextDecoder, 'TextDecoder']]) {
    Object.defineProperty(ctor.prototype, Symbol.toStringTag, { value: name, configurable: true });
  }

  // ---- TextEncoderStream / TextDecoderStream ----------------------------------------------
  // TransformStreams from streams.js, which is installed after this file: looked up when a
  // stream is made.

  function newTransformStream(transformer, what) {
    const TransformStreamCtor = internal.TransformStream;
    if (typeof TransformStreamCtor !== 'function') throw new TypeError(what + ' needs TransformStream, which is not installed');
    return new TransformStreamCtor(transformer);
  }

  class TextEncoderStream {
    #transform;

    constructor() {
      let pendingHighSurrogate = null; // a pair may be split across chunks
      this.#transform = newTransformStream({
        transform(chunk, controller) {
          let s = toDOMString(chunk);
          if (pendingHighSurrogate !== null) {
            s = pendingHighSurrogate + s;
            pendingHighSurrogate = null;
          }
          const last = s.length > 0 ? s.charCodeAt(s.length - 1) : 0;
          if (last >= 0xD800 && last <= 0xDBFF) {
            pendingHighSurrogate = s[s.length - 1];
            s = s.slice(0, -1);
          }
          if (s.length > 0) controller.enqueue(encodeUtf8(s));
        },
        flush(controller) {
          if (pendingHighSurrogate !== null) controller.enqueue(new Uint8Array([0xEF, 0xBF, 0xBD]));
        },
      }, 'TextEncoderStream');
    }

    get encoding() {
      if (!(#transform in this)) throw new TypeError('Illegal invocation');
      return 'utf-8';
    }

    get readable() { return this.#transform.readable; }
    get writable() { return this.#transform.writable; }
  }

  class TextDecoderStream {
    #decoder;
    #transform;

    constructor(label = 'utf-8', options = undefined) {
      const decoder = new TextDecoder(label, options);
      this.#decoder = decoder;
      this.#transform = newTransformStream({
        transform(chunk, controller) {
          const text = decoder.decode(chunk, { stream: true });
          if (text.length > 0) controller.enqueue(text);
        },
        flush(controller) {
          const text = decoder.decode();
          if (text.length > 0) controller.enqueue(text);
        },
      }, 'TextDecoderStream');
    }

    get encoding() { return this.#decoder.encoding; }
    get fatal() { return this.#decoder.fatal; }
    get ignoreBOM() { return this.#decoder.ignoreBOM; }
    get readable() { return this.#transform.readable; }
    get writable() { return this.#transform.writable; }
  }

  for (const [ctor, name] of [[TextEncoderStream, 'TextEncoderStream'], [TextDecoderStream, 'TextDecoderStream']]) {
    Object.defineProperty(ctor.prototype, Symbol.toStringTag, { value: name, configurable: true });
  }

  // ---- atob / btoa ------------------------------------------------------------------------

  function invalidCharacter(message) {
    const DOMExceptionCtor = internal.DOMException || global.DOMException;
    // Until DOMException exists (another API file adds it) a plain Error with its name.
    if (typeof DOMExceptionCtor !== 'function') {
      const error = new Error(message);
      error.name = 'InvalidCharacterError';
      return error;
    }
    return new DOMExceptionCtor(message, 'InvalidCharacterError');
  }

  function btoa(data) {
    if (arguments.length === 0) throw new TypeError('btoa requires 1 argument');
    const encoded = host['encoding.btoa'](toDOMString(data));
    if (encoded === null) throw invalidCharacter('btoa: the string contains characters outside of Latin1 range');
    return encoded;
  }

  function atob(data) {
    if (arguments.length === 0) throw new TypeError('atob requires 1 argument');
    const decoded = host['encoding.atob'](toDOMString(data));
    if (decoded === null) throw invalidCharacter('atob: the string to be decoded is not correctly encoded');
    return decoded;
  }

  // ---- install ----------------------------------------------------------------------------

  define('TextEncoder', TextEncoder);
  define('TextDecoder', TextDecoder);
  define('TextEncoderStream', TextEncoderStream);
  define('TextDecoderStream', TextDecoderStream);
  define('atob', atob);
  define('btoa', btoa);

  const sharedUtf8Decoder = host['encoding.decoder']('UTF-8', false, false);
  internal.encodeUtf8 = encodeUtf8;
  internal.decodeUtf8 = (input) => {
    const [buffer, offset, length] = bufferSource(input);
    return sharedUtf8Decoder(buffer, offset, length, false);
  };
  internal.bufferSource = bufferSource;
});
