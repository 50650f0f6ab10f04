#include "generators/xml_writer.h"

#include "pipeline/error.h"
#include "pipeline/messages.h"

#include <libxml/xmlwriter.h>

namespace vnotice {
namespace {

[[noreturn]] void fail(const char *what) {
  throw Error(ExitCode::internal, {}, trf("libxml2 could not write XML: {}", what));
}

void check(int result, const char *what) {
  if (result < 0) fail(what);
}

struct BufferFree {
  void operator()(xmlBufferPtr buffer) const { xmlBufferFree(buffer); }
};
struct WriterFree {
  void operator()(xmlTextWriterPtr writer) const { xmlFreeTextWriter(writer); }
};

const xmlChar *xml(const std::string &text) {
  return reinterpret_cast<const xmlChar *>(text.c_str());
}

} // namespace

std::string remove_xml_forbidden(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  const auto *bytes = reinterpret_cast<const unsigned char *>(utf8.data());
  const size_t size = utf8.size();
  size_t i = 0;
  while (i < size) {
    const unsigned char lead = bytes[i];
    if (lead < 0x80) {
      if (lead >= 0x20 || lead == '\t' || lead == '\n' || lead == '\r') out.push_back(char(lead));
      ++i;
      continue;
    }
    // Decode one multi-byte sequence strictly (no overlongs, no surrogates, ≤ U+10FFFF); an
    // invalid lead or continuation drops one byte and resynchronises on the next.
    size_t length = 0;
    char32_t code = 0;
    char32_t minimum = 0;
    if (lead >= 0xC2 && lead <= 0xDF)
      length = 2, code = lead & 0x1F, minimum = 0x80;
    else if (lead >= 0xE0 && lead <= 0xEF)
      length = 3, code = lead & 0x0F, minimum = 0x800;
    else if (lead >= 0xF0 && lead <= 0xF4)
      length = 4, code = lead & 0x07, minimum = 0x10000;
    bool valid = length != 0 && i + length <= size;
    for (size_t k = 1; valid && k < length; ++k) {
      valid = (bytes[i + k] & 0xC0) == 0x80;
      code = (code << 6) | (bytes[i + k] & 0x3F);
    }
    valid = valid && code >= minimum && code <= 0x10FFFF && !(code >= 0xD800 && code <= 0xDFFF);
    if (!valid) {
      ++i;
      continue;
    }
    if (code != 0xFFFE && code != 0xFFFF) out.append(utf8.substr(i, length));
    i += length;
  }
  return out;
}

struct XmlWriter::State {
  std::unique_ptr<xmlBuffer, BufferFree> buffer;
  std::unique_ptr<xmlTextWriter, WriterFree> writer;
  bool fragment = false;
};

XmlWriter::XmlWriter(bool fragment) : state_(std::make_unique<State>()) {
  state_->buffer.reset(xmlBufferCreate());
  if (!state_->buffer) throw std::bad_alloc();
  state_->writer.reset(xmlNewTextWriterMemory(state_->buffer.get(), 0));
  if (!state_->writer) throw std::bad_alloc();
  state_->fragment = fragment;
  if (!fragment)
    check(xmlTextWriterStartDocument(state_->writer.get(), "1.0", "UTF-8", "yes"), "start");
}

XmlWriter::~XmlWriter() = default; // the writer is freed before the buffer it writes to

XmlWriter &XmlWriter::start(std::string_view name) {
  check(xmlTextWriterStartElement(state_->writer.get(), xml(std::string(name))), "element");
  return *this;
}

XmlWriter &XmlWriter::attribute(std::string_view name, std::string_view value) {
  check(xmlTextWriterWriteAttribute(state_->writer.get(), xml(std::string(name)),
                                    xml(remove_xml_forbidden(value))),
        "attribute");
  return *this;
}

XmlWriter &XmlWriter::text(std::string_view value) {
  check(xmlTextWriterWriteString(state_->writer.get(), xml(remove_xml_forbidden(value))), "text");
  return *this;
}

XmlWriter &XmlWriter::raw(std::string_view markup) {
  if (markup.empty()) return *this;
  check(xmlTextWriterWriteRawLen(state_->writer.get(),
                                 reinterpret_cast<const xmlChar *>(markup.data()),
                                 static_cast<int>(markup.size())),
        "raw markup");
  return *this;
}

XmlWriter &XmlWriter::end() {
  check(xmlTextWriterEndElement(state_->writer.get()), "end element");
  return *this;
}

XmlWriter &XmlWriter::empty(std::string_view name, std::string_view attribute_name,
                            std::string_view attribute_value) {
  start(name);
  if (!attribute_name.empty()) attribute(attribute_name, attribute_value);
  return end();
}

std::string XmlWriter::finish() {
  if (state_->fragment)
    check(xmlTextWriterFlush(state_->writer.get()), "flush");
  else
    check(xmlTextWriterEndDocument(state_->writer.get()), "end document");
  state_->writer.reset(); // flushes into the buffer
  const xmlBufferPtr buffer = state_->buffer.get();
  return std::string(reinterpret_cast<const char *>(xmlBufferContent(buffer)),
                     static_cast<size_t>(xmlBufferLength(buffer)));
}

} // namespace vnotice
