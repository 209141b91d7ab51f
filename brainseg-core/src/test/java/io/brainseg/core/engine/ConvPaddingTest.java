package io.brainseg.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import io.brainseg.core.testing.ConvCheck;
import io.brainseg.core.testing.ConvReference;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ConvPadding#conv2d} at the machine's default ISA against plain loops: forward values,
 * input, weight and bias gradients for a sweep of channel counts. Batch 2 sends libtorch's
 * convolution to oneDNN. Float32 sums of at most 40·9 products of values in [−1, 1] are off by
 * about 1e-6 relative; the defect gives 0.04–1 or NaN, so 1e-4 separates them.
 */
class ConvPaddingTest {

    private static final double TOLERANCE = 1e-4;

    @AfterEach
    void clearOverride() {
        System.clearProperty(ConvPadding.PROPERTY);
    }

    /** Input and output channels 1…40: every count that matters (≤ and > a block, multiples, neighbours). */
    static Stream<Arguments> channels() {
        int[] ins = {1, 3, 8, 9, 12, 16, 17, 24, 32, 33, 40};
        int[] outs = {1, 2, 9, 12, 16, 17, 24, 33, 40};
        List<Arguments> cases = new ArrayList<>();
        for (int c : ins) {
            for (int f : outs) {
                cases.add(Arguments.of(c, f));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "C_in={0}, F={1}")
    @MethodSource("channels")
    void valuesAndGradientsMatchLoopsForEveryChannelCount(int c, int f) {
        ConvCheck.Errors e = ConvCheck.run(
                new ConvReference(2, c, 10, 10, f, 3, 1, 1),
                31L * c + f,
                (x, w, b) -> ConvPadding.conv2d(x, w, b, 1, 1, 1));
        assertThat(e.max()).as("%s", e).isLessThan(TOLERANCE);
    }

    @ParameterizedTest(name = "k={0}, stride={1}, C_in={2}, F={3}")
    @MethodSource("kernels")
    void otherKernelsAndStridesMatchLoops(int k, int stride, int c, int f) {
        ConvCheck.Errors e = ConvCheck.run(
                new ConvReference(3, c, 9, 9, f, k, stride, k / 2),
                7L * k + c + f,
                (x, w, b) -> ConvPadding.conv2d(x, w, b, stride, k / 2, k / 2));
        assertThat(e.max()).as("%s", e).isLessThan(TOLERANCE);
    }

    static Stream<Arguments> kernels() {
        return Stream.of(
                Arguments.of(1, 1, 17, 3),
                Arguments.of(1, 2, 24, 9),
                Arguments.of(2, 1, 1, 2),
                Arguments.of(2, 2, 17, 5),
                Arguments.of(3, 2, 12, 24),
                Arguments.of(3, 2, 33, 1),
                Arguments.of(5, 1, 9, 17),
                Arguments.of(3, 2, 48, 16),
                Arguments.of(3, 2, 80, 32),
                Arguments.of(3, 2, 24, 1),
                Arguments.of(3, 1, 48, 12));
    }

    @Test
    void forcedOnPadsToSixteenAndForcedOffPadsNothing() {
        System.setProperty(ConvPadding.PROPERTY, "on");
        assertThat(ConvPadding.isActive(Device.cpu())).isTrue();
        assertThat(ConvPadding.paddedFilters(Device.cpu(), 1, 3)).isEqualTo(16);
        assertThat(ConvPadding.paddedFilters(Device.cpu(), 32, 3)).isEqualTo(32);
        assertThat(ConvPadding.paddedFilters(Device.cpu(), 1, 1)).isEqualTo(1);
        assertThat(ConvPadding.paddedInChannels(Device.cpu(), 3, 3, 1)).isEqualTo(3);
        assertThat(ConvPadding.paddedInChannels(Device.cpu(), 17, 3, 1)).isEqualTo(32);
        assertThat(ConvPadding.paddedInChannels(Device.cpu(), 48, 3, 1)).isEqualTo(48);
        assertThat(ConvPadding.paddedInChannels(Device.cpu(), 48, 3, 2)).isEqualTo(64);
        assertThat(ConvPadding.paddedInChannels(Device.cpu(), 16, 3, 2)).isEqualTo(16);
        assertThat(ConvPadding.paddedInChannels(Device.cpu(), 17, 1, 1)).isEqualTo(17);
        ConvCheck.Errors forcedOn = ConvCheck.run(
                new ConvReference(2, 17, 8, 8, 3, 3, 1, 1), 5, (x, w, b) -> ConvPadding.conv2d(x, w, b, 1, 1, 1));
        assertThat(forcedOn.max()).isLessThan(TOLERANCE);

        System.setProperty(ConvPadding.PROPERTY, "off");
        assertThat(ConvPadding.isActive(Device.cpu())).isFalse();
        assertThat(ConvPadding.paddedFilters(Device.cpu(), 1, 3)).isEqualTo(1);
        assertThat(ConvPadding.paddedInChannels(Device.cpu(), 17, 3, 1)).isEqualTo(17);
    }

    @Test
    void autoPadsExactlyWhenTheProbeFoundTheDefect() {
        ProbeVerdict v = EngineProbe.verdict(Device.cpu());
        assertThat(ConvPadding.mode()).isEqualTo(ConvPadding.Mode.AUTO);
        assertThat(ConvPadding.isActive(Device.cpu())).isEqualTo(v.defect());
        long expected = v.defect() ? v.channelBlock() : 2;
        assertThat(ConvPadding.paddedFilters(Device.cpu(), 2, 3)).isEqualTo(expected);
    }

    @Test
    void anUnknownModeIsRejectedNamingThePropertyAndValue() {
        System.setProperty(ConvPadding.PROPERTY, "sometimes");
        assertThatThrownBy(ConvPadding::mode)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(ConvPadding.PROPERTY)
                .hasMessageContaining("sometimes");
    }
}
