#include "pipeline/archive/archive_rank.h"

#include <algorithm>
#include <cmath>
#include <sqlite3.h>
#include <stdexcept>

namespace vnotice {
namespace {

// What one search computes once: document count, average column lengths, idf of each phrase.
struct QueryStatistics {
  std::array<double, kRankedColumns> average_length{};
  std::vector<double> idf;
};

QueryStatistics *statistics_of(const Fts5ExtensionApi *api, Fts5Context *fts, int phrases,
                               sqlite3_value **args, int arg_count) {
  if (auto *known = static_cast<QueryStatistics *>(api->xGetAuxdata(fts, 0))) return known;
  auto *statistics = new QueryStatistics;
  sqlite3_int64 rows = 0;
  api->xRowCount(fts, &rows);
  for (int column = 0; column < kRankedColumns; ++column) {
    sqlite3_int64 total = 0;
    api->xColumnTotalSize(fts, column, &total);
    statistics->average_length[column] = bm25f::average_length(rows, total);
  }
  const auto documents = static_cast<double>(rows);
  for (int phrase = 0; phrase < phrases; ++phrase) {
    const double containing =
        phrase < arg_count ? std::clamp(sqlite3_value_double(args[phrase]), 0.0, documents) : 1.0;
    statistics->idf.push_back(bm25f::idf(documents, containing));
  }
  api->xSetAuxdata(fts, statistics, [](void *p) { delete static_cast<QueryStatistics *>(p); });
  return statistics;
}

void vnotice_rank(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *result,
                  int arg_count, sqlite3_value **args) {
  const auto *lengths = static_cast<const DocumentLengths *>(api->xUserData(fts));
  const int phrases = std::min(api->xPhraseCount(fts), static_cast<int>(kMaxRankedPhrases));
  if (arg_count < 1) {
    sqlite3_result_error(result, "vnotice_rank: the first searched column is missing", -1);
    return;
  }
  // The searched columns: [first, first + kSearchedColumns).
  const int first = std::clamp(sqlite3_value_int(args[0]), 0, kRankedColumns - kSearchedColumns);
  const QueryStatistics *statistics = statistics_of(api, fts, phrases, args + 1, arg_count - 1);

  std::array<double, kRankedColumns> norm{}; // k1 * (1 - b + b * length / average)
  const DocumentLengths::Lengths *known = lengths->find(api->xRowid(fts));
  for (int column = first; column < first + kSearchedColumns; ++column) {
    int length = 0;
    if (known != nullptr)
      length = (*known)[column];
    else if (api->xColumnSize(fts, column, &length) != SQLITE_OK)
      length = 0;
    norm[column] = bm25f::norm(length, statistics->average_length[column]);
  }

  double score = 0;
  for (int phrase = 0; phrase < phrases; ++phrase) {
    std::array<int, kRankedColumns> frequency{};
    Fts5PhraseIter iterator;
    int column = 0, offset = 0;
    bool found = false;
    // Instances come in column order (FTS5's position lists are sorted by column, then
    // offset): those past the searched columns need no reading.
    for (api->xPhraseFirst(fts, phrase, &iterator, &column, &offset);
         column >= 0 && column < first + kSearchedColumns;
         api->xPhraseNext(fts, &iterator, &column, &offset))
      if (column >= first) {
        ++frequency[column];
        found = true;
      }
    if (!found) { // only in the other columns: not a match
      sqlite3_result_null(result);
      return;
    }
    double phrase_score = 0;
    for (int c = first; c < first + kSearchedColumns; ++c)
      if (frequency[c] > 0) phrase_score += bm25f::column_score(c, frequency[c], norm[c]);
    score += statistics->idf[phrase] * phrase_score;
  }
  sqlite3_result_double(result, -score);
}

// SQLite's variable-length integer (the record format's, which FTS5 uses in docsize).
uint64_t read_varint(const unsigned char *&at, const unsigned char *end) {
  uint64_t value = 0;
  for (int i = 0; i < 9 && at < end; ++i) {
    const unsigned char byte = *at++;
    if (i == 8) return (value << 8) | byte;
    value = (value << 7) | (byte & 0x7f);
    if ((byte & 0x80) == 0) break;
  }
  return value;
}

} // namespace

FtsTotals decode_fts_totals(const std::string &averages) {
  FtsTotals totals;
  const auto *at = reinterpret_cast<const unsigned char *>(averages.data());
  const auto *end = at + averages.size();
  totals.rows = static_cast<long long>(read_varint(at, end));
  for (long long &tokens : totals.tokens)
    tokens = static_cast<long long>(read_varint(at, end));
  return totals;
}

std::string
DocumentLengths::encode_chunk(const std::vector<std::pair<long long, std::string>> &rows) {
  std::string blob;
  blob.reserve(rows.size() * (1 + 2 * kRankedColumns));
  for (const auto &[rowid, sz] : rows) {
    blob.push_back(static_cast<char>(rowid % kDocumentsPerChunk));
    for (uint16_t length : decode_docsize(sz)) {
      blob.push_back(static_cast<char>(length & 0xff));
      blob.push_back(static_cast<char>(length >> 8));
    }
  }
  return blob;
}

DocumentLengths::Lengths DocumentLengths::decode_docsize(const std::string &sz) {
  Lengths lengths{};
  const auto *at = reinterpret_cast<const unsigned char *>(sz.data());
  const auto *end = at + sz.size();
  for (uint16_t &length : lengths)
    length = static_cast<uint16_t>(std::min<uint64_t>(read_varint(at, end), 0xffff));
  return lengths;
}

void DocumentLengths::add_chunk(long long chunk, const std::string &blob) {
  constexpr size_t kEntry = 1 + 2 * kRankedColumns;
  if (chunk < 0) return;
  const auto base = static_cast<size_t>(chunk) * kDocumentsPerChunk;
  if (by_rowid_.size() < base + kDocumentsPerChunk) {
    by_rowid_.resize(base + kDocumentsPerChunk);
    known_.resize(base + kDocumentsPerChunk);
  }
  for (size_t at = 0; at + kEntry <= blob.size(); at += kEntry) {
    const auto *entry = reinterpret_cast<const unsigned char *>(blob.data() + at);
    const size_t row = base + entry[0];
    for (int column = 0; column < kRankedColumns; ++column)
      by_rowid_[row][column] =
          static_cast<uint16_t>(entry[1 + 2 * column] | (entry[2 + 2 * column] << 8));
    known_[row] = true;
  }
}

const DocumentLengths::Lengths *DocumentLengths::find(long long rowid) const {
  if (rowid < 0 || static_cast<size_t>(rowid) >= by_rowid_.size() ||
      !known_[static_cast<size_t>(rowid)])
    return nullptr;
  return &by_rowid_[static_cast<size_t>(rowid)];
}

fts5_api *fts5_api_of(sqlite3 *db) {
  fts5_api *api = nullptr;
  sqlite3_stmt *statement = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &statement, nullptr) == SQLITE_OK) {
    sqlite3_bind_pointer(statement, 1, static_cast<void *>(&api), "fts5_api_ptr", nullptr);
    sqlite3_step(statement);
  }
  sqlite3_finalize(statement);
  return api;
}

void register_rank_function(sqlite3 *db, const DocumentLengths &lengths) {
  fts5_api *api = fts5_api_of(db);
  if (api == nullptr || api->iVersion < 2 ||
      api->xCreateFunction(api, "vnotice_rank",
                           const_cast<void *>(static_cast<const void *>(&lengths)), vnotice_rank,
                           nullptr) != SQLITE_OK)
    throw std::runtime_error("SQLite has no FTS5 API");
}

} // namespace vnotice
