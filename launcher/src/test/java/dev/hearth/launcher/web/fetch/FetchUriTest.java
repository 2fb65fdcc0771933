package dev.hearth.launcher.web.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** WHATWG-serialised URLs that java.net.URI would refuse become equivalent percent-encoded URIs. */
class FetchUriTest {

    @Test
    void plainUrlsAreKeptAsTheyAre() throws Exception {
        String url = "http://127.0.0.1:8080/a/b?c=d&e=%2F#f";
        assertEquals(url, FetchCall.toUri(url).toString());
        assertEquals("[::1]", FetchCall.toUri("http://[::1]:80/x").getHost());
    }

    @Test
    void charactersUriRefusesArePercentEncoded() throws Exception {
        assertEquals("http://e.com/%5Bx%5D/%7Ba%7D?q=%7C%5E%60&r=%22%3C%3E",
                FetchCall.toUri("http://e.com/[x]/{a}?q=|^`&r=\"<>").toString());
        assertEquals("http://e.com/100%25?x=%25zz&y=%41", FetchCall.toUri("http://e.com/100%?x=%zz&y=%41").toString());
        assertEquals("/a%20b/%C3%A9%F0%9F%98%80", FetchCall.toUri("/a b/é\uD83D\uDE00").toString());
        assertEquals("/x", FetchCall.toUri("http://e.com/").resolve(FetchCall.toUri("/x")).getRawPath());
    }
}
