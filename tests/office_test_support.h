// Building small DOCX and ODT packages for the office extractor's tests (office_*_test.cpp):
// each test writes only the parts and markup its rule needs.
#pragma once

#include "pipeline/input_file.h"
#include "test_support.h"

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>
#include <zip.h>

namespace vnotice::test {

// A shipped sample: samples/FORMAT/NAME.FORMAT.
inline std::filesystem::path office_sample(const std::string &name, const std::string &format) {
  return source_dir() / "samples" / format / (name + "." + format);
}

struct ZipDiscard {
  void operator()(zip_t *archive) const { zip_discard(archive); }
};

// A package written with libzip at `path`, entries in order; returns its bytes as an InputFile.
inline InputFile make_package(const std::filesystem::path &path,
                              const std::vector<std::pair<std::string, std::string>> &entries) {
  int error = 0;
  std::unique_ptr<zip_t, ZipDiscard> archive(
      zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error));
  if (!archive) throw std::runtime_error("zip_open failed");
  for (const auto &[name, content] : entries) {
    zip_source_t *source = zip_source_buffer(archive.get(), content.data(), content.size(), 0);
    if (source == nullptr ||
        zip_file_add(archive.get(), name.c_str(), source, ZIP_FL_ENC_UTF_8) < 0) {
      zip_source_free(source);
      throw std::runtime_error("zip_file_add failed: " + name);
    }
  }
  if (zip_close(archive.get()) != 0) throw std::runtime_error("zip_close failed");
  (void)archive.release(); // zip_close freed it
  return InputFile::read(path);
}

inline const std::string kWordNs = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

inline std::string docx_document(const std::string &body) {
  return R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w=")" +
         kWordNs + R"("><w:body>)" + body + "</w:body></w:document>";
}

inline InputFile make_docx(const std::filesystem::path &path, const std::string &document_xml,
                           std::vector<std::pair<std::string, std::string>> more = {}) {
  more.insert(more.begin(), {"[Content_Types].xml", "<Types/>"});
  more.emplace_back("word/document.xml", document_xml);
  return make_package(path, more);
}

inline std::string odt_content(const std::string &automatic_styles, const std::string &text) {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0">
<office:font-face-decls><style:font-face style:name="VNI-Times" svg:font-family="'VNI-Times'"/>
</office:font-face-decls><office:automatic-styles>)" +
         automatic_styles + "</office:automatic-styles><office:body><office:text>" + text +
         "</office:text></office:body></office:document-content>";
}

inline InputFile make_odt(const std::filesystem::path &path, const std::string &content_xml) {
  return make_package(path, {{"mimetype", "application/vnd.oasis.opendocument.text"},
                             {"content.xml", content_xml}});
}

} // namespace vnotice::test
