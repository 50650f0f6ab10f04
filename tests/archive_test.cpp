// The archive (pipeline/archive/archive.h) on real SQLite files in a temp folder, and `vnotice
// index`, `search`, `archive merge` as users run them. Its ranking: archive_rank_test.cpp.
#include "archive_test_support.h"
#include "pipeline/archive/archive.h"
#include "pipeline/error.h"
#include "pipeline/input_file.h"
#include "test_support.h"
#include "tools/archive_job.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

namespace vnotice {
namespace {

namespace fs = std::filesystem;
using test::find;
using test::make_record;
using test::samples;

std::set<std::string> numbers(const std::vector<SearchHit> &hits) {
  std::set<std::string> out;
  for (const SearchHit &hit : hits)
    out.insert(hit.number_symbol);
  return out;
}

std::set<std::string> files_of(const std::vector<SearchHit> &hits) {
  std::set<std::string> out;
  for (const SearchHit &hit : hits)
    out.insert(fs::path(hit.file).filename().string());
  return out;
}

TEST(ArchiveTest, CreatesTheFileAndKeepsDocumentsAcrossOpens) {
  test::TempDir dir;
  {
    Archive archive = Archive::open(dir / "a.sqlite");
    EXPECT_EQ(archive.document_count(), 0);
    archive.add(make_record("1", "Kiểm tra cải cách hành chính", "Nội dung."));
  }
  EXPECT_TRUE(fs::exists(dir / "a.sqlite"));
  Archive archive = Archive::open(dir / "a.sqlite");
  EXPECT_EQ(archive.document_count(), 1);
  Archive moved = std::move(archive);
  EXPECT_EQ(moved.document_count(), 1);
}

TEST(ArchiveTest, ReAddingTheSameFileUpdatesItsRow) {
  test::TempDir dir;
  Archive archive = Archive::open(dir / "a.sqlite");
  Record record = make_record("7", "Kiểm tra năm 2020", "Phòng tiếp nhận hồ sơ.");
  Reference cited;
  cited.number_symbol = "2532/KH-SCT";
  record.references.push_back(cited);
  archive.add(record);
  record.subject = "Thanh tra năm 2021";
  record.references.clear();
  archive.add(record);
  archive.add_all({record, record});
  EXPECT_EQ(archive.document_count(), 1);
  EXPECT_TRUE(find(archive, "kiem tra").empty());
  ASSERT_EQ(find(archive, "thanh tra").size(), 1u);
  EXPECT_EQ(find(archive, "thanh tra")[0].subject, "Thanh tra năm 2021");
  SearchQuery cites;
  cites.cites = "2532/KH-SCT";
  EXPECT_TRUE(archive.search(cites).empty()); // the old references went with the old row
}

// Documents with equal scores are listed by sha256, not by when they entered the archive: a
// merged archive numbers its documents differently from a single run but lists them the same.
// The last place, when tied, goes by sha256 as well.
TEST(ArchiveTest, EqualScoresAreListedBySha256WhateverTheOrderOfIndexing) {
  test::TempDir dir;
  Archive archive = Archive::open(dir / "a.sqlite");
  for (const char *sha : {"9", "3", "7", "1", "5"})
    archive.add(make_record(sha, "Kiểm tra cải cách hành chính", "Sở đã giải quyết hồ sơ."));
  archive.add(make_record("2", "Kế hoạch năm 2022", "Không liên quan."));
  SearchQuery query;
  query.text = "cai cach";
  const auto all = archive.search(query);
  std::vector<std::string> order;
  for (const SearchHit &hit : all) {
    EXPECT_EQ(hit.score, all[0].score);
    order.push_back(hit.sha256.substr(63));
  }
  EXPECT_EQ(order, (std::vector<std::string>{"1", "3", "5", "7", "9"}));
  // A cut inside the tie: the smallest sha256 values win the places.
  query.limit = 2;
  const auto cut = archive.search(query);
  ASSERT_EQ(cut.size(), 2u);
  EXPECT_TRUE(cut[0].sha256.ends_with("1"));
  EXPECT_TRUE(cut[1].sha256.ends_with("3"));
}

// What the search page asks of the archive: a page of hits with the total, newest first when
// asked, a signer filter that ignores accents, counts per year, issuer, type and signer, and a
// number/symbol found again however it is spaced.
TEST(ArchiveTest, PagesFiltersFacetsAndNumbersForTheSearchPage) {
  test::TempDir dir;
  Archive archive = Archive::open(dir / "a.sqlite");
  std::vector<Record> records;
  for (int i = 1; i <= 7; ++i) {
    Record record = make_record(std::to_string(i), "Kiểm tra cải cách hành chính",
                                std::string(static_cast<size_t>(i), 'x') + " hồ sơ",
                                fmt::format("202{}-0{}-10", i % 2, i), i % 3 == 0 ? "BC" : "TB");
    record.signer.name = i <= 2 ? "Nguyễn Văn Luận" : "Trần Thị Hà";
    records.push_back(record);
  }
  archive.add_all(records);
  SearchQuery query;
  query.text = "cai cach";
  query.limit = 3;
  const SearchPage first = archive.search_page(query);
  EXPECT_EQ(first.total, 7);
  ASSERT_EQ(first.hits.size(), 3u);
  query.offset = 6;
  const SearchPage last = archive.search_page(query);
  ASSERT_EQ(last.hits.size(), 1u);
  query.offset = 0;
  query.limit = 7;
  const auto all = archive.search(query);
  EXPECT_EQ(last.hits[0].sha256, all[6].sha256);
  EXPECT_EQ(first.hits[2].sha256, all[2].sha256);

  query.order = SearchQuery::Order::date;
  const auto newest = archive.search(query);
  ASSERT_EQ(newest.size(), 7u);
  for (size_t i = 1; i < newest.size(); ++i)
    EXPECT_GE(newest[i - 1].date, newest[i].date);

  query.signer = "nguyen van luan";
  EXPECT_EQ(archive.search_page(query).total, 2);
  query.signer.reset();
  query.from = "2021";
  query.to = "2021";
  EXPECT_EQ(archive.search_page(query).total, 4); // 1, 3, 5, 7

  const Facets facets = archive.facets();
  EXPECT_EQ(facets.documents, 7);
  ASSERT_EQ(facets.years.size(), 2u);
  EXPECT_EQ(facets.years[0].value, "2021");
  EXPECT_EQ(facets.years[0].documents, 4);
  ASSERT_EQ(facets.signers.size(), 2u);
  EXPECT_EQ(facets.signers[0].value, "Trần Thị Hà");
  EXPECT_EQ(facets.signers[0].documents, 5);
  ASSERT_EQ(facets.doc_types.size(), 2u);
  EXPECT_EQ(facets.doc_types[0].documents, 5); // THÔNG BÁO

  EXPECT_EQ(archive.find_number("3/BC-SCT"), records[2].source.sha256);
  EXPECT_EQ(archive.find_number("3 / bc- sct"), records[2].source.sha256);
  EXPECT_FALSE(archive.find_number("3/TB-SCT"));
  EXPECT_FALSE(archive.find_number("99/TB-SCT"));
}

// Files kept with a document come back byte for byte in 64 KiB pieces, are replaced when the
// document is added again with files (and kept when without), and travel through a merge.
TEST(ArchiveTest, FilesKeptWithADocumentAreReadBackInPieces) {
  test::TempDir dir;
  const Record record = make_record("1", "Thông báo kết quả", "Nội dung.");
  std::string original(200 * 1024 + 17, '\0');
  for (size_t i = 0; i < original.size(); ++i)
    original[i] = static_cast<char>((i * 131) % 251);
  {
    Archive shard = Archive::open(dir / "shard.sqlite");
    shard.add_all({record}, {{{StoredFileKind::original, "báo cáo.pdf", original},
                              {StoredFileKind::docx, "thông báo.docx", "PK docx"}}});
  }
  Archive archive = Archive::open(dir / "a.sqlite");
  archive.merge_from(dir / "shard.sqlite");
  const auto files = archive.files_of(record.source.sha256);
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].kind, StoredFileKind::docx);
  EXPECT_EQ(files[1].name, "báo cáo.pdf");
  EXPECT_EQ(files[1].size, static_cast<long long>(original.size()));
  std::string read;
  size_t pieces = 0;
  ASSERT_TRUE(archive.read_file(record.source.sha256, StoredFileKind::original,
                                [&](std::string_view piece) {
                                  EXPECT_LE(piece.size(), 64u * 1024);
                                  read += piece;
                                  ++pieces;
                                  return true;
                                }));
  EXPECT_EQ(read, original);
  EXPECT_EQ(pieces, 4u);
  EXPECT_FALSE(archive.read_file(record.source.sha256, StoredFileKind::odt,
                                 [](std::string_view) { return true; }));
  archive.add(record); // without files: they stay
  EXPECT_EQ(archive.files_of(record.source.sha256).size(), 2u);
  archive.add_all({record}, {{{StoredFileKind::thumbnail, "1.png", "png"}}});
  ASSERT_EQ(archive.files_of(record.source.sha256).size(), 1u);
  EXPECT_EQ(archive.files_of(record.source.sha256)[0].kind, StoredFileKind::thumbnail);
}

// A deadline stops a query that is still running with limit_exceeded; cleared, reads work
// again, and a moved archive carries no deadline (its handler would point at the old object).
TEST(ArchiveTest, ADeadlineStopsReadsUntilCleared) {
  test::TempDir dir;
  Archive archive = Archive::open(dir / "a.sqlite");
  std::vector<Record> records;
  for (int i = 0; i < 300; ++i)
    records.push_back(make_record(std::to_string(i + 1), "Kiểm tra cải cách hành chính",
                                  "Sở đã tiếp nhận hồ sơ và giải quyết đúng hạn."));
  archive.add_all(records);
  archive.set_deadline(std::chrono::steady_clock::now() - std::chrono::seconds(1));
  try {
    find(archive, "cai cach");
    FAIL() << "no error";
  } catch (const Error &e) {
    EXPECT_EQ(e.code(), ExitCode::limit_exceeded);
  }
  archive.set_deadline(std::nullopt);
  EXPECT_EQ(find(archive, "cai cach").size(), 20u);
  archive.set_deadline(std::chrono::steady_clock::now() - std::chrono::seconds(1));
  Archive moved = std::move(archive);
  EXPECT_EQ(find(moved, "cai cach").size(), 20u);
}

TEST(ArchiveTest, RefusesARecordWithoutSha256) {
  test::TempDir dir;
  Archive archive = Archive::open(dir / "a.sqlite");
  Record record = make_record("1", "x", "y");
  record.source.sha256.clear();
  try {
    archive.add(record);
    FAIL() << "no error";
  } catch (const Error &e) {
    EXPECT_EQ(e.code(), ExitCode::input_damaged);
  }
  EXPECT_EQ(archive.document_count(), 0);
}

TEST(ArchiveTest, QueryWithoutAccentsFindsAccentedText) {
  test::TempDir dir;
  Archive archive = Archive::open(dir / "a.sqlite");
  archive.add(make_record("1", "Kết quả kiểm tra công tác cải cách hành chính",
                          "Sở đã tiếp nhận 8.412 hồ sơ, giải quyết đúng hạn."));
  archive.add(make_record("2", "Báo cáo tình hình tài chính", "Không có nội dung liên quan.",
                          "2021-09-11", "BC", "VĂN PHÒNG"));
  const auto dong_thap = find(archive, "dong thap");
  EXPECT_EQ(dong_thap.size(), 2u); // the parent issuer, UBND TỈNH ĐỒNG THÁP
  EXPECT_NE(dong_thap[0].snippet.find("[ĐỒNG THÁP]"), std::string::npos) << dong_thap[0].snippet;
  EXPECT_EQ(numbers(find(archive, "cong thuong")), std::set<std::string>{"1/TB-SCT"});
  EXPECT_EQ(numbers(find(archive, "CẢI CÁCH")), std::set<std::string>{"1/TB-SCT"});
  const auto hits = find(archive, "ho so dung han");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_NE(hits[0].snippet.find("[hồ sơ]"), std::string::npos) << hits[0].snippet;
  EXPECT_NE(hits[0].snippet.find("[đúng hạn]"), std::string::npos) << hits[0].snippet;
  EXPECT_GT(hits[0].score, 0);
  EXPECT_TRUE(find(archive, "ho so tre han").empty()); // every word must be there
}

TEST(ArchiveTest, TonePlacementAndNormalFormDoNotMatter) {
  test::TempDir dir;
  Archive archive = Archive::open(dir / "a.sqlite");
  archive.add(make_record("1", "Hòa giải cơ sở", "Công tác hòa giải ở khóm, ấp.")); // old style
  archive.add(make_record("2", "Thủy lợi", "Kiểm tra công trình thuỷ lợi."));       // new style
  for (bool exact : {false, true}) {
    EXPECT_EQ(numbers(find(archive, "hoà giải", exact)), std::set<std::string>{"1/TB-SCT"});
    EXPECT_EQ(numbers(find(archive, "hòa giải", exact)), std::set<std::string>{"1/TB-SCT"});
    // NFD: o + combining grave accent.
    EXPECT_EQ(numbers(find(archive,
                           "ho\xcc\x80"
                           "a",
                           exact)),
              std::set<std::string>{"1/TB-SCT"});
    EXPECT_EQ(numbers(find(archive, "thủy lợi", exact)), std::set<std::string>{"2/TB-SCT"});
  }
}

TEST(ArchiveTest, ExactTellsHoaFromHoa) {
  test::TempDir dir;
  Archive archive = Archive::open(dir / "a.sqlite");
  archive.add(make_record("1", "An toàn hóa chất", "Kiểm tra kho hóa chất."));
  archive.add(make_record("2", "Trồng hoa", "Vườn hoa của xã."));
  EXPECT_EQ(numbers(find(archive, "hoa")), (std::set<std::string>{"1/TB-SCT", "2/TB-SCT"}));
  EXPECT_EQ(numbers(find(archive, "hóa", true)), std::set<std::string>{"1/TB-SCT"});
  EXPECT_EQ(numbers(find(archive, "HOÁ", true)), std::set<std::string>{"1/TB-SCT"});
  EXPECT_EQ(numbers(find(archive, "hoa", true)), std::set<std::string>{"2/TB-SCT"});
  const auto hits = find(archive, "hóa chất", true);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_NE(hits[0].snippet.find("[hóa chất]"), std::string::npos) << hits[0].snippet;
}

TEST(ArchiveTest, RanksSubjectMatchesFirstAndIsDeterministic) {
  test::TempDir dir;
  Archive archive = Archive::open(dir / "a.sqlite");
  archive.add(make_record("1", "Báo cáo chung", "Có nhắc đến thanh tra một lần trong nhiều chữ."));
  archive.add(make_record("2", "Kết quả thanh tra", "Nội dung khác."));
  const auto hits = find(archive, "thanh tra");
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].number_symbol, "2/TB-SCT");
  EXPECT_GT(hits[0].score, hits[1].score);
  const auto again = find(archive, "thanh tra");
  EXPECT_EQ(again[0].sha256, hits[0].sha256);
  EXPECT_EQ(again[1].snippet, hits[1].snippet);
  SearchQuery limited;
  limited.text = "thanh tra";
  limited.limit = 1;
  EXPECT_EQ(archive.search(limited).size(), 1u);
}
TEST(ArchiveTest, FiltersByTypeIssuerAndDates) {
  test::TempDir dir;
  Archive archive = Archive::open(dir / "a.sqlite");
  archive.add(make_record("1", "Cải cách hành chính", "a", "2020-12-31", "TB"));
  archive.add(make_record("2", "Cải cách hành chính", "b", "2021-05-20", "BC", "VĂN PHÒNG"));
  archive.add(make_record("3", "Cải cách hành chính", "c", "2021-09-06", "BC",
                          "PHÒNG QUẢN LÝ CÔNG NGHIỆP"));
  auto run = [&](auto configure) {
    SearchQuery query;
    query.text = "cai cach";
    configure(query);
    return numbers(archive.search(query));
  };
  using Set = std::set<std::string>;
  EXPECT_EQ(run([](SearchQuery &q) { q.type_code = "BC"; }), (Set{"2/BC-SCT", "3/BC-SCT"}));
  EXPECT_EQ(run([](SearchQuery &q) { q.type_code = "thông báo"; }), (Set{"1/TB-SCT"}));
  EXPECT_EQ(run([](SearchQuery &q) { q.issuer = "van phong"; }), (Set{"2/BC-SCT"}));
  EXPECT_EQ(run([](SearchQuery &q) { q.issuer = "Đồng Tháp"; }).size(), 3u); // parent issuer
  EXPECT_EQ(run([](SearchQuery &q) { q.from = "2021-01-01"; }), (Set{"2/BC-SCT", "3/BC-SCT"}));
  EXPECT_EQ(run([](SearchQuery &q) { q.to = "2021-05"; }), (Set{"1/TB-SCT", "2/BC-SCT"}));
  EXPECT_EQ(run([](SearchQuery &q) {
              q.from = "20/5/2021";
              q.to = "2021-05-20";
            }),
            (Set{"2/BC-SCT"}));
  EXPECT_EQ(run([](SearchQuery &q) { q.from = "2022"; }), Set{});
  // No words: every document that passes the filters, newest first.
  SearchQuery all;
  all.type_code = "BC";
  const auto hits = archive.search(all);
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].number_symbol, "3/BC-SCT");
  EXPECT_FALSE(hits[0].snippet.empty());
  try {
    run([](SearchQuery &q) { q.from = "hôm qua"; });
    FAIL() << "no error";
  } catch (const Error &e) {
    EXPECT_EQ(e.code(), ExitCode::usage);
    EXPECT_NE(std::string(e.what()).find("YYYY-MM-DD"), std::string::npos);
  }
}

TEST(ArchiveTest, IndexesTheSamplePdfsAndFindsWhatTheyCite) {
  test::TempDir dir;
  Archive archive = Archive::open(dir / "a.sqlite");
  const std::vector<Record> &records = samples();
  ASSERT_GE(records.size(), 3u);
  archive.add_all(records);
  archive.add_all(records); // again: updated, not duplicated
  EXPECT_EQ(archive.document_count(), static_cast<long long>(records.size()));

  SearchQuery query;
  query.cites = "2532/KH-SCT";
  auto hits = archive.search(query);
  EXPECT_EQ(files_of(hits), std::set<std::string>{"notice-2021-sct.pdf"});
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_NE(hits[0].snippet.find("[2532/KH-SCT]"), std::string::npos) << hits[0].snippet;
  EXPECT_EQ(hits[0].number_symbol, "1935/TB-SCT");
  EXPECT_EQ(hits[0].date, "2021-09-10");

  query.cites = "967/QD-UBND-HC"; // without the accent, as typed on any keyboard
  const auto citing = files_of(archive.search(query));
  for (const char *file :
       {"notice-2021-sct.pdf", "report-2021-qlcn.pdf", "report-2021-vanphong.pdf"})
    EXPECT_EQ(citing.count(file), 1u) << file;
  query.cites = "1820/SCT-VP";
  query.type_code = "BC";
  const auto reports = files_of(archive.search(query));
  EXPECT_EQ(reports.count("notice-2021-sct.pdf"), 0u);
  EXPECT_EQ(reports.count("report-2021-qlcn.pdf"), 1u);

  EXPECT_EQ(files_of(find(archive, "dong thap")).size(), records.size());
  const auto chemicals = find(archive, "vat lieu no cong nghiep");
  ASSERT_FALSE(chemicals.empty());
  EXPECT_EQ(fs::path(chemicals[0].file).filename(), "report-2021-qlcn.pdf");
  EXPECT_NE(chemicals[0].snippet.find("[vật liệu nổ công nghiệp]"), std::string::npos)
      << chemicals[0].snippet;
  SearchQuery by_issuer;
  by_issuer.text = "ho so";
  by_issuer.issuer = "quan ly cong nghiep";
  EXPECT_EQ(files_of(archive.search(by_issuer)), std::set<std::string>{"report-2021-qlcn.pdf"});
}

TEST(ArchiveTest, MergeOfShardsIsTheUnionWithoutDuplicates) {
  test::TempDir dir;
  {
    Archive a = Archive::open(dir / "a.sqlite");
    a.add_all({make_record("1", "Một", "hồ sơ"), make_record("2", "Hai", "hồ sơ")});
    Reference cited;
    cited.number_symbol = "2532/KH-SCT";
    Record three = make_record("3", "Ba", "hồ sơ");
    three.references.push_back(cited);
    Archive b = Archive::open(dir / "b.sqlite");
    b.add_all({make_record("2", "Hai", "hồ sơ"), three});
  }
  Archive out = Archive::open(dir / "out.sqlite");
  out.merge_from(dir / "a.sqlite");
  out.merge_from(dir / "b.sqlite");
  out.merge_from(dir / "b.sqlite");
  EXPECT_EQ(out.document_count(), 3);
  EXPECT_EQ(numbers(find(out, "ho so")),
            (std::set<std::string>{"1/TB-SCT", "2/TB-SCT", "3/TB-SCT"}));
  EXPECT_EQ(numbers(find(out, "hai")), std::set<std::string>{"2/TB-SCT"});
  SearchQuery cites;
  cites.cites = "2532/KH-SCT";
  EXPECT_EQ(numbers(out.search(cites)), std::set<std::string>{"3/TB-SCT"});
  // A later add of a merged document still replaces it.
  out.add(make_record("2", "Hai mới", "hồ sơ"));
  EXPECT_EQ(out.document_count(), 3);
  EXPECT_EQ(numbers(find(out, "moi")), std::set<std::string>{"2/TB-SCT"});

  auto code_of = [&](const fs::path &shard) {
    try {
      out.merge_from(shard);
    } catch (const Error &e) {
      return e.code();
    }
    return ExitCode::ok;
  };
  EXPECT_EQ(code_of(dir / "missing.sqlite"), ExitCode::input_missing);
  EXPECT_FALSE(fs::exists(dir / "missing.sqlite"));
  EXPECT_EQ(code_of(dir / "out.sqlite"), ExitCode::usage);
  test::write_file(dir / "empty.sqlite", "");
  EXPECT_EQ(code_of(dir / "empty.sqlite"), ExitCode::input_unsupported);
  EXPECT_EQ(out.document_count(), 3);
}

// Issue 22: someone searching while a batch writes gets answers. The archive is in write-ahead
// log mode (the SQLite file header says so: bytes 18 and 19 are 2), and every search made while
// another connection adds documents, one transaction each, succeeds and sees a growing archive.
TEST(ArchiveTest, SearchesGetAnswersWhileAWriterAdds) {
  test::TempDir dir;
  const fs::path db = dir / "archive.sqlite";
  Archive::open(db).add(make_record("1", "Thông báo kết quả kiểm tra", "cải cách hành chính"));
  const std::string header = test::read_file(db).substr(0, 20);
  EXPECT_EQ(header[18], 2);
  EXPECT_EQ(header[19], 2);
  std::atomic<bool> writing{true};
  std::thread writer([&] {
    Archive archive = Archive::open(db);
    for (int k = 2; k < 400; ++k)
      archive.add(make_record(std::to_string(k), "Thông báo số " + std::to_string(k),
                              "cải cách hành chính năm 2021"));
    writing = false;
  });
  size_t searches = 0, last = 0;
  while (writing) {
    const Archive reader = Archive::open_for_reading(db);
    const auto start = std::chrono::steady_clock::now();
    EXPECT_FALSE(find(reader, "cai cach hanh chinh").empty());
    EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 2.0);
    const auto found = static_cast<size_t>(reader.document_count());
    EXPECT_GE(found, last);
    last = found;
    ++searches;
  }
  writer.join();
  EXPECT_GT(searches, 0u);
  EXPECT_EQ(Archive::open_for_reading(db).document_count(), 399);
}

TEST(ArchiveTest, DamagedOrForeignFilesAreRefusedWithOneLine) {
  test::TempDir dir;
  test::write_file(dir / "junk.sqlite", std::string(4096, 'x'));
  try {
    Archive::open(dir / "junk.sqlite");
    FAIL() << "no error";
  } catch (const Error &e) {
    EXPECT_EQ(e.code(), ExitCode::input_damaged);
    EXPECT_EQ(e.one_line().find('\n'), std::string::npos);
  }
  const auto made = test::run_command(
      {"python3", "-c",
       "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('create table t(x)'); "
       "c.commit()",
       (dir / "other.sqlite").string()});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  try {
    Archive::open(dir / "other.sqlite");
    FAIL() << "no error";
  } catch (const Error &e) {
    EXPECT_EQ(e.code(), ExitCode::input_unsupported);
  }
  try {
    Archive::open(dir / "no-such-folder" / "a.sqlite");
    FAIL() << "no error";
  } catch (const Error &e) {
    EXPECT_EQ(e.code(), ExitCode::output_failed);
  }
}

// ---- The CLI ------------------------------------------------------------------------------

test::CommandResult vnotice(std::vector<std::string> args) {
  args.insert(args.begin(), test::cli_path().string());
  return test::run_command(args);
}

// `vnotice index` reads each input once: its record (parsed, or read from a record file) and the
// files the archive keeps come from the same bytes. Only the other half of a DOCX/ODT pair is
// opened besides, to be kept with it.
TEST(ArchiveCliTest, IndexReadsEachInputOnce) {
  test::TempDir dir;
  const fs::path samples = test::sample_pdf("notice-2021-sct.pdf").parent_path().parent_path();
  fs::create_directories(dir / "in");
  fs::copy_file(samples / "pdf" / "report-2021-qlcn.pdf", dir / "in" / "a.pdf");
  fs::copy_file(samples / "docx" / "notice-2021-sct.docx", dir / "in" / "b.docx");
  fs::copy_file(samples / "odt" / "notice-2021-sct.odt", dir / "in" / "b.odt");
  fs::copy_file(samples / "odt" / "report-2021-kctv.odt", dir / "in" / "c.odt");
  test::OpenCounter counter({dir / "in"});
  const auto indexed =
      vnotice({"index", (dir / "in" / "a.pdf").string(), (dir / "in" / "b.docx").string(),
               (dir / "in" / "c.odt").string(), "--db", (dir / "archive.sqlite").string()});
  ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
  const auto opens = counter.take();
  const std::map<fs::path, int> expected = {{dir / "in" / "a.pdf", 1},
                                            {dir / "in" / "b.docx", 1},
                                            {dir / "in" / "b.odt", 1},
                                            {dir / "in" / "c.odt", 1}};
  EXPECT_EQ(opens, expected);
}

// `vnotice index` keeps each document's original byte for byte, a PNG of a PDF's first page,
// and the other half of a DOCX/ODT pair written side by side; a record file brings its source
// along while the source is unchanged; --no-files keeps none.
TEST(ArchiveCliTest, IndexKeepsOriginalsThumbnailsAndNoticePairs) {
  test::TempDir dir;
  const fs::path pdf = test::sample_pdf("notice-2021-sct.pdf");
  const fs::path samples = pdf.parent_path().parent_path();
  fs::copy_file(samples / "docx" / "notice-2021-sct.docx", dir / "thông báo.docx");
  fs::copy_file(samples / "odt" / "notice-2021-sct.odt", dir / "thông báo.odt");
  const std::string record = (dir / "notice.json").string();
  ASSERT_EQ(vnotice({"parse", pdf.string(), "-o", record}).exit_code, 0);
  const std::string db = (dir / "a.sqlite").string();
  const auto indexed = vnotice({"index", record, (dir / "thông báo.docx").string(), "--db", db});
  ASSERT_EQ(indexed.exit_code, 0) << indexed.err;

  Archive archive = Archive::open_for_reading(db);
  auto read = [&](const std::string &sha, StoredFileKind kind) {
    std::string bytes;
    EXPECT_TRUE(archive.read_file(sha, kind, [&](std::string_view piece) {
      bytes += piece;
      return true;
    }));
    return bytes;
  };
  const InputFile pdf_file = InputFile::read(pdf);
  const auto pdf_files = archive.files_of(pdf_file.sha256);
  ASSERT_EQ(pdf_files.size(), 2u);
  EXPECT_EQ(read(pdf_file.sha256, StoredFileKind::original), pdf_file.bytes);
  const std::string png = read(pdf_file.sha256, StoredFileKind::thumbnail);
  EXPECT_TRUE(png.starts_with("\x89PNG")) << png.substr(0, 8);

  const InputFile docx = InputFile::read(dir / "thông báo.docx");
  const auto docx_files = archive.files_of(docx.sha256);
  ASSERT_EQ(docx_files.size(), 2u); // no thumbnail for a package
  EXPECT_EQ(docx_files[0].kind, StoredFileKind::odt);
  EXPECT_EQ(docx_files[0].name, "thông báo.odt");
  EXPECT_EQ(read(docx.sha256, StoredFileKind::odt), InputFile::read(dir / "thông báo.odt").bytes);

  const std::string bare = (dir / "bare.sqlite").string();
  ASSERT_EQ(vnotice({"index", pdf.string(), "--db", bare, "--no-files"}).exit_code, 0);
  EXPECT_TRUE(Archive::open_for_reading(bare).files_of(pdf_file.sha256).empty());
}

TEST(ArchiveCliTest, IndexSearchAndMerge) {
  test::TempDir dir;
  const std::string notice = test::sample_pdf("notice-2021-sct.pdf").string();
  const std::string qlcn = test::sample_pdf("report-2021-qlcn.pdf").string();
  const std::string vanphong = test::sample_pdf("report-2021-vanphong.pdf").string();
  const std::string record = (dir / "notice.json").string();
  ASSERT_EQ(vnotice({"parse", notice, "-o", record}).exit_code, 0);

  const std::string a = (dir / "a.sqlite").string(), b = (dir / "b.sqlite").string();
  auto indexed = vnotice({"index", record, qlcn, "--db", a});
  ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
  EXPECT_NE(indexed.out.find("indexed 2 document(s)"), std::string::npos) << indexed.out;
  indexed = vnotice({"index", qlcn, "--db", a}); // again: no duplicate
  EXPECT_NE(indexed.out.find("(2 in the archive)"), std::string::npos) << indexed.out;
  ASSERT_EQ(vnotice({"index", vanphong, qlcn, "--db", b}).exit_code, 0);

  auto found = vnotice({"search", "dong thap", "--db", a, "--json"});
  ASSERT_EQ(found.exit_code, 0) << found.err;
  auto json = nlohmann::json::parse(found.out);
  ASSERT_EQ(json.size(), 2u);
  EXPECT_EQ(json[0]["snippet"].get<std::string>().find('[') != std::string::npos, true);
  EXPECT_EQ(json[0]["sha256"].get<std::string>().size(), 64u);

  found = vnotice({"search", "--cites", "2532/KH-SCT", "--db", a});
  ASSERT_EQ(found.exit_code, 0) << found.err;
  EXPECT_TRUE(found.out.starts_with("1. 1935/TB-SCT  2021-09-10  THÔNG BÁO\n")) << found.out;
  EXPECT_NE(found.out.find("[2532/KH-SCT]"), std::string::npos) << found.out;

  found = vnotice({"search", "hóa chất", "--exact", "--type", "BC", "--from", "1/9/2021", "--to",
                   "2021-09", "--db", a});
  ASSERT_EQ(found.exit_code, 0) << found.err;
  EXPECT_NE(found.out.find("08/BC-QLCN"), std::string::npos) << found.out;
  EXPECT_EQ(vnotice({"search", "khong co chu nay", "--db", a}).out, "no document matches\n");

  const std::string merged = (dir / "merged.sqlite").string();
  const auto merge = vnotice({"archive", "merge", merged, a, b});
  ASSERT_EQ(merge.exit_code, 0) << merge.err;
  EXPECT_NE(merge.out.find("(3 document(s))"), std::string::npos) << merge.out;
  json = nlohmann::json::parse(vnotice({"search", "--db", merged, "--json"}).out);
  EXPECT_EQ(json.size(), 3u);
}

TEST(ArchiveCliTest, ErrorsAreOneLineWithTheirExitCode) {
  test::TempDir dir;
  const std::string junk = (dir / "junk.sqlite").string();
  test::write_file(junk, std::string(2048, '\x7f'));
  auto result = vnotice({"search", "dong thap", "--db", junk});
  EXPECT_EQ(result.exit_code, static_cast<int>(ExitCode::input_damaged)) << result.err;
  EXPECT_TRUE(result.out.empty());
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  EXPECT_TRUE(result.err.starts_with("vnotice: " + junk + ": ")) << result.err;

  const std::string missing = (dir / "missing.sqlite").string();
  result = vnotice({"search", "x", "--db", missing});
  EXPECT_EQ(result.exit_code, static_cast<int>(ExitCode::input_missing)) << result.err;
  EXPECT_FALSE(fs::exists(missing));

  result = vnotice({"index", test::sample_pdf("notice-2021-sct.pdf").string(), "--db", junk});
  EXPECT_EQ(result.exit_code, static_cast<int>(ExitCode::input_damaged)) << result.err;
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;

  const std::string good = (dir / "good.sqlite").string();
  ASSERT_EQ(
      vnotice({"index", test::sample_pdf("notice-2021-sct.pdf").string(), "--db", good}).exit_code,
      0);
  result = vnotice({"search", "x", "--from", "tháng 9", "--db", good});
  EXPECT_EQ(result.exit_code, static_cast<int>(ExitCode::usage)) << result.err;
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  result = vnotice({"archive", "merge", good, junk});
  EXPECT_EQ(result.exit_code, static_cast<int>(ExitCode::input_damaged)) << result.err;
}

} // namespace
} // namespace vnotice
