#include "server/secret_mask.h"

#include <algorithm>

namespace stroem::server {

void MaskSecrets(std::vector<LogRecord>& records,
                 const std::vector<workflow::SecretLeaf>& secrets) {
  std::vector<const std::string*> values;
  for (const workflow::SecretLeaf& s : secrets)
    if (s.value.size() >= 3) values.push_back(&s.value);
  if (values.empty()) return;
  std::sort(values.begin(), values.end(),
            [](const std::string* a, const std::string* b) { return a->size() > b->size(); });
  for (LogRecord& r : records)
    for (const std::string* v : values)
      for (size_t at = r.line.find(*v); at != std::string::npos; at = r.line.find(*v, at + 3))
        r.line.replace(at, v->size(), kSecretMask);
}

}  // namespace stroem::server
