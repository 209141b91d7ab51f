package io.brainseg.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServeCommandTest {

    @Test
    void servesATrainedRunOnLoopbackUntilInterrupted() throws Exception {
        Path run = Cli.tinyRun();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = BrainsegCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        AtomicInteger exit = new AtomicInteger(-1);
        Thread serving = new Thread(() -> exit.set(cli.execute(
                "serve",
                "--run",
                run.toString(),
                "--port",
                "0",
                "--max-batch",
                "4",
                "--max-wait-ms",
                "2",
                "--threads",
                "8")));
        serving.start();
        Pattern url = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/");
        Matcher m = url.matcher("");
        long until = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < until && !(m = url.matcher(out.toString())).find()) {
            assertThat(serving.isAlive())
                    .as(() -> "serve exited early:\n" + out + err)
                    .isTrue();
            Thread.sleep(50);
        }
        assertThat(out.toString()).contains("ready: true");
        int port = Integer.parseInt(m.group(1));
        HttpClient client = HttpClient.newHttpClient();
        Path slice;
        try (Stream<Path> s = Files.walk(Cli.tinyData())) {
            slice = s.filter(p -> p.toString().endsWith("_3.tif")).findFirst().orElseThrow();
        }
        HttpResponse<String> r = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/segment"))
                        .header("Content-Type", "image/tiff")
                        .header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofFile(slice))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("\"width\":32", "\"checkpointId\"");
        serving.interrupt();
        serving.join(30_000);
        assertThat(serving.isAlive()).isFalse();
        assertThat(exit.get()).as(err.toString()).isEqualTo(0);
        assertThat(out.toString()).contains("stopping");
    }

    @Test
    void aMissingRunIsAOneLineError() {
        String err = Cli.run(1, "serve", "--run", "/nonexistent/run").err();
        assertThat(err).contains("--run /nonexistent/run is not a directory");
    }
}
