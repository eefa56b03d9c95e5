#include "server/secret_mask.h"

#include <algorithm>

namespace stroem::server {

SecretMasker::SecretMasker(const std::vector<workflow::SecretLeaf>& secrets) {
  for (const workflow::SecretLeaf& s : secrets)
    if (s.value.size() >= 3) values_.push_back(s.value);
  std::stable_sort(values_.begin(), values_.end(),
                   [](std::string_view a, std::string_view b) { return a.size() > b.size(); });
}

bool SecretMasker::AnyIn(std::string_view text) const {
  return std::any_of(values_.begin(), values_.end(),
                     [&](std::string_view v) { return text.find(v) != std::string_view::npos; });
}

void SecretMasker::Mask(std::string& line) const {
  for (std::string_view v : values_)
    for (size_t at = line.find(v); at != std::string::npos; at = line.find(v, at + 3))
      line.replace(at, v.size(), kSecretMask);
}

void MaskSecrets(std::vector<LogRecord>& records,
                 const std::vector<workflow::SecretLeaf>& secrets) {
  SecretMasker masker(secrets);
  if (masker.empty()) return;
  for (LogRecord& r : records) masker.Mask(r.line);
}

}  // namespace stroem::server
