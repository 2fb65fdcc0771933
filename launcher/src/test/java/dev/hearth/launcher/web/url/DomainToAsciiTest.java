package dev.hearth.launcher.web.url;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class DomainToAsciiTest {

    @Test
    void uts46Nontransitional() {
        assertEquals("xn--fa-hia.de", DomainToAscii.convert("Faß.DE"));
        assertEquals("xn--a---kp0a", DomainToAscii.convert("a\u2020--")); // hyphens 3-4: not checked for URLs
        assertEquals("ab", DomainToAscii.convert("a\u00ADb"));             // soft hyphen maps to nothing
        assertNull(DomainToAscii.convert("\u00AD"));                       // ... leaving nothing
        assertNull(DomainToAscii.convert("a\u200Cb"));                     // ZWNJ out of context (CheckJoiners)
        assertEquals("xn--a", DomainToAscii.convert("XN--A"));             // ASCII: lower-cased only
        assertNull(DomainToAscii.convert("a%b"));                           // forbidden domain code point
    }

    @Test
    void javaIdnFallbackWhenIcuIsNotAccessible() {
        DomainToAscii.icuUsable = false;
        try {
            assertEquals("xn--mnchen-3ya.de", DomainToAscii.convert("münchen.de"));
            assertEquals("fass.de", DomainToAscii.convert("faß.de")); // IDNA2003's mapping: why it is only a fallback
        } finally {
            DomainToAscii.icuUsable = true;
        }
    }
}
