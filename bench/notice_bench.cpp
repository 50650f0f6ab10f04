// Notice writer speed (issue 7, point 6): composing the notice and writing it as DOCX and ODT,
// in-process, for a notice with two appendices. The reports are parsed and checked once, outside
// the timing (parsing has its own benchmark, vnotice_parse_bench); then each round runs
// compose_notice and every writer of notice_formats(), as `vnotice run` does after checking.
// Prints median and p95 per step and for the whole round, in ms, as wall time and as the
// thread's CPU time (on a shared, busy machine the wall time also counts waiting for a core; the
// CPU time is what the work itself costs). Goal: whole round <= 5 ms.
// Usage: notice_bench --plan PLAN [--rounds N] [--seconds S] REPORT|RECORD.json...
#include "generators/notice_composer.h"
#include "generators/notice_writer.h"
#include "pipeline/check/checker.h"
#include "pipeline/check/plan.h"
#include "pipeline/error.h"
#include "tools/inspection_job.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

using namespace vnotice;

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// CPU time of this thread, in ms.
double thread_cpu_ms() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return 1000.0 * static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e6;
}

struct Step {
  std::string name;
  std::vector<double> ms;     // wall, one per round
  std::vector<double> cpu_ms; // thread CPU, one per round
};

// Times one call into `step`.
template <typename Work> void timed(Step &step, Work &&work) {
  const auto wall = Clock::now();
  const double cpu = thread_cpu_ms();
  work();
  step.cpu_ms.push_back(thread_cpu_ms() - cpu);
  step.ms.push_back(ms_since(wall));
}

// Nearest-rank percentile: with few rounds an interpolated p95 would invent a value no round had.
double percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(values.size())));
  return values[std::max<size_t>(rank, 1) - 1];
}

} // namespace

int main(int argc, char **argv) {
  std::string plan_path;
  std::vector<std::string> inputs;
  int min_rounds = 200;
  double seconds = 2.0;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--plan" && i + 1 < argc)
      plan_path = argv[++i];
    else if (arg == "--rounds" && i + 1 < argc)
      min_rounds = std::stoi(argv[++i]);
    else if (arg == "--seconds" && i + 1 < argc)
      seconds = std::stod(argv[++i]);
    else
      inputs.push_back(arg);
  }
  if (plan_path.empty() || inputs.empty()) {
    std::fprintf(stderr, "usage: %s --plan PLAN [--rounds N] [--seconds S] REPORT...\n", argv[0]);
    return 2;
  }

  try {
    const InspectionPlan plan = load_plan(plan_path);
    std::vector<Record> records;
    for (const std::string &input : inputs)
      records.push_back(load_or_parse_record(input, ExtractOptions{}));
    const CheckResult result = check_records(plan, records);

    // The notice the rounds produce, described once so the reader knows what was timed.
    const Notice sample = compose_notice(plan, records, result);
    std::printf("notice: %zu body items, %zu appendices (", sample.body.size(),
                sample.appendices.size());
    for (size_t i = 0; i < sample.appendices.size(); ++i)
      std::printf("%sPhụ lục %s", i ? ", " : "", sample.appendices[i].label.c_str());
    std::printf(")");
    for (const NoticeFormat &format : notice_formats())
      std::printf(", %.*s %zu bytes", static_cast<int>(format.name.size()), format.name.data(),
                  format.write(sample).size());
    std::printf("\n");
    if (sample.appendices.size() < 2)
      std::fprintf(stderr, "warning: the checked reports give no findings, so no Phụ lục II; "
                           "the timing covers one appendix only\n");

    std::vector<Step> steps{{"compose_notice", {}, {}}};
    for (const NoticeFormat &format : notice_formats())
      steps.push_back({"write " + std::string(format.name), {}, {}});
    Step whole{"compose + all formats", {}, {}};
    size_t bytes = 0; // keeps the writers' output observable, so nothing is optimised away
    const auto start = Clock::now();
    for (int round = 0; round < min_rounds || ms_since(start) < 1000.0 * seconds; ++round) {
      timed(whole, [&] {
        Notice notice;
        timed(steps[0], [&] { notice = compose_notice(plan, records, result); });
        size_t index = 1;
        for (const NoticeFormat &format : notice_formats())
          timed(steps[index++], [&] { bytes += format.write(notice).size(); });
      });
    }
    steps.push_back(whole);

    std::printf("rounds: %zu\n\n| step | median ms | p95 ms | CPU median ms | CPU p95 ms |\n"
                "|---|---:|---:|---:|---:|\n",
                whole.ms.size());
    for (const Step &step : steps)
      std::printf("| %s | %.3f | %.3f | %.3f | %.3f |\n", step.name.c_str(),
                  percentile(step.ms, 50), percentile(step.ms, 95), percentile(step.cpu_ms, 50),
                  percentile(step.cpu_ms, 95));
    const double median = percentile(whole.ms, 50);
    std::printf("\ngoal: compose + DOCX + ODT <= 5 ms (median wall): %s (%.3f ms)\n",
                median <= 5.0 ? "met" : "NOT met", median);
    if (bytes == 0) return 1;
  } catch (const Error &error) {
    std::fprintf(stderr, "%s\n", error.one_line().c_str());
    return 1;
  }
  return 0;
}
