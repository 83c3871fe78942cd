package org.evoke.distill.docs;

import org.evoke.distill.DistillationLoss;
import org.evoke.distill.TemperatureSigmoid;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Keeps {@code docs/distillation.md} honest: its worked example is recomputed from the inputs it states, and every
 * link to a source line must land on a line holding the code the link names.
 */
class DistillationDocTest {
    /** The doc prints six decimals: a correct number is within half a unit of the sixth decimal. */
    private static final double PRINTED = 0.5e-6 + 1e-12;

    // ---- the worked example ----

    @Test
    void workedExampleNumbersAreWhatTheCodeComputes() throws IOException {
        String section = workedSection();
        Matcher setting = Pattern.compile("T = ([0-9.]+), alpha = ([0-9.]+), N = (\\d+), C = (\\d+)\\.").matcher(section);
        assertTrue(setting.find(), "the worked example states T, alpha, N and C");
        double t = Double.parseDouble(setting.group(1));
        double alpha = Double.parseDouble(setting.group(2));
        int n = Integer.parseInt(setting.group(3));
        int c = Integer.parseInt(setting.group(4));

        assertEquals(3, splitTables(section).size(), "the worked example has three tables: inputs, elements, totals");
        List<Map<String, String>> inputs = rows(section, 0);
        List<Map<String, String>> elements = rows(section, 1);
        List<Map<String, String>> totals = rows(section, 2);
        assertEquals(n * c, inputs.size(), "one input row per element");
        assertEquals(n * c, elements.size(), "one computed row per element");

        double[][] v = new double[n][c];
        double[][] z = new double[n][c];
        double[][] y = new double[n][c];
        for (Map<String, String> row : inputs) {
            int[] ij = index(row.get("i, j"));
            v[ij[0]][ij[1]] = number(row, "v");
            z[ij[0]][ij[1]] = number(row, "z");
            y[ij[0]][ij[1]] = number(row, "Y");
        }
        DistillationLoss.Result r = new DistillationLoss(t, alpha)
                .compute(Nd4j.createFromArray(v), Nd4j.createFromArray(z), Nd4j.createFromArray(y));
        INDArray grad = r.gradient(); // (N, C)

        double softSum = 0;
        double hardSum = 0;
        for (Map<String, String> row : elements) {
            int[] ij = index(row.get("i, j"));
            int i = ij[0];
            int j = ij[1];
            double q = TemperatureSigmoid.sigmoid(z[i][j], t);
            double p = TemperatureSigmoid.sigmoid(v[i][j], t);
            double soft = TemperatureSigmoid.bceWithLogits(v[i][j] / t, q);
            double hard = TemperatureSigmoid.bceWithLogits(v[i][j], y[i][j]);
            softSum += soft;
            hardSum += hard;
            String at = " of element (" + i + ", " + j + ")";
            check("v/T" + at, v[i][j] / t, number(row, "v/T"));
            check("z/T" + at, z[i][j] / t, number(row, "z/T"));
            check("q" + at, q, number(row, "q = sigmoid(z/T)"));
            check("p" + at, p, number(row, "p = sigmoid(v/T)"));
            check("BCE(q, p)" + at, soft, number(row, "BCE(q, p)"));
            check("BCE(q, p) by the textbook form" + at, TemperatureSigmoid.bce(q, p), number(row, "BCE(q, p)"));
            check("sigmoid(v)" + at, TemperatureSigmoid.sigmoid(v[i][j]), number(row, "sigmoid(v)"));
            check("BCE(Y, sigmoid(v))" + at, hard, number(row, "BCE(Y, sigmoid(v))"));
            check("T (p - q)" + at, t * (p - q), number(row, "T (p - q)"));
            check("sigmoid(v) - Y" + at, TemperatureSigmoid.sigmoid(v[i][j]) - y[i][j], number(row, "sigmoid(v) - Y"));
            check("dL/dv" + at, grad.getDouble(i, j), number(row, "dL/dv"));
        }
        Map<String, Double> total = new LinkedHashMap<>();
        for (Map<String, String> row : totals) {
            total.put(row.get("quantity"), Double.parseDouble(row.get("value")));
        }
        check("sum of BCE(q, p)", softSum, total.get("sum of BCE(q, p)"));
        check("L1", r.soft(), total.get("L1 = T^2 * sum / N"));
        check("L1 from the printed sum", t * t * total.get("sum of BCE(q, p)") / n, total.get("L1 = T^2 * sum / N"),
                t * t * PRINTED / n + PRINTED);
        check("sum of BCE(Y, sigmoid(v))", hardSum, total.get("sum of BCE(Y, sigmoid(v))"));
        check("L2", r.hard(), total.get("L2 = sum / N"));
        check("L", r.loss(), total.get("L = alpha L1 + (1 - alpha) L2"));
        assertEquals(5, total.size(), "the totals table: " + total.keySet());
    }

    private static void check(String what, double computed, double printed) {
        check(what, computed, printed, PRINTED);
    }

    private static void check(String what, double computed, double printed, double tol) {
        if (!(Math.abs(computed - printed) <= tol)) {
            fail("docs/distillation.md worked example: " + what + " is printed as " + printed + " but the code computes "
                    + computed);
        }
    }

    private static String workedSection() throws IOException {
        String doc = Files.readString(DocFiles.distillationDoc()).replace("\r\n", "\n");
        int start = doc.indexOf(WorkedExample.START);
        int end = doc.indexOf(WorkedExample.END);
        assertTrue(start >= 0 && end > start, "docs/distillation.md has no worked example between its markers");
        return doc.substring(start, end);
    }

    /** The Markdown tables of the section: runs of lines starting with '|'. */
    private static List<List<String>> splitTables(String section) {
        List<List<String>> tables = new ArrayList<>();
        List<String> current = null;
        for (String line : section.split("\n")) {
            if (line.startsWith("|")) {
                if (current == null) {
                    current = new ArrayList<>();
                    tables.add(current);
                }
                current.add(line);
            } else {
                current = null;
            }
        }
        return tables;
    }

    /** The rows of table {@code k}, each a map from column header to cell text. */
    private static List<Map<String, String>> rows(String section, int k) {
        List<String> lines = splitTables(section).get(k);
        List<String> header = cells(lines.get(0));
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(2, lines.size())) { // skip the |---| rule
            List<String> cells = cells(line);
            assertEquals(header.size(), cells.size(), "cells in row '" + line + "'");
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                row.put(header.get(c), cells.get(c));
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<String> cells(String line) {
        String inner = line.trim();
        inner = inner.substring(1, inner.length() - 1);
        List<String> cells = new ArrayList<>();
        for (String c : inner.split("\\|")) {
            cells.add(c.trim());
        }
        return cells;
    }

    private static double number(Map<String, String> row, String column) {
        String cell = row.get(column);
        if (cell == null) {
            fail("docs/distillation.md worked example: no column '" + column + "' in " + row.keySet());
        }
        return Double.parseDouble(cell);
    }

    private static int[] index(String cell) {
        String[] parts = cell.split(",");
        return new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
    }

    // ---- the links ----

    private static final Pattern LINK = Pattern.compile("\\[([^\\]]+)\\]\\(([^)\\s]+)\\)");

    @Test
    void everyLineLinkLandsOnALineHoldingTheCodeItNames() throws IOException {
        Path doc = DocFiles.distillationDoc();
        Matcher m = LINK.matcher(Files.readString(doc));
        int lineLinks = 0;
        TreeSet<Integer> lossLines = new TreeSet<>();
        while (m.find()) {
            String text = m.group(1).replace("`", "").trim();
            String target = m.group(2);
            int hash = target.indexOf("#L");
            if (hash < 0) {
                continue;
            }
            lineLinks++;
            Path file = doc.getParent().resolve(target.substring(0, hash)).normalize();
            int lineNo = Integer.parseInt(target.substring(hash + 2));
            assertTrue(Files.isRegularFile(file), "link [" + text + "](" + target + "): no file " + file);
            List<String> lines = Files.readAllLines(file);
            assertTrue(lineNo >= 1 && lineNo <= lines.size(), "link [" + text + "](" + target + "): " + file.getFileName()
                    + " has " + lines.size() + " lines");
            assertTrue(text.length() >= 10, "link [" + text + "](" + target + "): name the code on the line, "
                    + "not a short word that could be anywhere");
            String line = lines.get(lineNo - 1);
            if (!line.contains(text)) {
                int actual = -1;
                for (int k = 0; k < lines.size(); k++) {
                    if (lines.get(k).contains(text)) {
                        actual = k + 1;
                    }
                }
                fail("docs/distillation.md link [" + text + "](" + target + ") points at line " + lineNo + " ('"
                        + line.trim() + "')" + (actual > 0 ? "; the code is now on line " + actual : "; the code is gone"));
            }
            if (file.getFileName().toString().equals("DistillationLoss.java")) {
                lossLines.add(lineNo);
            }
        }
        assertTrue(lineLinks >= 13, "the doc links each formula to its code; found only " + lineLinks + " line links");
        // every line of the loss's main loop and its three totals is pointed at from the doc
        Path loss = DocFiles.repositoryRoot().resolve("evoke-distill/src/main/java/org/evoke/distill/DistillationLoss.java");
        List<String> src = Files.readAllLines(loss);
        for (String formula : List.of("double q = ", "double p = ", "softSum += ", "hardSum += ", "double dSoft = ",
                "double dHard = ", "grad.set(k, ", "double soft = ", "double hard = ", "double loss = ")) {
            int lineNo = -1;
            for (int k = 0; k < src.size(); k++) {
                if (src.get(k).trim().startsWith(formula)) {
                    lineNo = k + 1;
                }
            }
            assertTrue(lineNo > 0, "DistillationLoss.java has no line starting with '" + formula + "'");
            assertTrue(lossLines.contains(lineNo), "docs/distillation.md does not link line " + lineNo + " ('"
                    + src.get(lineNo - 1).trim() + "'); linked: " + lossLines);
        }
    }

    @Test
    void everyRelativeLinkAndImageExists() throws IOException {
        Path doc = DocFiles.distillationDoc();
        Matcher m = LINK.matcher(Files.readString(doc));
        List<String> missing = new ArrayList<>();
        int checked = 0;
        while (m.find()) {
            String target = m.group(2);
            if (target.startsWith("http") || target.startsWith("#")) {
                continue;
            }
            String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
            checked++;
            if (!Files.exists(doc.getParent().resolve(file).normalize())) {
                missing.add(target);
            }
        }
        assertTrue(Files.readString(doc).contains("](img/soft-targets.png)"), "the doc shows the soft-target plot");
        assertTrue(checked > 0);
        assertEquals(List.of(), missing, "links in docs/distillation.md to files that do not exist");
        assertTrue(Files.size(doc.getParent().resolve("img/soft-targets.png")) > 1000,
                "docs/img/soft-targets.png: regenerate it with org.evoke.distill.docs.SoftTargetPlot");
    }
}
