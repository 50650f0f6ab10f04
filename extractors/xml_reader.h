// Reading parsed XML (libxml2's tree) for the DOCX and ODT readers, the reading counterpart of
// generators/xml_writer.h: they see elements, attributes and text, never libxml2's structures.
//
// Contract: XmlDocument owns a parsed document (OfficePackage::read_xml and parse_part in
// extractors/office_package.h make them, with every parser limit and safety setting). XmlNode is
// a non-owning view of one node of it, valid while its document lives; a null view (no such
// node) answers every question with "no": is() false, child() null, attribute() nothing, no
// children. Names are matched by local name and namespace URI, never by prefix. Values are the
// text as written: entities are never substituted (the parser loads no DTD).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct _xmlDoc;  // libxml2's xmlDoc
struct _xmlNode; // libxml2's xmlNode

namespace vnotice {

// An XML namespace by URI. `alias`, when set, is another URI naming the same vocabulary (Strict
// OOXML renames the WordprocessingML namespaces) and matches just the same.
struct XmlNamespace {
  const char *uri;
  const char *alias = nullptr;
};

class XmlChildren;

class XmlNode {
public:
  XmlNode() = default;
  explicit XmlNode(const _xmlNode *node) : node_(node) {}

  explicit operator bool() const { return node_ != nullptr; }
  bool operator==(const XmlNode &) const = default; // the same node
  bool is_element() const;
  bool is_text() const; // character data: a text or CDATA node
  // An element or attribute holder in namespace `ns` (whatever its name).
  bool in(const XmlNamespace &ns) const;
  // An element named `name` in namespace `ns`.
  bool is(const XmlNamespace &ns, const char *name) const;

  // The first child element ns:name, or a null node.
  XmlNode child(const XmlNamespace &ns, const char *name) const;
  // Every child node in order: elements, text, comments and the rest.
  XmlChildren children() const;
  XmlNode next() const; // the next sibling, or a null node

  // The value of attribute ns:name, or nothing.
  std::optional<std::string> attribute(const XmlNamespace &ns, const char *name) const;
  // The value of attribute `name` without a namespace, or nothing.
  std::optional<std::string> attribute(const char *name) const;
  // The character data directly inside this element (text and CDATA children, joined).
  std::string text() const;
  // The characters of a text node (is_text()); empty for any other node.
  std::string_view content() const;

private:
  const _xmlNode *node_ = nullptr;
};

// The children of one node, for range-for.
class XmlChildren {
public:
  class Iterator {
  public:
    explicit Iterator(XmlNode node) : node_(node) {}
    XmlNode operator*() const { return node_; }
    Iterator &operator++() {
      node_ = node_.next();
      return *this;
    }
    bool operator==(const Iterator &) const = default;

  private:
    XmlNode node_;
  };

  explicit XmlChildren(XmlNode first) : first_(first) {}
  Iterator begin() const { return Iterator(first_); }
  Iterator end() const { return Iterator(XmlNode()); }

private:
  XmlNode first_;
};

// A parsed XML document, owned; empty when a part is absent.
class XmlDocument {
public:
  XmlDocument() = default;
  explicit XmlDocument(_xmlDoc *doc) : doc_(doc) {} // takes ownership

  explicit operator bool() const { return doc_ != nullptr; }
  // The root element, or a null node for an empty document.
  XmlNode root() const;
  // The libxml2 document itself, for the parser's own checks (office_package.cpp).
  _xmlDoc *get() const { return doc_.get(); }

private:
  struct Free {
    void operator()(_xmlDoc *doc) const;
  };
  std::unique_ptr<_xmlDoc, Free> doc_;
};

} // namespace vnotice
