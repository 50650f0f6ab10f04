#include "extractors/office_package.h"

#include "pipeline/error.h"
#include "pipeline/messages.h"
#include "pipeline/zip_handles.h"

#include <algorithm>
#include <array>
#include <climits>
#include <fmt/format.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <mutex>
#include <zip.h>

namespace vnotice {
namespace {

// A DOCX/ODT has a few dozen parts; tens of thousands only serve to exhaust memory or time.
constexpr zip_int64_t kMaxEntries = 10000;
// Compression ratios are judged once this much has come out: small parts (styles, settings)
// compress far better than text and cost nothing.
constexpr long long kRatioFloor = 1024LL * 1024;
// libxml2's own limits without XML_PARSE_HUGE (xmlParserMaxDepth, XML_MAX_TEXT_LENGTH): a part
// allowed past them by raised limits is parsed with XML_PARSE_HUGE.
constexpr int kLibxmlMaxDepth = 256;
constexpr long long kLibxmlMaxText = 10000000;

std::string size_words(long long bytes) {
  constexpr long long mb = 1024LL * 1024;
  if (bytes >= mb && bytes % mb == 0) return fmt::format("{} MB", bytes / mb);
  return fmt::format("{} bytes", bytes);
}

[[noreturn]] void throw_limit(const OfficeSource &source, const std::string &what,
                              const std::string &flag) {
  throw Error(ExitCode::limit_exceeded, source.file,
              trf("the {} file {}; raise the limit with {} if the file is genuine", source.kind,
                  what, flag));
}

using ZipSourceFree = zip_handles::SourceFree;
using ZipFileClose = zip_handles::FileClose;
using ZipError = zip_handles::Error;

bool is_encryption_error(zip_error_t *error) {
  const int code = error != nullptr ? zip_error_code_zip(error) : ZIP_ER_INTERNAL;
  return code == ZIP_ER_NOPASSWD || code == ZIP_ER_WRONGPASSWD || code == ZIP_ER_ENCRNOTSUPP;
}

} // namespace

void throw_damaged(const OfficeSource &source, const std::string &what) {
  throw Error(ExitCode::input_damaged, source.file,
              trf("the {} file is damaged ({}); ask the sender for a new copy", source.kind, what));
}

// ---------------------------------------------------------------------------------------------
// ZIP. Nothing is ever extracted to disk, so entry names such as "../x" or "/x" cannot do harm:
// only the part names the readers know are looked up.

void OfficePackage::ZipDiscard::operator()(zip *archive) const {
  zip_discard(archive); // read-only: never writes
}

OfficePackage::OfficePackage(const InputFile &input, const Limits &limits, OfficeSource source)
    : source_(std::move(source)), limits_(limits),
      packed_size_(static_cast<long long>(input.bytes.size())) {
  ZipError error;
  // The buffer stays owned by `input`, which outlives this object (freep = 0).
  std::unique_ptr<zip_source_t, ZipSourceFree> buffer(
      zip_source_buffer_create(input.bytes.data(), input.bytes.size(), 0, error.get()));
  if (!buffer) throw std::bad_alloc();
  archive_.reset(zip_open_from_source(buffer.get(), ZIP_RDONLY, error.get()));
  if (!archive_) throw_damaged(source_, tr("it is not a readable ZIP package"));
  (void)buffer.release(); // the archive owns the source now
  const zip_int64_t entries = zip_get_num_entries(archive_.get(), 0);
  if (entries > kMaxEntries)
    throw Error(ExitCode::limit_exceeded, source_.file,
                trf("the {} file holds {} parts, more than the {} any genuine document "
                    "has, so it was not read; ask the sender for a new copy",
                    source_.kind, entries, kMaxEntries));
}

OfficePackage::~OfficePackage() = default;

std::optional<std::string> OfficePackage::read(const std::string &name) {
  const zip_int64_t index = zip_name_locate(archive_.get(), name.c_str(), ZIP_FL_NOCASE);
  if (index < 0) return std::nullopt;
  const auto part_too_big = [&] {
    throw_limit(source_,
                trf("has a part, {}, that unpacks to more than {}, the limit for one part", name,
                    size_words(limits_.max_part_bytes)),
                "--max-part-mb");
  };
  const auto file_too_big = [&] {
    throw_limit(source_,
                trf("unpacks to more than {}, the limit for one input",
                    size_words(limits_.max_unpacked_bytes)),
                "--max-unpacked-mb");
  };
  zip_stat_t stat;
  zip_stat_init(&stat);
  long long packed = packed_size_;
  if (zip_stat_index(archive_.get(), static_cast<zip_uint64_t>(index), 0, &stat) == 0) {
    // The declared sizes allow an early refusal; a lie about them is caught while inflating.
    if ((stat.valid & ZIP_STAT_SIZE) != 0) {
      if (stat.size > static_cast<zip_uint64_t>(limits_.max_part_bytes)) part_too_big();
      if (stat.size >
          static_cast<zip_uint64_t>(std::max(0LL, limits_.max_unpacked_bytes - unpacked_)))
        file_too_big();
    }
    if ((stat.valid & ZIP_STAT_COMP_SIZE) != 0)
      packed = std::clamp(static_cast<long long>(stat.comp_size), 1LL, packed_size_);
  }

  std::unique_ptr<zip_file_t, ZipFileClose> file(
      zip_fopen_index(archive_.get(), static_cast<zip_uint64_t>(index), 0));
  if (!file) fail_to_read(name, is_encryption_error(zip_get_error(archive_.get())));
  std::string bytes;
  std::array<char, size_t{64} * 1024> chunk;
  const double ratio = limits_.max_compression_ratio;
  for (;;) {
    const zip_int64_t got = zip_fread(file.get(), chunk.data(), chunk.size());
    if (got < 0) fail_to_read(name, is_encryption_error(zip_file_get_error(file.get())));
    if (got == 0) break;
    unpacked_ += got;
    const long long part = static_cast<long long>(bytes.size()) + got;
    if (part > limits_.max_part_bytes) part_too_big();
    if (unpacked_ > limits_.max_unpacked_bytes) file_too_big();
    if (part > kRatioFloor && static_cast<double>(part) > ratio * static_cast<double>(packed))
      throw_limit(source_,
                  trf("has a part, {}, that unpacks to over {} times its packed size, "
                      "as ZIP bombs do",
                      name, ratio),
                  "--max-zip-ratio");
    if (unpacked_ > kRatioFloor &&
        static_cast<double>(unpacked_) > ratio * static_cast<double>(packed_size_))
      throw_limit(source_, trf("unpacks to over {} times its own size, as ZIP bombs do", ratio),
                  "--max-zip-ratio");
    bytes.append(chunk.data(), static_cast<size_t>(got));
  }
  return bytes;
}

XmlDocument OfficePackage::read_xml(const std::string &name) {
  const std::optional<std::string> bytes = read(name);
  return bytes ? parse_part(*bytes, name, source_, limits_) : XmlDocument();
}

void OfficePackage::fail_to_read(const std::string &name, bool encrypted) const {
  if (encrypted)
    throw Error(ExitCode::input_encrypted, source_.file,
                trf("the {} file is password-protected; save an unprotected copy and "
                    "read that",
                    source_.kind));
  throw_damaged(source_, trf("its part {} cannot be unpacked", name));
}

// ---------------------------------------------------------------------------------------------
// XML shape, before parsing.

XmlShape measure_xml(std::string_view xml) {
  XmlShape shape;
  const size_t n = xml.size();
  int depth = 0;
  size_t text = 0; // the character data run so far (libxml2 merges text and CDATA)
  const auto note = [&](size_t length) {
    shape.longest_text = std::max(shape.longest_text, length);
  };
  // Past the end of `marker` searched from `from`, or the end of the input.
  const auto past = [&](std::string_view marker, size_t from) {
    const size_t at = xml.find(marker, from);
    return at == std::string_view::npos ? n : at + marker.size();
  };
  size_t i = 0;
  while (i < n) {
    if (xml[i] != '<') {
      size_t next = xml.find('<', i);
      if (next == std::string_view::npos) next = n;
      text += next - i;
      note(text);
      i = next;
      continue;
    }
    const std::string_view rest = xml.substr(i);
    if (rest.starts_with("<![CDATA[")) {
      const size_t end = std::min(n, xml.find("]]>", i + 9));
      text += end - (i + 9);
      note(text);
      i = past("]]>", i + 9);
      continue;
    }
    text = 0;
    if (rest.starts_with("<!--")) {
      i = past("-->", i + 4);
      continue;
    }
    if (rest.starts_with("<?")) {
      i = past("?>", i + 2);
      continue;
    }
    if (rest.starts_with("<!")) { // a DOCTYPE (refused later): to its '>' outside [ ]
      int brackets = 0;
      size_t j = i + 2;
      for (; j < n; ++j) {
        if (xml[j] == '[') ++brackets;
        if (xml[j] == ']') --brackets;
        if (xml[j] == '>' && brackets <= 0) break;
      }
      i = std::min(n, j + 1);
      continue;
    }
    // An element's start or end tag: to its '>' outside quoted attribute values.
    char quote = 0;
    size_t value_start = 0, j = i + 1;
    for (; j < n; ++j) {
      const char c = xml[j];
      if (quote != 0) {
        if (c == quote) {
          note(j - value_start);
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        value_start = j + 1;
      } else if (c == '>') {
        break;
      }
    }
    if (quote != 0) note(n - value_start);
    if (xml[i + 1 < n ? i + 1 : i] == '/') {
      depth = std::max(0, depth - 1);
    } else if (!(j < n && xml[j - 1] == '/')) {
      shape.depth = std::max(shape.depth, ++depth);
    }
    i = std::min(n, j + 1);
  }
  return shape;
}

// ---------------------------------------------------------------------------------------------
// XML through libxml2. Parts are parsed without network access, without loading DTDs and
// without substituting entities, and a part with any DOCTYPE is refused before its internal
// subset is even read: this rules out external entities (file disclosure) and entity expansion
// bombs ("billion laughs") whatever the parser's defaults.

namespace {

struct XmlParserCtxtFree {
  void operator()(xmlParserCtxt *context) const { xmlFreeParserCtxt(context); }
};

void ignore_generic_error(void *, const char *, ...) {}
void ignore_structured_error(void *, xmlErrorPtr) {}

// libxml2 prints problems on stderr through per-thread global handlers unless told otherwise.
// While a part is parsed they go nowhere (the parser context's own last error tells what went
// wrong), and whatever was there before is put back.
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

} // namespace

XmlDocument parse_part(const std::string &bytes, const std::string &name,
                       const OfficeSource &source, const Limits &limits) {
  static std::once_flag initialised;
  std::call_once(initialised, [] { xmlInitParser(); });
  if (bytes.size() > static_cast<size_t>(INT_MAX)) throw_damaged(source, name + " is over 2 GB");
  const XmlShape shape = measure_xml(bytes);
  if (shape.depth > limits.max_xml_depth)
    throw_limit(source,
                trf("has a part, {}, whose XML nests deeper than {} levels, the limit", name,
                    limits.max_xml_depth),
                "--max-xml-depth");
  if (static_cast<long long>(shape.longest_text) > limits.max_xml_text_bytes)
    throw_limit(source,
                trf("has a part, {}, holding one text or attribute of more than {}, the "
                    "limit for one",
                    name, size_words(limits.max_xml_text_bytes)),
                "--max-xml-text-mb");
  XmlErrorSilencer silence;
  std::unique_ptr<xmlParserCtxt, XmlParserCtxtFree> parser(xmlNewParserCtxt());
  if (!parser) throw std::bad_alloc();
  bool has_doctype = false;
  parser->_private = &has_doctype;
  parser->sax->internalSubset = refuse_doctype;
  parser->sax->serror = ignore_structured_error;
  int flags = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
  if (shape.depth > kLibxmlMaxDepth || static_cast<long long>(shape.longest_text) > kLibxmlMaxText)
    flags |= XML_PARSE_HUGE; // our own limits were raised past libxml2's, and were checked
  XmlDocument doc(xmlCtxtReadMemory(parser.get(), bytes.data(), static_cast<int>(bytes.size()),
                                    name.c_str(), nullptr, flags));
  if (has_doctype || (doc && (doc.get()->intSubset != nullptr || doc.get()->extSubset != nullptr)))
    throw Error(ExitCode::input_damaged, source.file,
                trf("its part {} contains a document type declaration (DTD), which "
                    "DOCX/ODT files never have; it may be an attack, so the file was not "
                    "read; ask the sender for a new copy",
                    name));
  if (!doc || parser->wellFormed == 0 || xmlDocGetRootElement(doc.get()) == nullptr) {
    const xmlError *error = xmlCtxtGetLastError(parser.get());
    throw_damaged(source, error != nullptr && error->line > 0
                              ? trf("its part {} is broken XML near line {}", name, error->line)
                              : trf("its part {} is broken XML", name));
  }
  return doc;
}

} // namespace vnotice
