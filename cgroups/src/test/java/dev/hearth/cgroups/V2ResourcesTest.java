package dev.hearth.cgroups;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class V2ResourcesTest {

    @Test
    void cpuWeightHitsTheAnchorsOfTheConversion() {
        assertEquals(1, V2Resources.cpuWeight(2));
        assertEquals(100, V2Resources.cpuWeight(1024), "default shares map to default weight");
        assertEquals(10_000, V2Resources.cpuWeight(262_144));
    }

    @Test
    void cpuWeightIsMonotonicAndClamped() {
        long previous = 0;
        for (long shares = 2; shares <= 262_144; shares += 97) {
            long w = V2Resources.cpuWeight(shares);
            assertTrue(w >= previous && w >= 1 && w <= 10_000, shares + " -> " + w);
            previous = w;
        }
        assertEquals(1, V2Resources.cpuWeight(1));
        assertEquals(10_000, V2Resources.cpuWeight(1_000_000));
        assertTrue(V2Resources.cpuWeight(2048) > 100 && V2Resources.cpuWeight(512) < 100);
    }

    @Test
    void cpuMaxFormat() {
        assertEquals("50000 100000", V2Resources.cpuMax(50_000L, 100_000L));
        assertEquals("max 100000", V2Resources.cpuMax(-1L, 100_000L));
        assertEquals("max 100000", V2Resources.cpuMax(null, 100_000L));
        assertEquals("20000", V2Resources.cpuMax(20_000L, null));
    }

    @Test
    void swapIsConvertedFromMemoryPlusSwapToSwapAlone() throws CgroupException {
        assertEquals("max", V2Resources.swapMax("/c", -1, 100L));
        assertEquals("50", V2Resources.swapMax("/c", 150, 100L));
        assertEquals("0", V2Resources.swapMax("/c", 100, 100L), "swap == limit: no swap");
        assertNull(V2Resources.swapMax("/c", 0, 100L), "0 means unset");
        assertEquals("max", V2Resources.swapMax("/c", 0, -1L), "unlimited memory without swap setting: unlimited swap");
        CgroupException e = assertThrows(CgroupException.class, () -> V2Resources.swapMax("/c", 50, 100L));
        assertTrue(e.getMessage().contains("below memory.limit"), e.getMessage());
        assertThrows(CgroupException.class, () -> V2Resources.swapMax("/c", 50, null));
    }

    @Test
    void maxSpellsUnlimited() {
        assertEquals("max", V2Resources.max(-1));
        assertEquals("1024", V2Resources.max(1024));
    }
}
