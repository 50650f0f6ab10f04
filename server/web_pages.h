// The archivists' search pages as HTML, rendered on the server (`vnotice serve`). Pure functions
// from archive data to text: no I/O, so every page can be checked in a test without a server.
//
// Contract: every value that comes from a document or a request is HTML-escaped (escape_html)
// before it is placed in a page, attributes included; the only markup added to document text is
// <mark> around the matches a snippet shows in [brackets]. Pages are in Vietnamese, UTF-8, and
// work without JavaScript (the one script, kSearchScript, only adds a live count and submits the
// filters when one changes).
#pragma once

#include "pipeline/archive/archive.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vnotice::web {

// What the search form asks, as read from the request (search_server.cpp checks it).
struct SearchForm {
  std::string q;
  std::string year;   // "" or four digits
  std::string issuer; // "" or a name from the facets
  std::string type;   // "" or a document type ("THÔNG BÁO")
  std::string signer; // "" or a signer's name
  bool by_date = false;
  int page = 1; // 1-based
  static constexpr int kPageSize = 20;
};

// The form's query string (without '?'), with `page` replaced: for paging and filter links.
std::string query_string(const SearchForm &form, int page);

std::string escape_html(std::string_view text);
// A snippet with its [matches] as <mark>, everything else escaped.
std::string highlighted(std::string_view snippet);

std::string index_page(const Facets &facets);
std::string results_page(const SearchForm &form, const SearchPage &page, const Facets &facets);

// Everything one document page shows besides the stored record.
struct DocumentView {
  nlohmann::json record;                             // as stored (schemas/record.schema.json)
  std::vector<StoredFileInfo> files;                 // downloads
  std::vector<std::optional<std::string>> ref_links; // per reference: the cited document's sha256
  std::vector<SearchHit> cited_by;                   // documents that cite this one
};
std::string document_page(const std::string &sha256, const DocumentView &view);

// A page for a bad or failed request: the status and a plain message of what to do.
std::string error_page(int status, std::string_view message);

// The page script (served as /static/search.js).
extern const std::string_view kSearchScript;

} // namespace vnotice::web
