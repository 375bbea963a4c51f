package dev.netns.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Validation is remembered only for values that passed, and per kind: a bad value fails every time. */
class AddressesTest {

  @Test
  void validValuesAreCanonicalEveryTime() {
    for (int i = 0; i < 3; i++) {
      assertThat(Addresses.requireCidr("fd00:0::1/64", "a")).isEqualTo("fd00::1/64");
      assertThat(Addresses.requireIp("fd00:0::2", "a")).isEqualTo("fd00::2");
      assertThat(Addresses.requireCidr("10.9.8.7/24", "a")).isEqualTo("10.9.8.7/24");
    }
  }

  @Test
  void aValueValidAsOneKindIsNotValidAsTheOther() {
    assertThat(Addresses.requireIp("10.9.8.6", "a")).isEqualTo("10.9.8.6");
    assertThatThrownBy(() -> Addresses.requireCidr("10.9.8.6", "@VethPair(leftAddress)"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"10.9.8.6\" has no prefix length");
    assertThat(Addresses.requireCidr("10.9.8.5/24", "a")).isEqualTo("10.9.8.5/24");
    assertThatThrownBy(() -> Addresses.requireIp("10.9.8.5/24", "ping target"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be a single address");
  }

  @Test
  void badValuesFailEveryTimeWithTheCallersWords() {
    for (String what : new String[] {"first", "second"}) {
      assertThatThrownBy(() -> Addresses.requireCidr("10.0.0.256/24", what))
          .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(what + " \"10.0.0.256/24\"");
    }
  }
}
