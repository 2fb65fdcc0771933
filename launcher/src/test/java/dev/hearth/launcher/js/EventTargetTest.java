package dev.hearth.launcher.js;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Event, EventTarget and CustomEvent against the DOM Standard's dispatch algorithm. */
class EventTargetTest extends JsTest {

    @Test
    void listenerRegistration() throws Exception {
        String out = js.output("""
                const log = [];
                const t = new EventTarget();
                const f = () => log.push('f');
                t.addEventListener('a', f); t.addEventListener('a', f); t.addEventListener('a', f, true);
                t.addEventListener('a', null); t.addEventListener('a', undefined);
                t.dispatchEvent(new Event('a'));
                console.log('duplicates', log.join(','));
                t.removeEventListener('a', f, { capture: true }); log.length = 0;
                t.dispatchEvent(new Event('a'));
                console.log('removed capture only', log.join(','));
                log.length = 0;
                t.addEventListener('o', function () { log.push('once'); t.dispatchEvent(new Event('o')); }, { once: true });
                t.dispatchEvent(new Event('o'));
                console.log('once', log.join(','));
                log.length = 0;
                const ac = new AbortController();
                t.addEventListener('s', () => log.push('s1'), { signal: ac.signal });
                t.addEventListener('s', () => log.push('s2'), { signal: AbortSignal.abort() });
                t.dispatchEvent(new Event('s')); ac.abort(); t.dispatchEvent(new Event('s'));
                console.log('signal', log.join(','));
                log.length = 0;
                const obj = { handleEvent() { log.push('h1'); } };
                t.addEventListener('h', obj); t.dispatchEvent(new Event('h'));
                obj.handleEvent = function () { log.push('h2 ' + (this === obj)); }; t.dispatchEvent(new Event('h'));
                console.log('handleEvent looked up per event', log.join(','));
                log.length = 0;
                const r2 = () => log.push('r2');
                t.addEventListener('r', () => { log.push('r1'); t.removeEventListener('r', r2); t.addEventListener('r', () => log.push('r3')); });
                t.addEventListener('r', r2);
                t.dispatchEvent(new Event('r'));
                console.log('changes during dispatch', log.join(','));
                """);
        assertEquals("""
                duplicates f,f
                removed capture only f
                once once
                signal s1
                handleEvent looked up per event h1,h2 true
                changes during dispatch r1
                """, out);
    }

    @Test
    void captureListenersRunFirstAndPropagationCanStop() throws Exception {
        String out = js.output("""
                const log = [];
                const t = new EventTarget();
                t.addEventListener('x', () => log.push('bubble1'));
                t.addEventListener('x', () => log.push('capture'), true);
                t.addEventListener('x', () => log.push('bubble2'));
                t.dispatchEvent(new Event('x'));
                console.log(log.join(',')); log.length = 0;
                t.addEventListener('i', () => log.push('i1'));
                t.addEventListener('i', (e) => { log.push('i2'); e.stopImmediatePropagation(); });
                t.addEventListener('i', () => log.push('i3'));
                t.addEventListener('c', (e) => { log.push('cap'); e.stopPropagation(); }, true);
                t.addEventListener('c', () => log.push('not at target after stopPropagation'));
                t.dispatchEvent(new Event('i')); t.dispatchEvent(new Event('c'));
                console.log(log.join(',')); log.length = 0;
                const early = new Event('c'); early.stopPropagation();
                console.log(t.dispatchEvent(early), log.length, early.cancelBubble);
                """);
        assertEquals("capture,bubble1,bubble2\ni1,i2,cap\ntrue 0 false\n", out);
    }

    @Test
    void eventStateDuringAndAfterDispatch() throws Exception {
        String out = js.output("""
                const t = new EventTarget();
                const ev = new Event('q', { bubbles: true });
                t.addEventListener('q', function (e) {
                  console.log(e.eventPhase, e.currentTarget === t, e.target === t, e.srcElement === t, e.composedPath()[0] === t, this === t, e.isTrusted);
                  try { t.dispatchEvent(e); } catch (err) { console.log(err.name, err instanceof DOMException); }
                });
                console.log(t.dispatchEvent(ev), ev.eventPhase, ev.currentTarget, ev.target === t, ev.composedPath().length, ev.bubbles, ev.composed);
                console.log(typeof ev.timeStamp, ev.timeStamp >= 0, Object.getOwnPropertyNames(ev), Event.AT_TARGET, ev.BUBBLING_PHASE);
                """);
        assertEquals("""
                2 true true true true true false
                InvalidStateError true
                true 0 null true 0 true false
                number true [ 'isTrusted' ] 2 3
                """, out);
    }

    @Test
    void cancellation() throws Exception {
        String out = js.output("""
                const t = new EventTarget();
                t.addEventListener('p', (e) => e.preventDefault());
                const c = new Event('p', { cancelable: true });
                console.log('cancelable', t.dispatchEvent(c), c.defaultPrevented, c.returnValue, t.dispatchEvent(c));
                console.log('not cancelable', t.dispatchEvent(new Event('p')));
                const passive = new EventTarget();
                passive.addEventListener('p', (e) => { e.preventDefault(); e.returnValue = false; }, { passive: true });
                const pe = new Event('p', { cancelable: true });
                console.log('passive', passive.dispatchEvent(pe), pe.defaultPrevented);
                const rv = new Event('rv', { cancelable: true }); rv.returnValue = false;
                console.log('returnValue', rv.defaultPrevented, rv.returnValue);
                c.initEvent('again', true, false);
                console.log('initEvent', c.type, c.bubbles, c.cancelable, c.defaultPrevented);
                t.addEventListener('ce', (e) => { e.preventDefault(); });
                const ce = new CustomEvent('ce', { detail: { n: 1 }, cancelable: true });
                console.log('custom', t.dispatchEvent(ce), ce.detail, new CustomEvent('x').detail, ce instanceof Event);
                """);
        assertEquals("""
                cancelable false true false false
                not cancelable true
                passive true false
                returnValue true false
                initEvent again true false false
                custom false { n: 1 } null true
                """, out);
    }

    @Test
    void listenerExceptionsAreReportedNotThrown() throws Exception {
        String out = js.output("""
                addEventListener('error', (e) => { console.log('reported', e.error.message, e.message); e.preventDefault(); });
                const t = new EventTarget();
                t.addEventListener('x', () => { throw new Error('first'); });
                t.addEventListener('x', { handleEvent: 42 });
                t.addEventListener('x', () => console.log('second still runs'));
                console.log('dispatch returned', t.dispatchEvent(new Event('x')));
                """);
        assertEquals("""
                reported first Uncaught Error: first
                reported the listener's handleEvent is not a function Uncaught TypeError: the listener's handleEvent is not a function
                second still runs
                dispatch returned true
                """, out);
    }

    @Test
    void argumentErrors() throws Exception {
        String out = js.output("""
                const t = new EventTarget();
                for (const bad of [() => new Event(), () => new Event('x', 5), () => new Event(Symbol()),
                    () => t.dispatchEvent({ type: 'x' }), () => EventTarget.prototype.addEventListener.call({}, 'x', () => {}),
                    () => t.addEventListener('x', 5), () => t.addEventListener('x'), () => t.addEventListener('x', () => {}, { signal: {} }),
                    () => Event('x'), () => Object.getOwnPropertyDescriptor(new Event('x'), 'isTrusted').get.call({})]) {
                  try { bad(); console.log('no error'); } catch (e) { console.log(e.constructor.name); }
                }
                console.log(Event.length, CustomEvent.length, EventTarget.prototype.addEventListener.length, String(new Event('x', null).type));
                class MyEvent extends Event { constructor() { super('mine', { cancelable: true }); } }
                const mine = new MyEvent();
                t.addEventListener('mine', (e) => e.preventDefault());
                console.log(t.dispatchEvent(mine), mine instanceof MyEvent);
                class MyTarget extends EventTarget {}
                const mt = new MyTarget();
                mt.addEventListener('x', () => console.log('subclass target'));
                mt.dispatchEvent(new Event('x'));
                """);
        assertEquals("TypeError\n".repeat(10) + "1 1 2 x\nfalse true\nsubclass target\n", out);
    }
}
