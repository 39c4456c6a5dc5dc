#include <doctest/doctest.h>

#include "hypershap/parallel/communicator.hpp"

using namespace hypershap;

TEST_CASE("the serial stand-in is rank 0 of 1 and queues messages to itself in order") {
  const auto comm = make_serial_communicator();
  CHECK(comm->rank() == 0);
  CHECK(comm->size() == 1);
  CHECK(comm->is_master());
  CHECK(comm->max(3) == 3);
  CHECK(comm->broadcast("x") == "x");
  CHECK_FALSE(comm->try_receive().has_value());
  comm->send(0, 1, "first");
  comm->send(0, 2, "second");
  const auto a = comm->receive();
  CHECK(a.tag == 1);
  CHECK(a.payload == "first");
  const auto b = comm->try_receive();
  REQUIRE(b.has_value());
  CHECK(b->payload == "second");
  CHECK_THROWS(comm->receive());  // would deadlock: an error instead
  CHECK_THROWS(comm->send(1, 0, ""));
}
