// The hypershap executable: everything lives in the library; main only hands over argv.
#include "hypershap/cli/run.hpp"

int main(int argc, char** argv) { return hypershap::cli::run(argc, argv); }
