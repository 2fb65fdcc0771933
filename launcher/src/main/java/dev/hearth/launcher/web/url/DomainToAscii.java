package dev.hearth.launcher.web.url;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.graalvm.shadowed.com.ibm.icu.text.IDNA;

/**
 * The URL Standard's "domain to ASCII" with beStrict false: UTS #46 ToASCII with
 * CheckHyphens=false, CheckBidi=true, CheckJoiners=true, UseSTD3ASCIIRules=false,
 * Transitional_Processing=false, VerifyDnsLength=false, then no empty result and no forbidden
 * domain code point.
 *
 * <p>UTS #46 comes from ICU4J as GraalJS ships it (shaded as {@code org.graalvm.shadowed.icu4j},
 * ICU 76 / Unicode 16; the jar is already on the class path for Intl). Its package is exported
 * only to GraalJS as a named module, so this works with GraalJS on the class path, which is how
 * hearth runs it; on the module path it would need {@code --add-exports}. ICU cannot switch
 * CheckHyphens or VerifyDnsLength off, so it reports those findings as errors and they are
 * ignored here, which is how browsers built on ICU get the URL Standard's behaviour. java.net.IDN
 * is no alternative: it implements IDNA2003 (e.g. maps "ß" to "ss").
 */
final class DomainToAscii {

    private DomainToAscii() {}

    private static final IDNA UTS46 = IDNA.getUTS46Instance(IDNA.CHECK_BIDI | IDNA.CHECK_CONTEXTJ
            | IDNA.NONTRANSITIONAL_TO_ASCII | IDNA.NONTRANSITIONAL_TO_UNICODE);

    /** Findings of CheckHyphens and VerifyDnsLength, both off for URLs. */
    private static final Set<IDNA.Error> IGNORED = EnumSet.of(IDNA.Error.EMPTY_LABEL, IDNA.Error.LABEL_TOO_LONG,
            IDNA.Error.DOMAIN_NAME_TOO_LONG, IDNA.Error.LEADING_HYPHEN, IDNA.Error.TRAILING_HYPHEN, IDNA.Error.HYPHEN_3_4);

    /** The ASCII domain, or null for failure. */
    static String convert(String domain) {
        String result;
        if (isAscii(domain)) {
            // The standard's ASCII fast path: an ASCII domain is only lower-cased; its "xn--"
            // labels are not checked as Punycode (WPT: "xn--a" stays "xn--a").
            result = domain.toLowerCase(Locale.ROOT);
        } else {
            StringBuilder out = new StringBuilder(domain.length() + 8);
            IDNA.Info info = new IDNA.Info();
            UTS46.nameToASCII(domain, out, info);
            for (IDNA.Error error : info.getErrors()) {
                if (!IGNORED.contains(error)) return null;
            }
            result = out.toString();
        }
        if (result.isEmpty()) return null;
        for (int i = 0; i < result.length(); i++) {
            if (HostParser.isForbiddenDomainCodePoint(result.charAt(i))) return null;
        }
        return result;
    }

    private static boolean isAscii(String domain) {
        for (int i = 0; i < domain.length(); i++) {
            if (domain.charAt(i) >= 0x80) return false;
        }
        return true;
    }
}
