package dev.hearth.launcher.web.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Headers per the Fetch standard; expected lines checked against Node 20. */
class HeadersTest {

    @TempDir
    Path rootfs;

    @Test
    void iterationIsSortedAndCombinedExceptSetCookie() throws Exception {
        String out = Js.run(rootfs, """
                const h = new Headers({ 'X-B': '1', a: ' 2 ' });
                h.append('set-cookie', 'a=1'); h.append('Set-Cookie', 'b=2'); h.append('x-b', '3');
                console.log(JSON.stringify([...h]), JSON.stringify(h.getSetCookie()), h.get('X-b'), h.get('set-cookie'));
                console.log(JSON.stringify([...h.keys()]), JSON.stringify([...h.values()]));
                h.set('x-b', 'only'); h.delete('A');
                const seen = []; h.forEach((v, k) => seen.push(k + '=' + v));
                console.log(seen.join(' '), h.has('a'), h.get('nope'));
                console.log(JSON.stringify([...new Headers([['b', '1'], ['a', '2']])]));
                """);
        assertEquals("""
                [["a","2"],["set-cookie","a=1"],["set-cookie","b=2"],["x-b","1, 3"]] ["a=1","b=2"] 1, 3 a=1, b=2
                ["a","set-cookie","set-cookie","x-b"] ["2","a=1","b=2","1, 3"]
                set-cookie=a=1 set-cookie=b=2 x-b=only false null
                [["a","2"],["b","1"]]
                """, out);
    }

    @Test
    void invalidNamesAndValuesAreTypeErrors() throws Exception {
        String out = Js.run(rootfs, """
                const h = new Headers();
                for (const [n, v] of [['bad name', 'x'], ['', 'x'], ['ok', 'a\\nb'], ['ok', 'a\\0b'], ['ok', '\\u0100'], ['é', 'x']]) {
                  try { h.append(n, v); console.log('accepted', JSON.stringify(n)); } catch (e) { console.log(e.name); }
                }
                h.append('ok', '\\t padded \\r\\n');
                console.log(JSON.stringify(h.get('ok')));
                try { new Headers([['a', 'b', 'c']]); } catch (e) { console.log(e.name, 'pair of 3'); }
                try { new Headers('nope'); } catch (e) { console.log(e.name, 'string init'); }
                """);
        assertEquals("""
                TypeError
                TypeError
                TypeError
                TypeError
                TypeError
                TypeError
                "padded"
                TypeError pair of 3
                TypeError string init
                """, out);
    }

    @Test
    void guardsMakeResponseAndRequestHeadersImmutableWhereTheSpecSays() throws Exception {
        String out = Js.run(rootfs, """
                const attempts = { error: Response.error(), redirect: Response.redirect('http://e.com/') };
                for (const [k, r] of Object.entries(attempts)) {
                  try { r.headers.set('x', '1'); console.log(k, 'mutable'); } catch (e) { console.log(k, e.name); }
                }
                const r = new Response('x'); r.headers.set('x', '1'); console.log(r.headers.get('x'));
                const q = new Request('http://e.com/'); q.headers.set('x', '2'); console.log(q.headers.get('x'));
                """);
        assertEquals("""
                error TypeError
                redirect TypeError
                1
                2
                """, out);
    }
}
