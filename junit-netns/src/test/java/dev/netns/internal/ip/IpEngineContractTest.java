package dev.netns.internal.ip;

import dev.netns.target.Engine;
import dev.netns.target.EngineContract;
import dev.netns.target.local.LocalCommandRunner;

/** The iproute2 engine on the local kernel against the shared engine contract. */
class IpEngineContractTest extends EngineContract {

  @Override
  protected Engine createEngine() {
    return new IpEngine(LocalCommandRunner.INSTANCE);
  }
}
