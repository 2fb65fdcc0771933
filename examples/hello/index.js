// The hello function: an ES module that hearth runs as a container.
// It prints a greeting, shows that it is real JavaScript (top-level await, async functions,
// a small computation, the container's environment) and exits 0 when its work is done.

console.log("Hello from hearth!");

async function firstPrimes(count) {
  const primes = [];
  for (let n = 2; primes.length < count; n++) {
    if (primes.every((p) => n % p !== 0)) primes.push(n);
  }
  return primes;
}

const primes = await firstPrimes(10);
const sum = primes.reduce((a, b) => a + b, 0);
console.log(`The first ${primes.length} primes add up to ${sum}.`);

const who = globalThis.process?.env?.HEARTH_GREETING;
if (who) console.log(`Greeting from the environment: ${who}`);

export {};
