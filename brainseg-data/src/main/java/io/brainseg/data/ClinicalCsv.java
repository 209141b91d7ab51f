package io.brainseg.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses {@code data.csv} into {@link ClinicalRecord}s, keyed by TCGA case id. */
final class ClinicalCsv {

    private ClinicalCsv() {}

    static Map<String, ClinicalRecord> read(Path file, String location) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LggDataException(location + ": cannot read (" + e + ")", e);
        }
        if (lines.isEmpty()) {
            throw new LggDataException(location + ": empty file, expected a header line starting with 'Patient'");
        }
        String[] header = split(lines.get(0));
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < header.length; i++) {
            index.put(header[i].trim(), i);
        }
        Integer patientCol = index.get("Patient");
        if (patientCol == null) {
            throw new LggDataException(location + ": header has no 'Patient' column: " + Arrays.toString(header));
        }
        Map<String, ClinicalRecord> records = new LinkedHashMap<>();
        for (int ln = 1; ln < lines.size(); ln++) {
            if (lines.get(ln).isBlank()) {
                continue;
            }
            String[] cells = split(lines.get(ln));
            String patient = cell(cells, patientCol);
            if (patient == null) {
                throw new LggDataException(location + ": line " + (ln + 1) + " has no Patient");
            }
            Integer[] v = new Integer[ClinicalRecord.COLUMNS.length];
            for (int c = 0; c < v.length; c++) {
                Integer col = index.get(ClinicalRecord.COLUMNS[c]);
                String text = col == null ? null : cell(cells, col);
                if (text != null) {
                    try {
                        v[c] = (int) Math.round(Double.parseDouble(text));
                    } catch (NumberFormatException e) {
                        throw new LggDataException(location + ": line " + (ln + 1) + ", column "
                                + ClinicalRecord.COLUMNS[c] + ": '" + text + "' is not a number", e);
                    }
                }
            }
            records.put(patient, new ClinicalRecord(patient, v[0], v[1], v[2], v[3], v[4], v[5], v[6],
                    v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14], v[15], v[16]));
        }
        return records;
    }

    private static String[] split(String line) {
        return line.split(",", -1);
    }

    private static String cell(String[] cells, int col) {
        if (col >= cells.length) {
            return null;
        }
        String s = cells[col].trim();
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            s = s.substring(1, s.length() - 1).trim();
        }
        return s.isEmpty() || s.equalsIgnoreCase("NA") ? null : s;
    }
}
