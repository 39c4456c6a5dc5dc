// N ranks as threads of one process: what the scheduler's master/worker tests run on, so that
// batching, resume, stops and a failing rank are tested in seconds without mpiexec.

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <vector>

#include "hypershap/parallel/communicator.hpp"

namespace hypershap {

namespace {

/// What the ranks share: one mailbox per rank and the state of the collective in progress.
struct World {
  explicit World(int n) : size(n), mailboxes(static_cast<std::size_t>(n)) {}

  const int size;
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::deque<Communicator::Message>> mailboxes;
  // collectives: every rank contributes, the last to arrive computes, all read the result (none
  // can start the next collective's computation before every rank has read this one's)
  int arrived = 0;
  std::uint64_t generation = 0;
  double max_value = 0.0, sum_value = 0.0;
  std::string text;
  double max_result = 0.0, sum_result = 0.0;
  std::string text_result;
};

class ThreadCommunicator final : public Communicator {
 public:
  ThreadCommunicator(std::shared_ptr<World> world, int rank)
      : world_(std::move(world)), rank_(rank) {}

  int rank() const override { return rank_; }
  int size() const override { return world_->size; }
  int max(int value) const override {
    return static_cast<int>(collective(static_cast<double>(value), {}).largest);
  }
  double sum(double value) const override { return collective(value, {}).total; }
  std::string broadcast(const std::string& text) const override {
    return collective(0.0, text).root_text;
  }
  void barrier() const override { collective(0.0, {}); }

  void send(int destination, int tag, const std::string& payload) const override {
    if (destination < 0 || destination >= world_->size)
      throw std::logic_error("thread communicator: send to rank " + std::to_string(destination));
    {
      const std::lock_guard<std::mutex> lock(world_->mutex);
      world_->mailboxes[static_cast<std::size_t>(destination)].push_back({rank_, tag, payload});
    }
    world_->changed.notify_all();
  }
  Message receive() const override {
    std::unique_lock<std::mutex> lock(world_->mutex);
    auto& box = world_->mailboxes[static_cast<std::size_t>(rank_)];
    world_->changed.wait(lock, [&] { return !box.empty(); });
    Message m = std::move(box.front());
    box.pop_front();
    return m;
  }
  std::optional<Message> try_receive() const override {
    const std::lock_guard<std::mutex> lock(world_->mutex);
    auto& box = world_->mailboxes[static_cast<std::size_t>(rank_)];
    if (box.empty()) return std::nullopt;
    Message m = std::move(box.front());
    box.pop_front();
    return m;
  }
  [[noreturn]] void abort(int exit_code) const override {
    throw std::logic_error("thread communicator: abort(" + std::to_string(exit_code) + ")");
  }

 private:
  struct Result {
    double largest = 0.0, total = 0.0;
    std::string root_text;
  };

  Result collective(double value, const std::string& text) const {
    World& w = *world_;
    std::unique_lock<std::mutex> lock(w.mutex);
    if (w.arrived == 0) {
      w.max_value = value;
      w.sum_value = 0.0;
    }
    w.max_value = std::max(w.max_value, value);
    w.sum_value += value;
    if (rank_ == 0) w.text = text;
    const std::uint64_t generation = w.generation;
    if (++w.arrived == w.size) {
      w.max_result = w.max_value;
      w.sum_result = w.sum_value;
      w.text_result = w.text;
      w.arrived = 0;
      ++w.generation;
      w.changed.notify_all();
    } else {
      w.changed.wait(lock, [&] { return w.generation != generation; });
    }
    return {w.max_result, w.sum_result, w.text_result};
  }

  std::shared_ptr<World> world_;
  int rank_;
};

}  // namespace

std::vector<std::unique_ptr<Communicator>> make_thread_communicators(int ranks) {
  if (ranks < 1) throw std::logic_error("make_thread_communicators: no ranks");
  auto world = std::make_shared<World>(ranks);
  std::vector<std::unique_ptr<Communicator>> comms;
  for (int r = 0; r < ranks; ++r) comms.push_back(std::make_unique<ThreadCommunicator>(world, r));
  return comms;
}

}  // namespace hypershap
