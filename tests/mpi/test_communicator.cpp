// The MPI communicator on 2 (or more) ranks: collectives and point-to-point messages.

#include <doctest/doctest.h>

#include <set>

#include "hypershap/parallel/communicator.hpp"

using namespace hypershap;

TEST_CASE("ranks and collectives agree across the world") {
  const auto world = make_mpi_communicator();
  REQUIRE(world->size() >= 2);
  const int p = world->size();
  CHECK(world->max(world->rank()) == p - 1);
  CHECK(world->sum(static_cast<double>(world->rank() + 1)) == doctest::Approx(p * (p + 1) / 2.0));
  const std::string text = world->broadcast(world->rank() == 0 ? "from rank 0 ✓" : "not this");
  CHECK(text == "from rank 0 ✓");
  world->barrier();
}

TEST_CASE("every worker's message reaches the master with its source and tag") {
  const auto world = make_mpi_communicator();
  if (world->is_master()) {
    std::set<int> sources;
    for (int i = 1; i < world->size(); ++i) {
      const Communicator::Message m = world->receive();
      CHECK(m.tag == 7);
      CHECK(m.payload == "worker " + std::to_string(m.source));
      sources.insert(m.source);
    }
    CHECK(static_cast<int>(sources.size()) == world->size() - 1);
    for (int i = 1; i < world->size(); ++i) world->send(i, 8, std::string(100000, 'x'));
  } else {
    world->send(0, 7, "worker " + std::to_string(world->rank()));
    const Communicator::Message reply = world->receive();
    CHECK(reply.source == 0);
    CHECK(reply.tag == 8);
    CHECK(reply.payload.size() == 100000);
    CHECK_FALSE(world->try_receive().has_value());
  }
  world->barrier();
}
