// vnotice: a thin main over the CLI library (tools/cli.h).
#include "pipeline/messages.h"
#include "tools/cli.h"

#include <iostream>
#include <malloc.h>

int main(int argc, char **argv) {
  // glibc's defaults hand freed memory back to the kernel as soon as 128 KiB sit free at the top
  // of the heap, and the next allocation faults the same pages in again: writing one notice
  // went up and down that way dozens of times (a fifth of `vnotice render`'s time). Growing in
  // 4 MiB steps and trimming only past 32 MiB keeps memory bounded and stops the churn.
  ::mallopt(M_TOP_PAD, 4 << 20);
  ::mallopt(M_TRIM_THRESHOLD, 32 << 20);
  ::mallopt(M_MMAP_THRESHOLD, 4 << 20);
  vnotice::init_messages(); // the user's language, for messages only (pipeline/messages.h)
  // OMP_THREAD_LIMIT for Tesseract is set when the scan module loads (extractors/scan_module.h).
  return vnotice::run_cli(argc, argv, std::cout, std::cerr);
}
