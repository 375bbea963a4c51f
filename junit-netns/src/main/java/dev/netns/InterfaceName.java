package dev.netns;

/**
 * The kernel's rule for interface names (IFNAMSIZ): 1 to 15 characters, letters, digits and
 * {@code - _ . @ +}, not {@code .} or {@code ..}. Applied once where a name enters the model.
 */
public final class InterfaceName {

  /** The longest interface name Linux accepts. */
  public static final int MAX_LENGTH = 15;

  private InterfaceName() {
  }

  /**
   * Returns {@code name} when it is a valid interface name.
   *
   * @param what names the element in the message, e.g. {@code @VethPair(leftName)}
   * @throws IllegalArgumentException naming the element, the name and the rule
   */
  public static String require(String name, String what) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException(what + " is empty; an interface name has 1 to 15 characters");
    }
    if (name.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(what + " \"" + name + "\" has " + name.length()
          + " characters; Linux interface names are limited to 15 characters (IFNAMSIZ)");
    }
    if (name.equals(".") || name.equals("..") || !name.matches("[A-Za-z0-9_.@+-]+")) {
      throw new IllegalArgumentException(what + " \"" + name
          + "\" is not a valid interface name; use letters, digits and - _ . (at most 15 characters)");
    }
    return name;
  }
}
