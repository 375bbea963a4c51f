package dev.netns.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netns.ExecResult;
import dev.netns.Netns;
import dev.netns.cni.ConformanceLab.Call;
import dev.netns.cni.ConformanceLab.ChainCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The checks of the conformance kit, each named after the rule of the CNI specification it holds
 * the plugin to (SPEC.md of containernetworking/cni, 1.0.0 and 1.1.0; section numbers as there:
 * §2 Execution Protocol with its Parameters, Errors and CNI operations, §4 Plugin Delegation,
 * §5 Result Types). One instance is one run: the ADD/CHECK/DEL that several checks read
 * ({@link Baseline}) is made once, in a lab of its own.
 */
final class ConformanceChecks {

  /** A check body: returns normally on a pass, throws {@link Failed} or {@link Skipped}. */
  interface Body {
    void run() throws Exception;
  }

  record Check(String name, Body body) {
  }

  /** The plugin broke the rule. */
  static final class Failed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Failed(String detail) {
      super(detail, null, false, false);
    }
  }

  /** The rule does not apply here. */
  static final class Skipped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Skipped(String reason) {
      super(reason, null, false, false);
    }
  }

  /** What one ADD, CHECK and DEL of one container did, read by the checks on results and on state. */
  record Baseline(String netnsPath, ChainCall add, JsonNode result, ConformanceState ctrBefore,
                  ConformanceState ctrAfterAdd, List<String[]> ctrRoutes, ConformanceState nodeBefore,
                  ConformanceState nodeAfterDel, ChainCall check, ChainCall del, ConformanceState ctrAfterDel,
                  List<String> leasesAfterDel) {
  }

  static final String BASE_ID = "kit-base";

  private final ConformanceSubject s;
  private final String ifName;
  private final Consumer<Netns> hostSetup;
  private final String v;
  private final Lazy<Baseline> baseline = new Lazy<>(this::makeBaseline);
  private final Lazy<List<List<String>>> versions = new Lazy<>(this::askVersions);
  private final Lazy<List<Call>> errors = new Lazy<>(this::makeErrors);

  ConformanceChecks(ConformanceSubject subject, String ifName, Consumer<Netns> hostSetup) {
    this.s = subject;
    this.ifName = ifName;
    this.hostSetup = hostSetup;
    this.v = subject.version;
  }

  /** Every check that applies to the configuration's version, in report order. */
  List<Check> all() {
    List<Check> c = new ArrayList<>();
    boolean v03 = NetConf.atLeast(v, "0.3.0");
    boolean v04 = NetConf.atLeast(v, "0.4.0");
    c.add(new Check("ADD result matches the " + v + " result schema (SPEC §5 \"Result Types\": Success)", this::schema));
    c.add(new Check("ADD result echoes the configuration's cniVersion " + v
        + " (SPEC §5 Success: \"cniVersion\" is the version supplied on input)", this::versionEchoed));
    if (v03) {
      c.add(new Check("ADD result lists CNI_IFNAME in interfaces with sandbox = CNI_NETNS (SPEC §5 Success,"
          + " interfaces: \"sandbox\" of an interface in the container is the value passed via CNI_NETNS)", this::sandbox));
      c.add(new Check("ADD result: every ips[].interface is a valid index into interfaces (SPEC §5 Success, ips:"
          + " \"interface\" is the index into the interfaces list)", this::ipIndexes));
    }
    c.add(new Check("ADD made it real: CNI_IFNAME is in the container with the result's addresses and routes"
        + " (SPEC §2 ADD: create the interface defined by CNI_IFNAME inside the container at CNI_NETNS)", this::kernel));
    c.add(new Check("ADD result has no top-level keys outside the " + v + " schema (SPEC §5 \"Result Types\")",
        this::unknownKeys));
    c.add(new Check("ADD into a netns that does not exist fails with an error result (SPEC §2 \"Errors\";"
        + " §5 Error)", this::addMissingNetns));
    if (v04) {
      c.add(new Check("CHECK right after ADD succeeds (SPEC §2 CHECK: the plugin must handle CHECK being called"
          + " immediately after an ADD)", this::checkAfterAdd));
      c.add(new Check("CHECK fails with an error result once CNI_IFNAME is gone from the container (SPEC §2 CHECK:"
          + " return an error if a resource listed in prevResult is missing)", this::checkAfterRemoval));
    }
    c.add(new Check("CHECK is refused for a configuration before 0.4.0 (SPEC 0.4.0 introduced CHECK; §2 CHECK,"
        + " \"Version considerations\")", this::checkRefusedBefore04));
    c.add(new Check("DEL removes what ADD made in the container (SPEC §2 DEL: delete the interface defined by"
        + " CNI_IFNAME, or undo any modifications applied in the plugin's ADD)", this::delContainer));
    c.add(new Check("DEL removes what ADD made on the host side: links, addresses, routes (SPEC §2 DEL: release"
        + " all resources held by the supplied containerid)", this::delHost));
    if (s.usesHostLocal()) {
      c.add(new Check("DEL releases the IPAM lease: an ADD asking for the same address (CNI_ARGS IP=) gets it"
          + " (SPEC §2 DEL; §4 Plugin Delegation: the IPAM plugin releases the allocation)", this::leaseReleased));
    }
    c.add(new Check("DEL twice succeeds (SPEC §2 DEL: plugins MUST accept multiple DEL calls for the same"
        + " (CNI_CONTAINERID, CNI_IFNAME) pair)", this::delTwice));
    c.add(new Check("DEL without a prior ADD succeeds (SPEC §2 DEL: complete a DEL without error even if some"
        + " resources are missing)", this::delWithoutAdd));
    c.add(new Check("DEL after the container's netns was deleted succeeds and releases the IPAM lease (SPEC §2 DEL:"
        + " release an IP allocation and return success even if the network namespace no longer exists)",
        this::delNetnsGone));
    c.add(new Check("DEL for a container whose ADD failed leaves the other container's interface and lease alone"
        + " (SPEC §2 DEL: release the resources held by the supplied containerid)", this::delFailedAdd));
    c.add(new Check("nothing of the plugin remains in the host side after DEL: packet-filter rules, IPAM state"
        + " (SPEC §2 DEL: release all resources held by the supplied containerid)", this::nothingRemains));
    c.add(new Check("two containers ADDed concurrently get distinct addresses and both DEL cleanly (SPEC §2"
        + " Parameters: each container ID is unique; §4 Plugin Delegation: IP allocation)", this::concurrent));
    c.add(new Check("VERSION lists the configuration's cniVersion " + v + " in supportedVersions (SPEC §2 VERSION;"
        + " §5 Version)", this::versionLists));
    c.add(new Check("every version VERSION lists is accepted: ADD with each of them succeeds (SPEC §2 VERSION:"
        + " supportedVersions are the spec versions the plugin supports)", this::versionsHonest));
    c.add(new Check("a configuration of an unsupported cniVersion fails with code 1 (SPEC §5 Error, well-known"
        + " code 1: incompatible CNI version)", this::unsupportedVersionFails));
    c.add(new Check("a configuration that is not JSON fails with code 6 (SPEC §5 Error, well-known code 6:"
        + " failed to decode content)", this::notJson));
    c.add(new Check("a missing CNI_COMMAND fails with code 4 (SPEC §2 Parameters; §5 Error, well-known code 4:"
        + " invalid necessary environment variables)", () -> missingVariable("CNI_COMMAND")));
    c.add(new Check("a missing CNI_CONTAINERID fails ADD with code 4 (SPEC §2 Parameters; §5 Error, well-known"
        + " code 4: invalid necessary environment variables)", () -> missingVariable("CNI_CONTAINERID")));
    c.add(new Check("a missing CNI_IFNAME fails ADD with code 4 (SPEC §2 Parameters; §5 Error, well-known code 4:"
        + " invalid necessary environment variables)", () -> missingVariable("CNI_IFNAME")));
    c.add(new Check("an unknown CNI_COMMAND fails with an error result and changes nothing (SPEC §2 Parameters:"
        + " CNI_COMMAND is one of the defined operations)", this::unknownCommand));
    c.add(new Check("error results carry cniVersion, code and msg, and exit non-zero (SPEC §2 \"Errors\";"
        + " §5 Error)", this::errorShape));
    c.add(new Check("standard output holds nothing but the JSON result (SPEC §2 Overview: the result on stdout,"
        + " stderr for logs)", this::onlyJson));
    if (NetConf.atLeast(v, "1.1.0")) {
      c.add(new Check("STATUS succeeds for a plugin that can serve ADD (SPEC 1.1 §2 STATUS: exit 0 when ready)",
          this::status));
      c.add(new Check("GC releases attachments missing from cni.dev/valid-attachments and keeps the listed ones"
          + " (SPEC 1.1 §2 GC)", this::gc));
    }
    return c;
  }

  // ------------------------------------------------------------------ shared work

  ConformanceLab lab() {
    return new ConformanceLab(s, ifName, hostSetup);
  }

  private Baseline makeBaseline() {
    try (ConformanceLab lab = lab()) {
      Netns ctr = lab.container("c");
      ConformanceState nodeBefore = ConformanceState.of(lab.node, true);
      ConformanceState ctrBefore = ConformanceState.of(ctr, false);
      ChainCall add = lab.add(ctr, BASE_ID, null);
      JsonNode result = add.ok() ? add.last().json() : null;
      ConformanceState ctrAfterAdd = ConformanceState.of(ctr, false);
      List<String[]> routes = allRoutes(ctr);
      ChainCall check = result != null && NetConf.atLeast(v, "0.4.0") ? lab.check(ctr, BASE_ID, null, null) : null;
      ChainCall del = lab.del(ctr, BASE_ID);
      ConformanceState ctrAfterDel = ConformanceState.of(ctr, false);
      ConformanceState nodeAfterDel = ConformanceState.of(lab.node, true);
      List<String> leases = s.usesHostLocal() ? lab.leases() : List.of();
      return new Baseline(lab.path(ctr), add, result, ctrBefore, ctrAfterAdd, routes, nodeBefore, nodeAfterDel, check,
          del, ctrAfterDel, leases);
    }
  }

  /** Every route of every table as (prefix, gateway or ""): plugins such as sbr put routes outside the main table. */
  private static List<String[]> allRoutes(Netns ns) {
    List<String[]> out = new ArrayList<>();
    for (String fam : List.of("-4", "-6")) {
      ExecResult r = ns.exec(Duration.ofSeconds(30), List.of("ip", fam, "-o", "route", "show", "table", "all"));
      for (String line : r.stdout().split("\n")) {
        String[] t = line.strip().split("\\s+");
        if (t.length == 0 || t[0].isEmpty()) continue;
        int i = 0;
        if (Set.of("unicast", "local", "broadcast", "anycast", "multicast", "unreachable", "blackhole", "prohibit")
            .contains(t[0])) i = 1;
        if (i >= t.length) continue;
        String gw = "";
        for (int k = i; k < t.length - 1; k++) if (t[k].equals("via")) gw = t[k + 1];
        out.add(new String[] {ConformanceState.prefix(t[i], fam.equals("-6") ? 6 : 4), gw});
      }
    }
    return out;
  }

  /** Each plugin's VERSION answer: its supportedVersions, or {@code null} when it gave none. */
  private List<List<String>> askVersions() {
    try (ConformanceLab lab = lab()) {
      List<List<String>> out = new ArrayList<>();
      for (int i = 0; i < s.steps.size(); i++) out.add(supported(version(lab, i)));
      return out;
    }
  }

  private Call version(ConformanceLab lab, int i) {
    ConformanceSubject.Step step = s.steps.get(i);
    Map<String, String> env = new LinkedHashMap<>(s.options.env());
    env.put("CNI_COMMAND", "VERSION");
    return lab.raw(step, env, Set.of(), NetConf.write(lab.conf(i, null)));
  }

  private static List<String> supported(Call c) {
    JsonNode n = c.ok() ? c.json() : null;
    if (n == null || !n.path("supportedVersions").isArray()) return null;
    List<String> out = new ArrayList<>();
    for (JsonNode x : n.get("supportedVersions")) out.add(x.asText());
    return out;
  }

  /** Calls that must fail, for the checks on the shape of errors and of standard output. */
  private List<Call> makeErrors() {
    try (ConformanceLab lab = lab()) {
      Netns ctr = lab.container("c");
      List<Call> out = new ArrayList<>();
      for (int i = 0; i < s.steps.size(); i++) {
        ConformanceSubject.Step step = s.steps.get(i);
        out.add(named(lab.raw(step, lab.env(step, "ADD", "kit-err", lab.path(ctr), null), Set.of(), notJsonInput()),
            "ADD with a configuration that is not JSON"));
        ObjectNode bad = lab.conf(i, unsupportedVersion());
        out.add(named(lab.raw(step, lab.env(step, "ADD", "kit-err", lab.path(ctr), null), Set.of(), NetConf.write(bad)),
            "ADD with cniVersion " + unsupportedVersion()));
        out.add(named(lab.raw(step, lab.env(step, "ADD", "kit-err", lab.missingPath(), null), Set.of(),
            NetConf.write(lab.conf(i, null))), "ADD into a netns that does not exist"));
        out.add(named(lab.raw(step, lab.env(step, "FROBNICATE", "kit-err", lab.path(ctr), null), Set.of(),
            NetConf.write(lab.conf(i, null))), "the unknown command FROBNICATE"));
      }
      return out;
    }
  }

  private static Call named(Call c, String what) {
    return new Call(c.plugin(), what, c.exitCode(), c.stdout(), c.stderr());
  }

  private static String notJsonInput() {
    return "{\"cniVersion\": this is not JSON";
  }

  /** A version no plugin of the chain claims to support. */
  private String unsupportedVersion() {
    List<List<String>> all = versions.get();
    for (String candidate : List.of("9.9.9", "99.0.0", "0.0.9")) {
      boolean claimed = false;
      for (List<String> l : all) if (l != null && l.contains(candidate)) claimed = true;
      if (!claimed) return candidate;
    }
    return "99.99.99";
  }

  // ------------------------------------------------------------------ ADD

  private JsonNode addResult() {
    Baseline b = baseline.get();
    if (!b.add().ok()) throw new Failed("ADD failed: " + b.add().describe());
    if (b.result() == null) throw new Failed("ADD exited 0 but its standard output is not one JSON document: "
        + b.add().describe());
    return b.result();
  }

  private void schema() {
    JsonNode r = addResult();
    List<String> p = ResultSchema.problems(r, v);
    if (!p.isEmpty()) throw new Failed(String.join("; ", p) + ": " + Json.excerpt(r.toString()));
  }

  private void versionEchoed() {
    JsonNode r = addResult();
    JsonNode got = r.get("cniVersion");
    if (got == null || !got.isTextual() || !got.asText().equals(v)) {
      throw new Failed("the result's cniVersion is " + (got == null ? "missing" : got) + " for a configuration of "
          + v + ": " + Json.excerpt(r.toString()));
    }
  }

  /** The index of CNI_IFNAME in interfaces, checked against the sandbox. */
  private void sandbox() {
    JsonNode r = addResult();
    String path = baseline.get().netnsPath();
    JsonNode ifs = r.get("interfaces");
    if (ifs == null || !ifs.isArray()) throw new Failed("the result has no \"interfaces\" list: " + Json.excerpt(r.toString()));
    for (JsonNode f : ifs) {
      if (ifName.equals(f.path("name").asText(null))) {
        String sb = f.path("sandbox").asText("");
        if (sb.equals(path)) return;
        throw new Failed("interface " + ifName + " has sandbox \"" + sb + "\", expected CNI_NETNS " + path + ": "
            + Json.excerpt(ifs.toString()));
      }
    }
    throw new Failed("no interface named " + ifName + " (CNI_IFNAME) in " + Json.excerpt(ifs.toString()));
  }

  private void ipIndexes() {
    JsonNode r = addResult();
    JsonNode ifs = r.path("interfaces");
    int count = ifs.isArray() ? ifs.size() : 0;
    List<String> bad = new ArrayList<>();
    int i = 0;
    for (JsonNode ip : r.path("ips")) {
      JsonNode idx = ip.get("interface");
      if (idx == null) {
        if (count > 0) bad.add("ips[" + i + "] (" + ip.path("address").asText() + ") has no interface index");
      } else if (!idx.isIntegralNumber() || idx.asInt() < 0 || idx.asInt() >= count) {
        bad.add("ips[" + i + "].interface is " + idx + " but interfaces has " + count + " entries");
      }
      i++;
    }
    if (!bad.isEmpty()) throw new Failed(String.join("; ", bad) + ": " + Json.excerpt(r.toString()));
  }

  private void kernel() {
    JsonNode r = addResult();
    Baseline b = baseline.get();
    String link = b.ctrAfterAdd().links().get(ifName);
    if (link == null) {
      throw new Failed("the container has no " + ifName + " after ADD; its links: " + b.ctrAfterAdd().links());
    }
    List<String> missing = new ArrayList<>();
    int ifIndex = -1;
    JsonNode ifs = r.path("interfaces");
    for (int i = 0; i < ifs.size(); i++) {
      if (ifName.equals(ifs.get(i).path("name").asText(null)) && !ifs.get(i).path("sandbox").asText("").isEmpty()) {
        ifIndex = i;
      }
    }
    List<String> held = List.of(link.split(" "));
    for (JsonNode ip : ips(r)) {
      JsonNode idx = ip.get("interface");
      if (idx != null && idx.asInt() != ifIndex) continue;
      String a = ip.path("address").asText(ip.path("ip").asText(""));
      if (!held.contains(a)) missing.add("address " + a + " on " + ifName);
    }
    for (JsonNode route : routes(r)) {
      String dst = route.path("dst").asText("");
      if (dst.isEmpty()) continue;
      String p = ConformanceState.prefix(dst, dst.contains(":") ? 6 : 4);
      String gw = route.path("gw").asText("");
      boolean found = b.ctrRoutes().stream().anyMatch(x -> x[0].equals(p) && (gw.isEmpty() || gw.equals(x[1])));
      if (!found) missing.add("route " + dst + (gw.isEmpty() ? "" : " via " + gw));
    }
    if (!missing.isEmpty()) {
      List<String> routes = new ArrayList<>();
      for (String[] x : b.ctrRoutes()) routes.add(x[0] + (x[1].isEmpty() ? "" : " via " + x[1]));
      throw new Failed("the result says so, but the container lacks " + String.join(", ", missing) + "; "
          + ifName + " is " + link + ", routes (all tables): " + routes);
    }
  }

  private static List<JsonNode> ips(JsonNode r) {
    List<JsonNode> out = new ArrayList<>();
    r.path("ips").forEach(out::add);
    for (String k : List.of("ip4", "ip6")) if (r.has(k)) out.add(r.get(k));
    return out;
  }

  private static List<JsonNode> routes(JsonNode r) {
    List<JsonNode> out = new ArrayList<>();
    r.path("routes").forEach(out::add);
    for (String k : List.of("ip4", "ip6")) r.path(k).path("routes").forEach(out::add);
    return out;
  }

  private void unknownKeys() {
    JsonNode r = addResult();
    List<String> unknown = ResultSchema.unknownKeys(r, v);
    if (!unknown.isEmpty()) {
      throw new Failed("keys " + unknown + " are not part of a " + v + " result (allowed: " + ResultSchema.keys(v)
          + "): " + Json.excerpt(r.toString()));
    }
  }

  private void addMissingNetns() {
    try (ConformanceLab lab = lab()) {
      ChainCall add = lab.add((Netns) null, "kit-missing", null);
      Call c = add.last();
      if (c.ok()) throw new Failed("ADD into " + lab.missingPath() + " succeeded: " + c.describe());
      requireErrorResult(c, null);
    }
  }

  /** A non-zero exit with an error result (code, msg) on standard output, with {@code code} when given. */
  private static void requireErrorResult(Call c, Integer code) {
    if (c.ok()) throw new Failed("exited 0, expected an error: " + c.describe());
    JsonNode n = c.json();
    if (n == null || !n.isObject() || !n.path("code").isIntegralNumber() || !n.path("msg").isTextual()) {
      throw new Failed("exited " + c.exitCode() + " without an error result (JSON with \"code\" and \"msg\") on"
          + " standard output: " + c.describe());
    }
    if (code != null && n.get("code").asInt() != code) {
      throw new Failed("error code " + n.get("code").asInt() + ", expected " + code + " ("
          + CniException.describeCode(code) + "): " + c.describe());
    }
  }

  // ------------------------------------------------------------------ CHECK

  private void checkAfterAdd() {
    addResult();
    ChainCall check = baseline.get().check();
    if (!check.ok()) throw new Failed("CHECK with the ADD's result as prevResult failed: " + check.describe());
  }

  private void checkAfterRemoval() {
    try (ConformanceLab lab = lab()) {
      Netns ctr = lab.container("c");
      ChainCall add = lab.add(ctr, "kit-check", null);
      if (!add.ok() || add.last().json() == null) throw new Failed("ADD failed: " + add.describe());
      if ("lo".equals(ifName)) ctr.down("lo"); // lo cannot be deleted: down is what "gone" can mean for it
      else ctr.deleteLink(ifName);
      ChainCall check = lab.check(ctr, "kit-check", null, null);
      requireErrorResult(check.last(), null);
    }
  }

  private void checkRefusedBefore04() {
    String old;
    if (!NetConf.atLeast(v, "0.4.0")) {
      old = v;
    } else {
      old = null;
      List<List<String>> all = versions.get();
      for (String candidate : List.of("0.3.1", "0.3.0", "0.2.0", "0.1.0")) {
        boolean everyone = true;
        for (List<String> l : all) if (l == null || !l.contains(candidate)) everyone = false;
        if (everyone) {
          old = candidate;
          break;
        }
      }
      if (old == null) throw new Skipped("VERSION lists no version before 0.4.0 for every plugin: " + all);
    }
    try (ConformanceLab lab = lab()) {
      Netns ctr = lab.container("c");
      ChainCall add = lab.add(lab.path(ctr), "kit-old", null, old);
      if (!add.ok() || add.last().json() == null) throw new Failed("ADD with cniVersion " + old + " failed: " + add.describe());
      ChainCall check = lab.check(ctr, "kit-old", add.last().json(), old);
      if (check.ok()) throw new Failed("CHECK with a " + old + " configuration succeeded: " + check.describe());
      requireErrorResult(check.last(), null);
    }
  }

  // ------------------------------------------------------------------ DEL

  private void delContainer() {
    Baseline b = baseline.get();
    if (!b.add().ok()) throw new Failed("ADD failed, nothing to DEL: " + b.add().describe());
    if (!b.del().ok()) throw new Failed("DEL failed: " + b.del().describe());
    List<String> left = b.ctrBefore().added(b.ctrAfterDel());
    left.addAll(b.ctrBefore().removed(b.ctrAfterDel()).stream().map(x -> "lost " + x).toList());
    if (!left.isEmpty()) {
      throw new Failed("after DEL the container still differs from before ADD: " + String.join("; ", left));
    }
  }

  private void delHost() {
    Baseline b = baseline.get();
    if (!b.add().ok()) throw new Failed("ADD failed, nothing to DEL: " + b.add().describe());
    if (!b.del().ok()) throw new Failed("DEL failed: " + b.del().describe());
    ConformanceState before = new ConformanceState(b.nodeBefore().links(), b.nodeBefore().routes(), "");
    ConformanceState after = new ConformanceState(b.nodeAfterDel().links(), b.nodeAfterDel().routes(), "");
    List<String> left = before.added(after);
    if (!left.isEmpty()) throw new Failed("after DEL the host side still holds: " + String.join("; ", left));
  }

  private void leaseReleased() {
    try (ConformanceLab lab = lab()) {
      Netns first = lab.container("c1");
      ChainCall add = lab.add(first, "kit-lease-1", null);
      String ip = firstIp(add);
      ChainCall del = lab.del(first, "kit-lease-1");
      if (!del.ok()) throw new Failed("DEL failed: " + del.describe());
      Netns second = lab.container("c2");
      String args = "IgnoreUnknown=1;IP=" + ip;
      ChainCall again = lab.add(second, "kit-lease-2", args);
      if (!again.ok()) {
        throw new Failed("after DEL released " + ip + ", an ADD with CNI_ARGS " + args + " failed (the lease is still"
            + " held: leases " + lab.leases() + "): " + again.describe());
      }
      String got = firstIp(again);
      if (!got.equals(ip)) throw new Failed("an ADD with CNI_ARGS " + args + " got " + got + ", not " + ip);
    }
  }

  /** The first IP of a successful ADD, without prefix. */
  private static String firstIp(ChainCall add) {
    if (!add.ok() || add.last().json() == null) throw new Failed("ADD failed: " + add.describe());
    List<JsonNode> ips = ips(add.last().json());
    if (ips.isEmpty()) throw new Failed("ADD gave no address: " + add.describe());
    String a = ips.get(0).path("address").asText(ips.get(0).path("ip").asText(""));
    return a.contains("/") ? a.substring(0, a.indexOf('/')) : a;
  }

  private void delTwice() {
    try (ConformanceLab lab = lab()) {
      Netns ctr = lab.container("c");
      ChainCall add = lab.add(ctr, "kit-twice", null);
      if (!add.ok()) throw new Failed("ADD failed: " + add.describe());
      ChainCall first = lab.del(ctr, "kit-twice");
      if (!first.ok()) throw new Failed("the first DEL failed: " + first.describe());
      ChainCall second = lab.del(ctr, "kit-twice");
      if (!second.ok()) throw new Failed("the second DEL failed: " + second.describe());
    }
  }

  private void delWithoutAdd() {
    try (ConformanceLab lab = lab()) {
      Netns ctr = lab.container("c");
      ChainCall del = lab.del(ctr, "kit-never-added");
      if (!del.ok()) throw new Failed("DEL of a container that was never ADDed failed: " + del.describe());
    }
  }

  private void delNetnsGone() {
    try (ConformanceLab lab = lab()) {
      Netns ctr = lab.container("c");
      String path = lab.path(ctr);
      ChainCall add = lab.add(ctr, "kit-gone", null);
      if (!add.ok()) throw new Failed("ADD failed: " + add.describe());
      lab.remove(ctr);
      ChainCall del = lab.del(path, "kit-gone", null);
      if (!del.ok()) throw new Failed("DEL after the netns " + path + " was deleted failed: " + del.describe());
      if (s.usesHostLocal() && !lab.leases().isEmpty()) {
        throw new Failed("DEL succeeded but host-local still holds " + lab.leases());
      }
    }
  }

  private void delFailedAdd() {
    try (ConformanceLab lab = lab()) {
      Netns ctr = lab.container("c");
      ChainCall a = lab.add(ctr, "kit-first", null);
      if (!a.ok() || a.last().json() == null) throw new Failed("ADD failed: " + a.describe());
      String ip = firstIpOrEmpty(a);
      ConformanceState before = ConformanceState.of(ctr, false);
      List<String> leasesBefore = s.usesHostLocal() ? lab.leases() : List.of();
      ChainCall b = lab.add(ctr, "kit-second", null);
      ChainCall delB = lab.del(ctr, "kit-second");
      ConformanceState after = ConformanceState.of(ctr, false);
      List<String> lost = before.removed(after);
      String link = after.links().get(ifName);
      if (link == null || !link.equals(before.links().get(ifName))) {
        lost.add(ifName + " of the first container is " + (link == null ? "gone" : link) + " (was "
            + before.links().get(ifName) + ")");
      }
      List<String> leasesAfter = s.usesHostLocal() ? lab.leases() : List.of();
      for (String l : leasesBefore) if (!leasesAfter.contains(l)) lost.add("the lease of " + l);
      if (!lost.isEmpty()) {
        throw new Failed("a second container ID ADDed into the same netns and " + ifName + " ("
            + (b.ok() ? "succeeded" : "failed: " + oneLine(b.last())) + "), then its DEL ("
            + (delB.ok() ? "exit 0" : "failed: " + oneLine(delB.last())) + ") took the first container's "
            + String.join(", ", lost) + (ip.isEmpty() ? "" : " (first container's address " + ip + ")"));
      }
    }
  }

  private static String firstIpOrEmpty(ChainCall add) {
    try {
      return firstIp(add);
    } catch (Failed e) {
      return "";
    }
  }

  private static String oneLine(Call c) {
    JsonNode n = c.json();
    String msg = n != null && n.has("msg") ? n.get("msg").asText() : Json.excerpt(c.stdout());
    return "exit " + c.exitCode() + " \"" + msg + "\"";
  }

  private void nothingRemains() {
    Baseline b = baseline.get();
    List<String> left = new ArrayList<>();
    ConformanceState before = new ConformanceState(Map.of(), List.of(), b.nodeBefore().rules());
    ConformanceState after = new ConformanceState(Map.of(), List.of(), b.nodeAfterDel().rules());
    left.addAll(before.added(after));
    for (String l : b.leasesAfterDel()) left.add("host-local lease " + l);
    if (!left.isEmpty()) {
      throw new Failed("after ADD and DEL (" + (b.del().ok() ? "exit 0" : "failed: " + oneLine(b.del().last()))
          + ") the host side still holds: " + String.join("; ", left));
    }
  }

  private void concurrent() {
    try (ConformanceLab lab = lab()) {
      Netns one = lab.container("c1");
      Netns two = lab.container("c2");
      CompletableFuture<ChainCall> a = CompletableFuture.supplyAsync(() -> lab.add(one, "kit-con-1", null), ConformanceChecks::thread);
      CompletableFuture<ChainCall> b = CompletableFuture.supplyAsync(() -> lab.add(two, "kit-con-2", null), ConformanceChecks::thread);
      ChainCall ra = a.join();
      ChainCall rb = b.join();
      if (!ra.ok()) throw new Failed("the first of two concurrent ADDs failed: " + ra.describe());
      if (!rb.ok()) throw new Failed("the second of two concurrent ADDs failed: " + rb.describe());
      List<String> shared = allocated(ra);
      shared.retainAll(allocated(rb));
      if (!shared.isEmpty()) throw new Failed("both containers got " + String.join(", ", shared));
      CompletableFuture<ChainCall> da = CompletableFuture.supplyAsync(() -> lab.del(one, "kit-con-1"), ConformanceChecks::thread);
      CompletableFuture<ChainCall> db = CompletableFuture.supplyAsync(() -> lab.del(two, "kit-con-2"), ConformanceChecks::thread);
      ChainCall xa = da.join();
      ChainCall xb = db.join();
      if (!xa.ok()) throw new Failed("DEL of the first container failed: " + xa.describe());
      if (!xb.ok()) throw new Failed("DEL of the second container failed: " + xb.describe());
      if (s.usesHostLocal() && !lab.leases().isEmpty()) {
        throw new Failed("both DELs succeeded but host-local still holds " + lab.leases());
      }
    }
  }

  /**
   * The addresses an ADD handed out, without prefix; loopback addresses are left out: every
   * namespace has its own 127.0.0.1 and ::1, nothing allocates them.
   */
  private static List<String> allocated(ChainCall add) {
    List<String> out = new ArrayList<>();
    if (add.last().json() == null) return out;
    for (JsonNode ip : ips(add.last().json())) {
      String a = ip.path("address").asText(ip.path("ip").asText(""));
      if (a.contains("/")) a = a.substring(0, a.indexOf('/'));
      inet.ipaddr.IPAddress parsed = new inet.ipaddr.IPAddressString(a).getAddress();
      if (parsed != null && !parsed.isLoopback()) out.add(a);
    }
    return out;
  }

  /** A fresh platform thread per task: never a pooled one that outlives the run. */
  private static void thread(Runnable r) {
    Thread t = new Thread(r, "cni-conformance");
    t.setDaemon(true);
    t.start();
  }

  // ------------------------------------------------------------------ protocol

  private void versionLists() {
    try (ConformanceLab lab = lab()) {
      List<String> bad = new ArrayList<>();
      for (int i = 0; i < s.steps.size(); i++) {
        Call c = version(lab, i);
        List<String> sv = supported(c);
        JsonNode n = c.json();
        if (!c.ok() || n == null || !n.path("cniVersion").isTextual() || sv == null) {
          bad.add("VERSION did not answer with cniVersion and supportedVersions: " + c.describe());
        } else if (!sv.contains(v)) {
          bad.add(c.plugin() + " supports " + sv + ", not " + v);
        }
      }
      if (!bad.isEmpty()) throw new Failed(String.join("; ", bad));
    }
  }

  private void versionsHonest() {
    List<List<String>> all = versions.get();
    List<String> common = null;
    for (List<String> l : all) {
      if (l == null) throw new Failed("VERSION gave no supportedVersions, so none can be tried");
      if (common == null) common = new ArrayList<>(l);
      else common.retainAll(l);
    }
    List<String> refused = new ArrayList<>();
    try (ConformanceLab lab = lab()) {
      int n = 0;
      for (String version : common) {
        if (!version.matches("\\d+\\.\\d+\\.\\d+")) {
          refused.add(version + " (not a version)");
          continue;
        }
        // configuration lists (and prevResult) exist from 0.3.0 on: older versions cannot run a chain
        if (s.isList && !NetConf.atLeast(version, "0.3.0")) continue;
        Netns ctr = lab.container("v" + n++);
        String id = "kit-version-" + version;
        ChainCall add = lab.add(lab.path(ctr), id, null, version);
        if (!add.ok()) refused.add(version + ": " + add.describe());
        lab.del(lab.path(ctr), id, version);
      }
    }
    if (!refused.isEmpty()) throw new Failed("VERSION lists " + common + ", but ADD refused " + String.join("; ", refused));
  }

  private void unsupportedVersionFails() {
    String bad = unsupportedVersion();
    try (ConformanceLab lab = lab()) {
      Netns ctr = lab.container("c");
      List<String> wrong = new ArrayList<>();
      for (int i = 0; i < s.steps.size(); i++) {
        ConformanceSubject.Step step = s.steps.get(i);
        Call c = lab.raw(step, lab.env(step, "ADD", "kit-v", lab.path(ctr), null), Set.of(),
            NetConf.write(lab.conf(i, bad)));
        try {
          requireErrorResult(c, 1);
        } catch (Failed f) {
          wrong.add("ADD with cniVersion " + bad + ": " + f.getMessage());
        }
      }
      if (!wrong.isEmpty()) throw new Failed(String.join("; ", wrong));
    }
  }

  private void notJson() {
    try (ConformanceLab lab = lab()) {
      Netns ctr = lab.container("c");
      List<String> wrong = new ArrayList<>();
      for (ConformanceSubject.Step step : s.steps) {
        Call c = lab.raw(step, lab.env(step, "ADD", "kit-json", lab.path(ctr), null), Set.of(), notJsonInput());
        try {
          requireErrorResult(c, 6);
        } catch (Failed f) {
          wrong.add("ADD with " + notJsonInput() + ": " + f.getMessage());
        }
      }
      if (!wrong.isEmpty()) throw new Failed(String.join("; ", wrong));
    }
  }

  private void missingVariable(String variable) {
    try (ConformanceLab lab = lab()) {
      Netns ctr = lab.container("c");
      List<String> wrong = new ArrayList<>();
      for (int i = 0; i < s.steps.size(); i++) {
        ConformanceSubject.Step step = s.steps.get(i);
        Call c = lab.raw(step, lab.env(step, "ADD", "kit-env", lab.path(ctr), null), Set.of(variable),
            NetConf.write(lab.conf(i, null)));
        try {
          requireErrorResult(c, 4);
        } catch (Failed f) {
          wrong.add("ADD without " + variable + ": " + f.getMessage());
        }
      }
      if (!wrong.isEmpty()) throw new Failed(String.join("; ", wrong));
    }
  }

  private void unknownCommand() {
    try (ConformanceLab lab = lab()) {
      Netns ctr = lab.container("c");
      ConformanceState before = ConformanceState.of(ctr, false);
      ConformanceState nodeBefore = ConformanceState.of(lab.node, false);
      List<String> wrong = new ArrayList<>();
      for (int i = 0; i < s.steps.size(); i++) {
        ConformanceSubject.Step step = s.steps.get(i);
        Call c = lab.raw(step, lab.env(step, "FROBNICATE", "kit-cmd", lab.path(ctr), null), Set.of(),
            NetConf.write(lab.conf(i, null)));
        try {
          requireErrorResult(c, null);
        } catch (Failed f) {
          wrong.add("CNI_COMMAND=FROBNICATE: " + f.getMessage());
        }
      }
      List<String> changed = before.added(ConformanceState.of(ctr, false));
      changed.addAll(nodeBefore.added(ConformanceState.of(lab.node, false)));
      if (!changed.isEmpty()) wrong.add("CNI_COMMAND=FROBNICATE changed " + String.join("; ", changed));
      if (!wrong.isEmpty()) throw new Failed(String.join("; ", wrong));
    }
  }

  private void errorShape() {
    List<String> bad = new ArrayList<>();
    for (Call c : errors.get()) {
      String what = c.plugin() + ": error of " + c.command();
      if (c.ok()) {
        bad.add(what + " exited 0");
        continue;
      }
      JsonNode n = c.json();
      if (n == null || !n.isObject()) {
        bad.add(what + " printed no JSON object: " + Json.excerpt(c.stdout()));
        continue;
      }
      List<String> missing = new ArrayList<>();
      if (!n.path("cniVersion").isTextual()) missing.add("\"cniVersion\"");
      if (!n.path("code").isIntegralNumber()) missing.add("\"code\"");
      if (!n.path("msg").isTextual()) missing.add("\"msg\"");
      if (n.has("details") && !n.get("details").isTextual()) missing.add("a string \"details\"");
      if (!missing.isEmpty()) bad.add(what + " has no " + String.join(", ", missing) + ": " + Call.oneLine(c.stdout()));
    }
    if (!bad.isEmpty()) throw new Failed(String.join("\n", bad));
  }

  private void onlyJson() {
    Baseline b = baseline.get();
    List<Call> calls = new ArrayList<>(b.add().calls());
    if (b.check() != null) calls.addAll(b.check().calls());
    calls.addAll(b.del().calls());
    calls.addAll(errors.get());
    List<String> bad = new ArrayList<>();
    for (Call c : calls) {
      if (c.stdout().isBlank()) {
        // an empty error output is the error-result check's finding; a successful ADD must print its result
        if (c.ok() && c.command().equals("ADD")) bad.add(c.plugin() + " ADD exited 0 with nothing on standard output");
        continue;
      }
      JsonNode n = c.json();
      if (n == null || !n.isObject()) bad.add(c.plugin() + " " + c.command() + " printed more than one JSON object: "
          + Json.excerpt(c.stdout()));
    }
    if (!bad.isEmpty()) throw new Failed(String.join("\n", bad));
  }

  // ------------------------------------------------------------------ 1.1.0

  private void status() {
    try (ConformanceLab lab = lab()) {
      List<String> bad = new ArrayList<>();
      for (int i = 0; i < s.steps.size(); i++) {
        ConformanceSubject.Step step = s.steps.get(i);
        Map<String, String> env = new LinkedHashMap<>(s.options.env());
        env.put("CNI_COMMAND", "STATUS");
        env.put("CNI_PATH", s.cni.cniPathFor(step.binary(), step.found()));
        Call c = lab.raw(step, env, Set.of(), NetConf.write(lab.conf(i, null)));
        if (!c.ok()) bad.add("STATUS failed: " + c.describe());
      }
      if (!bad.isEmpty()) throw new Failed(String.join("; ", bad));
    }
  }

  private void gc() {
    try (ConformanceLab lab = lab()) {
      Netns keep = lab.container("keep");
      Netns drop = lab.container("drop");
      ChainCall a = lab.add(keep, "kit-keep", null);
      ChainCall b = lab.add(drop, "kit-drop", null);
      if (!a.ok()) throw new Failed("ADD failed: " + a.describe());
      if (!b.ok()) throw new Failed("ADD failed: " + b.describe());
      String ipDrop = firstIpOrEmpty(b);
      List<String> bad = new ArrayList<>();
      for (int i = 0; i < s.steps.size(); i++) {
        ConformanceSubject.Step step = s.steps.get(i);
        ObjectNode conf = lab.conf(i, null);
        ArrayNode valid = conf.putArray("cni.dev/valid-attachments");
        valid.addObject().put("containerID", "kit-keep").put("ifname", ifName);
        Map<String, String> env = new LinkedHashMap<>(s.options.env());
        env.put("CNI_COMMAND", "GC");
        env.put("CNI_PATH", s.cni.cniPathFor(step.binary(), step.found()));
        Call c = lab.raw(step, env, Set.of(), NetConf.write(conf));
        if (!c.ok()) bad.add("GC failed: " + c.describe());
      }
      if (!bad.isEmpty()) throw new Failed(String.join("; ", bad));
      if (keep.link(ifName).isEmpty()) throw new Failed("GC removed " + ifName + " of the listed attachment kit-keep");
      if (s.usesHostLocal() && !ipDrop.isEmpty()) {
        if (lab.leases().contains(ipDrop)) {
          throw new Failed("GC kept the lease of " + ipDrop + " held for kit-drop, which valid-attachments does not list");
        }
        if (lab.leases().isEmpty()) throw new Failed("GC released the lease of the listed attachment kit-keep too");
      }
    }
  }

  // ------------------------------------------------------------------

  /** A value made once, on first use, by whichever thread asks first; its failure is remembered too. */
  static final class Lazy<T> {
    private final Supplier<T> supplier;
    private T value;
    private RuntimeException failure;
    private boolean done;

    Lazy(Supplier<T> supplier) {
      this.supplier = supplier;
    }

    synchronized T get() {
      if (!done) {
        try {
          value = supplier.get();
        } catch (RuntimeException e) {
          failure = e;
        }
        done = true;
      }
      if (failure != null) {
        if (failure instanceof Failed || failure instanceof Skipped) throw failure;
        throw new Failed("the shared ADD/CHECK/DEL could not be run: " + failure);
      }
      return value;
    }
  }
}
