package dev.netns.internal.core;

import dev.netns.ExecResult;
import dev.netns.internal.spi.Engine;
import dev.netns.internal.spi.ExecRequest;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The path MTU a namespace's kernel learned toward an address: the {@code mtu} of the route cache
 * entry (the exception the kernel made when a "fragmentation needed" / "packet too big" arrived),
 * as {@code ip route get} prints it after {@code cache}. Read through the engine's exec, so it is
 * the same on every target.
 */
final class PathMtu {

  private static final Pattern CACHED = Pattern.compile("\\bcache\\b.*?\\bmtu (?:lock )?(\\d+)", Pattern.DOTALL);

  private PathMtu() {
  }

  static OptionalInt read(Engine engine, String ns, String ip) {
    ExecResult r = engine.exec(ns, ExecRequest.of(List.of("ip", "route", "get", ip)));
    if (r.exitCode() != 0) return OptionalInt.empty(); // no route: nothing learned either
    return parse(r.stdout());
  }

  static OptionalInt parse(String routeGet) {
    Matcher m = CACHED.matcher(routeGet);
    return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
  }
}
