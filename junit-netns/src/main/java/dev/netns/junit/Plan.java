package dev.netns.junit;

import dev.netns.internal.Addresses;
import dev.netns.internal.Names;
import dev.netns.internal.core.Fixtures;
import dev.netns.internal.core.NetnsImpl;
import dev.netns.internal.core.Scope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * The fixtures of one scope, validated as a whole before anything is created: bad addresses,
 * names, MTUs, logical names and duplicate interface names are configuration errors that quote
 * the bad value and the element carrying it.
 */
final class Plan {

  private static final String LOGICAL = "[A-Za-z0-9_.-]{1,64}";
  private static final java.util.regex.Pattern LOGICAL_PATTERN = java.util.regex.Pattern.compile(LOGICAL);

  private final List<Injection> wanted;
  /** Per veth injection: validated left/right addresses. */
  private final Map<Injection, String[]> addresses = new HashMap<>();

  private Plan(List<Injection> wanted) {
    this.wanted = wanted;
  }

  static Plan validate(Scope scope, List<Injection> wanted) {
    Plan p = new Plan(wanted);
    // namespace key ("" = host) -> interface name -> element that named it
    Map<String, Map<String, String>> explicitNames = new HashMap<>();
    for (Injection inj : wanted) {
      if (inj.annotation() instanceof NetNamespace n) {
        checkLogical(n.value(), "value", inj, true);
      } else if (inj.annotation() instanceof VethPair v) {
        checkLogical(v.left(), "left", inj, true);
        checkLogical(v.right(), "right", inj, true);
        String leftName = checkName(v.leftName(), "leftName", inj);
        String rightName = checkName(v.rightName(), "rightName", inj);
        String la = checkCidr(v.leftAddress(), "leftAddress", inj);
        String ra = checkCidr(v.rightAddress(), "rightAddress", inj);
        if (v.mtu() != 0 && (v.mtu() < 68 || v.mtu() > 65535)) {
          throw error(inj, "mtu = " + v.mtu(), "is out of range; allowed is 0 (kernel default) or 68 to 65535");
        }
        if (!leftName.isEmpty()) claim(scope, explicitNames, v.left(), leftName, inj, "leftName");
        if (!rightName.isEmpty()) claim(scope, explicitNames, v.right(), rightName, inj, "rightName");
        p.addresses.put(inj, new String[] {la, ra});
      }
    }
    // valid as a whole: the names are taken, so that a later set-up in this scope (a @BeforeEach
    // parameter, the test's own) or in a nested one cannot name the same interface again
    explicitNames.forEach((ns, names) -> names.forEach((name, where) -> scope.claimInterface(ns, name, where)));
    return p;
  }

  private static void claim(Scope scope, Map<String, Map<String, String>> names, String ns, String name, Injection inj,
                            String element) {
    String where = inj.label() + "(" + element + " = \"" + name + "\") on " + inj.describe();
    if (name.equals("lo")) {
      throw new ExtensionConfigurationException(where + " is invalid: every namespace already has the loopback"
          + " interface \"lo\"; choose another name");
    }
    String previous = names.computeIfAbsent(ns, k -> new HashMap<>()).putIfAbsent(name, where);
    if (previous == null) previous = scope.interfaceClaimedBy(ns, name);
    if (previous != null) {
      throw new ExtensionConfigurationException("duplicate interface name \"" + name + "\" in namespace "
          + (ns.isEmpty() ? "host" : "\"" + ns + "\"") + ": " + where + " and " + previous
          + "; interface names must be unique within a namespace");
    }
  }

  private static void checkLogical(String value, String element, Injection inj, boolean emptyOk) {
    if (value.isEmpty() && emptyOk) return;
    if (!LOGICAL_PATTERN.matcher(value).matches()) {
      throw error(inj, element + " = \"" + value + "\"",
          "is not a valid logical namespace name; use 1 to 64 letters, digits, '-', '_' or '.'");
    }
  }

  private static String checkName(String value, String element, Injection inj) {
    if (value.isEmpty()) return value;
    try {
      return Names.requireInterfaceName(value, "interface name");
    } catch (IllegalArgumentException e) {
      throw error(inj, element + " = \"" + value + "\"", "is invalid: " + e.getMessage());
    }
  }

  private static String checkCidr(String value, String element, Injection inj) {
    if (value.isEmpty()) return value;
    try {
      return Addresses.requireCidr(value, "address");
    } catch (IllegalArgumentException e) {
      throw error(inj, element + " = \"" + value + "\"", "is invalid: " + e.getMessage());
    }
  }

  private static ExtensionConfigurationException error(Injection inj, String element, String problem) {
    return new ExtensionConfigurationException(inj.label() + "(" + element + ") on " + inj.describe() + " " + problem);
  }

  /** Creates everything: all new namespaces in one engine call, then the veth pairs in declaration order. */
  Map<Injection, Object> execute(Scope scope, Function<Scope, Object> targetFactory) {
    Set<String> named = new LinkedHashSet<>();
    int anonymous = 0;
    boolean needHost = false;
    for (Injection inj : wanted) {
      if (inj.annotation() instanceof NetNamespace n) {
        if (n.value().isEmpty()) anonymous++;
        else if (scope.lookup(n.value()) == null) named.add(n.value());
      } else if (inj.annotation() instanceof VethPair v) {
        for (String side : List.of(v.left(), v.right())) {
          if (side.isEmpty()) needHost = true;
          else if (scope.lookup(side) == null) named.add(side);
        }
      } else if (inj.annotation() instanceof HostNamespace) {
        needHost = true;
      }
    }
    List<String> logical = new ArrayList<>(named);
    for (int i = 0; i < anonymous; i++) logical.add("");
    List<NetnsImpl> made = scope.createNamespaces(logical, needHost);
    List<NetnsImpl> anon = new ArrayList<>(made.subList(named.size(), made.size()));

    Map<Injection, Object> values = new LinkedHashMap<>();
    for (Injection inj : wanted) {
      Object v;
      if (inj.annotation() instanceof NetNamespace n) {
        v = n.value().isEmpty() ? anon.remove(0) : scope.lookup(n.value());
      } else if (inj.annotation() instanceof HostNamespace) {
        v = scope.host();
      } else if (inj.annotation() instanceof VethPair vp) {
        String[] a = addresses.get(inj);
        NetnsImpl left = vp.left().isEmpty() ? scope.host() : scope.lookup(vp.left());
        NetnsImpl right = vp.right().isEmpty() ? scope.host() : scope.lookup(vp.right());
        v = Fixtures.createVeth(scope, left, vp.leftName(), right, vp.rightName(), vp.mtu(),
            a[0].isEmpty() ? List.of() : List.of(a[0]), a[1].isEmpty() ? List.of() : List.of(a[1]));
      } else {
        v = Injector.implicitValue(inj.type(), scope);
      }
      values.put(inj, v);
    }
    return values;
  }
}
