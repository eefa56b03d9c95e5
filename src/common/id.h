// Identifiers: jobs, workers and attempts are random UUIDv4 strings (the seed's
// API shape). Ordering never depends on them: claims are FIFO by creation time.
#pragma once

#include <string>
#include <string_view>

namespace stroem {

// A new random (version 4) UUID in canonical lower-case form. Thread-safe.
std::string NewUuid();

// True when `text` is a UUID in canonical 8-4-4-4-12 hex form (any case).
bool IsUuid(std::string_view text);

}  // namespace stroem
