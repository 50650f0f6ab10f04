// Writing one XML part into memory through libxml2's xmlTextWriter, owned RAII-style.
//
// Contract: every text and attribute value passes through remove_xml_forbidden first, since
// libxml2 escapes markup characters but writes characters XML 1.0 forbids through unchecked,
// which would make the part unreadable. Output has no indentation: in ODF and WordprocessingML
// text, whitespace between elements can become visible text. Any libxml2 failure throws Error
// (internal).
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace vnotice {

// `utf8` without what XML 1.0 forbids: invalid UTF-8 (which includes lone surrogates), C0
// controls other than tab, newline and carriage return, and U+FFFE / U+FFFF.
std::string remove_xml_forbidden(std::string_view utf8);

class XmlWriter {
public:
  // Starts the document: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`. A
  // `fragment` writer has no declaration: its output goes inside another part through raw().
  explicit XmlWriter(bool fragment = false);
  XmlWriter(const XmlWriter &) = delete;
  XmlWriter &operator=(const XmlWriter &) = delete;
  ~XmlWriter();

  XmlWriter &start(std::string_view name);
  XmlWriter &attribute(std::string_view name, std::string_view value);
  XmlWriter &text(std::string_view value);
  XmlWriter &end();
  // Markup written by another XmlWriter (a fragment), inserted as is.
  XmlWriter &raw(std::string_view markup);
  // <name attr="value"/>, the common case of an element with one attribute.
  XmlWriter &empty(std::string_view name, std::string_view attribute_name = {},
                   std::string_view attribute_value = {});

  // Closes every open element and the document; returns the bytes. Call once.
  std::string finish();

private:
  struct State;
  std::unique_ptr<State> state_;
};

} // namespace vnotice
