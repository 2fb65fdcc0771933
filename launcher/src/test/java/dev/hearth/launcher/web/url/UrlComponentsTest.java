package dev.hearth.launcher.web.url;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.launcher.web.TestData;
import java.util.List;
import org.junit.jupiter.api.Test;

class UrlComponentsTest {

    /** The setters rebuild the record from the components string: it must come back exactly. */
    @Test
    void everyWptUrlSurvivesTheComponentsString() throws Exception {
        JsonNode cases = new ObjectMapper().readTree(TestData.file("wpt-url/urltestdata.json").toFile());
        int checked = 0;
        for (JsonNode t : cases) {
            if (!t.isObject() || t.has("failure")) continue;
            UrlRecord base = t.get("base").isNull() ? null : UrlParser.parse(t.get("base").asText(), null);
            UrlRecord url = UrlParser.parse(t.get("input").asText(), base);
            String encoded = UrlComponents.encode(url);
            assertEquals(encoded, UrlComponents.encode(UrlComponents.decode(encoded)), t.get("input").asText());
            checked++;
        }
        assertTrue(checked > 600, "only " + checked + " cases");
    }

    @Test
    void nullsAndOpaquePathsAreKept() {
        UrlRecord url = UrlComponents.decode(UrlComponents.encode(UrlParser.parse("mailto:a@b?", null)));
        assertEquals("a@b", url.opaquePath);
        assertEquals("", url.query);
        assertEquals(null, url.fragment);
        assertEquals(null, url.host);
        UrlRecord empty = UrlComponents.decode(UrlComponents.encode(UrlParser.parse("sc://h", null)));
        assertEquals(List.of(), empty.path);
        assertEquals("sc://h", empty.serialize(false));
        UrlRecord slashes = UrlComponents.decode(UrlComponents.encode(UrlParser.parse("web+demo:/.//not-a-host/", null)));
        assertEquals(List.of("", "not-a-host", ""), slashes.path);
        assertEquals("web+demo:/.//not-a-host/", slashes.serialize(false));
    }

    @Test
    void formUrlEncodedRoundTrip() {
        List<String> pairs = FormUrlEncoded.parse("a=1&&b=x+y%20z&c&=v&%F0%9F%98%80=%ZZ&d=%FF");
        assertEquals(List.of("a", "1", "b", "x y z", "c", "", "", "v", "\uD83D\uDE00", "%ZZ", "d", "\uFFFD"), pairs);
        assertEquals("a=1&b=x+y+z&c=&=v&%F0%9F%98%80=%25ZZ&d=%EF%BF%BD", FormUrlEncoded.serialize(pairs));
        assertEquals("*-._=%21%27%28%29%7E", FormUrlEncoded.serialize(List.of("*-._", "!'()~")));
    }
}
