#pragma once
// What master and workers say to each other (Boost.Serialization, binary archives): the master
// hands out work (a game and a batch of its coalitions) and workers return results; a worker that
// fails says why, and the master ends everyone's loop with Stop.

#include <cstdint>
#include <string>
#include <vector>

#include "hypershap/core/coalition.hpp"

namespace hypershap {

enum class MessageTag : int {
  ready = 1,   // worker -> master: give me work (first message of a worker)
  work = 2,    // master -> worker: WorkBatch
  result = 3,  // worker -> master: BatchResult (and give me more)
  stop = 4,    // master -> worker: no more work; leave the loop
  error = 5,   // worker -> master: the worker failed (text: rank and cause)
};

struct WorkBatch {
  int game = 0;  // index into the job's games
  std::vector<Coalition> coalitions;
};

struct BatchResult {
  int game = 0;
  std::vector<Coalition> coalitions;
  std::vector<double> values;
  std::vector<std::uint64_t> evaluations;
  std::vector<double> seconds;
  std::vector<double> best_configurations;  // coalitions × dimension, row-major, or empty
  bool stopping = false;                    // the worker received a signal: stop handing out work
};

std::string serialize(const WorkBatch& batch);
std::string serialize(const BatchResult& result);
WorkBatch deserialize_work(const std::string& payload);
BatchResult deserialize_result(const std::string& payload);

}  // namespace hypershap
