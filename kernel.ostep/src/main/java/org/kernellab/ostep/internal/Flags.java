package org.kernellab.ostep.internal;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Command-line flags read the way Python's {@code optparse} reads the OSTEP scripts' flags, so
 * that every spelling a script accepts means the same here: {@code -s 5}, {@code -s5},
 * {@code --seed 5}, {@code --seed=5}, a unique prefix of a long name ({@code --se 5}), short
 * flags run together ({@code -cs5}), a value that starts with a dash ({@code -s -5}), and
 * {@code --} ending the flags. An integer is read as optparse's {@code int} type reads it
 * ({@code 0x1f}, {@code 0b101}, a leading {@code 0} for octal, underscores between digits).
 *
 * <p>Unlike optparse, a bare argument that is not a flag is refused rather than ignored, so that
 * a typing slip does not go unnoticed. Every error is an {@link IllegalArgumentException} that
 * names the flag as it was typed and quotes the value.
 */
final class Flags {
    /** What a flag takes. */
    enum Kind { INT, STRING, SWITCH }

    /** One flag: its short letter, long name (without dashes, may be null), what it takes, and its default. */
    record Flag(char letter, String longName, Kind kind, String dflt) {}

    private final List<Flag> flags;
    private final Map<Flag, String> values = new HashMap<>();
    /** How each given flag was typed, for messages. */
    private final Map<Flag, String> typed = new HashMap<>();

    private Flags(List<Flag> flags) {
        this.flags = flags;
    }

    /**
     * Reads {@code args} against {@code flags} ({@code -h}/{@code --help} is always known).
     *
     * @throws IllegalArgumentException naming the flag: an unknown or ambiguous flag, a missing
     *         value, a value for a switch, an integer that is not one, or a bare argument
     */
    static Flags parse(List<Flag> known, String... args) {
        List<Flag> all = new ArrayList<>(known);
        all.add(new Flag('h', "help", Kind.SWITCH, "false"));
        Flags f = new Flags(all);
        int i = 0;
        while (i < args.length) {
            String a = args[i++];
            if (a.equals("--")) {
                if (i < args.length) throw new IllegalArgumentException("unexpected argument '" + args[i] + "': the scripts take only flags");
                break;
            }
            if (a.startsWith("--")) {
                String name = a.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                Flag flag = f.matchLong(name);
                String as = "--" + flag.longName();
                if (flag.kind() == Kind.SWITCH) {
                    if (value != null) throw new IllegalArgumentException(as + " takes no value (given '" + value + "')");
                    f.set(flag, as, "true");
                } else {
                    if (value == null) {
                        if (i >= args.length) throw new IllegalArgumentException(as + " needs a value");
                        value = args[i++];
                    }
                    f.set(flag, as, value);
                }
            } else if (a.startsWith("-") && a.length() > 1) {
                for (int k = 1; k < a.length(); k++) {
                    char c = a.charAt(k);
                    Flag flag = f.matchShort(c);
                    String as = "-" + c;
                    if (flag.kind() == Kind.SWITCH) {
                        f.set(flag, as, "true");
                        continue;
                    }
                    String value;
                    if (k + 1 < a.length()) {
                        value = a.substring(k + 1);
                    } else {
                        if (i >= args.length) throw new IllegalArgumentException(as + " needs a value");
                        value = args[i++];
                    }
                    f.set(flag, as, value);
                    break;
                }
            } else {
                throw new IllegalArgumentException("unexpected argument '" + a + "': the scripts take only flags (see -h)");
            }
        }
        return f;
    }

    private void set(Flag flag, String as, String value) {
        if (flag.kind() == Kind.INT) pyInt(as, value); // refuse a bad integer at once, naming the flag
        values.put(flag, value);
        typed.put(flag, as);
    }

    private Flag matchShort(char c) {
        for (Flag f : flags) if (f.letter() == c) return f;
        throw new IllegalArgumentException("-" + c + " is not a flag of this script (see -h)");
    }

    private Flag matchLong(String name) {
        List<Flag> prefixed = new ArrayList<>();
        for (Flag f : flags) {
            if (f.longName() == null) continue;
            if (f.longName().equals(name)) return f;
            if (!name.isEmpty() && f.longName().startsWith(name)) prefixed.add(f);
        }
        if (prefixed.size() == 1) return prefixed.get(0);
        if (prefixed.isEmpty()) throw new IllegalArgumentException("--" + name + " is not a flag of this script (see -h)");
        StringBuilder b = new StringBuilder();
        for (Flag f : prefixed) b.append(b.length() == 0 ? "" : ", ").append("--").append(f.longName());
        throw new IllegalArgumentException("--" + name + " is ambiguous: it could be " + b);
    }

    private Flag flag(char letter) {
        for (Flag f : flags) if (f.letter() == letter) return f;
        throw new IllegalStateException("no flag -" + letter);
    }

    /** True if the flag was given. */
    boolean given(char letter) {
        return values.containsKey(flag(letter));
    }

    /** The flag as the user typed it ({@code --seed}), or its short form when not given. */
    String as(char letter) {
        Flag f = flag(letter);
        return typed.getOrDefault(f, "-" + f.letter());
    }

    /** A switch's value. */
    boolean on(char letter) {
        return Boolean.parseBoolean(values.getOrDefault(flag(letter), flag(letter).dflt()));
    }

    /** A string flag's value, or its default. */
    String text(char letter) {
        return values.getOrDefault(flag(letter), flag(letter).dflt());
    }

    /** An integer flag's value, read as optparse's {@code int} type does. */
    BigInteger big(char letter) {
        return pyInt(as(letter), text(letter));
    }

    /** An integer flag's value that must lie in {@code min..max}; {@code need} says why when it does not. */
    int integer(char letter, int min, int max, String need) {
        BigInteger v = big(letter);
        if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new IllegalArgumentException(as(letter) + " " + v + ": " + need);
        }
        return v.intValue();
    }

    /**
     * optparse's {@code int} type: {@code 0x} hexadecimal, {@code 0b} binary, a leading
     * {@code 0} octal, else decimal, each as Python's {@code int(text, base)} reads it.
     */
    static BigInteger pyInt(String flag, String v) {
        BigInteger r;
        if (v.length() >= 2 && v.substring(0, 2).equalsIgnoreCase("0x")) r = parseInt(v, 16);
        else if (v.length() >= 2 && v.substring(0, 2).equalsIgnoreCase("0b")) r = parseInt(v.length() == 2 ? "0" : v.substring(2), 2);
        else if (v.startsWith("0")) r = parseInt(v, 8);
        else r = parseInt(v, 10);
        if (r == null) throw new IllegalArgumentException(flag + ": '" + v + "' is not an integer");
        return r;
    }

    /** Python's {@code int(text)} (base 10), as the scripts read the numbers inside lists; null if it is not one. */
    static BigInteger pyInt(String text) {
        return parseInt(text, 10);
    }

    /**
     * Python's {@code int(text, base)}: surrounding whitespace, a sign, the base's prefix
     * ({@code 0x}, {@code 0o}, {@code 0b}) for bases 16, 8 and 2, and single underscores
     * between digits (or after the prefix). Null if the text is not such a number.
     */
    private static BigInteger parseInt(String text, int base) {
        String t = text.strip();
        boolean negative = false;
        if (t.startsWith("+") || t.startsWith("-")) {
            negative = t.startsWith("-");
            t = t.substring(1);
        }
        String prefix = switch (base) {
            case 16 -> "0x";
            case 8 -> "0o";
            case 2 -> "0b";
            default -> null;
        };
        boolean afterPrefix = false;
        if (prefix != null && t.length() >= 2 && t.substring(0, 2).equalsIgnoreCase(prefix)) {
            t = t.substring(2);
            afterPrefix = true;
        }
        if (t.isEmpty() || t.endsWith("_") || (t.startsWith("_") && !afterPrefix) || t.contains("__")) return null;
        String digits = t.replace("_", "");
        if (digits.isEmpty()) return null;
        for (int k = 0; k < digits.length(); k++) if (Character.digit(digits.charAt(k), base) < 0) return null;
        BigInteger v = new BigInteger(digits, base);
        return negative ? v.negate() : v;
    }
}
