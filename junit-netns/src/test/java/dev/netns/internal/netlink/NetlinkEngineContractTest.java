package dev.netns.internal.netlink;

import dev.netns.internal.spi.Engine;
import dev.netns.internal.spi.EngineContract;
import dev.netns.internal.local.LocalCommandRunner;

/** The native netlink engine against the shared engine contract. */
class NetlinkEngineContractTest extends EngineContract {

  @Override
  protected Engine createEngine() {
    return NetlinkEngine.create(LocalCommandRunner.INSTANCE);
  }
}
