#include "hypershap/service/messages.hpp"

#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>
#include <sstream>

#include "archive_bytes.hpp"

namespace boost::serialization {

template <class Archive>
void serialize(Archive& archive, hypershap::WorkBatch& batch, unsigned /*version*/) {
  archive& batch.game& batch.coalitions;
}

template <class Archive>
void serialize(Archive& archive, hypershap::BatchResult& result, unsigned /*version*/) {
  archive& result.game& result.coalitions& result.values& result.evaluations& result.seconds& result
      .best_configurations& result.stopping;
}

template <class Archive>
void serialize(Archive& archive, hypershap::RankError& error, unsigned /*version*/) {
  archive& error.code& error.rank& error.text;
}

}  // namespace boost::serialization

namespace hypershap {

std::string serialize(const WorkBatch& batch) { return wire::to_bytes(batch); }
std::string serialize(const BatchResult& result) { return wire::to_bytes(result); }
std::string serialize(const RankError& error) { return wire::to_bytes(error); }
RankError deserialize_error(const std::string& payload) {
  return wire::from_bytes<RankError>(payload);
}
WorkBatch deserialize_work(const std::string& payload) {
  return wire::from_bytes<WorkBatch>(payload);
}
BatchResult deserialize_result(const std::string& payload) {
  return wire::from_bytes<BatchResult>(payload);
}

}  // namespace hypershap
