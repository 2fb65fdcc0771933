package dev.hearth.launcher.web.url;

import java.net.IDN;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.graalvm.shadowed.com.ibm.icu.text.IDNA;

/**
 * The URL Standard's "domain to ASCII" with beStrict false: UTS #46 ToASCII with
 * CheckHyphens=false, CheckBidi=true, CheckJoiners=true, UseSTD3ASCIIRules=false,
 * Transitional_Processing=false, VerifyDnsLength=false, then no empty result and no forbidden
 * domain code point. An ASCII domain takes the standard's fast path (lower-casing only).
 *
 * <p>UTS #46 comes from ICU4J as GraalJS ships it (shaded as {@code org.graalvm.shadowed.icu4j},
 * ICU 76 / Unicode 16; the jar is already on the class path for Intl). ICU cannot switch
 * CheckHyphens or VerifyDnsLength off, so it reports those findings as errors and they are
 * ignored here, which is how browsers built on ICU get the URL Standard's behaviour. Its package
 * is exported only to GraalJS as a named module: this works with GraalJS on the class path, which
 * is how hearth runs it. Should ICU not be accessible (module path without
 * {@code --add-exports}), non-ASCII domains fall back to java.net.IDN, with a line on stderr:
 * that is IDNA2003 (it maps "ß" to "ss"), so only a fallback. ICU's data loads on the first
 * non-ASCII domain (tens of milliseconds), not before.
 */
final class DomainToAscii {

    private DomainToAscii() {}

    /** Cleared when ICU turns out inaccessible (tests clear it to exercise the fallback). */
    static volatile boolean icuUsable = true;

    /** The ASCII domain, or null for failure. */
    static String convert(String domain) {
        String result = isAscii(domain) ? domain.toLowerCase(Locale.ROOT) : nonAsciiToAscii(domain);
        if (result == null || result.isEmpty()) return null;
        for (int i = 0; i < result.length(); i++) {
            if (HostParser.isForbiddenDomainCodePoint(result.charAt(i))) return null;
        }
        return result;
    }

    private static String nonAsciiToAscii(String domain) {
        if (icuUsable) {
            try {
                return Uts46.toAscii(domain);
            } catch (LinkageError e) {
                icuUsable = false;
                System.err.println("hearth: ICU's UTS #46 is not accessible (" + e
                        + "); URL hosts fall back to java.net.IDN (IDNA2003)");
            }
        }
        try {
            return IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean isAscii(String domain) {
        for (int i = 0; i < domain.length(); i++) {
            if (domain.charAt(i) >= 0x80) return false;
        }
        return true;
    }

    /** ICU, in a class of its own so that an inaccessible ICU fails here, catchably. */
    private static final class Uts46 {

        private static final IDNA IDNA_UTS46 = IDNA.getUTS46Instance(IDNA.CHECK_BIDI | IDNA.CHECK_CONTEXTJ
                | IDNA.NONTRANSITIONAL_TO_ASCII | IDNA.NONTRANSITIONAL_TO_UNICODE);

        /** Findings of CheckHyphens and VerifyDnsLength, both off for URLs. */
        private static final Set<IDNA.Error> IGNORED = EnumSet.of(IDNA.Error.EMPTY_LABEL,
                IDNA.Error.LABEL_TOO_LONG, IDNA.Error.DOMAIN_NAME_TOO_LONG, IDNA.Error.LEADING_HYPHEN,
                IDNA.Error.TRAILING_HYPHEN, IDNA.Error.HYPHEN_3_4);

        static String toAscii(String domain) {
            StringBuilder out = new StringBuilder(domain.length() + 8);
            IDNA.Info info = new IDNA.Info();
            IDNA_UTS46.nameToASCII(domain, out, info);
            for (IDNA.Error error : info.getErrors()) {
                if (!IGNORED.contains(error)) return null;
            }
            return out.toString();
        }
    }
}
