#include "hypershap/service/messages.hpp"

#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>
#include <sstream>

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

namespace {
template <class T>
std::string to_bytes(const T& value) {
  std::ostringstream out(std::ios::binary);
  {
    boost::archive::binary_oarchive archive(out, boost::archive::no_header);
    archive << value;
  }
  return out.str();
}

template <class T>
T from_bytes(const std::string& payload) {
  std::istringstream in(payload, std::ios::binary);
  boost::archive::binary_iarchive archive(in, boost::archive::no_header);
  T value;
  archive >> value;
  return value;
}
}  // namespace

std::string serialize(const WorkBatch& batch) { return to_bytes(batch); }
std::string serialize(const BatchResult& result) { return to_bytes(result); }
std::string serialize(const RankError& error) { return to_bytes(error); }
RankError deserialize_error(const std::string& payload) { return from_bytes<RankError>(payload); }
WorkBatch deserialize_work(const std::string& payload) { return from_bytes<WorkBatch>(payload); }
BatchResult deserialize_result(const std::string& payload) {
  return from_bytes<BatchResult>(payload);
}

}  // namespace hypershap
