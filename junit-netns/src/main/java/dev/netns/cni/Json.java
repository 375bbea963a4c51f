package dev.netns.cni;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** The JSON mapper of the harness: numbers are kept exactly as written (no float rounding on re-serialisation). */
final class Json {

  static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
      .build();

  private Json() {
  }

  static String firstLine(String s) {
    if (s == null) return "";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** At most 300 characters of a text, for messages. */
  static String excerpt(String s) {
    if (s == null) return "<nothing>";
    String t = s.strip();
    if (t.isEmpty()) return "<nothing>";
    return t.length() > 300 ? t.substring(0, 300) + "..." : t;
  }
}
