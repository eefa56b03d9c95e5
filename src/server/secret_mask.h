// Masking of secret values in step output before it is stored: a step that prints a
// `secret.*` value (a template put it in its command or environment) must not leak it
// into the stored log, which every API client can read.
#pragma once

#include <string>
#include <vector>

#include "server/log_store.h"
#include "workflow/model.h"

namespace stroem::server {

inline constexpr const char* kSecretMask = "***";

// Replaces every occurrence of any secret value in each record's line with "***".
// Longer values are replaced first, so a secret that contains another is masked whole.
// Values shorter than 3 characters are left alone: masking every "1" or "on" in a log
// would destroy it and protect nothing.
void MaskSecrets(std::vector<LogRecord>& records, const std::vector<workflow::SecretLeaf>& secrets);

}  // namespace stroem::server
