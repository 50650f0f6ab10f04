// vnotice: a thin main over the CLI library (tools/cli.h).
#include "tools/cli.h"

#include <iostream>

int main(int argc, char **argv) { return vnotice::run_cli(argc, argv, std::cout, std::cerr); }
