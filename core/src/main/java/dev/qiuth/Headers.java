package dev.qiuth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.HashMap;

/**
 * Request headers: names case-insensitive, each name with one or more values in arrival order.
 * Immutable.
 *
 * <pre>{@code
 * Headers h = Headers.builder().add("X-API-Key", key).add("Host", "api.example.com").build();
 * h.first("x-api-key");   // key
 * }</pre>
 */
public final class Headers {
    private static final Headers EMPTY = new Headers(Map.of());

    private final Map<String, List<String>> values; // keys lower-case

    private Headers(Map<String, List<String>> values) {
        this.values = values;
    }

    public static Headers empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every value of a header, in order; empty when absent. */
    public List<String> all(String name) {
        List<String> v = values.get(name.toLowerCase(Locale.ROOT));
        return v == null ? List.of() : v;
    }

    /** The first value of a header, or {@code null}. */
    public String first(String name) {
        List<String> v = values.get(name.toLowerCase(Locale.ROOT));
        return v == null ? null : v.get(0);
    }

    /** How many times a header was sent. */
    public int count(String name) {
        return all(name).size();
    }

    /** The header names, lower case. */
    public Set<String> names() {
        return values.keySet();
    }

    @Override
    public String toString() {
        // values are left out on purpose: they carry keys and signatures
        return "Headers" + new java.util.TreeSet<>(values.keySet());
    }

    /** Collects headers; call {@link #add} once per received value. */
    public static final class Builder {
        private Map<String, List<String>> values = new HashMap<>();

        private Builder() {
        }

        public Builder add(String name, String value) {
            if (name == null || value == null) {
                return this;
            }
            values.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>(1)).add(value);
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

        /** The headers. The builder's map is handed over, not copied; the builder starts afresh. */
        public Headers build() {
            Map<String, List<String>> built = values;
            values = new HashMap<>();
            built.replaceAll((k, v) -> v.size() == 1 ? List.of(v.get(0)) : List.copyOf(v));
            return new Headers(Collections.unmodifiableMap(built));
        }
    }
}
