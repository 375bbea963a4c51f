package dev.netns;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * The reachability table format (Kubernetes NetworkPolicy e2e style): the first non-blank line
 * holds the destination labels; every other non-blank line a source label and one cell per
 * destination ({@code .} reachable, {@code X} not), separated by whitespace. {@link
 * ReachabilityResult#table()} prints it; {@code assertThat(grid).matches(table)} reads it.
 *
 * <pre>{@code
 * Map<String, Map<String, Boolean>> cells = ReachabilityTable.parse("""
 *        a b
 *     a  . X
 *     b  . .
 *     """, List.of("a", "b"), List.of("a", "b"));   // cells.get("a").get("b") == false
 * }</pre>
 */
public final class ReachabilityTable {

  private ReachabilityTable() {
  }

  /** Renders a grid, columns aligned. */
  public static String render(List<String> from, List<String> to, BiPredicate<String, String> reachable) {
    int w0 = from.stream().mapToInt(String::length).max().orElse(1);
    StringBuilder b = new StringBuilder(" ".repeat(w0));
    int[] w = new int[to.size()];
    for (int i = 0; i < to.size(); i++) {
      w[i] = Math.max(1, to.get(i).length());
      b.append("  ").append(pad(to.get(i), w[i]));
    }
    for (String f : from) {
      b.append(System.lineSeparator()).append(pad(f, w0));
      for (int i = 0; i < to.size(); i++) b.append("  ").append(pad(reachable.test(f, to.get(i)) ? "." : "X", w[i]));
    }
    return b.toString().lines().map(String::stripTrailing).reduce((a, c) -> a + System.lineSeparator() + c).orElse("");
  }

  private static String pad(String s, int w) {
    return s + " ".repeat(Math.max(0, w - s.length()));
  }

  /**
   * Parses an expected table against the grid's labels: source label, then destination label, to
   * reachable.
   *
   * @throws IllegalArgumentException naming an unknown label, a missing source or destination, a
   *                                  duplicate, a row of the wrong length or a symbol other than {@code .} and {@code X}
   */
  public static Map<String, Map<String, Boolean>> parse(String table, List<String> from, List<String> to) {
    if (table == null || table.isBlank()) {
      throw new IllegalArgumentException("the expected table is empty; its first line holds the destination labels "
          + to + ", then one line per source " + from);
    }
    List<String[]> lines = new ArrayList<>();
    for (String l : table.strip().split("\\R")) {
      if (!l.isBlank()) lines.add(l.strip().split("\\s+"));
    }
    String[] header = lines.get(0);
    Set<String> seen = new HashSet<>();
    for (String h : header) {
      if (!to.contains(h)) {
        throw new IllegalArgumentException("the table's header names \"" + h + "\", which is not a destination of the grid;"
            + " destinations are " + to);
      }
      if (!seen.add(h)) throw new IllegalArgumentException("the table's header names destination \"" + h + "\" twice");
    }
    for (String t : to) {
      if (!seen.contains(t)) {
        throw new IllegalArgumentException("the table misses destination \"" + t + "\" in its header line "
            + String.join(" ", header));
      }
    }
    Map<String, Map<String, Boolean>> out = new LinkedHashMap<>();
    for (int i = 1; i < lines.size(); i++) {
      String[] row = lines.get(i);
      String f = row[0];
      if (!from.contains(f)) {
        throw new IllegalArgumentException("the table has a row for \"" + f + "\", which is not a source of the grid;"
            + " sources are " + from);
      }
      if (out.containsKey(f)) throw new IllegalArgumentException("the table has two rows for source \"" + f + "\"");
      if (row.length - 1 != header.length) {
        throw new IllegalArgumentException("the table's row \"" + String.join(" ", row) + "\" has " + (row.length - 1)
            + " cells; the header has " + header.length + " destinations");
      }
      Map<String, Boolean> cells = new LinkedHashMap<>();
      for (int c = 1; c < row.length; c++) {
        String sym = row[c];
        if (!sym.equals(".") && !sym.equals("X")) {
          throw new IllegalArgumentException("the table's cell \"" + sym + "\" (" + f + " -> " + header[c - 1]
              + ") is not a symbol it knows; allowed are \".\" (reachable) and \"X\" (not reachable)");
        }
        cells.put(header[c - 1], sym.equals("."));
      }
      out.put(f, cells);
    }
    for (String f : from) {
      if (!out.containsKey(f)) throw new IllegalArgumentException("the table misses the row of source \"" + f + "\"");
    }
    return out;
  }
}
