package dev.hearth.launcher.js;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The global object as an EventTarget, reportError and the error / unhandledrejection /
 * rejectionhandled events of HTML, as ECMA-429 asks: a listener that cancels keeps the function
 * alive; otherwise the function ends with exit 1 and the error on stderr.
 */
class GlobalEventsTest extends JsTest {

    @Test
    void globalThisIsSelfAndAnEventTarget() throws Exception {
        String out = js.output("""
                console.log(self === globalThis, globalThis instanceof EventTarget, typeof addEventListener, onerror, onunhandledrejection, onrejectionhandled);
                addEventListener('custom', function (e) { console.log('bare call', this === globalThis, e.target === globalThis); });
                console.log(dispatchEvent(new CustomEvent('custom')));
                """);
        assertEquals("true true function null null null\nbare call true true\ntrue\n", out);
    }

    @Test
    void cancelledErrorEventKeepsTheFunctionAlive() throws Exception {
        String out = js.output("""
                addEventListener('error', (e) => {
                  console.log(e instanceof ErrorEvent, e.message, e.filename, e.lineno, e.colno > 0, e.error instanceof TypeError, e.cancelable, e.isTrusted);
                  e.preventDefault();
                });
                setTimeout(() => { null.boom; }, 1);
                setTimeout(() => console.log('still running'), 20);
                """);
        assertTrue(out.startsWith("true Uncaught TypeError: "), out);
        assertTrue(out.endsWith(" /main.js 5 true true true true\nstill running\n"), out);
    }

    @Test
    void uncancelledErrorEventEndsTheFunction() throws Exception {
        int code = js.run("main.js", """
                addEventListener('error', (e) => console.log('seen', e.error.message));
                setTimeout(() => { throw new Error('late'); }, 1);
                setTimeout(() => console.log('never'), 30);
                """);
        assertEquals(1, code);
        assertEquals("seen late\n", js.out());
        assertTrue(js.err().startsWith("Uncaught Error: late\n    at "), js.err());
    }

    @Test
    void onerrorGetsFiveArgumentsAndCancelsByReturningTrue() throws Exception {
        String out = js.output("""
                onerror = (message, filename, lineno, colno, error) => {
                  console.log(message, filename, lineno, typeof colno, error.message);
                  return true;
                };
                throw new RangeError('top level');
                """);
        assertEquals("Uncaught RangeError: top level /main.js 5 number top level\n", out);
    }

    @Test
    void topLevelThrowOfAModuleIsReportedToo() throws Exception {
        int code = js.run("main.mjs", """
                addEventListener('error', (e) => { console.log('error event', e.message); e.preventDefault(); });
                setTimeout(() => console.log('timer after the throw'), 1);
                throw 'plain string';
                """);
        assertEquals(0, code, js.err());
        assertEquals("error event Uncaught 'plain string'\ntimer after the throw\n", js.out());
    }

    @Test
    void reportErrorDispatchesAndContinues() throws Exception {
        String out = js.output("""
                addEventListener('error', (e) => { console.log('error', e.error === err, e.message); e.preventDefault(); });
                const err = new SyntaxError('reported');
                reportError(err);
                console.log('after reportError');
                reportError(5);
                try { reportError(); } catch (e) { console.log(e.constructor.name); }
                """);
        assertEquals("error true Uncaught SyntaxError: reported\nafter reportError\nerror false Uncaught 5\nTypeError\n", out);
    }

    @Test
    void reportErrorWithoutListenerEndsTheFunction() throws Exception {
        int code = js.run("main.js", "reportError(new Error('told'));\nconsole.log('same task goes on');\nsetTimeout(() => console.log('never'), 10);");
        assertEquals(1, code);
        assertEquals("same task goes on\n", js.out());
        assertTrue(js.err().startsWith("Uncaught Error: told\n"), js.err());
    }

    @Test
    void errorInAnErrorListenerIsNotReportedAgain() throws Exception {
        int code = js.run("main.js", """
                addEventListener('error', (e) => { e.preventDefault(); throw new Error('listener broke'); });
                reportError(new Error('first'));
                """);
        assertEquals(1, code);
        assertTrue(js.err().startsWith("Uncaught Error: listener broke\n"), js.err());
    }

    @Test
    void cancelledUnhandledRejectionKeepsTheFunctionAliveAndLateHandlingIsAnnounced() throws Exception {
        String out = js.output("""
                addEventListener('unhandledrejection', (e) => {
                  console.log('unhandled', e instanceof PromiseRejectionEvent, e.reason.message, e.promise === p, e.cancelable, e.isTrusted);
                  e.preventDefault();
                });
                onrejectionhandled = (e) => console.log('rejectionhandled', e.reason.message, e.promise === p, e.cancelable);
                const p = Promise.reject(new Error('r1'));
                setTimeout(() => {
                  p.catch((e) => console.log('caught late', e.message));
                  setTimeout(() => console.log('done'), 0); // queued after the rejectionhandled task
                }, 5);
                """);
        assertEquals("""
                unhandled true r1 true true true
                caught late r1
                rejectionhandled r1 true false
                done
                """, out);
    }

    @Test
    void awaitingAReportedRejectionAnnouncesItAsHandled() throws Exception {
        String out = js.output("""
                onunhandledrejection = (e) => { console.log('unhandled', e.reason); e.preventDefault(); };
                onrejectionhandled = (e) => console.log('rejectionhandled', e.reason);
                const awaited = Promise.reject('awaited');
                const combined = Promise.reject('combined');
                setTimeout(async () => {
                  try { await awaited; } catch (e) { console.log('caught', e); }
                  Promise.all([combined]).catch((e) => console.log('caught', e));
                  setTimeout(() => console.log('done'), 0);
                }, 1);
                """);
        assertEquals("""
                unhandled awaited
                unhandled combined
                caught awaited
                caught combined
                rejectionhandled awaited
                rejectionhandled combined
                done
                """, out);
    }

    @Test
    void uncancelledUnhandledRejectionEndsTheFunction() throws Exception {
        int code = js.run("main.js", """
                onunhandledrejection = (e) => { console.log('seen', e.reason); };
                Promise.reject('nobody');
                setTimeout(() => console.log('never'), 20);
                """);
        assertEquals(1, code);
        assertEquals("seen nobody\n", js.out());
        assertEquals("Uncaught (in promise) 'nobody'\n", js.err());
    }

    @Test
    void onunhandledrejectionReturningFalseCancels() throws Exception {
        String out = js.output("""
                onunhandledrejection = () => false;
                Promise.reject(new Error('quiet'));
                setTimeout(() => console.log('alive'), 5);
                """);
        assertEquals("alive\n", out);
    }

    @Test
    void handlerPropertiesFollowHtmlSemantics() throws Exception {
        String out = js.output("""
                const t = new AbortController();
                const log = [];
                onerror = 5;
                console.log(onerror);
                const s = t.signal;
                s.onabort = () => log.push('handler 1');
                s.addEventListener('abort', () => log.push('listener'));
                s.onabort = () => log.push('handler 2 keeps the first position');
                t.abort();
                console.log(log.join(', '));
                const t2 = new AbortController();
                t2.signal.onabort = () => log.push('removed');
                t2.signal.onabort = null;
                t2.abort();
                console.log(t2.signal.onabort, log.includes('removed'));
                """);
        assertEquals("null\nhandler 2 keeps the first position, listener\nnull false\n", out);
    }
}
