#include "server/search_server.h"

#include "pipeline/archive/archive.h"
#include "pipeline/error.h"
#include "pipeline/messages.h"
#include "pipeline/vietnamese_text.h"
#include "server/web_pages.h"

#include <algorithm>
#include <charconv>
#include <fmt/format.h>
#include <httplib.h>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <vector>

namespace vnotice {
namespace {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

// A request the server refuses, with the status and the message shown to the user.
struct BadRequest {
  int status;
  std::string message;
};

constexpr size_t kMaxQueryCharacters = 200;
constexpr size_t kMaxFilterBytes = 300;
constexpr int kMaxPage = 500;
constexpr int kMaxApiLimit = 100;
constexpr int kCitedByShown = 50;
// Each worker's SQLite page cache: what a search reads again (the full-text index, the column
// sizes) mostly stays in it, and eight of them stay inside the 200 MiB the page may use. (A
// memory map shared by the connections was tried: as fast, but each connection's mapping counts
// in the resident size, 1.1 GiB for eight.)
constexpr int kCacheKibPerConnection = 16 * 1024;
// The longest the archive may work on one request's queries (a search takes milliseconds);
// a download's blob reads are not queries and are bounded by the write timeout instead.
constexpr std::chrono::seconds kRequestTimeLimit{10};

// Archive connections for the worker threads: one each, opened on first need and reused.
class ArchivePool {
public:
  explicit ArchivePool(fs::path db) : db_(std::move(db)) { release(open()); }

  struct Returner {
    ArchivePool *pool;
    void operator()(Archive *archive) const { pool->release(std::unique_ptr<Archive>(archive)); }
  };
  using Lease = std::unique_ptr<Archive, Returner>;

  Lease acquire() {
    std::unique_ptr<Archive> archive;
    {
      std::lock_guard lock(mutex_);
      if (!idle_.empty()) {
        archive = std::move(idle_.back());
        idle_.pop_back();
      }
    }
    if (!archive) archive = open();
    archive->set_deadline(std::chrono::steady_clock::now() + kRequestTimeLimit);
    return Lease(archive.release(), Returner{this});
  }

private:
  std::unique_ptr<Archive> open() const {
    auto archive = std::make_unique<Archive>(Archive::open_for_reading(db_));
    // Eight clients on two cores: a second thread per search only queues behind the others.
    archive->set_parallel_search(false);
    archive->set_cache_kib(kCacheKibPerConnection);
    return archive;
  }
  void release(std::unique_ptr<Archive> archive) {
    archive->set_deadline(std::nullopt);
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(archive));
  }

  fs::path db_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Archive>> idle_;
};

// The facets, recounted only when the archive's files change (a batch may be adding).
class FacetsCache {
public:
  explicit FacetsCache(fs::path db) : db_(std::move(db)) {}
  Facets get(Archive &archive) {
    const std::string stamp = file_stamp(db_) + "|" + file_stamp(db_.string() + "-wal");
    std::lock_guard lock(mutex_);
    if (stamp != stamp_) {
      facets_ = archive.facets();
      stamp_ = stamp;
    }
    return facets_;
  }

private:
  static std::string file_stamp(const fs::path &path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) return "-";
    return fmt::format("{}:{}.{}", info.st_size, info.st_mtim.tv_sec, info.st_mtim.tv_nsec);
  }
  fs::path db_;
  std::mutex mutex_;
  std::string stamp_;
  Facets facets_;
};

bool is_api(const httplib::Request &request) { return request.path.starts_with("/api/"); }

// A parameter's value, checked: at most `max_bytes`, well-formed UTF-8, no control characters.
std::string parameter(const httplib::Request &request, const char *name, size_t max_bytes) {
  if (request.get_param_value_count(name) > 1)
    throw BadRequest{400,
                     fmt::format("Tham số “{}” xuất hiện nhiều lần; hãy chỉ ghi một lần.", name)};
  std::string value = request.get_param_value(name);
  if (!is_valid_utf8(value))
    throw BadRequest{400, fmt::format("Tham số “{}” có ký tự không hợp lệ (không phải UTF-8); "
                                      "hãy gõ lại từ cần tìm.",
                                      name)};
  if (value.size() > max_bytes)
    throw BadRequest{400, fmt::format("Tham số “{}” dài quá mức cho phép; hãy rút ngắn.", name)};
  for (unsigned char c : value)
    if (c < 0x20 || c == 0x7f)
      throw BadRequest{400, fmt::format("Tham số “{}” có ký tự điều khiển; hãy gõ lại.", name)};
  return value;
}

int number_parameter(const httplib::Request &request, const char *name, int low, int high,
                     int fallback) {
  const std::string text = parameter(request, name, 8);
  if (text.empty()) return fallback;
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < low || value > high)
    throw BadRequest{400, fmt::format("Tham số “{}” phải là số từ {} đến {}.", name, low, high)};
  return value;
}

size_t characters(std::string_view utf8) {
  size_t count = 0;
  for (unsigned char c : utf8)
    count += (c & 0xC0) != 0x80;
  return count;
}

web::SearchForm read_form(const httplib::Request &request) {
  web::SearchForm form;
  form.q = parameter(request, "q", 4 * kMaxQueryCharacters);
  if (characters(form.q) > kMaxQueryCharacters)
    throw BadRequest{
        400, fmt::format("Từ cần tìm dài quá {} ký tự; hãy rút ngắn.", kMaxQueryCharacters)};
  form.year = parameter(request, "year", 4);
  if (!form.year.empty() &&
      (form.year.size() != 4 || !std::all_of(form.year.begin(), form.year.end(),
                                             [](char c) { return c >= '0' && c <= '9'; })))
    throw BadRequest{400, "Năm phải gồm bốn chữ số, ví dụ 2021."};
  form.issuer = parameter(request, "issuer", kMaxFilterBytes);
  form.type = parameter(request, "type", kMaxFilterBytes);
  form.signer = parameter(request, "signer", kMaxFilterBytes);
  const std::string sort = parameter(request, "sort", 16);
  if (!sort.empty() && sort != "relevance" && sort != "date")
    throw BadRequest{400,
                     "Cách sắp xếp phải là “relevance” (phù hợp nhất) hoặc “date” (mới nhất)."};
  form.by_date = sort == "date";
  form.page = number_parameter(request, "page", 1, kMaxPage, 1);
  return form;
}

SearchQuery query_of(const web::SearchForm &form, int limit) {
  SearchQuery query;
  query.text = form.q;
  if (!form.year.empty()) query.from = query.to = form.year;
  if (!form.issuer.empty()) query.issuer_name = form.issuer; // as counted in the facets
  if (!form.type.empty()) query.type_code = form.type;
  if (!form.signer.empty()) query.signer = form.signer;
  query.order = form.by_date ? SearchQuery::Order::date : SearchQuery::Order::relevance;
  query.limit = limit;
  query.offset = (form.page - 1) * limit;
  return query;
}

// The SHA-256 in a route; the routes' patterns only let 64 hex digits through.
std::string sha_of(const httplib::Request &request) { return request.matches[1].str(); }

std::string content_type_of(const std::string &name, StoredFileKind kind) {
  if (kind == StoredFileKind::thumbnail) return "image/png";
  if (kind == StoredFileKind::docx)
    return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  if (kind == StoredFileKind::odt) return "application/vnd.oasis.opendocument.text";
  std::string extension = fs::path(name).extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(), ::tolower);
  static const std::pair<const char *, const char *> types[] = {
      {".pdf", "application/pdf"},
      {".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
      {".odt", "application/vnd.oasis.opendocument.text"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".tif", "image/tiff"},
      {".tiff", "image/tiff"},
      {".txt", "text/plain; charset=utf-8"},
      {".json", "application/json"}};
  for (const auto &[known, type] : types)
    if (extension == known) return type;
  return "application/octet-stream";
}

// Content-Disposition for a download: an ASCII name for old clients and the UTF-8 name
// (RFC 6266 / RFC 8187) for the others.
std::string disposition(const std::string &name) {
  std::string ascii, encoded;
  for (unsigned char c : name) {
    ascii += (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') ? static_cast<char>(c) : '_';
    if (std::isalnum(c) != 0 || c == '.' || c == '-' || c == '_')
      encoded += static_cast<char>(c);
    else
      encoded += fmt::format("%{:02X}", c);
  }
  return fmt::format("attachment; filename=\"{}\"; filename*=UTF-8''{}", ascii, encoded);
}

// The picture shown for a document without a thumbnail (a DOCX or ODT): a card with its format.
std::string placeholder_svg(std::string_view label) {
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"240\" height=\"339\" viewBox=\"0 0 240 "
      "339\"><rect x=\"1\" y=\"1\" width=\"238\" height=\"337\" fill=\"#fff\" stroke=\"#999\"/>"
      "<text x=\"120\" y=\"180\" font-family=\"sans-serif\" font-size=\"40\" "
      "text-anchor=\"middle\" "
      "fill=\"#555\">{}</text></svg>",
      web::escape_html(label));
}

void send_html(httplib::Response &response, const std::string &html) {
  response.set_content(html, "text/html; charset=utf-8");
}

void send_json(httplib::Response &response, const ordered_json &json) {
  response.set_content(json.dump(2) + "\n", "application/json; charset=utf-8");
}

} // namespace

struct SearchServer::Impl {
  ServeOptions options;
  ArchivePool pool;
  FacetsCache facets;
  httplib::Server server;

  explicit Impl(ServeOptions chosen)
      : options(std::move(chosen)), pool(options.db), facets(options.db) {}

  web::DocumentView document_view(Archive &archive, const std::string &sha) {
    const auto stored = archive.record_json(sha);
    if (!stored) throw BadRequest{404, "Không có văn bản này trong kho; hãy tìm lại từ trang chủ."};
    web::DocumentView view;
    view.record = nlohmann::json::parse(*stored);
    view.files = archive.files_of(sha);
    for (const auto &reference : view.record.value("references", nlohmann::json::array())) {
      const auto number = reference.value("number_symbol", nlohmann::json());
      view.ref_links.push_back(number.is_string() ? archive.find_number(number.get<std::string>())
                                                  : std::nullopt);
    }
    const auto own_number = view.record.value("number_symbol", nlohmann::json());
    if (own_number.is_string() && !own_number.get<std::string>().empty()) {
      SearchQuery citing;
      citing.cites = own_number.get<std::string>();
      citing.limit = kCitedByShown;
      for (SearchHit &hit : archive.search(citing))
        if (hit.sha256 != sha) view.cited_by.push_back(std::move(hit));
    }
    return view;
  }

  void routes() {
    server.Get("/", [this](const httplib::Request &, httplib::Response &response) {
      auto archive = pool.acquire();
      send_html(response, web::index_page(facets.get(*archive)));
    });
    server.Get("/search", [this](const httplib::Request &request, httplib::Response &response) {
      const web::SearchForm form = read_form(request);
      auto archive = pool.acquire();
      const SearchPage results = archive->search_page(query_of(form, web::SearchForm::kPageSize));
      send_html(response, web::results_page(form, results, facets.get(*archive)));
    });
    server.Get(R"(/document/([0-9a-f]{64}))",
               [this](const httplib::Request &request, httplib::Response &response) {
                 auto archive = pool.acquire();
                 const std::string sha = sha_of(request);
                 send_html(response, web::document_page(sha, document_view(*archive, sha)));
               });
    server.Get(R"(/(?:file/([0-9a-f]{64})/(original|docx|odt)|thumbnail/([0-9a-f]{64})))",
               [this](const httplib::Request &request, httplib::Response &response) {
                 serve_file(request, response);
               });
    server.Get("/static/search.js", [](const httplib::Request &, httplib::Response &response) {
      response.set_content(std::string(web::kSearchScript), "text/javascript; charset=utf-8");
    });
    server.Get("/api/search", [this](const httplib::Request &request, httplib::Response &response) {
      const web::SearchForm form = read_form(request);
      const int limit = number_parameter(request, "limit", 0, kMaxApiLimit, 20);
      auto archive = pool.acquire();
      const SearchPage results = archive->search_page(query_of(form, limit));
      ordered_json out;
      out["total"] = results.total;
      out["hits"] = ordered_json::array();
      for (const SearchHit &hit : results.hits)
        out["hits"].push_back(to_json(hit));
      send_json(response, out);
    });
    server.Get(R"(/api/document/([0-9a-f]{64}))", [this](const httplib::Request &request,
                                                         httplib::Response &response) {
      auto archive = pool.acquire();
      const std::string sha = sha_of(request);
      const web::DocumentView view = document_view(*archive, sha);
      ordered_json out;
      out["record"] = ordered_json::parse(view.record.dump());
      out["files"] = ordered_json::array();
      for (const StoredFileInfo &file : view.files)
        out["files"].push_back(
            {{"kind", stored_file_kind_name(file.kind)},
             {"name", file.name},
             {"size", file.size},
             {"url", file.kind == StoredFileKind::thumbnail
                         ? "/thumbnail/" + sha
                         : fmt::format("/file/{}/{}", sha, stored_file_kind_name(file.kind))}});
      out["reference_documents"] = ordered_json::array();
      for (const auto &link : view.ref_links)
        out["reference_documents"].push_back(link ? ordered_json(*link) : ordered_json(nullptr));
      out["cited_by"] = ordered_json::array();
      for (const SearchHit &hit : view.cited_by)
        out["cited_by"].push_back(to_json(hit));
      send_json(response, out);
    });
    server.Get("/api/facets", [this](const httplib::Request &, httplib::Response &response) {
      auto archive = pool.acquire();
      const Facets counted = facets.get(*archive);
      auto list = [](const std::vector<FacetCount> &values) {
        ordered_json out = ordered_json::array();
        for (const FacetCount &value : values)
          out.push_back({{"value", value.value}, {"documents", value.documents}});
        return out;
      };
      ordered_json out;
      out["documents"] = counted.documents;
      out["years"] = list(counted.years);
      out["issuers"] = list(counted.issuers);
      out["doc_types"] = list(counted.doc_types);
      out["signers"] = list(counted.signers);
      send_json(response, out);
    });
  }

  void serve_file(const httplib::Request &request, httplib::Response &response) {
    const bool thumbnail = request.matches[3].matched;
    const std::string sha = thumbnail ? request.matches[3].str() : request.matches[1].str();
    const StoredFileKind kind = thumbnail ? StoredFileKind::thumbnail
                                          : *stored_file_kind_from_name(request.matches[2].str());
    auto archive = std::make_shared<ArchivePool::Lease>(pool.acquire());
    const auto files = (*archive)->files_of(sha);
    const auto file = std::find_if(files.begin(), files.end(),
                                   [&](const StoredFileInfo &info) { return info.kind == kind; });
    if (file == files.end()) {
      if (thumbnail && (*archive)->record_json(sha)) {
        const auto original = std::find_if(files.begin(), files.end(), [](const auto &info) {
          return info.kind == StoredFileKind::original;
        });
        const std::string extension =
            original == files.end() ? "" : fs::path(original->name).extension().string();
        response.set_content(
            placeholder_svg(extension.size() > 1 ? to_upper(extension.substr(1)) : "?"),
            "image/svg+xml");
        return;
      }
      throw BadRequest{404, "Kho không giữ tệp này của văn bản; hãy mở trang của văn bản để "
                            "xem các tệp có thể tải về."};
    }
    if (!thumbnail) response.set_header("Content-Disposition", disposition(file->name));
    if (file->size == 0) { // httplib's content provider needs at least one byte
      response.set_content("", content_type_of(file->name, kind));
      return;
    }
    // Streamed from SQLite in 64 KiB pieces, the part httplib asks for (a Range request asks for
    // one part); the lease keeps the connection until the end. Nothing may throw out of the
    // provider: httplib's worker threads would end the process.
    const long long size = file->size;
    response.set_content_provider(
        static_cast<size_t>(size), content_type_of(file->name, kind),
        [archive, sha, kind, size](size_t offset, size_t length, httplib::DataSink &sink) {
          try {
            return (*archive)->read_file(
                sha, kind,
                [&](std::string_view piece) { return sink.write(piece.data(), piece.size()); },
                Archive::ByteRange{static_cast<long long>(offset), static_cast<long long>(length),
                                   size});
          } catch (...) {
            return false;
          }
        });
  }

  void safety() {
    // Headers and body go out in two writes: without TCP_NODELAY the body waits for the
    // client's delayed ACK, about 40 ms on every answer of a kept-alive connection.
    server.set_tcp_nodelay(true);
    server.set_read_timeout(5, 0);
    server.set_write_timeout(30, 0);
    server.set_payload_max_length(64 * 1024);
    server.set_keep_alive_max_count(100);
    const int threads = std::max(1, options.threads);
    server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    server.set_default_headers(
        {{"X-Content-Type-Options", "nosniff"},
         {"Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; "
                                     "img-src 'self'; script-src 'self'; frame-ancestors 'none'"},
         {"Referrer-Policy", "no-referrer"},
         {"Cache-Control", "no-store"}});
    server.set_exception_handler(
        [](const httplib::Request &request, httplib::Response &response, std::exception_ptr error) {
          int status = 500;
          std::string message = "Máy chủ gặp lỗi khi đọc kho; hãy thử lại, nếu vẫn lỗi hãy báo "
                                "người quản trị.";
          try {
            std::rethrow_exception(error);
          } catch (const BadRequest &bad) {
            status = bad.status;
            message = bad.message;
          } catch (const Error &failure) {
            status = failure.code() == ExitCode::usage            ? 400
                     : failure.code() == ExitCode::limit_exceeded ? 503
                                                                  : 500;
            if (status == 400) message = failure.what(); // a malformed date, say
            if (status == 503)
              message = "Tìm kiếm mất quá lâu nên đã dừng; hãy thêm từ hoặc bộ lọc để thu hẹp.";
          } catch (...) {
          }
          response.status = status;
          if (is_api(request))
            send_json(response, {{"error", message}});
          else
            send_html(response, web::error_page(status, message));
        });
    server.set_error_handler(httplib::Server::HandlerWithResponse(
        [](const httplib::Request &request, httplib::Response &response) {
          if (!response.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
          const std::string message =
              response.status == 404 ? "Không có trang này; hãy bắt đầu lại từ trang chủ."
              : response.status == 414 ? "Địa chỉ quá dài; hãy rút ngắn từ cần tìm."
              : response.status == 413 ? "Yêu cầu quá lớn."
                                       : "Yêu cầu không hợp lệ.";
          if (is_api(request))
            send_json(response, {{"error", message}});
          else
            send_html(response, web::error_page(response.status, message));
          return httplib::Server::HandlerResponse::Handled;
        }));
  }
};

SearchServer::SearchServer(ServeOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {
  impl_->safety();
  impl_->routes();
}

SearchServer::~SearchServer() = default;

int SearchServer::bind() {
  const int port = impl_->options.port == 0
                       ? impl_->server.bind_to_any_port(impl_->options.bind)
                       : (impl_->server.bind_to_port(impl_->options.bind, impl_->options.port)
                              ? impl_->options.port
                              : -1);
  if (port < 0)
    throw Error(ExitCode::usage, impl_->options.db.string(),
                trf("cannot listen on {}:{} (in use, or not an address of this "
                    "machine); choose another --port or --bind",
                    impl_->options.bind, impl_->options.port));
  return port;
}

void SearchServer::run() { impl_->server.listen_after_bind(); }

void SearchServer::stop() { impl_->server.stop(); }

} // namespace vnotice
