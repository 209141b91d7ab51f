package io.brainseg.core.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SliceContextTest {

    @Test
    void channelsAndContextAreInverse() {
        assertThat(SliceContext.channels(0)).isEqualTo(3);
        assertThat(SliceContext.channels(1)).isEqualTo(9);
        assertThat(SliceContext.channels(2)).isEqualTo(15);
        for (int k = 0; k < 6; k++) {
            assertThat(SliceContext.contextOf(SliceContext.channels(k))).isEqualTo(k);
        }
        assertThat(SliceContext.describe(1)).isEqualTo("9-channel 2.5-D input (context 1)");
    }

    @Test
    void channelCountsNotOfTheForm3Times2KPlus1AreRefusedByValue() {
        for (long bad : new long[] {0, 1, 2, 4, 6, 12, 18}) {
            assertThatThrownBy(() -> SliceContext.contextOf(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("input has " + bad + " channels");
        }
        assertThatThrownBy(() -> SliceContext.channels(-2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got -2");
    }

    @Test
    void stackClampsAtTheEdges() {
        List<byte[]> volume = List.of(new byte[] {1, 1}, new byte[] {2, 2}, new byte[] {3, 3});
        assertThat(SliceContext.stack(volume, 0, 1)).containsExactly(1, 1, 1, 1, 2, 2);
        assertThat(SliceContext.stack(volume, 1, 1)).containsExactly(1, 1, 2, 2, 3, 3);
        assertThat(SliceContext.stack(volume, 2, 1)).containsExactly(2, 2, 3, 3, 3, 3);
        assertThat(SliceContext.stack(volume, 1, 0)).containsExactly(2, 2);
        assertThat(SliceContext.stack(volume, 0, 2)).containsExactly(1, 1, 1, 1, 1, 1, 2, 2, 3, 3);
        assertThatThrownBy(() -> SliceContext.stack(volume, 3, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("slice index 3");
    }
}
