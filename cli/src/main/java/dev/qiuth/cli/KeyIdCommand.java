package dev.qiuth.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What every {@code qiuth keys} command on one stored key has: the key's id, the database, and
 * one piece of admin work on a database opened for the command (picocli reads the annotated
 * fields of this class for each subclass).
 */
abstract class KeyIdCommand implements Callable<Integer> {
    @ParentCommand
    KeysCommand keys;

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions db;

    @Parameters(index = "0", paramLabel = "ID", description = "the key's id")
    String id;

    /** Runs {@code work} with the admin API; see {@link KeysCommand#withAdmin}. */
    <T> T withAdmin(KeysCommand.AdminWork<T> work) {
        return KeysCommand.withAdmin(keys, db, work);
    }

    /** Prints one line to the command's output. */
    int done(String line) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(line);
        out.flush();
        return QiuthCli.OK;
    }
}
