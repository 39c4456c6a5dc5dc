#include <cstdlib>
#include <deque>

#include "hypershap/core/error.hpp"
#include "hypershap/parallel/communicator.hpp"

namespace hypershap {

namespace {

class SerialCommunicator final : public Communicator {
 public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  int max(int value) const override { return value; }
  double sum(double value) const override { return value; }
  std::string broadcast(const std::string& text) const override { return text; }
  void barrier() const override {}

  void send(int destination, int tag, const std::string& payload) const override {
    if (destination != 0) {
      throw std::logic_error("serial communicator: send to rank " + std::to_string(destination));
    }
    queue_.push_back({0, tag, payload});
  }
  Message receive() const override {
    if (queue_.empty()) {
      throw std::logic_error("serial communicator: receive with no message queued (deadlock)");
    }
    Message m = std::move(queue_.front());
    queue_.pop_front();
    return m;
  }
  std::optional<Message> try_receive() const override {
    if (queue_.empty()) return std::nullopt;
    return receive();
  }
  [[noreturn]] void abort(int exit_code) const override { std::exit(exit_code); }

 private:
  mutable std::deque<Message> queue_;
};

}  // namespace

std::unique_ptr<Communicator> make_serial_communicator() {
  return std::make_unique<SerialCommunicator>();
}

}  // namespace hypershap
