package dev.qiuth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Request headers: names case-insensitive, each name with one or more values in arrival order.
 * Immutable.
 *
 * <p>Held as received, one (name, value) pair after another, each name with a case-blind hash: a
 * request has a dozen headers and the engine asks for a few names, so a scan comparing hashes
 * beats lower-casing every name and building a map the engine would mostly not ask.
 *
 * <pre>{@code
 * Headers h = Headers.builder().add("X-API-Key", key).add("Host", "api.example.com").build();
 * h.first("x-api-key");   // key
 * }</pre>
 */
public final class Headers {
    private static final String[] NONE = new String[0];
    private static final int[] NO_HASHES = new int[0];
    private static final Headers EMPTY = new Headers(NONE, NO_HASHES, NONE, 0);

    private final String[] names; // as received
    private final int[] hashes; // caseBlindHash of each name
    private final String[] values;
    private final int size;

    private Headers(String[] names, int[] hashes, String[] values, int size) {
        this.names = names;
        this.hashes = hashes;
        this.values = values;
        this.size = size;
    }

    /**
     * A hash equal for names equal but for ASCII case (setting bit 5 folds every letter to lower
     * case); names that differ otherwise may share it, so a match is confirmed by {@link #sameName}.
     */
    private static int caseBlindHash(String name) {
        int h = name.length();
        for (int i = 0; i < name.length(); i++) {
            h = 31 * h + (name.charAt(i) | 0x20);
        }
        return h;
    }

    private boolean named(int i, String name, int hash) {
        return hashes[i] == hash && sameName(names[i], name);
    }

    /** Equal but for the case of ASCII letters: header names are tokens, ASCII only (RFC 9110 §5.1). */
    private static boolean sameName(String a, String b) {
        if (a == b) {
            return true;
        }
        if (a.length() != b.length()) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                int lower = x | 0x20;
                if (lower != (y | 0x20) || lower < 'a' || lower > 'z') {
                    return false;
                }
            }
        }
        return true;
    }

    public static Headers empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every value of a header, in order; empty when absent. */
    public List<String> all(String name) {
        String one = null;
        List<String> more = null;
        int hash = caseBlindHash(name);
        for (int i = 0; i < size; i++) {
            if (named(i, name, hash)) {
                if (one == null) {
                    one = values[i];
                } else {
                    if (more == null) {
                        more = new ArrayList<>(4);
                        more.add(one);
                    }
                    more.add(values[i]);
                }
            }
        }
        return more != null ? Collections.unmodifiableList(more) : one != null ? List.of(one) : List.of();
    }

    /** The first value of a header, or {@code null}. */
    public String first(String name) {
        int hash = caseBlindHash(name);
        for (int i = 0; i < size; i++) {
            if (named(i, name, hash)) {
                return values[i];
            }
        }
        return null;
    }

    /** How many times a header was sent. */
    public int count(String name) {
        int n = 0;
        int hash = caseBlindHash(name);
        for (int i = 0; i < size; i++) {
            if (named(i, name, hash)) {
                n++;
            }
        }
        return n;
    }

    /** The header names, lower case, in the order they first came. */
    public Set<String> names() {
        Set<String> lower = new LinkedHashSet<>();
        for (int i = 0; i < size; i++) {
            lower.add(names[i].toLowerCase(Locale.ROOT));
        }
        return Collections.unmodifiableSet(lower);
    }

    @Override
    public String toString() {
        // values are left out on purpose: they carry keys and signatures
        return "Headers" + new TreeSet<>(names());
    }

    /** Collects headers; call {@link #add} once per received value. */
    public static final class Builder {
        private String[] names = NONE;
        private int[] hashes = NO_HASHES;
        private String[] values = NONE;
        private int size;

        private Builder() {
        }

        public Builder add(String name, String value) {
            if (name == null || value == null) {
                return this;
            }
            if (size == names.length) {
                int grown = Math.max(16, size * 2);
                names = Arrays.copyOf(names, grown);
                hashes = Arrays.copyOf(hashes, grown);
                values = Arrays.copyOf(values, grown);
            }
            names[size] = name;
            hashes[size] = caseBlindHash(name);
            values[size] = value;
            size++;
            return this;
        }

        public Builder addAll(String name, Iterable<String> vals) {
            if (vals != null) {
                for (String v : vals) {
                    add(name, v);
                }
            }
            return this;
        }

        /** The headers. The builder's arrays are handed over, not copied; the builder starts afresh. */
        public Headers build() {
            Headers built = size == 0 ? EMPTY : new Headers(names, hashes, values, size);
            names = NONE;
            hashes = NO_HASHES;
            values = NONE;
            size = 0;
            return built;
        }
    }
}
