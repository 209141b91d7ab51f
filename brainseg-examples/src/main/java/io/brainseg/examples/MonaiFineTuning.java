package io.brainseg.examples;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import io.brainseg.core.model.ModelSpec;
import io.brainseg.core.train.LearningRateSchedule;
import io.brainseg.core.train.Monitor;
import io.brainseg.core.train.SegmentationTrainer;
import io.brainseg.core.train.TrainingResult;
import io.brainseg.core.train.optim.ResumableAdamW;
import io.brainseg.data.LggDataset;
import io.brainseg.data.PatientSplit;
import io.brainseg.data.SliceCache;
import io.brainseg.data.SliceLoader;
import io.brainseg.data.SyntheticLgg;
import io.brainseg.metrics.DiceMetric;
import io.brainseg.metrics.loss.DiceFocalLoss;
import io.brainseg.models.UNet;
import io.brainseg.models.interop.MonaiExport;
import io.brainseg.models.interop.MonaiImport;
import io.brainseg.transforms.Transforms;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Fine-tuning a MONAI network on the JVM, end to end: import a network trained in Python, train it
 * further with {@link SegmentationTrainer} (here two epochs on the built-in synthetic data), and
 * export it back for MONAI.
 *
 * <pre>
 * java -cp ... io.brainseg.examples.MonaiFineTuning unet.ckpt work 8 2
 *   # weights: a MONAI UNet(2, 3, 1, (f, 2f, 4f, 8f, 16f), (2, 2, 2, 2), num_res_units=R) in any
 *   # of safetensors / torch.save / Lightning; writes work/data, work/run, work/finetuned.{safetensors,pt}
 * </pre>
 *
 * @param weights the MONAI weight file
 * @param spec the network the file holds
 * @param work folder for the synthetic data, the run directory and the exported files
 * @param patients synthetic patients (a quarter, at least one, validate)
 * @param slices synthetic slices per patient
 * @param size slice side (a multiple of 16)
 * @param epochs epochs to train
 * @param batchSize batch size
 * @param seed seed of data, split and training
 */
public record MonaiFineTuning(
        Path weights,
        ModelSpec spec,
        Path work,
        int patients,
        int slices,
        int size,
        int epochs,
        int batchSize,
        long seed) {

    /**
     * What a fine-tuning produced.
     *
     * @param training the trainer's result (history, best epoch)
     * @param runDirectory the run directory ({@code best/}, {@code last/}, metrics)
     * @param safetensors the fine-tuned weights under MONAI's keys, as safetensors
     * @param torch the same as a {@code torch.save} state dict
     */
    public record Result(TrainingResult training, Path runDirectory, Path safetensors, Path torch) {}

    /**
     * Checks the settings.
     *
     * @param weights the MONAI weight file
     * @param spec the network the file holds
     * @param work folder for the synthetic data, the run directory and the exported files
     * @param patients synthetic patients (a quarter, at least one, validate)
     * @param slices synthetic slices per patient
     * @param size slice side (a multiple of 16)
     * @param epochs epochs to train
     * @param batchSize batch size
     * @param seed seed of data, split and training
     */
    public MonaiFineTuning {
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(work, "work");
        if (size < 16 || size % 16 != 0) {
            throw new IllegalArgumentException("MonaiFineTuning: invalid size = " + size + " (a multiple of 16)");
        }
        if (patients < 2 || slices < 1 || epochs < 1 || batchSize < 1) {
            throw new IllegalArgumentException("MonaiFineTuning: invalid patients = " + patients + ", slices = "
                    + slices + ", epochs = " + epochs + " or batchSize = " + batchSize);
        }
    }

    /**
     * Imports, trains and exports.
     *
     * @return the training result and the files written
     * @throws IOException if a file cannot be read or written
     */
    public Result run() throws IOException {
        Path data = SyntheticLgg.builder()
                .optPatients(patients)
                .optSlicesPerPatient(slices)
                .optSize(size)
                .optTumourFraction(0.5)
                .optSeed(seed)
                .build()
                .write(work.resolve("data").toAbsolutePath());
        Path runDir = work.resolve("run");
        Path safetensors = work.resolve("finetuned.safetensors");
        Path torch = work.resolve("finetuned.pt");
        try (NDManager manager = NDManager.newBaseManager();
                LggDataset dataset =
                        LggDataset.builder().setPath(data).optExpectedSize(size).build()) {
            // 1. The Python-trained network, as a DJL block with its parameters on our manager.
            Block model = MonaiImport.fromMonai(weights, spec, manager);

            // 2. Data: a patient-level split of the synthetic kaggle_3m folder.
            SliceCache cache = SliceCache.load(dataset);
            PatientSplit split = Splits.of(dataset, cache, null, 0.25, seed);
            SliceLoader train = SliceLoader.builder()
                    .setCache(cache.subset(split.getTrain()))
                    .setBatchSize(batchSize)
                    .optShuffle(true)
                    .optDropLast(false)
                    .optSeed(seed)
                    .build();
            SliceLoader val = SliceLoader.builder()
                    .setCache(cache.subset(split.getValidation()))
                    .setBatchSize(batchSize)
                    .optShuffle(false)
                    .optDropLast(false)
                    .optSeed(seed)
                    .build();

            // 3. Fine-tune: the trainer sees an initialised block and keeps its (imported) weights.
            TrainingResult result;
            try (SegmentationTrainer trainer = SegmentationTrainer.builder()
                    .setModel(model)
                    .setLoss(DiceFocalLoss.builder().build())
                    .addMetric(DiceMetric.builder().optName("dice").build())
                    .optMonitor(Monitor.max("dice"))
                    .optOptimizer(ResumableAdamW.builder().optWeightDecay(1e-5).build())
                    .optSchedule(LearningRateSchedule.constant(1e-4))
                    .setEpochs(epochs)
                    .optGradientClipping(0.5)
                    .optTrainTransform(Transforms.referenceTrain(size))
                    .optValTransform(Transforms.referenceValidation(size))
                    .optSeed(seed)
                    .optRunDirectory(runDir)
                    .build()) {
                result = trainer.fit(train, val);
            }

            // 4. Back to MONAI: the weights after the last epoch, under MONAI's keys.
            MonaiExport.toSafetensors(model, safetensors);
            MonaiExport.toTorchStateDict(model, torch);
            return new Result(result, runDir, safetensors, torch);
        }
    }

    /**
     * Runs the example: {@code WEIGHTS WORK [FILTERS [RES_UNITS]]} for a MONAI UNet with channels
     * f..16f, strides 2×4, in 3, out 1 (defaults f = 8, 2 residual units).
     *
     * @param args the arguments
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: MonaiFineTuning WEIGHTS WORK [FILTERS [RES_UNITS]]");
        }
        int f = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int r = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        ModelSpec spec = UNet.builder()
                .setInChannels(3)
                .setOutChannels(1)
                .setChannels(f, 2 * f, 4 * f, 8 * f, 16 * f)
                .setStrides(2, 2, 2, 2)
                .optNumResUnits(r)
                .build()
                .getSpec();
        Result r1 = new MonaiFineTuning(Path.of(args[0]), spec, Path.of(args[1]), 8, 8, 64, 2, 4, 42).run();
        org.slf4j.LoggerFactory.getLogger(MonaiFineTuning.class)
                .info(
                        "best dice {} at epoch {}; exported {} and {}",
                        r1.training().getBestValue(),
                        r1.training().getBestEpoch() + 1,
                        r1.safetensors(),
                        r1.torch());
    }
}
