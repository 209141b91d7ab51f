package io.brainseg.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {

    @TempDir
    Path tmp;

    @Test
    void aCleanDatasetPasses() {
        Path data = Cli.syntheticData(tmp, 2, 3);
        assertThat(Cli.run(0, "check", "--data", data.toString(), "--size", "32")
                        .out())
                .contains("all 6 slices decode (2 patients)");
    }

    @Test
    void everyBadSliceIsListedInOneRunAndABadCsvIsOnlyAWarning() throws Exception {
        Path data = Cli.syntheticData(tmp, 2, 3);
        Path p0;
        Path p1;
        try (var dirs = Files.list(data)) {
            var patients = dirs.filter(Files::isDirectory).sorted().toList();
            p0 = patients.get(0);
            p1 = patients.get(1);
        }
        Path bad1 = p0.resolve(p0.getFileName() + "_2.tif");
        Path bad2 = p1.resolve(p1.getFileName() + "_3_mask.tif");
        Files.writeString(bad1, "garbage");
        Files.write(bad2, new byte[] {'I', 'I', 42, 0, 8, 0, 0, 0});
        Files.writeString(
                data.resolve("data.csv"), "Patient,gender\nTCGA_CS_4941,1\nTCGA_CS_4941,2\n", StandardCharsets.UTF_8);
        Cli.Output o = Cli.run(1, "check", "--data", data.toString(), "--size", "32");
        assertThat(o.out()).contains("warning: data.csv is ignored", "line 3: duplicate row for patient TCGA_CS_4941");
        assertThat(o.err()).contains("2 of 6 slices", bad1.toString(), bad2.toString());
    }
}
