// Parsing speed (issue 5, point 7): pages of extracted text parsed per second on one core.
// Extraction and the text layer run once per document, outside the timing; then parse_record
// runs over the documents again and again for at least the given seconds. Prints one table row
// per document and the total: pages/s and ms per page (median of the rounds).
// Usage: vnotice_parse_bench [--seconds S] FILE...
#include "extractors/record_parser.h"
#include "extractors/registry.h"
#include "extractors/text_normaliser.h"
#include "pipeline/input_file.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

using namespace vnotice;

int main(int argc, char **argv) {
  double seconds = 2.0;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--seconds" && i + 1 < argc)
      seconds = std::stod(argv[++i]);
    else
      files.push_back(arg);
  }
  std::printf("| document | pages | parse ms/page (median) | pages/s |\n|---|---:|---:|---:|\n");
  long long total_pages = 0;
  double total_seconds = 0;
  for (const std::string &file : files) {
    Document document = extract_document(InputFile::read(file), ExtractOptions{});
    normalise_document(document);
    const auto pages = static_cast<long long>(document.pages.size());
    std::vector<double> rounds;
    const auto start = std::chrono::steady_clock::now();
    size_t fields = 0;
    while (std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() <
               seconds ||
           rounds.size() < 5) {
      const auto before = std::chrono::steady_clock::now();
      const Record record = parse_record(document);
      fields += record.metrics.size(); // keeps the call from being optimised away
      rounds.push_back(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - before).count());
    }
    std::sort(rounds.begin(), rounds.end());
    const double median = rounds[rounds.size() / 2];
    std::printf("| %s | %lld | %.3f | %.0f |\n", file.c_str(), pages, 1000.0 * median / pages,
                pages / median);
    total_pages += pages;
    total_seconds += median;
    if (fields == 0) std::fprintf(stderr, "(no figures in %s)\n", file.c_str());
  }
  if (total_seconds > 0)
    std::printf("| all | %lld | %.3f | %.0f |\n", total_pages, 1000.0 * total_seconds / total_pages,
                total_pages / total_seconds);
  return 0;
}
