package io.sweep.driver.cli;

import io.sweep.driver.EngineVersion;
import picocli.CommandLine.IVersionProvider;

/** {@code sweep --version}. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"sweep " + EngineVersion.get()};
  }
}
