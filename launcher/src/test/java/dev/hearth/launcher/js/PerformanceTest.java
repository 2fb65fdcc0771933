package dev.hearth.launcher.js;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PerformanceTest {

    @TempDir
    Path rootfs;
    JsFixture js;

    @BeforeEach
    void setUp() {
        js = new JsFixture(rootfs);
    }

    @Test
    void nowIsMonotonicFromTheTimeOrigin() throws Exception {
        long before = System.currentTimeMillis();
        String out = js.output("""
                const a = performance.now();
                let monotonic = true, last = a;
                for (let i = 0; i < 1000; i++) { const t = performance.now(); monotonic = monotonic && t >= last; last = t; }
                console.log(typeof a, a >= 0, monotonic, performance.timeOrigin);
                const fromEpoch = performance.timeOrigin + performance.now();
                console.log(Math.abs(fromEpoch - Date.now()) < 1000, JSON.stringify(performance.toJSON()) === JSON.stringify({ timeOrigin: performance.timeOrigin }));
                console.log(performance instanceof Performance, performance instanceof EventTarget);
                try { new Performance(); } catch (e) { console.log(e.constructor.name); }
                """);
        String[] lines = out.split("\n");
        String[] first = lines[0].split(" ");
        assertEquals("number true true", first[0] + " " + first[1] + " " + first[2]);
        double origin = Double.parseDouble(first[3]);
        // the origin is when the runtime was made, within this test
        assertEquals(true, origin >= before - 1 && origin <= System.currentTimeMillis(), out);
        assertEquals("true true\ntrue true\nTypeError", lines[1] + "\n" + lines[2] + "\n" + lines[3]);
    }

    @Test
    void marksAndMeasures() throws Exception {
        String out = js.output("""
                const now = performance.mark('now');
                console.log(now.startTime > 0 && now.startTime <= performance.now());
                performance.clearMarks('now');
                const a = performance.mark('a', { startTime: 100, detail: { step: 1 } });
                const b = performance.mark('b', { startTime: 110 });
                console.log(a instanceof PerformanceMark, a.entryType, a.duration, a.detail, b.startTime - a.startTime);
                const m = performance.measure('a to b', 'a', 'b');
                console.log(m.entryType, m.startTime === a.startTime, m.duration, m.detail);
                const o = performance.measure('opts', { start: 5, duration: 7, detail: 'd' });
                console.log(o.startTime, o.duration, o.detail);
                console.log(performance.measure('from zero').startTime, performance.measure('end only', { end: 'b' }).duration === b.startTime);
                console.log(performance.getEntriesByType('mark').map((e) => e.name).join(), performance.getEntriesByName('a to b').length,
                  performance.getEntries().length, performance.getEntriesByName('a', 'measure').length);
                performance.clearMarks('a');
                console.log(performance.getEntriesByType('mark').map((e) => e.name).join());
                performance.clearMarks(); performance.clearMeasures();
                console.log(performance.getEntries().length, JSON.stringify(o.toJSON()));
                const show = (f) => { try { f(); console.log('no error'); } catch (e) { console.log(e.constructor.name, e.name); } };
                show(() => performance.measure('x', 'no such mark'));
                show(() => performance.measure('x', { duration: 1 }));
                show(() => performance.measure('x', { start: 1 }, 'b'));
                show(() => performance.mark('x', { startTime: -1 }));
                show(() => new PerformanceEntry());
                """);
        assertEquals("""
                true
                true mark 0 { step: 1 } 10
                measure true 10 null
                5 7 d
                0 true
                a,b 1 6 0
                b
                0 {"name":"opts","entryType":"measure","startTime":5,"duration":7,"detail":"d"}
                DOMException SyntaxError
                TypeError TypeError
                TypeError TypeError
                TypeError TypeError
                TypeError TypeError
                """, out);
    }

    @Test
    void navigator() throws Exception {
        String out = js.output("""
                console.log(navigator.userAgent, Number.isInteger(navigator.hardwareConcurrency) && navigator.hardwareConcurrency > 0,
                  navigator instanceof Navigator, Object.prototype.toString.call(navigator));
                """);
        assertEquals("hearth true true [object Navigator]\n", out);
    }
}
