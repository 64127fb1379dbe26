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
 * <p>Held as received, one (name, value) pair after another: a request has a dozen headers and
 * the engine asks for a few names, so a scan comparing lengths first beats hashing every name
 * (and lower-casing it) for a map the engine would mostly not ask.
 *
 * <pre>{@code
 * Headers h = Headers.builder().add("X-API-Key", key).add("Host", "api.example.com").build();
 * h.first("x-api-key");   // key
 * }</pre>
 */
public final class Headers {
    private static final String[] NONE = new String[0];
    private static final Headers EMPTY = new Headers(NONE, NONE, 0);

    private final String[] names; // as received
    private final String[] values;
    private final int size;

    private Headers(String[] names, String[] values, int size) {
        this.names = names;
        this.values = values;
        this.size = size;
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
        for (int i = 0; i < size; i++) {
            if (names[i].equalsIgnoreCase(name)) {
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
        for (int i = 0; i < size; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                return values[i];
            }
        }
        return null;
    }

    /** How many times a header was sent. */
    public int count(String name) {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (names[i].equalsIgnoreCase(name)) {
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
                values = Arrays.copyOf(values, grown);
            }
            names[size] = name;
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
            Headers built = size == 0 ? EMPTY : new Headers(names, values, size);
            names = NONE;
            values = NONE;
            size = 0;
            return built;
        }
    }
}
