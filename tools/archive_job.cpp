#include "tools/archive_job.h"

#include "extractors/scan_module.h"
#include "pipeline/error.h"
#include "pipeline/messages.h"
#include "tools/inspection_job.h"
#include "tools/job.h"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace vnotice {

namespace {

// Thumbnails are shown 120 px wide; twice that stays sharp on a high-density screen.
constexpr int kThumbnailWidth = 240;

std::optional<InputFile> read_if_there(const std::filesystem::path &path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) return std::nullopt;
  try {
    return InputFile::read(path);
  } catch (const Error &) {
    return std::nullopt;
  }
}

} // namespace

size_t stored_bytes(const std::vector<std::vector<StoredFile>> &files) {
  size_t bytes = 0;
  for (const auto &kept : files)
    for (const StoredFile &file : kept)
      bytes += file.content.size();
  return bytes;
}

namespace {

// Files kept with `record`, from its original already read whole.
std::vector<StoredFile> files_from_original(InputFile original) {
  std::vector<StoredFile> files;
  const std::filesystem::path path = original.path;
  std::string thumbnail = first_page_thumbnail_via_scan_module(original, kThumbnailWidth);
  files.push_back({StoredFileKind::original, path.filename().string(), std::move(original.bytes)});
  if (!thumbnail.empty())
    files.push_back(
        {StoredFileKind::thumbnail, path.stem().string() + ".png", std::move(thumbnail)});
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (extension == ".docx" || extension == ".odt") {
    const bool docx = extension == ".docx";
    std::filesystem::path other = path;
    other.replace_extension(docx ? ".odt" : ".docx");
    if (auto pair = read_if_there(other))
      files.push_back({docx ? StoredFileKind::odt : StoredFileKind::docx, other.filename().string(),
                       std::move(pair->bytes)});
  }
  return files;
}

} // namespace

std::vector<StoredFile> files_to_keep(InputFile original, const Record &record) {
  if (original.sha256 == record.source.sha256 && original.whole)
    return files_from_original(std::move(original));
  // A record file (its source is another file), or a PDF kept by its head: read what is kept.
  std::optional<InputFile> source = read_if_there(original.sha256 == record.source.sha256
                                                      ? original.path
                                                      : std::filesystem::path(record.source.file));
  if (!source || source->sha256 != record.source.sha256 || !source->whole) return {};
  return files_from_original(std::move(*source));
}

IndexOutcome run_index(const IndexRequest &request) {
  // Chunks bound the memory of a long index to a few records, and still amortise the commit
  // (one fsync per chunk, not per document).
  constexpr size_t kChunk = 64;
  Archive archive = Archive::open(request.db);
  IndexOutcome outcome;
  std::vector<Record> chunk;
  std::vector<std::vector<StoredFile>> files;
  auto flush = [&] {
    archive.add_all(chunk, files);
    outcome.indexed += static_cast<long long>(chunk.size());
    chunk.clear();
    files.clear();
  };
  for (const auto &input : request.inputs) {
    // Read once: the record and the files kept come from the same bytes.
    InputFile file = read_input(input);
    chunk.push_back(load_or_parse_record(file, request.options));
    if (request.keep_files) files.push_back(files_to_keep(std::move(file), chunk.back()));
    if (chunk.size() == kChunk || stored_bytes(files) >= kArchiveChunkBytes) flush();
  }
  if (!chunk.empty()) flush();
  outcome.total = archive.document_count();
  return outcome;
}

namespace {

std::string hits_table(const std::vector<SearchHit> &hits) {
  if (hits.empty()) return tr("no document matches\n");
  std::string out;
  int rank = 0;
  for (const SearchHit &hit : hits) {
    out += fmt::format("{}. {}  {}  {}\n", ++rank,
                       hit.number_symbol.empty() ? tr("(no number)") : hit.number_symbol,
                       hit.date.empty() ? tr("(no date)") : hit.date,
                       hit.doc_type.empty() ? "" : hit.doc_type);
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
      array.push_back(to_json(hit));
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
