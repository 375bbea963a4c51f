package dev.netns.cni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.netns.ExecResult;
import dev.netns.Netns;
import dev.netns.junit.HostNamespace;
import dev.netns.junit.NetNamespace;
import dev.netns.junit.NetnsTest;
import dev.netns.internal.spi.ExecRequest;
import dev.netns.internal.local.LocalCommandRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * What is left after a test that used CNI: DEL ran for every ADD (also when the test failed),
 * before the namespaces went; then the per-test IPAM directory went too.
 */
class CniCleanupTest {

  static final List<String> namespaces = new CopyOnWriteArrayList<>();
  static final List<String> dataDirs = new CopyOnWriteArrayList<>();
  static volatile Path shared;
  static volatile FakePlugin fake;
  private static volatile boolean driven;

  /** The labs below run only when driven by a test of this class (not when a -Dtest pattern selects them). */
  static boolean driven() {
    return driven;
  }

  static List<String> allNamespaces() {
    ExecResult r = LocalCommandRunner.INSTANCE.run(ExecRequest.of(List.of("ip", "netns", "list")));
    return Arrays.stream(r.stdout().split("\n")).map(l -> l.split(" ")[0]).filter(s -> !s.isBlank()).toList();
  }

  static Events run(Class<?> lab, String method) {
    namespaces.clear();
    dataDirs.clear();
    driven = true;
    try {
      return EngineTestKit.engine("junit-jupiter")
          .selectors(method == null ? selectClass(lab) : selectMethod(lab, Arrays.stream(lab.getDeclaredMethods())
              .filter(m -> m.getName().equals(method)).findFirst().orElseThrow()))
          .configurationParameter("junit.jupiter.testmethod.order.default",
              "org.junit.jupiter.api.MethodOrderer$MethodName")
          .execute().testEvents();
    } finally {
      driven = false;
    }
  }

  static Throwable failure(Events tests) {
    return tests.failed().stream().findFirst().orElseThrow().getPayload(TestExecutionResult.class).orElseThrow()
        .getThrowable().orElseThrow();
  }

  @NetnsTest
  @EnabledIf("dev.netns.cni.CniCleanupTest#driven")
  static class RealPluginLab {
    @Test
    void failsAfterAdd(Cni cni, @NetNamespace("pod") Netns pod, @HostNamespace Netns host) {
      namespaces.add(pod.name());
      namespaces.add(host.name());
      cni.plugin("bridge").add(pod, "eth0", """
          {"cniVersion": "1.0.0", "name": "explicit", "type": "bridge", "bridge": "cnibr0",
           "ipam": {"type": "host-local", "subnet": "10.1.9.0/24", "dataDir": "%s"}}""".formatted(shared));
      cni.plugin("ptp").add(pod, "eth1", """
          {"cniVersion": "0.4.0", "name": "implicit", "type": "ptp",
           "ipam": {"type": "host-local", "subnet": "10.1.10.0/24"}}""");
      dataDirs.add(cni.dataDir());
      assertThat(Files.exists(shared.resolve("explicit/10.1.9.2"))).isTrue();
      assertThat(cni.leases("implicit")).containsExactly("10.1.10.2");
      throw new AssertionError("the plugin author's assertion failed");
    }
  }

  @Test
  void delRunsForEveryAddEvenWhenTheTestFailedThenEverythingGoes(@TempDir Path dir) throws Exception {
    shared = dir;
    Events tests = run(RealPluginLab.class, null);
    // the test's own failure is the cause; the reported message starts with it (then the evidence directory)
    assertThat(failure(tests)).hasMessageStartingWith("the plugin author's assertion failed");
    assertThat(failure(tests).getCause()).hasMessage("the plugin author's assertion failed");
    assertThat(failure(tests).getSuppressed()).isEmpty();
    // the lease in the test's own dataDir was released: only a real DEL does that
    assertThat(dir.resolve("explicit")).isDirectory();
    assertThat(Files.exists(dir.resolve("explicit/10.1.9.2"))).isFalse();
    assertThat(dataDirs).hasSize(1);
    assertThat(Path.of(dataDirs.get(0))).doesNotExist();
    assertThat(allNamespaces()).doesNotContainAnyElementsOf(namespaces);
  }

  @NetnsTest
  @EnabledIf("dev.netns.cni.CniCleanupTest#driven")
  static class FakeLab {
    @Test
    void addOnly(Cni cni, @NetNamespace Netns pod) {
      namespaces.add(pod.name());
      cni.pluginAt(fake.path("fake")).add(pod, "eth0", CniInvocationTest.CONF);
    }

    @Test
    void addThenDel(Cni cni, @NetNamespace Netns pod) {
      CniPlugin p = cni.pluginAt(fake.path("fake"));
      p.add(pod, "eth0", CniInvocationTest.CONF);
      p.del(pod, "eth0", CniInvocationTest.CONF);
    }

    @Test
    void failedAdd(Cni cni, @NetNamespace Netns pod) {
      CniPlugin p = cni.pluginAt(fake.path("fake")).withEnv("FAKE_MODE", "fail");
      try {
        p.add(pod, "eth0", CniInvocationTest.CONF);
      } catch (CniException expected) {
        // the test goes on; the runtime-like best-effort DEL comes at the end
      }
    }

    @Test
    void delFailsAtTheEnd(Cni cni, @NetNamespace Netns pod) {
      cni.pluginAt(fake.path("fake")).withEnv("FAKE_MODE", "faildel").add(pod, "eth0", CniInvocationTest.CONF);
    }

    @Test
    void twoPods(Cni cni, @NetNamespace("a") Netns a, @NetNamespace("b") Netns b) {
      CniPlugin p = cni.pluginAt(fake.path("fake"));
      p.add(a, "eth0", CniInvocationTest.CONF);
      p.add(b, "eth0", CniInvocationTest.CONF);
    }

    @Test
    void conflist(Cni cni, @NetNamespace Netns pod) {
      cni.withSearchPath(fake.dir.toString()).conflist("""
          {"cniVersion": "1.0.0", "name": "chain", "plugins": [{"type": "fake"}, {"type": "fake2"}]}""")
          .add(pod, "eth0");
    }
  }

  @Test
  void addIsUndoneByADelThatSeesTheContainerAndThePrevResult(@TempDir Path dir) throws Exception {
    fake = FakePlugin.install(dir, "fake");
    Events tests = run(FakeLab.class, "addOnly");
    assertThat(tests.succeeded().count()).isOne();
    List<FakePlugin.Call> calls = fake.calls();
    assertThat(calls).extracting(FakePlugin.Call::command).containsExactly("ADD", "DEL");
    FakePlugin.Call del = calls.get(1);
    assertThat(del.sandboxExisted()).as("DEL ran before the namespace was deleted").isTrue();
    assertThat(del.env()).containsEntry("CNI_CONTAINERID", namespaces.get(0)).containsEntry("CNI_IFNAME", "eth0");
    assertThat(Json.MAPPER.readTree(del.stdin()).has("prevResult")).isTrue();
    assertThat(Json.MAPPER.readTree(del.stdin()).at("/ipam/dataDir").asText())
        .isEqualTo(Json.MAPPER.readTree(calls.get(0).stdin()).at("/ipam/dataDir").asText());
  }

  @Test
  void anExplicitDelIsNotRepeated(@TempDir Path dir) {
    fake = FakePlugin.install(dir, "fake");
    assertThat(run(FakeLab.class, "addThenDel").succeeded().count()).isOne();
    assertThat(fake.calls()).extracting(FakePlugin.Call::command).containsExactly("ADD", "DEL");
  }

  @Test
  void aFailedAddGetsABestEffortDelThatNeverFailsTheTest(@TempDir Path dir) {
    fake = FakePlugin.install(dir, "fake");
    assertThat(run(FakeLab.class, "failedAdd").succeeded().count()).isOne();
    assertThat(fake.calls()).extracting(FakePlugin.Call::command).containsExactly("ADD", "DEL");
  }

  @Test
  void aFailingDelAtTheEndFailsTheTestWithThePluginsError(@TempDir Path dir) {
    fake = FakePlugin.install(dir, "fake");
    Events tests = run(FakeLab.class, "delFailsAtTheEnd");
    assertThat(tests.failed().count()).isOne();
    Throwable t = failure(tests);
    assertThat(t.getMessage()).contains("cleanup failed", "CNI DEL fake");
    assertThat(t.getCause()).isInstanceOfSatisfying(CniException.class, e -> {
      assertThat(e.code()).isEqualTo(11);
      assertThat(e.command()).isEqualTo("DEL");
    });
  }

  @Test
  void delsRunInReverseOrderOfTheAdds(@TempDir Path dir) {
    fake = FakePlugin.install(dir, "fake");
    assertThat(run(FakeLab.class, "twoPods").succeeded().count()).isOne();
    List<FakePlugin.Call> calls = fake.calls();
    assertThat(calls).extracting(FakePlugin.Call::command).containsExactly("ADD", "ADD", "DEL", "DEL");
    assertThat(calls.get(2).env().get("CNI_NETNS")).isEqualTo(calls.get(1).env().get("CNI_NETNS"));
    assertThat(calls.get(3).env().get("CNI_NETNS")).isEqualTo(calls.get(0).env().get("CNI_NETNS"));
    assertThat(calls.get(0).env().get("CNI_CONTAINERID")).isNotEqualTo(calls.get(1).env().get("CNI_CONTAINERID"));
  }

  @NetnsTest
  @EnabledIf("dev.netns.cni.CniCleanupTest#driven")
  static class StaticCniLab {
    static Cni cni;

    @Test
    void first(@NetNamespace Netns pod) {
      cni.pluginAt(fake.path("fake")).add(pod, "eth0", CniInvocationTest.CONF);
    }

    @Test
    void second(@NetNamespace Netns pod) {
      // the first test's DEL already ran, while its namespace still existed
      assertThat(fake.calls()).extracting(FakePlugin.Call::command).containsExactly("ADD", "DEL");
      assertThat(fake.calls().get(1).sandboxExisted()).isTrue();
      cni.pluginAt(fake.path("fake")).add(pod, "eth0", CniInvocationTest.CONF);
    }
  }

  @Test
  void aClassWideCniStillDeletesWhenTheContainersTestEnds(@TempDir Path dir) {
    fake = FakePlugin.install(dir, "fake");
    Events tests = run(StaticCniLab.class, null);
    assertThat(tests.succeeded().count()).isEqualTo(2);
    List<FakePlugin.Call> calls = fake.calls();
    assertThat(calls).extracting(FakePlugin.Call::command).containsExactly("ADD", "DEL", "ADD", "DEL");
    assertThat(calls).allMatch(FakePlugin.Call::sandboxExisted);
    // one IPAM directory for the class, used by both tests
    assertThat(calls.get(0).stdin()).contains("dataDir").isEqualTo(calls.get(2).stdin());
  }

  @Test
  void aConflistIsDeletedInReverseOrderAtTheEnd(@TempDir Path dir) {
    fake = FakePlugin.install(dir, "fake", "fake2");
    assertThat(run(FakeLab.class, "conflist").succeeded().count()).isOne();
    List<String> seen = new ArrayList<>();
    for (FakePlugin.Call c : fake.calls()) seen.add(c.type() + " " + c.command());
    assertThat(seen).containsExactly("fake ADD", "fake2 ADD", "fake2 DEL", "fake DEL");
  }
}
