package io.brainseg.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.brainseg.core.batch.SliceId;
import java.util.List;
import org.junit.jupiter.api.Test;

class SliceAreaBinTest {

    private static int next;

    private static Evaluation.SliceResult slice(long truth, long predicted, double dice) {
        return new Evaluation.SliceResult(new SliceId("P", ++next), truth, predicted, 0, dice, Double.NaN);
    }

    @Test
    void groupsSlicesWithTumourByAreaWithHalfOpenRanges() {
        List<SliceAreaBin> bins = SliceAreaBin.of(List.of(
                slice(0, 40, Double.NaN), // no tumour: not in any bin
                slice(1, 0, 0.0),
                slice(299, 310, 0.5),
                slice(300, 280, 0.9),
                slice(999, 0, 0.0),
                slice(2999, 3100, 0.8),
                slice(3000, 2900, 0.95),
                slice(40_000, 39_000, 0.85)));

        assertThat(bins).extracting(SliceAreaBin::minPixels).containsExactly(1L, 300L, 1000L, 3000L);
        assertThat(bins).extracting(SliceAreaBin::maxPixels).containsExactly(300L, 1000L, 3000L, Long.MAX_VALUE);
        assertThat(bins).extracting(SliceAreaBin::slices).containsExactly(2, 2, 1, 2);
        assertThat(bins).extracting(SliceAreaBin::missed).containsExactly(1, 1, 0, 0);
        assertThat(bins.get(0).dice()).isCloseTo(0.25, within(1e-12));
        assertThat(bins.get(1).dice()).isCloseTo(0.45, within(1e-12));
        assertThat(bins.get(2).dice()).isCloseTo(0.8, within(1e-12));
        assertThat(bins.get(3).dice()).isCloseTo(0.9, within(1e-12));
    }

    @Test
    void anEmptyRangeHasNoDiceAndWritesNull() {
        List<SliceAreaBin> bins = SliceAreaBin.of(List.of(slice(500, 480, 0.7)));

        assertThat(bins.get(0).slices()).isZero();
        assertThat(bins.get(0).dice()).isNaN();
        assertThat(bins.get(0).toJson()).containsEntry("dice", null).containsEntry("slices", 0);
        assertThat(bins.get(1).toJson()).containsEntry("dice", 0.7).containsEntry("max_pixels", 1000L);
    }

    @Test
    void labelsNameTheRangeAndTheOpenEnd() {
        List<SliceAreaBin> bins = SliceAreaBin.of(List.of());

        assertThat(bins)
                .extracting(SliceAreaBin::label)
                .containsExactly("1-300 px", "300-1000 px", "1000-3000 px", ">=3000 px");
        assertThat(bins.get(3).toJson()).containsEntry("max_pixels", null).containsEntry("min_pixels", 3000L);
    }
}
