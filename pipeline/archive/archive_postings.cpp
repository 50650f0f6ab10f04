#include "pipeline/archive/archive_postings.h"

#include "pipeline/archive/archive_rank.h"
#include "pipeline/archive/sqlite_db.h"

#include <algorithm>
#include <sqlite3.h>
#include <stdexcept>
#include <unordered_map>

namespace vnotice {
namespace {

using sqlite::Statement;

constexpr int kFoldedColumns = 3; // subject_f, body_f, issuer_f: documents_fts's first three

void put_varint(std::string &out, uint32_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

uint32_t get_varint(const unsigned char *&at, const unsigned char *end) {
  uint32_t value = 0;
  for (int shift = 0; at < end && shift < 35; shift += 7) {
    const unsigned char byte = *at++;
    value |= static_cast<uint32_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) break;
  }
  return value;
}

} // namespace

FtsTokenizer::FtsTokenizer(sqlite3 *db) : methods_(std::make_unique<fts5_tokenizer>()) {
  fts5_api *api = fts5_api_of(db);
  void *context = nullptr;
  // The arguments of documents_fts's `tokenize = 'unicode61 remove_diacritics 0'`.
  const char *arguments[] = {"remove_diacritics", "0"};
  if (api == nullptr || api->xFindTokenizer(api, "unicode61", &context, methods_.get()) != 0 ||
      methods_->xCreate(context, arguments, 2, &tokenizer_) != SQLITE_OK)
    throw std::runtime_error("SQLite has no FTS5 unicode61 tokenizer");
}

FtsTokenizer::~FtsTokenizer() {
  if (tokenizer_ != nullptr) methods_->xDelete(tokenizer_);
}

void FtsTokenizer::tokenize(std::string_view text, void *context,
                            void (*each)(void *context, std::string_view token)) const {
  struct Call {
    void *context;
    void (*each)(void *, std::string_view);
  } call{context, each};
  auto token = [](void *pointer, int, const char *bytes, int size, int, int) {
    // FTS5 keeps at most this much of a token, in the index and in a query alike
    // (FTS5_MAX_TOKEN_SIZE in SQLite's fts5Int.h): unbroken noise in a body is cut the same.
    constexpr int kMaxTokenBytes = 32768;
    const auto *to = static_cast<Call *>(pointer);
    to->each(to->context,
             std::string_view(bytes, static_cast<size_t>(std::min(size, kMaxTokenBytes))));
    return SQLITE_OK;
  };
  methods_->xTokenize(tokenizer_, &call, FTS5_TOKENIZE_DOCUMENT, text.data(),
                      static_cast<int>(text.size()), token);
}

std::vector<std::string> FtsTokenizer::tokens(std::string_view text) const {
  std::vector<std::string> out;
  for_each_token(text, [&](std::string_view token) { out.emplace_back(token); });
  return out;
}

void write_postings(sqlite3 *db, const std::filesystem::path &path,
                    const std::set<long long> &chunks) {
  if (chunks.empty()) return;
  const FtsTokenizer tokenizer(db);
  Statement rows(db,
                 "SELECT rowid, subject_f, body_f, issuer_f FROM documents_fts WHERE rowid >= ?1 "
                 "AND rowid < ?2 ORDER BY rowid",
                 path);
  Statement drop(db, "DELETE FROM term_postings WHERE chunk = ?1", path);
  Statement put(db, "INSERT INTO term_postings (term, chunk, postings) VALUES (?1, ?2, ?3)", path);
  std::unordered_map<std::string, std::array<uint32_t, kFoldedColumns>> counts;
  std::string key;
  for (const long long chunk : chunks) {
    drop.bind(1, chunk).run();
    // Term -> its entries in this chunk, in rowid order.
    std::unordered_map<std::string, std::string> postings;
    rows.bind(1, chunk * DocumentLengths::kDocumentsPerChunk)
        .bind(2, (chunk + 1) * DocumentLengths::kDocumentsPerChunk);
    while (rows.step()) {
      counts.clear();
      for (int column = 0; column < kFoldedColumns; ++column)
        tokenizer.for_each_token(rows.text(1 + column), [&](std::string_view token) {
          key.assign(token);
          ++counts[key][static_cast<size_t>(column)];
        });
      const char offset = static_cast<char>(rows.integer(0) % DocumentLengths::kDocumentsPerChunk);
      for (const auto &[term, frequency] : counts) {
        std::string &entry = postings[term];
        entry.push_back(offset);
        for (uint32_t count : frequency)
          put_varint(entry, count);
      }
    }
    rows.reset();
    // Written in term order, so the same archive gives the same file.
    std::vector<const std::pair<const std::string, std::string> *> sorted;
    sorted.reserve(postings.size());
    for (const auto &entry : postings)
      sorted.push_back(&entry);
    std::sort(sorted.begin(), sorted.end(),
              [](const auto *a, const auto *b) { return a->first < b->first; });
    for (const auto *entry : sorted)
      put.bind(1, entry->first).bind(2, chunk).bind_blob(3, entry->second).run();
  }
}

void rebuild_postings(sqlite3 *db, const std::filesystem::path &path) {
  Statement(db, "DELETE FROM term_postings", path).run();
  std::set<long long> chunks;
  Statement ids(db, "SELECT rowid FROM documents_fts", path);
  while (ids.step())
    chunks.insert(ids.integer(0) / DocumentLengths::kDocumentsPerChunk);
  write_postings(db, path, chunks);
}

bool read_postings(sqlite3 *db, const std::filesystem::path &path, std::string_view term,
                   size_t at_most, std::vector<Posting> &out) {
  Statement rows(db, "SELECT chunk, postings FROM term_postings WHERE term = ?1 ORDER BY chunk",
                 path);
  rows.bind(1, term);
  const size_t before = out.size();
  while (rows.step()) {
    const long long base = rows.integer(0) * DocumentLengths::kDocumentsPerChunk;
    const std::string_view entries = rows.blob_view(1);
    const auto *at = reinterpret_cast<const unsigned char *>(entries.data());
    const auto *end = at + entries.size();
    // An entry takes at least four bytes, mostly exactly four (counts under 128).
    if (const size_t needed = out.size() + entries.size() / 4; needed > out.capacity())
      out.reserve(std::max(needed, 2 * out.capacity()));
    while (at < end) {
      if (out.size() >= at_most) {
        out.resize(before);
        return false;
      }
      Posting &posting = out.emplace_back();
      posting.rowid = base + *at++;
      for (uint32_t &count : posting.frequency)
        count = at < end && *at < 0x80 ? *at++ : get_varint(at, end);
    }
  }
  return true;
}

} // namespace vnotice
