// `crypto` (W3C Web Cryptography): getRandomValues() and randomUUID(), from the Java half's
// SecureRandom (CryptoHost), which hands random bytes over as a string of char codes 0-255.
// crypto.subtle (SubtleCrypto, CryptoKey) comes from subtle.js, installed right after.
(function (host, internal) {
  'use strict';

  const randomBytes = host['crypto.randomBytes'];
  const DOMException = internal.DOMException;
  const QUOTA = 65536;
  const CONSTRUCT = Symbol('Crypto construction');
  const getTypedArrayTag = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag).get;
  const INTEGER_ARRAYS = new Set(['Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array',
    'Int32Array', 'Uint32Array', 'BigInt64Array', 'BigUint64Array']);
  let hex = null; // byte -> two hex digits, built on first use (every context pays for setup)

  function fill(bytes) {
    const s = randomBytes(bytes.length);
    for (let i = 0; i < bytes.length; i++) bytes[i] = s.charCodeAt(i);
  }

  let isCrypto;

  class Crypto {
    #brand = true;

    constructor(key) {
      if (key !== CONSTRUCT) throw new TypeError('Illegal constructor');
    }

    static {
      isCrypto = (value) => typeof value === 'object' && value !== null && #brand in value;
    }

    getRandomValues(array) {
      if (!isCrypto(this)) throw new TypeError('Crypto.prototype.getRandomValues called on an object that is not a Crypto');
      if (arguments.length === 0) throw new TypeError("getRandomValues: the 'array' argument is required");
      if (!ArrayBuffer.isView(array)) throw new TypeError('getRandomValues: the argument must be an integer typed array');
      const tag = array instanceof DataView ? 'DataView' : Reflect.apply(getTypedArrayTag, array, []);
      if (!INTEGER_ARRAYS.has(tag)) {
        throw new DOMException('getRandomValues: ' + tag + ' is not an integer typed array', 'TypeMismatchError');
      }
      if (array.byteLength > QUOTA) {
        throw new DOMException('getRandomValues: ' + array.byteLength + ' bytes asked for, at most ' + QUOTA + ' at a time', 'QuotaExceededError');
      }
      fill(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
      return array;
    }

    randomUUID() {
      if (!isCrypto(this)) throw new TypeError('Crypto.prototype.randomUUID called on an object that is not a Crypto');
      const b = new Uint8Array(16);
      fill(b);
      b[6] = (b[6] & 0x0f) | 0x40; // version 4
      b[8] = (b[8] & 0x3f) | 0x80; // variant 10xx (RFC 9562)
      if (hex === null) hex = Array.from({ length: 256 }, (_, i) => (i < 16 ? '0' : '') + i.toString(16));
      let s = '';
      for (let i = 0; i < 16; i++) {
        if (i === 4 || i === 6 || i === 8 || i === 10) s += '-';
        s += hex[b[i]];
      }
      return s;
    }
  }
  Object.defineProperty(Crypto.prototype, Symbol.toStringTag, { value: 'Crypto', configurable: true });

  Object.defineProperty(globalThis, 'Crypto', { value: Crypto, writable: true, configurable: true, enumerable: false });
  Object.defineProperty(globalThis, 'crypto', { value: new Crypto(CONSTRUCT), writable: true, configurable: true, enumerable: true });
})
