package io.brainseg.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NaturalOrderTest {

    @Test
    void numbersCompareByValueSoSliceTwoComesBeforeSliceTen() {
        List<String> names = new ArrayList<>(List.of(
                "TCGA_CS_4941_19960909_10.tif",
                "TCGA_CS_4941_19960909_2.tif",
                "TCGA_CS_4941_19960909_1.tif",
                "TCGA_CS_4941_19960909_21.tif"));
        names.sort(NaturalOrder.INSTANCE);
        assertThat(names)
                .containsExactly(
                        "TCGA_CS_4941_19960909_1.tif",
                        "TCGA_CS_4941_19960909_2.tif",
                        "TCGA_CS_4941_19960909_10.tif",
                        "TCGA_CS_4941_19960909_21.tif");
    }

    @Test
    void numbersCompareAsNumbersAndTheRestAsText() {
        List<String> names = new ArrayList<>(
                List.of("P_10.tif", "P_2.tif", "P_1.tif", "P_02b.tif", "Q_1.tif", "P_100.tif", "P_9.tif"));
        names.sort(NaturalOrder.INSTANCE);
        assertThat(names)
                .containsExactly("P_1.tif", "P_2.tif", "P_02b.tif", "P_9.tif", "P_10.tif", "P_100.tif", "Q_1.tif");
    }

    @Test
    void textAndPrefixesStillOrder() {
        assertThat(NaturalOrder.INSTANCE.compare("a_2", "b_1")).isNegative();
        assertThat(NaturalOrder.INSTANCE.compare("a", "a_1")).isNegative();
        assertThat(NaturalOrder.INSTANCE.compare("x_007", "x_7")).isZero();
    }
}
