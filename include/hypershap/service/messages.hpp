#pragma once
// What master and workers say to each other (Boost.Serialization, binary archives): the master
// hands out work (a game and a batch of its coalitions) and workers return results; a worker that
// fails says why, and the master ends everyone's loop with Stop.

#include <cstdint>
#include <string>
#include <vector>

#include "hypershap/core/coalition.hpp"
#include "hypershap/core/coalition_batch.hpp"

namespace hypershap {

enum class MessageTag : int {
  ready = 1,   // worker -> master: give me work (first message of a worker)
  work = 2,    // master -> worker: WorkBatch
  result = 3,  // worker -> master: BatchResult (and give me more)
  stop = 4,    // master -> worker: no more work; leave the loop
  error = 5,   // worker -> master: the worker failed (RankError)
};

struct WorkBatch {
  int game = 0;  // index into the job's games
  std::vector<Coalition> coalitions;
};

/// A batch's results (the columns the store writes) and which game they belong to.
struct BatchResult : CoalitionBatch {
  int game = 0;
  bool stopping = false;  // the worker received a signal: stop handing out work
};

/// A rank's failure as it travels to the master and on to every rank's exit code.
struct RankError {
  int code = 0;      // the ExitCode it ends the run with
  int rank = 0;      // the rank that failed
  std::string text;  // what went wrong (the exception's message)

  /// "rank R: text", how messages name it.
  std::string describe() const { return "rank " + std::to_string(rank) + ": " + text; }
};

std::string serialize(const WorkBatch& batch);
std::string serialize(const BatchResult& result);
std::string serialize(const RankError& error);
WorkBatch deserialize_work(const std::string& payload);
BatchResult deserialize_result(const std::string& payload);
RankError deserialize_error(const std::string& payload);

}  // namespace hypershap
