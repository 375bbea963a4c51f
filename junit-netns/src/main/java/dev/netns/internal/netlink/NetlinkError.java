package dev.netns.internal.netlink;

/** The kernel refused a netlink request: errno and, when the kernel gave one, its extended message. */
final class NetlinkError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int errno;
  final String extack;
  /** The device a failed name lookup was for, or null. */
  final String device;

  NetlinkError(int errno, String extack) {
    this(errno, extack, null);
  }

  NetlinkError(int errno, String extack, String device) {
    super(LibC.message(errno) + (extack == null || extack.isEmpty() ? "" : " (" + extack + ")"));
    this.errno = errno;
    this.extack = extack;
    this.device = device;
  }
}
