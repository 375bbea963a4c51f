package dev.netns.internal.kind;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.internal.spi.ExecRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exec channel's wire format, byte for byte, without any server. */
class ChannelProtocolTest {

  @Test
  void aRequestIsNulTerminatedFieldsInTheServersOrder() {
    Map<String, String> env = new LinkedHashMap<>(); // one variable: a request's map has no order
    env.put("A", "");
    byte[] frame = ChannelProtocol.encode("tok", new ExecRequest(List.of("ip", "-j", "link"), env,
        "x\n".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(1)));
    assertThat(new String(frame, StandardCharsets.UTF_8))
        .isEqualTo("tok\0" + "3\0ip\0-j\0link\0" + "1\0A=\0" + "t2\0x\n");
  }

  @Test
  void binaryOrLargeStdinIsSentAsBytes() {
    byte[] frame = ChannelProtocol.encode("t", new ExecRequest(List.of("cat"), Map.of(), new byte[] {0, 7},
        Duration.ofSeconds(1)));
    assertThat(frame).endsWith('2', 0, 0, 7);
    assertThat(ChannelProtocol.isText(new byte[65537])).isFalse();
    assertThat(ChannelProtocol.isText(new byte[0])).isFalse();
    assertThat(ChannelProtocol.encode("t", ExecRequest.of(List.of("true")))).endsWith('0', 0);
  }

  @Test
  void quitIsArgcZero() {
    assertThat(new String(ChannelProtocol.quit(), StandardCharsets.UTF_8)).isEqualTo("quit\0" + "0\0");
  }

  @Test
  void theReadyLineNamesMissingTools() {
    assertThat(ChannelProtocol.missingTools("ok")).isEmpty();
    assertThat(ChannelProtocol.missingTools("ok nsenter ping")).containsExactly("nsenter", "ping");
    assertThat(ChannelProtocol.missingTools("bash: no")).isNull();
  }

  @Test
  void exitStatusIsANumberOrMinusOne() {
    assertThat(ChannelProtocol.exitStatus("0")).isZero();
    assertThat(ChannelProtocol.exitStatus("127")).isEqualTo(127);
    assertThat(ChannelProtocol.exitStatus("x")).isEqualTo(-1);
    assertThat(ChannelProtocol.exitStatus("-3")).isEqualTo(-1);
  }

  @Test
  void tokensAreLettersAndDigitsAndUnique() {
    String a = ChannelProtocol.newToken();
    String b = ChannelProtocol.newToken();
    assertThat(a).matches("[a-z0-9]+").isNotEqualTo(b);
  }

  @Test
  void theServerIsTheResourceWithoutComments() {
    assertThat(ChannelProtocol.SERVER).contains("exec \"${argv[@]}\"").doesNotContain("\n#");
    assertThat(new String(ChannelProtocol.hello(), StandardCharsets.UTF_8)).endsWith("\0");
  }
}
