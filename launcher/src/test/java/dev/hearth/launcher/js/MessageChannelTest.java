package dev.hearth.launcher.js;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MessageChannelTest extends JsTest {

    @Test
    void messagesAreClonedAndDeliveredInOrderAsTasks() throws Exception {
        String out = js.output("""
                const { port1, port2 } = new MessageChannel();
                const obj = { a: [1, 2], d: new Date(0) };
                port2.onmessage = (e) => console.log('got', JSON.stringify(e.data), e.data === obj, e instanceof MessageEvent, e.isTrusted, e.target === port2);
                port1.postMessage(obj);
                port1.postMessage('second');
                port2.postMessage('back');
                port1.addEventListener('message', (e) => console.log('port1 never started', e.data));
                console.log('posting does not deliver at once');
                """);
        assertEquals("""
                posting does not deliver at once
                got {"a":[1,2],"d":"1970-01-01T00:00:00.000Z"} false true true true
                got "second" false true true true
                """, out);
    }

    @Test
    void queueWaitsForStartAndCloseDisentangles() throws Exception {
        String out = js.output("""
                const c = new MessageChannel();
                c.port2.addEventListener('message', (e) => console.log('after start', e.data));
                c.port1.postMessage('queued');
                const d = new MessageChannel();
                d.port2.onmessage = (e) => console.log('sent before close', e.data);
                d.port1.postMessage('x');
                d.port2.close();
                d.port1.postMessage('after close: nowhere');
                const buf = new ArrayBuffer(4);
                c.port1.postMessage(buf, [buf]);
                console.log('transferred', buf.byteLength);
                setTimeout(() => { console.log('starting'); c.port2.start(); }, 0); // after the deliveries above
                """);
        assertEquals("transferred 0\nsent before close x\nstarting\nafter start queued\nafter start ArrayBuffer {}\n", out);
    }

    @Test
    void refusalsAndMessageEvent() throws Exception {
        String out = js.output("""
                const { port1 } = new MessageChannel();
                const show = (f) => { try { f(); console.log('no error'); } catch (e) { console.log(e.constructor.name, e.name); } };
                show(() => port1.postMessage(() => {}));
                show(() => port1.postMessage(1, [port1]));
                show(() => port1.postMessage());
                show(() => new MessagePort());
                show(() => new MessageEvent('m', { ports: [{}] }));
                const me = new MessageEvent('message', { data: 5, origin: 'o', lastEventId: 7, ports: [port1] });
                console.log(me.data, me.origin, me.lastEventId, me.ports[0] === port1, Object.isFrozen(me.ports), me.source, new MessageEvent('x').data);
                """);
        assertEquals("""
                DOMException DataCloneError
                DOMException DataCloneError
                TypeError TypeError
                TypeError TypeError
                TypeError TypeError
                5 o 7 true true null null
                """, out);
    }
}
