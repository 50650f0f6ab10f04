// False repairs on clean text: every compound tone repair made on text that has no OCR error is
// a word changed for the worse. Reads UTF-8 text files, takes each of their lines as one
// paragraph of OCR'd words (so the OCR repairs may change them), runs the Vietnamese text layer
// and prints each compound tone repair, then the number of words read and of such repairs
// (bash bench/false_repairs.sh).
#include "extractors/text_normaliser.h"

#include <fstream>
#include <iostream>
#include <sstream>

namespace {

vnotice::Document as_ocr_document(std::istream &in) {
  vnotice::Document document;
  vnotice::Page page;
  page.number = 1;
  page.method = vnotice::PageMethod::ocr;
  std::string line_text;
  while (std::getline(in, line_text)) {
    vnotice::Block block;
    vnotice::Line line;
    std::istringstream words(line_text);
    std::string text;
    double x = 0;
    while (words >> text) {
      vnotice::Word word;
      word.text = text;
      word.origin = vnotice::Origin::ocr;
      word.confidence = 0.9;
      word.page = 1;
      word.box = {x, 0, x + 6.0 * static_cast<double>(text.size()), 12};
      x = word.box.x1 + 3;
      line.words.push_back(std::move(word));
    }
    if (line.words.empty()) continue;
    block.lines.push_back(std::move(line));
    page.blocks.push_back(std::move(block));
  }
  document.pages.push_back(std::move(page));
  return document;
}

} // namespace

int main(int argc, char **argv) {
  long words = 0, changed = 0;
  for (int i = 1; i < argc; ++i) {
    std::ifstream in(argv[i]);
    if (!in) {
      std::cerr << argv[i] << ": cannot read\n";
      return 2;
    }
    vnotice::Document document = as_ocr_document(in);
    for (const auto &block : document.pages[0].blocks)
      words += static_cast<long>(block.lines[0].words.size());
    vnotice::normalise_document(document);
    for (const vnotice::Repair &repair : document.repairs) {
      if (repair.reason != vnotice::RepairCode::compound_tone) continue;
      ++changed;
      std::cout << argv[i] << "\t" << repair.original << "\t" << repair.replacement << "\n";
    }
  }
  std::cout << "words\t" << words << "\nfalse compound repairs\t" << changed << "\n";
  return 0;
}
