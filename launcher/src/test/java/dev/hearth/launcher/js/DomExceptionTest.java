package dev.hearth.launcher.js;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DomExceptionTest extends JsTest {

    @Test
    void namesMessagesAndLegacyCodes() throws Exception {
        String out = js.output("""
                const d = new DOMException('gone', 'NotFoundError');
                console.log(d.name, d.message, d.code, String(d), Object.prototype.toString.call(d));
                const plain = new DOMException();
                console.log(plain.name, JSON.stringify(plain.message), plain.code);
                console.log(new DOMException('m', 'NoSuchName').code, new DOMException('m', 'TimeoutError').code,
                  new DOMException('m', 'QuotaExceededError').code, new DOMException('m', 'DataCloneError').code);
                console.log(DOMException.ABORT_ERR, d.INDEX_SIZE_ERR, DOMException.DOMSTRING_SIZE_ERR,
                  new DOMException('m', 'DOMStringSizeError').code);
                console.log(new DOMException(undefined, undefined).name, new DOMException(null, 7).message, new DOMException(null, 7).name);
                """);
        assertEquals("""
                NotFoundError gone 8 NotFoundError: gone [object DOMException]
                Error "" 0
                0 23 22 25
                20 1 2 0
                Error null 7
                """, out);
    }

    @Test
    void isAnErrorWithAStackButAnInterfaceOfItsOwn() throws Exception {
        String out = js.output("""
                function thrower() { throw new DOMException('late', 'AbortError'); }
                try { thrower(); } catch (e) {
                  console.log(e instanceof DOMException, e instanceof Error, e.stack.split('\\n')[0]);
                  console.log(e.stack.split('\\n')[1].trim().startsWith('at thrower (/main.js:1:'));
                }
                console.log(Object.getPrototypeOf(DOMException) === Function.prototype,
                  Object.getPrototypeOf(DOMException.prototype) === Error.prototype,
                  Object.getOwnPropertyNames(new DOMException('x')).includes('message'), DOMException.length);
                for (const bad of [() => DOMException('x'), () => DOMException.prototype.name, () => Object.getOwnPropertyDescriptor(DOMException.prototype, 'code').get.call({})]) {
                  try { bad(); console.log('no error'); } catch (e) { console.log(e.constructor.name); }
                }
                class Sub extends DOMException { constructor() { super('sub', 'SyntaxError'); } }
                const s = new Sub();
                console.log(s instanceof Sub, s.name, s.code);
                const withCause = new DOMException('c', { name: 'AbortError', cause: 42 });
                console.log(withCause.name, withCause.cause, 'cause' in new DOMException('x', { name: 'AbortError' }));
                """);
        assertEquals("""
                true true AbortError: late
                true
                true true false 0
                TypeError
                TypeError
                TypeError
                true SyntaxError 12
                AbortError 42 false
                """, out);
    }

    @Test
    void uncaughtDomExceptionShowsItsNameAndStack() throws Exception {
        int code = js.run("app/d.js", "function f() { throw new DOMException('no quota', 'QuotaExceededError'); }\nf();");
        assertEquals(1, code);
        assertTrue(js.err().startsWith("Uncaught QuotaExceededError: no quota\n    at f (/app/d.js:1:"), js.err());
    }
}
