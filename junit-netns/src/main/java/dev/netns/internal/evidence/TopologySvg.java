package dev.netns.internal.evidence;

import dev.netns.internal.spi.LinkState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Draws a test's topology as SVG, in-process (no Graphviz): each namespace is a box listing its
 * interfaces with kind, addresses and bridge master; each veth pair is a line between its two
 * ends, also across namespaces; bridges are shaded. When the failure names a probe, its path is
 * drawn in red (source box, the interfaces and cables it crossed) and the destination is named in
 * the caption, with whether a namespace of the test holds it.
 */
final class TopologySvg {

  private static final int BOX_W = 340;
  private static final int ROW_H = 18;
  private static final int HEAD_H = 26;
  private static final int GAP_X = 90;
  private static final int GAP_Y = 50;
  private static final int COLUMNS = 3;
  /** Room left of the first column for cables between boxes of one column. */
  private static final int MARGIN = 80;
  private static final String RED = "#c62828";

  private TopologySvg() {
  }

  private record Anchor(int left, int right, int y, int column) {
  }

  static String render(String title, Topology t, Optional<ProbePath> path) {
    Set<String> hot = new HashSet<>(path.map(ProbePath::hops).orElse(List.of()));
    int n = t.namespaces().size();
    List<Integer> heights = new ArrayList<>();
    for (Topology.Ns ns : t.namespaces()) {
      int rows = (int) ns.links().stream().filter(l -> !l.name().equals("lo")).count();
      heights.add(HEAD_H + Math.max(1, rows) * ROW_H + 10);
    }
    // A namespace cabled to two or more others (a node, a router, a bridge's home) goes in the
    // middle column and the others to its left and right, so that no cable crosses a box; any
    // other topology is laid out in rows of up to three boxes.
    int hub = -1;
    int best = 1;
    for (int i = 0; i < n; i++) {
      Set<String> others = new HashSet<>();
      for (Topology.Peer p : t.namespaces().get(i).peers().values()) {
        if (p.namespace() != null && !p.namespace().equals(t.namespaces().get(i).name())) others.add(p.namespace());
      }
      if (others.size() > best) {
        best = others.size();
        hub = i;
      }
    }
    int top = 50;
    int[] xs = new int[n];
    int[] ys = new int[n];
    int[] cols = new int[n];
    int columns;
    int height;
    if (hub >= 0 && n >= 3) {
      columns = 3;
      int[] next = {top, top, top};
      int side = 0;
      for (int i = 0; i < n; i++) {
        if (i == hub) continue;
        int c = side++ % 2 == 0 ? 0 : 2;
        cols[i] = c;
        ys[i] = next[c];
        next[c] += heights.get(i) + GAP_Y;
      }
      int sides = Math.max(next[0], next[2]) - GAP_Y;
      cols[hub] = 1;
      ys[hub] = Math.max(top, top + (sides - top - heights.get(hub)) / 2);
      height = Math.max(sides, ys[hub] + heights.get(hub)) + 50;
    } else {
      columns = Math.max(1, Math.min(COLUMNS, n));
      int maxH = 0;
      for (int h : heights) maxH = Math.max(maxH, h);
      for (int i = 0; i < n; i++) {
        cols[i] = i % columns;
        ys[i] = top + (i / columns) * (maxH + GAP_Y);
      }
      height = top + ((n + columns - 1) / columns) * (maxH + GAP_Y) + 30;
    }
    for (int i = 0; i < n; i++) xs[i] = MARGIN + cols[i] * (BOX_W + GAP_X);
    int width = 2 * MARGIN + columns * BOX_W + (columns - 1) * GAP_X;
    StringBuilder s = new StringBuilder();
    s.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height)
        .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
        .append("\" font-family=\"monospace\" font-size=\"12\">\n");
    s.append("<title>").append(esc(title)).append("</title>\n");
    s.append("<rect x=\"0\" y=\"0\" width=\"").append(width).append("\" height=\"").append(height).append("\" fill=\"white\"/>\n");
    s.append("<text x=\"20\" y=\"22\" font-size=\"14\" font-weight=\"bold\">").append(esc(title)).append("</text>\n");
    path.ifPresent(p -> s.append("<text x=\"20\" y=\"40\" fill=\"").append(RED).append("\">probe ")
        .append(esc(p.source())).append(" -&gt; ").append(esc(p.destination()))
        .append(p.holder() == null ? " (no namespace of this test holds it)" : " (held by " + esc(p.holder())
            + (p.reached() ? ")" : "; the path drawn ends before it)"))
        .append("</text>\n"));
    Map<String, Anchor> anchors = new HashMap<>();
    StringBuilder boxes = new StringBuilder();
    for (int i = 0; i < n; i++) {
      Topology.Ns ns = t.namespaces().get(i);
      int col = cols[i];
      int x = xs[i];
      int y = ys[i];
      boolean src = path.map(p -> p.source().equals(ns.display())).orElse(false);
      boxes.append("<g class=\"netns\" id=\"").append(esc(id(ns.name()))).append("\">\n");
      boxes.append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(BOX_W)
          .append("\" height=\"").append(heights.get(i)).append("\" rx=\"8\" fill=\"#f4f7fb\" stroke=\"")
          .append(src ? RED : "#37474f").append("\" stroke-width=\"").append(src ? 3 : 1.5).append("\"/>\n");
      boxes.append("<text x=\"").append(x + 10).append("\" y=\"").append(y + 17).append("\" font-weight=\"bold\">")
          .append(esc(ns.display())).append("</text>\n");
      int row = 0;
      for (LinkState l : ns.links()) {
        if (l.name().equals("lo")) continue;
        int ry = y + HEAD_H + row * ROW_H;
        boolean on = hot.contains(ns.name() + "/" + l.name());
        if ("bridge".equals(l.kind())) {
          boxes.append("<rect x=\"").append(x + 6).append("\" y=\"").append(ry - 1).append("\" width=\"").append(BOX_W - 12)
              .append("\" height=\"").append(ROW_H - 2).append("\" fill=\"#e0e7ef\" stroke=\"#90a4ae\"/>\n");
        }
        StringBuilder text = new StringBuilder(l.name());
        if (!l.kind().isEmpty()) text.append(" [").append(l.kind()).append(']');
        if (!l.isUp()) text.append(" DOWN");
        for (String a : l.addresses()) if (!a.startsWith("fe80:")) text.append(' ').append(a);
        if (l.master() != null && !l.master().isEmpty()) text.append(" -> ").append(l.master());
        boxes.append("<text x=\"").append(x + 12).append("\" y=\"").append(ry + 12).append("\"")
            .append(on ? " fill=\"" + RED + "\" font-weight=\"bold\"" : "").append(">").append(esc(text.toString()))
            .append("</text>\n");
        anchors.put(ns.name() + "/" + l.name(), new Anchor(x, x + BOX_W, ry + 8, col));
        row++;
      }
      if (row == 0) {
        boxes.append("<text x=\"").append(x + 12).append("\" y=\"").append(y + HEAD_H + 12)
            .append("\" fill=\"#78909c\">(lo only)</text>\n");
      }
      boxes.append("</g>\n");
    }
    StringBuilder cables = new StringBuilder();
    Set<String> drawn = new HashSet<>();
    for (Topology.Ns ns : t.namespaces()) {
      for (LinkState l : ns.links()) {
        Topology.Peer p = ns.peers().get(l.index());
        if (p == null || p.name() == null || p.namespace() == null) continue;
        String a = ns.name() + "/" + l.name();
        String b = p.namespace() + "/" + p.name();
        if (!drawn.add(a) || !drawn.add(b)) continue;
        Anchor fa = anchors.get(a);
        Anchor fb = anchors.get(b);
        if (fa == null || fb == null) continue;
        boolean on = hot.contains(a) && hot.contains(b);
        String stroke = on ? RED : "#546e7a";
        int w = on ? 3 : 2;
        cables.append("<path class=\"veth\" d=\"");
        if (fa.column() == fb.column()) {
          int x0 = fa.left();
          cables.append("M").append(x0).append(',').append(fa.y()).append(" C").append(x0 - 60).append(',').append(fa.y())
              .append(' ').append(x0 - 60).append(',').append(fb.y()).append(' ').append(x0).append(',').append(fb.y());
        } else {
          Anchor l0 = fa.column() < fb.column() ? fa : fb;
          Anchor r0 = l0 == fa ? fb : fa;
          cables.append("M").append(l0.right()).append(',').append(l0.y()).append(" L").append(r0.left()).append(',').append(r0.y());
        }
        cables.append("\" fill=\"none\" stroke=\"").append(stroke).append("\" stroke-width=\"").append(w).append("\">")
            .append("<title>").append(esc("veth " + a + " <-> " + b)).append("</title></path>\n");
      }
    }
    s.append(boxes).append(cables);
    s.append("<text x=\"20\" y=\"").append(height - 10).append("\" fill=\"#78909c\">boxes: network namespaces;"
        + " lines: veth pairs; shaded rows: bridges; -&gt; br: bridge port").append("</text>\n");
    s.append("</svg>\n");
    return s.toString();
  }

  private static String id(String name) {
    return "ns-" + name.replaceAll("[^A-Za-z0-9_-]", "_");
  }

  static String esc(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&apos;");
        default -> {
          if (c < 0x20 && c != '\t' && c != '\n') b.append(' ');
          else b.append(c);
        }
      }
    }
    return b.toString();
  }
}
