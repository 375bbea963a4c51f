package dev.netns.internal.netlink;

import dev.netns.target.Engine;
import dev.netns.target.EngineContract;
import dev.netns.target.local.LocalCommandRunner;

/** The native netlink engine against the shared engine contract. */
class NetlinkEngineContractTest extends EngineContract {

  @Override
  protected Engine createEngine() {
    return NetlinkEngine.create(LocalCommandRunner.INSTANCE);
  }
}
