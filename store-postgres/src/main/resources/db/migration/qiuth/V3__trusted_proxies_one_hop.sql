-- Qiuth keys, version 3: a key may trust one proxy hop, whatever its address.
--
-- trusted_proxies holds CIDR ranges (TrustedProxies.of); trusted_proxies_one_hop = true is
-- TrustedProxies.oneHop(): the direct peer is taken for a proxy and the rightmost
-- X-Forwarded-For entry for the client (the engine-wide QIUTH_IP_TRUST_PROXY=true, for one key).
-- A key has either ranges or one hop, never both, and like the ranges one hop only serves an IP
-- allowlist. Existing keys keep their meaning: false.
--
-- Nodes still on a version that does not read this column judge such a key with the engine's
-- proxies: upgrade every node before setting it.

ALTER TABLE qiuth_keys
    ADD COLUMN trusted_proxies_one_hop boolean NOT NULL DEFAULT false,
    ADD CONSTRAINT qiuth_keys_trusted_proxies_one_hop
        CHECK (NOT trusted_proxies_one_hop OR (trusted_proxies IS NULL AND ip_allowlist IS NOT NULL));
