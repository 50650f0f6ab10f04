// `vnotice batch` through the real CLI on a folder of good documents (the samples under other
// names, variants with other content, a renamed copy) and broken ones (tests/bad_inputs): every
// good file done, every broken one failed with its reason, nothing written outside OUTDIR; the
// outputs are byte-identical for --jobs 1 and 2, for a run killed with SIGKILL and started
// again, and for a rerun (which skips the done work); shards cover every input exactly once.
#include "pipeline/archive/archive.h"
#include "pipeline/error.h"
#include "test_support.h"

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <spawn.h>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char **environ;

namespace vnotice {
namespace {

namespace fs = std::filesystem;

// Every file under `dir` by relative path, with its bytes.
std::map<std::string, std::string> snapshot(const fs::path &dir,
                                            const std::set<std::string> &leave_out = {}) {
  std::map<std::string, std::string> files;
  for (const auto &entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    const std::string name = fs::relative(entry.path(), dir).string();
    if (leave_out.count(name) == 0) files[name] = test::read_file(entry.path());
  }
  return files;
}

// What must be identical between runs: everything but the wall times and the SQLite file.
std::map<std::string, std::string> deterministic_outputs(const fs::path &dir) {
  return snapshot(dir, {"timings.csv", "archive.sqlite"});
}

std::vector<std::string> lines_of(const std::string &text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

// A CSV row split on commas (the test corpus has no commas or quotes in its names or reasons,
// except where the reason is quoted as a whole: the last field).
std::vector<std::string> csv_split(const std::string &line) {
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false;
  for (char c : line) {
    if (c == '"')
      quoted = !quoted;
    else if (c == ',' && !quoted) {
      fields.push_back(field);
      field.clear();
    } else
      field += c;
  }
  fields.push_back(field);
  return fields;
}

// A process in the background, its output in files: killed and reaped on destruction.
class Background {
public:
  Background(const std::vector<std::string> &argv, const fs::path &log_dir) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    const std::string out = (log_dir / "bg.out").string(), err = (log_dir / "bg.err").string();
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    std::vector<char *> args;
    for (const std::string &arg : argv)
      args.push_back(const_cast<char *>(arg.c_str()));
    args.push_back(nullptr);
    if (posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
  }
  Background(const Background &) = delete;
  Background &operator=(const Background &) = delete;
  ~Background() {
    if (pid_ > 0) kill_and_wait();
  }
  pid_t pid() const { return pid_; }
  bool running() {
    int status = 0;
    return pid_ > 0 && ::waitpid(pid_, &status, WNOHANG) == 0;
  }
  // SIGKILL and reap; true when it was still running (killed, not finished).
  bool kill_and_wait() {
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
  }

private:
  pid_t pid_ = -1;
};

struct BrokenCase {
  std::string file;
  std::string error_class;
  std::string phrase;
};

class BatchTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    root_ = new test::TempDir();
    const fs::path corpus = *root_ / "corpus";
    fs::create_directories(corpus / "pdf");
    fs::create_directories(corpus / "office" / "nested");
    fs::create_directories(corpus / "broken");
    fs::create_directories(corpus / ".cache");
    fs::create_directories(*root_ / "work");
    // Good files: the samples under new names, PDF variants with other bytes (a comment after
    // %%EOF: same text, another content hash, so another record), one renamed exact copy.
    int variant = 0;
    for (const char *kind : {"pdf", "docx", "odt"})
      for (const auto &entry : fs::directory_iterator(test::source_dir() / "samples" / kind)) {
        const std::string stem = entry.path().stem().string();
        const fs::path dest = std::string(kind) == "pdf" ? corpus / "pdf" : corpus / "office";
        fs::copy_file(entry.path(), dest / ("src-" + stem + entry.path().extension().string()));
        if (std::string(kind) != "pdf") continue;
        const std::string bytes = test::read_file(entry.path());
        for (int v = 1; v <= 2; ++v)
          test::write_file(corpus / "pdf" / fmt_name(stem, v),
                           bytes + "%variant " + std::to_string(++variant) + "\n");
      }
    fs::copy_file(test::sample_pdf("notice-2021-sct.pdf"),
                  corpus / "office" / "nested" / "bản sao thông báo.pdf");
    fs::copy_file(test::source_dir() / "tests" / "data" / "notice-2021-sct.txt",
                  corpus / "office" / "notice.txt");
    // Hidden entries are not inputs.
    fs::copy_file(test::sample_pdf("notice-2021-sct.pdf"), corpus / ".hidden.pdf");
    fs::copy_file(test::sample_pdf("notice-2021-sct.pdf"), corpus / ".cache" / "cached.pdf");
    // Broken files made as tests/bad_inputs/make_corpus.py makes them (running it whole takes
    // 10 s), with the outcome documented for them in tests/bad_inputs/expected.tsv.
    const std::string notice = test::read_file(test::sample_pdf("notice-2021-sct.pdf"));
    test::write_file(corpus / "broken" / "empty.pdf", "");
    test::write_file(corpus / "broken" / "truncated.pdf", notice.substr(0, notice.size() * 6 / 10));
    std::string noise(64 * 1024, '\0');
    std::mt19937 random(1935);
    for (char &c : noise)
      c = static_cast<char>(random() & 0xff);
    test::write_file(corpus / "broken" / "random.bin", noise);
    test::write_file(corpus / "broken" / "damaged.pdf",
                     "%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage\ntrailer <<>>\n%%EOF\n");
    const auto encrypted = test::run_command({"qpdf", "--encrypt", "mật-khẩu", "chủ", "256", "--",
                                              test::sample_pdf("notice-2021-sct.pdf").string(),
                                              (corpus / "broken" / "encrypted.pdf").string()});
    ASSERT_EQ(encrypted.exit_code, 0) << encrypted.err;
    std::ifstream expected(test::source_dir() / "tests/bad_inputs/expected.tsv");
    const std::set<std::string> wanted = {"empty.pdf", "truncated.pdf", "random.bin", "damaged.pdf",
                                          "encrypted.pdf"};
    for (std::string line; std::getline(expected, line);) {
      const size_t a = line.find('\t'), b = line.find('\t', a + 1);
      if (line.empty() || line[0] == '#' || wanted.count(line.substr(0, a)) == 0) continue;
      const auto code = static_cast<ExitCode>(std::stoi(line.substr(a + 1, b - a - 1)));
      broken_->push_back(
          {line.substr(0, a), std::string(exit_code_name(code)), line.substr(b + 1)});
    }
    ASSERT_EQ(broken_->size(), wanted.size());
    *corpus_before_ = snapshot(corpus);

    // The reference run, uninterrupted, two jobs, from an empty working folder.
    *reference_ = batch({corpus.string(), "-o", (*root_ / "ref").string(), "--jobs", "2"});
  }
  static void TearDownTestSuite() {
    delete root_;
    root_ = nullptr;
  }

  static std::string fmt_name(const std::string &stem, int v) {
    return "variant-" + std::to_string(v) + "-" + stem + ".pdf";
  }

  // `vnotice batch ARGS... --plan samples/plan-2021.json`, run in root/work.
  static test::CommandResult batch(std::vector<std::string> args, bool plan = true) {
    std::vector<std::string> argv = {test::cli_path().string(), "batch"};
    argv.insert(argv.end(), args.begin(), args.end());
    if (plan) {
      argv.push_back("--plan");
      argv.push_back((test::source_dir() / "samples" / "plan-2021.json").string());
    }
    return test::run_command(argv, *root_ / "work");
  }

  static fs::path corpus() { return *root_ / "corpus"; }

  static test::TempDir *root_;
  static std::vector<BrokenCase> *broken_;
  static test::CommandResult *reference_;
  static std::map<std::string, std::string> *corpus_before_;
};
test::TempDir *BatchTest::root_ = nullptr;
std::vector<BrokenCase> *BatchTest::broken_ = new std::vector<BrokenCase>();
test::CommandResult *BatchTest::reference_ = new test::CommandResult();
std::map<std::string, std::string> *BatchTest::corpus_before_ =
    new std::map<std::string, std::string>();

TEST_F(BatchTest, MixedFolderDoesEveryGoodFileAndNamesEveryFailure) {
  const fs::path ref = *root_ / "ref";
  ASSERT_EQ(reference_->exit_code, static_cast<int>(ExitCode::inputs_failed)) << reference_->err;
  const auto rows = lines_of(test::read_file(ref / "summary.csv"));
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows[0], "file,sha256,status,method,pages,warnings,needs_review,error_class,error");

  // Every non-hidden file of the corpus is a row, once, in sorted walk order.
  std::vector<std::string> listed;
  for (const auto &[name, bytes] : *corpus_before_)
    if (name[0] != '.') listed.push_back(name);
  ASSERT_EQ(rows.size(), listed.size() + 1);
  std::set<std::string> shas;
  size_t done = 0;
  for (size_t i = 1; i < rows.size(); ++i) {
    SCOPED_TRACE(rows[i]);
    const auto fields = csv_split(rows[i]);
    ASSERT_EQ(fields.size(), 9u);
    const std::string rel = fs::relative(fields[0], corpus()).string();
    EXPECT_EQ(rel, listed[i - 1]) << "rows follow the sorted walk";
    const auto broken = std::find_if(broken_->begin(), broken_->end(), [&](const BrokenCase &c) {
      return "broken/" + c.file == rel;
    });
    if (broken != broken_->end()) {
      EXPECT_EQ(fields[2], "failed");
      EXPECT_EQ(fields[7], broken->error_class);
      EXPECT_NE(fields[8].find(broken->phrase), std::string::npos);
      EXPECT_EQ(fields[8].find('\n'), std::string::npos);
    } else {
      EXPECT_EQ(fields[2], "done");
      EXPECT_EQ(fields[1].size(), 64u);
      EXPECT_GE(std::stoi(fields[4]), 1);
      EXPECT_TRUE(fs::exists(ref / "records" / (fields[1] + ".json")));
      // needs_review: the record's key fields to confirm, as many as the record lists.
      const nlohmann::json record =
          nlohmann::json::parse(test::read_file(ref / "records" / (fields[1] + ".json")));
      EXPECT_EQ(fields[6],
                std::to_string(record.value("needs_review", nlohmann::json::object()).size()));
      shas.insert(fields[1]);
      ++done;
    }
  }
  EXPECT_EQ(done, listed.size() - broken_->size());
  // The renamed copy shares the original's record: one record per content.
  EXPECT_EQ(shas.size(), done - 1);
  EXPECT_EQ(static_cast<size_t>(std::distance(fs::directory_iterator(ref / "records"), {})),
            shas.size());

  // summary.json says the same; findings and the archive are there.
  const auto summary = nlohmann::json::parse(test::read_file(ref / "summary.json"));
  EXPECT_EQ(summary["counts"]["failed"], broken_->size());
  EXPECT_EQ(summary["counts"]["done"], done);
  EXPECT_EQ(summary["files"].size(), listed.size());
  const auto findings = nlohmann::json::parse(test::read_file(ref / "findings.json"));
  EXPECT_TRUE(findings.contains("findings"));
  EXPECT_TRUE(fs::exists(ref / "archive.sqlite"));
  EXPECT_TRUE(fs::exists(ref / "timings.csv"));

  // Not a terminal: one plain progress line per input, and a summary on stdout.
  size_t progress_lines = 0;
  for (const std::string &line : lines_of(reference_->err))
    if (line.starts_with("vnotice: [")) ++progress_lines;
  EXPECT_EQ(progress_lines, listed.size()) << reference_->err;
  EXPECT_EQ(reference_->err.find('\r'), std::string::npos);
  EXPECT_NE(reference_->out.find(std::to_string(broken_->size()) + " failed"), std::string::npos)
      << reference_->out;

  // Nothing written outside OUTDIR, no temporary file left in it.
  EXPECT_EQ(snapshot(corpus()), *corpus_before_);
  EXPECT_EQ(std::distance(fs::directory_iterator(*root_ / "work"), {}), 0);
  for (const auto &[name, bytes] : snapshot(ref))
    EXPECT_EQ(name.find(".tmp-"), std::string::npos) << name;
}

TEST_F(BatchTest, OutputDoesNotDependOnJobs) {
  const auto one = batch({corpus().string(), "-o", (*root_ / "jobs1").string(), "--jobs", "1"});
  EXPECT_EQ(one.exit_code, reference_->exit_code) << one.err;
  EXPECT_EQ(deterministic_outputs(*root_ / "jobs1"), deterministic_outputs(*root_ / "ref"));
}

TEST_F(BatchTest, KilledRunResumesToTheSameOutputsAndRerunSkipsDoneWork) {
  const fs::path out = *root_ / "killed";
  {
    Background run({test::cli_path().string(), "batch", corpus().string(), "-o", out.string(),
                    "--jobs", "1", "--plan",
                    (test::source_dir() / "samples" / "plan-2021.json").string()},
                   root_->path());
    ASSERT_GT(run.pid(), 0);
    // Kill as soon as the first record is in place.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    bool have_record = false;
    while (!have_record && std::chrono::steady_clock::now() < deadline) {
      std::error_code ignored;
      for (const auto &entry : fs::directory_iterator(out / "records", ignored))
        if (entry.path().extension() == ".json") have_record = true;
      if (!have_record) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    ASSERT_TRUE(have_record);
    ASSERT_TRUE(run.kill_and_wait()) << "the batch finished before it could be killed";
  }
  EXPECT_FALSE(fs::exists(out / "summary.csv")) << "killed too late to test resuming";
  const size_t records_before =
      static_cast<size_t>(std::distance(fs::directory_iterator(out / "records"), {}));

  const auto resumed = batch({corpus().string(), "-o", out.string(), "--jobs", "1"});
  EXPECT_EQ(resumed.exit_code, reference_->exit_code) << resumed.err;
  EXPECT_EQ(deterministic_outputs(out), deterministic_outputs(*root_ / "ref"));
  // The resumed run reused what the killed one finished and did the rest.
  const std::string timings = test::read_file(out / "timings.csv");
  EXPECT_NE(timings.find(",skipped,"), std::string::npos) << timings;
  EXPECT_NE(timings.find(",done,"), std::string::npos) << timings;
  EXPECT_GE(records_before, 1u);
  EXPECT_LT(records_before,
            static_cast<size_t>(std::distance(fs::directory_iterator(out / "records"), {})))
      << "nothing was left to resume";

  // A rerun parses nothing: every good input is skipped, the outputs stay the same.
  const auto rerun = batch({corpus().string(), "-o", out.string(), "--jobs", "1"});
  EXPECT_EQ(rerun.exit_code, reference_->exit_code) << rerun.err;
  EXPECT_EQ(deterministic_outputs(out), deterministic_outputs(*root_ / "ref"));
  for (const std::string &line : lines_of(test::read_file(out / "timings.csv"))) {
    if (line.starts_with("file,")) continue;
    const auto fields = csv_split(line);
    ASSERT_EQ(fields.size(), 4u);
    EXPECT_TRUE(fields[2] == "skipped" || fields[2] == "failed") << line;
  }
  EXPECT_NE(rerun.err.find("skipped, already done"), std::string::npos);
}

// Issue 22: the output folder's disk fills up during the run (a 300 KB tmpfs; the run writes about
// 700 KB). The batch stops with exit code 7 and a message saying the disk is full, leaves no
// temporary or half-written file and no archive it cannot open; once space is freed the same
// command completes with the outputs of a run that never met the full disk. Mounting needs root,
// which CI has.
TEST_F(BatchTest, DiskFullStopsCleanlyAndResumesOnceSpaceIsFreed) {
  if (geteuid() != 0) GTEST_SKIP() << "mounting a tmpfs needs root (CI runs as root)";
  const fs::path samples = test::source_dir() / "samples";
  const auto run = [&](const fs::path &out) {
    return test::run_command({test::cli_path().string(), "batch", (samples / "pdf").string(),
                              (samples / "docx").string(), "-o", out.string(), "--jobs", "2",
                              "--quiet"},
                             *root_ / "work");
  };
  const fs::path whole = *root_ / "disk-full-reference";
  ASSERT_EQ(run(whole).exit_code, 0);

  const fs::path disk = *root_ / "small-disk";
  fs::create_directories(disk);
  ASSERT_EQ(test::run_command({"mount", "-t", "tmpfs", "-o", "size=300k", "tmpfs", disk.string()})
                .exit_code,
            0);
  struct Unmount {
    fs::path where;
    ~Unmount() { test::run_command({"umount", where.string()}); }
  } unmount{disk};
  const fs::path out = disk / "out";
  const auto full = run(out);
  EXPECT_EQ(full.exit_code, static_cast<int>(ExitCode::output_failed)) << full.err;
  EXPECT_NE(full.err.find("the disk is full"), std::string::npos) << full.err;
  EXPECT_NE(full.err.find("free some space and try again"), std::string::npos) << full.err;
  for (const auto &[name, bytes] : snapshot(out)) {
    EXPECT_EQ(name.find(".tmp-"), std::string::npos) << name;
    if (name.ends_with(".json")) {
      EXPECT_TRUE(nlohmann::json::accept(bytes)) << name;
    }
  }
  // The archive is absent, still empty (SQLite had no room to write its first page), or whole.
  if (fs::exists(out / "archive.sqlite") && fs::file_size(out / "archive.sqlite") > 0) {
    EXPECT_NO_THROW((void)Archive::open_for_reading(out / "archive.sqlite").document_count());
  }

  ASSERT_EQ(test::run_command({"mount", "-o", "remount,size=64m", disk.string()}).exit_code, 0);
  const auto resumed = run(out);
  EXPECT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_EQ(deterministic_outputs(out), deterministic_outputs(whole));
  const Archive done = Archive::open_for_reading(out / "archive.sqlite");
  const Archive reference = Archive::open_for_reading(whole / "archive.sqlite");
  EXPECT_EQ(done.document_count(), reference.document_count());
  SearchQuery query;
  query.text = "cai cach hanh chinh";
  std::vector<std::string> got, expected;
  for (const SearchHit &hit : done.search(query))
    got.push_back(hit.sha256);
  for (const SearchHit &hit : reference.search(query))
    expected.push_back(hit.sha256);
  EXPECT_EQ(got, expected);
  EXPECT_FALSE(expected.empty());
}

// Issue 22, point 5: the shards run by GNU parallel as docs/batch.md shows, their archives merged
// with `vnotice archive merge`, give the single run's records, summary rows and search results.
TEST_F(BatchTest, ShardsThroughGnuParallelMergeToTheSingleRun) {
  const fs::path out = *root_ / "parallel";
  const fs::path plan = test::source_dir() / "samples" / "plan-2021.json";
  const std::string command = "'" + test::cli_path().string() + "' batch '" + corpus().string() +
                              "' -o '" + out.string() + "/shard-{}' --shard {}/3 --jobs 1 " +
                              "--quiet --plan '" + plan.string() + "'";
  const auto ran =
      test::run_command({"parallel", "-j2", command, ":::", "1", "2", "3"}, *root_ / "work");
  // parallel's exit code counts the shards that failed: those with a failed input end with 10.
  EXPECT_LE(ran.exit_code, 3) << ran.err;
  std::vector<std::string> merge = {test::cli_path().string(), "archive", "merge",
                                    (out / "archive.sqlite").string()};
  std::map<std::string, std::string> records;
  std::multiset<std::string> rows;
  for (int k = 1; k <= 3; ++k) {
    const fs::path shard = out / ("shard-" + std::to_string(k));
    ASSERT_TRUE(fs::exists(shard / "summary.csv")) << ran.err;
    merge.push_back((shard / "archive.sqlite").string());
    for (const auto &[name, bytes] : snapshot(shard / "records"))
      EXPECT_TRUE(records.emplace(name, bytes).second) << name << " in two shards";
    const auto lines = lines_of(test::read_file(shard / "summary.csv"));
    rows.insert(lines.begin() + 1, lines.end());
  }
  ASSERT_EQ(test::run_command(merge).exit_code, 0);
  const fs::path ref = *root_ / "ref";
  EXPECT_EQ(records, snapshot(ref / "records"));
  const auto ref_lines = lines_of(test::read_file(ref / "summary.csv"));
  EXPECT_EQ(rows, std::multiset<std::string>(ref_lines.begin() + 1, ref_lines.end()));
  for (const std::string query : {"cai cach hanh chinh", "thong bao ket qua", ""}) {
    // Every hit with its score and fields, in order: equal scores go by sha256, not by when
    // each document entered its archive (which sharding changes).
    const auto search = [&](const fs::path &db) {
      const auto found = test::run_command({test::cli_path().string(), "search", query, "--db",
                                            db.string(), "--json", "--limit", "1000"});
      EXPECT_EQ(found.exit_code, 0) << found.err;
      std::vector<std::string> hits;
      for (const auto &hit : nlohmann::json::parse(found.out))
        hits.push_back(hit.dump());
      return hits;
    };
    const auto merged = search(out / "archive.sqlite");
    EXPECT_EQ(merged, search(ref / "archive.sqlite")) << query;
    EXPECT_FALSE(merged.empty()) << query;
  }
}

TEST_F(BatchTest, ShardsCoverEveryInputExactlyOnce) {
  std::multiset<std::string> files;
  std::set<std::string> records;
  for (const char *shard : {"1/2", "2/2"}) {
    const fs::path out = *root_ / ("shard-" + std::string(1, shard[0]));
    const auto result = batch({corpus().string(), "-o", out.string(), "--shard", shard}, false);
    EXPECT_TRUE(result.exit_code == 0 || result.exit_code == 10) << result.err;
    const auto rows = lines_of(test::read_file(out / "summary.csv"));
    EXPECT_GE(rows.size(), 2u) << "a shard with nothing in it: the split is not by hash";
    for (size_t i = 1; i < rows.size(); ++i)
      files.insert(csv_split(rows[i])[0]);
    for (const auto &entry : fs::directory_iterator(out / "records"))
      EXPECT_TRUE(records.insert(entry.path().filename().string()).second);
  }
  std::multiset<std::string> all;
  const auto rows = lines_of(test::read_file(*root_ / "ref" / "summary.csv"));
  for (size_t i = 1; i < rows.size(); ++i)
    all.insert(csv_split(rows[i])[0]);
  EXPECT_EQ(files, all);
  std::set<std::string> ref_records;
  for (const auto &entry : fs::directory_iterator(*root_ / "ref" / "records"))
    ref_records.insert(entry.path().filename().string());
  EXPECT_EQ(records, ref_records);

  const auto bad =
      batch({corpus().string(), "-o", (*root_ / "bad-shard").string(), "--shard", "3/2"}, false);
  EXPECT_EQ(bad.exit_code, static_cast<int>(ExitCode::usage));
}

// Each input is read once (issue 24, point 4): its hash, its record and the archive's copy and
// thumbnail come from the same bytes. Counted with inotify (test::OpenCounter; --jobs 1, so no
// two opens of a file overlap). The one documented exception: a DOCX's ODT beside it
// (and the other way round) is also opened as the other half of the pair the archive keeps.
TEST_F(BatchTest, ReadsEachInputOnce) {
  test::OpenCounter counter(
      {corpus() / "pdf", corpus() / "office", corpus() / "office" / "nested", corpus() / "broken"});
  const fs::path out = *root_ / "read-once";
  const auto first = batch({corpus().string(), "-o", out.string(), "--jobs", "1"});
  EXPECT_EQ(first.exit_code, reference_->exit_code) << first.err;
  const auto first_opens = counter.take();
  // A rerun reuses every record and still reads each input once (for its hash and the archive).
  const auto rerun = batch({corpus().string(), "-o", out.string(), "--jobs", "1"});
  EXPECT_EQ(rerun.exit_code, reference_->exit_code) << rerun.err;
  const auto rerun_opens = counter.take();

  for (const auto &[name, bytes] : *corpus_before_) {
    if (name[0] != '.' && name.find("/.") == std::string::npos) {
      SCOPED_TRACE(name);
      const fs::path path(name);
      const std::string extension = path.extension().string();
      fs::path other = path;
      other.replace_extension(extension == ".docx" ? ".odt" : ".docx");
      const bool pair = (extension == ".docx" || extension == ".odt") &&
                        corpus_before_->count(other.string()) > 0;
      const bool failed = path.parent_path() == "broken";
      // A failed input has no record, so nothing of it goes to the archive: one read anyway.
      const int expected = 1 + (pair && !failed ? 1 : 0);
      const fs::path file = corpus() / name;
      EXPECT_EQ(first_opens.count(file) ? first_opens.at(file) : 0, expected);
      EXPECT_EQ(rerun_opens.count(file) ? rerun_opens.at(file) : 0, expected);
    }
  }
}

TEST_F(BatchTest, ManifestListsInputsAndQuietSilencesProgress) {
  const fs::path manifest = *root_ / "list.txt";
  const std::string good = (corpus() / "office" / "notice.txt").string();
  const std::string missing = (corpus() / "no-such-file.pdf").string();
  test::write_file(manifest, "# reports of 2021\n" + good + "\n\n" + missing + "\r\n" +
                                 (corpus() / "office" / "nested").string() + "\n");
  const fs::path out = *root_ / "manifest";
  const auto result =
      batch({"--manifest", manifest.string(), "-o", out.string(), "--quiet"}, false);
  EXPECT_EQ(result.exit_code, static_cast<int>(ExitCode::inputs_failed)) << result.err;
  EXPECT_EQ(result.err, "");
  const auto rows = lines_of(test::read_file(out / "summary.csv"));
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_TRUE(rows[1].starts_with(good + ",")) << rows[1];
  EXPECT_EQ(csv_split(rows[1])[2], "done");
  EXPECT_TRUE(rows[2].starts_with(missing + ",")) << rows[2];
  EXPECT_EQ(csv_split(rows[2])[2], "failed");
  EXPECT_EQ(csv_split(rows[2])[7], "input_missing");
  EXPECT_NE(rows[3].find("bản sao thông báo.pdf"), std::string::npos) << rows[3];

  // Every input succeeded: exit code 0.
  const auto ok = batch({good, "-o", (*root_ / "one").string(), "--quiet"}, false);
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(ok.err, "");
}

} // namespace
} // namespace vnotice
