package dev.netns.internal.netlink;

/** Constants from the Linux uapi headers (linux/netlink.h, rtnetlink.h, if_link.h, ...). */
final class Nl {
  private Nl() {
  }

  // socket(2), fcntl, mount
  static final int AF_UNSPEC = 0;
  static final int AF_INET = 2;
  static final int AF_INET6 = 10;
  static final int AF_NETLINK = 16;
  static final int SOCK_DGRAM = 2;
  static final int SOCK_RAW = 3;
  static final int SOCK_CLOEXEC = 0x80000;
  static final int NETLINK_ROUTE = 0;
  static final int SOL_SOCKET = 1;
  static final int SO_SNDBUF = 7;
  static final int SO_RCVBUF = 8;
  static final int SO_RCVTIMEO = 20;
  static final int SOL_RAW = 255;
  static final int SOL_NETLINK = 270;
  static final int NETLINK_CAP_ACK = 10;
  static final int NETLINK_EXT_ACK = 11;
  static final int MSG_DONTWAIT = 0x40;
  static final int IPPROTO_ICMP = 1;
  static final int IPPROTO_ICMPV6 = 58;
  static final int ICMP_FILTER = 1;
  static final int ICMP6_FILTER = 1;
  static final int O_RDONLY = 0;
  static final int O_CREAT = 0x40;
  static final int O_EXCL = 0x80;
  static final int O_CLOEXEC = 0x80000;
  static final long MS_BIND = 4096;
  static final long MS_REC = 16384;
  static final long MS_SHARED = 1 << 20;
  static final int MNT_DETACH = 2;
  static final int CLONE_NEWNET = 0x40000000;
  static final short POLLIN = 0x1;

  // errno
  static final int EPERM = 1;
  static final int ENOENT = 2;
  static final int EINTR = 4;
  static final int EAGAIN = 11;
  static final int EACCES = 13;
  static final int EEXIST = 17;
  static final int ENODEV = 19;
  static final int EINVAL = 22;
  static final int ENETUNREACH = 101;
  static final int EHOSTUNREACH = 113;

  // netlink header
  static final int NLMSG_HDRLEN = 16;
  static final int NLMSG_NOOP = 1;
  static final int NLMSG_ERROR = 2;
  static final int NLMSG_DONE = 3;
  static final int NLM_F_REQUEST = 0x1;
  static final int NLM_F_MULTI = 0x2;
  static final int NLM_F_ACK = 0x4;
  static final int NLM_F_DUMP_INTR = 0x10;
  static final int NLM_F_DUMP = 0x300;
  static final int NLM_F_REPLACE = 0x100;
  static final int NLM_F_EXCL = 0x200;
  static final int NLM_F_CREATE = 0x400;
  static final int NLM_F_ACK_TLVS = 0x200;
  static final int NLMSGERR_ATTR_MSG = 1;
  static final int NLA_F_NESTED = 0x8000;

  // rtnetlink message types
  static final int RTM_NEWLINK = 16;
  static final int RTM_DELLINK = 17;
  static final int RTM_GETLINK = 18;
  static final int RTM_NEWADDR = 20;
  static final int RTM_DELADDR = 21;
  static final int RTM_GETADDR = 22;
  static final int RTM_NEWROUTE = 24;
  static final int RTM_DELROUTE = 25;
  static final int RTM_GETROUTE = 26;
  static final int RTM_NEWNEIGH = 28;
  static final int RTM_DELNEIGH = 29;
  static final int RTM_GETNEIGH = 30;
  static final int RTM_NEWMULTICAST = 56;
  static final int RTM_GETMULTICAST = 58;
  static final int RTM_NEWNSID = 88;
  static final int RTM_GETNSID = 90;

  // struct sizes
  static final int IFINFOMSG_LEN = 16;
  static final int IFADDRMSG_LEN = 8;
  static final int RTMSG_LEN = 12;
  static final int NDMSG_LEN = 12;
  static final int RTGENMSG_LEN = 4;

  // IFLA_*
  static final int IFLA_ADDRESS = 1;
  static final int IFLA_IFNAME = 3;
  static final int IFLA_MTU = 4;
  static final int IFLA_LINK = 5;
  static final int IFLA_QDISC = 6;
  static final int IFLA_MASTER = 10;
  static final int IFLA_OPERSTATE = 16;
  static final int IFLA_LINKINFO = 18;
  static final int IFLA_IFALIAS = 20;
  static final int IFLA_NET_NS_FD = 28;
  static final int IFLA_LINK_NETNSID = 37;
  static final int IFLA_INFO_KIND = 1;
  static final int IFLA_INFO_DATA = 2;
  static final int VETH_INFO_PEER = 1;

  // IFF_*
  static final int IFF_UP = 0x1;
  static final int IFF_BROADCAST = 0x2;
  static final int IFF_DEBUG = 0x4;
  static final int IFF_LOOPBACK = 0x8;
  static final int IFF_POINTOPOINT = 0x10;
  static final int IFF_NOTRAILERS = 0x20;
  static final int IFF_RUNNING = 0x40;
  static final int IFF_NOARP = 0x80;
  static final int IFF_PROMISC = 0x100;
  static final int IFF_ALLMULTI = 0x200;
  static final int IFF_MASTER = 0x400;
  static final int IFF_SLAVE = 0x800;
  static final int IFF_MULTICAST = 0x1000;
  static final int IFF_PORTSEL = 0x2000;
  static final int IFF_AUTOMEDIA = 0x4000;
  static final int IFF_DYNAMIC = 0x8000;
  static final int IFF_LOWER_UP = 0x10000;
  static final int IFF_DORMANT = 0x20000;
  static final int IFF_ECHO = 0x40000;

  // IFA_*
  static final int IFA_ADDRESS = 1;
  static final int IFA_LOCAL = 2;
  static final int IFA_MULTICAST = 7;
  static final int IFA_FLAGS = 8;
  static final int IFA_F_NODAD = 0x02;
  static final int IFA_F_PERMANENT = 0x80;

  // RTA_* and route constants
  static final int RTA_DST = 1;
  static final int RTA_OIF = 4;
  static final int RTA_GATEWAY = 5;
  static final int RTA_PRIORITY = 6;
  static final int RTA_PREFSRC = 7;
  static final int RTA_MULTIPATH = 9;
  static final int RTA_TABLE = 15;
  static final int RT_TABLE_MAIN = 254;
  static final int RTPROT_BOOT = 3;
  static final int RTN_UNICAST = 1;
  static final int RT_SCOPE_UNIVERSE = 0;
  static final int RT_SCOPE_LINK = 253;
  static final int RT_SCOPE_NOWHERE = 255;
  static final int RTM_F_CLONED = 0x200;

  // neighbours (linux/neighbour.h)
  static final int AF_BRIDGE = 7;
  static final int NDA_DST = 1;
  static final int NDA_LLADDR = 2;
  static final int NUD_INCOMPLETE = 0x01;
  static final int NUD_REACHABLE = 0x02;
  static final int NUD_STALE = 0x04;
  static final int NUD_DELAY = 0x08;
  static final int NUD_PROBE = 0x10;
  static final int NUD_FAILED = 0x20;
  static final int NUD_NOARP = 0x40;
  static final int NUD_PERMANENT = 0x80;

  // RTM_GETNSID
  static final int NETNSA_NSID = 1;
  static final int NETNSA_FD = 3;
}
