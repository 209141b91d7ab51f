package io.brainseg.examples;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.brainseg.core.train.Checkpoint;
import io.brainseg.models.interop.MonaiExport;
import io.brainseg.models.interop.MonaiKeys;
import io.brainseg.models.interop.WeightFiles;
import io.brainseg.models.interop.tensor.StateDict;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code import} makes a run the other commands take; {@code export} writes it back under MONAI's keys. */
class ImportCommandTest {

    @TempDir
    Path tmp;

    /** A UNet f=4 with one residual unit, saved as MONAI keys (what a Python user's torch.save gives). */
    private Block monaiFile(NDManager m, Path file) throws Exception {
        Block source = ModelChoice.UNET.build(4, 1, 0);
        source.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
        // Perturb every parameter so PReLU slopes and biases are not at their initial values.
        for (var p : source.getParameters()) {
            NDArray a = p.getValue().getArray();
            a.set(a.add(m.randomNormal(0, 0.05f, a.getShape(), DataType.FLOAT32))
                    .toFloatArray());
        }
        MonaiExport.toTorchStateDict(source, file);
        return source;
    }

    private static NDArray forward(Block b, NDManager m, NDArray x) {
        return b.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
    }

    @Test
    void importedRunPredictsEvaluatesAndExportsAsTheSourceNetwork() throws Exception {
        Path weights = tmp.resolve("unet.pt");
        Path run = tmp.resolve("run");
        Path data = Cli.syntheticData(tmp.resolve("data"), 2, 3);
        try (NDManager m = NDManager.newBaseManager()) {
            Block source = monaiFile(m, weights);
            String printed = Cli.run(
                            0,
                            "import",
                            "--weights",
                            weights.toString(),
                            "--model",
                            "unet",
                            "--filters",
                            "4",
                            "--res-units",
                            "1",
                            "--size",
                            "32",
                            "--out",
                            run.toString())
                    .out();
            assertThat(printed)
                    .contains("imported unet (torch.save zip")
                    .contains(run.toAbsolutePath().toString());
            assertThat(run.resolve("import.json"))
                    .content()
                    .contains("sourceSha256")
                    .contains("TORCH_ZIP");

            // The run's checkpoint rebuilds the same function.
            Block loaded = Checkpoint.read(Checkpoint.locate(run)).loadBlock(m);
            NDArray x = m.randomUniform(0, 1, new Shape(2, 3, 32, 32));
            assertThat(forward(loaded, m, x)
                            .sub(forward(source, m, x))
                            .abs()
                            .max()
                            .getFloat())
                    .isZero();

            // predict and evaluate take it.
            Cli.run(
                    0,
                    "predict",
                    "--run",
                    run.toString(),
                    "--input",
                    data.toString(),
                    "--output",
                    tmp.resolve("pred").toString());
            String eval = Cli.run(0, "evaluate", "--run", run.toString(), "--data", data.toString(), "--size", "32")
                    .out();
            assertThat(eval).contains("per-slice Dice");

            // export writes MONAI's keys with the network's values.
            Path st = tmp.resolve("back.safetensors");
            Path pt = tmp.resolve("back.pt");
            Cli.run(0, "export", "--run", run.toString(), "--to", st.toString());
            Cli.run(0, "export", "--run", run.toString(), "--to", pt.toString());
            StateDict original = WeightFiles.read(weights, m);
            for (Path back : new Path[] {st, pt}) {
                StateDict sd = WeightFiles.read(back, m);
                assertThat(sd.keys()).containsExactlyElementsOf(original.keys());
                assertThat(sd.keys())
                        .containsExactlyElementsOf(MonaiKeys.of(source).keys().stream()
                                .map(MonaiKeys.Key::key)
                                .toList());
                for (String k : original.keys()) {
                    assertThat(sd.get(k).getShape())
                            .as(k)
                            .isEqualTo(original.get(k).getShape());
                    assertThat(sd.get(k).toFloatArray())
                            .as(k)
                            .containsExactly(original.get(k).toFloatArray());
                }
            }
        }
    }

    @Test
    void mismatchedNetworkExitsOneListingTheProblems() throws Exception {
        Path weights = tmp.resolve("unet.pt");
        try (NDManager m = NDManager.newBaseManager()) {
            monaiFile(m, weights);
        }
        String err = Cli.run(
                        1,
                        "import",
                        "--weights",
                        weights.toString(),
                        "--model",
                        "unet",
                        "--filters",
                        "8",
                        "--res-units",
                        "2",
                        "--out",
                        tmp.resolve("bad").toString())
                .err();
        assertThat(err)
                .contains("shape mismatches")
                .contains("missing keys")
                .contains("model.0.conv.unit0.conv.weight: file (4, 3, 3, 3) vs network (8, 3, 3, 3)");
        assertThat(tmp.resolve("bad/best")).doesNotExist();
    }

    @Test
    void hostileOrMissingFilesExitOne() throws Exception {
        Path notWeights = Files.writeString(tmp.resolve("notes.pt"), "not a model");
        assertThat(Cli.run(
                                1,
                                "import",
                                "--weights",
                                notWeights.toString(),
                                "--out",
                                tmp.resolve("r").toString())
                        .err())
                .contains("notes.pt");
        assertThat(Cli.run(
                                1,
                                "import",
                                "--weights",
                                tmp.resolve("none.pt").toString(),
                                "--out",
                                tmp.resolve("r").toString())
                        .err())
                .contains("none.pt does not exist");
    }

    @Test
    void exportRefusesAnUnknownExtension() throws Exception {
        assertThat(Cli.run(
                                2,
                                "export",
                                "--run",
                                tmp.toString(),
                                "--to",
                                tmp.resolve("m.onnx").toString())
                        .err())
                .contains("--to must end with .safetensors, .pt or .pth");
    }
}
