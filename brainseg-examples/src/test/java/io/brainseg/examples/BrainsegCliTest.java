package io.brainseg.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's top-level error handling: one line for user errors, the trace with --debug. */
class BrainsegCliTest {

    @TempDir
    Path tmp;

    @Test
    void aUserErrorIsOneLineNamingTheFileAndDebugAddsTheStackTrace() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("run"));
        Path input = Files.createDirectories(tmp.resolve("in"));
        String[] args = {
            "predict",
            "--run",
            run.toString(),
            "--input",
            input.toString(),
            "--output",
            tmp.resolve("out").toString()
        };
        Cli.Output plain = Cli.run(1, args);
        assertThat(plain.err().strip().lines()).hasSize(1);
        assertThat(plain.err()).contains("predict: error: ").contains(input.toString());
        assertThat(plain.err()).doesNotContain("\tat ");

        String[] debugArgs = new String[args.length + 1];
        debugArgs[0] = "--debug";
        System.arraycopy(args, 0, debugArgs, 1, args.length);
        Cli.Output debug = Cli.run(1, debugArgs);
        assertThat(debug.err())
                .startsWith(plain.err().strip())
                .contains("Exception")
                .contains("\tat io.brainseg.");
    }
}
