// The DOCX/ODT writers' files checked as XML with real tools: libxml2 against the OASIS ODF 1.2
// RelaxNG schema, the WordprocessingML element orders, content types and relationships, and
// canonical XML compared with golden files. Regenerate the golden files after an intended change
// with
//   VNOTICE_UPDATE_GOLDEN=1 build/tests/notice_writer_test --gtest_filter='*Golden*'
// and review the diff (tests/data/golden/; `xmllint --format` makes the parts readable). The
// Notice model, LibreOffice's PDFs of the files and `vnotice render`: notice_render_test.cpp.
#include "generators/docx_writer.h"
#include "generators/odt_writer.h"
#include "notice_test_support.h"
#include "pipeline/notice.h"
#include "test_support.h"

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <libxml/c14n.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <map>
#include <memory>
#include <set>
#include <zip.h>

namespace vnotice {
namespace {

namespace fs = std::filesystem;
using test::sample_notice;
using test::sample_notice_path;

// ---------------------------------------------------------------------------------------------
// ZIP packages, read with libzip.

struct ZipEntry {
  std::string name;
  std::string bytes;
  bool stored = false;
};

std::vector<ZipEntry> unzip(const std::string &package) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t *source = zip_source_buffer_create(package.data(), package.size(), 0, &error);
  zip_t *archive =
      source ? zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error) : nullptr;
  zip_error_fini(&error);
  if (archive == nullptr) {
    zip_source_free(source);
    ADD_FAILURE() << "not a readable ZIP package";
    return {};
  }
  std::unique_ptr<zip_t, decltype(&zip_discard)> owned(archive, zip_discard);
  std::vector<ZipEntry> entries;
  for (zip_int64_t i = 0; i < zip_get_num_entries(archive, 0); ++i) {
    zip_stat_t stat;
    zip_stat_index(archive, static_cast<zip_uint64_t>(i), 0, &stat);
    ZipEntry entry{stat.name, std::string(stat.size, '\0'), stat.comp_method == ZIP_CM_STORE};
    std::unique_ptr<zip_file_t, decltype(&zip_fclose)> file(
        zip_fopen_index(archive, static_cast<zip_uint64_t>(i), 0), zip_fclose);
    EXPECT_EQ(zip_fread(file.get(), entry.bytes.data(), stat.size),
              static_cast<zip_int64_t>(stat.size));
    entries.push_back(std::move(entry));
  }
  return entries;
}

std::map<std::string, std::string> parts_of(const std::string &package) {
  std::map<std::string, std::string> parts;
  for (ZipEntry &entry : unzip(package))
    parts[entry.name] = std::move(entry.bytes);
  return parts;
}

bool is_xml_part(const std::string &name) {
  return name.ends_with(".xml") || name.ends_with(".rels");
}

// ---------------------------------------------------------------------------------------------
// XML through libxml2.

using XmlDoc = std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)>;

// Parses a part without network or entities, collecting libxml2's messages.
XmlDoc parse_xml(const std::string &bytes, std::string *errors = nullptr) {
  std::string sink;
  std::string &messages = errors != nullptr ? *errors : sink;
  xmlSetStructuredErrorFunc(&messages, [](void *context, xmlErrorPtr error) {
    *static_cast<std::string *>(context) += fmt::format("line {}: {}", error->line, error->message);
  });
  XmlDoc doc(xmlReadMemory(bytes.data(), static_cast<int>(bytes.size()), nullptr, "UTF-8",
                           XML_PARSE_NONET),
             xmlFreeDoc);
  xmlSetStructuredErrorFunc(nullptr, nullptr);
  return doc;
}

std::string name_of(const xmlNode *node) {
  if (node->ns != nullptr && node->ns->prefix != nullptr)
    return fmt::format("{}:{}", reinterpret_cast<const char *>(node->ns->prefix),
                       reinterpret_cast<const char *>(node->name));
  return reinterpret_cast<const char *>(node->name);
}

std::vector<const xmlNode *> child_elements(const xmlNode *node) {
  std::vector<const xmlNode *> children;
  for (const xmlNode *child = node->children; child != nullptr; child = child->next)
    if (child->type == XML_ELEMENT_NODE) children.push_back(child);
  return children;
}

// Every element named `name` (prefix:local) in document order.
void collect(const xmlNode *node, const std::string &name, std::vector<const xmlNode *> &out) {
  for (; node != nullptr; node = node->next) {
    if (node->type != XML_ELEMENT_NODE) continue;
    if (name_of(node) == name) out.push_back(node);
    collect(node->children, name, out);
  }
}

std::vector<const xmlNode *> elements(const XmlDoc &doc, const std::string &name) {
  std::vector<const xmlNode *> out;
  collect(xmlDocGetRootElement(doc.get()), name, out);
  return out;
}

// An attribute by its qualified name as written ("w:val", "style:name").
std::string attribute(const xmlNode *node, const std::string &qualified) {
  for (const xmlAttr *attr = node->properties; attr != nullptr; attr = attr->next) {
    std::string name = reinterpret_cast<const char *>(attr->name);
    if (attr->ns != nullptr && attr->ns->prefix != nullptr)
      name = fmt::format("{}:{}", reinterpret_cast<const char *>(attr->ns->prefix), name);
    if (name == qualified) {
      xmlChar *value = xmlNodeListGetString(attr->doc, attr->children, 1);
      std::string text = value != nullptr ? reinterpret_cast<const char *>(value) : "";
      xmlFree(value);
      return text;
    }
  }
  return {};
}

std::string canonical(const std::string &bytes) {
  XmlDoc doc = parse_xml(bytes);
  if (!doc) return "(not well-formed)";
  xmlChar *out = nullptr;
  const int size = xmlC14NDocDumpMemory(doc.get(), nullptr, XML_C14N_1_0, nullptr, 0, &out);
  std::string text(reinterpret_cast<const char *>(out), static_cast<size_t>(std::max(size, 0)));
  xmlFree(out);
  return text;
}

// The OASIS ODF 1.2 RelaxNG schema, extracted from Debian's libjopendocument-java jar into the
// build tree by tests/CMakeLists.txt.
class OdfSchema {
public:
  OdfSchema() {
    std::unique_ptr<xmlRelaxNGParserCtxt, decltype(&xmlRelaxNGFreeParserCtxt)> parser(
        xmlRelaxNGNewParserCtxt(VNOTICE_ODF_RNG), xmlRelaxNGFreeParserCtxt);
    if (parser) schema_ = xmlRelaxNGParse(parser.get());
  }
  OdfSchema(const OdfSchema &) = delete;
  OdfSchema &operator=(const OdfSchema &) = delete;
  ~OdfSchema() {
    if (schema_ != nullptr) xmlRelaxNGFree(schema_);
  }
  bool loaded() const { return schema_ != nullptr; }

  // "" when `bytes` is valid, else libxml2's first messages.
  std::string validate(const std::string &bytes) const {
    std::string errors;
    XmlDoc doc = parse_xml(bytes, &errors);
    if (!doc) return "not well-formed: " + errors;
    std::unique_ptr<xmlRelaxNGValidCtxt, decltype(&xmlRelaxNGFreeValidCtxt)> context(
        xmlRelaxNGNewValidCtxt(schema_), xmlRelaxNGFreeValidCtxt);
    xmlRelaxNGSetValidStructuredErrors(
        context.get(),
        [](void *sink, xmlErrorPtr error) {
          auto &text = *static_cast<std::string *>(sink);
          if (text.size() < 2000) text += fmt::format("line {}: {}", error->line, error->message);
        },
        &errors);
    const int result = xmlRelaxNGValidateDoc(context.get(), doc.get());
    return result == 0 ? std::string() : (errors.empty() ? "invalid" : errors);
  }

private:
  xmlRelaxNGPtr schema_ = nullptr;
};

const OdfSchema &odf_schema() {
  static const OdfSchema schema;
  return schema;
}

void expect_odt_valid(const std::string &package) {
  ASSERT_TRUE(odf_schema().loaded())
      << "cannot load " << VNOTICE_ODF_RNG
      << "; install libjopendocument-java (tools/setup.sh) and re-run cmake";
  const auto parts = parts_of(package);
  for (const char *name : {"content.xml", "styles.xml", "meta.xml"}) {
    ASSERT_TRUE(parts.contains(name)) << name;
    EXPECT_EQ(odf_schema().validate(parts.at(name)), "") << name;
  }
}

// ---------------------------------------------------------------------------------------------
// ODT.

TEST(OdtWriter, PackageHasStoredMimetypeFirstAndAManifestOfEveryPart) {
  const std::string package = write_notice_odt(sample_notice());
  // The mimetype is the first local header, stored, without extra field, so tools can sniff it.
  ASSERT_GT(package.size(), 38u + 39u);
  EXPECT_EQ(package.substr(30, 8), "mimetype");
  EXPECT_EQ(package[28], 0);
  EXPECT_EQ(package[29], 0);
  EXPECT_EQ(package.substr(38, 39), "application/vnd.oasis.opendocument.text");
  const std::vector<ZipEntry> entries = unzip(package);
  ASSERT_FALSE(entries.empty());
  EXPECT_EQ(entries[0].name, "mimetype");
  EXPECT_TRUE(entries[0].stored);

  const XmlDoc manifest = parse_xml(parts_of(package).at("META-INF/manifest.xml"));
  ASSERT_TRUE(manifest);
  std::set<std::string> listed;
  for (const xmlNode *entry : elements(manifest, "manifest:file-entry"))
    listed.insert(attribute(entry, "manifest:full-path"));
  std::set<std::string> expected = {"/"};
  for (const ZipEntry &entry : entries)
    if (entry.name != "mimetype" && !entry.name.starts_with("META-INF/"))
      expected.insert(entry.name);
  EXPECT_EQ(listed, expected);
}

TEST(OdtWriter, EveryPartValidatesAgainstTheOdf12Schema) {
  expect_odt_valid(write_notice_odt(sample_notice()));
  // The validator is live: a part with an attribute ODF does not define is refused.
  std::string content = parts_of(write_notice_odt(sample_notice())).at("content.xml");
  content.replace(content.find("<text:p "), 8, "<text:p text:bogus=\"1\" ");
  EXPECT_NE(odf_schema().validate(content), "");
}

TEST(OdtWriter, DeclaresTheDecreeLayout) {
  const auto parts = parts_of(write_notice_odt(sample_notice()));
  const XmlDoc styles = parse_xml(parts.at("styles.xml"));
  const XmlDoc content = parse_xml(parts.at("content.xml"));
  ASSERT_TRUE(styles && content);
  for (const xmlNode *page : elements(styles, "style:page-layout-properties")) {
    EXPECT_EQ(attribute(page, "fo:page-width"), "21.00cm");
    EXPECT_EQ(attribute(page, "fo:page-height"), "29.70cm");
    EXPECT_EQ(attribute(page, "fo:margin-left"), "3.00cm");
    EXPECT_EQ(attribute(page, "fo:margin-right"), "1.50cm");
    EXPECT_EQ(attribute(page, "fo:margin-bottom"), "2.00cm");
  }
  const auto masters = elements(styles, "style:master-page");
  ASSERT_EQ(masters.size(), 2u);
  EXPECT_EQ(attribute(masters[1], "style:display-name"), "First Page");
  EXPECT_EQ(attribute(masters[1], "style:next-style-name"), "Standard");
  EXPECT_TRUE(child_elements(masters[1]).empty()); // no header on first pages
  EXPECT_EQ(elements(styles, "text:page-number").size(), 1u);
  const auto defaults = elements(styles, "style:default-style");
  ASSERT_EQ(defaults.size(), 1u);
  const xmlNode *text = child_elements(defaults[0]).at(0);
  EXPECT_EQ(attribute(text, "style:font-name"), "Times New Roman");
  EXPECT_EQ(attribute(text, "style:font-name-complex"), "Times New Roman");
  EXPECT_EQ(attribute(text, "fo:language"), "vi");
  EXPECT_EQ(attribute(text, "fo:country"), "VN");

  // Both data tables repeat their header row; each appendix restarts page numbers at 1.
  EXPECT_EQ(elements(content, "table:table-header-rows").size(), 2u);
  int restarts = 0;
  for (const xmlNode *style : elements(content, "style:style"))
    if (attribute(style, "style:master-page-name") == "First_20_Page")
      for (const xmlNode *properties : child_elements(style))
        restarts += attribute(properties, "style:page-number") == "1";
  EXPECT_EQ(restarts, 2);
}

// ---------------------------------------------------------------------------------------------
// DOCX.

// Resolves a relationship target against the folder of the part that holds the .rels.
std::string resolve(const std::string &rels_path, const std::string &target) {
  const std::string folder = rels_path.substr(0, rels_path.find("_rels/"));
  fs::path path = fs::path(folder) / target;
  return path.lexically_normal().string();
}

TEST(DocxWriter, PartsAreWellFormedAndEveryTypeAndRelationshipResolves) {
  const auto parts = parts_of(write_notice_docx(sample_notice()));
  for (const auto &[name, bytes] : parts) {
    std::string errors;
    EXPECT_TRUE(parse_xml(bytes, &errors)) << name << ": " << errors;
  }
  const XmlDoc types = parse_xml(parts.at("[Content_Types].xml"));
  std::map<std::string, std::string> defaults;
  std::set<std::string> overridden;
  for (const xmlNode *node : elements(types, "Default"))
    defaults[attribute(node, "Extension")] = attribute(node, "ContentType");
  for (const xmlNode *node : elements(types, "Override")) {
    const std::string part = attribute(node, "PartName").substr(1);
    EXPECT_TRUE(parts.contains(part)) << "content type for a missing part " << part;
    overridden.insert(part);
  }
  for (const auto &[name, bytes] : parts) {
    if (name == "[Content_Types].xml") continue;
    const std::string extension = name.substr(name.rfind('.') + 1); // ".rels" is all extension
    EXPECT_TRUE(overridden.contains(name) || defaults.contains(extension))
        << name << " has no content type";
  }
  EXPECT_TRUE(overridden.contains("word/document.xml"));

  std::set<std::string> document_ids;
  for (const auto &[name, bytes] : parts) {
    if (!name.ends_with(".rels")) continue;
    const XmlDoc rels = parse_xml(bytes);
    for (const xmlNode *node : elements(rels, "Relationship")) {
      EXPECT_TRUE(parts.contains(resolve(name, attribute(node, "Target"))))
          << name << " → " << attribute(node, "Target");
      if (name == "word/_rels/document.xml.rels") document_ids.insert(attribute(node, "Id"));
    }
  }
  const XmlDoc document = parse_xml(parts.at("word/document.xml"));
  for (const xmlNode *reference : elements(document, "w:headerReference"))
    EXPECT_TRUE(document_ids.contains(attribute(reference, "r:id")))
        << attribute(reference, "r:id");
}

// WordprocessingML sequences (ECMA-376 Part 1, transitional), as far as the writer uses them.
const std::map<std::string, std::vector<std::string>> kSchemaOrder = {
    {"w:pPr",
     {"w:pStyle",
      "w:keepNext",
      "w:keepLines",
      "w:pageBreakBefore",
      "w:framePr",
      "w:widowControl",
      "w:numPr",
      "w:suppressLineNumbers",
      "w:pBdr",
      "w:shd",
      "w:tabs",
      "w:suppressAutoHyphens",
      "w:kinsoku",
      "w:wordWrap",
      "w:overflowPunct",
      "w:topLinePunct",
      "w:autoSpaceDE",
      "w:autoSpaceDN",
      "w:bidi",
      "w:adjustRightInd",
      "w:snapToGrid",
      "w:spacing",
      "w:ind",
      "w:contextualSpacing",
      "w:mirrorIndents",
      "w:suppressOverlap",
      "w:jc",
      "w:textDirection",
      "w:textAlignment",
      "w:textboxTightWrap",
      "w:outlineLvl",
      "w:divId",
      "w:cnfStyle",
      "w:rPr",
      "w:sectPr",
      "w:pPrChange"}},
    {"w:rPr",
     {"w:rStyle",
      "w:rFonts",
      "w:b",
      "w:bCs",
      "w:i",
      "w:iCs",
      "w:caps",
      "w:smallCaps",
      "w:strike",
      "w:dstrike",
      "w:outline",
      "w:shadow",
      "w:emboss",
      "w:imprint",
      "w:noProof",
      "w:snapToGrid",
      "w:vanish",
      "w:webHidden",
      "w:color",
      "w:spacing",
      "w:w",
      "w:kern",
      "w:position",
      "w:sz",
      "w:szCs",
      "w:highlight",
      "w:u",
      "w:effect",
      "w:bdr",
      "w:shd",
      "w:fitText",
      "w:vertAlign",
      "w:rtl",
      "w:cs",
      "w:em",
      "w:lang",
      "w:eastAsianLayout",
      "w:specVanish",
      "w:oMath"}},
    {"w:sectPr",
     {"w:headerReference",
      "w:footerReference",
      "w:footnotePr",
      "w:endnotePr",
      "w:type",
      "w:pgSz",
      "w:pgMar",
      "w:paperSrc",
      "w:pgBorders",
      "w:lnNumType",
      "w:pgNumType",
      "w:cols",
      "w:formProt",
      "w:vAlign",
      "w:noEndnote",
      "w:titlePg",
      "w:textDirection",
      "w:bidi",
      "w:rtlGutter",
      "w:docGrid",
      "w:printerSettings",
      "w:sectPrChange"}},
    {"w:tblPr",
     {"w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
      "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders",
      "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription"}},
    {"w:tcPr",
     {"w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd",
      "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark"}},
    {"w:tblBorders", {"w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"}},
    {"w:tblCellMar", {"w:top", "w:left", "w:bottom", "w:right"}},
    {"w:tbl", {"w:tblPr", "w:tblGrid", "w:tr"}},
    {"w:tc", {"w:tcPr", "w:p", "w:tbl"}},
    {"w:tr", {"w:tblPrEx", "w:trPr", "w:tc"}},
    {"w:style", {"w:name",          "w:aliases",
                 "w:basedOn",       "w:next",
                 "w:link",          "w:autoRedefine",
                 "w:hidden",        "w:uiPriority",
                 "w:semiHidden",    "w:unhideWhenUsed",
                 "w:qFormat",       "w:locked",
                 "w:personal",      "w:personalCompose",
                 "w:personalReply", "w:rsid",
                 "w:pPr",           "w:rPr",
                 "w:tblPr",         "w:trPr",
                 "w:tcPr",          "w:tblStylePr"}},
    {"w:settings",
     {"w:defaultTabStop", "w:characterSpacingControl", "w:compat", "w:themeFontLang"}},
};

// Checks every element with a schema sequence: known children only, in non-decreasing rank.
void check_order(const xmlNode *node, const std::string &part, int &checked) {
  for (; node != nullptr; node = node->next) {
    if (node->type != XML_ELEMENT_NODE) continue;
    const auto order = kSchemaOrder.find(name_of(node));
    if (order != kSchemaOrder.end()) {
      ++checked;
      long last = -1;
      for (const xmlNode *child : child_elements(node)) {
        const auto at = std::find(order->second.begin(), order->second.end(), name_of(child));
        ASSERT_NE(at, order->second.end())
            << part << ": " << name_of(child) << " is not a child of " << order->first;
        const long rank = at - order->second.begin();
        EXPECT_GE(rank, last) << part << ": " << name_of(child) << " out of order in "
                              << order->first;
        last = rank;
      }
    }
    check_order(node->children, part, checked);
  }
}

TEST(DocxWriter, ElementOrderFollowsWordprocessingML) {
  const auto parts = parts_of(write_notice_docx(sample_notice()));
  int checked = 0;
  for (const char *name : {"word/document.xml", "word/styles.xml", "word/settings.xml",
                           "word/header1.xml", "word/header2.xml"}) {
    const XmlDoc doc = parse_xml(parts.at(name));
    ASSERT_TRUE(doc) << name;
    check_order(xmlDocGetRootElement(doc.get()), name, checked);
  }
  EXPECT_GT(checked, 300);

  // A few orders spelled out, the ones Word is known to reject a file over.
  const XmlDoc document = parse_xml(parts.at("word/document.xml"));
  const auto sections = elements(document, "w:sectPr");
  ASSERT_EQ(sections.size(), 3u); // the notice and its two appendices
  for (const xmlNode *section : sections) {
    std::vector<std::string> names;
    for (const xmlNode *child : child_elements(section))
      names.push_back(name_of(child));
    EXPECT_EQ(names, (std::vector<std::string>{"w:headerReference", "w:headerReference", "w:type",
                                               "w:pgSz", "w:pgMar", "w:pgNumType", "w:cols",
                                               "w:titlePg", "w:docGrid"}));
  }
  const XmlDoc styles = parse_xml(parts.at("word/styles.xml"));
  for (const xmlNode *properties : elements(styles, "w:rPr")) {
    const auto children = child_elements(properties);
    const auto b = std::find_if(children.begin(), children.end(),
                                [](const xmlNode *n) { return name_of(n) == "w:b"; });
    const auto sz = std::find_if(children.begin(), children.end(),
                                 [](const xmlNode *n) { return name_of(n) == "w:sz"; });
    if (b != children.end() && sz != children.end()) {
      EXPECT_LT(b - children.begin(), sz - children.begin());
    }
  }
}

TEST(DocxWriter, DeclaresTheDecreeLayout) {
  const auto parts = parts_of(write_notice_docx(sample_notice()));
  const XmlDoc styles = parse_xml(parts.at("word/styles.xml"));
  const XmlDoc document = parse_xml(parts.at("word/document.xml"));
  const auto fonts = elements(styles, "w:rFonts");
  ASSERT_EQ(fonts.size(), 1u); // in the document defaults, inherited by every style
  for (const char *slot : {"w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"})
    EXPECT_EQ(attribute(fonts[0], slot), "Times New Roman") << slot;
  const auto languages = elements(styles, "w:lang");
  ASSERT_EQ(languages.size(), 1u);
  EXPECT_EQ(attribute(languages[0], "w:val"), "vi-VN");

  for (const xmlNode *size : elements(document, "w:pgSz")) {
    EXPECT_EQ(attribute(size, "w:w"), "11906");
    EXPECT_EQ(attribute(size, "w:h"), "16838");
  }
  for (const xmlNode *margins : elements(document, "w:pgMar")) {
    EXPECT_EQ(attribute(margins, "w:top"), "1134");    // 20 mm
    EXPECT_EQ(attribute(margins, "w:bottom"), "1134"); // 20 mm
    EXPECT_EQ(attribute(margins, "w:left"), "1701");   // 30 mm
    EXPECT_EQ(attribute(margins, "w:right"), "850");   // 15 mm
  }
  for (const xmlNode *numbering : elements(document, "w:pgNumType"))
    EXPECT_EQ(attribute(numbering, "w:start"), "1");
  EXPECT_EQ(elements(document, "w:titlePg").size(), 3u);
  EXPECT_EQ(elements(document, "w:tblHeader").size(), 2u);
  // The page number is in the default header only; the first-page header is empty.
  EXPECT_EQ(elements(parse_xml(parts.at("word/header1.xml")), "w:fldSimple").size(), 1u);
  EXPECT_TRUE(elements(parse_xml(parts.at("word/header2.xml")), "w:r").empty());
}

// ---------------------------------------------------------------------------------------------
// Both writers.

TEST(NoticeWriters, AreDeterministic) {
  const Notice notice = sample_notice();
  EXPECT_EQ(write_notice_docx(notice), write_notice_docx(notice));
  EXPECT_EQ(write_notice_odt(notice), write_notice_odt(notice));
  // Entry dates come from the notice, not the clock.
  for (const std::string &package : {write_notice_docx(notice), write_notice_odt(notice)}) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t *source = zip_source_buffer_create(package.data(), package.size(), 0, &error);
    std::unique_ptr<zip_t, decltype(&zip_discard)> archive(
        zip_open_from_source(source, ZIP_RDONLY, &error), zip_discard);
    zip_error_fini(&error);
    ASSERT_TRUE(archive);
    zip_stat_t stat;
    zip_stat_index(archive.get(), 0, 0, &stat);
    std::tm local{};
    localtime_r(&stat.mtime, &local);
    EXPECT_EQ(local.tm_year + 1900, 2021);
    EXPECT_EQ(local.tm_mon + 1, 11);
    EXPECT_EQ(local.tm_mday, 5);
  }
}

TEST(NoticeWriters, ForbiddenCharactersAreDroppedAndTheFilesStayValid) {
  Notice notice = sample_notice();
  const std::string bad = "\x01\x0B\xEF\xBF\xBE\xED\xA0\x80\xC3";
  notice.subject = "Kết quả" + bad + " kiểm tra";
  notice.signer.name = "Trần" + bad + " Minh Khoa";
  notice.recipients.push_back("Ban" + bad + " Giám đốc");
  std::get<Table>(notice.appendices[0].body[1]).rows[0][0] = "Văn" + bad + " phòng";
  notice.body.push_back(Paragraph{ParagraphStyle::body, "a\x1F<b>&\"'  c\td\ne" + bad});

  expect_odt_valid(write_notice_odt(notice));
  const std::string content = parts_of(write_notice_odt(notice)).at("content.xml");
  EXPECT_NE(content.find("Kết quả kiểm tra"), std::string::npos);
  EXPECT_NE(content.find("Văn phòng"), std::string::npos);
  EXPECT_NE(content.find("a&lt;b&gt;&amp;"), std::string::npos);
  EXPECT_NE(content.find(" <text:s/>c<text:tab/>d<text:line-break/>e</text:p>"), std::string::npos);

  const auto parts = parts_of(write_notice_docx(notice));
  for (const auto &[name, bytes] : parts) {
    std::string errors;
    EXPECT_TRUE(parse_xml(bytes, &errors)) << name << ": " << errors;
  }
  EXPECT_NE(parts.at("word/document.xml").find("Trần Minh Khoa"), std::string::npos);
  EXPECT_NE(parts.at("docProps/core.xml").find("Kết quả kiểm tra"), std::string::npos);
}

TEST(NoticeWriters, XmlPartsMatchTheGoldenFiles) {
  const fs::path golden = test::source_dir() / "tests" / "data" / "golden";
  const bool update = std::getenv("VNOTICE_UPDATE_GOLDEN") != nullptr;
  const Notice notice = sample_notice();
  const std::map<std::string, std::string> packages = {{"docx", write_notice_docx(notice)},
                                                       {"odt", write_notice_odt(notice)}};
  for (const auto &[format, package] : packages)
    for (const auto &[name, bytes] : parts_of(package)) {
      if (!is_xml_part(name)) continue;
      const fs::path path = golden / format / name;
      const std::string actual = canonical(bytes);
      if (update) {
        fs::create_directories(path.parent_path());
        test::write_file(path, actual);
        // An update is never a pass: review the rewritten part, then run again without it.
        ADD_FAILURE() << path << " rewritten; review it and run again without "
                      << "VNOTICE_UPDATE_GOLDEN";
        continue;
      }
      ASSERT_TRUE(fs::exists(path)) << path << " missing; see this file's header to regenerate";
      EXPECT_EQ(actual, canonical(test::read_file(path)))
          << format << " " << name << " differs from " << path
          << "; if the change is intended, regenerate (VNOTICE_UPDATE_GOLDEN=1) and review";
    }
}
} // namespace
} // namespace vnotice
