package dev.netns.internal.ip;

import dev.netns.internal.spi.Engine;
import dev.netns.internal.spi.EngineContract;

/** The iproute2 engine on the local kernel against the shared engine contract. */
class IpEngineContractTest extends EngineContract {

  @Override
  protected Engine createEngine() {
    return dev.netns.internal.local.LocalBackend.ipEngine();
  }
}
