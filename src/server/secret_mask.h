// Masking of secret values in step output before it is stored: a step that prints a
// `secret.*` value (a template put it in its command or environment) must not leak it
// into the stored log, which every API client can read.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "server/log_store.h"
#include "workflow/model.h"

namespace stroem::server {

inline constexpr const char* kSecretMask = "***";

// The secret values of a workspace, ready to mask lines with. Values shorter than 3
// characters are left alone: masking every "1" or "on" in a log would destroy it and
// protect nothing. Holds views into `secrets`, which must outlive it.
class SecretMasker {
 public:
  explicit SecretMasker(const std::vector<workflow::SecretLeaf>& secrets);

  bool empty() const { return values_.empty(); }
  // False when no value occurs anywhere in `text`: Mask would change none of its lines.
  bool AnyIn(std::string_view text) const;
  // Replaces every occurrence of any value in `line` with "***". Longer values are
  // replaced first, so a secret that contains another is masked whole.
  void Mask(std::string& line) const;

 private:
  std::vector<std::string_view> values_;  // longest first
};

// Masks each record's line (SecretMasker::Mask).
void MaskSecrets(std::vector<LogRecord>& records, const std::vector<workflow::SecretLeaf>& secrets);

}  // namespace stroem::server
