// Boost.MPI behind the Communicator interface; the only file that includes MPI.

#include <boost/mpi/collectives.hpp>
#include <boost/mpi/communicator.hpp>
#include <boost/mpi/environment.hpp>
#include <boost/mpi/request.hpp>
#include <boost/serialization/string.hpp>
#include <functional>
#include <list>
#include <memory>

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

  // Sends do not block: the master may be sending a worker its next batch while the worker sends
  // its result, and two blocking sends larger than MPI's eager limit would wait for each other
  // forever (a forest game's batches of 4,096 coalitions with their best configurations are).
  // The message stays here until MPI is done with it; the destructor waits for the last ones.
  void send(int destination, int tag, const std::string& payload) const override {
    collect();
    pending_.push_back(Pending{std::make_unique<std::string>(payload), {}});
    pending_.back().request = world_.isend(destination, tag, *pending_.back().payload);
  }
  ~MpiCommunicator() override {
    for (Pending& p : pending_) p.request.wait();
  }
  Message receive() const override {
    collect();
    Message m;
    const boost::mpi::status status =
        world_.recv(boost::mpi::any_source, boost::mpi::any_tag, m.payload);
    m.source = status.source();
    m.tag = status.tag();
    return m;
  }
  std::optional<Message> try_receive() const override {
    collect();
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
  struct Pending {
    std::unique_ptr<std::string> payload;
    boost::mpi::request request;
  };
  /// Forgets the sends MPI has completed.
  void collect() const {
    pending_.remove_if([](Pending& p) { return p.request.test().has_value(); });
  }

  boost::mpi::communicator world_;
  mutable std::list<Pending> pending_;
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
