/**
 * Qiuth's framework-neutral engine. Exported: the API an application and an adapter use; the
 * crypto helpers stay inside.
 */
module dev.qiuth.core {
    requires org.slf4j;

    exports dev.qiuth;
    exports dev.qiuth.config;
    exports dev.qiuth.generate;
    exports dev.qiuth.ip;
    exports dev.qiuth.ratelimit;
    exports dev.qiuth.replay;
    exports dev.qiuth.signature;
    exports dev.qiuth.store;
    exports dev.qiuth.totp;
}
