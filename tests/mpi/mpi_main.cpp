// main() of the MPI test binaries: doctest inside an MPI session. Debian's doctest has no MPI
// extension, so: no colours (mpiexec gives ranks a pty), rank 0 reports in full, other ranks
// report only failures, and every rank exits with the worst result of all ranks.

#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "hypershap/parallel/communicator.hpp"

int main(int argc, char** argv) {
  hypershap::MpiSession session(argc, argv);
  const auto world = hypershap::make_mpi_communicator();

  doctest::Context context;
  context.applyCommandLine(argc, argv);
  context.setOption("no-colors", true);
  if (world->rank() != 0) {
    context.setOption("minimal", true);  // failures still print, with the rank in the message
  }
  const int result = context.run();
  const int worst = world->max(result);
  if (world->rank() == 0 && worst != result) {
    std::fprintf(stderr, "a test failed on another rank (see its output above)\n");
  }
  return worst;
}
