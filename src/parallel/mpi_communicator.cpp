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
    // the payload as plain chars: one MPI_Isend that needs no further calls to go out (Boost's
    // isend of a serialized string sends its length first and the text only when the request is
    // tested again)
    pending_.push_back(Pending{std::make_unique<std::string>(payload), {}});
    const std::string& text = *pending_.back().payload;
    pending_.back().request =
        world_.isend(destination, tag, text.data(), static_cast<int>(text.size()));
  }
  ~MpiCommunicator() override {
    for (Pending& p : pending_) p.request.wait();
  }
  Message receive() const override {
    collect();
    return receive_from(world_.probe(boost::mpi::any_source, boost::mpi::any_tag));
  }
  std::optional<Message> try_receive() const override {
    collect();
    // One MPI_Iprobe after a long computation can miss a message that has arrived: each call
    // advances Open MPI's progress engine by one step. A few calls make sure that a worker's
    // result is seen before the master starts a batch of its own (which delays the worker's next
    // batch by a whole batch otherwise).
    for (int attempt = 0; attempt < 8; ++attempt) {
      const auto waiting = world_.iprobe(boost::mpi::any_source, boost::mpi::any_tag);
      if (waiting) return receive_from(*waiting);
    }
    return std::nullopt;
  }
  [[noreturn]] void abort(int exit_code) const override {
    world_.abort(exit_code);
    std::abort();  // not reached: MPI_Abort ends the process
  }

 private:
  /// The message `probed` announced, as sent by send().
  Message receive_from(const boost::mpi::status& probed) const {
    Message m;
    m.source = probed.source();
    m.tag = probed.tag();
    const boost::optional<int> count = probed.count<char>();
    m.payload.resize(static_cast<std::size_t>(count ? *count : 0));
    world_.recv(m.source, m.tag, m.payload.data(), static_cast<int>(m.payload.size()));
    return m;
  }
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
