package dev.hearth.launcher.web.encoding;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Encoding Standard's indexes for the legacy multi-byte decoders (pointer -> code point),
 * each read from its own {@code index-NAME.txt} beside this class the first time a decoder asks
 * for it. Every worker loads {@link EncodingTables} for TextDecoder, so these (about 80k entries
 * in all) stay off the heap until a function really decodes one of these encodings. The files
 * are derived from the standard's indexes.json by {@code EncodingTableGenerator} (in the tests).
 */
final class MultiByteIndexes {

    static final String JIS0208 = "jis0208";
    static final String JIS0212 = "jis0212";
    static final String BIG5 = "big5";
    static final String EUC_KR = "euc-kr";
    static final String GB18030 = "gb18030";
    static final String GB18030_RANGES = "gb18030-ranges";

    /** The indexes kept as pointer -> code point arrays (gb18030-ranges is a list of ranges). */
    static final List<String> POINTER_INDEXES = List.of(JIS0208, JIS0212, BIG5, EUC_KR, GB18030);

    /** What an index array holds for a pointer the index leaves unmapped. */
    static final int UNMAPPED = -1;

    private static final ConcurrentHashMap<String, int[]> LOADED = new ConcurrentHashMap<>();
    private static volatile Gb18030Ranges ranges;

    private MultiByteIndexes() {}

    static String resourceOf(String name) {
        return "index-" + name + ".txt";
    }

    /**
     * The standard's "index code point for pointer" of a pointer index: the code point, or
     * {@link #UNMAPPED} when the index has none (also for a pointer past its end).
     */
    static int codePoint(int[] index, int pointer) {
        return pointer >= 0 && pointer < index.length ? index[pointer] : UNMAPPED;
    }

    /** One of {@link #POINTER_INDEXES}, loaded on first use; callers must not modify it. */
    static int[] pointerIndex(String name) {
        if (!POINTER_INDEXES.contains(name)) throw new IllegalArgumentException(name + " is not a multi-byte pointer index");
        return LOADED.computeIfAbsent(name, MultiByteIndexes::loadPointerIndex);
    }

    static Gb18030Ranges gb18030Ranges() {
        Gb18030Ranges loaded = ranges;
        if (loaded == null) {
            synchronized (MultiByteIndexes.class) {
                loaded = ranges;
                if (loaded == null) ranges = loaded = loadRanges();
            }
        }
        return loaded;
    }

    /** The standard's "index gb18030 ranges": the four-byte area as 207 ranges of consecutive code points. */
    static final class Gb18030Ranges {
        private final int[] firstPointers;
        private final int[] firstCodePoints;

        Gb18030Ranges(int[] firstPointers, int[] firstCodePoints) {
            this.firstPointers = firstPointers;
            this.firstCodePoints = firstCodePoints;
        }

        /** The standard's "index gb18030 ranges code point", or {@link #UNMAPPED} for its null. */
        int codePoint(int pointer) {
            if ((pointer > 39419 && pointer < 189000) || pointer > 1237575) return UNMAPPED;
            // GB18030-2022 moved U+E7C7 out of the two-byte area; its four-byte form is pointer 7457.
            if (pointer == 7457) return 0xE7C7;
            int at = Arrays.binarySearch(firstPointers, pointer);
            int range = at >= 0 ? at : -at - 2; // the last range starting at or before the pointer
            return firstCodePoints[range] + pointer - firstPointers[range];
        }
    }

    private static int[] loadPointerIndex(String name) {
        String resource = resourceOf(name);
        try (BufferedReader reader = open(resource)) {
            int[] index = new int[1 << 15];
            int size = 0;
            int previous = UNMAPPED;
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) continue;
                for (String token : line.trim().split(" +")) {
                    char kind = token.charAt(0);
                    int count = kind == '+' || kind == '-' ? Integer.parseInt(token, 1, token.length(), 10) : 1;
                    if (size + count > index.length) index = Arrays.copyOf(index, Math.max(index.length * 2, size + count));
                    if (kind == '-') {
                        Arrays.fill(index, size, size + count, UNMAPPED);
                        size += count;
                    } else if (kind == '+') {
                        if (previous == UNMAPPED) throw new IllegalStateException(resource + ": a run follows no code point");
                        for (int k = 0; k < count; k++) index[size++] = ++previous;
                    } else {
                        previous = Integer.parseInt(token, 16);
                        index[size++] = previous;
                    }
                }
            }
            return Arrays.copyOf(index, size);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw new IllegalStateException(resource + " is malformed: " + e.getMessage(), e);
        }
    }

    private static Gb18030Ranges loadRanges() {
        String resource = resourceOf(GB18030_RANGES);
        try (BufferedReader reader = open(resource)) {
            List<int[]> pairs = reader.lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> line.trim().split(" +"))
                    .map(words -> new int[] {Integer.parseInt(words[0]), Integer.parseInt(words[1], 16)})
                    .toList();
            int[] pointers = pairs.stream().mapToInt(pair -> pair[0]).toArray();
            int[] codePoints = pairs.stream().mapToInt(pair -> pair[1]).toArray();
            if (pointers.length == 0 || pointers[0] != 0) throw new IllegalStateException(resource + " must start at pointer 0");
            return new Gb18030Ranges(pointers, codePoints);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private static BufferedReader open(String resource) {
        InputStream in = MultiByteIndexes.class.getResourceAsStream(resource);
        if (in == null) throw new IllegalStateException(resource + " is missing beside " + MultiByteIndexes.class.getName());
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** Whether an index was loaded (for the test that nothing is loaded before it is needed). */
    static boolean isLoaded(String name) {
        return name.equals(GB18030_RANGES) ? ranges != null : LOADED.containsKey(name);
    }
}
