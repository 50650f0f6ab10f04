#include "tools/batch_job.h"

#include "pipeline/archive/archive.h"
#include "pipeline/atomic_file.h"
#include "pipeline/check/checker.h"
#include "pipeline/check/plan.h"
#include "pipeline/error.h"
#include "pipeline/input_file.h"
#include "pipeline/messages.h"
#include "pipeline/record.h"
#include "tools/archive_job.h"
#include "tools/job.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <set>
#include <sstream>
#include <thread>
#include <unistd.h>

namespace vnotice {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// An input as listed: a path, or a folder that could not be listed (a failed row, not a stop).
struct Listed {
  fs::path path;
  std::optional<Error> error;
};

bool is_hidden(const fs::path &path) {
  const std::string name = path.filename().string();
  return !name.empty() && name[0] == '.';
}

class InputLister {
public:
  explicit InputLister(fs::path output_dir) : output_dir_(std::move(output_dir)) {}

  void add(const fs::path &path) {
    std::error_code error;
    if (fs::is_directory(path, error))
      walk(path);
    else
      push({path, std::nullopt}); // a missing or unreadable file becomes a failed row
  }

  void add_manifest(const fs::path &manifest) {
    std::ifstream in(manifest, std::ios::binary);
    if (!in)
      throw Error(ExitCode::input_missing, manifest.string(),
                  tr("cannot read the manifest; check the path and its permissions"));
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      const size_t first = line.find_first_not_of(" \t");
      if (first == std::string::npos || line[first] == '#') continue;
      add(line);
    }
  }

  std::vector<Listed> take() { return std::move(listed_); }

private:
  // Depth-first, each folder's entries in byte order of their names, so the order (and with it
  // the summary) does not depend on the file system's own order.
  void walk(const fs::path &dir) {
    std::error_code error;
    fs::directory_iterator it(dir, error);
    std::vector<fs::directory_entry> entries;
    for (; !error && it != fs::directory_iterator(); it.increment(error))
      entries.push_back(*it);
    if (error) {
      push({dir,
            Error(ExitCode::input_missing, "",
                  trf("cannot list this folder ({}); check its permissions", error.message()))});
      return;
    }
    std::sort(entries.begin(), entries.end(), [](const auto &a, const auto &b) {
      return a.path().filename() < b.path().filename();
    });
    for (const fs::directory_entry &entry : entries) {
      if (is_hidden(entry.path())) continue;
      std::error_code status_error;
      // Links to folders are not followed: they can loop, and they would list files twice.
      if (entry.is_symlink(status_error) && entry.is_directory(status_error)) continue;
      if (entry.is_directory(status_error)) {
        if (!fs::equivalent(entry.path(), output_dir_, status_error)) walk(entry.path());
      } else if (entry.is_regular_file(status_error)) {
        push({entry.path(), std::nullopt});
      }
    }
  }

  void push(Listed listed) {
    if (seen_.insert(listed.path.lexically_normal().string()).second)
      listed_.push_back(std::move(listed));
  }

  fs::path output_dir_;
  std::vector<Listed> listed_;
  std::set<std::string> seen_;
};

// Removes temporary files a killed run left (write_file_atomically names them PATH.tmp-PID),
// unless their process still runs: they would otherwise stay in OUTDIR forever.
void remove_stale_temporaries(const fs::path &dir) {
  std::error_code error;
  for (fs::directory_iterator it(dir, error); !error && it != fs::directory_iterator();
       it.increment(error)) {
    const std::string name = it->path().filename().string();
    const size_t mark = name.rfind(".tmp-");
    if (mark == std::string::npos) continue;
    const std::string digits = name.substr(mark + 5);
    if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) continue;
    const long pid = std::stol(digits);
    if (pid != ::getpid() && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) {
      std::error_code ignored;
      fs::remove(it->path(), ignored);
    }
  }
}

// Runs work(i) for every i < count on `threads` threads. The calling thread receives each
// finished index in on_done (in completion order) and calls tick() at least once a second, so
// all printing happens on one thread. `work` must not throw.
template <class Work, class Done, class Tick>
void run_parallel(size_t count, int threads, Work work, Done on_done, Tick tick) {
  std::mutex mutex;
  std::condition_variable finished_cv;
  std::vector<size_t> finished;
  std::atomic<size_t> next{0};
  {
    std::vector<std::jthread> workers;
    const size_t worker_count = std::min<size_t>(static_cast<size_t>(std::max(threads, 1)), count);
    for (size_t w = 0; w < worker_count; ++w)
      workers.emplace_back([&] {
        for (size_t i = next++; i < count; i = next++) {
          work(i);
          const std::lock_guard lock(mutex);
          finished.push_back(i);
          finished_cv.notify_one();
        }
      });
    size_t handled = 0;
    while (handled < count) {
      std::vector<size_t> ready;
      {
        std::unique_lock lock(mutex);
        finished_cv.wait_for(lock, std::chrono::seconds(1), [&] { return !finished.empty(); });
        ready.swap(finished);
      }
      for (size_t i : ready)
        on_done(i);
      handled += ready.size();
      tick();
    }
  }
}

// The failure class and one-line reason of an exception, without the file name (the row has it).
void set_failure(BatchRow &row, ExitCode code, const std::string &reason) {
  row.ok = false;
  row.error_class = std::string(exit_code_name(code));
  row.error = Error(code, "", reason).one_line();
}

template <class Body> void capture_failure(BatchRow &row, Body body) {
  try {
    body();
  } catch (const Error &e) {
    set_failure(row, e.code(), e.what());
  } catch (const std::bad_alloc &) {
    set_failure(row, ExitCode::internal, tr("out of memory; run the batch with fewer --jobs"));
  } catch (const std::exception &e) {
    set_failure(row, ExitCode::internal,
                trf("internal error ({}); this is a bug, please report it with the input "
                    "file",
                    e.what()));
  }
}

// The summary fields of a record already in records/: false when it is not a complete record of
// this content (edited or damaged by hand), so it is parsed again.
bool read_existing_record(const fs::path &path, const std::string &sha256, BatchRow &row) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  const nlohmann::json json = nlohmann::json::parse(in, nullptr, false);
  if (!json.is_object() || !json.contains("source") || !json["source"].is_object()) return false;
  const nlohmann::json &source = json["source"];
  if (source.value("sha256", "") != sha256 || !source.contains("pages") ||
      !source["pages"].is_number_integer() || !json.contains("warnings") ||
      !json["warnings"].is_array())
    return false;
  row.method = source.value("method", "");
  row.pages = source["pages"].get<int>();
  row.warnings = json["warnings"].size();
  row.needs_review = json.contains("needs_review") && json["needs_review"].is_object()
                         ? json["needs_review"].size()
                         : 0;
  return true;
}

Record load_record_file(const fs::path &path) {
  std::ifstream in(path, std::ios::binary);
  nlohmann::json json = nlohmann::json::parse(in, nullptr, false);
  if (json.is_discarded())
    throw Error(ExitCode::input_damaged, path.string(),
                tr("the record is not valid JSON; delete it and run the batch again"));
  return record_from_json(json, path.string());
}

// RFC 4180: quoted only when needed, quotes doubled.
std::string csv_field(const std::string &value) {
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string quoted = "\"";
  for (char c : value) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string duration_text(double seconds) {
  const long total = static_cast<long>(seconds + 0.5);
  if (total >= 3600)
    return fmt::format("{}:{:02}:{:02}", total / 3600, total / 60 % 60, total % 60);
  return fmt::format("{}:{:02}", total / 60, total % 60);
}

// Progress on stderr: a line per input of this shard, or one line redrawn in place. Used from
// one thread, in input order.
class ProgressReporter {
public:
  ProgressReporter(BatchProgress mode, std::ostream *stream)
      : mode_(stream == nullptr ? BatchProgress::none : mode), stream_(stream) {}

  // The pass starts over `listed` inputs, all shards together.
  void start(size_t listed) {
    listed_ = listed;
    start_ = Clock::now();
  }

  // An input of another shard: read for its hash only.
  void passed_over() { ++seen_; }

  void row_finished(const BatchRow &row, bool parsed_now) {
    ++seen_;
    if (!row.ok) ++failed_;
    pages_ += row.pages;
    if (parsed_now) ++parsed_;
    if (mode_ != BatchProgress::lines) return;
    std::string what;
    if (!row.ok)
      what = trf("failed ({}): {}", row.error_class, row.error);
    else if (row.reused)
      what = trf("skipped, already done ({} page(s))", row.pages);
    else
      what = trf("done ({} page(s), {}, {:.2f} s)", row.pages, row.method, row.seconds);
    *stream_ << trf("vnotice: [{}/{}] {}: {}\n", seen_, listed_, row.file, what) << std::flush;
  }

  void redraw(bool last = false) {
    const double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
    const double rate = elapsed > 0 ? static_cast<double>(parsed_) / elapsed : 0;
    std::string eta = "0:00";
    if (seen_ < listed_)
      eta = seen_ == 0 ? "--"
                       : duration_text(static_cast<double>(listed_ - seen_) * elapsed /
                                       static_cast<double>(seen_));
    draw(trf("vnotice: {}/{} files, {} pages, {:.1f} files/s, ETA {}, {} failed", seen_, listed_,
             pages_, rate, eta, failed_),
         last);
  }

private:
  // Overwrites the previous line: '\r', then spaces over what the longer old line showed.
  void draw(std::string line, bool last) {
    if (mode_ != BatchProgress::live) return;
    // Thousands of small files finish faster than a terminal wants to be redrawn.
    const auto now = Clock::now();
    if (!last && now - drawn_at_ < std::chrono::milliseconds(100)) return;
    drawn_at_ = now;
    const size_t width = line.size();
    if (width < shown_width_) line.append(shown_width_ - width, ' ');
    shown_width_ = last ? 0 : width;
    *stream_ << '\r' << line << (last ? "\n" : "") << std::flush;
  }

  BatchProgress mode_;
  std::ostream *stream_;
  size_t listed_ = 0;
  Clock::time_point start_ = Clock::now();
  size_t seen_ = 0, parsed_ = 0, failed_ = 0;
  long pages_ = 0;
  size_t shown_width_ = 0;
  Clock::time_point drawn_at_{};
};

std::string summary_csv(const std::vector<BatchRow> &rows) {
  std::string out = "file,sha256,status,method,pages,warnings,needs_review,error_class,error\n";
  for (const BatchRow &row : rows)
    out += fmt::format(
        "{},{},{},{},{},{},{},{},{}\n", csv_field(row.file), row.sha256, row.ok ? "done" : "failed",
        row.method, row.ok ? std::to_string(row.pages) : "",
        row.ok ? std::to_string(row.warnings) : "", row.ok ? std::to_string(row.needs_review) : "",
        row.error_class, csv_field(row.error));
  return out;
}

std::string summary_json(const BatchRequest &request, const BatchOutcome &outcome) {
  using Json = nlohmann::ordered_json;
  auto text_or_null = [](bool present, const std::string &text) {
    return present ? Json(text) : Json();
  };
  Json files = Json::array();
  for (const BatchRow &row : outcome.rows) {
    Json item;
    item["file"] = row.file;
    item["sha256"] = text_or_null(!row.sha256.empty(), row.sha256);
    item["status"] = row.ok ? "done" : "failed";
    item["method"] = text_or_null(row.ok, row.method);
    item["pages"] = row.ok ? Json(row.pages) : Json();
    item["warnings"] = row.ok ? Json(row.warnings) : Json();
    item["needs_review"] = row.ok ? Json(row.needs_review) : Json();
    item["error_class"] = text_or_null(!row.ok, row.error_class);
    item["error"] = text_or_null(!row.ok, row.error);
    if (row.ok) item["record"] = fmt::format("records/{}.json", row.sha256);
    files.push_back(std::move(item));
  }
  Json json;
  json["schema_version"] = 1;
  json["shard"] = {{"index", request.shard}, {"count", request.shard_count}};
  json["counts"] = {{"listed", outcome.listed},
                    {"files", outcome.rows.size()},
                    {"done", outcome.done},
                    {"failed", outcome.failed},
                    {"needs_review", outcome.needs_review}};
  json["files"] = std::move(files);
  return json.dump(2) + "\n";
}

std::string timings_csv(const std::vector<BatchRow> &rows) {
  std::string out = "file,sha256,this_run,seconds\n";
  for (const BatchRow &row : rows)
    out += fmt::format("{},{},{},{:.3f}\n", csv_field(row.file), row.sha256,
                       !row.ok      ? "failed"
                       : row.reused ? "skipped"
                                    : "done",
                       row.seconds);
  return out;
}

// How far the workers may run ahead of the input whose turn it is to be written: bounds the
// records and files that wait behind a slow input, in count and in bytes.
constexpr size_t kAheadInputs = 64;
constexpr size_t kAheadBytes = 2 * kArchiveChunkBytes;

// One listed input between its worker and its turn to be written.
struct Slot {
  BatchRow row;
  bool in_shard = false;
  std::optional<size_t> copy_of; // the first input with the same content, when this is not it
  bool parsed_now = false;
  std::optional<Record> record; // for the checker and the archive, until written
  std::vector<StoredFile> files;
  size_t file_bytes = 0;
};

// Keeps the single pass over the inputs in input order where it matters. Workers take inputs in
// order but finish in any order; the calling thread writes each input's row, findings and
// archive entry in input order, so the outputs do not depend on timing.
class InputOrder {
public:
  explicit InputOrder(size_t count) : hashed_(count, 0) {}

  // Blocks until input `i` may be read: fewer than kAheadInputs inputs ahead of the next to be
  // written, and less than kAheadBytes held for writing (the next to be written always may).
  void wait_to_read(size_t i) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] {
      return i == next_to_write_ ||
             (i < next_to_write_ + kAheadInputs && held_bytes_ < kAheadBytes);
    });
  }

  // Input `i` is hashed; `sha256` when it is a document of this shard. Waits until every earlier
  // input is hashed too, then returns the first input with this content (i itself when none
  // came earlier): the one that is parsed, whose path its record names.
  size_t hashed(size_t i, const std::string *sha256) {
    std::unique_lock lock(mutex_);
    if (sha256 != nullptr) {
      auto [it, added] = first_of_.try_emplace(*sha256, i);
      if (!added) it->second = std::min(it->second, i);
    }
    hashed_[i] = 1;
    while (hashed_prefix_ < hashed_.size() && hashed_[hashed_prefix_] != 0)
      ++hashed_prefix_;
    changed_.notify_all();
    changed_.wait(lock, [&] { return hashed_prefix_ >= i; });
    return sha256 != nullptr ? first_of_.at(*sha256) : i;
  }

  void hold(size_t bytes) {
    const std::lock_guard lock(mutex_);
    held_bytes_ += bytes;
  }

  void release(size_t bytes) {
    const std::lock_guard lock(mutex_);
    held_bytes_ -= bytes;
    changed_.notify_all();
  }

  void set_next_to_write(size_t next) {
    const std::lock_guard lock(mutex_);
    next_to_write_ = next;
    changed_.notify_all();
  }

private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<char> hashed_;
  size_t hashed_prefix_ = 0; // inputs [0, hashed_prefix_) are hashed
  std::map<std::string, size_t> first_of_;
  size_t next_to_write_ = 0;
  size_t held_bytes_ = 0;
};

} // namespace

int shard_of(const std::string &sha256, int count) {
  const unsigned long long value = std::stoull(sha256.substr(0, 16), nullptr, 16);
  return static_cast<int>(value % static_cast<unsigned long long>(count)) + 1;
}

std::optional<std::pair<int, int>> parse_shard(const std::string &text) {
  const size_t slash = text.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == text.size()) return std::nullopt;
  const std::string k = text.substr(0, slash), n = text.substr(slash + 1);
  auto digits = [](const std::string &s) {
    return s.size() <= 6 && s.find_first_not_of("0123456789") == std::string::npos;
  };
  if (!digits(k) || !digits(n)) return std::nullopt;
  const int index = std::stoi(k), count = std::stoi(n);
  if (count < 1 || index < 1 || index > count) return std::nullopt;
  return std::pair{index, count};
}

BatchOutcome run_batch(const BatchRequest &request) {
  const fs::path &out_dir = request.output_dir;
  const fs::path records_dir = out_dir / "records";
  std::error_code error;
  fs::create_directories(records_dir, error);
  if (error)
    throw Error(ExitCode::output_failed, out_dir.string(),
                trf("cannot create the output folder ({}); check the path and that you "
                    "may write there",
                    error.message()));
  remove_stale_temporaries(out_dir);
  remove_stale_temporaries(records_dir);

  // The plan and the archive first: a typo in a path should fail now, not after hours of parsing.
  std::optional<InspectionPlan> plan;
  if (request.plan) plan = load_plan(request.plan->string());
  const fs::path db = request.db.value_or(out_dir / "archive.sqlite");
  Archive archive = Archive::open(db);

  InputLister lister(fs::canonical(out_dir));
  for (const fs::path &input : request.inputs)
    lister.add(input);
  for (const fs::path &manifest : request.manifests)
    lister.add_manifest(manifest);
  const std::vector<Listed> listed = lister.take();
  if (listed.empty())
    throw Error(ExitCode::input_missing, "",
                tr("the inputs name no document (empty folders, or only hidden files); check the "
                   "paths"));

  // One budget: W inputs at once, each with budget / W page workers (never W x budget).
  const int budget = request.options.jobs > 0
                         ? request.options.jobs
                         : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const int file_workers =
      static_cast<int>(std::clamp<size_t>(listed.size(), 1, static_cast<size_t>(budget)));
  ExtractOptions options = request.options;
  options.jobs = std::max(1, budget / file_workers);
  // The figures the plan names are read besides the parser's own (issue 20, point 3).
  const std::vector<FigureSpec> plan_figures =
      plan ? plan->figure_specs() : std::vector<FigureSpec>{};

  // One pass, each input read once: its hash (which decides its shard and names its record),
  // then, for the first input of each content in this shard, its record (parsed now or already
  // in records/) and the files the archive keeps, from the same bytes.
  std::vector<Slot> slots(listed.size());
  InputOrder order(listed.size());
  auto work = [&](size_t i) {
    order.wait_to_read(i);
    Slot &slot = slots[i];
    BatchRow &row = slot.row;
    const auto start = Clock::now();
    row.file = listed[i].path.string();
    row.ok = true;
    std::optional<InputFile> input;
    if (listed[i].error)
      set_failure(row, listed[i].error->code(), listed[i].error->what());
    else
      capture_failure(row, [&] {
        input = read_input(listed[i].path);
        row.sha256 = input->sha256;
      });
    const std::string key = row.sha256.empty() ? sha256_hex(row.file) : row.sha256;
    slot.in_shard = shard_of(key, request.shard_count) == request.shard;
    const bool document = slot.in_shard && row.ok;
    const size_t first = order.hashed(i, document ? &row.sha256 : nullptr);
    if (!document) return;
    if (first != i) {
      slot.copy_of = first;
      return;
    }
    const fs::path record_path = records_dir / (row.sha256 + ".json");
    capture_failure(row, [&] {
      if (read_existing_record(record_path, row.sha256, row)) {
        row.reused = true;
        slot.record = load_record_file(record_path);
      } else {
        ParseResult result = parse_input(*input, options, plan_figures);
        write_file_atomically(record_path, result.rendered);
        row.method = result.record.source.method;
        row.pages = result.record.source.pages;
        row.warnings = result.record.warnings.size();
        row.needs_review = result.record.needs_review.size();
        slot.parsed_now = true;
        slot.record = std::move(result.record);
      }
    });
    if (row.ok && request.keep_files) {
      slot.files = files_to_keep(std::move(*input), *slot.record);
      for (const StoredFile &file : slot.files)
        slot.file_bytes += file.content.size();
      order.hold(slot.file_bytes);
    }
    row.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  };

  // Written on this thread, in input order. The archive takes records in chunks, one
  // transaction each (one per record would fsync thousands of times); adding a record again
  // replaces it, so a rerun after a kill is harmless.
  BatchOutcome outcome;
  outcome.listed = listed.size();
  std::vector<BatchRow> &rows = outcome.rows;
  std::optional<RecordsCheck> check;
  if (plan) check.emplace(*plan);
  constexpr size_t kArchiveChunk = 64;
  std::vector<Record> chunk;
  std::vector<std::vector<StoredFile>> chunk_files;
  size_t chunk_bytes = 0;
  auto commit_chunk = [&] {
    archive.add_all(chunk, chunk_files);
    archive.release_memory();
    chunk.clear();
    chunk_files.clear();
    order.release(chunk_bytes);
    chunk_bytes = 0;
  };
  ProgressReporter progress(request.progress, request.progress_stream);
  progress.start(listed.size());
  auto write_input = [&](size_t i) {
    Slot &slot = slots[i];
    if (!slot.in_shard) {
      progress.passed_over();
      return;
    }
    if (slot.copy_of) {
      // Same content as an earlier input: its record, its outcome.
      const BatchRow &first = slots[*slot.copy_of].row;
      BatchRow &row = slot.row;
      row.ok = first.ok;
      row.reused = true;
      row.method = first.method;
      row.pages = first.pages;
      row.warnings = first.warnings;
      row.needs_review = first.needs_review;
      row.error_class = first.error_class;
      row.error = first.error;
    }
    progress.row_finished(slot.row, slot.parsed_now);
    rows.push_back(slot.row);
    if (!slot.record) return;
    if (check) check->add(*slot.record);
    chunk.push_back(std::move(*slot.record));
    slot.record.reset();
    chunk_files.push_back(std::move(slot.files));
    chunk_bytes += slot.file_bytes;
    if (chunk.size() == kArchiveChunk || chunk_bytes >= kArchiveChunkBytes) commit_chunk();
  };
  std::vector<char> finished(listed.size(), 0);
  size_t next_to_write = 0;
  run_parallel(
      listed.size(), file_workers, work,
      [&](size_t i) {
        finished[i] = 1;
        while (next_to_write < finished.size() && finished[next_to_write] != 0)
          write_input(next_to_write++);
        order.set_next_to_write(next_to_write);
      },
      [&] { progress.redraw(); });
  if (!chunk.empty()) commit_chunk();
  progress.redraw(true);

  for (const BatchRow &row : rows) {
    if (row.ok) ++outcome.done;
    if (row.ok && row.reused) ++outcome.skipped;
    if (!row.ok) ++outcome.failed;
    if (row.ok && row.needs_review > 0) ++outcome.needs_review;
  }

  auto write = [&outcome](const fs::path &path, const std::string &bytes) {
    write_file_atomically(path, bytes);
    outcome.written.push_back(path);
  };
  write(out_dir / "summary.csv", summary_csv(rows));
  write(out_dir / "summary.json", summary_json(request, outcome));
  write(out_dir / "timings.csv", timings_csv(rows));
  outcome.archived = true;
  outcome.written.push_back(db);

  if (check) {
    CheckResult result = std::move(*check).finish();
    result.findings.plan_file = request.plan->string();
    AtomicFileWriter findings(out_dir / "findings.json");
    write_json(result.findings, findings);
    findings.commit();
    outcome.written.push_back(out_dir / "findings.json");
  }
  return outcome;
}

} // namespace vnotice
