package dev.hearth.launcher.web.url;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Host parsing pieces on their own (the WPT data in UrlWptTest covers them through URLs). */
class HostParserTest {

    @Test
    void ipv4NumbersInEveryRadixAndShortForms() {
        assertEquals("192.168.0.1", HostParser.parse("192.168.0.1", false));
        assertEquals("192.168.0.1", HostParser.parse("0xC0.0250.0.1", false));
        assertEquals("127.0.0.1", HostParser.parse("0x7f000001", false));
        assertEquals("1.0.0.2", HostParser.parse("1.2", false));           // the last part fills the rest
        assertEquals("0.0.0.0", HostParser.parse("0x", false));            // "0x" alone is zero
        assertEquals("255.255.255.255", HostParser.parse("4294967295", false));
        assertNull(HostParser.parse("4294967296", false));                 // above 2^32 - 1
        assertNull(HostParser.parse("256.0.0.1", false));                  // only the last may exceed 255
        assertNull(HostParser.parse("1.2.3.4.5", false));
        assertNull(HostParser.parse("09.1", false));                       // 9 is no octal digit
        assertEquals("1.2.3.4", HostParser.parse("1.2.3.4.", false));      // one trailing dot is allowed
        assertEquals("1.2.3.4..", HostParser.parse("1.2.3.4..", false));    // then the last label is empty: a domain
        assertEquals("example.1a", HostParser.parse("example.1a", false)); // "1a" is not a number: a domain
    }

    @Test
    void endsInANumber() {
        assertTrue(HostParser.endsInANumber("a.1"));
        assertTrue(HostParser.endsInANumber("a.0x1f."));
        assertFalse(HostParser.endsInANumber("a.b"));
        assertFalse(HostParser.endsInANumber("."));
        assertFalse(HostParser.endsInANumber("a.0xg"));
    }

    @Test
    void ipv6ParsingAndCanonicalForm() {
        assertEquals("[::1]", HostParser.parse("[0:0:0:0:0:0:0:1]", false));
        assertEquals("[2001:db8::1:0:0:1]", HostParser.parse("[2001:DB8:0:0:1:0:0:1]", false)); // first longest run
        assertEquals("[1:0:1::]", HostParser.parse("[1:0:1:0:0:0:0:0]", false));
        assertEquals("[1:0:1:0:1:0:1:0]", HostParser.parse("[1:0:1:0:1:0:1:0]", false));    // no run of two
        assertEquals("[::ffff:c000:280]", HostParser.parse("[::ffff:192.0.2.128]", false));
        assertEquals("[::]", HostParser.parse("[::]", false));
        assertNull(HostParser.parse("[::1", false));
        assertNull(HostParser.parse("[1::2::3]", false));
        assertNull(HostParser.parse("[1:2:3:4:5:6:7:8:9]", false));
        assertNull(HostParser.parse("[::1.2.3]", false));
        assertNull(HostParser.parse("[::01.2.3.4]", false));               // no leading zeros in the IPv4 part
        assertNull(HostParser.parse("[12345::]", false));
    }

    @Test
    void domainsAndOpaqueHosts() {
        assertEquals("example.com", HostParser.parse("EXAMPLE.com", false));
        assertEquals("example.com", HostParser.parse("%45xample.com", false)); // percent-decoded first
        assertEquals("xn--fa-hia.de", HostParser.parse("faß.de", false));     // nontransitional
        assertEquals("xn--mnchen-3ya.de", HostParser.parse("M\u00DCNCHEN.de", false));
        assertNull(HostParser.parse("exa mple.com", false));
        assertNull(HostParser.parse("a%00b", false));
        assertNull(HostParser.parse("xn--tešla", false));                     // non-ASCII after xn--
        assertEquals("EX%C3%A9mple", HostParser.parse("EXémple", true));       // opaque: kept, encoded
        assertNull(HostParser.parse("a b", true));
        assertEquals("a%b", HostParser.parse("a%b", true));
    }
}
