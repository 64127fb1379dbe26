package dev.qiuth.cli;

import dev.qiuth.store.postgres.PostgresKeyAdmin;
import dev.qiuth.store.postgres.StoredKey;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code qiuth keys}: the keys a server reads from PostgreSQL. Only {@code add} prints secrets,
 * once; {@code list} and {@code show} cannot, since the database holds the API key as a hash
 * and the other secrets encrypted.
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = {"Manage API keys stored in PostgreSQL (the qiuth-store-postgres module).",
            "Database from --jdbc-url or QIUTH_JDBC_URL, QIUTH_JDBC_USER, QIUTH_JDBC_PASSWORD (or --jdbc-password-stdin);",
            "secrets encrypted under QIUTH_MASTER_KEY (make one with: qiuth generate master-key)."},
        subcommands = {KeysCommand.Migrate.class, KeysAddCommand.class, KeysCommand.ListKeys.class,
            KeysCommand.Show.class, KeysCommand.Revoke.class, KeysRotateCommand.class,
            KeysRotateCommand.Complete.class, KeysRotateCommand.Cancel.class, KeysCommand.Rewrap.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  export QIUTH_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/app QIUTH_JDBC_USER=qiuth",
            "  export QIUTH_MASTER_KEY=$(qiuth generate master-key)",
            "  qiuth keys migrate",
            "  qiuth keys add --name billing --totp --hmac --ip 10.0.0.0/8 --expires 90d --format env > billing.env",
            "  qiuth keys list",
            "  qiuth keys rotate billing --transition 24h --api-key --hmac --format env > billing-new.env",
            "  qiuth keys complete-rotation billing",
            "  qiuth keys revoke billing"})
final class KeysCommand implements Callable<Integer> {
    enum Format { text, json }

    @ParentCommand
    QiuthCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return QiuthCli.USAGE;
    }

    CliEnvironment environment() {
        return root.environment;
    }

    /** Runs {@code work} with the admin API on a database opened for this one command. */
    static <T> T withAdmin(KeysCommand keys, DatabaseOptions db, AdminWork<T> work) {
        try (KeyDatabase database = KeyDatabase.open(db.settings(keys.environment()))) {
            return work.apply(database.admin(keys.environment().clock()));
        }
    }

    interface AdminWork<T> {
        T apply(PostgresKeyAdmin admin);
    }

    @Command(name = "migrate", mixinStandardHelpOptions = true,
            description = {"Create or upgrade the key tables (history in qiuth_schema_history).",
                "With QIUTH_MASTER_KEY set, also records which master key the secrets are encrypted with (or checks",
                "it against the one recorded), so a server started with another key stops at start. Without it, the",
                "first server or keys command that starts records its key."})
    static final class Migrate implements Callable<Integer> {
        @ParentCommand
        KeysCommand keys;

        @Spec
        CommandSpec spec;

        @Mixin
        DatabaseOptions db;

        @Override
        public Integer call() {
            int applied;
            boolean masterKeyChecked;
            try (KeyDatabase database = KeyDatabase.open(db.settings(keys.environment()))) {
                masterKeyChecked = database.hasMasterKey();
                applied = masterKeyChecked ? database.migrateWithMasterKey() : database.migrate();
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(applied == 0 ? "schema up to date" : "applied " + applied + " migration" + (applied == 1 ? "" : "s"));
            if (masterKeyChecked) {
                out.println("QIUTH_MASTER_KEY is the database's master key (recorded in qiuth_master_key_check)");
            }
            out.flush();
            return QiuthCli.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List every key (never a secret).")
    static final class ListKeys implements Callable<Integer> {
        @ParentCommand
        KeysCommand keys;

        @Spec
        CommandSpec spec;

        @Mixin
        DatabaseOptions db;

        @Option(names = "--format", defaultValue = "text", description = "text or json (default ${DEFAULT-VALUE})")
        Format format;

        @Override
        public Integer call() {
            List<StoredKey> all = withAdmin(keys, db, PostgresKeyAdmin::list);
            java.time.Instant now = keys.environment().clock().instant();
            PrintWriter out = spec.commandLine().getOut();
            if (format == Format.json) {
                List<Object> json = new ArrayList<>();
                all.forEach(k -> json.add(KeyDescription.json(k, now)));
                out.println(JsonText.write(json));
            } else if (all.isEmpty()) {
                out.println("no keys");
            } else {
                out.print(KeyDescription.table(all, now));
            }
            out.flush();
            return QiuthCli.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one key (never a secret).")
    static final class Show extends KeyIdCommand {
        @Option(names = "--format", defaultValue = "text", description = "text or json (default ${DEFAULT-VALUE})")
        Format format;

        @Override
        public Integer call() {
            StoredKey key = withAdmin(admin -> admin.show(id))
                    .orElseThrow(() -> new IllegalArgumentException("no key with id '" + KeyDescription.printable(id) + "'"));
            java.time.Instant now = keys.environment().clock().instant();
            return done(format == Format.json ? JsonText.write(KeyDescription.json(key, now)) : KeyDescription.details(key, now));
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke a key: every server refuses it within a second (the row stays for audit).")
    static final class Revoke extends KeyIdCommand {
        @Override
        public Integer call() {
            String shown = KeyDescription.printable(id);
            return done(withAdmin(admin -> {
                if (admin.revoke(id)) {
                    return "revoked " + shown;
                }
                StoredKey key = admin.show(id)
                        .orElseThrow(() -> new IllegalArgumentException("no key with id '" + shown + "'"));
                return key.id() + " was already revoked at " + key.revokedAt();
            }));
        }
    }

    @Command(name = "rewrap", mixinStandardHelpOptions = true,
            description = {"Encrypt every stored secret again under the newest key of QIUTH_MASTER_KEY.",
                "Master key rotation: qiuth generate master-key --rotate (old and new key), deploy it, run rewrap,",
                "then qiuth generate master-key --primary-only to drop the old key."})
    static final class Rewrap implements Callable<Integer> {
        @ParentCommand
        KeysCommand keys;

        @Spec
        CommandSpec spec;

        @Mixin
        DatabaseOptions db;

        @Override
        public Integer call() {
            int rewrapped = withAdmin(keys, db, PostgresKeyAdmin::rewrap);
            spec.commandLine().getOut().println("re-encrypted the secrets of " + rewrapped + " key" + (rewrapped == 1 ? "" : "s"));
            spec.commandLine().getOut().flush();
            return QiuthCli.OK;
        }
    }
}
