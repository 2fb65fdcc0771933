export function greeting(who) {
  return `Hello from ${who}, built by hearth!`;
}
