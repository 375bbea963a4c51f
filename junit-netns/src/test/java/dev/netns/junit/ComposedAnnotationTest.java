package dev.netns.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netns.Netns;
import dev.netns.Veth;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;

/** Annotations are found as JUnit finds them: meta-present at any depth, on the class and on fixtures. */
@ComposedAnnotationTest.NetworkLab
class ComposedAnnotationTest {

  /** A composed class annotation: @NetnsTest one level down. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  @NetnsTest
  @interface NetworkLab {
  }

  @Retention(RetentionPolicy.RUNTIME)
  @Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.ANNOTATION_TYPE})
  @NetNamespace("red")
  @interface Red {
  }

  /** Two levels down. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target({ElementType.PARAMETER, ElementType.FIELD})
  @Red
  @interface Crimson {
  }

  @Retention(RetentionPolicy.RUNTIME)
  @Target({ElementType.PARAMETER, ElementType.FIELD})
  @VethPair(left = "red", leftAddress = "10.77.0.1/24", rightAddress = "10.77.0.2/24")
  @interface RedUplink {
  }

  @Crimson
  Netns field;

  @Test
  void metaAnnotationsAtAnyDepthMakeFixtures(@Red Netns red, @RedUplink Veth uplink) {
    assertThat(field.name()).as("the field and the parameter name one namespace").isEqualTo(red.name());
    assertThat(uplink.left().netns().name()).isEqualTo(red.name());
    assertThat(uplink.left().addresses()).contains("10.77.0.1/24");
  }
}
