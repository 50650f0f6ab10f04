#include "tools/cli.h"

#include "generators/document_writer.h"
#include "pipeline/error.h"
#include "pipeline/messages.h"
#include "server/search_server.h"
#include "tools/archive_job.h"
#include "tools/batch_job.h"
#include "tools/inspection_job.h"
#include "tools/job.h"
#include "tools/render_job.h"

#include <CLI/CLI.hpp>
#include <csignal>
#include <fmt/format.h>
#include <map>
#include <new>
#include <ostream>
#include <pthread.h>
#include <thread>
#include <unistd.h>

namespace vnotice {
namespace {

// Serves until Ctrl+C or SIGTERM: the signals are taken by a thread of their own (sigwait), so
// the server's worker threads never see them and it stops cleanly.
void run_serve(const ServeOptions &options, std::ostream &out) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  SearchServer server(options);
  const int port = server.bind();
  out << trf("serving {} at http://{}:{}/ (open it in a browser; Ctrl+C stops)\n",
             options.db.string(), options.bind, port)
      << std::flush;
  std::thread watcher([&server, signals] {
    int signal = 0;
    sigwait(&signals, &signal);
    server.stop();
  });
  server.run();
  if (watcher.joinable()) {
    pthread_kill(watcher.native_handle(), SIGTERM); // stopped otherwise: wake the watcher
    watcher.join();
  }
}

constexpr const char *kVersion = "0.1.0";

// Prints warnings on stderr, at most a few of each kind: a 2000-page scan should not bury the
// terminal. All of them are in the JSON output.
void print_warnings(const Document &document, bool verbose, std::ostream &err) {
  constexpr int kShownPerCode = 3;
  std::map<WarningCode, int> seen;
  for (const Warning &warning : document.warnings) {
    const int count = ++seen[warning.code];
    if (!verbose && warning.code == WarningCode::pdf_library_message) continue;
    if (!verbose && count > kShownPerCode) continue;
    err << trf("vnotice: {}: warning: {}\n", document.source.file, warning.message);
  }
  for (const auto &[code, count] : seen) {
    const int hidden = code == WarningCode::pdf_library_message ? count : count - kShownPerCode;
    if (verbose || hidden <= 0) continue;
    err << trf("vnotice: {}: {} more warning(s) of kind {}; --verbose or --format json "
               "shows them\n",
               document.source.file, hidden, warning_code_name(code));
  }
}

// The record's warnings on stderr, one line each, at most a few: the JSON has all of them.
void print_record_warnings(const Record &record, std::ostream &err) {
  constexpr size_t kShown = 8;
  for (size_t i = 0; i < record.warnings.size() && i < kShown; ++i)
    err << trf("vnotice: {}: warning: {}\n", record.source.file, record.warnings[i].message);
  if (record.warnings.size() > kShown)
    err << trf("vnotice: {}: {} more warning(s) in the record's \"warnings\"\n", record.source.file,
               record.warnings.size() - kShown);
}

// Options every command that reads documents shares: OCR, parallelism, limits, password.
// An option given in megabytes and kept in bytes.
template <typename Bytes>
void add_megabytes_option(CLI::App &command, const std::string &name, Bytes &bytes,
                          const std::string &help) {
  command
      .add_option_function<long long>(
          name,
          [&bytes](long long megabytes) { bytes = static_cast<Bytes>(megabytes) * 1024 * 1024; },
          help)
      ->check(CLI::PositiveNumber);
}

void add_extract_options(CLI::App &command, ExtractOptions &options) {
  command
      .add_option_function<std::string>(
          "--ocr",
          [&options](const std::string &mode) {
            options.ocr = mode == "always"  ? OcrMode::always
                          : mode == "never" ? OcrMode::never
                                            : OcrMode::automatic;
          },
          tr("when to OCR PDF pages: auto (pages without a usable text layer), always, never"))
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->default_str("auto");
  command.add_option("--jobs", options.jobs, tr("OCR worker threads (default: one per core)"))
      ->check(CLI::Range(1, 256));
  command.add_option("--password", options.password, tr("password of an encrypted PDF"));
  command.add_option("--max-pages", options.limits.max_pages, tr("refuse inputs with more pages"))
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command
      .add_option_function<long long>(
          "--max-pixels",
          [&options](long long megapixels) {
            options.limits.max_image_pixels = megapixels * 1000 * 1000;
          },
          tr("refuse page images larger than this many megapixels (default 300)"))
      ->check(CLI::PositiveNumber);
  add_megabytes_option(command, "--max-unpacked-mb", options.limits.max_unpacked_bytes,
                       tr("refuse DOCX/ODT files that unpack to more than this (default 512)"));
  add_megabytes_option(
      command, "--max-part-mb", options.limits.max_part_bytes,
      tr("refuse DOCX/ODT files with one part unpacking to more than this (default 128)"));
  command
      .add_option("--max-zip-ratio", options.limits.max_compression_ratio,
                  tr("refuse DOCX/ODT files that unpack to more than this many times their packed "
                     "size, as ZIP bombs do (default 100)"))
      ->check(CLI::PositiveNumber);
  command
      .add_option("--max-xml-depth", options.limits.max_xml_depth,
                  tr("refuse DOCX/ODT files whose XML nests deeper than this (default 256)"))
      ->check(CLI::PositiveNumber);
  add_megabytes_option(
      command, "--max-xml-text-mb", options.limits.max_xml_text_bytes,
      tr("refuse DOCX/ODT files holding one text or attribute longer than this (default 10)"));
  command
      .add_option("--max-words", options.limits.max_words,
                  tr("refuse DOCX/ODT files of more words than this (default 300000, about 600 "
                     "pages)"))
      ->check(CLI::PositiveNumber);
  command
      .add_option("--page-timeout", options.limits.max_page_seconds,
                  tr("give up on a page whose OCR takes longer (seconds)"))
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  command
      .add_option("--file-timeout", options.limits.max_file_seconds,
                  tr("give up on a file whose reading (all its pages) takes longer (seconds)"))
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
}

// CLI11's own words in the help (its formatter is shared by every subcommand).
void translate_help_labels(CLI::App &app) {
  const auto formatter = app.get_formatter();
  formatter->label("Usage", tr("Usage"));
  formatter->label("OPTIONS", tr("OPTIONS"));
  formatter->label("Positionals", tr("Positionals"));
  formatter->label("REQUIRED", tr("REQUIRED"));
  formatter->label("SUBCOMMAND", tr("COMMAND"));
  formatter->label("SUBCOMMANDS", tr("COMMANDS"));
}

} // namespace

int run_cli(int argc, const char *const *argv, std::ostream &out, std::ostream &err) {
  CLI::App app{tr("vnotice: read Vietnamese official documents (Decree 30/2020) into structured "
                  "data."),
               "vnotice"};
  // Set before the subcommands are added: each copies its parent's help flag and defaults.
  app.option_defaults()->group(tr("Options"));
  app.set_help_flag("-h,--help", tr("print this help and exit"));
  app.set_version_flag("--version", kVersion, tr("print the version and exit"));
  translate_help_labels(app);
  app.require_subcommand(1);

  ExtractRequest extract;
  std::string format_name = "text";
  std::string output;
  bool verbose = false;
  std::vector<std::string> format_names;
  std::string format_help = tr("output format:");
  for (const DocumentFormatEntry &entry : document_formats()) {
    format_names.emplace_back(entry.name);
    format_help += fmt::format(" {} ({})", entry.name, entry.description);
  }
  CLI::App *extract_command =
      app.add_subcommand("extract", tr("print a document's text in reading order, or its model"));
  extract_command
      ->add_option(
          "FILE", extract.input,
          tr("input document: PDF, PNG, JPEG, TIFF, DOCX, ODT or UTF-8 text (recognised by "
             "content, not by name)"))
      ->required();
  extract_command->add_option("--format", format_name, format_help)
      ->check(CLI::IsMember(format_names))
      ->capture_default_str();
  extract_command->add_option("-o,--output", output, tr("write to this file instead of stdout"));
  add_extract_options(*extract_command, extract.options);
  extract_command->add_flag("--raw", extract.raw,
                            tr("the text as extracted, before the Vietnamese text layer (no legacy "
                               "decoding, NFC, OCR repair or reflow)"));
  extract_command->add_flag("-v,--verbose", verbose, tr("also show the PDF reader's own messages"));

  // parse: one document to its record (schemas/record.schema.json).
  ParseRequest parse;
  std::string parse_output;
  CLI::App *parse_command = app.add_subcommand(
      "parse", tr("read a document into its structured record (JSON): number, date, issuer, "
                  "subject, sections, figures, signer, recipients, references"));
  parse_command->add_option("FILE", parse.input, tr("input document (any format extract reads)"))
      ->required();
  parse_command->add_option("-o,--output", parse_output,
                            tr("write to this file instead of stdout"));
  add_extract_options(*parse_command, parse.options);

  // check: reports against the inspection plan.
  CheckRequest check;
  std::string check_format = "text";
  std::string check_output;
  CLI::App *check_command = app.add_subcommand(
      "check", tr("check units' reports against the inspection plan and list the findings"));
  check_command
      ->add_option("--plan", check.plan, tr("the inspection plan (JSON, samples/plan-2021.json)"))
      ->required();
  check_command
      ->add_option("INPUTS", check.inputs,
                   tr("the units' reports: documents in any format extract reads, or records "
                      "written by 'vnotice parse'"))
      ->required();
  check_command->add_option("--format", check_format, tr("text (a table) or json (the findings)"))
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  check_command->add_option("-o,--output", check_output,
                            tr("write to this file instead of stdout"));
  add_extract_options(*check_command, check.options);

  // run: the main job, from the plan and the reports to the notice.
  RunRequest run;
  CLI::App *run_command = app.add_subcommand(
      "run", tr("the whole inspection: parse the reports, check them against the plan, and write "
                "the notice (DOCX, ODT) with its appendices"));
  run_command->add_option("--plan", run.plan, tr("the inspection plan (JSON)"))->required();
  run_command->add_option("INPUTS", run.inputs, tr("the units' reports (any format, or records)"))
      ->required();
  run_command
      ->add_option(
          "-o,--output", run.output_dir,
          tr("output folder: records/, findings.json, notice.json, notice.docx, notice.odt"))
      ->required();
  add_extract_options(*run_command, run.options);

  // render: a notice JSON (composed by vnotice, maybe edited by hand) to DOCX or ODT.
  RenderRequest render;
  CLI::App *render_command = app.add_subcommand(
      "render", tr("write a notice JSON (schemas/notice.schema.json) as DOCX or ODT"));
  render_command->add_option("NOTICE", render.input, tr("the notice JSON"))->required();
  render_command->add_option("-o,--output", render.output, tr("FILE.docx or FILE.odt"))->required();
  render_command
      ->add_option("--format", render.format,
                   tr("docx or odt (default: from the output's extension)"))
      ->check(CLI::IsMember({"docx", "odt"}));

  // batch: folders, files or manifests of documents to records, summaries and the archive
  // (docs/batch.md).
  BatchRequest batch;
  std::string batch_shard = "1/1";
  bool batch_quiet = false;
  CLI::App *batch_command = app.add_subcommand(
      "batch",
      tr("parse every document under folders, files or manifests into OUTDIR/records/, "
         "with summary.csv/.json, the plan's findings and the archive; resumable, shardable"));
  batch_command->add_option(
      "INPUTS", batch.inputs,
      tr("documents and folders (walked recursively, hidden entries skipped)"));
  batch_command->add_option("--manifest", batch.manifests,
                            tr("a text file naming one input per line ('#' comments); repeatable"));
  batch_command->add_option("-o,--output", batch.output_dir, tr("output folder"))->required();
  batch_command->add_option("--plan", batch.plan,
                            tr("also check every record against this plan: OUTDIR/findings.json"));
  batch_command->add_option("--db", batch.db, tr("the archive (default OUTDIR/archive.sqlite)"));
  batch_command
      ->add_option("--shard", batch_shard,
                   tr("K/N: process only the inputs whose content hash falls in shard K of N"))
      ->check([](const std::string &text) -> std::string {
        return parse_shard(text) ? "" : tr("expected K/N with 1 <= K <= N, e.g. 3/8");
      })
      ->capture_default_str();
  batch_command->add_flag("-q,--quiet", batch_quiet, tr("no progress on stderr"));
  batch_command->add_flag_function(
      "--no-files", [&batch](std::int64_t) { batch.keep_files = false; },
      tr("keep only the records in the archive, not the original files and thumbnails"));
  add_extract_options(*batch_command, batch.options); // --jobs: the batch's whole thread budget

  // The archive (tools/archive_job.h): index, search, merge shard archives.
  IndexRequest index;
  CLI::App *index_command = app.add_subcommand(
      "index", tr("add documents to the searchable archive (SQLite); re-adding a file updates it"));
  index_command
      ->add_option(
          "INPUTS", index.inputs,
          tr("documents in any format extract reads, or records written by 'vnotice parse'"))
      ->required();
  index_command->add_option("--db", index.db, tr("the archive file (created when new)"))
      ->required();
  index_command->add_flag_function(
      "--no-files", [&index](std::int64_t) { index.keep_files = false; },
      tr("keep only the records, not the original files and thumbnails"));
  add_extract_options(*index_command, index.options);

  ServeOptions serve;
  CLI::App *serve_command = app.add_subcommand(
      "serve", tr("the archive's search page for archivists, in a browser on this computer"));
  serve_command->add_option("--db", serve.db, tr("the archive to show (only read)"))->required();
  serve_command->add_option("--port", serve.port, tr("the port to listen on"))
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  serve_command
      ->add_option("--bind", serve.bind,
                   tr("the address to listen on; the default lets only this computer in"))
      ->capture_default_str();
  serve_command->add_option("--threads", serve.threads, tr("requests answered at once"))
      ->check(CLI::Range(1, 64))
      ->capture_default_str();

  SearchRequest search;
  CLI::App *search_command = app.add_subcommand(
      "search", tr("find documents in the archive: accents optional, ranked, with a snippet"));
  search_command->add_option("QUERY", search.query.text,
                             tr("words to find, all of them, with or without accents (none: every "
                                "document that passes the filters, newest first)"));
  search_command->add_option("--db", search.db, tr("the archive file"))->required();
  search_command->add_option("--type", search.query.type_code,
                             tr("document type: code (TB, BC, KH, QĐ or QD) or name (Thông báo)"));
  search_command->add_option("--issuer", search.query.issuer,
                             tr("issuer or parent issuer contains these words (accents optional)"));
  search_command->add_option("--from", search.query.from,
                             tr("dated on or after (YYYY-MM-DD, YYYY-MM, YYYY or D/M/YYYY)"));
  search_command->add_option("--to", search.query.to, tr("dated on or before (same forms)"));
  search_command->add_option("--cites", search.query.cites,
                             tr("documents that cite this number/symbol, e.g. 2532/KH-SCT"));
  search_command->add_flag(
      "--exact", search.query.exact,
      tr("accents must match (hóa is not hoa); case, NFC/NFD and tone placement "
         "still do not matter"));
  search_command->add_flag("--json", search.json, tr("print the hits as a JSON array"));
  search_command->add_option("--limit", search.query.limit, tr("at most this many hits"))
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();

  MergeRequest merge;
  CLI::App *archive_command = app.add_subcommand(
      "archive", tr("maintain archives: 'archive merge' combines shard archives"));
  archive_command->require_subcommand(1);
  CLI::App *merge_command = archive_command->add_subcommand(
      "merge", tr("add every document of the shard archives to OUT (created when new), once each"));
  merge_command->add_option("OUT", merge.output, tr("the archive to write"))->required();
  merge_command->add_option("INPUTS", merge.inputs, tr("the shard archives"))->required();

  for (CLI::App *command : app.get_subcommands({})) {
    command->group(tr("Commands"));
    for (CLI::App *sub : command->get_subcommands({}))
      sub->group(tr("Commands"));
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp &e) {
    return app.exit(e, out, err);
  } catch (const CLI::CallForAllHelp &e) {
    return app.exit(e, out, err);
  } catch (const CLI::CallForVersion &e) {
    return app.exit(e, out, err);
  } catch (const CLI::ParseError &e) {
    err << trf("vnotice: {}; run 'vnotice --help' for usage\n", e.what());
    return static_cast<int>(ExitCode::usage);
  }

  try {
    if (*extract_command) {
      extract.format = *document_format_from_name(format_name);
      if (!output.empty()) extract.output = output;
      ExtractResult result = run_extract(extract);
      print_warnings(result.document, verbose, err);
      if (!extract.output) out << result.rendered << std::flush;
    }
    if (*parse_command) {
      if (!parse_output.empty()) parse.output = parse_output;
      ParseResult result = run_parse(parse);
      print_record_warnings(result.record, err);
      if (!parse.output) out << result.rendered << std::flush;
    }
    if (*check_command) {
      check.json = check_format == "json";
      if (!check_output.empty()) check.output = check_output;
      CheckOutcome outcome = run_check(check);
      for (const Record &record : outcome.records)
        print_record_warnings(record, err);
      if (!check.output) out << outcome.rendered << std::flush;
    }
    if (*run_command) {
      RunOutcome outcome = run_inspection(run);
      const Findings &findings = outcome.result.findings;
      out << trf("{} report(s) checked: {} error(s), {} warning(s), {} note(s), {} to review\n",
                 run.inputs.size(), findings.count(Severity::error),
                 findings.count(Severity::warning), findings.count(Severity::info),
                 findings.count(Severity::needs_review));
      for (const auto &path : outcome.written)
        out << trf("wrote {}\n", path.string());
      out << std::flush;
    }
    if (*render_command) run_render(render);
    if (*index_command) {
      const IndexOutcome outcome = run_index(index);
      out << trf("indexed {} document(s) into {} ({} in the archive)\n", outcome.indexed,
                 index.db.string(), outcome.total)
          << std::flush;
    }
    if (*search_command) out << run_search(search).rendered << std::flush;
    if (*serve_command) run_serve(serve, out);
    if (*merge_command) {
      const MergeOutcome outcome = run_merge(merge);
      out << trf("merged {} archive(s) into {} ({} document(s))\n", merge.inputs.size(),
                 merge.output.string(), outcome.total)
          << std::flush;
    }
    if (*batch_command) {
      if (batch.inputs.empty() && batch.manifests.empty())
        throw Error(ExitCode::usage, "",
                    tr("batch needs INPUTS or --manifest; see 'vnotice batch --help'"));
      const auto [shard, shard_count] = *parse_shard(batch_shard);
      batch.shard = shard;
      batch.shard_count = shard_count;
      batch.progress = batch_quiet               ? BatchProgress::none
                       : ::isatty(STDERR_FILENO) ? BatchProgress::live
                                                 : BatchProgress::lines;
      batch.progress_stream = &err;
      const BatchOutcome outcome = run_batch(batch);
      out << trf("{} file(s) in shard {}/{}: {} done ({} reused from records/, {} with "
                 "key fields to check: needs_review), {} failed; summary in {}\n",
                 outcome.rows.size(), batch.shard, batch.shard_count, outcome.done, outcome.skipped,
                 outcome.needs_review, outcome.failed, (batch.output_dir / "summary.csv").string())
          << std::flush;
      if (!outcome.archived)
        err << tr("vnotice: this build has no archive (pipeline/archive.h): archive.sqlite not "
                  "written\n");
      if (outcome.failed > 0) return static_cast<int>(ExitCode::inputs_failed);
    }
    return static_cast<int>(ExitCode::ok);
  } catch (const Error &e) {
    err << "vnotice: " << e.one_line() << '\n';
    return static_cast<int>(e.code());
  } catch (const std::bad_alloc &) {
    err << tr("vnotice: out of memory; close other programs or process fewer files at once\n");
    return static_cast<int>(ExitCode::internal);
  } catch (const std::exception &e) {
    err << trf("vnotice: internal error ({}); this is a bug, please report it with the "
               "input file\n",
               e.what());
    return static_cast<int>(ExitCode::internal);
  }
}

} // namespace vnotice
