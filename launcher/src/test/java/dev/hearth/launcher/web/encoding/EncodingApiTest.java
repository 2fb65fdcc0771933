package dev.hearth.launcher.web.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hearth.launcher.web.ScriptRun;
import dev.hearth.launcher.web.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TextEncoder, TextDecoder, atob and btoa as a function sees them, in the real runtime. */
class EncodingApiTest {

    @TempDir
    Path rootfs;

    @Test
    void everyLabelAndEverySingleByteIndexAgainstTheStandardsData() throws Exception {
        String encodings = Files.readString(TestData.file("whatwg-encoding/encodings.json"));
        String indexes = Files.readString(TestData.file("whatwg-encoding/indexes.json"));
        String out = ScriptRun.of(rootfs, "const groups = " + encodings + ";\nconst indexes = " + indexes + ";\n" + """
                const unsupported = ['replacement'];
                const bad = [];
                let labels = 0, decoded = 0;
                const allBytes = new Uint8Array(256).map((_, i) => i);
                for (const group of groups) for (const { name, labels: names } of group.encodings) {
                  for (const label of names) {
                    labels++;
                    let got;
                    try { got = new TextDecoder(label).encoding; } catch (e) { got = e.name; }
                    const want = unsupported.includes(name) ? 'RangeError' : name.toLowerCase();
                    if (got !== want) bad.push(`${label}: ${got} instead of ${want}`);
                  }
                  if (group.heading !== 'Legacy single-byte encodings') continue;
                  const index = indexes[name === 'ISO-8859-8-I' ? 'iso-8859-8' : name.toLowerCase()];
                  const text = new TextDecoder(name).decode(allBytes);
                  const want = [...Array(128).keys()].map((b) => String.fromCharCode(b)).join('')
                      + index.map((cp) => cp === null ? '\\uFFFD' : String.fromCodePoint(cp)).join('');
                  if (text !== want) bad.push(`${name} decodes bytes differently from its index`);
                  // each mapped byte goes back to the same byte through the index (the round trip)
                  for (let b = 0x80; b < 0x100; b++) {
                    const ch = text[b];
                    const back = ch === '\\uFFFD' ? -1 : 0x80 + index.indexOf(ch.codePointAt(0));
                    if (index[b - 0x80] !== null && back !== b) bad.push(`${name}: byte ${b} does not round trip`);
                    let fatal;
                    try { new TextDecoder(name, { fatal: true }).decode(new Uint8Array([b])); fatal = 'ok'; } catch (e) { fatal = e.name; }
                    if (fatal !== (index[b - 0x80] === null ? 'TypeError' : 'ok')) bad.push(`${name} fatal, byte ${b}: ${fatal}`);
                  }
                  decoded++;
                }
                console.log(bad.length ? bad.join('\\n') : `ok ${labels} labels, ${decoded} single-byte encodings`);
                """).ok();
        assertEquals("ok 228 labels, 28 single-byte encodings\n", out);
    }

    @Test
    void textEncoderWritesUtf8AndEveryCodePointRoundTrips() throws Exception {
        String out = ScriptRun.of(rootfs, """
                const enc = new TextEncoder();
                const hex = (a) => Array.from(a, (b) => b.toString(16).padStart(2, '0')).join(' ');
                console.log(enc.encoding, hex(enc.encode('a\u00e9\u20ac\\u{1F600}')), hex(enc.encode('\\uD800x\\uDC00')));
                console.log(enc.encode().length, enc.encode(undefined).length, hex(enc.encode(12)), enc.encode('') instanceof Uint8Array);
                const dest = new Uint8Array(5);
                console.log(JSON.stringify(enc.encodeInto('a\u20ac\u20ac', dest)), hex(dest));
                console.log(JSON.stringify(enc.encodeInto('\\u{1F600}\\u{1F600}', new Uint8Array(7))));
                let chunks = 0, failures = 0;
                const dec = new TextDecoder('utf-8', { fatal: true });
                for (let start = 0; start < 0x110000; start += 0x1000) {
                  let s = '';
                  for (let cp = start; cp < start + 0x1000; cp++) if (cp < 0xD800 || cp > 0xDFFF) s += String.fromCodePoint(cp);
                  if (dec.decode(enc.encode(s)) !== s) failures++;
                  chunks++;
                }
                console.log('round trip', chunks, failures);
                try { enc.encodeInto('x', []); } catch (e) { console.log(e.name); }
                """).ok();
        assertEquals("""
                utf-8 61 c3 a9 e2 82 ac f0 9f 98 80 ef bf bd 78 ef bf bd
                0 0 31 32 true
                {"read":2,"written":4} 61 e2 82 ac 00
                {"read":2,"written":4}
                round trip 272 0
                TypeError
                """, out);
    }

    @Test
    void textDecoderOptionsSourcesStreamingAndErrors() throws Exception {
        String out = ScriptRun.of(rootfs, """
                const bytes = new Uint8Array([0xEF, 0xBB, 0xBF, 0x68, 0xC3, 0xA9, 0xE2, 0x82, 0xAC]);
                const d = new TextDecoder();
                console.log(d.encoding, d.fatal, d.ignoreBOM, String(d));
                console.log(d.decode(bytes), d.decode(bytes.buffer), d.decode(new DataView(bytes.buffer, 3, 3)), d.decode(bytes.subarray(4, 6)));
                console.log(JSON.stringify(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)), JSON.stringify(d.decode()));
                let streamed = '';
                for (const b of bytes) streamed += d.decode(new Uint8Array([b]), { stream: true });
                console.log(streamed + d.decode());
                console.log(JSON.stringify(d.decode(new Uint8Array([0xE2, 0x82]), { stream: true })), JSON.stringify(d.decode()));
                const fatal = new TextDecoder('UTF-8', { fatal: true });
                for (const input of [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xE2, 0x82]]) {
                  try { fatal.decode(new Uint8Array(input)); console.log('no error'); } catch (e) { console.log(e.name, e.message); }
                }
                console.log(new TextDecoder(' Latin1 ').encoding, new TextDecoder('utf-16').encoding, new TextDecoder('l1').decode(new Uint8Array([0x80, 0xE9])));
                console.log(new TextDecoder('utf-16be').decode(new Uint16Array([0x4100]).buffer), new TextDecoder('x-user-defined').decode(new Uint8Array([0x41, 0x80])).codePointAt(1).toString(16));
                for (const make of [() => new TextDecoder('utf-7'), () => new TextDecoder('iso-2022-kr'), () => new TextDecoder('replacement'),
                                    () => d.decode('text'), () => d.decode(null), () => new TextDecoder('utf-8', 5), () => TextDecoder.prototype.decode.call({})]) {
                  try { make(); console.log('no error'); } catch (e) { console.log(e.name); }
                }
                if (typeof SharedArrayBuffer === 'function') {
                  const shared = new Uint8Array(new SharedArrayBuffer(2)); shared.set([0x6F, 0x6B]);
                  console.log(d.decode(shared));
                } else console.log('no SharedArrayBuffer');
                """).ok();
        assertEquals("""
                utf-8 false false [object TextDecoder]
                hé€ hé€ hé é
                "\uFEFFhé€" ""
                hé€
                "" "\uFFFD"
                TypeError The encoded data was not valid for encoding utf-8
                TypeError The encoded data was not valid for encoding utf-8
                TypeError The encoded data was not valid for encoding utf-8
                TypeError The encoded data was not valid for encoding utf-8
                windows-1252 utf-16le €é
                A f780
                RangeError
                RangeError
                RangeError
                TypeError
                TypeError
                TypeError
                TypeError
                ok
                """, out);
    }

    @Test
    void legacyMultiByteEncodingsDecodeThroughTextDecoder() throws Exception {
        // well-known byte forms of Japanese, Chinese and Korean words in each encoding
        String out = ScriptRun.of(rootfs, """
                const bytes = (...b) => new Uint8Array(b);
                const sjis = new TextDecoder('shift_jis');
                console.log(sjis.encoding, sjis.decode(bytes(0x93, 0xFA, 0x96, 0x7B, 0x8C, 0xEA, 0x20, 0x82, 0xB1, 0x82, 0xF1, 0xB1)));
                console.log(new TextDecoder('sjis').encoding, new TextDecoder('gb2312').encoding, new TextDecoder('x-euc-jp').encoding);
                console.log(new TextDecoder('euc-jp').decode(bytes(0xC6, 0xFC, 0xCB, 0xDC)),
                    new TextDecoder('iso-2022-jp').decode(bytes(0x1B, 0x24, 0x42, 0x46, 0x7C, 0x4B, 0x5C, 0x1B, 0x28, 0x42, 0x21)),
                    new TextDecoder('gbk').decode(bytes(0xD6, 0xD0, 0xCE, 0xC4)), new TextDecoder('gb18030').decode(bytes(0x81, 0x30, 0x81, 0x30)).codePointAt(0).toString(16),
                    new TextDecoder('big5').decode(bytes(0xA4, 0xA4, 0xA4, 0xE5)), new TextDecoder('euc-kr').decode(bytes(0xC7, 0xD1, 0xB1, 0xB9, 0xBE, 0xEE)));
                // a character split across chunks waits for its second byte
                const parts = [sjis.decode(bytes(0x93), { stream: true }), sjis.decode(bytes(0xFA, 0x96), { stream: true }), sjis.decode(bytes(0x7B))];
                console.log(JSON.stringify(parts), JSON.stringify(sjis.decode(bytes(0x81, 0x3C))), JSON.stringify(sjis.decode(bytes(0x41, 0x93))));
                try { new TextDecoder('shift_jis', { fatal: true }).decode(bytes(0x41, 0xA0)); console.log('no error'); } catch (e) { console.log(e.name, e.message); }
                """).ok();
        assertEquals("""
                shift_jis 日本語 こんｱ
                shift_jis gbk euc-jp
                日本 日本! 中文 80 中文 한국어
                ["","日","本"] "\uFFFD<" "A\uFFFD"
                TypeError The encoded data was not valid for encoding shift_jis
                """, out);
    }

    @Test
    void atobAndBtoa() throws Exception {
        String out = ScriptRun.of(rootfs, """
                console.log(btoa('hello'), btoa(''), btoa('\\u00ff\\u00fe'), btoa(null), atob(' aGVs bG8 '), atob('/w') === '\\u00ff', atob(undefined === 1 ? '' : 'YQ=='));
                for (const f of [() => btoa('\\u0100'), () => atob('a'), () => atob('YQ==='), () => atob('Y Q = =')]) {
                  try { console.log('no error', JSON.stringify(f())); } catch (e) { console.log(e.name); }
                }
                try { atob(); } catch (e) { console.log(e.name); }
                """).ok();
        assertEquals("""
                aGVsbG8=  ÿþ bnVsbA== hello true a
                InvalidCharacterError
                InvalidCharacterError
                InvalidCharacterError
                no error "a"
                TypeError
                """.replace("ÿþ", "//4="), out);
    }

    @Test
    void encoderAndDecoderStreams() throws Exception {
        String out = ScriptRun.of(rootfs, """
                async function collect(readable) {
                  const parts = [];
                  for await (const part of readable) parts.push(part);
                  return parts;
                }
                async function pipe(stream, chunks) {
                  const writer = stream.writable.getWriter();
                  const collected = collect(stream.readable);
                  // an erroring stream rejects these too; the readable side reports it
                  for (const c of chunks) writer.write(c).catch(() => {});
                  writer.close().catch(() => {});
                  return collected;
                }
                (async () => {
                  const enc = new TextEncoderStream();
                  // a surrogate pair split across chunks, and a lone high surrogate at the end
                  const bytes = await pipe(enc, ['a\\uD83D', '\\uDE00', 5, '\\uD800']);
                  console.log(enc.encoding, bytes.map((b) => b.constructor.name + '[' + Array.from(b).join(',') + ']').join(' '));
                  const dec = new TextDecoderStream('utf-8');
                  const euro = [0xE2, 0x82, 0xAC];
                  const text = await pipe(dec, [new Uint8Array([0xEF, 0xBB]), new Uint8Array([0xBF, 0x41, euro[0]]), new Uint8Array(euro.slice(1)).buffer, new Uint8Array([0xF0, 0x9F])]);
                  console.log(dec.encoding, dec.fatal, dec.ignoreBOM, JSON.stringify(text));
                  const fatal = new TextDecoderStream('utf-8', { fatal: true });
                  try { await pipe(fatal, [new Uint8Array([0x41, 0xFF])]); console.log('no error'); } catch (e) { console.log('errored', e.name); }
                  try { await pipe(new TextDecoderStream(), ['not bytes']); console.log('no error'); } catch (e) { console.log('errored', e.name); }
                  console.log(String(new TextEncoderStream()), String(new TextDecoderStream('latin1')), new TextDecoderStream('latin1').encoding);
                })();
                """).ok();
        assertEquals("""
                utf-8 Uint8Array[97] Uint8Array[240,159,152,128] Uint8Array[53] Uint8Array[239,191,189]
                utf-8 false false ["A","€","\uFFFD"]
                errored TypeError
                errored TypeError
                [object TextEncoderStream] [object TextDecoderStream] windows-1252
                """, out);
    }
}
