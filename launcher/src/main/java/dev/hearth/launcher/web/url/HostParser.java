package dev.hearth.launcher.web.url;

import dev.hearth.launcher.web.encoding.Utf8Decoder;
import java.util.ArrayList;
import java.util.List;

/**
 * The URL Standard's host parser and host serializer in one: a host string in, the serialized
 * host out (a domain, dotted IPv4, bracketed IPv6 or an opaque host), or null for failure. The
 * URL record keeps hosts serialized; nothing after parsing needs the host's kind.
 */
final class HostParser {

    private HostParser() {}

    /**
     * @param isOpaque true for a non-special URL: no domain processing, only validation and
     *                 percent-encoding
     */
    static String parse(String input, boolean isOpaque) {
        if (input.startsWith("[")) {
            if (!input.endsWith("]") || input.length() < 2) return null;
            int[] address = parseIpv6(input.substring(1, input.length() - 1));
            return address == null ? null : "[" + serializeIpv6(address) + "]";
        }
        if (isOpaque) return parseOpaque(input);
        byte[] bytes = PercentEncoding.decode(input);
        StringBuilder domain = new StringBuilder(bytes.length);
        new Utf8Decoder(false).decode(bytes, 0, bytes.length, true, domain); // "UTF-8 decode without BOM"
        String ascii = DomainToAscii.convert(domain.toString());
        if (ascii == null) return null;
        if (endsInANumber(ascii)) {
            long ipv4 = parseIpv4(ascii);
            return ipv4 < 0 ? null : serializeIpv4(ipv4);
        }
        return ascii;
    }

    static boolean isForbiddenHostCodePoint(int c) {
        return switch (c) {
            case 0x00, '\t', '\n', '\r', ' ', '#', '/', ':', '<', '>', '?', '@', '[', '\\', ']', '^', '|' -> true;
            default -> false;
        };
    }

    static boolean isForbiddenDomainCodePoint(int c) {
        return isForbiddenHostCodePoint(c) || c <= 0x1F || c == '%' || c == 0x7F;
    }

    private static String parseOpaque(String input) {
        for (int i = 0; i < input.length(); i++) {
            if (isForbiddenHostCodePoint(input.charAt(i))) return null;
        }
        return PercentEncoding.C0_CONTROL.encode(input, false);
    }

    // ---- IPv4 --------------------------------------------------------------------------------

    /** Whether the last label is a number (decimal, or anything the IPv4 number parser takes). */
    static boolean endsInANumber(String input) {
        List<String> parts = split(input);
        if (parts.getLast().isEmpty()) {
            if (parts.size() == 1) return false;
            parts.removeLast();
        }
        String last = parts.getLast();
        if (!last.isEmpty() && last.chars().allMatch(c -> c >= '0' && c <= '9')) return true;
        return parseIpv4Number(last) >= 0;
    }

    /** The address as a number 0..2^32-1, or -1 for failure. */
    static long parseIpv4(String input) {
        List<String> parts = split(input);
        if (parts.getLast().isEmpty() && parts.size() > 1) parts.removeLast();
        if (parts.size() > 4) return -1;
        long[] numbers = new long[parts.size()];
        for (int i = 0; i < numbers.length; i++) {
            numbers[i] = parseIpv4Number(parts.get(i));
            if (numbers[i] < 0) return -1;
        }
        for (int i = 0; i < numbers.length - 1; i++) {
            if (numbers[i] > 255) return -1;
        }
        long last = numbers[numbers.length - 1];
        if (last >= 1L << (8 * (5 - numbers.length))) return -1;
        long ipv4 = last;
        for (int i = 0; i < numbers.length - 1; i++) {
            ipv4 += numbers[i] << (8 * (3 - i));
        }
        return ipv4;
    }

    /** Decimal, 0x-hex or 0-octal; -1 for failure. Large values saturate (they fail later anyway). */
    static long parseIpv4Number(String input) {
        if (input.isEmpty()) return -1;
        int radix = 10;
        int start = 0;
        if (input.length() >= 2 && input.charAt(0) == '0' && (input.charAt(1) == 'x' || input.charAt(1) == 'X')) {
            radix = 16;
            start = 2;
        } else if (input.length() >= 2 && input.charAt(0) == '0') {
            radix = 8;
            start = 1;
        }
        long value = 0;
        for (int i = start; i < input.length(); i++) {
            int digit = Character.digit(input.charAt(i), radix);
            if (digit < 0 || input.charAt(i) > 'f') return -1; // Character.digit also takes non-ASCII digits
            value = Math.min(value * radix + digit, 1L << 40);
        }
        return value;
    }

    static String serializeIpv4(long address) {
        return ((address >> 24) & 0xFF) + "." + ((address >> 16) & 0xFF) + "." + ((address >> 8) & 0xFF) + "." + (address & 0xFF);
    }

    private static List<String> split(String input) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= input.length(); i++) {
            if (i == input.length() || input.charAt(i) == '.') {
                parts.add(input.substring(start, i));
                start = i + 1;
            }
        }
        return parts;
    }

    // ---- IPv6 --------------------------------------------------------------------------------

    /** The eight 16-bit pieces, or null for failure. */
    static int[] parseIpv6(String text) {
        int[] input = text.codePoints().toArray();
        int[] address = new int[8];
        int pieceIndex = 0;
        int compress = -1;
        int p = 0;
        if (at(input, p) == ':') {
            if (at(input, p + 1) != ':') return null;
            p += 2;
            pieceIndex++;
            compress = pieceIndex;
        }
        while (at(input, p) != -1) {
            if (pieceIndex == 8) return null;
            if (at(input, p) == ':') {
                if (compress != -1) return null;
                p++;
                pieceIndex++;
                compress = pieceIndex;
                continue;
            }
            int value = 0;
            int length = 0;
            while (length < 4 && PercentEncoding.hexValue(at(input, p)) >= 0) {
                value = value * 16 + PercentEncoding.hexValue(at(input, p));
                p++;
                length++;
            }
            if (at(input, p) == '.') {
                if (length == 0) return null;
                p -= length;
                if (pieceIndex > 6) return null;
                int numbersSeen = 0;
                while (at(input, p) != -1) {
                    int ipv4Piece = -1;
                    if (numbersSeen > 0) {
                        if (at(input, p) == '.' && numbersSeen < 4) p++;
                        else return null;
                    }
                    if (!isDigit(at(input, p))) return null;
                    while (isDigit(at(input, p))) {
                        int number = at(input, p) - '0';
                        if (ipv4Piece == -1) ipv4Piece = number;
                        else if (ipv4Piece == 0) return null;
                        else ipv4Piece = ipv4Piece * 10 + number;
                        if (ipv4Piece > 255) return null;
                        p++;
                    }
                    address[pieceIndex] = address[pieceIndex] * 0x100 + ipv4Piece;
                    numbersSeen++;
                    if (numbersSeen == 2 || numbersSeen == 4) pieceIndex++;
                }
                if (numbersSeen != 4) return null;
                break;
            } else if (at(input, p) == ':') {
                p++;
                if (at(input, p) == -1) return null;
            } else if (at(input, p) != -1) {
                return null;
            }
            address[pieceIndex] = value;
            pieceIndex++;
        }
        if (compress != -1) {
            int swaps = pieceIndex - compress;
            pieceIndex = 7;
            while (pieceIndex != 0 && swaps > 0) {
                int other = compress + swaps - 1;
                int t = address[pieceIndex];
                address[pieceIndex] = address[other];
                address[other] = t;
                pieceIndex--;
                swaps--;
            }
        } else if (pieceIndex != 8) {
            return null;
        }
        return address;
    }

    /** Lower-case hex pieces, the first longest run of two or more zero pieces as "::". */
    static String serializeIpv6(int[] address) {
        int compress = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (address[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && address[j] == 0) j++;
            if (j - i > bestLength) {
                bestLength = j - i;
                compress = i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder(39);
        boolean ignoreZero = false;
        for (int i = 0; i < 8; i++) {
            if (ignoreZero && address[i] == 0) continue;
            ignoreZero = false;
            if (compress == i) {
                out.append(i == 0 ? "::" : ":");
                ignoreZero = true;
                continue;
            }
            out.append(Integer.toHexString(address[i]));
            if (i != 7) out.append(':');
        }
        return out.toString();
    }

    private static int at(int[] input, int p) {
        return p < input.length ? input[p] : -1;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }
}
