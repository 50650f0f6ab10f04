// The batch job behind `vnotice batch`: every document under some folders, files or manifests
// parsed into OUTDIR/records/<sha256>.json, with summaries, the plan's findings and the archive.
//
// Contract (docs/batch.md):
// - Inputs: files and folders (walked recursively, sorted by path, hidden entries and OUTDIR
//   skipped, symbolic links to folders not followed), then the lines of each manifest (one path
//   per line, relative to the current folder; blank lines and lines starting with '#' skipped).
//   A path listed twice is processed once.
// - One bad input never stops the batch: it becomes a failed row with its failure class and
//   one-line reason. Only a problem with OUTDIR, the plan or the archive stops it (Error).
// - Work is keyed by content: a record is written to a temporary name and renamed into place
//   when complete, and an input whose records/<sha256>.json already exists is not parsed again.
//   Inputs with the same content share one record (parsed once, from the first of them).
// - Deterministic: records/, summary.csv, summary.json and findings.json depend only on the
//   inputs, whatever --jobs is and however often the run was interrupted and restarted.
//   Wall times and whether this run parsed or reused a record go to timings.csv only.
// - Shards: input I belongs to shard (first 16 hex digits of sha256(I) as an integer) mod N + 1;
//   an unreadable input is placed by the SHA-256 of its path instead.
// - One pass, each input read once: its bytes are hashed, and for the first input of each
//   content in this shard parsed (or its record taken from records/), thumbnailed and kept by
//   the archive, all from the same bytes. Exceptions: a PDF over 64 MiB is read by its head and
//   Poppler reads the file (so a long scan is not held in memory), and a DOCX's ODT beside it
//   (or the other way round) is read again as the pair the archive keeps.
// - Order: workers take inputs in order and finish in any order; rows, the checker and the
//   archive take each input's outcome in input order, on the calling thread.
// - Parallelism: one budget of `jobs` threads (options.jobs; 0 = one per core). W = min(jobs,
//   inputs) inputs are read and parsed at once, each with jobs / W OCR page workers.
// - Memory: per input only its summary row is kept, and the records and files of at most 64
//   inputs (128 MiB of files) wait behind a slow one; --plan keeps every record (the checker
//   needs them together).
#pragma once

#include "extractors/extractor.h"

#include <cstddef>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace vnotice {

enum class BatchProgress {
  none,  // --quiet
  lines, // one plain line per input (stderr is not a terminal: logs, Slurm output files)
  live,  // one status line redrawn in place with '\r' (stderr is a terminal)
};

struct BatchRequest {
  std::vector<std::filesystem::path> inputs;    // files and folders
  std::vector<std::filesystem::path> manifests; // text files naming one input per line
  std::filesystem::path output_dir;
  std::optional<std::filesystem::path> plan; // findings.json over every record when given
  std::optional<std::filesystem::path> db;   // the archive; OUTDIR/archive.sqlite when empty
  int shard = 1;                             // 1-based K of --shard K/N
  int shard_count = 1;                       // N
  ExtractOptions options;                    // options.jobs is the whole batch's thread budget
  bool keep_files = true; // the archive keeps originals and thumbnails (files_to_keep)
  BatchProgress progress = BatchProgress::none;
  std::ostream *progress_stream = nullptr; // where progress goes (stderr); none when null
};

// One input of this shard, in input order.
struct BatchRow {
  std::string file;
  std::string sha256;      // empty when the file could not be read
  bool ok = false;         // status: "done" or "failed"
  bool reused = false;     // the record was already there (this run: "skipped")
  std::string method;      // "text_layer", "ocr", "markup", "mixed"; empty when failed
  int pages = 0;           // 0 when failed
  size_t warnings = 0;     // the record's warnings
  size_t needs_review = 0; // the record's key fields marked for review (Record::needs_review)
  std::string error_class; // exit_code_name of the failure, "" when done
  std::string error;       // the one-line reason, "" when done
  double seconds = 0;      // wall time this run spent on the input (timings.csv only)
};

struct BatchOutcome {
  std::vector<BatchRow> rows;
  size_t listed = 0;                          // inputs found, all shards together
  size_t done = 0;                            // rows with a record (parsed now or before)
  size_t skipped = 0;                         // of those, records that were already there
  size_t failed = 0;                          // rows without a record
  size_t needs_review = 0;                    // rows whose record has key fields to confirm
  bool archived = false;                      // false when vnotice was built without the archive
  std::vector<std::filesystem::path> written; // summary files, findings, archive (not records)
};

// Runs the batch. Throws Error when OUTDIR cannot be written, the plan cannot be read, or the
// inputs name no document at all; failed inputs are in the outcome, not thrown.
BatchOutcome run_batch(const BatchRequest &request);

// The shard an input with this content hash belongs to, 1..count.
int shard_of(const std::string &sha256, int count);

// Parses "K/N" (1 <= K <= N); nullopt when malformed.
std::optional<std::pair<int, int>> parse_shard(const std::string &text);

} // namespace vnotice
