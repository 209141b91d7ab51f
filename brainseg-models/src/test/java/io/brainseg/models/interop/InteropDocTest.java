package io.brainseg.models.interop;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.brainseg.core.model.ModelSpec;
import io.brainseg.models.AttentionUNet;
import io.brainseg.models.UNet;
import io.brainseg.models.interop.tensor.StateDict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java snippets of {@code docs/interop.md}: each block between {@code DOC-BEGIN} and
 * {@code DOC-END} below appears verbatim in the page (checked when the page is present), and runs
 * here on the golden files.
 */
class InteropDocTest {

    private static final Path DOC = Path.of("..", "docs", "interop.md");
    private static final Path SELF =
            Path.of("src", "test", "java", "io", "brainseg", "models", "interop", "InteropDocTest.java");

    @TempDir
    Path tmp;

    @Test
    void snippetsRunOnTheGoldenFiles() throws IOException {
        Path unetCkpt = GoldenInterop.Case.UNET_F8_RES2.weights("ckpt");
        Path attentionSafetensors = GoldenInterop.Case.ATTENTION_UNET_F8.weights("safetensors");
        Path exportDir = tmp;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray images = GoldenInterop.array(m, GoldenInterop.Case.UNET_F8_RES2.io(), "input");
            NDArray expected = GoldenInterop.array(m, GoldenInterop.Case.UNET_F8_RES2.io(), "logits");
            NDArray logits;
            // spotless:off
            // DOC-BEGIN import
            // MONAI: UNet(spatial_dims=2, in_channels=3, out_channels=1,
            //             channels=(8, 16, 32, 64, 128), strides=(2, 2, 2, 2), num_res_units=2)
            ModelSpec spec = UNet.builder().setInChannels(3).setOutChannels(1)
                    .setChannels(8, 16, 32, 64, 128).setStrides(2, 2, 2, 2).optNumResUnits(2)
                    .build().getSpec();
            try (NDManager manager = NDManager.newBaseManager()) {
                // .safetensors, .pt/.pth or Lightning .ckpt: told apart by content; prefix detected
                Block unet = MonaiImport.fromMonai(unetCkpt, spec, manager);
                logits = unet.forward(new ParameterStore(manager, false), new NDList(images), false)
                        .singletonOrThrow();                         // eval mode: N×1×H×W logits
                // DOC-END
                // spotless:on
                assertThat(GoldenInterop.maxAbsDiff(logits, expected)).isLessThanOrEqualTo(1e-5);
            }
            // spotless:off
            // DOC-BEGIN export
            ModelSpec attentionSpec = AttentionUNet.builder().setInChannels(3).setOutChannels(1)
                    .setChannels(8, 16, 32, 64, 128).setStrides(2, 2, 2, 2).build().getSpec();
            try (NDManager manager = NDManager.newBaseManager()) {
                Block net = MonaiImport.builder().setFile(attentionSafetensors).setSpec(attentionSpec)
                        .optPrefix("")                                // no prefix: fail rather than guess
                        .build().load(manager);
                // ... fine-tune net with SegmentationTrainer, or use it as is ...
                MonaiExport.toSafetensors(net, exportDir.resolve("attention.safetensors"));
                MonaiExport.toTorchStateDict(net, exportDir.resolve("attention.pt"));
            }
            // DOC-END
            // spotless:on
            // spotless:off
            // DOC-BEGIN inspect
            try (NDManager manager = NDManager.newBaseManager()) {
                StateDict sd = WeightFiles.read(unetCkpt, manager);   // tensors on our manager
                for (String key : sd.keys()) {                         // "_model.model.0.conv.unit0.conv.weight", ...
                    System.out.println(key + " " + sd.get(key).getShape() + " " + sd.get(key).getDataType());
                }
            }
            // DOC-END
            // spotless:on
            assertThat(exportDir.resolve("attention.pt")).isRegularFile();
        }
    }

    @Test
    void theSnippetsAppearVerbatimInTheDoc() throws IOException {
        List<String> snippets = snippets(Files.readString(SELF));
        assertThat(snippets).hasSize(3);
        if (!Files.isRegularFile(DOC)) {
            return; // the module built alone, outside the repository
        }
        String doc = Files.readString(DOC);
        for (String s : snippets) {
            assertThat(doc).contains(s);
        }
    }

    /** The blocks between the markers, with their common indentation removed. */
    static List<String> snippets(String source) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("// DOC-BEGIN \\w+\\n(.*?)\\n\\s*// DOC-END", Pattern.DOTALL)
                .matcher(source);
        while (m.find()) {
            String[] lines = m.group(1).split("\n");
            int indent = Integer.MAX_VALUE;
            for (String l : lines) {
                if (!l.isBlank()) {
                    indent = Math.min(indent, l.length() - l.stripLeading().length());
                }
            }
            StringBuilder sb = new StringBuilder();
            for (String l : lines) {
                sb.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
            }
            out.add(sb.toString().stripTrailing());
        }
        return out;
    }
}
