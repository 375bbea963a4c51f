package dev.netns.internal;

/** Interface-name rules of the kernel (IFNAMSIZ): at most 15 bytes, no '/', ':' or white space. */
public final class Names {

  // compiled once: these are checked for every fixture of every test
  private static final java.util.regex.Pattern INTERFACE = java.util.regex.Pattern.compile("[A-Za-z0-9_.@+-]+");
  private static final java.util.regex.Pattern NAMESPACE = java.util.regex.Pattern.compile("[A-Za-z0-9_.+-]{1,200}");
  public static final int IFNAMSIZ_MAX = 15;

  private Names() {
  }

  /** @param what names the element in the message, e.g. {@code @VethPair(leftName)} */
  public static String requireInterfaceName(String name, String what) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException(what + " is empty; an interface name has 1 to 15 characters");
    }
    if (name.length() > IFNAMSIZ_MAX) {
      throw new IllegalArgumentException(what + " \"" + name + "\" has " + name.length()
          + " characters; Linux interface names are limited to 15 characters (IFNAMSIZ)");
    }
    if (name.equals(".") || name.equals("..") || !INTERFACE.matcher(name).matches()) {
      throw new IllegalArgumentException(what + " \"" + name
          + "\" is not a valid interface name; use letters, digits and - _ . (at most 15 characters)");
    }
    return name;
  }

  /** A namespace name as ip netns accepts it: a file name without '/'. */
  public static String requireNamespaceName(String name, String what) {
    if (name == null || name.isEmpty() || name.equals(".") || name.equals("..")
        || !NAMESPACE.matcher(name).matches()) {
      throw new IllegalArgumentException(what + " \"" + name
          + "\" is not a valid namespace name; use letters, digits and - _ . +");
    }
    return name;
  }
}
