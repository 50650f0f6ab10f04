#include "server/web_pages.h"

#include <fmt/format.h>

namespace vnotice::web {
namespace {

using nlohmann::json;

// Percent-encoding of a query-string value (RFC 3986 unreserved characters kept).
std::string url_encode(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~')
      out += static_cast<char>(c);
    else
      out += fmt::format("%{:02X}", c);
  }
  return out;
}

// 2021-09-06 as Vietnamese documents write it, 06/09/2021; other forms as they are.
std::string shown_date(std::string_view iso) {
  if (iso.size() == 10 && iso[4] == '-' && iso[7] == '-')
    return fmt::format("{}/{}/{}", iso.substr(8, 2), iso.substr(5, 2), iso.substr(0, 4));
  return std::string(iso);
}

std::string text_of(const json &value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return {};
  return value.dump();
}

constexpr std::string_view kStyle = R"css(
body{font-family:"Times New Roman",serif;margin:0 auto;max-width:60rem;padding:1rem;color:#111}
header a{color:inherit;text-decoration:none}
form.search{display:flex;gap:.5rem;flex-wrap:wrap;margin:1rem 0}
form.search input[type=search]{flex:1 1 20rem;font-size:1.1rem;padding:.4rem}
form.search select,form.search button{font-size:1rem;padding:.3rem}
.hit{display:flex;gap:1rem;border-top:1px solid #ccc;padding:.8rem 0}
.hit img{width:120px;border:1px solid #999;background:#fff}
.meta{color:#444;font-size:.95rem}
mark{background:#ffe58a}
table{border-collapse:collapse;width:100%}
td,th{border:1px solid #ccc;padding:.3rem;vertical-align:top;text-align:left}
.review{color:#a40000;font-weight:bold}
.quote{color:#333;font-style:italic}
nav.pages{margin:1rem 0;display:flex;gap:1rem}
#live{color:#444}
)css";

std::string page(std::string_view title, std::string_view body) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>{} – vnotice</title>\n<style>{}</style>\n"
      "<script src=\"/static/search.js\" defer></script>\n</head>\n<body>\n"
      "<header><h1><a href=\"/\">Tra cứu văn bản lưu trữ</a></h1></header>\n{}\n</body>\n</html>\n",
      escape_html(title), kStyle, body);
}

std::string options(const std::vector<FacetCount> &values, const std::string &chosen,
                    std::string_view all_label) {
  std::string out = fmt::format("<option value=\"\">{}</option>", all_label);
  bool found = chosen.empty();
  for (const FacetCount &value : values) {
    const bool selected = value.value == chosen;
    found = found || selected;
    out += fmt::format("<option value=\"{0}\"{1}>{0} ({2})</option>", escape_html(value.value),
                       selected ? " selected" : "", value.documents);
  }
  if (!found) // a value typed into the address, not among the largest: still shown as chosen
    out += fmt::format("<option value=\"{0}\" selected>{0}</option>", escape_html(chosen));
  return out;
}

std::string search_form(const SearchForm &form, const Facets &facets) {
  return fmt::format(
      "<form class=\"search\" action=\"/search\" method=\"get\" role=\"search\">\n"
      "<input type=\"search\" name=\"q\" id=\"q\" value=\"{}\" maxlength=\"200\" "
      "placeholder=\"Nhập từ cần tìm, có dấu hoặc không dấu\" aria-label=\"Từ cần tìm\">\n"
      "<button type=\"submit\">Tìm</button>\n"
      "<select name=\"year\" aria-label=\"Năm\">{}</select>\n"
      "<select name=\"issuer\" aria-label=\"Cơ quan ban hành\">{}</select>\n"
      "<select name=\"type\" aria-label=\"Loại văn bản\">{}</select>\n"
      "<select name=\"signer\" aria-label=\"Người ký\">{}</select>\n"
      "<select name=\"sort\" aria-label=\"Sắp xếp\"><option value=\"relevance\"{}>Phù hợp nhất"
      "</option><option value=\"date\"{}>Mới nhất</option></select>\n"
      "<span id=\"live\" aria-live=\"polite\"></span>\n</form>",
      escape_html(form.q), options(facets.years, form.year, "Mọi năm"),
      options(facets.issuers, form.issuer, "Mọi cơ quan"),
      options(facets.doc_types, form.type, "Mọi loại văn bản"),
      options(facets.signers, form.signer, "Mọi người ký"), form.by_date ? "" : " selected",
      form.by_date ? " selected" : "");
}

std::string evidence_cell(const json &evidence) {
  if (!evidence.is_object() || !evidence.contains("text")) return {};
  return fmt::format("trang {}: <span class=\"quote\">“{}”</span>", evidence.value("page", 0),
                     escape_html(text_of(evidence["text"])));
}

} // namespace

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    case '\'': out += "&#39;"; break;
    default: out += c;
    }
  }
  return out;
}

std::string highlighted(std::string_view snippet) {
  std::string out;
  size_t i = 0;
  while (i < snippet.size()) {
    const size_t open = snippet.find('[', i);
    const size_t close = open == std::string_view::npos ? open : snippet.find(']', open);
    if (close == std::string_view::npos) {
      out += escape_html(snippet.substr(i));
      break;
    }
    out += escape_html(snippet.substr(i, open - i));
    out += "<mark>" + escape_html(snippet.substr(open + 1, close - open - 1)) + "</mark>";
    i = close + 1;
  }
  return out;
}

std::string query_string(const SearchForm &form, int page_number) {
  std::string out = "q=" + url_encode(form.q);
  for (const auto &[key, value] : {std::pair<const char *, const std::string *>{"year", &form.year},
                                   {"issuer", &form.issuer},
                                   {"type", &form.type},
                                   {"signer", &form.signer}})
    if (!value->empty()) out += fmt::format("&{}={}", key, url_encode(*value));
  if (form.by_date) out += "&sort=date";
  if (page_number > 1) out += fmt::format("&page={}", page_number);
  return out;
}

std::string index_page(const Facets &facets) {
  std::string body = search_form(SearchForm{}, facets);
  body += fmt::format("<p>Kho lưu trữ có <strong>{}</strong> văn bản.</p>\n", facets.documents);
  body += "<h2>Số văn bản theo năm</h2>\n<table><tr><th>Năm</th><th>Số văn bản</th></tr>\n";
  for (const FacetCount &year : facets.years)
    body +=
        fmt::format("<tr><td><a href=\"/search?q=&amp;year={}\">{}</a></td><td>{}</td>"
                    "</tr>\n",
                    escape_html(url_encode(year.value)), escape_html(year.value), year.documents);
  body += "</table>\n<h2>Theo cơ quan ban hành</h2>\n<table><tr><th>Cơ quan</th>"
          "<th>Số văn bản</th></tr>\n";
  for (const FacetCount &issuer : facets.issuers)
    body += fmt::format("<tr><td><a href=\"/search?q=&amp;issuer={}\">{}</a></td><td>{}</td>"
                        "</tr>\n",
                        escape_html(url_encode(issuer.value)), escape_html(issuer.value),
                        issuer.documents);
  body += "</table>\n";
  return page("Trang chủ", body);
}

std::string results_page(const SearchForm &form, const SearchPage &results, const Facets &facets) {
  std::string body = search_form(form, facets);
  if (results.total == 0) {
    body += "<p id=\"count\">Không có văn bản nào phù hợp. Hãy thử ít từ hơn hoặc bỏ bớt bộ "
            "lọc.</p>\n";
    return page("Kết quả tìm kiếm", body);
  }
  const long long pages = (results.total + SearchForm::kPageSize - 1) / SearchForm::kPageSize;
  body += fmt::format("<p id=\"count\">Tìm thấy <strong>{}</strong> văn bản (trang {} / {}).</p>\n",
                      results.total, form.page, pages);
  for (const SearchHit &hit : results.hits) {
    // A record file may carry any sha256 text: escaped like every other value.
    const std::string sha = escape_html(hit.sha256);
    const std::string link = "/document/" + sha;
    body += fmt::format(
        "<article class=\"hit\">\n<a href=\"{0}\"><img src=\"/thumbnail/{1}\" alt=\"Trang đầu\" "
        "loading=\"lazy\"></a>\n<div>\n<h3><a href=\"{0}\">{2}</a></h3>\n"
        "<div class=\"meta\">{3} · Số {4} · ngày {5} · {6}</div>\n<p>{7}</p>\n</div>\n"
        "</article>\n",
        link, sha, escape_html(hit.subject.empty() ? hit.file : hit.subject),
        escape_html(hit.doc_type.empty() ? "Văn bản" : hit.doc_type),
        escape_html(hit.number_symbol.empty() ? "(không rõ)" : hit.number_symbol),
        escape_html(hit.date.empty() ? "(không rõ)" : shown_date(hit.date)),
        escape_html(hit.issuer), highlighted(hit.snippet));
  }
  body += "<nav class=\"pages\">";
  if (form.page > 1)
    body += fmt::format("<a rel=\"prev\" href=\"/search?{}\">← Trang trước</a>",
                        escape_html(query_string(form, form.page - 1)));
  if (form.page < pages)
    body += fmt::format("<a rel=\"next\" href=\"/search?{}\">Trang sau →</a>",
                        escape_html(query_string(form, form.page + 1)));
  body += "</nav>\n";
  return page("Kết quả tìm kiếm", body);
}

std::string document_page(const std::string &sha256, const DocumentView &view) {
  const json &record = view.record;
  const json &evidence = record.value("evidence", json::object());
  const json &review = record.value("needs_review", json::object());
  std::string body;
  const std::string title = text_of(record.value("subject", json()));
  body += fmt::format("<h2>{} {}</h2>\n", escape_html(text_of(record.value("doc_type", json()))),
                      escape_html(text_of(record.value("number_symbol", json()))));
  if (!title.empty()) body += fmt::format("<p><strong>{}</strong></p>\n", escape_html(title));

  body += "<h3>Tải về</h3>\n<ul id=\"downloads\">\n";
  for (const StoredFileInfo &file : view.files) {
    if (file.kind == StoredFileKind::thumbnail) continue;
    const char *label = file.kind == StoredFileKind::original ? "Bản gốc"
                        : file.kind == StoredFileKind::docx   ? "Bản DOCX"
                                                              : "Bản ODT";
    body += fmt::format("<li><a href=\"/file/{}/{}\" download>{}: {}</a> ({} KB)</li>\n",
                        escape_html(sha256), stored_file_kind_name(file.kind), label,
                        escape_html(file.name), (file.size + 1023) / 1024);
  }
  if (view.files.empty()) body += "<li>Kho không giữ tệp của văn bản này.</li>\n";
  body += "</ul>\n";

  body += "<h3>Thông tin văn bản</h3>\n<table id=\"fields\"><tr><th>Trường</th><th>Giá trị</th>"
          "<th>Căn cứ (trang, trích dẫn)</th></tr>\n";
  const std::pair<const char *, const char *> fields[] = {
      {"number_symbol", "Số, ký hiệu"}, {"date", "Ngày ban hành"},
      {"doc_type", "Loại văn bản"},     {"parent_issuer", "Cơ quan chủ quản"},
      {"issuer", "Cơ quan ban hành"},   {"place", "Địa danh"},
      {"subject", "Trích yếu"}};
  for (const auto &[key, label] : fields) {
    std::string value = text_of(record.value(key, json()));
    if (std::string_view(key) == "date") value = shown_date(value);
    // number_symbol's evidence is the number's.
    const std::string evidence_key = std::string_view(key) == "number_symbol" ? "number" : key;
    const bool unsure = review.contains(evidence_key);
    body += fmt::format("<tr><th>{}</th><td>{}{}</td><td>{}</td></tr>\n", label, escape_html(value),
                        unsure ? " <span class=\"review\">(cần kiểm tra lại)</span>" : "",
                        evidence_cell(evidence.value(evidence_key, json())));
  }
  const json &signer = record.value("signer", json::object());
  std::string signer_text;
  for (const char *part : {"authority", "title", "name"})
    if (signer.contains(part) && signer[part].is_string())
      signer_text += (signer_text.empty() ? "" : " – ") + signer[part].get<std::string>();
  body += fmt::format(
      "<tr><th>Người ký</th><td>{}{}</td><td>{}</td></tr>\n", escape_html(signer_text),
      review.contains("signer.name") ? " <span class=\"review\">(cần kiểm tra lại)</span>" : "",
      evidence_cell(signer.value("evidence", json())));
  body += "</table>\n";

  if (!review.empty()) {
    // Key fields a person should confirm, with every reading (schemas/record.schema.json).
    body += "<h3 class=\"review\">Cần kiểm tra lại</h3>\n<ul id=\"needs-review\">\n";
    for (const auto &[field, entry] : review.items()) {
      std::string readings;
      for (const json &candidate : entry.value("candidates", json::array()))
        readings += (readings.empty() ? "" : " / ") + escape_html(text_of(candidate));
      body += fmt::format("<li>{}: {} ({}, độ tin cậy {:.2f})</li>\n", escape_html(field), readings,
                          entry.value("reason", "") == "readings_disagree" ? "các lần đọc khác nhau"
                                                                           : "đọc chưa chắc",
                          entry.value("confidence", 0.0));
    }
    body += "</ul>\n";
  }
  const json &sections = record.value("sections", json::array());
  if (!sections.empty()) {
    body += "<h3>Nội dung</h3>\n";
    std::function<void(const json &)> show = [&](const json &list) {
      for (const json &section : list) {
        body += fmt::format("<section><h4>{} {}</h4>\n<p>{}</p>\n<p class=\"meta\">{}</p>\n",
                            escape_html(text_of(section.value("label", json()))),
                            escape_html(text_of(section.value("title", json()))),
                            escape_html(text_of(section.value("text", json()))),
                            evidence_cell(section.value("evidence", json())));
        show(section.value("children", json::array()));
        body += "</section>\n";
      }
    };
    show(sections);
  }
  const json &metrics = record.value("metrics", json::array());
  if (!metrics.empty()) {
    body += "<h3>Số liệu</h3>\n<table id=\"metrics\"><tr><th>Chỉ tiêu</th><th>Giá trị</th>"
            "<th>Mục</th><th>Căn cứ</th></tr>\n";
    for (const json &metric : metrics)
      body += fmt::format("<tr><td>{}</td><td>{} {}</td><td>{}</td><td>{}</td></tr>\n",
                          escape_html(text_of(metric.value("key", json()))),
                          escape_html(text_of(metric.value("value", json()))),
                          escape_html(text_of(metric.value("unit", json()))),
                          escape_html(text_of(metric.value("section", json()))),
                          evidence_cell(metric.value("evidence", json())));
    body += "</table>\n";
  }
  const json &appendices = record.value("appendices", json::array());
  if (!appendices.empty()) {
    body += "<h3>Phụ lục</h3>\n<ul id=\"appendices\">\n";
    for (const json &appendix : appendices)
      body += fmt::format("<li>{} {} <span class=\"meta\">{}</span></li>\n",
                          escape_html(text_of(appendix.value("label", json()))),
                          escape_html(text_of(appendix.value("title", json()))),
                          evidence_cell(appendix.value("evidence", json())));
    body += "</ul>\n";
  }
  const json &warnings = record.value("warnings", json::array());
  if (!warnings.empty()) {
    body += "<h3>Ghi chú khi đọc văn bản</h3>\n<ul id=\"warnings\">\n";
    for (const json &warning : warnings)
      body += "<li>" + escape_html(text_of(warning.value("message", json()))) + "</li>\n";
    body += "</ul>\n";
  }
  const json &recipients = record.value("recipients", json::array());
  if (!recipients.empty()) {
    body += "<h3>Nơi nhận</h3>\n<ul>\n";
    for (const json &recipient : recipients)
      body += "<li>" + escape_html(text_of(recipient)) + "</li>\n";
    body += "</ul>\n";
  }
  const json &references = record.value("references", json::array());
  body += "<h3>Văn bản được dẫn</h3>\n<ul id=\"references\">\n";
  for (size_t i = 0; i < references.size(); ++i) {
    const json &reference = references[i];
    const std::string name = text_of(reference.value("doc_type", json())) + " " +
                             text_of(reference.value("number_symbol", json()));
    const bool linked = i < view.ref_links.size() && view.ref_links[i];
    body += fmt::format(
        "<li>{}{}{}: <span class=\"quote\">{}</span></li>\n",
        linked ? "<a href=\"/document/" + escape_html(*view.ref_links[i]) + "\">" : "",
        escape_html(name), linked ? "</a>" : "",
        escape_html(text_of(reference.value("evidence", json::object()).value("text", json()))));
  }
  if (references.empty()) body += "<li>Không dẫn văn bản nào.</li>\n";
  body += "</ul>\n<h3>Văn bản dẫn đến văn bản này</h3>\n<ul id=\"cited-by\">\n";
  for (const SearchHit &hit : view.cited_by)
    body += fmt::format("<li><a href=\"/document/{}\">{} {}</a> – {}</li>\n",
                        escape_html(hit.sha256), escape_html(hit.doc_type),
                        escape_html(hit.number_symbol), escape_html(hit.subject));
  if (view.cited_by.empty()) body += "<li>Chưa có văn bản nào trong kho dẫn đến.</li>\n";
  body += "</ul>\n";
  return page(text_of(record.value("number_symbol", json())).empty()
                  ? "Văn bản"
                  : text_of(record.value("number_symbol", json())),
              body);
}

std::string error_page(int status, std::string_view message) {
  return page(fmt::format("Lỗi {}", status),
              fmt::format("<p id=\"error\"><strong>Lỗi {}.</strong> {}</p>\n<p><a href=\"/\">Về "
                          "trang chủ</a></p>",
                          status, escape_html(message)));
}

// Plain JavaScript, no build step: a live count of matches while typing (from /api/search, the
// same answer the page gets), and the filters applied as soon as one is chosen.
const std::string_view kSearchScript = R"js("use strict";
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form.search");
  if (!form) return;
  for (const select of form.querySelectorAll("select")) {
    select.addEventListener("change", () => form.submit());
  }
  const box = form.querySelector("#q");
  const live = form.querySelector("#live");
  let timer = null;
  box.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const params = new URLSearchParams(new FormData(form));
      params.set("limit", "0");
      try {
        const answer = await fetch("/api/search?" + params.toString());
        if (!answer.ok) { live.textContent = ""; return; }
        const result = await answer.json();
        live.textContent = result.total + " văn bản phù hợp";
      } catch (error) {
        live.textContent = "";
      }
    }, 250);
  });
});
)js";

} // namespace vnotice::web
