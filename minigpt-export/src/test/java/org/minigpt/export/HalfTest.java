package org.minigpt.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HalfTest {
    @Test
    void knownValuesRoundToNearestEven() {
        assertEquals(0x3C00, bits(1f));
        assertEquals(0xC000, bits(-2f));
        assertEquals(0x7BFF, bits(65504f), "the largest half");
        assertEquals(0x7C00, bits(65520f), "past it: infinity");
        assertEquals(0x0001, bits((float) Math.pow(2, -24)), "the smallest subnormal");
        assertEquals(0x0000, bits((float) Math.pow(2, -26)));
        assertEquals(0x3C00, bits(1f + (float) Math.pow(2, -11)), "a tie rounds to the even mantissa");
        assertEquals(0x3C02, bits(1f + 3 * (float) Math.pow(2, -11)), "a tie rounds to the even mantissa, up");
        assertEquals(0x3555, bits(1f / 3));
        assertEquals(0x7E00, bits(Float.NaN) & 0x7E00);
        assertEquals(0x8000, bits(-0f));
    }

    @Test
    void everyHalfSurvivesARoundTrip() {
        for (int bits = 0; bits < 0x10000; bits++) {
            if ((bits & 0x7C00) == 0x7C00 && (bits & 0x3FF) != 0) {
                continue; // NaN payloads
            }
            assertEquals(bits, bits(Half.toFloat((short) bits)), Integer.toHexString(bits));
        }
    }

    private static int bits(float value) {
        return Half.fromFloat(value) & 0xFFFF;
    }
}
