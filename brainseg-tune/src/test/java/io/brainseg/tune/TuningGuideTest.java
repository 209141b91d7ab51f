package io.brainseg.tune;

import static org.assertj.core.api.Assertions.assertThat;

import io.brainseg.tune.pruner.MedianPruner;
import io.brainseg.tune.sampler.TpeSampler;
import io.brainseg.tune.space.IntDistribution;
import io.brainseg.tune.space.SearchSpace;
import io.brainseg.tune.storage.JdbcStorage;
import io.brainseg.tune.study.Study;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps docs/tuning.md's code compiling and running: each block between {@code // --- docs/tuning.md:
 * NAME ---} markers (here and in TrainerObjectiveTest) must equal the guide's block after
 * {@code <!-- snippet: NAME -->}, line by line (indentation ignored).
 */
class TuningGuideTest {

    @TempDir
    Path studyDir;

    /** A toy "training curve": the loss falls with epochs and is lowest at lr = 1e-3, dropout 0.1. */
    static double toyLoss(Map<String, Object> p, int epoch) {
        double lr = (Double) p.get("lr");
        double dropout = (Double) p.get("dropout");
        double gates = p.containsKey("gates") ? 0.01 * (Long) p.get("gates") : 0.05;
        return Math.pow(Math.log10(lr) + 3, 2) + Math.pow(dropout - 0.1, 2) + gates + 1.0 / (epoch + 1);
    }

    @Test
    void theQuickStartStudyFindsALowLossAndPrunes() {
        FrozenTrial best;
        // spotless:off
        // --- docs/tuning.md: quick start ---
        SearchSpace space = SearchSpace.builder()
                .addFloat("dropout", 0.0, 0.5)
                .addLogFloat("lr", 1e-6, 0.1)
                .addCategorical("architecture", "unet", "attention_unet")
                .addConditional("gates", IntDistribution.of(1, 4), "architecture", "attention_unet")
                .build();
        try (JdbcStorage storage = JdbcStorage.open(JdbcStorage.h2Url(studyDir));
                Study study = Study.builder().setStudyName("demo").setStorage(storage)
                        .optDirection(StudyDirection.MINIMIZE)
                        .optSampler(TpeSampler.builder().optSeed(42).build())
                        .optPruner(new MedianPruner()).build()) {
            study.optimize(trial -> {
                Map<String, Object> p = space.suggest(trial);
                double loss = 0;
                for (int epoch = 0; epoch < 5; epoch++) {
                    loss = toyLoss(p, epoch);
                    trial.report(epoch, loss);
                    if (trial.shouldPrune()) {
                        throw new TrialPrunedException("pruned at epoch " + epoch);
                    }
                }
                return loss;
            }, 30, Duration.ofMinutes(10));
            best = study.getBestTrial().orElseThrow();
            System.out.println("best " + best.number() + ": " + best.value() + " " + best.params());
            // --- end ---
            // spotless:on
            assertThat(study.getTrials()).hasSize(30);
            assertThat(study.getTrials(TrialState.PRUNED)).isNotEmpty();
        }
        assertThat(Files.exists(studyDir.resolve("study.mv.db"))).isTrue();
        // A random lr in [1e-6, 0.1] is within a factor 3 of 1e-3 with probability 0.2; TPE finds it.
        assertThat(Math.abs(Math.log10((Double) best.params().get("lr")) + 3)).isLessThan(0.5);
        assertThat(best.value()).isLessThan(0.2 + 0.25 + 0.1);
    }

    private static Map<String, List<String>> blocks(String text, Pattern start) {
        Map<String, List<String>> out = new java.util.HashMap<>();
        Matcher m = start.matcher(text);
        while (m.find()) {
            List<String> lines = new ArrayList<>();
            for (String line : text.substring(m.end()).split("\n")) {
                String t = line.strip();
                if (t.equals("// --- end ---") || t.equals("```")) {
                    break;
                }
                if (!t.isEmpty() && !t.startsWith("```")) {
                    lines.add(t);
                }
            }
            out.put(m.group(1), lines);
        }
        return out;
    }

    @Test
    void theGuidesCodeIsTheCodeTheseTestsRun() throws Exception {
        Path docs = Path.of("..", "docs", "tuning.md");
        String guide = Files.readString(docs);
        Map<String, List<String>> inGuide = blocks(guide, Pattern.compile("<!-- snippet: ([a-z ]+) -->\\s*\\n"));
        Map<String, List<String>> inTests = new java.util.HashMap<>();
        for (String src : new String[] {
            "src/test/java/io/brainseg/tune/TuningGuideTest.java",
            "src/test/java/io/brainseg/tune/train/TrainerObjectiveTest.java"
        }) {
            inTests.putAll(blocks(
                    Files.readString(Path.of(src)), Pattern.compile("// --- docs/tuning\\.md: ([a-z ]+) ---\\n")));
        }
        assertThat(inGuide.keySet()).containsExactlyInAnyOrder("quick start", "trainer");
        assertThat(inTests.keySet()).containsExactlyInAnyOrder("quick start", "trainer");
        inGuide.forEach(
                (name, lines) -> assertThat(lines).as("snippet '%s'", name).isEqualTo(inTests.get(name)));
    }
}
