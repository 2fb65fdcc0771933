package dev.hearth.launcher.js;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AbortSignalTest extends JsTest {

    @Test
    void controllerAbortsOnceWithAReason() throws Exception {
        String out = js.output("""
                const c = new AbortController();
                const s = c.signal;
                console.log(s.aborted, s.reason, s instanceof EventTarget, c.signal === s);
                let events = 0;
                s.addEventListener('abort', (e) => { events++; console.log('abort event', e.isTrusted, e.cancelable, s.aborted, e.target === s); });
                c.abort();
                c.abort('ignored the second time');
                console.log(events, s.reason instanceof DOMException, s.reason.name, s.reason.code, s.reason.message);
                try { s.throwIfAborted(); } catch (e) { console.log('throwIfAborted', e === s.reason); }
                const d = new AbortController();
                d.abort(undefined);
                console.log(d.signal.reason.name);
                const e = new AbortController();
                const why = { why: 1 };
                e.abort(why);
                console.log(e.signal.reason === why);
                new AbortController().signal.throwIfAborted();
                console.log('not aborted: no throw');
                """);
        assertEquals("""
                false undefined true true
                abort event true false true true
                1 true AbortError 20 This operation was aborted
                throwIfAborted true
                AbortError
                true
                not aborted: no throw
                """, out);
    }

    @Test
    void listenersRemovedBeforeTheAbortLeaveNothingBehind() throws Exception {
        String out = js.output("""
                const c = new AbortController();
                const t = new EventTarget();
                const log = [];
                const f = () => log.push('f');
                t.addEventListener('x', f, { signal: c.signal });
                t.removeEventListener('x', f);
                t.addEventListener('x', f, { signal: c.signal, once: true });
                t.dispatchEvent(new Event('x'));
                t.addEventListener('x', f); // a fresh registration, without the signal
                c.abort();
                t.dispatchEvent(new Event('x'));
                console.log(log.join(','));
                """);
        assertEquals("f,f\n", out);
    }

    @Test
    void staticAbortAndIllegalConstruction() throws Exception {
        String out = js.output("""
                const s = AbortSignal.abort();
                console.log(s.aborted, s.reason.name, AbortSignal.abort('why').reason, AbortSignal.abort(null).reason);
                for (const bad of [() => new AbortSignal(), () => AbortSignal.prototype.aborted,
                    () => AbortController.prototype.abort.call({}), () => AbortSignal.any([{}]), () => AbortSignal.any(5),
                    () => AbortSignal.timeout(-1), () => AbortSignal.timeout(NaN), () => AbortSignal.timeout(Infinity), () => AbortSignal.timeout()]) {
                  try { bad(); console.log('no error'); } catch (e) { console.log(e.constructor.name); }
                }
                console.log(Object.prototype.toString.call(s), Object.prototype.toString.call(new AbortController()));
                """);
        assertEquals("true AbortError why null\n" + "TypeError\n".repeat(9) + "[object AbortSignal] [object AbortController]\n", out);
    }

    @Test
    void timeoutAbortsWithATimeoutErrorAndDoesNotKeepTheFunctionAlive() throws Exception {
        String out = js.output("""
                const s = AbortSignal.timeout(5);
                s.onabort = () => console.log('timed out', s.reason instanceof DOMException, s.reason.name, s.reason.code);
                console.log(s.aborted);
                setTimeout(() => console.log('after', s.aborted), 40);
                AbortSignal.timeout(3600000).onabort = () => console.log('never: the script ends first');
                """);
        assertEquals("false\ntimed out true TimeoutError 23\nafter true\n", out);
    }

    @Test
    void anyFollowsTheFirstSourceToAbort() throws Exception {
        String out = js.output("""
                const a = new AbortController(), b = new AbortController();
                const any = AbortSignal.any([a.signal, b.signal]);
                const nested = AbortSignal.any([any]);
                const order = [];
                any.onabort = () => order.push('any ' + nested.aborted);
                nested.onabort = () => order.push('nested');
                a.signal.onabort = () => order.push('source');
                console.log(any.aborted, any === a.signal);
                b.abort('from b');
                console.log(any.aborted, any.reason, nested.reason, a.signal.aborted, order.join(', '));
                a.abort('later');
                console.log(any.reason);
                const pre = AbortSignal.any([new AbortController().signal, AbortSignal.abort('already')]);
                console.log(pre.aborted, pre.reason, AbortSignal.any([]).aborted);
                const iterable = AbortSignal.any(new Set([AbortSignal.abort('set')]));
                console.log(iterable.reason);
                """);
        assertEquals("""
                false false
                true from b from b false any true, nested
                from b
                true already false
                set
                """, out);
    }
}
