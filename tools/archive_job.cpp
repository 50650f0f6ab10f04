#include "tools/archive_job.h"

#include "pipeline/error.h"
#include "tools/inspection_job.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace vnotice {

IndexOutcome run_index(const IndexRequest &request) {
  // Chunks bound the memory of a long index to a few records, and still amortise the commit
  // (one fsync per chunk, not per document).
  constexpr size_t kChunk = 64;
  Archive archive = Archive::open(request.db);
  IndexOutcome outcome;
  std::vector<Record> chunk;
  auto flush = [&] {
    archive.add_all(chunk);
    outcome.indexed += static_cast<long long>(chunk.size());
    chunk.clear();
  };
  for (const auto &input : request.inputs) {
    chunk.push_back(load_or_parse_record(input, request.options));
    if (chunk.size() == kChunk) flush();
  }
  if (!chunk.empty()) flush();
  outcome.total = archive.document_count();
  return outcome;
}

namespace {

nlohmann::ordered_json hit_json(const SearchHit &hit) {
  auto optional = [](const std::string &value) {
    return value.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(value);
  };
  nlohmann::ordered_json out;
  out["number_symbol"] = optional(hit.number_symbol);
  out["date"] = optional(hit.date);
  out["doc_type"] = optional(hit.doc_type);
  out["issuer"] = optional(hit.issuer);
  out["subject"] = optional(hit.subject);
  out["snippet"] = hit.snippet;
  // Six significant digits: bm25 values are tiny in a small archive, and rounding to places
  // would print them all as 0.
  out["score"] = std::stod(fmt::format("{:.6g}", hit.score));
  out["file"] = hit.file;
  out["sha256"] = hit.sha256;
  return out;
}

std::string hits_table(const std::vector<SearchHit> &hits) {
  if (hits.empty()) return "no document matches\n";
  std::string out;
  int rank = 0;
  for (const SearchHit &hit : hits) {
    out += fmt::format(
        "{}. {}  {}  {}\n", ++rank, hit.number_symbol.empty() ? "(no number)" : hit.number_symbol,
        hit.date.empty() ? "(no date)" : hit.date, hit.doc_type.empty() ? "" : hit.doc_type);
    if (!hit.subject.empty()) out += fmt::format("   {}\n", hit.subject);
    if (!hit.snippet.empty()) out += fmt::format("   {}\n", hit.snippet);
    out += fmt::format("   {}\n", hit.file);
  }
  return out;
}

} // namespace

SearchOutcome run_search(const SearchRequest &request) {
  const Archive archive = Archive::open_for_reading(request.db);
  SearchOutcome outcome;
  outcome.hits = archive.search(request.query);
  if (request.json) {
    nlohmann::ordered_json array = nlohmann::ordered_json::array();
    for (const SearchHit &hit : outcome.hits)
      array.push_back(hit_json(hit));
    outcome.rendered = array.dump(2) + "\n";
  } else {
    outcome.rendered = hits_table(outcome.hits);
  }
  return outcome;
}

MergeOutcome run_merge(const MergeRequest &request) {
  Archive archive = Archive::open(request.output);
  for (const auto &input : request.inputs)
    archive.merge_from(input);
  return MergeOutcome{archive.document_count()};
}

} // namespace vnotice
