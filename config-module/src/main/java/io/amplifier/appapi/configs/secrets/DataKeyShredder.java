package io.amplifier.appapi.configs.secrets;

import io.amplifier.appapi.configs.api.ConfigId;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Destroys a config's data key (crypto-shredding) and re-wraps keys after a master-key change. */
@Component
public class DataKeyShredder {

  private final DataKeys dataKeys;
  private final MasterKeys masterKeys;

  DataKeyShredder(DataKeys dataKeys, MasterKeys masterKeys) {
    this.dataKeys = dataKeys;
    this.masterKeys = masterKeys;
  }

  public void shred(ConfigId config) {
    dataKeys.destroy(config);
  }

  /** Re-wraps every data key with the current master key; events are not touched. */
  public Map<String, Object> rotate() {
    int rewrapped = dataKeys.rewrapAll();
    return Map.of(
        "current_key_id", masterKeys.currentId(),
        "rewrapped", rewrapped,
        "keys_by_master_key", dataKeys.countByMasterKey());
  }
}
