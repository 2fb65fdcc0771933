// A function that fails: the uncaught error must reach stderr and make the container exit non-zero.
console.log("about to fail");
throw new Error("this function fails on purpose");
