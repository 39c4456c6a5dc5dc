// Boost.MPI behind the Communicator interface; the only file that includes MPI.

#include <boost/mpi/collectives.hpp>
#include <boost/mpi/communicator.hpp>
#include <boost/mpi/environment.hpp>
#include <boost/serialization/string.hpp>
#include <functional>

#include "hypershap/parallel/communicator.hpp"

namespace hypershap {

namespace {

class MpiCommunicator final : public Communicator {
 public:
  int rank() const override { return world_.rank(); }
  int size() const override { return world_.size(); }
  int max(int value) const override {
    return boost::mpi::all_reduce(world_, value, boost::mpi::maximum<int>());
  }
  double sum(double value) const override {
    return boost::mpi::all_reduce(world_, value, std::plus<double>());
  }
  std::string broadcast(const std::string& text) const override {
    std::string copy = text;
    boost::mpi::broadcast(world_, copy, 0);
    return copy;
  }
  void barrier() const override { world_.barrier(); }

  void send(int destination, int tag, const std::string& payload) const override {
    world_.send(destination, tag, payload);
  }
  Message receive() const override {
    Message m;
    const boost::mpi::status status =
        world_.recv(boost::mpi::any_source, boost::mpi::any_tag, m.payload);
    m.source = status.source();
    m.tag = status.tag();
    return m;
  }
  std::optional<Message> try_receive() const override {
    const auto waiting = world_.iprobe(boost::mpi::any_source, boost::mpi::any_tag);
    if (!waiting) return std::nullopt;
    Message m;
    world_.recv(waiting->source(), waiting->tag(), m.payload);
    m.source = waiting->source();
    m.tag = waiting->tag();
    return m;
  }
  [[noreturn]] void abort(int exit_code) const override {
    world_.abort(exit_code);
    std::abort();  // not reached: MPI_Abort ends the process
  }

 private:
  boost::mpi::communicator world_;
};

}  // namespace

std::unique_ptr<Communicator> make_mpi_communicator() {
  return std::make_unique<MpiCommunicator>();
}

struct MpiSession::Impl {
  boost::mpi::environment environment;
  Impl(int& argc, char**& argv) : environment(argc, argv, boost::mpi::threading::funneled) {}
};

MpiSession::MpiSession(int& argc, char**& argv) : impl_(std::make_unique<Impl>(argc, argv)) {}
MpiSession::~MpiSession() = default;

}  // namespace hypershap
