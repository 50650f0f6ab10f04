#include "extractors/office_extractor.h"

#include "pipeline/error.h"

#include <algorithm>
#include <array>
#include <climits>
#include <cstring>
#include <fmt/format.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>
#include <zip.h>

namespace vnotice {
namespace {

// ---------------------------------------------------------------------------------------------
// Errors. Every message is one line: what is wrong, then what to do.

// A DOCX/ODT has a few dozen parts; tens of thousands only serve to exhaust memory or time.
constexpr zip_int64_t kMaxEntries = 10000;

// Which file we are reading, for error messages.
struct Source {
  std::string file; // as given on the command line
  std::string kind; // "DOCX" or "ODT"
};

[[noreturn]] void throw_damaged(const Source &source, const std::string &what) {
  throw Error(
      ExitCode::input_damaged, source.file,
      fmt::format("the {} file is damaged ({}); ask the sender for a new copy", source.kind, what));
}

std::string size_words(long long bytes) {
  constexpr long long mb = 1024LL * 1024;
  if (bytes >= mb && bytes % mb == 0) return fmt::format("{} MB", bytes / mb);
  return fmt::format("{} bytes", bytes);
}

[[noreturn]] void throw_too_big(const Source &source, long long limit) {
  throw Error(ExitCode::limit_exceeded, source.file,
              fmt::format("the {} file unpacks to more than {}, the limit for one input; raise "
                          "the limit with --max-unpacked-mb if the file is genuine",
                          source.kind, size_words(limit)));
}

// ---------------------------------------------------------------------------------------------
// ZIP packages through libzip, read from memory. The handles are owned by unique_ptr so every
// early throw below releases them; nothing is ever extracted to disk, so entry names such as
// "../x" or "/x" cannot do harm: we only look up the part names we know.

struct ZipDiscard {
  void operator()(zip_t *archive) const { zip_discard(archive); } // read-only: never writes
};
struct ZipSourceFree {
  void operator()(zip_source_t *source) const { zip_source_free(source); }
};
struct ZipFileClose {
  void operator()(zip_file_t *file) const { zip_fclose(file); }
};

// zip_error_t needs zip_error_fini, even on the error paths.
class ZipError {
public:
  ZipError() { zip_error_init(&error_); }
  ZipError(const ZipError &) = delete;
  ZipError &operator=(const ZipError &) = delete;
  ~ZipError() { zip_error_fini(&error_); }
  zip_error_t *get() { return &error_; }

private:
  zip_error_t error_;
};

class Package {
public:
  Package(const InputFile &input, const ExtractOptions &options, Source source)
      : source_(std::move(source)), limit_(options.limits.max_unpacked_bytes) {
    ZipError error;
    // The buffer stays owned by `input`, which outlives this object (freep = 0).
    std::unique_ptr<zip_source_t, ZipSourceFree> buffer(
        zip_source_buffer_create(input.bytes.data(), input.bytes.size(), 0, error.get()));
    if (!buffer) throw std::bad_alloc();
    archive_.reset(zip_open_from_source(buffer.get(), ZIP_RDONLY, error.get()));
    if (!archive_) throw_damaged(source_, "it is not a readable ZIP package");
    (void)buffer.release(); // the archive owns the source now
    const zip_int64_t entries = zip_get_num_entries(archive_.get(), 0);
    if (entries > kMaxEntries)
      throw Error(ExitCode::limit_exceeded, source_.file,
                  fmt::format("the {} file holds {} parts, more than the {} any genuine document "
                              "has, so it was not read; ask the sender for a new copy",
                              source_.kind, entries, kMaxEntries));
  }

  // The unpacked bytes of part `name`, or nothing when the package has no such part. Counts
  // every byte really inflated against the limit (the sizes in the ZIP headers may lie).
  std::optional<std::string> read(const std::string &name) {
    const zip_int64_t index = zip_name_locate(archive_.get(), name.c_str(), ZIP_FL_NOCASE);
    if (index < 0) return std::nullopt;
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(archive_.get(), static_cast<zip_uint64_t>(index), 0, &stat) == 0 &&
        (stat.valid & ZIP_STAT_SIZE) != 0 &&
        stat.size > static_cast<zip_uint64_t>(std::max(0LL, limit_ - used_)))
      throw_too_big(source_, limit_);

    std::unique_ptr<zip_file_t, ZipFileClose> file(
        zip_fopen_index(archive_.get(), static_cast<zip_uint64_t>(index), 0));
    if (!file) fail_to_read(zip_get_error(archive_.get()), name);
    std::string bytes;
    std::array<char, size_t{64} * 1024> chunk;
    for (;;) {
      const zip_int64_t got = zip_fread(file.get(), chunk.data(), chunk.size());
      if (got < 0) fail_to_read(zip_file_get_error(file.get()), name);
      if (got == 0) break;
      used_ += got;
      if (used_ > limit_) throw_too_big(source_, limit_);
      bytes.append(chunk.data(), static_cast<size_t>(got));
    }
    return bytes;
  }

private:
  [[noreturn]] void fail_to_read(zip_error_t *error, const std::string &name) const {
    const int code = error != nullptr ? zip_error_code_zip(error) : ZIP_ER_INTERNAL;
    if (code == ZIP_ER_NOPASSWD || code == ZIP_ER_WRONGPASSWD || code == ZIP_ER_ENCRNOTSUPP)
      throw Error(ExitCode::input_encrypted, source_.file,
                  fmt::format("the {} file is password-protected; save an unprotected copy and "
                              "read that",
                              source_.kind));
    throw_damaged(source_, fmt::format("its part {} cannot be unpacked", name));
  }

  Source source_;
  long long limit_;
  long long used_ = 0;
  std::unique_ptr<zip_t, ZipDiscard> archive_;
};

// ---------------------------------------------------------------------------------------------
// XML through libxml2. Parts are parsed without network access, without loading DTDs and
// without substituting entities, and a part with any DOCTYPE is refused before its internal
// subset is even read: OOXML and ODF never have one, so this rules out external entities (file
// disclosure) and entity expansion bombs ("billion laughs") whatever the parser's defaults.

struct XmlDocFree {
  void operator()(xmlDoc *doc) const { xmlFreeDoc(doc); }
};
struct XmlParserCtxtFree {
  void operator()(xmlParserCtxt *context) const { xmlFreeParserCtxt(context); }
};
using XmlDocument = std::unique_ptr<xmlDoc, XmlDocFree>;

void ignore_generic_error(void *, const char *, ...) {}
void ignore_structured_error(void *, xmlErrorPtr) {}

// libxml2 prints problems on stderr through per-thread global handlers unless told otherwise.
// While a part is parsed we route them to nowhere (the parser context's own last error tells us
// what went wrong), and put back whatever was there before.
class XmlErrorSilencer {
public:
  XmlErrorSilencer()
      : generic_(xmlGenericError), generic_context_(xmlGenericErrorContext),
        structured_(xmlStructuredError), structured_context_(xmlStructuredErrorContext) {
    xmlSetGenericErrorFunc(nullptr, ignore_generic_error);
    xmlSetStructuredErrorFunc(nullptr, ignore_structured_error);
  }
  XmlErrorSilencer(const XmlErrorSilencer &) = delete;
  XmlErrorSilencer &operator=(const XmlErrorSilencer &) = delete;
  ~XmlErrorSilencer() {
    xmlSetGenericErrorFunc(generic_context_, generic_);
    xmlSetStructuredErrorFunc(structured_context_, structured_);
  }

private:
  xmlGenericErrorFunc generic_;
  void *generic_context_;
  xmlStructuredErrorFunc structured_;
  void *structured_context_;
};

// SAX hook called when a DOCTYPE starts: remember it and stop before its internal subset.
void refuse_doctype(void *context, const xmlChar *, const xmlChar *, const xmlChar *) {
  auto *parser = static_cast<xmlParserCtxt *>(context);
  *static_cast<bool *>(parser->_private) = true;
  xmlStopParser(parser);
}

XmlDocument parse_part(const std::string &bytes, const std::string &name, const Source &source) {
  static std::once_flag initialised;
  std::call_once(initialised, [] { xmlInitParser(); });
  if (bytes.size() > static_cast<size_t>(INT_MAX)) throw_damaged(source, name + " is over 2 GB");
  XmlErrorSilencer silence;
  std::unique_ptr<xmlParserCtxt, XmlParserCtxtFree> parser(xmlNewParserCtxt());
  if (!parser) throw std::bad_alloc();
  bool has_doctype = false;
  parser->_private = &has_doctype;
  parser->sax->internalSubset = refuse_doctype;
  parser->sax->serror = ignore_structured_error;
  XmlDocument doc(xmlCtxtReadMemory(
      parser.get(), bytes.data(), static_cast<int>(bytes.size()), name.c_str(), nullptr,
      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA));
  if (has_doctype || (doc && (doc->intSubset != nullptr || doc->extSubset != nullptr)))
    throw Error(ExitCode::input_damaged, source.file,
                fmt::format("its part {} contains a document type declaration (DTD), which "
                            "DOCX/ODT files never have; it may be an attack, so the file was not "
                            "read; ask the sender for a new copy",
                            name));
  if (!doc || parser->wellFormed == 0 || xmlDocGetRootElement(doc.get()) == nullptr) {
    const xmlError *error = xmlCtxtGetLastError(parser.get());
    throw_damaged(source,
                  error != nullptr && error->line > 0
                      ? fmt::format("its part {} is broken XML near line {}", name, error->line)
                      : fmt::format("its part {} is broken XML", name));
  }
  return doc;
}

const char *const kW = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const char *const kWStrict = "http://purl.oclc.org/ooxml/wordprocessingml/main";
const char *const kDrawingMl = "http://schemas.openxmlformats.org/drawingml/2006/main";
const char *const kOffice = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
const char *const kText = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
const char *const kTable = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
const char *const kStyle = "urn:oasis:names:tc:opendocument:xmlns:style:1.0";
const char *const kFo = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0";
const char *const kSvg = "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0";
const char *const kManifest = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0";

bool equals(const xmlChar *text, const char *expected) {
  return text != nullptr && std::strcmp(reinterpret_cast<const char *>(text), expected) == 0;
}

// Strict OOXML uses another namespace name for the same WordprocessingML elements.
bool namespace_matches(const xmlNs *actual, const char *expected) {
  if (actual == nullptr) return false;
  return equals(actual->href, expected) ||
         (std::strcmp(expected, kW) == 0 && equals(actual->href, kWStrict));
}

bool in_namespace(const xmlNode *node, const char *ns) { return namespace_matches(node->ns, ns); }

bool is(const xmlNode *node, const char *ns, const char *name) {
  return node != nullptr && node->type == XML_ELEMENT_NODE && in_namespace(node, ns) &&
         equals(node->name, name);
}

bool is_w(const xmlNode *node, const char *name) { return is(node, kW, name); }

const xmlNode *child(const xmlNode *parent, const char *ns, const char *name) {
  for (const xmlNode *node = parent ? parent->children : nullptr; node; node = node->next)
    if (is(node, ns, name)) return node;
  return nullptr;
}

// The value of attribute ns:name (ns null: an attribute without namespace), or nothing.
// Entities are never substituted (no DTD), so the value is the attribute's text as written.
std::optional<std::string> attribute(const xmlNode *node, const char *ns, const char *name) {
  if (node == nullptr) return std::nullopt;
  for (const xmlAttr *attr = node->properties; attr; attr = attr->next) {
    if (!equals(attr->name, name)) continue;
    if (ns == nullptr ? attr->ns != nullptr : !namespace_matches(attr->ns, ns)) continue;
    std::string value;
    for (const xmlNode *text = attr->children; text; text = text->next)
      if (text->content != nullptr) value += reinterpret_cast<const char *>(text->content);
    return value;
  }
  return std::nullopt;
}

std::string text_of(const xmlNode *node) {
  std::string text;
  for (const xmlNode *c = node->children; c; c = c->next)
    if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
      text += reinterpret_cast<const char *>(c->content);
  return text;
}

// ---------------------------------------------------------------------------------------------
// Lines and words. Text of a paragraph is gathered run by run (a run may end in the middle of a
// word: "Th" + "ương"), then split on whitespace; each word keeps the font of its first
// character.

struct TextFormat {
  std::string font;
  double size = 0; // points
  bool operator==(const TextFormat &) const = default;
};

// Length of the whitespace character at the start of `text`, 0 when there is none. Besides
// ASCII white space: no-break and typographic spaces, which separate words just the same.
size_t whitespace_length(std::string_view text) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  if (text.empty()) return 0;
  if (std::string_view(" \t\n\r\f\v").find(text[0]) != std::string_view::npos) return 1;
  if (text.size() >= 2 && byte(0) == 0xC2 && byte(1) == 0xA0) return 2; // U+00A0
  if (text.size() >= 3 && byte(0) == 0xE2 && byte(1) == 0x80 &&
      (byte(2) <= 0x8A || byte(2) == 0xA8 || byte(2) == 0xA9 || byte(2) == 0xAF))
    return 3; // U+2000..U+200A, U+2028, U+2029, U+202F
  if (text.size() >= 3 && byte(0) == 0xE2 && byte(1) == 0x81 && byte(2) == 0x9F) return 3;
  if (text.size() >= 3 && byte(0) == 0xE3 && byte(1) == 0x80 && byte(2) == 0x80) return 3;
  return 0;
}

class LineBuilder {
public:
  explicit LineBuilder(Origin origin) : origin_(origin) {}

  void add_text(std::string_view text, const TextFormat &format) {
    if (text.empty()) return;
    if (current_.formats.empty() || current_.formats.back().second != format)
      current_.formats.emplace_back(current_.text.size(), format);
    current_.text += text;
  }
  void add_space() { current_.text += ' '; }
  void break_line() {
    pending_.push_back(std::move(current_));
    current_ = {};
  }

  // The lines that hold at least one word.
  std::vector<Line> finish() {
    break_line();
    std::vector<Line> lines;
    for (const Pending &pending : pending_) {
      Line line = split(pending);
      if (!line.words.empty()) lines.push_back(std::move(line));
    }
    pending_.clear();
    return lines;
  }

private:
  struct Pending {
    std::string text;
    std::vector<std::pair<size_t, TextFormat>> formats; // (first byte, format), ascending
  };

  Line split(const Pending &pending) const {
    Line line;
    const std::string_view text = pending.text;
    size_t format_index = 0;
    size_t at = 0;
    while (at < text.size()) {
      if (const size_t space = whitespace_length(text.substr(at)); space > 0) {
        at += space;
        continue;
      }
      const size_t start = at;
      while (at < text.size() && whitespace_length(text.substr(at)) == 0)
        ++at;
      while (format_index + 1 < pending.formats.size() &&
             pending.formats[format_index + 1].first <= start)
        ++format_index;
      Word word;
      word.text = std::string(text.substr(start, at - start));
      word.origin = origin_;
      word.page = 1;
      word.confidence = 1.0;
      if (format_index < pending.formats.size()) {
        word.font = pending.formats[format_index].second.font;
        word.font_size = pending.formats[format_index].second.size;
      }
      line.words.push_back(std::move(word));
    }
    return line;
  }

  Origin origin_;
  Pending current_;
  std::vector<Pending> pending_;
};

// ---------------------------------------------------------------------------------------------
// Tables, common to both formats. Letterheads and closing blocks are borderless two-column
// tables: each column becomes a `column` block (left, then right), as the PDF reader gives them.
// Other tables become one `table` block, a line per row, cells marked by `starts_cell`.

struct MarkupCell {
  int column = 0; // grid position of the cell's first column
  std::vector<Line> lines;
};

struct MarkupTable {
  std::vector<std::vector<MarkupCell>> rows;
  size_t max_cells = 0; // most cells (not covered by a merge) in any row
};

std::vector<Line> table_lines(MarkupTable table) {
  std::vector<Line> lines;
  for (std::vector<MarkupCell> &row : table.rows) {
    Line line;
    for (MarkupCell &cell : row) {
      bool first_of_cell = true;
      for (Line &cell_line : cell.lines)
        for (Word &word : cell_line.words) {
          if (first_of_cell && !line.words.empty()) word.starts_cell = true;
          first_of_cell = false;
          line.words.push_back(std::move(word));
        }
    }
    if (!line.words.empty()) lines.push_back(std::move(line));
  }
  return lines;
}

void add_table(MarkupTable table, std::vector<Block> &blocks) {
  if (table.max_cells == 2) {
    Block left, right;
    left.kind = right.kind = BlockKind::column;
    for (std::vector<MarkupCell> &row : table.rows)
      for (MarkupCell &cell : row) {
        Block &side = cell.column == 0 ? left : right;
        for (Line &line : cell.lines)
          side.lines.push_back(std::move(line));
      }
    if (!left.lines.empty()) blocks.push_back(std::move(left));
    if (!right.lines.empty()) blocks.push_back(std::move(right));
    return;
  }
  Block block;
  block.kind = BlockKind::table;
  block.lines = table_lines(std::move(table));
  if (!block.lines.empty()) blocks.push_back(std::move(block));
}

void add_paragraph(std::vector<Line> lines, std::vector<Block> &blocks) {
  if (lines.empty()) return;
  Block block;
  block.kind = BlockKind::paragraph;
  block.lines = std::move(lines);
  blocks.push_back(std::move(block));
}

int positive_int(const std::optional<std::string> &value, int fallback, int max = 1000) {
  if (!value) return fallback;
  try {
    const int parsed = std::stoi(*value);
    return parsed < 1 ? fallback : std::min(parsed, max);
  } catch (const std::exception &) {
    return fallback;
  }
}

Document make_document(const InputFile &input, const char *format, std::vector<Block> blocks) {
  Document document;
  document.source = {input.path.string(), format, input.sha256,
                     static_cast<long long>(input.bytes.size())};
  Page page;
  page.number = 1;
  page.method = PageMethod::markup;
  page.blocks = std::move(blocks);
  if (page.blocks.empty())
    document.warnings.push_back({"document_without_text", "the document contains no text", 0});
  document.pages.push_back(std::move(page));
  return document;
}

// ---------------------------------------------------------------------------------------------
// DOCX (WordprocessingML): word/document.xml, fonts and sizes from word/styles.xml.

// Run properties as far as we need them; unset means "inherit".
struct RunProps {
  std::optional<std::string> font;
  std::optional<double> size;
  void inherit(const RunProps &from) {
    if (!font) font = from.font;
    if (!size) size = from.size;
  }
};

bool on_off(const xmlNode *node) { // <w:b/>, <w:vanish w:val="false"/>
  if (node == nullptr) return false;
  const auto value = attribute(node, kW, "val");
  return !value || !(*value == "false" || *value == "0" || *value == "off");
}

class DocxReader {
public:
  // The root elements of word/styles.xml and word/theme/theme1.xml; either may be null.
  DocxReader(const xmlNode *styles_root, const xmlNode *theme_root) {
    if (theme_root != nullptr) read_theme(theme_root);
    if (styles_root != nullptr) read_styles(styles_root);
  }

  std::vector<Block> read_body(const xmlNode *body) {
    std::vector<Block> blocks;
    read_block_level(body, blocks);
    return blocks;
  }

private:
  struct Style {
    std::string based_on;
    RunProps props;
  };

  // Theme fonts (w:asciiTheme="minorHAnsi" and the like) from word/theme/theme1.xml.
  void read_theme(const xmlNode *root) {
    const xmlNode *scheme =
        child(child(root, kDrawingMl, "themeElements"), kDrawingMl, "fontScheme");
    for (const std::string which : {"major", "minor"}) {
      const xmlNode *font = child(scheme, kDrawingMl, (which + "Font").c_str());
      if (auto face = attribute(child(font, kDrawingMl, "latin"), nullptr, "typeface");
          face && !face->empty())
        theme_fonts_[which] = *face;
    }
  }

  void read_styles(const xmlNode *root) {
    for (const xmlNode *node = root ? root->children : nullptr; node; node = node->next) {
      if (is_w(node, "docDefaults")) {
        defaults_ = read_rpr(child(child(node, kW, "rPrDefault"), kW, "rPr"));
      } else if (is_w(node, "style")) {
        const auto id = attribute(node, kW, "styleId");
        if (!id) continue;
        Style style;
        style.based_on = attribute(child(node, kW, "basedOn"), kW, "val").value_or("");
        style.props = read_rpr(child(node, kW, "rPr"));
        styles_[*id] = std::move(style);
        if (attribute(node, kW, "type") == "paragraph" && on_off_attr(node, "default"))
          default_paragraph_style_ = *id;
      }
    }
    if (default_paragraph_style_.empty() && styles_.count("Normal") != 0)
      default_paragraph_style_ = "Normal";
  }

  static bool on_off_attr(const xmlNode *node, const char *name) {
    const auto value = attribute(node, kW, name);
    return value && (*value == "1" || *value == "true" || *value == "on");
  }

  RunProps read_rpr(const xmlNode *rpr) const {
    RunProps props;
    if (rpr == nullptr) return props;
    if (const xmlNode *fonts = child(rpr, kW, "rFonts")) {
      for (const char *name : {"ascii", "hAnsi"})
        if (auto font = attribute(fonts, kW, name); font && !font->empty()) {
          props.font = *font;
          break;
        }
      if (!props.font)
        for (const char *name : {"asciiTheme", "hAnsiTheme"})
          if (auto theme = attribute(fonts, kW, name)) {
            const auto found = theme_fonts_.find(theme->starts_with("major") ? "major" : "minor");
            if (found != theme_fonts_.end()) {
              props.font = found->second;
              break;
            }
          }
    }
    if (auto half_points = attribute(child(rpr, kW, "sz"), kW, "val"))
      if (const int value = positive_int(half_points, 0, 10000); value > 0)
        props.size = value / 2.0;
    return props;
  }

  // Adds what style `id` and the styles it is based on say to `props`.
  void inherit_style(std::string id, RunProps &props) const {
    for (int depth = 0; depth < 32 && !id.empty(); ++depth) { // a loop in basedOn is possible
      const auto found = styles_.find(id);
      if (found == styles_.end()) return;
      props.inherit(found->second.props);
      id = found->second.based_on;
    }
  }

  void read_block_level(const xmlNode *parent, std::vector<Block> &blocks) {
    for (const xmlNode *node = parent->children; node; node = node->next) {
      if (is_w(node, "p")) {
        add_paragraph(read_paragraph(node), blocks);
      } else if (is_w(node, "tbl")) {
        add_table(read_table(node), blocks);
      } else if (is_w(node, "sdt")) {
        if (const xmlNode *content = child(node, kW, "sdtContent"))
          read_block_level(content, blocks);
      } else if (is_w(node, "customXml") || is_w(node, "ins") || is_w(node, "moveTo")) {
        read_block_level(node, blocks);
      }
    }
  }

  std::vector<Line> read_paragraph(const xmlNode *paragraph) {
    RunProps base;
    const auto style = attribute(child(child(paragraph, kW, "pPr"), kW, "pStyle"), kW, "val");
    // Word falls back to the default paragraph style when w:pStyle names no style.
    inherit_style(style && styles_.count(*style) != 0 ? *style : default_paragraph_style_, base);
    base.inherit(defaults_);
    LineBuilder builder(Origin::docx);
    read_inline(paragraph, base, builder);
    return builder.finish();
  }

  void read_inline(const xmlNode *parent, const RunProps &base, LineBuilder &builder) {
    for (const xmlNode *node = parent->children; node; node = node->next) {
      if (is_w(node, "r")) {
        read_run(node, base, builder);
      } else if (is_w(node, "sdt")) {
        if (const xmlNode *content = child(node, kW, "sdtContent"))
          read_inline(content, base, builder);
      } else if (is_w(node, "hyperlink") || is_w(node, "ins") || is_w(node, "smartTag") ||
                 is_w(node, "customXml") || is_w(node, "fldSimple") || is_w(node, "moveTo")) {
        read_inline(node, base, builder);
      } // w:del, w:moveFrom: deleted text; w:pPr, bookmarks, comments marks: no text
    }
  }

  void read_run(const xmlNode *run, const RunProps &base, LineBuilder &builder) {
    const xmlNode *rpr = child(run, kW, "rPr");
    if (on_off(child(rpr, kW, "vanish"))) return; // hidden text is not printed
    RunProps props = read_rpr(rpr);
    if (auto style = attribute(child(rpr, kW, "rStyle"), kW, "val")) inherit_style(*style, props);
    props.inherit(base);
    const TextFormat format{props.font.value_or(""), props.size.value_or(0)};
    for (const xmlNode *node = run->children; node; node = node->next) {
      if (is_w(node, "t")) {
        builder.add_text(text_of(node), format);
      } else if (is_w(node, "tab") || is_w(node, "ptab")) {
        builder.add_space();
      } else if (is_w(node, "br") || is_w(node, "cr")) {
        builder.break_line();
      } else if (is_w(node, "noBreakHyphen")) {
        builder.add_text("-", format);
      } // w:instrText (field codes), w:delText, w:softHyphen, drawings: not printed text
    }
  }

  MarkupTable read_table(const xmlNode *table) {
    MarkupTable result;
    read_rows(table, result);
    return result;
  }

  void read_rows(const xmlNode *parent, MarkupTable &table) {
    for (const xmlNode *node = parent->children; node; node = node->next) {
      if (is_w(node, "tr")) {
        std::vector<MarkupCell> row;
        int column =
            positive_int(attribute(child(child(node, kW, "trPr"), kW, "gridBefore"), kW, "val"), 0);
        read_cells(node, row, column);
        table.max_cells = std::max(table.max_cells, row.size());
        table.rows.push_back(std::move(row));
      } else if (is_w(node, "sdt")) {
        if (const xmlNode *content = child(node, kW, "sdtContent")) read_rows(content, table);
      } else if (is_w(node, "customXml")) {
        read_rows(node, table);
      }
    }
  }

  void read_cells(const xmlNode *parent, std::vector<MarkupCell> &row, int &column) {
    for (const xmlNode *node = parent->children; node; node = node->next) {
      if (is_w(node, "tc")) {
        MarkupCell cell;
        cell.column = column;
        column +=
            positive_int(attribute(child(child(node, kW, "tcPr"), kW, "gridSpan"), kW, "val"), 1);
        cell.lines = read_cell_lines(node);
        row.push_back(std::move(cell));
      } else if (is_w(node, "sdt")) {
        if (const xmlNode *content = child(node, kW, "sdtContent"))
          read_cells(content, row, column);
      } else if (is_w(node, "customXml")) {
        read_cells(node, row, column);
      }
    }
  }

  // All lines of a cell: its paragraphs' and those of any table nested in it, in order.
  std::vector<Line> read_cell_lines(const xmlNode *cell) {
    std::vector<Block> blocks;
    read_block_level(cell, blocks);
    std::vector<Line> lines;
    for (Block &block : blocks)
      for (Line &line : block.lines)
        lines.push_back(std::move(line));
    return lines;
  }

  std::map<std::string, Style> styles_;
  std::map<std::string, std::string> theme_fonts_; // "major"/"minor" -> typeface
  RunProps defaults_;
  std::string default_paragraph_style_;
};

// ---------------------------------------------------------------------------------------------
// ODT (OpenDocument text): content.xml, fonts and sizes from automatic and common styles.

// "13pt", "0.5in", "1cm" -> points; percentages and unknown units give nothing.
std::optional<double> length_in_points(const std::string &value) {
  size_t used = 0;
  double number = 0;
  try {
    number = std::stod(value, &used);
  } catch (const std::exception &) {
    return std::nullopt;
  }
  const std::string unit = value.substr(used);
  static const std::map<std::string, double> points_per_unit = {
      {"pt", 1}, {"in", 72}, {"cm", 72 / 2.54}, {"mm", 72 / 25.4}, {"pc", 12}, {"px", 0.75}};
  const auto found = points_per_unit.find(unit);
  if (found == points_per_unit.end() || number <= 0) return std::nullopt;
  return number * found->second;
}

std::string unquoted_family(std::string family) { // "'Times New Roman', serif" -> first name
  family = family.substr(0, family.find(','));
  const auto first = family.find_first_not_of(" '\"");
  const auto last = family.find_last_not_of(" '\"");
  return first == std::string::npos ? "" : family.substr(first, last - first + 1);
}

class OdtReader {
public:
  // Styles from styles.xml (may be null) first, then content.xml's automatic styles.
  OdtReader(const xmlNode *content_root, const xmlNode *styles_root) {
    for (const xmlNode *root : {styles_root, content_root}) {
      if (root == nullptr) continue;
      for (const xmlNode *node = root->children; node; node = node->next) {
        if (is(node, kOffice, "font-face-decls")) read_font_faces(node);
        if (is(node, kOffice, "styles") || is(node, kOffice, "automatic-styles")) read_styles(node);
      }
    }
  }

  std::vector<Block> read_text(const xmlNode *office_text) {
    std::vector<Block> blocks;
    read_flow(office_text, blocks);
    return blocks;
  }

private:
  struct Style {
    std::string parent;
    RunProps props;
  };

  void read_font_faces(const xmlNode *decls) {
    for (const xmlNode *face = decls->children; face; face = face->next) {
      if (!is(face, kStyle, "font-face")) continue;
      const auto name = attribute(face, kStyle, "name");
      const auto family = attribute(face, kSvg, "font-family");
      if (name && family && !unquoted_family(*family).empty())
        font_faces_[*name] = unquoted_family(*family);
    }
  }

  RunProps read_properties(const xmlNode *style) const {
    RunProps props;
    const xmlNode *text = child(style, kStyle, "text-properties");
    if (text == nullptr) return props;
    if (auto name = attribute(text, kStyle, "font-name")) {
      const auto face = font_faces_.find(*name);
      props.font = face != font_faces_.end() ? face->second : *name;
    } else if (auto family = attribute(text, kFo, "font-family")) {
      props.font = unquoted_family(*family);
    }
    if (auto size = attribute(text, kFo, "font-size")) props.size = length_in_points(*size);
    return props;
  }

  void read_styles(const xmlNode *styles) {
    for (const xmlNode *node = styles->children; node; node = node->next) {
      const auto family = attribute(node, kStyle, "family");
      if (!family) continue;
      if (is(node, kStyle, "default-style")) {
        defaults_[*family] = read_properties(node);
      } else if (is(node, kStyle, "style")) {
        const auto name = attribute(node, kStyle, "name");
        if (!name) continue;
        styles_[{*family, *name}] = {attribute(node, kStyle, "parent-style-name").value_or(""),
                                     read_properties(node)};
      }
    }
  }

  void inherit_style(const std::string &family, std::string name, RunProps &props) const {
    for (int depth = 0; depth < 32 && !name.empty(); ++depth) {
      const auto found = styles_.find({family, name});
      if (found == styles_.end()) return;
      props.inherit(found->second.props);
      name = found->second.parent;
    }
  }

  void read_flow(const xmlNode *parent, std::vector<Block> &blocks) {
    for (const xmlNode *node = parent->children; node; node = node->next) {
      if (is(node, kText, "p") || is(node, kText, "h")) {
        add_paragraph(read_paragraph(node), blocks);
      } else if (is(node, kTable, "table")) {
        add_table(read_table(node), blocks);
      } else if (is(node, kText, "list") || is(node, kText, "list-item") ||
                 is(node, kText, "list-header") || is(node, kText, "section") ||
                 is(node, kText, "index-body")) {
        read_flow(node, blocks);
      } else if (in_namespace(node, kText) && child(node, kText, "index-body") != nullptr) {
        read_flow(child(node, kText, "index-body"), blocks); // table of contents and the like
      } // text:tracked-changes (deleted text), sequence declarations, forms: no printed text
    }
  }

  std::vector<Line> read_paragraph(const xmlNode *paragraph) {
    RunProps base;
    inherit_style("paragraph", attribute(paragraph, kText, "style-name").value_or(""), base);
    if (const auto found = defaults_.find("paragraph"); found != defaults_.end())
      base.inherit(found->second);
    LineBuilder builder(Origin::odt);
    read_inline(paragraph, base, builder);
    return builder.finish();
  }

  void read_inline(const xmlNode *parent, const RunProps &format, LineBuilder &builder) {
    const TextFormat text_format{format.font.value_or(""), format.size.value_or(0)};
    for (const xmlNode *node = parent->children; node; node = node->next) {
      if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
        if (node->content != nullptr)
          builder.add_text(reinterpret_cast<const char *>(node->content), text_format);
      } else if (is(node, kText, "s") || is(node, kText, "tab")) {
        builder.add_space(); // any number of spaces separates words alike
      } else if (is(node, kText, "line-break")) {
        builder.break_line();
      } else if (is(node, kText, "span")) {
        RunProps span;
        inherit_style("text", attribute(node, kText, "style-name").value_or(""), span);
        span.inherit(format);
        read_inline(node, span, builder);
      } else if (is(node, kText, "note") || is(node, kText, "hidden-text") ||
                 is(node, kText, "ruby-text")) {
        continue; // footnotes, hidden text and ruby annotations are not the running text
      } else if (in_namespace(node, kText)) {
        read_inline(node, format, builder); // text:a, text:meta, fields (dates, numbers...)
      } // draw:frame (images, text boxes), office:annotation: not read
    }
  }

  MarkupTable read_table(const xmlNode *table) {
    MarkupTable result;
    read_rows(table, result);
    return result;
  }

  void read_rows(const xmlNode *parent, MarkupTable &table) {
    for (const xmlNode *node = parent->children; node; node = node->next) {
      if (is(node, kTable, "table-row")) {
        std::vector<MarkupCell> row;
        int column = 0;
        for (const xmlNode *cell = node->children; cell; cell = cell->next) {
          const int repeated = positive_int(attribute(cell, kTable, "number-columns-repeated"), 1);
          if (is(cell, kTable, "covered-table-cell")) {
            column += repeated;
          } else if (is(cell, kTable, "table-cell")) {
            MarkupCell markup;
            markup.column = column;
            std::vector<Block> blocks;
            read_flow(cell, blocks);
            for (Block &block : blocks)
              for (Line &line : block.lines)
                markup.lines.push_back(std::move(line));
            row.push_back(std::move(markup));
            column += std::max(repeated,
                               positive_int(attribute(cell, kTable, "number-columns-spanned"), 1));
          }
        }
        table.max_cells = std::max(table.max_cells, row.size());
        table.rows.push_back(std::move(row));
      } else if (is(node, kTable, "table-header-rows") || is(node, kTable, "table-rows") ||
                 is(node, kTable, "table-row-group")) {
        read_rows(node, table);
      }
    }
  }

  std::map<std::string, std::string> font_faces_;               // style:name -> font family
  std::map<std::pair<std::string, std::string>, Style> styles_; // (family, name) -> style
  std::map<std::string, RunProps> defaults_;                    // family -> default style
};

// True when META-INF/manifest.xml says content.xml is encrypted (a password-protected ODT).
bool odt_is_encrypted(Package &package, const Source &source) {
  const auto manifest = package.read("META-INF/manifest.xml");
  if (!manifest) return false;
  const XmlDocument doc = parse_part(*manifest, "META-INF/manifest.xml", source);
  for (const xmlNode *entry = xmlDocGetRootElement(doc.get())->children; entry; entry = entry->next)
    if (is(entry, kManifest, "file-entry") &&
        attribute(entry, kManifest, "full-path") == "content.xml" &&
        child(entry, kManifest, "encryption-data") != nullptr)
      return true;
  return false;
}

} // namespace

Document extract_docx(const InputFile &input, const ExtractOptions &options) {
  const Source source{input.path.string(), "DOCX"};
  Package package(input, options, source);
  const auto main_part = package.read("word/document.xml");
  if (!main_part) throw_damaged(source, "it has no word/document.xml, the part with the text");
  const XmlDocument document = parse_part(*main_part, "word/document.xml", source);
  XmlDocument styles, theme;
  if (const auto part = package.read("word/styles.xml"))
    styles = parse_part(*part, "word/styles.xml", source);
  if (const auto part = package.read("word/theme/theme1.xml"))
    theme = parse_part(*part, "word/theme/theme1.xml", source);

  const xmlNode *root = xmlDocGetRootElement(document.get());
  const xmlNode *body = is_w(root, "document") ? child(root, kW, "body") : nullptr;
  if (body == nullptr) throw_damaged(source, "word/document.xml has no document body");
  DocxReader reader(styles ? xmlDocGetRootElement(styles.get()) : nullptr,
                    theme ? xmlDocGetRootElement(theme.get()) : nullptr);
  return make_document(input, "docx", reader.read_body(body));
}

Document extract_odt(const InputFile &input, const ExtractOptions &options) {
  const Source source{input.path.string(), "ODT"};
  Package package(input, options, source);
  if (odt_is_encrypted(package, source))
    throw Error(ExitCode::input_encrypted, source.file,
                "the ODT file is password-protected; open it with its password, save an "
                "unprotected copy and read that");
  const auto content_part = package.read("content.xml");
  if (!content_part) throw_damaged(source, "it has no content.xml, the part with the text");
  const XmlDocument content = parse_part(*content_part, "content.xml", source);
  XmlDocument styles;
  if (const auto part = package.read("styles.xml"))
    styles = parse_part(*part, "styles.xml", source);

  const xmlNode *root = xmlDocGetRootElement(content.get());
  const xmlNode *text = is(root, kOffice, "document-content")
                            ? child(child(root, kOffice, "body"), kOffice, "text")
                            : nullptr;
  if (text == nullptr) throw_damaged(source, "content.xml has no text body");
  OdtReader reader(root, styles ? xmlDocGetRootElement(styles.get()) : nullptr);
  return make_document(input, "odt", reader.read_text(text));
}

} // namespace vnotice
