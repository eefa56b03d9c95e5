// libFuzzer target: the workspace loader and validation on arbitrary bytes.
// Nothing may crash, hang or read out of bounds; every input gives a LoadResult.
#include <cstddef>
#include <cstdint>
#include <string>

#include "workflow/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string content(reinterpret_cast<const char*>(data), size);
  // Half the input as a second file exercises cross-file merging.
  size_t split = content.find("\n---file---\n");
  std::vector<std::pair<std::string, std::string>> sources;
  if (split == std::string::npos) {
    sources.emplace_back("a.yaml", content);
  } else {
    sources.emplace_back("a.yaml", content.substr(0, split));
    sources.emplace_back("b.yaml", content.substr(split + 12));
  }
  stroem::workflow::LoadResult result = stroem::workflow::LoadSources(sources);
  for (const auto& d : result.diagnostics.Sorted()) (void)d.ToString();
  return 0;
}
