package dev.netns.internal.netlink;

import dev.netns.NetnsException;
import dev.netns.internal.spi.NetOp;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Message building and reading shared by the handlers: the {@code RTM_NEWLINK} that changes a
 * link, looking a link up by name, the ifindex-to-name map of a dump, MAC bytes both ways, and the
 * error a failed operation turns into.
 */
final class Messages {

  private Messages() {
  }

  /** A {@code RTM_NEWLINK} changing the existing link {@code dev} (found by name) and its flags. */
  static NlMsg linkMsg(String dev, int flags, int change) {
    return new NlMsg(Nl.RTM_NEWLINK, 0).ifinfomsg(Nl.AF_UNSPEC, 0, flags, change).str(Nl.IFLA_IFNAME, dev);
  }

  static int ifindex(NsHandle h, String dev) {
    return link(h, dev)[0];
  }

  /** {@code {ifindex, flags}} of a device, looked up by name. */
  static int[] link(NsHandle h, String dev) {
    List<ByteBuffer> r;
    try {
      r = h.rtnl.query(new NlMsg(Nl.RTM_GETLINK, 0).ifinfomsg(Nl.AF_UNSPEC, 0, 0, 0)
          .u32(29 /* IFLA_EXT_MASK */, 0).str(Nl.IFLA_IFNAME, dev));
    } catch (NetlinkError e) {
      throw new NetlinkError(e.errno, e.extack, dev);
    }
    if (r.isEmpty()) throw new NetlinkError(Nl.ENODEV, null, dev);
    return new int[] {r.get(0).getInt(Nl.NLMSG_HDRLEN + 4), r.get(0).getInt(Nl.NLMSG_HDRLEN + 8)};
  }

  static NetnsException failure(NsHandle h, NetOp op, NetlinkError e) {
    String why = e.getMessage();
    String dev = e.device != null ? e.device : deviceOf(op);
    if (e.errno == Nl.ENODEV && dev != null) {
      why = "Cannot find device \"" + dev + "\" (" + why + ")";
    }
    return new NetnsException("could not configure " + h.label() + " with netlink on the local kernel: " + why
        + " (ip " + line(op) + ")", e);
  }

  /** The device a failed operation names. */
  private static String deviceOf(NetOp op) {
    if (op instanceof NetOp.LinkUp o) return o.device();
    if (op instanceof NetOp.LinkDown o) return o.device();
    if (op instanceof NetOp.SetMtu o) return o.device();
    if (op instanceof NetOp.SetAlias o) return o.device();
    if (op instanceof NetOp.AddAddress o) return o.device();
    if (op instanceof NetOp.DeleteAddress o) return o.device();
    if (op instanceof NetOp.AddRoute o) return o.device();
    if (op instanceof NetOp.SetMaster o) return o.device();
    if (op instanceof NetOp.MoveLink o) return o.device();
    if (op instanceof NetOp.DeleteLink o) return o.device();
    if (op instanceof NetOp.AddNeighbour o) return o.device();
    if (op instanceof NetOp.DeleteNeighbour o) return o.device();
    return null;
  }

  /** The operation in iproute2's words, for messages. */
  static String line(NetOp op) {
    return NetOp.words(op);
  }

  static Map<Integer, String> linkNames(NsHandle h) {
    Map<Integer, String> names = new HashMap<>();
    for (ByteBuffer b : h.rtnl.dump(new NlMsg(Nl.RTM_GETLINK, 0).ifinfomsg(Nl.AF_UNSPEC, 0, 0, 0))) {
      if ((b.getShort(4) & 0xffff) != Nl.RTM_NEWLINK) continue;
      Attrs a = Attrs.parse(b, Nl.NLMSG_HDRLEN + Nl.IFINFOMSG_LEN, b.getInt(0));
      names.put(b.getInt(20), a.str(Nl.IFLA_IFNAME));
    }
    return names;
  }

  static String mac(byte[] b) {
    StringBuilder sb = new StringBuilder(b.length * 3);
    for (int i = 0; i < b.length; i++) {
      if (i > 0) sb.append(':');
      sb.append(Character.forDigit((b[i] >> 4) & 0xf, 16)).append(Character.forDigit(b[i] & 0xf, 16));
    }
    return sb.toString();
  }

  /** {@code 02:aa:bb:cc:dd:ee} to its six bytes (the model's parser). */
  static byte[] macBytes(String mac) {
    return dev.netns.MacAddress.parse(mac).bytes();
  }

}
