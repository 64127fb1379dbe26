package dev.qiuth.cli;

import dev.qiuth.ApiKeyHash;
import dev.qiuth.crypto.Hex;
import dev.qiuth.generate.CredentialGenerator;
import dev.qiuth.store.postgres.MasterKey;
import dev.qiuth.totp.Base32;
import dev.qiuth.totp.TotpConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code qiuth generate KIND}: new credentials in the protocol's formats. The only command that
 * prints secrets. Its {@code json} and {@code env} outputs use the Node CLI's names.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Generate credentials: an API key, a TOTP secret, an RSA key pair, an HMAC secret, or all.",
            "Prints secrets: run it where no one is looking over your shoulder, or write files with --output."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  qiuth generate api-key --prefix sk_live_ --hash",
            "  qiuth generate api-key --length 64 --format json",
            "  qiuth generate totp",
            "  qiuth generate keypair --modulus 4096 --output ./keys",
            "  qiuth generate hmac-secret --format env >> .env",
            "  qiuth generate all --output ./credentials",
            "  export QIUTH_MASTER_KEY=$(qiuth generate master-key)",
            "  qiuth generate master-key --rotate         (QIUTH_MASTER_KEY plus a new primary key; then qiuth keys rewrap)",
            "",
            "--output DIR writes qiuth.env (client variables; the private key as QIUTH_PRIVATE_KEY_FILE),",
            "qiuth-server.env (server variables: QIUTH_HASHED_API_KEY, never the key) and, for a key pair,",
            "qiuth-private.pem and qiuth-public.pem. Secret files are readable by their owner only;",
            "existing files are never overwritten."})
final class GenerateCommand implements Callable<Integer> {
    enum Format { text, json, env }

    private static final List<String> KINDS = List.of("api-key", "totp", "keypair", "hmac-secret", "all", "master-key");

    @ParentCommand
    QiuthCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "KIND", completionCandidates = Kinds.class,
            description = "api-key, totp, keypair, hmac-secret, all, or master-key (for QIUTH_MASTER_KEY, keys in PostgreSQL)")
    String kind;

    @Option(names = "--format", defaultValue = "text", description = "text, json or env (default ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--length", paramLabel = "BYTES",
            description = "random bytes: API key (default 32, 16..256), HMAC secret (default 32, 16..256), TOTP secret (default 20, 10..64)")
    Integer length;

    @Option(names = "--modulus", defaultValue = "2048", paramLabel = "BITS", description = "RSA key size: 2048, 3072 or 4096 (default ${DEFAULT-VALUE})")
    int modulus;

    @Option(names = "--prefix", defaultValue = "", description = "API key prefix, such as sk_live_")
    String prefix;

    @Option(names = "--hash", description = "also print the API key's SHA-256, as the server stores it")
    boolean hash;

    @Option(names = "--output", paramLabel = "DIR", description = "write files into DIR instead of printing secrets")
    Path output;

    @Option(names = "--rotate", description = "master-key: the current QIUTH_MASTER_KEY with a new primary key added (old keys still decrypt)")
    boolean rotate;

    @Option(names = "--primary-only", description = "master-key: the current QIUTH_MASTER_KEY without its older keys (after qiuth keys rewrap)")
    boolean primaryOnly;

    static final class Kinds extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        Kinds() {
            super(KINDS);
        }
    }

    private final SecureRandom random = new SecureRandom();

    @Override
    public Integer call() throws IOException {
        if (!KINDS.contains(kind)) {
            throw new ParameterException(spec.commandLine(), "KIND must be one of " + String.join(", ", KINDS) + "; got '" + kind + "'");
        }
        ApiKeyPrefix.check(spec, prefix);
        if (modulus != 2048 && modulus != 3072 && modulus != 4096) {
            throw new ParameterException(spec.commandLine(), "--modulus must be 2048, 3072 or 4096, got " + modulus);
        }
        if (kind.equals("master-key")) {
            return masterKey();
        }
        if (rotate || primaryOnly) {
            throw new ParameterException(spec.commandLine(), "--rotate and --primary-only apply to master-key only");
        }
        Generated g = generate();
        if (output != null) {
            writeFiles(g);
        } else if (format == Format.json) {
            spec.commandLine().getOut().println(JsonText.write(g.json()));
        } else if (format == Format.env) {
            g.env().forEach(line -> spec.commandLine().getOut().println(line));
        } else {
            printText(g);
        }
        spec.commandLine().getOut().flush();
        return QiuthCli.OK;
    }

    /** A value for QIUTH_MASTER_KEY: printed alone in text mode, so that $(qiuth generate master-key) works. */
    private int masterKey() {
        if (rotate && primaryOnly) {
            throw new ParameterException(spec.commandLine(), "use only one of --rotate and --primary-only");
        }
        if (output != null || length != null || hash || !prefix.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "master-key takes only --format, --rotate or --primary-only");
        }
        String value;
        if (rotate || primaryOnly) {
            String current = root.environment.env().get(MasterKey.VARIABLE);
            if (current == null || current.isBlank()) {
                throw new IllegalArgumentException(MasterKey.VARIABLE + " is not set: "
                        + (rotate ? "--rotate" : "--primary-only") + " changes the current master key");
            }
            value = rotate ? MasterKey.rotate(current.trim()) : MasterKey.primaryOnly(current.trim());
        } else {
            value = MasterKey.generate();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            out.println(JsonText.write(Map.of("masterKey", value)));
        } else if (format == Format.env) {
            out.println(MasterKey.VARIABLE + "=" + value);
        } else {
            out.println(value);
        }
        out.flush();
        return QiuthCli.OK;
    }

    private Generated generate() {
        boolean all = kind.equals("all");
        Generated g = new Generated();
        if (all || kind.equals("api-key")) {
            g.apiKey = prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes("--length", 32, 16, 256));
            g.hashed = ApiKeyHash.of(g.apiKey).hex();
            g.showHash = hash || output != null;
        }
        if (all || kind.equals("totp")) {
            g.totpSecret = Base32.encode(all ? bytes(null, 20, 10, 64) : bytes("--length", 20, 10, 64));
            g.totpCode = TotpConfig.of(g.totpSecret).codeAt(root.environment.clock().instant());
            g.totpLeft = 30 - Math.floorMod(root.environment.clock().instant().getEpochSecond(), 30);
        }
        if (all || kind.equals("hmac-secret")) {
            g.hmacLength = all ? 32 : length == null ? 32 : length;
            g.hmacSecret = Hex.encode(all ? bytes(null, 32, 16, 256) : bytes("--length", 32, 16, 256));
        }
        if (all || kind.equals("keypair")) {
            CredentialGenerator.PemKeyPair pair = new CredentialGenerator(random).rsaKeyPair(modulus);
            g.publicKey = pair.publicKeyPem();
            g.privateKey = pair.privateKeyPem();
        }
        return g;
    }

    /** Random bytes; {@code option} is null when --length does not apply (for all, it sizes the API key only). */
    private byte[] bytes(String option, int defaultLength, int min, int max) {
        int n = option != null && length != null ? length : defaultLength;
        if (n < min || n > max) {
            throw new ParameterException(spec.commandLine(), "--length for " + kind + " must be " + min + " to " + max + " bytes, got " + n);
        }
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private void printText(Generated g) {
        PrintWriter out = spec.commandLine().getOut();
        if (g.apiKey != null) {
            out.println("API key:       " + g.apiKey);
            if (g.showHash) {
                out.println("SHA-256:       " + g.hashed + "   (store this on the server)");
            }
        }
        if (g.totpSecret != null) {
            out.println("TOTP secret:   " + g.totpSecret);
            out.println("Current code:  " + g.totpCode + " (valid for " + g.totpLeft + " s more)");
            out.println("Provision an authenticator app with: qiuth totp --qr --issuer NAME --account NAME");
        }
        if (g.hmacSecret != null) {
            out.println("HMAC secret:   " + g.hmacSecret + "   (" + g.hmacLength + " bytes, shared by client and server)");
        }
        if (g.publicKey != null) {
            out.println("Public key (server, QIUTH_CERTIFICATE_PUBLIC_KEY):");
            out.print(g.publicKey);
            out.println("Private key (client only, QIUTH_PRIVATE_KEY):");
            out.print(g.privateKey);
        }
        out.println();
        out.println("Store these secrets now: they are not shown again.");
    }

    private void writeFiles(Generated g) throws IOException {
        Path dir = output.toAbsolutePath();
        Files.createDirectories(dir);
        List<String> client = new ArrayList<>();
        List<String> server = new ArrayList<>();
        Path privatePem = dir.resolve("qiuth-private.pem");
        Path publicPem = dir.resolve("qiuth-public.pem");
        Path clientEnv = dir.resolve("qiuth.env");
        Path serverEnv = dir.resolve("qiuth-server.env");
        List<Path> targets = new ArrayList<>(List.of(clientEnv, serverEnv));
        if (g.publicKey != null) {
            targets.add(privatePem);
            targets.add(publicPem);
        }
        for (Path p : targets) {
            if (Files.exists(p)) {
                throw new IllegalArgumentException(p + " already exists; it is never overwritten");
            }
        }
        if (g.apiKey != null) {
            client.add("QIUTH_API_KEY=" + g.apiKey);
            server.add("QIUTH_HASHED_API_KEY=" + g.hashed);
        }
        if (g.totpSecret != null) {
            client.add("QIUTH_TOTP_SECRET=" + g.totpSecret);
            server.add("QIUTH_TOTP_SECRET=" + g.totpSecret);
        }
        if (g.hmacSecret != null) {
            client.add("QIUTH_HMAC_SECRET=" + g.hmacSecret);
            server.add("QIUTH_HMAC_SECRET=" + g.hmacSecret);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (g.publicKey != null) {
            client.add("QIUTH_PRIVATE_KEY_FILE=" + privatePem);
            server.add("QIUTH_CERTIFICATE_PUBLIC_KEY=" + escapedPem(g.publicKey));
            write(privatePem, g.privateKey, true);
            write(publicPem, g.publicKey, false);
            out.println(privatePem);
            out.println(publicPem);
        }
        write(clientEnv, "# Qiuth client credentials\n" + String.join("\n", client) + "\n", true);
        write(serverEnv, "# Qiuth server configuration\n" + String.join("\n", server) + "\n", true);
        out.println(clientEnv);
        out.println(serverEnv);
    }

    /** Creates a new file; a secret one is readable by its owner only from the start. */
    private static void write(Path file, String text, boolean secret) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalArgumentException(file + " already exists; it is never overwritten");
        }
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** A PEM on one line with {@code \n} escapes, quoted, as the Node CLI writes it into env files. */
    static String escapedPem(String pem) {
        return "\"" + pem.replace("\n", "\\n") + "\"";
    }

    /** What was generated; fields are null for what was not asked for. */
    private static final class Generated {
        String apiKey;
        String hashed;
        boolean showHash;
        String totpSecret;
        String totpCode;
        long totpLeft;
        String hmacSecret;
        int hmacLength;
        String publicKey;
        String privateKey;

        /** The Node CLI's JSON: one flat object for one kind, nested objects for all. */
        Map<String, Object> json() {
            Map<String, Object> j = new LinkedHashMap<>();
            boolean all = apiKey != null && totpSecret != null;
            if (apiKey != null) {
                j.put("apiKey", apiKey);
                if (showHash) {
                    j.put("hashedApiKey", hashed);
                }
            }
            if (all) {
                j.put("totp", Map.of("secret", totpSecret));
                j.put("hmac", Map.of("secret", hmacSecret));
                Map<String, Object> cert = new LinkedHashMap<>();
                cert.put("publicKey", publicKey);
                cert.put("privateKey", privateKey);
                j.put("certificate", cert);
                return j;
            }
            if (totpSecret != null) {
                j.put("secret", totpSecret);
                j.put("currentToken", totpCode);
                j.put("remainingTime", totpLeft);
            }
            if (hmacSecret != null) {
                j.put("hmacSecret", hmacSecret);
                j.put("length", hmacLength);
            }
            if (publicKey != null) {
                j.put("publicKey", publicKey);
                j.put("privateKey", privateKey);
            }
            return j;
        }

        /** {@code QIUTH_*} lines; PEMs quoted with {@code \n} escapes. */
        List<String> env() {
            List<String> lines = new ArrayList<>();
            if (apiKey != null && totpSecret != null) {
                lines.add("# Qiuth credentials (QIUTH_HASHED_API_KEY goes to the server, QIUTH_API_KEY to the client)");
            }
            if (apiKey != null) {
                lines.add("QIUTH_API_KEY=" + apiKey);
                if (showHash) {
                    lines.add("QIUTH_HASHED_API_KEY=" + hashed);
                }
            }
            if (totpSecret != null) {
                lines.add("QIUTH_TOTP_SECRET=" + totpSecret);
            }
            if (hmacSecret != null) {
                lines.add("QIUTH_HMAC_SECRET=" + hmacSecret);
            }
            if (publicKey != null) {
                lines.add("QIUTH_CERTIFICATE_PUBLIC_KEY=" + escapedPem(publicKey));
                lines.add("QIUTH_PRIVATE_KEY=" + escapedPem(privateKey));
            }
            return lines;
        }
    }
}
