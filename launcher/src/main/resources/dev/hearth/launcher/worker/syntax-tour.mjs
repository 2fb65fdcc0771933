// A pool worker parses this module before it parks and never runs it (ParseRehearsal): it is a
// tour of the syntax functions are written in, so that the parser and translator code each form
// needs has run once in the JVM and a claimed worker's parse of the user's entrypoint does not pay
// for its first run (measured with the hello example: 3.4 ms -> 1.2 ms of its Load). It holds
// none of that example's code.
// Parsing links no import: the specifiers below are never resolved.
import { readFile as read, constants } from './not-resolved.mjs';
import * as everything from './not-resolved-either.mjs';
import fallback, { named } from 'some-package';
export { read };
export * from './re-exported.mjs';
export * as grouped from './grouped.mjs';

export const PORT = Number(globalThis.process?.env?.PORT ?? 8080);
export let counter = 0;
var legacy = typeof window === 'undefined' ? null : void 0;

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    const { pathname, searchParams: params } = url;
    if (request.method === 'POST' && pathname.startsWith('/api/')) {
      const body = await request.json().catch(() => ({}));
      return Response.json({ ...body, ok: true, at: Date.now() }, { status: 201 });
    }
    switch (pathname) {
      case '/':
        return new Response(`Hello ${params.get('name') || 'world'}!`, { headers: { 'content-type': 'text/plain' } });
      case '/redirect':
        return Response.redirect(new URL('/', url), 302);
      default:
        ctx?.waitUntil?.(Promise.resolve());
        return new Response('not found', { status: 404 });
    }
  },
};

export async function uniqueWords(text, limit) {
  const words = [];
  for (let i = 0, parts = text.split(/\s+/); i < parts.length && words.length < limit; i++) {
    if (words.every((w) => w.toLowerCase() !== parts[i].toLowerCase())) words.push(parts[i]);
  }
  return words;
}

export function* range(start, end, step = 1) {
  for (let i = start; i < end; i += step) yield i;
}

async function* ticker(limit) {
  let i = 0;
  while (true) {
    if (i >= limit) break;
    yield await new Promise((resolve) => setTimeout(() => resolve(i++), 0));
  }
}

export class Store extends Map {
  static #instances = 0;
  static defaults = Object.freeze({ ttl: 60 });
  #hits = 0;
  name;

  static {
    Store.created = () => Store.#instances;
  }

  constructor(name, options = {}) {
    super();
    const { ttl = Store.defaults.ttl, ...rest } = options;
    this.name = name;
    this.ttl = ttl;
    this.extra = rest;
    Store.#instances++;
  }

  get hits() { return this.#hits; }
  set hits(value) { this.#hits = value; }

  #touch(key) {
    this.#hits += 1;
    return #hits in this ? key : undefined;
  }

  lookup(key, compute) {
    this.#touch(key);
    if (!this.has(key)) this.set(key, compute?.(key) ?? null);
    return super.get(key);
  }

  *[Symbol.iterator]() {
    for (const [key, value] of super.entries()) yield { key, value };
  }

  toString() { return `Store(${this.name}, ${this.size})`; }
}

class ValidationError extends Error {
  constructor(message, { cause, field } = {}) {
    super(message, { cause });
    this.name = 'ValidationError';
    this.field = field;
  }
}

const tag = (strings, ...values) => strings.raw.map((s, i) => s + (values[i] ?? '')).join('');

export function validate(input) {
  'use strict';
  if (input == null || typeof input !== 'object') throw new ValidationError('not an object', { field: '.' });
  const out = {};
  outer: for (const [key, value] of Object.entries(input)) {
    for (const bad of ['__proto__', 'constructor']) {
      if (key === bad) continue outer;
    }
    out[key] = Array.isArray(value) ? [...value].sort((a, b) => a - b) : value;
  }
  for (const key in out) {
    if (!Object.hasOwn(out, key)) delete out[key];
  }
  let i = 0;
  do {
    i++;
  } while (i < 3);
  out.count ||= 0;
  out.count &&= out.count + 1;
  out.label ??= tag`count ${out.count} of ${2 ** 3}`;
  out.big = 12345678901234567890n * 2n;
  out.flags = (0b1010 | 0o7) & ~0xff >>> 2;
  out.match = /(?<user>[\w.]+)@(?<host>[\w.]+)/u.exec('someone@example.com')?.groups?.user;
  out.when = new Date(Date.UTC(2020, 0, 1)).toISOString();
  return out;
}

export const compose = (...fns) => (x) => fns.reduceRight((acc, fn) => fn(acc), x);
const memo = new WeakMap();
const handlers = { get: (target, prop, receiver) => Reflect.get(target, prop, receiver) };
export const proxied = new Proxy({}, handlers);

try {
  const [first = 1, , third, ...others] = await Promise.all([uniqueWords('a b a c', 3), 2, 3, 4]);
  const { a: { b: deep } = {}, ['computed' + 1]: computed } = { a: { b: 2 }, computed1: 3 };
  for await (const tick of ticker(2)) counter += tick;
  for (const n of range(0, 3)) counter += n;
  const text = JSON.stringify({ first, third, others, deep, computed, legacy }, null, 2);
  const encoded = new TextEncoder().encode(text);
  console.log(`${text.length} ${encoded.byteLength}`, memo.has(proxied), everything, fallback, named, constants);
} catch ({ message }) {
  console.error('failed:', message);
} finally {
  counter = counter > 0 ? counter : -1;
}

label: {
  if (counter < 0) break label;
  queueMicrotask(() => void counter);
}

export function withArguments() {
  return Array.prototype.slice.call(arguments, 1).map(function named(x) { return this?.scale * x || x; }, { scale: 2 });
}

export const asyncArrow = async ({ id }) => {
  const response = await fetch(`https://example.com/items/${encodeURIComponent(id)}`, { method: 'GET' });
  if (!response.ok) throw new Error(`HTTP ${response.status}`, { cause: response });
  return await response.json();
};
