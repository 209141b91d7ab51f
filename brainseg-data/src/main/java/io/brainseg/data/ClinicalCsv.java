package io.brainseg.data;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses {@code data.csv} into {@link ClinicalRecord}s, keyed by TCGA case id. Strict: the file
 * must be UTF-8 (a leading byte-order mark is accepted and dropped, as spreadsheet programs write
 * one), every row must have as many cells as the header, a Patient id of the form
 * {@code TCGA_<inst>_<id>} that no earlier row used, and numbers (or blanks / {@code NA}) in the
 * clinical columns. Every bad row is collected and reported in one {@link LggDataException}, each
 * problem naming the line.
 */
final class ClinicalCsv {

    private static final Pattern CASE_ID = Pattern.compile("TCGA_[A-Za-z0-9]+_[A-Za-z0-9]+");

    private ClinicalCsv() {}

    /**
     * Parses the bytes of a {@code data.csv}.
     *
     * @param bytes the file's content
     * @param location the file's name for messages
     * @return the records by case id, in file order
     * @throws LggDataException listing every bad line (encoding, cell count, patient id, duplicates, numbers)
     */
    static Map<String, ClinicalRecord> parse(byte[] bytes, String location) {
        List<String> lines = decodeLines(bytes, location);
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            throw new LggDataException(location + ": line 1: empty, expected a header line starting with 'Patient'");
        }
        String[] header = split(lines.get(0));
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < header.length; i++) {
            index.put(unquote(header[i]), i);
        }
        Integer patientCol = index.get("Patient");
        if (patientCol == null) {
            throw new LggDataException(
                    location + ": line 1: header has no 'Patient' column: " + Arrays.toString(header));
        }
        List<String> problems = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        Map<String, ClinicalRecord> records = new LinkedHashMap<>();
        for (int ln = 1; ln < lines.size(); ln++) {
            int lineNo = ln + 1;
            if (lines.get(ln).isBlank()) {
                continue;
            }
            String[] cells = split(lines.get(ln));
            if (cells.length != header.length) {
                problems.add(location + ": line " + lineNo + ": " + cells.length + " cells, the header has "
                        + header.length + " (" + abbreviate(lines.get(ln)) + ")");
                continue;
            }
            String patient = cell(cells, patientCol);
            if (patient == null || !CASE_ID.matcher(patient).matches()) {
                problems.add(location + ": line " + lineNo + ": Patient '" + (patient == null ? "" : patient)
                        + "' is not a TCGA case id (TCGA_<inst>_<id>)");
                continue;
            }
            Integer earlier = firstLine.putIfAbsent(patient, lineNo);
            if (earlier != null) {
                problems.add(location + ": line " + lineNo + ": duplicate row for patient " + patient
                        + " (first on line " + earlier + ")");
                continue;
            }
            Integer[] v = new Integer[ClinicalRecord.COLUMNS.length];
            boolean ok = true;
            for (int c = 0; c < v.length; c++) {
                Integer col = index.get(ClinicalRecord.COLUMNS[c]);
                String text = col == null ? null : cell(cells, col);
                if (text != null) {
                    try {
                        double d = Double.parseDouble(text);
                        if (!Double.isFinite(d) || Math.abs(d) > Integer.MAX_VALUE) {
                            throw new NumberFormatException("out of range");
                        }
                        v[c] = (int) Math.round(d);
                    } catch (NumberFormatException e) {
                        problems.add(location + ": line " + lineNo + ", column " + ClinicalRecord.COLUMNS[c] + ": '"
                                + abbreviate(text) + "' is not a number");
                        ok = false;
                    }
                }
            }
            if (ok) {
                records.put(
                        patient,
                        new ClinicalRecord(
                                patient, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11],
                                v[12], v[13], v[14], v[15], v[16]));
            }
        }
        if (!problems.isEmpty()) {
            throw new LggDataException("clinical file " + location + " is invalid", problems);
        }
        return records;
    }

    /** Decodes strict UTF-8 (BOM dropped) into lines; a malformed byte is reported with its line. */
    private static List<String> decodeLines(byte[] bytes, String location) {
        int start =
                bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF
                        ? 3
                        : 0;
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        List<String> lines = new ArrayList<>();
        int lineStart = start;
        for (int i = start; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                int end = i > lineStart && bytes[i - 1] == '\r' ? i - 1 : i;
                if (i == bytes.length && end == lineStart) {
                    break;
                }
                try {
                    CharBuffer cb = decoder.reset().decode(ByteBuffer.wrap(bytes, lineStart, end - lineStart));
                    String line = cb.toString();
                    if (line.indexOf('\0') >= 0) {
                        throw new LggDataException(location + ": line " + (lines.size() + 1)
                                + ": NUL character; is it a binary file, or UTF-16?");
                    }
                    lines.add(line);
                } catch (CharacterCodingException e) {
                    throw new LggDataException(
                            location + ": line " + (lines.size() + 1) + ": not valid UTF-8 (save the file as UTF-8)",
                            e);
                }
                lineStart = i + 1;
            }
        }
        return lines;
    }

    private static String[] split(String line) {
        return line.split(",", -1);
    }

    private static String unquote(String raw) {
        String s = raw.trim();
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            s = s.substring(1, s.length() - 1).trim();
        }
        return s;
    }

    private static String cell(String[] cells, int col) {
        String s = unquote(cells[col]);
        return s.isEmpty() || s.equalsIgnoreCase("NA") ? null : s;
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
