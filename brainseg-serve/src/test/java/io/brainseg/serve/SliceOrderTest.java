package io.brainseg.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SliceOrderTest {

    @Test
    void numbersCompareAsNumbersAndTheRestAsText() {
        List<String> names = new ArrayList<>(List.of("P_10.tif", "P_2.tif", "P_1.tif", "P_02b.tif", "Q_1.tif",
                "P_100.tif", "P_9.tif"));
        names.sort(SliceOrder.INSTANCE);
        assertThat(names).containsExactly("P_1.tif", "P_2.tif", "P_02b.tif", "P_9.tif", "P_10.tif", "P_100.tif",
                "Q_1.tif");
    }

    @Test
    void aPrefixComesFirstAndEqualNamesCompareEqual() {
        assertThat(SliceOrder.INSTANCE.compare("P_1", "P_1.tif")).isNegative();
        assertThat(SliceOrder.INSTANCE.compare("P_1.tif", "P_1.tif")).isZero();
        assertThat(SliceOrder.INSTANCE.compare("P_007.tif", "P_7.tif")).isZero();
    }
}
