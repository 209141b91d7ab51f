package io.brainseg.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceChoiceTest {

    @TempDir
    Path tmp;

    @Test
    void cpuAndGpuNamesMapToDjlDevicesInAnyCase() {
        assertThat(DeviceChoice.parse("CPU", 0)).isEqualTo(Device.cpu());
        assertThat(DeviceChoice.parse("gpu", 1)).isEqualTo(Device.gpu());
    }

    @Test
    void gpuWithoutAGpuIsRefusedWithOneLineNamingTheFix() {
        assertThatThrownBy(() -> DeviceChoice.parse("gpu", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--device gpu: the PyTorch engine sees no GPU")
                .hasMessageContaining("--device cpu")
                .hasMessageNotContaining("\n");
    }

    @Test
    void unknownNameIsNamed() {
        assertThatThrownBy(() -> DeviceChoice.parse("tpu", 4)).hasMessage("unknown device 'tpu'; use cpu or gpu");
    }

    @Test
    void trainWithGpuOnACpuBuildPrintsOneLineAndNoStackTrace() {
        // Only meaningful where the engine sees no GPU (this build bundles the CPU libtorch).
        org.junit.jupiter.api.Assumptions.assumeTrue(Engine.getInstance().getGpuCount() == 0, "a GPU is present");
        Path data = Cli.syntheticData(tmp.resolve("data"), 2, 2);
        Cli.Output out = Cli.run(1, Cli.tinyTrain(data, tmp.resolve("run"), "--device", "gpu"));
        String text = out.all();
        assertThat(text)
                .contains("--device gpu: the PyTorch engine sees no GPU")
                .doesNotContain("\tat ");
        assertThat(text.strip().lines().filter(l -> l.contains("GPU")).count()).isEqualTo(1);
    }
}
