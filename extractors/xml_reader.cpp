#include "extractors/xml_reader.h"

#include <cstring>
#include <libxml/tree.h>

namespace vnotice {
namespace {

bool equals(const xmlChar *text, const char *expected) {
  return text != nullptr && std::strcmp(reinterpret_cast<const char *>(text), expected) == 0;
}

bool namespace_matches(const xmlNs *actual, const XmlNamespace &expected) {
  if (actual == nullptr) return false;
  return equals(actual->href, expected.uri) ||
         (expected.alias != nullptr && equals(actual->href, expected.alias));
}

// Attribute `name` in `ns` (null: without a namespace).
std::optional<std::string> find_attribute(const xmlNode *node, const XmlNamespace *ns,
                                          const char *name) {
  if (node == nullptr) return std::nullopt;
  for (const xmlAttr *attr = node->properties; attr; attr = attr->next) {
    if (!equals(attr->name, name)) continue;
    if (ns == nullptr ? attr->ns != nullptr : !namespace_matches(attr->ns, *ns)) continue;
    std::string value;
    for (const xmlNode *text = attr->children; text; text = text->next)
      if (text->content != nullptr) value += reinterpret_cast<const char *>(text->content);
    return value;
  }
  return std::nullopt;
}

} // namespace

bool XmlNode::is_element() const { return node_ != nullptr && node_->type == XML_ELEMENT_NODE; }

bool XmlNode::is_text() const {
  return node_ != nullptr &&
         (node_->type == XML_TEXT_NODE || node_->type == XML_CDATA_SECTION_NODE);
}

bool XmlNode::in(const XmlNamespace &ns) const {
  return node_ != nullptr && namespace_matches(node_->ns, ns);
}

bool XmlNode::is(const XmlNamespace &ns, const char *name) const {
  return is_element() && in(ns) && equals(node_->name, name);
}

XmlNode XmlNode::child(const XmlNamespace &ns, const char *name) const {
  for (const XmlNode node : children())
    if (node.is(ns, name)) return node;
  return XmlNode();
}

XmlChildren XmlNode::children() const {
  return XmlChildren(XmlNode(node_ != nullptr ? node_->children : nullptr));
}

XmlNode XmlNode::next() const { return XmlNode(node_ != nullptr ? node_->next : nullptr); }

std::optional<std::string> XmlNode::attribute(const XmlNamespace &ns, const char *name) const {
  return find_attribute(node_, &ns, name);
}

std::optional<std::string> XmlNode::attribute(const char *name) const {
  return find_attribute(node_, nullptr, name);
}

std::string XmlNode::text() const {
  std::string text;
  for (const XmlNode node : children())
    if (node.is_text()) text += node.content();
  return text;
}

std::string_view XmlNode::content() const {
  if (!is_text() || node_->content == nullptr) return {};
  return reinterpret_cast<const char *>(node_->content);
}

XmlNode XmlDocument::root() const {
  return XmlNode(doc_ != nullptr ? xmlDocGetRootElement(doc_.get()) : nullptr);
}

void XmlDocument::Free::operator()(_xmlDoc *doc) const { xmlFreeDoc(doc); }

} // namespace vnotice
