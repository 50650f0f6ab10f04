// `vnotice serve` over HTTP: every route and every bad request the search page must refuse, on a
// real archive of the samples, with cpp-httplib's client against the real server in-process.
#include "pipeline/archive/archive.h"
#include "pipeline/error.h"
#include "pipeline/input_file.h"
#include "server/search_server.h"
#include "server/web_pages.h"
#include "test_support.h"
#include "tools/archive_job.h"

#include <fmt/format.h>
#include <fstream>
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <thread>

namespace vnotice {
namespace {

namespace fs = std::filesystem;

class ServeTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    root_ = new test::TempDir();
    const fs::path samples = test::source_dir() / "samples";
    fs::copy_file(samples / "docx" / "notice-2021-sct.docx", *root_ / "thông báo.docx");
    fs::copy_file(samples / "odt" / "notice-2021-sct.odt", *root_ / "thông báo.odt");
    // A record whose subject carries markup: the page must show it as text.
    const std::string record = (*root_ / "xss.json").string();
    ASSERT_EQ(test::run_command({test::cli_path().string(), "parse",
                                 test::sample_pdf("report-2021-qlcn.pdf").string(), "-o", record})
                  .exit_code,
              0);
    auto json = nlohmann::json::parse(test::read_file(record));
    json["subject"] = "Báo cáo <script>window.__xss=1</script> & \"trích\" 'yếu'";
    json["source"]["sha256"] = std::string(64, 'a');
    std::ofstream(record) << json.dump();
    std::vector<std::string> index = {test::cli_path().string(),
                                      "index",
                                      record,
                                      (*root_ / "thông báo.docx").string(),
                                      "--db",
                                      db()};
    for (const auto &entry : fs::directory_iterator(samples / "pdf"))
      index.push_back(entry.path().string());
    const auto indexed = test::run_command(index);
    ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
    db_bytes_ = new std::string(test::read_file(db()));

    ServeOptions options;
    options.db = db();
    options.port = 0;
    server_ = new SearchServer(options);
    port_ = server_->bind();
    thread_ = new std::thread([] { server_->run(); });
  }
  static void TearDownTestSuite() {
    server_->stop();
    thread_->join();
    delete thread_;
    delete server_;
    delete db_bytes_;
    delete root_;
  }
  static std::string db() { return (*root_ / "archive.sqlite").string(); }

  static httplib::Result get(const std::string &path) {
    httplib::Client client("127.0.0.1", port_);
    client.set_read_timeout(20, 0);
    client.set_url_encode(false); // the paths here are written encoded, as a browser sends them
    return client.Get(path);
  }
  // The CLI's answer for the same query, as /api/search must give it.
  static nlohmann::json cli_search(const std::vector<std::string> &arguments) {
    std::vector<std::string> argv = {test::cli_path().string(), "search"};
    argv.insert(argv.end(), arguments.begin(), arguments.end());
    argv.insert(argv.end(), {"--db", db(), "--json"});
    const auto found = test::run_command(argv);
    EXPECT_EQ(found.exit_code, 0) << found.err;
    return nlohmann::json::parse(found.out);
  }

  static test::TempDir *root_;
  static SearchServer *server_;
  static std::thread *thread_;
  static std::string *db_bytes_;
  static int port_;
};
test::TempDir *ServeTest::root_ = nullptr;
SearchServer *ServeTest::server_ = nullptr;
std::thread *ServeTest::thread_ = nullptr;
std::string *ServeTest::db_bytes_ = nullptr;
int ServeTest::port_ = 0;

size_t count(const std::string &text, const std::string &part) {
  size_t n = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1))
    ++n;
  return n;
}

TEST_F(ServeTest, IndexPageCountsDocumentsPerYearAndIssuer) {
  const auto page = get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  const Facets facets = Archive::open_for_reading(db()).facets();
  ASSERT_FALSE(facets.years.empty());
  EXPECT_NE(page->body.find(fmt::format("<strong>{}</strong> văn bản", facets.documents)),
            std::string::npos);
  EXPECT_NE(page->body.find(fmt::format("year={0}\">{0}</a></td><td>{1}</td>",
                                        facets.years[0].value, facets.years[0].documents)),
            std::string::npos);
  EXPECT_NE(page->body.find(web::escape_html(facets.issuers[0].value)), std::string::npos);
}

TEST_F(ServeTest, SearchWithoutAccentsShowsTheCliHitsWithTotalAndPassages) {
  const auto page = get("/search?q=cai+cach+hanh+chinh");
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200);
  const auto hits = cli_search({"cai cach hanh chinh", "--limit", "20"});
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(count(page->body, "<article class=\"hit\">"), hits.size());
  // In the CLI's order.
  size_t at = 0;
  for (const auto &hit : hits) {
    at = page->body.find("/document/" + hit["sha256"].get<std::string>(), at);
    EXPECT_NE(at, std::string::npos) << hit["sha256"];
  }
  EXPECT_NE(page->body.find(fmt::format("Tìm thấy <strong>{}</strong>", hits.size())),
            std::string::npos);
  EXPECT_NE(page->body.find("<mark>cải cách"), std::string::npos);
}

TEST_F(ServeTest, ApiSearchGivesTheCliHitsAndTheTotal) {
  for (const auto &[path, arguments] :
       std::vector<std::pair<std::string, std::vector<std::string>>>{
           {"/api/search?q=dong+thap&limit=5", {"dong thap", "--limit", "5"}},
           {"/api/search?q=1935%2FTB-SCT", {"1935/TB-SCT"}},
           {"/api/search?q=ke+hoach&type=B%C3%81O+C%C3%81O&year=2021",
            {"ke hoach", "--type", "BÁO CÁO", "--from", "2021", "--to", "2021"}}}) {
    SCOPED_TRACE(path);
    const auto answer = get(path);
    ASSERT_TRUE(answer);
    ASSERT_EQ(answer->status, 200);
    const auto json = nlohmann::json::parse(answer->body);
    const auto cli = cli_search(arguments);
    EXPECT_EQ(json["hits"], cli);
    EXPECT_GE(json["total"].get<size_t>(), cli.size());
  }
}

TEST_F(ServeTest, FiltersSortAndPagingNarrowAndOrderTheHits) {
  const auto all = nlohmann::json::parse(get("/api/search?q=&limit=100")->body);
  const auto reports = nlohmann::json::parse(get("/api/search?q=&type=BC&limit=100")->body);
  EXPECT_LT(reports["total"], all["total"]);
  EXPECT_GT(reports["total"], 0);
  for (const auto &hit : reports["hits"])
    EXPECT_EQ(hit["doc_type"], "BÁO CÁO");
  const auto signed_by = nlohmann::json::parse(get("/api/facets")->body)["signers"][0];
  const auto by_signer = nlohmann::json::parse(
      get("/api/search?q=&limit=100&signer=" +
          httplib::detail::encode_query_param(signed_by["value"].get<std::string>()))
          ->body);
  EXPECT_EQ(by_signer["total"], signed_by["documents"]);
  // Every issuer offered in the filter finds as many documents as its label says (the issuing
  // body itself: "SỞ CÔNG THƯƠNG" is not the parent of its offices' reports here).
  const auto facets = nlohmann::json::parse(get("/api/facets")->body); // alive for the loop
  for (const auto &issuer : facets["issuers"]) {
    const auto found = nlohmann::json::parse(
        get("/api/search?q=&limit=0&issuer=" +
            httplib::detail::encode_query_param(issuer["value"].get<std::string>()))
            ->body);
    EXPECT_EQ(found["total"], issuer["documents"]) << issuer["value"];
  }
  const auto newest =
      nlohmann::json::parse(get("/api/search?q=cai+cach&sort=date&limit=100")->body);
  for (size_t i = 1; i < newest["hits"].size(); ++i)
    EXPECT_GE(newest["hits"][i - 1]["date"].get<std::string>(),
              newest["hits"][i]["date"].get<std::string>());
  // Page 2 of 3 hits a page is the 4th to 6th hit of one long page.
  const auto one = nlohmann::json::parse(get("/api/search?q=cai+cach&limit=6")->body);
  const auto two = nlohmann::json::parse(get("/api/search?q=cai+cach&limit=3&page=2")->body);
  ASSERT_EQ(two["hits"].size(), 3u);
  EXPECT_EQ(two["hits"][0], one["hits"][3]);
  // The HTML page links to the next page while there is one.
  const auto first = get("/search?q=&sort=date");
  EXPECT_EQ(first->body.find("rel=\"next\""), std::string::npos); // 14 documents: one page
}

TEST_F(ServeTest, DocumentPageShowsFieldsWithEvidenceLinksAndDownloads) {
  const InputFile docx = InputFile::read(*root_ / "thông báo.docx");
  const auto page = get("/document/" + docx.sha256);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("1935/TB-SCT"), std::string::npos);
  EXPECT_NE(page->body.find("Căn cứ (trang, trích dẫn)"), std::string::npos);
  EXPECT_NE(page->body.find("trang 1: <span class=\"quote\">"), std::string::npos);
  EXPECT_NE(page->body.find("/file/" + docx.sha256 + "/original"), std::string::npos);
  EXPECT_NE(page->body.find("/file/" + docx.sha256 + "/odt"), std::string::npos);
  // The notice cites the plan 2532/KH-SCT, which is not in the archive: no link; the unit
  // reports cite nothing that is either. The notice's PDF twin has the same number, so each
  // of the two is found as the document the reports... are not citing: cited-by stays empty.
  const auto api = nlohmann::json::parse(get("/api/document/" + docx.sha256)->body);
  EXPECT_EQ(api["record"]["number_symbol"], "1935/TB-SCT");
  EXPECT_EQ(api["files"].size(), 2u);
  EXPECT_EQ(api["reference_documents"].size(), api["record"]["references"].size());
}

// Fields to confirm are listed with every reading; a record's warnings are shown too.
TEST(WebPagesTest, FieldsToReviewAndWarningsAreShownEscaped) {
  web::DocumentView view;
  view.record = nlohmann::json::parse(R"({"number_symbol": "1933/TB-SCT",
      "needs_review": {"number": {"reason": "readings_disagree", "confidence": 0.41,
                                  "candidates": ["1933", "1935"]}},
      "warnings": [{"code": "figure_not_read", "message": "page 1: \"<b>34</b>\" not read"}],
      "appendices": [{"label": "Phụ lục I", "title": "Số liệu", "evidence": {"page": 3,
                      "text": "PHỤ LỤC I", "box": [0, 0, 1, 1], "confidence": 1}}]})");
  const std::string page = web::document_page(std::string(64, 'a'), view);
  // A hit whose sha256 (from a hand-made record file) carries markup stays text in the link.
  SearchPage results;
  results.total = 1;
  SearchHit hit;
  hit.sha256 = "x\"><script>";
  hit.subject = "s";
  results.hits.push_back(hit);
  const std::string listed = web::results_page(web::SearchForm{}, results, Facets{});
  EXPECT_EQ(listed.find("<script>"), std::string::npos);
  EXPECT_NE(listed.find("/document/x&quot;&gt;&lt;script&gt;"), std::string::npos);
  EXPECT_NE(page.find("number: 1933 / 1935 (các lần đọc khác nhau, độ tin cậy 0.41)"),
            std::string::npos);
  EXPECT_NE(page.find("Số, ký hiệu</th><td>1933/TB-SCT <span class=\"review\">"),
            std::string::npos);
  EXPECT_NE(page.find("&quot;&lt;b&gt;34&lt;/b&gt;&quot; not read"), std::string::npos);
  EXPECT_NE(page.find("Phụ lục I Số liệu <span class=\"meta\">trang 3:"), std::string::npos);
}

TEST_F(ServeTest, AReferenceToADocumentInTheArchiveIsALinkAndCitesBack) {
  // The generated XSS record is a copy of report-2021-qlcn, which cites 1820/SCT-VP; index a
  // record numbered 1820/SCT-VP into a copy of the archive and serve that copy.
  test::TempDir dir;
  const fs::path copy = dir / "copy.sqlite";
  fs::copy_file(db(), copy);
  auto cited = nlohmann::json::parse(test::read_file(*root_ / "xss.json"));
  cited["number"] = "1820";
  cited["symbol"] = "SCT-VP";
  cited["number_symbol"] = "1820/SCT-VP";
  cited["subject"] = "Văn bản được dẫn";
  cited["references"] = nlohmann::json::array();
  cited["source"]["sha256"] = std::string(64, 'b');
  std::ofstream(dir / "cited.json") << cited.dump();
  ASSERT_EQ(test::run_command({test::cli_path().string(), "index", (dir / "cited.json").string(),
                               "--db", copy.string()})
                .exit_code,
            0);
  ServeOptions options;
  options.db = copy;
  options.port = 0;
  SearchServer server(options);
  const int port = server.bind();
  std::thread running([&] { server.run(); });
  httplib::Client client("127.0.0.1", port);
  const auto citing = client.Get("/document/" + std::string(64, 'a'));
  const auto target = client.Get("/document/" + std::string(64, 'b'));
  server.stop();
  running.join();
  ASSERT_TRUE(citing && target);
  EXPECT_NE(citing->body.find("<a href=\"/document/" + std::string(64, 'b') + "\">"),
            std::string::npos);
  const size_t cited_by = target->body.find("id=\"cited-by\"");
  ASSERT_NE(cited_by, std::string::npos);
  EXPECT_NE(target->body.find("/document/" + std::string(64, 'a'), cited_by), std::string::npos);
}

TEST_F(ServeTest, DownloadsAreTheArchiveBytesWithTheirNames) {
  const InputFile pdf = InputFile::read(test::sample_pdf("notice-2021-sct.pdf"));
  const auto original = get("/file/" + pdf.sha256 + "/original");
  ASSERT_TRUE(original);
  ASSERT_EQ(original->status, 200);
  EXPECT_EQ(original->body, pdf.bytes);
  EXPECT_EQ(original->get_header_value("Content-Type"), "application/pdf");
  EXPECT_NE(original->get_header_value("Content-Disposition").find("notice-2021-sct.pdf"),
            std::string::npos);
  const InputFile docx = InputFile::read(*root_ / "thông báo.docx");
  const auto odt = get("/file/" + docx.sha256 + "/odt");
  ASSERT_TRUE(odt);
  EXPECT_EQ(odt->body, test::read_file(*root_ / "thông báo.odt"));
  // RFC 8187's encoded name (cpp-httplib's client decodes header values as it reads them), and
  // an ASCII stand-in for old clients.
  EXPECT_EQ(odt->get_header_value("Content-Disposition"),
            "attachment; filename=\"th__ng b__o.odt\"; filename*=UTF-8''thông báo.odt");
  // A Range request gets its part (206), however it is asked.
  httplib::Client client("127.0.0.1", port_);
  const std::string url = "/file/" + pdf.sha256 + "/original";
  const auto head = client.Get(url, {{"Range", "bytes=0-9"}});
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 206);
  EXPECT_EQ(head->body, pdf.bytes.substr(0, 10));
  const auto tail = client.Get(url, {{"Range", "bytes=60000-"}});
  ASSERT_TRUE(tail);
  EXPECT_EQ(tail->body, pdf.bytes.substr(60000));
  const auto again = client.Get(url); // the same kept-alive connection is still in step
  ASSERT_TRUE(again);
  EXPECT_EQ(again->body, pdf.bytes);
  const auto thumbnail = get("/thumbnail/" + pdf.sha256);
  EXPECT_EQ(thumbnail->get_header_value("Content-Type"), "image/png");
  EXPECT_TRUE(thumbnail->body.starts_with("\x89PNG"));
  // A DOCX has no thumbnail: a card naming its format.
  const auto card = get("/thumbnail/" + docx.sha256);
  EXPECT_EQ(card->get_header_value("Content-Type"), "image/svg+xml");
  EXPECT_NE(card->body.find(">DOCX<"), std::string::npos);
  const auto script = get("/static/search.js");
  EXPECT_EQ(script->status, 200);
  EXPECT_NE(script->body.find("/api/search"), std::string::npos);
}

// An empty stored file is an empty download, and a document whose original has no extension
// gets a card with "?", not an error.
TEST(ServeFilesTest, AnEmptyFileAndANameWithoutExtension) {
  test::TempDir dir;
  Record record;
  record.source.file = "README";
  record.source.sha256 = std::string(64, 'd');
  record.subject = "Không có phần mở rộng";
  {
    Archive archive = Archive::open(dir / "a.sqlite");
    archive.add_all({record}, {{{StoredFileKind::original, "README", ""},
                                {StoredFileKind::odt, "trống.odt", ""}}});
  }
  ServeOptions options;
  options.db = dir / "a.sqlite";
  options.port = 0;
  SearchServer server(options);
  const int port = server.bind();
  std::thread running([&] { server.run(); });
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(5, 0);
  const auto empty = client.Get("/file/" + record.source.sha256 + "/odt");
  const auto card = client.Get("/thumbnail/" + record.source.sha256);
  server.stop();
  running.join();
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->status, 200);
  EXPECT_TRUE(empty->body.empty());
  ASSERT_TRUE(card);
  EXPECT_EQ(card->status, 200);
  EXPECT_NE(card->body.find(">?<"), std::string::npos);
}

TEST_F(ServeTest, MarkupInADocumentIsShownAsText) {
  const auto page = get("/search?q=script");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->body.find("<script>window"), std::string::npos);
  EXPECT_NE(page->body.find("&lt;script&gt;window.__xss=1&lt;/script&gt; &amp; &quot;trích&quot; "
                            "&#39;yếu&#39;"),
            std::string::npos);
  const auto document = get("/document/" + std::string(64, 'a'));
  EXPECT_EQ(document->body.find("<script>window"), std::string::npos);
  EXPECT_NE(document->body.find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(page->get_header_value("Content-Security-Policy").find("script-src 'self'"),
            std::string::npos);
}

TEST_F(ServeTest, BadRequestsGet400Or404WithAPlainMessage) {
  const std::string sha(64, 'a');
  const std::vector<std::pair<std::string, int>> cases = {
      {"/search?q=%FF%FE", 400},                         // invalid UTF-8
      {"/search?q=" + std::string(201, 'a'), 400},       // over 200 characters
      {"/search?q=a&page=abc", 400},                     // not a number
      {"/search?q=a&page=0", 400},                       // out of range
      {"/search?q=a&page=99999999999", 400},             // overflow
      {"/search?q=a&year=20x1", 400},                    // not a year
      {"/search?q=a&sort=random", 400},                  // unknown order
      {"/search?q=a&q=b", 400},                          // twice
      {"/search?q=a%00b", 400},                          // control character
      {"/api/search?q=a&limit=1000", 400},               // over the API's limit
      {"/document/" + std::string(63, 'a'), 404},        // not a SHA-256
      {"/document/" + std::string(64, 'A'), 404},        // upper case: not ours
      {"/document/" + std::string(64, 'c'), 404},        // no such document
      {"/file/" + sha + "/../../../../etc/passwd", 404}, // traversal
      {"/file/" + sha + "/thumbnail", 404},              // not a download kind
      {"/file/" + sha + "/original", 404},               // a record without its file
      {"/file/%2e%2e/%2e%2e/etc/passwd", 404},           // encoded traversal
      {"/../../etc/passwd", 404},                        // outside every route
      {"/static/../archive.sqlite", 404},                // the database itself
      {"/api/document/" + std::string(64, 'c'), 404},    // JSON 404
      {"/nothing-here", 404}};
  for (const auto &[path, status] : cases) {
    SCOPED_TRACE(path.substr(0, 120));
    const auto answer = get(path);
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->status, status);
    if (path.starts_with("/api/")) {
      const auto json = nlohmann::json::parse(answer->body);
      EXPECT_FALSE(json["error"].get<std::string>().empty());
    } else {
      EXPECT_NE(answer->body.find(fmt::format("<strong>Lỗi {}.</strong>", status)),
                std::string::npos)
          << answer->body.substr(0, 300);
    }
    EXPECT_EQ(answer->body.find("root:"), std::string::npos);
  }
  // A URI over 8 KiB, and a request body over 64 KiB, are refused before any handler runs.
  EXPECT_EQ(get("/search?q=" + std::string(9000, 'a'))->status, 414);
  httplib::Client client("127.0.0.1", port_);
  const auto posted = client.Post("/search", std::string(100 * 1024, 'x'), "text/plain");
  ASSERT_TRUE(posted);
  EXPECT_GE(posted->status, 400);
}

TEST_F(ServeTest, ServingLeavesTheArchiveUntouchedAndListensOnlyOnLoopback) {
  for (const char *path : {"/", "/search?q=cai+cach", "/api/facets"})
    ASSERT_TRUE(get(path));
  EXPECT_EQ(test::read_file(db()), *db_bytes_);
  EXPECT_EQ(ServeOptions().bind, "127.0.0.1");
  // The listening socket, as the kernel reports it: 127.0.0.1 (0100007F), this port.
  const std::string tcp = test::read_file("/proc/net/tcp");
  EXPECT_NE(tcp.find(fmt::format("0100007F:{:04X} 00000000:0000 0A", port_)), std::string::npos);
  EXPECT_EQ(tcp.find(fmt::format("00000000:{:04X} 00000000:0000 0A", port_)), std::string::npos);
}

TEST(ServeCliTest, AMissingArchiveIsOneLineAndExitCode3) {
  test::TempDir dir;
  const auto result = test::run_command(
      {test::cli_path().string(), "serve", "--db", (dir / "none.sqlite").string()});
  EXPECT_EQ(result.exit_code, static_cast<int>(ExitCode::input_missing));
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  EXPECT_FALSE(fs::exists(dir / "none.sqlite"));
}

} // namespace
} // namespace vnotice
