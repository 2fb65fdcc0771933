// A CPU-bound handler for comparing GraalJS interpreted and compiled: each request counts the
// primes below 20000 by trial division (2262 of them).
function primesBelow(n) {
  let count = 0;
  for (let i = 2; i < n; i++) {
    let prime = true;
    for (let d = 2; d * d <= i; d++) {
      if (i % d === 0) {
        prime = false;
        break;
      }
    }
    if (prime) count++;
  }
  return count;
}

export default {
  fetch(request) {
    return new Response(String(primesBelow(20000)));
  },
};
