package io.brainseg.data;

/**
 * One row of the dataset's {@code data.csv}: the genomic clusters and clinical columns of one
 * TCGA case, as the integer codes the file uses (see the dataset's README for their meaning). A
 * blank cell is {@code null}.
 *
 * @param patient the TCGA case id, for example {@code TCGA_CS_4941} (a patient folder name
 *     without its date)
 * @param rnaSeqCluster column {@code RNASeqCluster}
 * @param methylationCluster column {@code MethylationCluster}
 * @param miRnaCluster column {@code miRNACluster}
 * @param cnCluster column {@code CNCluster}
 * @param rppaCluster column {@code RPPACluster}
 * @param oncosignCluster column {@code OncosignCluster}
 * @param cocCluster column {@code COCCluster}
 * @param histologicalType column {@code histological_type}
 * @param neoplasmHistologicGrade column {@code neoplasm_histologic_grade}
 * @param tumorTissueSite column {@code tumor_tissue_site}
 * @param laterality column {@code laterality}
 * @param tumorLocation column {@code tumor_location}
 * @param gender column {@code gender}
 * @param ageAtInitialPathologic column {@code age_at_initial_pathologic}, in years
 * @param race column {@code race}
 * @param ethnicity column {@code ethnicity}
 * @param death01 column {@code death01} (1 = deceased)
 */
public record ClinicalRecord(
        String patient,
        Integer rnaSeqCluster,
        Integer methylationCluster,
        Integer miRnaCluster,
        Integer cnCluster,
        Integer rppaCluster,
        Integer oncosignCluster,
        Integer cocCluster,
        Integer histologicalType,
        Integer neoplasmHistologicGrade,
        Integer tumorTissueSite,
        Integer laterality,
        Integer tumorLocation,
        Integer gender,
        Integer ageAtInitialPathologic,
        Integer race,
        Integer ethnicity,
        Integer death01) {

    /** The column names of {@code data.csv} in the order of this record's integer fields. */
    public static final String[] COLUMNS = {
        "RNASeqCluster",
        "MethylationCluster",
        "miRNACluster",
        "CNCluster",
        "RPPACluster",
        "OncosignCluster",
        "COCCluster",
        "histological_type",
        "neoplasm_histologic_grade",
        "tumor_tissue_site",
        "laterality",
        "tumor_location",
        "gender",
        "age_at_initial_pathologic",
        "race",
        "ethnicity",
        "death01"
    };
}
