// vnotice: a thin main over the CLI library (tools/cli.h).
#include "tools/cli.h"

#include <cstdlib>
#include <cstring>
#include <iostream>
#include <sys/prctl.h>
#include <unistd.h>

int main(int argc, char **argv) {
  // Tesseract's OpenMP threads fight our page workers on few cores (4 pages took 38 s instead
  // of 5.5 s on two cores). OpenMP reads OMP_THREAD_LIMIT once, when the library loads, before
  // main: so set it and start again, once. Commands that never run OCR (render, search, archive,
  // help) skip the second start, which costs more than their work.
  const bool may_ocr =
      argc < 2 || (std::strcmp(argv[1], "render") != 0 && std::strcmp(argv[1], "search") != 0 &&
                   std::strcmp(argv[1], "archive") != 0);
  if (may_ocr && std::getenv("OMP_THREAD_LIMIT") == nullptr) {
    ::setenv("OMP_THREAD_LIMIT", "1", 1);
    ::execv("/proc/self/exe", argv);
    // If re-executing fails we still work, only slower.
  }
  ::prctl(PR_SET_NAME, "vnotice"); // not "exe", after the re-execution above
  return vnotice::run_cli(argc, argv, std::cout, std::cerr);
}
