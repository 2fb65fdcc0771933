package dev.hearth.launcher.web.url;

import dev.hearth.launcher.web.encoding.Utf8Decoder;
import java.util.ArrayList;
import java.util.List;

/** The URL Standard's application/x-www-form-urlencoded parser and serializer (URLSearchParams). */
final class FormUrlEncoded {

    private FormUrlEncoded() {}

    /** Name, value, name, value, ... */
    static List<String> parse(String input) {
        List<String> pairs = new ArrayList<>();
        int start = 0;
        while (start <= input.length()) {
            int end = input.indexOf('&', start);
            if (end < 0) end = input.length();
            if (end > start) {
                String sequence = input.substring(start, end);
                int eq = sequence.indexOf('=');
                String name = eq < 0 ? sequence : sequence.substring(0, eq);
                String value = eq < 0 ? "" : sequence.substring(eq + 1);
                pairs.add(decode(name));
                pairs.add(decode(value));
            }
            start = end + 1;
        }
        return pairs;
    }

    /** Names and values alternating; '+' for spaces, everything else outside [*-._A-Za-z0-9] percent-encoded. */
    static String serialize(List<String> pairs) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i + 1 < pairs.size(); i += 2) {
            if (i > 0) out.append('&');
            out.append(PercentEncoding.FORM_URLENCODED.encode(pairs.get(i), true)).append('=')
                    .append(PercentEncoding.FORM_URLENCODED.encode(pairs.get(i + 1), true));
        }
        return out.toString();
    }

    private static String decode(String s) {
        byte[] bytes = PercentEncoding.decode(s.replace('+', ' '));
        StringBuilder out = new StringBuilder(bytes.length);
        new Utf8Decoder(false).decode(bytes, 0, bytes.length, true, out); // "UTF-8 decode without BOM"
        return out.toString();
    }
}
