#pragma once
// The only door to MPI. Everything that distributes work (the master/worker scheduler, the
// agreement on exit codes) takes a `const Communicator&`, so it runs and is unit-tested with the
// serial stand-in, and Boost.MPI stays inside src/parallel/mpi_communicator.cpp.

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace hypershap {

class Communicator {
 public:
  virtual ~Communicator() = default;

  virtual int rank() const = 0;
  virtual int size() const = 0;
  bool is_master() const { return rank() == 0; }

  /// All ranks get the largest of the values (used to agree on an exit code: a failing rank
  /// makes every rank fail, never hang).
  virtual int max(int value) const = 0;
  virtual double sum(double value) const = 0;
  /// Rank 0's text on every rank.
  virtual std::string broadcast(const std::string& text) const = 0;
  virtual void barrier() const = 0;

  /// Point-to-point messages: a tag and a serialized payload.
  struct Message {
    int source = 0;
    int tag = 0;
    std::string payload;
  };
  virtual void send(int destination, int tag, const std::string& payload) const = 0;
  /// Blocks until a message from anyone arrives.
  virtual Message receive() const = 0;
  /// A message if one is waiting, without blocking.
  virtual std::optional<Message> try_receive() const = 0;

  /// Ends every rank of the job at once (after an error on one rank that the others cannot learn
  /// about in time).
  [[noreturn]] virtual void abort(int exit_code) const = 0;
};

/// One process: rank 0 of 1. Messages sent to rank 0 are queued and received in order.
std::unique_ptr<Communicator> make_serial_communicator();

/// N ranks as threads of one process (tests): communicator r is rank r; each is used by one
/// thread. abort() throws std::logic_error instead of ending the process.
std::vector<std::unique_ptr<Communicator>> make_thread_communicators(int ranks);

/// MPI_COMM_WORLD through Boost.MPI; requires an MpiSession to be alive.
std::unique_ptr<Communicator> make_mpi_communicator();

/// Initialises MPI for its lifetime (MPI_THREAD_FUNNELED) and finalises it after.
class MpiSession {
 public:
  MpiSession(int& argc, char**& argv);
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hypershap
