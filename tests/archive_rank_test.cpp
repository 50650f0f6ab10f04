// The archive's ranking (pipeline/archive/archive_rank.h): the document lengths it keeps beside
// FTS5's, how lengths and word rarity order the hits, a search split over two threads, an
// archive of schema 1 read as it is and upgraded when written, and the term postings
// (archive_postings.h) ranking as FTS5's positions do.
#include "archive_test_support.h"
#include "pipeline/archive/archive.h"
#include "pipeline/archive/archive_rank.h"
#include "test_support.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <map>
#include <sqlite3.h>
#include <string>
#include <vector>

namespace vnotice {
namespace {

namespace fs = std::filesystem;

using test::find;
using test::make_record;
using test::samples;

// Runs one statement on the raw file (what another SQLite client would see).
std::vector<std::vector<std::string>> query_file(const fs::path &db, const std::string &sql) {
  sqlite3 *raw = nullptr;
  EXPECT_EQ(sqlite3_open(db.c_str(), &raw), SQLITE_OK);
  sqlite3_stmt *statement = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(raw, sql.c_str(), -1, &statement, nullptr), SQLITE_OK)
      << sqlite3_errmsg(raw);
  std::vector<std::vector<std::string>> rows;
  while (sqlite3_step(statement) == SQLITE_ROW) {
    std::vector<std::string> row;
    for (int c = 0; c < sqlite3_column_count(statement); ++c) {
      const auto *bytes = static_cast<const char *>(sqlite3_column_blob(statement, c));
      row.emplace_back(bytes == nullptr ? ""
                                        : std::string(bytes, sqlite3_column_bytes(statement, c)));
    }
    rows.push_back(std::move(row));
  }
  sqlite3_finalize(statement);
  sqlite3_close(raw);
  return rows;
}

// document_lengths must hold, for every document, FTS5's own column sizes: the ranking reads
// them instead of FTS5's docsize table.
void expect_lengths_match_fts(const fs::path &db) {
  std::map<long long, DocumentLengths::Lengths> fts;
  for (const auto &row : query_file(db, "SELECT id, sz FROM documents_fts_docsize"))
    fts[std::stoll(row[0])] = DocumentLengths::decode_docsize(row[1]);
  DocumentLengths ours;
  for (const auto &row : query_file(db, "SELECT chunk, lengths FROM document_lengths"))
    ours.add_chunk(std::stoll(row[0]), row[1]);
  ASSERT_FALSE(fts.empty());
  for (const auto &[rowid, lengths] : fts) {
    const DocumentLengths::Lengths *found = ours.find(rowid);
    ASSERT_NE(found, nullptr) << "no lengths for document " << rowid;
    EXPECT_EQ(*found, lengths) << "document " << rowid;
  }
  // Nothing left over from replaced documents.
  long long known = 0;
  for (long long rowid = 0; rowid <= fts.rbegin()->first + 256; ++rowid)
    known += ours.find(rowid) != nullptr ? 1 : 0;
  EXPECT_EQ(known, static_cast<long long>(fts.size()));
}

TEST(ArchiveRankTest, DocsizeVarintsDecodeAndChunksRoundTrip) {
  // SQLite varints: 5, 300 (0x82 0x2c), 0, 70000 (0x84 0xa2 0x70, capped at 65535), 1, 127.
  const std::string sz("\x05\x82\x2c\x00\x84\xa2\x70\x01\x7f", 9);
  const DocumentLengths::Lengths expected = {5, 300, 0, 65535, 1, 127};
  EXPECT_EQ(DocumentLengths::decode_docsize(sz), expected);
  DocumentLengths lengths;
  lengths.add_chunk(3, DocumentLengths::encode_chunk({{3 * 256 + 7, sz}, {3 * 256 + 255, sz}}));
  ASSERT_NE(lengths.find(3 * 256 + 7), nullptr);
  EXPECT_EQ(*lengths.find(3 * 256 + 255), expected);
  EXPECT_EQ(lengths.find(3 * 256 + 8), nullptr);
  EXPECT_EQ(lengths.find(2 * 256 + 7), nullptr);
}

TEST(ArchiveRankTest, LengthsFollowAddsReplacementsAndMerges) {
  test::TempDir dir;
  {
    Archive archive = Archive::open(dir / "a.sqlite");
    std::vector<Record> records;
    for (int i = 0; i < 600; ++i) // three chunks of 256
      records.push_back(make_record(std::to_string(i), "Thông báo " + std::to_string(i),
                                    std::string(static_cast<size_t>(i % 40), 'x') + " hồ sơ"));
    archive.add_all(records);
    archive.add(make_record("7", "Thông báo thay thế", "Một câu dài hơn hẳn câu trước đó nhiều."));
  }
  expect_lengths_match_fts(dir / "a.sqlite");
  {
    Archive shard = Archive::open(dir / "b.sqlite");
    shard.add(make_record("9", "Bản của phân đoạn", "Văn bản khác hẳn"));
    shard.add(make_record("9000", "Văn bản mới", "Chỉ có ở phân đoạn"));
  }
  Archive::open(dir / "a.sqlite").merge_from(dir / "b.sqlite");
  expect_lengths_match_fts(dir / "a.sqlite");
}

TEST(ArchiveRankTest, ShortDocumentsAndRareWordsRankHigher) {
  test::TempDir dir;
  Archive archive = Archive::open(dir / "a.sqlite");
  std::string padding;
  for (int i = 0; i < 60; ++i)
    padding += " nội dung báo cáo định kỳ";
  // Same subject, one mention each: the short text ranks above the long one (length norm).
  archive.add(make_record("1", "Báo cáo năm", "kiểm tra hồ sơ" + padding));
  archive.add(make_record("2", "Báo cáo năm", "kiểm tra hồ sơ"));
  // "hồ sơ" is in every document, "thẩm định" in one: matching the rare word weighs more.
  archive.add(make_record("3", "Báo cáo quý", "hồ sơ hồ sơ hồ sơ thẩm định"));
  archive.add(make_record("4", "Báo cáo quý", "hồ sơ thẩm định thẩm định thẩm định"));
  for (int i = 5; i < 30; ++i)
    archive.add(make_record(std::to_string(i), "Văn bản khác", "hồ sơ lưu trữ"));
  auto hits = find(archive, "kiem tra");
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].number_symbol, "2/TB-SCT");
  EXPECT_GT(hits[0].score, hits[1].score);
  EXPECT_GT(hits[1].score, 0);
  hits = find(archive, "ho so tham dinh");
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].number_symbol, "4/TB-SCT");
  // A word in every document still counts (its idf stays positive).
  EXPECT_GT(find(archive, "ho so").front().score, 0);
}

TEST(ArchiveRankTest, TwoThreadsFindWhatOnePassFinds) {
  test::TempDir dir;
  Archive archive = Archive::open(dir / "a.sqlite");
  const std::vector<std::string> words = {"hồ sơ",    "kiểm tra",  "thủ tục", "trực tuyến",
                                          "đúng hạn", "công khai", "rà soát", "tiếp nhận"};
  std::vector<Record> records;
  for (int i = 0; i < 2600; ++i) { // over the size from which a search is split in two
    std::string text;
    const int length = 4 + (i * 37 + i / 7) % 29; // lengths and word mixes differ: scores too
    for (int w = 0; w < length; ++w)
      text += words[static_cast<size_t>((i * 7 + w * w * 3 + i / 5) % 8)] + " ";
    records.push_back(make_record(std::to_string(i), "Báo cáo " + words[i % 8], text,
                                  "2021-" + std::to_string(1 + i % 12) + "-10",
                                  i % 3 == 0 ? "BC" : "TB"));
  }
  archive.add_all(records);
  // Exact searches are the ones still ranked through FTS5 in two halves (folded ones read the
  // term postings, in one pass).
  for (const std::string text : {"hồ sơ", "kiểm tra thủ tục", "trực tuyến đúng hạn công khai"}) {
    for (const int variant : {0, 1, 2}) {
      SearchQuery query;
      query.text = text;
      if (variant == 1) query.type_code = "BC";
      query.exact = variant > 0;
      archive.set_parallel_search(false);
      const auto one = archive.search(query);
      archive.set_parallel_search(true);
      const auto two = archive.search(query);
      // A page's total, counted in the ranking pass: the same from two halves, and what a
      // separate count finds (a page of the newest first counts apart).
      const long long total = archive.search_page(query).total;
      archive.set_parallel_search(false);
      EXPECT_EQ(archive.search_page(query).total, total) << text;
      query.order = SearchQuery::Order::date;
      EXPECT_EQ(archive.search_page(query).total, total) << text;
      query.order = SearchQuery::Order::relevance;
      EXPECT_GT(total, 20) << text;
      ASSERT_EQ(one.size(), 20u) << text;
      ASSERT_EQ(two.size(), one.size()) << text;
      for (size_t i = 0; i < one.size(); ++i) {
        EXPECT_EQ(two[i].sha256, one[i].sha256) << text << " hit " << i;
        EXPECT_EQ(two[i].score, one[i].score) << text << " hit " << i;
        EXPECT_EQ(two[i].snippet, one[i].snippet) << text << " hit " << i;
      }
      // Hits from both halves of the archive made the list (the merge is really exercised).
      const auto low = std::count_if(one.begin(), one.end(), [](const SearchHit &hit) {
        return std::stoi(hit.number_symbol) < 1300;
      });
      EXPECT_GT(low, 0) << text;
      EXPECT_LT(low, 20) << text;
    }
  }
}

// The ranking's match names no columns; the words must still be found in the columns searched:
// an exact "tra" is not the "tra" that the folded columns hold for "trà".
TEST(ArchiveRankTest, WordsCountOnlyInTheColumnsSearched) {
  test::TempDir dir;
  Archive archive = Archive::open(dir / "a.sqlite");
  archive.add(make_record("1", "Báo cáo", "Thưởng thức trà xanh Thái Nguyên"));
  archive.add(make_record("2", "Báo cáo", "Tra cứu hồ sơ trực tuyến"));
  archive.add(make_record("3", "Báo cáo", "Trà và tra cứu"));
  auto numbers = [](const std::vector<SearchHit> &hits) {
    std::vector<std::string> out;
    for (const SearchHit &hit : hits)
      out.push_back(hit.number_symbol);
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_EQ(numbers(find(archive, "tra")),
            (std::vector<std::string>{"1/TB-SCT", "2/TB-SCT", "3/TB-SCT"}));
  EXPECT_EQ(numbers(find(archive, "tra", true)),
            (std::vector<std::string>{"2/TB-SCT", "3/TB-SCT"}));
  EXPECT_EQ(numbers(find(archive, "trà", true)),
            (std::vector<std::string>{"1/TB-SCT", "3/TB-SCT"}));
  SearchQuery query;
  query.text = "tra xanh";
  query.exact = true;
  EXPECT_EQ(archive.search_page(query).total, 0); // "trà xanh" only
  query.text = "trà xanh";
  EXPECT_EQ(archive.search_page(query).total, 1);
}

// A search keeps the word counts and lengths it ranks with while the archive is unchanged: a
// write by another connection (a batch beside the search page) or by the same one is seen.
TEST(ArchiveRankTest, KeptStatisticsFollowEveryWrite) {
  test::TempDir dir;
  const fs::path db = dir / "a.sqlite";
  Archive writer = Archive::open(db);
  for (int i = 0; i < 30; ++i)
    writer.add(make_record(std::to_string(i), "Báo cáo " + std::to_string(i),
                           i % 3 == 0 ? "thẩm định hồ sơ" : "hồ sơ lưu trữ"));
  Archive reader = Archive::open_for_reading(db);
  auto expect_as_fresh = [&](const Archive &kept, const std::string &text) -> size_t {
    const auto seen = find(kept, text);
    const auto fresh = find(Archive::open_for_reading(db), text);
    EXPECT_EQ(seen.size(), fresh.size()) << text;
    if (seen.size() != fresh.size()) return 0;
    for (size_t i = 0; i < seen.size(); ++i) {
      EXPECT_EQ(seen[i].sha256, fresh[i].sha256) << text << " hit " << i;
      EXPECT_EQ(seen[i].score, fresh[i].score) << text << " hit " << i;
    }
    return seen.size();
  };
  EXPECT_EQ(expect_as_fresh(reader, "tham dinh"), 10u);
  EXPECT_EQ(expect_as_fresh(writer, "tham dinh"), 10u);
  // "thẩm định" becomes common and the documents longer: every score changes.
  std::vector<Record> more;
  for (int i = 30; i < 60; ++i)
    more.push_back(make_record(std::to_string(i), "Thẩm định " + std::to_string(i),
                               "thẩm định hồ sơ thẩm định lại các hồ sơ còn thiếu"));
  writer.add_all(more);
  EXPECT_EQ(expect_as_fresh(reader, "tham dinh"), 20u); // a page of 20 of the 40
  EXPECT_EQ(expect_as_fresh(writer, "tham dinh"), 20u);
  EXPECT_EQ(expect_as_fresh(reader, "ho so"), 20u);
}

TEST(ArchiveRankTest, AnArchiveOfSchemaOneIsReadAsItIsAndUpgradedWhenWritten) {
  test::TempDir dir;
  const fs::path db = dir / "old.sqlite";
  {
    Archive archive = Archive::open(db);
    for (const Record &record : samples())
      archive.add(record);
  }
  const auto before = find(Archive::open_for_reading(db), "cai cach hanh chinh");
  ASSERT_FALSE(before.empty());
  // What vnotice before schema 2 wrote: no document_lengths, no filter indexes.
  query_file(db, "DROP TABLE document_lengths");
  query_file(db, "DROP INDEX documents_type");
  query_file(db, "DROP INDEX documents_issuer");
  query_file(db, "DROP TABLE files");
  query_file(db, "DROP TABLE term_postings");
  query_file(db, "PRAGMA user_version = 1");
  const auto read_only = find(Archive::open_for_reading(db), "cai cach hanh chinh");
  ASSERT_EQ(read_only.size(), before.size());
  for (size_t i = 0; i < before.size(); ++i) {
    EXPECT_EQ(read_only[i].sha256, before[i].sha256);
    EXPECT_DOUBLE_EQ(read_only[i].score, before[i].score);
  }
  EXPECT_EQ(query_file(db, "PRAGMA user_version")[0][0], "1"); // reading changed nothing
  EXPECT_TRUE(Archive::open_for_reading(db).files_of(before[0].sha256).empty());
  Archive::open(db);
  EXPECT_EQ(query_file(db, "PRAGMA user_version")[0][0], "4");
  EXPECT_EQ(query_file(db, "SELECT count(*) FROM sqlite_schema WHERE name IN ('documents_type', "
                           "'documents_issuer', 'files', 'term_postings')")[0][0],
            "4");
  expect_lengths_match_fts(db);
  // The upgrade wrote the postings: the ranking read from them is the one before.
  const auto upgraded = find(Archive::open_for_reading(db), "cai cach hanh chinh");
  ASSERT_EQ(upgraded.size(), before.size());
  for (size_t i = 0; i < before.size(); ++i) {
    EXPECT_EQ(upgraded[i].sha256, before[i].sha256);
    EXPECT_EQ(upgraded[i].score, before[i].score);
  }
}

// The same archive without its term postings, as vnotice of schema 3 wrote it: relevance is
// then ranked by vnotice_rank over FTS5's position lists.
fs::path copy_without_postings(const fs::path &db, const fs::path &to) {
  fs::copy_file(db, to, fs::copy_options::overwrite_existing);
  query_file(to, "DROP TABLE term_postings");
  query_file(to, "PRAGMA user_version = 3");
  return to;
}

// Ranking from the term postings must give what vnotice_rank gives from FTS5: the same hits, in
// the same order, with the same scores to the last bit, and the same totals, with filters and
// paging, after documents are replaced and a shard is merged.
TEST(ArchiveRankTest, TermPostingsRankAsFtsPositionsDo) {
  test::TempDir dir;
  const fs::path db = dir / "a.sqlite";
  const std::vector<std::string> words = {
      "hồ sơ",       "hộ",       "hổ",         "kiểm tra", "thủ tục", "trực tuyến", "đúng hạn",
      "công khai",   "rà soát",  "tiếp nhận",  "trà",      "tra",     "Đồng Tháp",  "Cần Thơ",
      "2532/KH-SCT", "năm 2021", "giải quyết", "quá hạn",  "dịch vụ", "cải cách"};
  {
    Archive archive = Archive::open(db);
    std::vector<Record> records;
    for (int i = 0; i < 700; ++i) { // three chunks of 256
      std::string text;
      const int length = 3 + (i * 31 + i / 3) % 40;
      for (int w = 0; w < length; ++w)
        text += words[static_cast<size_t>((i * 13 + w * w * 7 + i / 11) % words.size())] + " ";
      records.push_back(
          make_record(std::to_string(i), "Báo cáo " + words[i % words.size()], text,
                      "20" + std::to_string(18 + i % 6) + "-0" + std::to_string(1 + i % 9) + "-10",
                      i % 3 == 0 ? "BC" : "TB", i % 4 == 0 ? "SỞ TƯ PHÁP" : "SỞ CÔNG THƯƠNG"));
    }
    archive.add_all(records);
    // Replaced documents: their old words must leave the postings.
    for (int i = 0; i < 700; i += 50)
      archive.add(make_record(std::to_string(i), "Văn bản thay thế", "rà soát lại hồ sơ"));
    // FTS5 keeps 32,768 bytes of a token: unbroken noise must be cut the same way.
    archive.add(make_record("800", "Bản quét lỗi", "hồ sơ " + std::string(40000, 'a')));
  }
  {
    Archive shard = Archive::open(dir / "shard.sqlite");
    shard.add(make_record("3", "Bản của phân đoạn", "thủ tục trực tuyến hồ sơ"));
    shard.add(make_record("9000", "Văn bản mới", "kiểm tra hồ sơ đúng hạn đúng hạn"));
  }
  Archive::open(db).merge_from(dir / "shard.sqlite");
  const Archive postings = Archive::open_for_reading(db);
  const Archive fts = Archive::open_for_reading(copy_without_postings(db, dir / "fts.sqlite"));

  size_t compared = 0;
  const std::string noise = std::string(32768, 'a') + "b"; // FTS5 reads it as 32,768 a's
  for (const std::string text : {"ho so", "hồ sơ", "ho", "tra", "kiem tra thu tuc", "ho so ho",
                                 "dong thap can tho", "2532/kh-sct", "ra soat, ho so",
                                 "giai quyet qua han dich vu cai cach", "xyz", noise.c_str()}) {
    for (int filter = 0; filter < 8; ++filter) {
      for (const int offset : {0, 20}) {
        SearchQuery query;
        query.text = text;
        query.offset = offset;
        if (filter >= 4) query.order = SearchQuery::Order::date; // the ids from the postings
        const int kind = filter % 4;
        if (kind == 1) query.type_code = "BC";
        if (kind == 2) query.from = query.to = "2021";
        if (kind == 3) query.issuer_name = "Sở Tư pháp";
        const SearchPage ours = postings.search_page(query);
        const SearchPage theirs = fts.search_page(query);
        const std::string where = text + " filter " + std::to_string(filter);
        EXPECT_EQ(ours.total, theirs.total) << where;
        ASSERT_EQ(ours.hits.size(), theirs.hits.size()) << where;
        for (size_t i = 0; i < ours.hits.size(); ++i) {
          EXPECT_EQ(ours.hits[i].sha256, theirs.hits[i].sha256) << where << " hit " << i;
          EXPECT_EQ(ours.hits[i].score, theirs.hits[i].score) << where << " hit " << i;
          EXPECT_EQ(ours.hits[i].snippet, theirs.hits[i].snippet) << where << " hit " << i;
        }
        compared += ours.hits.size();
      }
    }
  }
  EXPECT_GT(compared, 1000u); // the queries really find documents
  EXPECT_EQ(find(postings, noise).size(), 1u);

  // Without words, the issuing body's filter lists and counts in one pass: every document of
  // Sở Tư pháp (i % 4 == 0, less the 7 replaced by documents of the default issuer), newest
  // first, page after page.
  SearchQuery by_issuer;
  by_issuer.issuer_name = "Sở Tư pháp";
  long long listed = 0;
  std::string last_date = "9999";
  for (int page = 0; page < 20; ++page) {
    by_issuer.offset = page * 20;
    const SearchPage found = postings.search_page(by_issuer);
    EXPECT_EQ(found.total, 168) << "page " << page;
    for (const SearchHit &hit : found.hits) {
      EXPECT_LE(hit.date, last_date);
      last_date = hit.date;
      ++listed;
    }
  }
  EXPECT_EQ(listed, 168);

  // The folded search really reads the postings: a copy that lost a word's rows finds nothing.
  const fs::path cut = dir / "cut.sqlite";
  fs::copy_file(db, cut);
  query_file(cut, "DELETE FROM term_postings WHERE term = 'ra'");
  EXPECT_FALSE(find(fts, "ra soat").empty());
  EXPECT_TRUE(find(Archive::open_for_reading(cut), "ra soat").empty());
}

} // namespace
} // namespace vnotice
