package dev.netns;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every cell of a {@link Reachability} grid saw. {@link #table()} prints the observed grid
 * in the table format {@code matches} reads (Kubernetes NetworkPolicy e2e style):
 *
 * <pre>
 *      x/a  x/b  x/c
 * x/a  .    .    X
 * x/b  .    .    X
 * x/c  X    X    .
 * </pre>
 */
public final class ReachabilityResult {

  private final Reachability grid;
  private final Map<String, Map<String, ProbeResult>> cells;
  private final Duration elapsed;

  ReachabilityResult(Reachability grid, Map<String, Map<String, ProbeResult>> cells, Duration elapsed) {
    this.grid = grid;
    this.cells = cells;
    this.elapsed = elapsed;
  }

  /** The grid that was probed. */
  public Reachability grid() {
    return grid;
  }

  /**
   * Whether the cell's probe succeeded.
   *
   * @throws IllegalArgumentException when a label is not one of the grid's
   */
  public boolean reachable(String fromLabel, String toLabel) {
    return result(fromLabel, toLabel).success();
  }

  /**
   * What the cell's probe saw, with the rule that denied it ({@link ProbeResult#deniedBy()}).
   *
   * @throws IllegalArgumentException when a label is not one of the grid's
   */
  public ProbeResult result(String fromLabel, String toLabel) {
    Map<String, ProbeResult> row = cells.get(fromLabel);
    if (row == null) {
      throw new IllegalArgumentException("source label \"" + fromLabel + "\" is not in the grid; sources are "
          + grid.sources().keySet());
    }
    ProbeResult r = row.get(toLabel);
    if (r == null) {
      throw new IllegalArgumentException("destination label \"" + toLabel + "\" is not in the grid; destinations are "
          + grid.destinations().keySet());
    }
    return r;
  }

  /** The observed grid in the table format ({@code .} reachable, {@code X} not). */
  public String table() {
    return ReachabilityTable.render(new ArrayList<>(grid.sources().keySet()), new ArrayList<>(grid.destinations().keySet()),
        (f, t) -> reachable(f, t));
  }

  /** Every denied cell, one line each: {@code FROM -> TO: RULE}; empty when no rule denied anything. */
  public List<String> denials() {
    List<String> out = new ArrayList<>();
    cells.forEach((f, row) -> row.forEach((t, r) -> r.deniedBy().ifPresent(rule -> out.add(f + " -> " + t + ": " + rule))));
    return out;
  }

  /** Wall time of the whole grid. */
  public Duration elapsed() {
    return elapsed;
  }

  /** Every cell's result, by source then destination label, in the grid's order. */
  public Map<String, Map<String, ProbeResult>> cells() {
    Map<String, Map<String, ProbeResult>> copy = new LinkedHashMap<>();
    cells.forEach((f, row) -> copy.put(f, java.util.Collections.unmodifiableMap(row)));
    return java.util.Collections.unmodifiableMap(copy);
  }

  @Override
  public String toString() {
    return grid.describe() + " in " + elapsed.toMillis() + " ms:" + System.lineSeparator() + table();
  }
}
