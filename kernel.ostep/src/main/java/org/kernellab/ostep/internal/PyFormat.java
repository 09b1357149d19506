package org.kernellab.ostep.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Numbers written as Python 3 writes them, where Java's own formatting differs: {@code %.2f}
 * rounds the exact binary value half to even (Java's {@code %.2f} rounds its shortest decimal
 * half up: 0.125 is {@code 0.12} in Python, {@code 0.13} in Java), {@code str()} of a float
 * ({@code 8.0}, {@code 1e-05}, {@code 1e+16}) and {@code %d} of a float (truncated toward 0).
 */
final class PyFormat {
    private PyFormat() {}

    /** Python's {@code '%.2f' % x}. */
    static String f2(double x) {
        if (Double.isNaN(x)) return "nan";
        if (Double.isInfinite(x)) return x > 0 ? "inf" : "-inf";
        String s = new BigDecimal(x).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
        if (x < 0 || (x == 0 && 1 / x < 0)) {
            if (!s.startsWith("-")) s = "-" + s; // -0.001 is '-0.00' in Python
        }
        return s;
    }

    /** Python's {@code '%d' % x} for a float: truncated toward zero. */
    static String d(double x) {
        return new BigDecimal(x).toBigInteger().toString();
    }

    /** Python's {@code '%<width>d' % x} for a float. */
    static String d(double x, int width) {
        return pad(d(x), width);
    }

    /** {@code s} right-aligned in {@code width} characters, as {@code %<width>d} and {@code %<width>s} do. */
    static String pad(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }

    /** Python's {@code '%<width>d' % n}. */
    static String d(long n, int width) {
        return pad(Long.toString(n), width);
    }

    /**
     * Python's {@code str(x)} (= {@code repr}) for a float: the shortest decimal that reads back
     * as {@code x} (Java's {@link Double#toString} picks the same digits since JDK 19), written
     * plainly with at least one decimal when its exponent lies in -4..15, else as
     * {@code d.ddde+XX}.
     */
    static String str(double x) {
        if (Double.isNaN(x)) return "nan";
        if (Double.isInfinite(x)) return x > 0 ? "inf" : "-inf";
        if (x == 0) return 1 / x < 0 ? "-0.0" : "0.0";
        BigDecimal v = new BigDecimal(Double.toString(x)).stripTrailingZeros();
        String digits = v.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - v.scale();
        String sign = x < 0 ? "-" : "";
        if (exp >= -4 && exp < 16) {
            String plain = v.abs().toPlainString();
            return sign + (plain.contains(".") ? plain : plain + ".0");
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }
}
