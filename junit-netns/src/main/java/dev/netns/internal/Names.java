package dev.netns.internal;

/** Interface-name rules of the kernel (IFNAMSIZ): at most 15 bytes, no '/', ':' or white space. */
public final class Names {
  public static final int IFNAMSIZ_MAX = dev.netns.InterfaceName.MAX_LENGTH;

  private Names() {
  }

  /** {@link dev.netns.InterfaceName#require}: the rule lives in the model. */
  public static String requireInterfaceName(String name, String what) {
    return dev.netns.InterfaceName.require(name, what);
  }

  /** A namespace name as ip netns accepts it: a file name without '/'. */
  public static String requireNamespaceName(String name, String what) {
    if (name == null || name.isEmpty() || name.equals(".") || name.equals("..")
        || !name.matches("[A-Za-z0-9_.+-]{1,200}")) {
      throw new IllegalArgumentException(what + " \"" + name
          + "\" is not a valid namespace name; use letters, digits and - _ . +");
    }
    return name;
  }
}
