// Archive scale (issue 8, point 6): indexing N generated records into a fresh SQLite archive in
// one transaction (goal: 10,000 in <= 10 s), then M searches over them (goal: p95 <= 20 ms),
// each timed with its snippets, as `vnotice search` runs them. Prints a Markdown table.
//
// Records are generated, deterministically (a fixed-seed splitmix64, not <random>'s
// implementation-defined distributions), from a small vocabulary of administrative Vietnamese:
// subjects from templates, 3-6 sections of 20-60 words, 0-4 cited documents, a few figures,
// issuers over 20 units in 10 provinces, dates over 2018-2024. Queries mix 1-3 words without
// accents, with accents, --exact, and the filters (type, issuer, dates, --cites).
// Usage: vnotice_archive_bench [--records N] [--searches M] [--db PATH] [--threads 1|2]
#include "pipeline/archive/archive.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fmt/format.h>
#include <string>
#include <unistd.h>
#include <vector>

using namespace vnotice;

namespace {

class Random {
public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  int below(int n) { return static_cast<int>(next() % static_cast<uint64_t>(n)); }
  int between(int low, int high) { return low + below(high - low + 1); }
  template <typename T> const T &pick(const std::vector<T> &items) {
    return items[static_cast<size_t>(below(static_cast<int>(items.size())))];
  }

private:
  uint64_t state_;
};

const std::vector<std::string> kProvinces = {"Đồng Tháp",  "An Giang", "Cần Thơ",    "Hậu Giang",
                                             "Vĩnh Long",  "Bến Tre",  "Tiền Giang", "Long An",
                                             "Kiên Giang", "Cà Mau"};
const std::vector<std::string> kUnits = {"Sở Công Thương",
                                         "Sở Tư pháp",
                                         "Sở Nội vụ",
                                         "Sở Tài chính",
                                         "Sở Y tế",
                                         "Sở Giáo dục và Đào tạo",
                                         "Sở Nông nghiệp và Phát triển nông thôn",
                                         "Sở Xây dựng",
                                         "Sở Giao thông vận tải",
                                         "Sở Tài nguyên và Môi trường",
                                         "Sở Kế hoạch và Đầu tư",
                                         "Sở Lao động - Thương binh và Xã hội",
                                         "Sở Văn hóa, Thể thao và Du lịch",
                                         "Sở Thông tin và Truyền thông",
                                         "Sở Khoa học và Công nghệ",
                                         "Thanh tra tỉnh",
                                         "Văn phòng UBND tỉnh",
                                         "Ban Dân tộc",
                                         "Phòng Quản lý công nghiệp",
                                         "Phòng Quản lý thương mại"};
const std::vector<std::string> kUnitCodes = {
    "SCT",   "STP",     "SNV",     "STC",   "SYT",   "SGDĐT", "SNN", "SXD", "SGTVT", "STNMT",
    "SKHĐT", "SLĐTBXH", "SVHTTDL", "STTTT", "SKHCN", "TTr",   "VP",  "BDT", "QLCN",  "QLTM"};
struct DocType {
  std::string name, code;
};
const std::vector<DocType> kTypes = {{"THÔNG BÁO", "TB"},  {"BÁO CÁO", "BC"}, {"KẾ HOẠCH", "KH"},
                                     {"QUYẾT ĐỊNH", "QĐ"}, {"CÔNG VĂN", ""},  {"HƯỚNG DẪN", "HD"}};
const std::vector<std::string> kSubjectHeads = {
    "Kết quả kiểm tra", "Kết quả thực hiện", "Triển khai", "Tổng kết", "Hướng dẫn thực hiện",
    "Sơ kết",           "Đánh giá",          "Tăng cường"};
const std::vector<std::string> kTopics = {"cải cách hành chính",
                                          "kiểm soát thủ tục hành chính",
                                          "cơ chế một cửa, một cửa liên thông",
                                          "chuyển đổi số",
                                          "dịch vụ công trực tuyến",
                                          "phòng, chống tham nhũng",
                                          "an toàn thực phẩm",
                                          "an toàn hóa chất",
                                          "hòa giải ở cơ sở",
                                          "công tác thủy lợi",
                                          "quản lý ngân sách",
                                          "đào tạo, bồi dưỡng cán bộ, công chức",
                                          "thi đua, khen thưởng",
                                          "phổ biến giáo dục pháp luật",
                                          "xúc tiến thương mại",
                                          "khuyến công",
                                          "tiết kiệm năng lượng",
                                          "quản lý chợ",
                                          "hiện đại hóa hành chính",
                                          "cải cách tài chính công"};
const std::vector<std::string> kWords = {
    "tiếp nhận",    "hồ sơ",      "giải quyết",   "đúng hạn",     "trễ hạn",       "trực tuyến",
    "công khai",    "niêm yết",   "rà soát",      "đơn giản hóa", "văn bản",       "quy phạm",
    "pháp luật",    "đơn vị",     "phòng",        "công chức",    "viên chức",     "người dân",
    "doanh nghiệp", "kế hoạch",   "chỉ đạo",      "điều hành",    "tham mưu",      "ban hành",
    "kiểm tra",     "giám sát",   "tuyên truyền", "phổ biến",     "tập huấn",      "bồi dưỡng",
    "phần mềm",     "hệ thống",   "điện tử",      "ký số",        "lưu trữ",       "tài liệu",
    "kinh phí",     "dự toán",    "quyết toán",   "tự chủ",       "tiết kiệm",     "chi tiêu",
    "nội bộ",       "quy chế",    "quy trình",    "ISO",          "chất lượng",    "hiệu quả",
    "tồn tại",      "hạn chế",    "nguyên nhân",  "đề xuất",      "kiến nghị",     "khắc phục",
    "điện lực",     "hóa chất",   "vật liệu nổ",  "công nghiệp",  "thương mại",    "thị trường",
    "giá cả",       "hàng hóa",   "xuất khẩu",    "nhập khẩu",    "nông sản",      "thủy sản",
    "lúa gạo",      "trái cây",   "xoài",         "sen",          "du lịch",       "làng nghề",
    "môi trường",   "nước sạch",  "giao thông",   "cầu đường",    "trường học",    "bệnh viện",
    "y tế",         "tiêm chủng", "dịch bệnh",    "giãn cách",    "hỗ trợ",        "chính sách",
    "an sinh",      "lao động",   "việc làm",     "đào tạo",      "nghề",          "thanh niên",
    "phụ nữ",       "hòa giải",   "khiếu nại",    "tố cáo",       "tiếp công dân", "thanh tra",
    "xử lý",        "vi phạm",    "phạt",         "cảnh cáo",     "nhắc nhở",      "báo cáo",
    "số liệu",      "tỷ lệ",      "chỉ tiêu",     "hoàn thành",   "vượt",          "đạt",
    "chưa đạt",     "năm",        "quý",          "tháng",        "tuần",          "định kỳ",
    "đột xuất",     "liên thông", "một cửa",      "cổng",         "dịch vụ công",  "thủ tục"};
const std::vector<std::string> kTitles = {"Công tác chỉ đạo, điều hành",
                                          "Cải cách thể chế",
                                          "Cải cách thủ tục hành chính",
                                          "Cải cách tổ chức bộ máy",
                                          "Xây dựng đội ngũ cán bộ, công chức",
                                          "Cải cách tài chính công",
                                          "Hiện đại hóa hành chính",
                                          "Tồn tại, hạn chế",
                                          "Đề xuất, kiến nghị"};

std::string date_of(Random &random) {
  return fmt::format("{}-{:02}-{:02}", random.between(2018, 2024), random.between(1, 12),
                     random.between(1, 28));
}

std::string cited_symbol(Random &random) {
  const DocType &type = kTypes[static_cast<size_t>(random.below(4))];
  return fmt::format("{}/{}-{}", random.between(1, 3000), type.code, random.pick(kUnitCodes));
}

Record make_record(int index, Random &random) {
  Record record;
  const size_t unit = static_cast<size_t>(random.below(static_cast<int>(kUnits.size())));
  const std::string &province = random.pick(kProvinces);
  const DocType &type = random.pick(kTypes);
  record.source.file = fmt::format("submissions/{:05}.pdf", index);
  record.source.sha256 = fmt::format("{:016x}{:016x}{:016x}{:016x}", random.next(), random.next(),
                                     random.next(), random.next());
  record.source.pages = random.between(1, 12);
  record.source.method = "text_layer";
  record.doc_type = type.name;
  if (!type.code.empty()) record.type_code = type.code;
  record.number = std::to_string(random.between(1, 3000));
  record.symbol = (type.code.empty() ? "" : type.code + "-") + kUnitCodes[unit];
  record.number_symbol = *record.number + "/" + *record.symbol;
  record.parent_issuer = "UBND TỈNH " + province;
  record.issuer = kUnits[unit];
  record.place = province;
  record.date = date_of(random);
  record.subject = fmt::format("{} {} năm {} tại {}", random.pick(kSubjectHeads),
                               random.pick(kTopics), record.date->substr(0, 4), province);
  record.signer.name = "Nguyễn Văn " + std::string(1, static_cast<char>('A' + random.below(26)));
  const int sections = random.between(3, 6);
  for (int s = 0; s < sections; ++s) {
    Section section;
    section.label = std::to_string(s + 1);
    section.title = random.pick(kTitles);
    const int words = random.between(20, 60);
    for (int w = 0; w < words; ++w) {
      if (w > 0) section.text += (random.below(9) == 0 ? ", " : " ");
      section.text += random.pick(kWords);
      if (random.below(15) == 0) section.text += fmt::format(" {:02}", random.between(1, 99));
    }
    section.text += ".";
    record.sections.push_back(std::move(section));
  }
  const int references = random.below(5);
  for (int r = 0; r < references; ++r) {
    Reference reference;
    reference.number_symbol = cited_symbol(random);
    reference.date = date_of(random);
    reference.evidence.text = "Kế hoạch số " + *reference.number_symbol;
    record.references.push_back(std::move(reference));
  }
  const int metrics = random.between(1, 5);
  for (int m = 0; m < metrics; ++m)
    record.metrics.push_back(Metric{
        "records_received", static_cast<double>(random.below(9000)), "records", "2.2.b", {}});
  return record;
}

SearchQuery make_query(Random &random, const std::vector<Record> &records) {
  SearchQuery query;
  const int kind = random.below(10);
  auto words = [&](int count) {
    std::string text;
    for (int i = 0; i < count; ++i)
      text += (i ? " " : "") + random.pick(kWords);
    return text;
  };
  switch (kind) {
  case 0: query.text = random.pick(kProvinces); break; // accented place name
  case 1: query.text = "dong thap " + words(1); break; // unaccented, đ
  case 2: query.text = random.pick(kTopics); break;    // a phrase of the subjects
  case 3:
    query.text = words(1);
    query.exact = true;
    break;
  case 4:
    query.text = words(2);
    query.type_code = "BC";
    query.from = "2021-01-01";
    query.to = "2021-12-31";
    break;
  case 5:
    query.text = words(1);
    query.issuer = "cong thuong";
    break;
  case 6: { // what cites a document that is cited somewhere
    const Record &record =
        records[static_cast<size_t>(random.below(static_cast<int>(records.size())))];
    query.cites = record.references.empty() ? "2532/KH-SCT" : *record.references[0].number_symbol;
    break;
  }
  default: query.text = words(kind - 5); break; // 2, 3 or 4 words
  }
  return query;
}

// CPU time of the process (a search over a large archive uses two threads): on a machine shared
// with builds, wall time measures the neighbours too.
double cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

double percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  const size_t index = static_cast<size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(index, values.size() - 1)];
}

} // namespace

int main(int argc, char **argv) {
  int record_count = 10000;
  int search_count = 200;
  int threads = 2;
  std::filesystem::path db =
      std::filesystem::temp_directory_path() /
      fmt::format("vnotice-archive-bench-{}.sqlite", static_cast<long>(::getpid()));
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string arg = argv[i];
    if (arg == "--records")
      record_count = std::stoi(argv[i + 1]);
    else if (arg == "--searches")
      search_count = std::stoi(argv[i + 1]);
    else if (arg == "--db")
      db = argv[i + 1];
    else if (arg == "--threads") // 1: each search ranks in one pass (see Archive)
      threads = std::stoi(argv[i + 1]);
  }
  std::filesystem::remove(db);
  using Clock = std::chrono::steady_clock;
  auto seconds_since = [](Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
  };

  Random random(20211);
  std::vector<Record> records;
  records.reserve(static_cast<size_t>(record_count));
  for (int i = 0; i < record_count; ++i)
    records.push_back(make_record(i, random));

  auto start = Clock::now();
  double cpu_start = cpu_seconds();
  Archive archive = Archive::open(db);
  archive.add_all(records);
  const double index_seconds = seconds_since(start);
  const double index_cpu = cpu_seconds() - cpu_start;
  const long long documents = archive.document_count();
  archive.set_parallel_search(threads > 1);

  std::vector<double> times, cpu_times;
  long long hits = 0;
  for (int i = 0; i < search_count; ++i) {
    const SearchQuery query = make_query(random, records);
    start = Clock::now();
    cpu_start = cpu_seconds();
    hits += static_cast<long long>(archive.search(query).size());
    times.push_back(seconds_since(start) * 1000.0);
    cpu_times.push_back((cpu_seconds() - cpu_start) * 1000.0);
  }
  const auto size_mb = static_cast<double>(std::filesystem::file_size(db)) / (1024.0 * 1024.0);

  std::printf("| measure | wall | CPU | goal |\n|---|---:|---:|---:|\n");
  std::printf("| index %lld records (one transaction) | %.2f s | %.2f s | <= 10 s |\n", documents,
              index_seconds, index_cpu);
  std::printf("| search p50 (%d searches) | %.2f ms | %.2f ms | |\n", search_count,
              percentile(times, 0.50), percentile(cpu_times, 0.50));
  std::printf("| search p95 | %.2f ms | %.2f ms | <= 20 ms |\n", percentile(times, 0.95),
              percentile(cpu_times, 0.95));
  std::printf("| search max | %.2f ms | %.2f ms | |\n", percentile(times, 1.0),
              percentile(cpu_times, 1.0));
  std::printf("\narchive %.1f MiB; %.1f hits per search on average (limit 20)\n", size_mb,
              static_cast<double>(hits) / std::max(search_count, 1));
  if (!getenv("KEEP")) std::filesystem::remove(db);
  return 0;
}
