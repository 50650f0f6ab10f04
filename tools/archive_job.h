// The archive jobs behind `vnotice index`, `vnotice search` and `vnotice archive merge`
// (pipeline/archive/archive.h holds the database itself).
//
// Contract: `index` reads every input (a record written by `vnotice parse` as it is, any other
// document parsed) and adds it to the archive, creating the file when new; inputs go in by
// chunks, each chunk one transaction, so a failing input stops the job with its Error and leaves
// the archive with whole documents only (the ones before it; indexing again is safe since a
// document is keyed by its file's sha256). `search` opens the archive read-only: a
// missing one is input_missing. `merge` creates the output when new and adds every shard in
// the order given (a document in several shards ends up once, with the last shard's copy).
#pragma once

#include "extractors/extractor.h"
#include "pipeline/archive/archive.h"

#include <filesystem>
#include <string>
#include <vector>

namespace vnotice {

struct IndexRequest {
  std::filesystem::path db;
  std::vector<std::filesystem::path> inputs;
  ExtractOptions options;
  bool keep_files = true; // the originals, notices' DOCX/ODT and thumbnails go in the archive
};

// The files the archive keeps with the document `record`, given the input it was read from
// (read_input, tools/job.h): the original, from those bytes when they are its whole file (else
// read from its path, or for a record file from the source file it names when it is still there
// with the same sha256); the other half of a notice's DOCX/ODT pair beside it (same name, other
// extension); and a thumbnail of its first page (PDF and images). Files that cannot be read are
// left out.
std::vector<StoredFile> files_to_keep(InputFile original, const Record &record);
// A chunk of documents written in one transaction is cut when its files reach this size, so
// memory stays bounded with large originals.
inline constexpr size_t kArchiveChunkBytes = 64 * 1024 * 1024;
size_t stored_bytes(const std::vector<std::vector<StoredFile>> &files);

struct IndexOutcome {
  long long indexed = 0; // inputs added (or updated)
  long long total = 0;   // documents in the archive afterwards
};

IndexOutcome run_index(const IndexRequest &request);

struct SearchRequest {
  std::filesystem::path db;
  SearchQuery query;
  bool json = false;
};

struct SearchOutcome {
  std::vector<SearchHit> hits;
  std::string rendered; // the ranked list as text, or a JSON array of hits
};

SearchOutcome run_search(const SearchRequest &request);

struct MergeRequest {
  std::filesystem::path output;
  std::vector<std::filesystem::path> inputs;
};

struct MergeOutcome {
  long long total = 0; // documents in the output afterwards
};

MergeOutcome run_merge(const MergeRequest &request);

} // namespace vnotice
