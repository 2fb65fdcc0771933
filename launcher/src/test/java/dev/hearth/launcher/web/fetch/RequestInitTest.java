package dev.hearth.launcher.web.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Request and Response constructors at their edges: init merging from another Request (which
 * uses up its body), enum members, credentials in URLs, method normalisation, body content types,
 * Response.json/redirect/error, statusText and the unsigned-short status. The expected output is
 * Node 20's for the same script.
 */
class RequestInitTest {

    @TempDir
    Path rootfs;

    @Test
    void constructorsBehaveLikeNode() throws Exception {
        String out = Js.run(rootfs, """
                const base = new Request('http://e.com/a', { method: 'PUT', headers: { a: '1' }, body: 'payload', redirect: 'manual', cache: 'no-store', credentials: 'omit', mode: 'same-origin', referrerPolicy: 'no-referrer', integrity: 'sha256-x', keepalive: false });
                const copy = new Request(base, { headers: { b: '2' } });
                console.log(copy.method, copy.url, [...copy.headers].join(';'), copy.redirect, copy.cache, copy.credentials, copy.mode, copy.referrerPolicy, copy.integrity);
                console.log(base.bodyUsed, copy.bodyUsed, await copy.text());
                try { new Request(base); } catch (e) { console.log('reuse', e.name); }
                const r = new Request('http://e.com/', { method: 'POST', body: 'x' });
                const c = r.clone();
                console.log(await r.text(), await c.text());
                for (const init of [{ mode: 'navigate' }, { mode: 'bogus' }, { credentials: 'x' }, { redirect: 'x' }, { cache: 'only-if-cached' }, { window: {} }]) {
                  try { new Request('http://e.com/', init); console.log('ok', JSON.stringify(init)); } catch (e) { console.log(e.name, JSON.stringify(init)); }
                }
                try { new Request('http://user:pw@e.com/'); } catch (e) { console.log(e.name, 'credentials in URL'); }
                try { new Request('/relative'); } catch (e) { console.log(e.name, 'relative'); }
                const d = new Request('http://e.com/', { method: 'delete' });
                console.log(d.method, new Request('http://e.com/', { method: 'Options' }).method, d.destination, d.referrer, d.duplex, d.keepalive, d.cache, d.mode, d.credentials);
                const blobReq = new Request('http://e.com/', { method: 'POST', body: new Blob(['b'], { type: 'X/Y' }) });
                console.log(blobReq.headers.get('content-type'), (await blobReq.blob()).type);
                console.log(JSON.stringify(await Response.json({ a: [1] }, { status: 202, headers: { 'x': 'y' } }).text()), Response.json(1).status);
                try { Response.json(undefined); } catch (e) { console.log(e.name, 'json undefined'); }
                try { Response.redirect('http://e.com/', 200); } catch (e) { console.log(e.name, 'redirect 200'); }
                const re = Response.error(); console.log(re.type, re.status, re.ok, re.body, JSON.stringify(re.statusText));
                try { new Response('x', { statusText: 'bad\\n' }); } catch (e) { console.log(e.name, 'statusText'); }
                console.log(new Response(null, { status: 65736 }).status);
                """);
        assertEquals("""
                PUT http://e.com/a b,2 manual no-store omit same-origin  sha256-x
                true false payload
                reuse TypeError
                x x
                TypeError {"mode":"navigate"}
                TypeError {"mode":"bogus"}
                TypeError {"credentials":"x"}
                TypeError {"redirect":"x"}
                TypeError {"cache":"only-if-cached"}
                TypeError {"window":{}}
                TypeError credentials in URL
                TypeError relative
                DELETE OPTIONS  about:client half false default cors same-origin
                x/y x/y
                "{\\"a\\":[1]}" 200
                TypeError json undefined
                RangeError redirect 200
                error 0 false null ""
                TypeError statusText
                200
                """, out);
    }
}
