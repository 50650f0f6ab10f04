// Helpers shared by the archive's tests (archive_test.cpp, archive_rank_test.cpp): a record
// made from a few fields, a plain search, and the sample PDFs parsed as `vnotice parse` does.
#pragma once

#include "pipeline/archive/archive.h"
#include "test_support.h"
#include "tools/job.h"

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace vnotice::test {

inline Record make_record(const std::string &sha, const std::string &subject,
                          const std::string &text, const std::string &date = "2021-09-10",
                          const std::string &type_code = "TB",
                          const std::string &issuer = "SỞ CÔNG THƯƠNG") {
  Record record;
  record.source.file = sha + ".pdf";
  record.source.sha256 = std::string(64 - sha.size(), '0') + sha;
  record.source.pages = 1;
  record.type_code = type_code;
  record.doc_type = type_code == "TB" ? "THÔNG BÁO" : "BÁO CÁO";
  record.number = sha;
  record.symbol = type_code + "-SCT";
  record.number_symbol = sha + "/" + type_code + "-SCT";
  record.parent_issuer = "UBND TỈNH ĐỒNG THÁP";
  record.issuer = issuer;
  record.date = date;
  record.subject = subject;
  Section section;
  section.label = "1";
  section.title = "Kết quả";
  section.text = text;
  record.sections.push_back(section);
  return record;
}

inline std::vector<SearchHit> find(const Archive &archive, const std::string &text,
                                   bool exact = false) {
  SearchQuery query;
  query.text = text;
  query.exact = exact;
  return archive.search(query);
}

// The sample PDFs parsed as `vnotice parse` does.
inline std::vector<Record> sample_records() {
  std::vector<std::filesystem::path> pdfs;
  for (const auto &entry : std::filesystem::directory_iterator(source_dir() / "samples" / "pdf"))
    if (entry.path().extension() == ".pdf") pdfs.push_back(entry.path());
  std::sort(pdfs.begin(), pdfs.end());
  std::vector<Record> records;
  for (const auto &pdf : pdfs) {
    ParseRequest request;
    request.input = pdf;
    records.push_back(run_parse(request).record);
  }
  return records;
}

inline const std::vector<Record> &samples() {
  static const std::vector<Record> records = sample_records();
  return records;
}

} // namespace vnotice::test
