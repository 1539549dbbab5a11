package org.minigpt.export;

/**
 * IEEE 754 half precision from float, rounding to nearest even: Java 17 has no {@code Float.floatToFloat16}
 * (it came in Java 20), and the project targets 17.
 */
final class Half {
    private Half() {
    }

    static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = (bits >>> 23) & 0xFF;
        int mantissa = bits & 0x7F_FFFF;
        if (exponent == 0xFF) { // infinity or NaN
            return (short) (sign | 0x7C00 | (mantissa != 0 ? 0x200 : 0));
        }
        int halfExponent = exponent - 127 + 15;
        if (halfExponent >= 0x1F) { // too large: infinity
            return (short) (sign | 0x7C00);
        }
        if (halfExponent <= 0) { // subnormal half, or zero
            if (halfExponent < -10) {
                return (short) sign;
            }
            int full = mantissa | 0x80_0000;
            int shift = 14 - halfExponent;
            int rounded = roundShift(full, shift);
            return (short) (sign | rounded);
        }
        int rounded = roundShift(mantissa, 13);
        // a carry out of the mantissa raises the exponent, which the addition does by itself
        return (short) (sign | ((halfExponent << 10) + rounded));
    }

    // value >> shift, rounded to nearest, ties to even.
    private static int roundShift(int value, int shift) {
        int kept = value >>> shift;
        int rest = value & ((1 << shift) - 1);
        int half = 1 << (shift - 1);
        if (rest > half || (rest == half && (kept & 1) == 1)) {
            kept++;
        }
        return kept;
    }

    /** The float a half's bits stand for (for tests and for measuring what f16 loses). */
    static float toFloat(short half) {
        int bits = half & 0xFFFF;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1F;
        int mantissa = bits & 0x3FF;
        if (exponent == 0) {
            float magnitude = mantissa * (float) Math.pow(2, -24);
            return sign != 0 ? -magnitude : magnitude;
        }
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F80_0000 | (mantissa << 13));
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }
}
